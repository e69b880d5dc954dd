//! Validates the embedded BHICCI reference manuals, prints the late one as readable tables and
//! what changed from launch to late, then checks the sample program against both versions.
//!
//! Run with `cargo run --example quickstart`.

use practice_coaching::manual::Direction;
use practice_coaching::manual::Trigger;
use practice_coaching::manual::{Cadence, Channel, Citation, SkillTier, per_month_rounded};
use practice_coaching::program::Assignee;
use practice_coaching::reference::{self, bhicci_late};
use practice_coaching::{Manual, Program, Report};
use serde_json::Value;

fn main() {
    println!(
        "practice-coaching: the BHICCI reference manuals (reconstructed from Henwood et al. 2020)\n"
    );
    for (name, manual) in reference::manuals() {
        println!(
            "{name} (id {}, version {}): {}",
            manual.id,
            manual.version,
            summary(&manual.validate())
        );
    }
    let late = bhicci_late();
    println!("\n=== {} ===", late.title);
    phases(late);
    levels(late);
    titration(late);
    skills(late);
    pairing_and_logistics(late);
    measures(late);
    changes(reference::bhicci_launch(), late);
    program(reference::sample_program());
    relationships(reference::sample_program(), late);
}

fn summary(report: &Report) -> String {
    let (errors, warnings) = (report.errors().count(), report.warnings().count());
    format!("{errors} errors, {warnings} warnings")
}

/// Prints rows under a header, each column as wide as its widest cell.
fn table(title: &str, header: &[&str], rows: &[Vec<String>]) {
    println!("\n{title}");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("  {}", padded.join("  ").trim_end());
    };
    line(header.iter().map(ToString::to_string).collect());
    line(widths.iter().map(|w| "-".repeat(*w)).collect());
    for row in rows {
        line(row.clone());
    }
}

/// The evidence kinds behind a value, e.g. `reported+design`.
fn evidence(citations: &[Citation]) -> String {
    let kinds: Vec<&str> = citations.iter().map(|c| c.evidence.as_str()).collect();
    kinds.join("+")
}

fn phases(manual: &Manual) {
    let rows: Vec<Vec<String>> = manual
        .phases
        .iter()
        .map(|p| {
            let weeks = p.max_weeks.map_or_else(
                || format!("{}+", p.min_weeks),
                |max| format!("{}-{max}", p.min_weeks),
            );
            let exits: Vec<&str> = p.exit_criteria.iter().map(|c| c.key.as_str()).collect();
            vec![
                p.key.to_string(),
                weeks,
                p.starting_level.to_string(),
                exits.join(", "),
                evidence(&p.citations),
            ]
        })
        .collect();
    table(
        "Phases",
        &[
            "phase",
            "weeks",
            "starting level",
            "exit criteria",
            "evidence",
        ],
        &rows,
    );
}

fn levels(manual: &Manual) {
    let mut rows = Vec::new();
    for level in &manual.intensity_levels {
        for channel in Channel::ALL {
            let dose = level.annual(channel);
            let minutes = level
                .prescription(channel)
                .and_then(|p| p.max_minutes)
                .map_or_else(|| "-".to_owned(), |m| format!("up to {m}"));
            let coaches = level
                .prescription(channel)
                .map_or(0, |p| p.coaches_per_contact.get());
            rows.push(vec![
                level.key.to_string(),
                channel.as_str().to_owned(),
                format!("{}-{}", dose.min_contacts, dose.max_contacts),
                format!(
                    "{}-{}",
                    per_month_rounded(dose.min_contacts),
                    per_month_rounded(dose.max_contacts)
                ),
                minutes,
                coaches.to_string(),
            ]);
        }
    }
    table(
        "Intensity levels, most intensive first (contacts per year are exact; per month is rounded, for reading only)",
        &[
            "level",
            "channel",
            "contacts/year",
            "~per month",
            "minutes/contact",
            "coaches",
        ],
        &rows,
    );
}

