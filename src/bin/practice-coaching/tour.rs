//! `tour`: what the crate does, on the embedded manuals and one sample program, in one screen
//! per section and 80 columns.

use practice_coaching::fidelity::Window;
use practice_coaching::manual::{Channel, Evidence, TeamRequirement};
use practice_coaching::timeline::{EventKind, Plan};
use practice_coaching::{Date, Manual, Program, reference};

use crate::output::{Output, columns};

/// Each sample program's delivery against its manual, read the day after its last record.
fn delivered(out: &mut Output) {
    out.line("Delivered against prescribed");
    out.line("");
    let mut rows = vec![[
        "  program".to_owned(),
        "sites".to_owned(),
        "in person".to_owned(),
        "remote".to_owned(),
        "short now".to_owned(),
    ]];
    for (name, program, manual) in reference::sample_programs() {
        let Some(as_of) = after_last_record(program) else {
            continue;
        };
        let fidelity = program.fidelity(manual, Window::as_of(as_of));
        let share = |channel: Channel| {
            fidelity
                .summary
                .channels
                .iter()
                .find(|c| c.channel == channel)
                .and_then(|c| c.adherence)
                .map_or_else(|| "-".to_owned(), |a| format!("{:.0}%", a * 100.0))
        };
        let short = fidelity.shortfalls.iter().filter(|s| s.ongoing).count();
        rows.push([
            format!("  {name}"),
            fidelity.summary.sites.to_string(),
            share(Channel::InPerson),
            share(Channel::Remote),
            short.to_string(),
        ]);
    }
    for line in columns(&rows) {
        out.line(&line);
    }
    out.line("");
    out.line("  Adherence: complete periods that reached the prescribed minimum. Short now:");
    out.line("  sites and channels below it in the latest periods. The BHICCI sample records");
    out.line("  few contacts; `fidelity PROGRAM --contacts LOG` adds a log kept beside it.");
    out.line("");
}

/// The day after the last day a program records: a relationship's end, a contact, a
/// transition or a decision.
fn after_last_record(program: &Program) -> Option<Date> {
    let last = program
        .relationships
        .iter()
        .flat_map(|r| {
            r.end
                .iter()
                .map(|e| e.date)
                .chain(r.contacts.iter().map(|c| c.start.date()))
                .chain(r.phases.iter().map(|t| t.date))
                .chain(r.titration.iter().map(|d| d.date))
        })
        .max()?;
    last.next_day()
}

/// The evidence kinds in the order the tour counts them.
const EVIDENCE: [Evidence; 5] = [
    Evidence::Reported,
    Evidence::ParticipantReport,
    Evidence::Cited,
    Evidence::Derived,
    Evidence::Design,
];

/// Prints the tour.
pub fn run(out: &mut Output) {
    out.line("What a manual is");
    out.line("");
    for line in [
        "  A practice coaching manual as data: the phases of a coaching relationship,",
        "  the dose of coaching at each intensity level and how it is titrated, the",
        "  skills and qualifications coaches need, how they work in teams, and the",
        "  activities around coaching. Every value cites its source and the kind of",
        "  evidence: reported by a study's authors, a participant's report, cited",
        "  from another work, derived from published data, or a design choice.",
    ] {
        out.line(line);
    }
    out.line("");
    manuals(out);
    let (name, program, manual) = reference::sample_programs()[0];
    checked(name, program, manual, out);
    plan(program, manual, out);
    delivered(out);
    out.line("Next");
    out.line("");
    for line in [
        "  practice-coaching reference --list         the embedded documents",
        "  practice-coaching reference bhicci-late    a manual as JSON",
        "  practice-coaching validate FILE            check your manual or program",
        "  practice-coaching plan PROGRAM --site ID   a site's plan, or --format ics",
        "  practice-coaching fidelity PROGRAM         delivered against prescribed",
        "  practice-coaching render bhicci-late       the whole manual, for people",
        "  practice-coaching rules                    every rule a finding can carry",
        "  docs/glossary.md                           the terms used here",
    ] {
        out.line(line);
    }
}

