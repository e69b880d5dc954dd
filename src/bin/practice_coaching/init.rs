//! `init manual|program [--from NAME] [--out FILE] [--force]`: a document to start from, which
//! validates as it is.

use std::path::PathBuf;

use practice_coaching::program::{Assignee, PhaseTransition, Relationship};
use practice_coaching::{Key, Manual, Program, reference};

use crate::EXIT_OK;
use crate::output::{Fatal, Output};
use crate::write::Destination;

/// The starting manual of `init manual`: one source, phase, level and skill, each text saying
/// what to put there (JSON has no comments, and the schema allows no member but the manual's).
const STARTER_MANUAL: &str = include_str!("starter-manual.json");

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to start: a manual, or a program that follows a manual.
    #[arg(value_enum)]
    kind: Kind,
    /// The embedded manual to start from: a copy of it under a new id (`init manual`), or the
    /// manual the program follows (`init program`, where it is required).
    #[arg(
        long,
        value_name = "NAME",
        value_parser = reference::manuals().map(|(name, _)| name),
        required_if_eq("kind", "program")
    )]
    from: Option<String>,
    /// Write to FILE instead of standard output; an existing FILE is kept unless --force, and
    /// a link is never written through.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Overwrite the --out FILE when it exists.
    #[arg(long, requires = "out")]
    force: bool,
}

/// What `init` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    /// A manual.
    Manual,
    /// A program.
    Program,
}

/// Runs `init`: exit 0 with the document written, 2 when --out exists (without --force) or
/// cannot be written.
pub fn run(args: &Args, out: &mut Output) -> Result<u8, Fatal> {
    let manual = args.from.as_deref().map(embedded).transpose()?;
    let text = match (args.kind, manual) {
        (Kind::Manual, None) => STARTER_MANUAL.to_owned(),
        (Kind::Manual, Some(manual)) => copy(manual)?.to_json(),
        (Kind::Program, Some(manual)) => skeleton(manual)?.to_json(),
        (Kind::Program, None) => {
            return Err(Fatal::usage(
                "init",
                "`init program` needs --from NAME, the embedded manual the program follows",
            ));
        }
    };
    match &args.out {
        Some(path) => Destination {
            flag: "--out",
            force: args.force,
            reads: &[],
        }
        .write(path, text.as_bytes())?,
        None => out.push(&text),
    }
    Ok(EXIT_OK)
}

/// The embedded manual called `name` (clap has checked the name against the same list).
fn embedded(name: &str) -> Result<&'static Manual, Fatal> {
    reference::manuals()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, manual)| manual)
        .ok_or_else(|| {
            Fatal::usage(
                "init",
                format!(
                    "unknown manual `{name}`; expected one of {}",
                    reference::manuals().map(|(name, _)| name).join(", ")
                ),
            )
        })
}

/// A copy of `manual` under the id `my-<id>`, so that it is not taken for the original.
fn copy(manual: &Manual) -> Result<Manual, Fatal> {
    let mut copy = manual.clone();
    copy.id = Key::new(&format!("my-{}", manual.id))
        .map_err(|e| Fatal::message(format!("a new id for {}: {e}", manual.id)))?;
    Ok(copy)
}

/// A program that follows `manual`, cut from its embedded sample program: the first
/// organization, its first site, that site's first assignment with the coach (or the team and
/// its coaches) it names, and a relationship at the start of the manual's first phase.
fn skeleton(manual: &Manual) -> Result<Program, Fatal> {
    let none = |what: &str| {
        Fatal::message(format!(
            "the sample program of manual {} has no {what} to start from",
            manual.id
        ))
    };
    let (_, sample, _) = reference::sample_programs()
        .into_iter()
        .find(|(_, program, _)| program.manual.id == manual.id)
        .ok_or_else(|| none("program"))?;
    let mut program = sample.clone();
    program.manual.version = semver::VersionReq::parse(&format!(
        "^{}.{}",
        manual.version.major, manual.version.minor
    ))
    .map_err(|e| Fatal::message(format!("a version requirement: {e}")))?;
    program.manual.earlier.clear();

    program.organizations.truncate(1);
    let organization = program
        .organizations
        .first()
        .ok_or_else(|| none("organization"))?
        .id;
    program.sites.retain(|s| s.organization == organization);
    program.sites.truncate(1);
    let site = program.sites.first().ok_or_else(|| none("site"))?.id;
    program.assignments.retain(|a| a.site == site);
    program.assignments.truncate(1);
    let assignment = program
        .assignments
        .first()
        .ok_or_else(|| none("assignment"))?;
    let coaches = match &assignment.assignee {
        Assignee::Coach(coach) => {
            program.teams.clear();
            vec![*coach]
        }
        Assignee::Team(team) => {
            program.teams.retain(|t| t.id == *team);
            program
                .teams
                .iter()
                .flat_map(|t| t.members.iter().map(|m| m.coach))
                .collect()
        }
    };
    program.coaches.retain(|c| coaches.contains(&c.id));

    let first = manual.phases.first().ok_or_else(|| none("phase"))?;
    let start = sample
        .relationships
        .iter()
        .find(|r| r.site == site)
        .map_or(assignment.from, |r| r.start);
    program.relationships = vec![Relationship {
        site,
        start,
        end: None,
        phases: vec![PhaseTransition {
            date: start,
            phase: first.key.clone(),
            reason: None,
        }],
        titration: Vec::new(),
        met: Vec::new(),
        contacts: Vec::new(),
        components: Vec::new(),
    }];
    Ok(program)
}