fn titration(manual: &Manual) {
    let t = &manual.titration;
    let floor: Vec<String> = t
        .floor
        .contacts
        .iter()
        .map(|c| {
            format!(
                "{} at least {} per {} ({} a year)",
                c.channel.as_str(),
                c.min_contacts,
                c.per.as_str(),
                c.per_year()
            )
        })
        .collect();
    println!(
        "\nTitration floor: {} [{}]",
        floor.join("; "),
        evidence(&t.floor.citations)
    );
    println!(
        "At least {} weeks between dose changes [{}]",
        t.min_weeks_between_changes.weeks,
        evidence(&t.min_weeks_between_changes.citations)
    );
    let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let rows: Vec<Vec<String>> = t
        .rules
        .iter()
        .map(|r| {
            vec![
                r.key.to_string(),
                r.trigger.to_string(),
                r.adjustment.to_string(),
                yes(r.reason_required),
                yes(r.overrides_interval),
            ]
        })
        .collect();
    table(
        "Titration rules (the first that matches applies)",
        &["rule", "when", "then", "reason", "overrides interval"],
        &rows,
    );
}

fn skills(manual: &Manual) {
    for tier in [SkillTier::Core, SkillTier::Specialty] {
        let rows: Vec<Vec<String>> = manual
            .skills
            .iter()
            .filter(|s| s.tier == tier)
            .map(|s| {
                let who: Vec<&str> = s.disciplines.iter().map(|d| d.as_str()).collect();
                let locators: Vec<&str> = s
                    .citations
                    .iter()
                    .filter_map(|c| c.locator.as_deref())
                    .collect();
                let note = if s.gap {
                    "requested by sites, not provided"
                } else {
                    ""
                };
                vec![
                    s.key.to_string(),
                    who.join(", "),
                    locators.join("; "),
                    note.to_owned(),
                ]
            })
            .collect();
        let title = if tier == SkillTier::Core {
            "Core skills (every coach)"
        } else {
            "Specialty skills"
        };
        table(
            title,
            &["skill", "disciplines", "where in the source", "note"],
            &rows,
        );
    }
}

fn pairing_and_logistics(manual: &Manual) {
    let p = &manual.pairing;
    let disciplines: Vec<&str> = p.disciplines.iter().map(|d| d.as_str()).collect();
    let required = serde_json::to_string(&p.required_for).unwrap_or_default();
    println!(
        "\nDyads: {} coaches, required for {required}, joint visits: {} [{}]",
        disciplines.join(" + "),
        p.joint_visits,
        evidence(&p.citations)
    );
    match &p.caseload_warning_above {
        Some(t) => println!("Caseload warning above {} sites per coach", t.sites),
        None => println!("No caseload threshold (published medians are not thresholds)"),
    }
    let rows: Vec<Vec<String>> = manual
        .logistics
        .meetings
        .iter()
        .map(|m| {
            let cadence = match m.cadence {
                Cadence::PerVisit => "every dyad visit".to_owned(),
                Cadence::PerPeriod(f) => format!("{} per {}", f.count, f.per.as_str()),
            };
            let minutes = m.minutes.map_or_else(|| "-".to_owned(), |m| m.to_string());
            vec![
                m.key.to_string(),
                m.kind.as_str().to_owned(),
                cadence,
                minutes,
                evidence(&m.citations),
            ]
        })
        .collect();
    table(
        "Logistics meetings",
        &["meeting", "kind", "cadence", "minutes", "evidence"],
        &rows,
    );
    let r = &manual.logistics.response_time;
    println!(
        "Written questions answered within {} hours [{}]",
        r.hours,
        evidence(&r.citations)
    );
}

fn measures(manual: &Manual) {
    let rows: Vec<Vec<String>> = manual
        .measures
        .iter()
        .map(|m| {
            vec![
                m.key.to_string(),
                text(&m.kind),
                text(&m.scope),
                m.unit.clone(),
                text(&m.better),
            ]
        })
        .collect();
    table(
        "Measures (scope `initiative`: outcomes of the whole initiative, not of coaching)",
        &["measure", "kind", "scope", "unit", "better"],
        &rows,
    );
}

