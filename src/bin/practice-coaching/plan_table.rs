//! `plan --format table`: a plan as readable tables.

use practice_coaching::manual::{Channel, Scope};
use practice_coaching::timeline::{EventKind, Plan};

use crate::output::{Output, columns};

/// The stretches, the planned contacts per month, counts of events and the periodic
/// activities of `plan`.
pub fn table(plan: &Plan, site_name: &str, out: &mut Output) {
    out.line(&format!(
        "Coaching plan for {site_name}, {} to {} (exclusive)",
        plan.from, plan.until
    ));
    out.line("");
    let mut rows = vec![[
        "from".to_owned(),
        "until".to_owned(),
        "phase".to_owned(),
        "level".to_owned(),
        String::new(),
    ]];
    rows.extend(plan.segments.iter().map(|s| {
        [
            s.from.to_string(),
            s.until.to_string(),
            s.phase.to_string(),
            s.level.to_string(),
            if s.projected {
                "projected".to_owned()
            } else {
                "recorded".to_owned()
            },
        ]
    }));
    for line in columns(&rows) {
        out.line(&line);
    }
    out.line("");
    out.line("Planned contacts by month (periods counted in the month they start; min-max):");
    // Per month: the phase and level of its first period; in-person and remote min and max.
    let mut months: Vec<([String; 3], [u32; 4])> = Vec::new();
    for period in &plan.periods {
        let month = period
            .from
            .to_string()
            .get(..7)
            .unwrap_or_default()
            .to_owned();
        if months.last().is_none_or(|([m, ..], _)| *m != month) {
            months.push((
                [month, period.phase.to_string(), period.level.to_string()],
                [0; 4],
            ));
        }
        if let Some((_, sums)) = months.last_mut() {
            let at = if period.channel == Channel::InPerson {
                0
            } else {
                2
            };
            sums[at] += u32::from(period.min_contacts);
            sums[at + 1] += u32::from(period.max_contacts);
        }
    }
    let mut rows: Vec<[String; 5]> = vec![[
        "month".into(),
        "phase".into(),
        "level".into(),
        "in person".into(),
        "remote".into(),
    ]];
    rows.extend(
        months
            .into_iter()
            .map(|([month, phase, level], [a, b, c, d])| {
                [month, phase, level, format!("{a}-{b}"), format!("{c}-{d}")]
            }),
    );
    for line in columns(&rows) {
        out.line(&line);
    }
    out.line("");
    let count =
        |wanted: fn(&EventKind) -> bool| plan.events.iter().filter(|e| wanted(&e.kind)).count();
    out.line(&format!(
        "Events: {} visits, {} remote contacts, {} activities, {} milestones, {} learning sessions",
        count(|k| matches!(k, EventKind::Visit { .. })),
        count(|k| matches!(k, EventKind::RemoteContact { .. })),
        count(|k| matches!(k, EventKind::Activity(_))),
        count(|k| matches!(k, EventKind::Milestone(_))),
        count(|k| *k == EventKind::LearningSession)
    ));
    for activity in &plan.activities {
        let shared = if activity.scope == Scope::Program {
            " (program-wide)"
        } else {
            ""
        };
        out.line(&format!(
            "{}: {} per {}, {} times from {}{shared}",
            activity.name,
            activity.every.count,
            activity.every.per.as_str(),
            activity.dates.len(),
            plan.from
        ));
    }
}
