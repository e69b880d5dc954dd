//! A site's coaching plan as an iCalendar file a calendar app imports: visits, the activities
//! around them, milestones and learning sessions. Run with
//! `cargo run --example plan_calendar > plan.ics`.

use chrono::{DateTime, Utc};
use practice_coaching::reference;
use practice_coaching::timeline::EventKind;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let program = reference::bhicci_sample_program();
    let manual = reference::bhicci_late();
    let relationship = program.relationships.first().ok_or("no relationship")?;
    let site = program
        .sites
        .iter()
        .find(|s| s.id == relationship.site)
        .ok_or("unknown site")?;

    // The recorded relationship, then its remaining phases projected at their planned lengths.
    let plan = relationship.plan(manual, program, None);
    let visits = plan
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Visit { .. }))
        .count();
    eprintln!(
        "{}: {visits} visits from {} to {}",
        site.name, plan.from, plan.until
    );

    // A fixed stamp keeps the file reproducible; a scheduler would pass the current time.
    let stamp: DateTime<Utc> = "2026-01-01T00:00:00Z".parse()?;
    let stdout = std::io::stdout().lock();
    plan.write_icalendar(
        manual,
        program,
        &format!("Coaching plan: {}", site.name),
        stamp,
        stdout,
    )?;
    Ok(())
}