/// A small enum's document text, e.g. `initiative`.
fn text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Prints where two manuals differ, by path; list items with a `key` (or a `channel`) are
/// matched by it, and changed citations or lists are named rather than printed.
fn changes(from: &Manual, to: &Manual) {
    println!(
        "\nChanges from launch ({}) to late ({}):",
        from.version, to.version
    );
    let (a, b) = (
        serde_json::to_value(from).unwrap_or_default(),
        serde_json::to_value(to).unwrap_or_default(),
    );
    let mut out = Vec::new();
    diff("", &a, &b, &mut out);
    for line in out.iter().filter(|l| {
        !l.starts_with("  /description")
            && !l.starts_with("  /title")
            && !l.starts_with("  /version")
    }) {
        println!("{line}");
    }
}

fn short(value: &Value) -> String {
    let shown = value.to_string();
    if shown.chars().count() > 90 {
        format!("{}...", shown.chars().take(90).collect::<String>())
    } else {
        shown
    }
}

fn diff(at: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
    let keyed = |items: &[Value]| -> Option<Vec<(String, Value)>> {
        items
            .iter()
            .map(|v| {
                v.get("key")
                    .or_else(|| v.get("channel"))
                    .and_then(Value::as_str)
                    .map(|k| (k.to_owned(), v.clone()))
            })
            .collect()
    };
    match (old, new) {
        (Value::Object(before), Value::Object(after)) => {
            for (k, v) in before {
                match after.get(k) {
                    Some(w) => diff(&format!("{at}/{k}"), v, w, out),
                    None => out.push(format!("  {at}/{k}: removed")),
                }
            }
            for (k, w) in after.iter().filter(|(k, _)| !before.contains_key(*k)) {
                out.push(format!("  {at}/{k}: added {}", short(w)));
            }
        }
        (Value::Array(before), Value::Array(after)) => match (keyed(before), keyed(after)) {
            (Some(old_items), Some(new_items)) => {
                for (k, v) in &old_items {
                    match new_items.iter().find(|(l, _)| l == k) {
                        Some((_, w)) => diff(&format!("{at}[{k}]"), v, w, out),
                        None => out.push(format!("  {at}[{k}]: removed")),
                    }
                }
                let is_new = |k: &String| !old_items.iter().any(|(l, _)| l == k);
                for (k, _) in new_items.iter().filter(|(k, _)| is_new(k)) {
                    out.push(format!("  {at}[{k}]: added"));
                }
            }
            _ if before != after => out.push(format!(
                "  {at}: changed ({} -> {} items)",
                before.len(),
                after.len()
            )),
            _ => {}
        },
        _ if old != new => out.push(format!("  {at}: {} -> {}", short(old), short(new))),
        _ => {}
    }
}

fn program(program: &Program) {
    println!(
        "\n=== Sample program (synthetic; follows {} {}) ===\n{} organizations, {} sites, {} coaches, {} dyads, {} assignments",
        program.manual.id,
        program.manual.version,
        program.organizations.len(),
        program.sites.len(),
        program.coaches.len(),
        program.dyads.len(),
        program.assignments.len()
    );
    let coach_name = |id| {
        program
            .coaches
            .iter()
            .find(|c| c.id == id)
            .map_or("?", |c| c.name.as_str())
    };
    let rows: Vec<Vec<String>> = program
        .sites
        .iter()
        .map(|site| {
            let current = program
                .assignments
                .iter()
                .filter(|a| a.site == site.id)
                .max_by_key(|a| a.from);
            let who = match current.map(|a| a.assignee) {
                Some(Assignee::Coach(id)) => coach_name(id).to_owned(),
                Some(Assignee::Dyad(id)) => {
                    let members = program.dyads.iter().find(|d| d.id == id).map(|d| {
                        d.coaches
                            .iter()
                            .map(|c| coach_name(*c))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    });
                    format!("dyad: {}", members.unwrap_or_default())
                }
                None => "unassigned".to_owned(),
            };
            let since = current.map(|a| a.from.to_string()).unwrap_or_default();
            vec![site.name.clone(), text(&site.kind), who, since]
        })
        .collect();
    table(
        "Current assignments",
        &["site", "kind", "coached by", "since"],
        &rows,
    );
    for (name, manual) in reference::manuals() {
        // Check as if the program followed this version, to show what the version changes.
        let mut as_if = program.clone();
        as_if.manual.version = manual.version.clone();
        let report = as_if.validate(manual);
        let needing = program
            .sites
            .iter()
            .filter(|s| {
                let flagged = program
                    .organizations
                    .iter()
                    .any(|o| o.id == s.organization && o.requires_dyad);
                manual.pairing.required_for.applies_to(s.kind, flagged)
            })
            .count();
        println!(
            "\nAgainst {name} ({}): {}; {needing} of {} sites require a dyad",
            manual.version,
            summary(&report),
            program.sites.len()
        );
        for finding in report.diagnostics() {
            println!("  {finding}");
        }
    }
}