fn manuals(out: &mut Output) {
    out.line("The embedded manuals");
    out.line("");
    let mut rows = vec![[
        "  manual".to_owned(),
        "phases".to_owned(),
        "levels".to_owned(),
        "team".to_owned(),
        "titration".to_owned(),
        "learning sessions".to_owned(),
    ]];
    for (name, manual) in reference::manuals() {
        let team = match manual.team.as_ref().map(|t| &t.required_for) {
            None => "none".to_owned(),
            Some(TeamRequirement::NoSites) => "optional".to_owned(),
            Some(TeamRequirement::AllSites) => "every site".to_owned(),
            Some(TeamRequirement::SelectedOrganizations) => "selected".to_owned(),
            Some(TeamRequirement::SiteKinds(kinds)) => format!("{} site kinds", kinds.len()),
        };
        rows.push([
            format!("  {name}"),
            manual.phases.len().to_string(),
            manual.intensity_levels.len().to_string(),
            team,
            format!("{} rules", manual.titration_rules().len()),
            if manual.collaborative.is_some() {
                "yes"
            } else {
                "no"
            }
            .to_owned(),
        ]);
    }
    for line in columns(&rows) {
        out.line(&line);
    }
    out.line("");
    out.line("  Where their values come from (citations by evidence kind):");
    out.line("");
    let mut rows = vec![[
        "  manual".to_owned(),
        "reported".to_owned(),
        "participant".to_owned(),
        "cited".to_owned(),
        "derived".to_owned(),
        "design".to_owned(),
    ]];
    for (name, manual) in reference::manuals() {
        let counts = evidence_counts(manual);
        rows.push([
            format!("  {name}"),
            counts[0].to_string(),
            counts[1].to_string(),
            counts[2].to_string(),
            counts[3].to_string(),
            counts[4].to_string(),
        ]);
    }
    for line in columns(&rows) {
        out.line(&line);
    }
    out.line("");
}

fn evidence_counts(manual: &Manual) -> [usize; 5] {
    let mut counts = [0; 5];
    for (_, citations) in manual.cited_objects() {
        for citation in citations {
            if let Some(at) = EVIDENCE.iter().position(|e| *e == citation.evidence) {
                counts[at] += 1;
            }
        }
    }
    counts
}

fn checked(name: &str, program: &Program, manual: &Manual, out: &mut Output) {
    let report = program.validate(manual);
    out.line(&format!(
        "One program checked: {name}, against {} {}",
        manual.id, manual.version
    ));
    out.line("");
    out.line(&format!(
        "  {} organizations, {} sites, {} coaches in {} teams, {} relationships:",
        program.organizations.len(),
        program.sites.len(),
        program.coaches.len(),
        program.teams.len(),
        program.relationships.len()
    ));
    out.line(&format!(
        "  {} errors, {} warnings",
        report.errors().count(),
        report.warnings().count()
    ));
    out.line("");
}

fn plan(program: &Program, manual: &Manual, out: &mut Output) {
    let Some(relationship) = program.relationships.first() else {
        return;
    };
    let plan = relationship.plan(manual, program, None);
    let site = program
        .sites
        .iter()
        .find(|s| s.id == plan.site)
        .map_or_else(|| plan.site.to_string(), |s| s.name.clone());
    out.line(&format!("One plan: {site}"));
    out.line("");
    out.line(&format!(
        "  {} to {}, as recorded, then projected at the planned lengths:",
        plan.from, plan.until
    ));
    out.line("");
    let mut rows = vec![[
        "  phase".to_owned(),
        "from".to_owned(),
        "level".to_owned(),
        "in person".to_owned(),
        "remote".to_owned(),
    ]];
    for segment in &plan.segments {
        let phase = manual
            .phase(&segment.phase)
            .map_or(segment.phase.as_str(), |p| p.name.as_str());
        let level = manual
            .level(&segment.level)
            .map_or(segment.level.as_str(), |l| l.name.as_str());
        rows.push([
            format!("  {phase}"),
            segment.from.to_string(),
            level.to_owned(),
            planned(&plan, segment.from, segment.until, Channel::InPerson),
            planned(&plan, segment.from, segment.until, Channel::Remote),
        ]);
    }
    for line in columns(&rows) {
        out.line(&line);
    }
    let count =
        |wanted: fn(&EventKind) -> bool| plan.events.iter().filter(|e| wanted(&e.kind)).count();
    out.line(&format!(
        "  {} visits, {} remote contacts, {} activities around them, {} learning sessions",
        count(|k| matches!(k, EventKind::Visit { .. })),
        count(|k| matches!(k, EventKind::RemoteContact { .. })),
        count(|k| matches!(k, EventKind::Activity(_))),
        count(|k| *k == EventKind::LearningSession)
    ));
    out.line("");
}

/// Planned contacts (minimum to maximum) on `channel` in periods starting from `from` to `until`.
fn planned(
    plan: &Plan,
    from: practice_coaching::Date,
    until: practice_coaching::Date,
    channel: Channel,
) -> String {
    let (min, max) = plan
        .periods
        .iter()
        .filter(|p| p.channel == channel && from <= p.from && p.from < until)
        .fold((0u64, 0u64), |(min, max), p| {
            (
                min + u64::from(p.min_contacts),
                max + u64::from(p.max_contacts),
            )
        });
    if min == max {
        min.to_string()
    } else {
        format!("{min}-{max}")
    }
}
