//! `init manual|program [--from NAME|FILE] [--out FILE] [--force]`: a document to start from,
//! which validates as it is.

use std::path::{Path, PathBuf};

use practice_coaching::program::{Assignee, PhaseTransition, Relationship};
use practice_coaching::{Key, Manual, Program, reference};

use crate::EXIT_OK;
use crate::input::Input;
use crate::output::{Fatal, Output, stderr_line};
use crate::render::{load, valid};
use crate::validate::today;
use crate::write::OutFile;

/// The starting manual of `init manual`: one source, phase, level and skill, each text saying
/// what to put there (JSON has no comments, and the schema allows no member but the manual's).
const STARTER_MANUAL: &str = include_str!("starter-manual.json");

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
#[command(
    mut_arg("out", |arg| arg.help(
        "Write to FILE instead of standard output; an existing FILE is kept unless --force, and \
         a link is never written through"
    )),
    mut_arg("force", |arg| arg.help("Overwrite the --out FILE when it exists")),
)]
pub struct Args {
    /// What to start: a manual, or a program that follows a manual.
    #[arg(value_enum)]
    kind: Kind,
    /// The manual to start from: an embedded manual's name or a manual file (`-` reads standard
    /// input). `init manual` copies it under a new id; `init program` (where it is required)
    /// writes a program that follows it: cut from the embedded sample program for an embedded
    /// manual, built from the manual's own sections for a file.
    #[arg(long, value_name = "NAME|FILE", required_if_eq("kind", "program"))]
    from: Option<PathBuf>,
    #[command(flatten)]
    out_file: OutFile,
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
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    let text = match (args.kind, args.from.as_deref()) {
        (Kind::Manual, None) => STARTER_MANUAL.to_owned(),
        (Kind::Manual, Some(from)) => copy(&manual_from(from, input)?)?.to_json(),
        (Kind::Program, Some(from)) => match embedded(from) {
            Some(manual) => skeleton(manual)?.to_json(),
            None => starter(&manual_from(from, input)?, from)?.to_json(),
        },
        (Kind::Program, None) => {
            return Err(Fatal::usage(
                "init",
                "`init program` needs --from NAME|FILE, the manual the program follows",
            ));
        }
    };
    // The manual started from is an input: --out never replaces it, even with --force.
    let reads: Vec<&Path> = args.from.as_deref().into_iter().collect();
    args.out_file.write_text(&reads, &text, out)?;
    Ok(EXIT_OK)
}

/// The embedded manual called `from`, where no file has that name.
fn embedded(from: &Path) -> Option<&'static Manual> {
    reference::manuals()
        .into_iter()
        .find(|(name, _)| from.as_os_str() == *name && !from.exists())
        .map(|(_, manual)| manual)
}

/// The manual `--from` names, embedded or a file, refused with its errors when it has any.
fn manual_from(from: &Path, input: Input) -> Result<Manual, Fatal> {
    if !crate::input::is_stdin(from) && !from.exists() && embedded(from).is_none() {
        return Err(Fatal::usage(
            "init",
            format!(
                "--from {}: no such file, nor an embedded manual; expected a manual file or one \
                 of {}",
                crate::input::shown_name(from),
                reference::manuals().map(|(name, _)| name).join(", ")
            ),
        ));
    }
    let manual = load(from, "init", input)?;
    if !valid(&manual, from) {
        return Err(Fatal::Invalid(
            "fix the manual's errors first: a program is checked against it".to_owned(),
        ));
    }
    Ok(manual)
}

/// A program for a manual file, starting today, with what is left to fill in said on standard
/// error.
fn starter(manual: &Manual, from: &Path) -> Result<Program, Fatal> {
    let start = today()?;
    let program = Program::starter(manual, start)
        .map_err(|e| Fatal::message(format!("{}: {e}", crate::input::shown_name(from))))?;
    let report = program.validate_as_of(manual, start);
    for finding in report.diagnostics() {
        stderr_line("note", &format!("the starter program: {finding}"));
    }
    stderr_line(
        "note",
        &format!(
            "the program starts its relationship on {start} (today); replace every name that \
             says `Replace`, and the dates"
        ),
    );
    Ok(program)
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