/// Each recorded relationship: its phases, titration decisions and contacts, what the plan
/// projects, and what the manual's rules call for if something happens next.
fn relationships(program: &Program, manual: &Manual) {
    println!(
        "\n=== Coaching relationships (against {} {}) ===",
        manual.id, manual.version
    );
    for relationship in &program.relationships {
        let site = program
            .sites
            .iter()
            .find(|s| s.id == relationship.site)
            .map_or("?", |s| s.name.as_str());
        let end = relationship
            .end
            .as_ref()
            .map_or_else(|| "ongoing".to_owned(), |e| format!("ended {}", e.date));
        println!("\n{site}: from {} ({end})", relationship.start);
        let phases: Vec<String> = relationship
            .phases
            .iter()
            .map(|t| match &t.reason {
                Some(reason) => format!("{} {} (back: {reason})", t.date, t.phase),
                None => format!("{} {}", t.date, t.phase),
            })
            .collect();
        println!("  phases: {}", phases.join(" -> "));
        for decision in &relationship.titration {
            let rule = decision
                .rule
                .as_ref()
                .map_or_else(|| "no rule".to_owned(), ToString::to_string);
            println!(
                "  {} level {} by {} ({rule}): {}",
                decision.date,
                decision.level,
                text(&decision.decided_by),
                decision.reason.as_deref().unwrap_or("")
            );
        }
        let count = |channel| {
            relationship
                .contacts
                .iter()
                .filter(|c| c.mode.channel() == channel)
                .count()
        };
        let coach_minutes: u64 = relationship
            .contacts
            .iter()
            .map(practice_coaching::program::Contact::coach_minutes)
            .sum();
        let travel: u64 = relationship
            .contacts
            .iter()
            .filter_map(|c| c.travel_minutes)
            .map(|m| u64::from(m.get()))
            .sum();
        println!(
            "  contacts logged: {} in person, {} remote; {coach_minutes} coach minutes (travel {travel} minutes, not counted as dose)",
            count(Channel::InPerson),
            count(Channel::Remote)
        );
        outlook(relationship, program, manual);
    }
}

/// What the plan projects for a relationship, and what the rules call for if something happens
/// at its end.
fn outlook(
    relationship: &practice_coaching::program::Relationship,
    program: &Program,
    manual: &Manual,
) {
    let plan = relationship.plan(manual, program, None);
    let projected: Vec<String> = plan
        .segments
        .iter()
        .filter(|s| s.projected)
        .map(|s| format!("{} from {}", s.phase, s.from))
        .collect();
    println!(
        "  plan to {}: at least {} in-person and {} remote contacts, {} learning sessions{}",
        plan.until,
        plan.min_contacts(Channel::InPerson),
        plan.min_contacts(Channel::Remote),
        plan.events
            .iter()
            .filter(|e| e.kind == practice_coaching::timeline::EventKind::LearningSession)
            .count(),
        if projected.is_empty() {
            String::new()
        } else {
            format!("; projected: {}", projected.join(", "))
        }
    );
    let last_day = plan
        .until
        .as_naive()
        .pred_opt()
        .and_then(|d| practice_coaching::Date::from_naive(d).ok());
    if let Some(now) = last_day.and_then(|d| relationship.prescribed_on(d, manual)) {
        for event in [
            Trigger::Disruption,
            Trigger::CoachJudgment {
                direction: Direction::Less,
            },
        ] {
            println!(
                "  next, on {event}: {}",
                manual.titrate(&now.level.key, &event, None)
            );
        }
    }
}
