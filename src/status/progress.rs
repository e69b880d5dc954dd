//! Progress through the phases: each stay in a phase, how long it lasted against the manual's
//! plan, what of the phase's exit criteria it met, and how it ended.
//!
//! After the Stages of Implementation Completion (Chamberlain, Brown and Saldana 2011), which
//! reads progress as the date each stage was completed and the proportion of its activities
//! done; here a stage is a phase of the manual and its activities are the phase's exit
//! criteria.

use serde::Serialize;

use crate::manual::LengthFit;
use crate::program::{Achieved, PhaseTransition, Program, Relationship};
use crate::{Date, EntityId, Key, Length, Manual};

/// Every stay in a phase of a program's relationships as of a day, and each relationship's
/// summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Progress {
    /// The day progress is read as of.
    pub as_of: Date,
    /// Each stay, relationship by relationship in the program's order, in date order.
    pub stays: Vec<Stay>,
    /// One summary per relationship started by `as_of`, in the program's order.
    pub sites: Vec<SiteProgress>,
}

/// One entry into a phase, until the next transition, the relationship's end or the day
/// progress is read as of.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Stay {
    /// The site's name; empty where the program does not list the site.
    pub site_name: String,
    /// The site (by id).
    pub site: EntityId,
    /// The phase's name; empty where the manual does not have the phase.
    pub phase_name: String,
    /// The phase (by key).
    pub phase: Key,
    /// The first day in the phase.
    pub entered: Date,
    /// The last day in the phase (the day before the next phase was entered, or the
    /// relationship's last day); `None` while the stay goes on.
    pub left: Option<Date>,
    /// Days in the phase, both ends counted (through `as_of` while the stay goes on).
    pub days: u32,
    /// Whole weeks in the phase.
    pub weeks: u32,
    /// Whole calendar months in the phase (the 15th to the 15th is one).
    pub months: u32,
    /// The manual's planned minimum, in its own unit; `None` where the manual lacks the phase.
    pub planned_min: Option<Length>,
    /// The manual's planned maximum, in its own unit; `None` where open-ended.
    pub planned_max: Option<Length>,
    /// How the stay's length compares with the plan, counted in the plan's units; for a stay
    /// that goes on, so far. `None` where the manual lacks the phase.
    pub fit: Option<LengthFit>,
    /// The phase's exit criteria (by key) met during the stay, in the manual's order.
    pub criteria_met: Vec<Key>,
    /// The phase's exit criteria (by key) not met during the stay, in the manual's order.
    pub criteria_open: Vec<Key>,
    /// How many exit criteria the phase has.
    pub criteria_total: usize,
    /// `criteria_met` over `criteria_total`, from 0 to 1; `None` for a phase without exit
    /// criteria.
    pub criteria_proportion: Option<f64>,
    /// Milestones (by key) held during the stay, in date order, each once.
    pub milestones_met: Vec<Key>,
    /// How the stay ended, or how it goes.
    pub status: StayStatus,
    /// Why the site went back, for a stay that regressed, where the record says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How a stay in a phase ended, or how it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StayStatus {
    /// Left for a later phase (or one the manual does not place before it) with every exit
    /// criterion of the phase met, or from a phase without exit criteria.
    Completed,
    /// Left for a later phase (or one the manual does not place before it) with exit criteria
    /// still open (`criteria_open` names them): moved on, not completed.
    Left,
    /// Left for an earlier phase.
    Regressed,
    /// Goes on, within the planned maximum or with every exit criterion met.
    InProgress,
    /// Goes on past the planned maximum with exit criteria still open.
    Stalled,
    /// The relationship ended during it.
    Ended,
}

impl StayStatus {
    /// `completed`, `left`, `regressed`, `in_progress`, `stalled` or `ended`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::Left => "left",
            Self::Regressed => "regressed",
            Self::InProgress => "in_progress",
            Self::Stalled => "stalled",
            Self::Ended => "ended",
        }
    }
}

/// One relationship's progress as of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SiteProgress {
    /// The site's name; empty where the program does not list the site.
    pub site_name: String,
    /// The site (by id).
    pub site: EntityId,
    /// The relationship's first day.
    pub start: Date,
    /// The name of the last stay's phase; empty where the manual lacks it or there is no stay.
    pub phase_name: String,
    /// The phase of the last stay (by key): the current one, or the last before the end.
    pub phase: Option<Key>,
    /// The status of the last stay.
    pub status: Option<StayStatus>,
    /// Stays so far.
    pub stays: usize,
    /// Stays completed (left forward with every exit criterion met).
    pub completed: usize,
    /// Stays left forward with exit criteria open.
    pub left_open: usize,
    /// Stays that went back to an earlier phase.
    pub regressions: usize,
}

impl Progress {
    /// The stays that go on past their planned maximum with exit criteria still open.
    pub fn stalled(&self) -> impl Iterator<Item = &Stay> {
        self.stays
            .iter()
            .filter(|s| s.status == StayStatus::Stalled)
    }

    /// Writes one CSV row per stay, with a header (columns in docs/data-dictionary.md,
    /// `phase_stays`); text cells are guarded against formula injection.
    ///
    /// # Errors
    /// Where `out` cannot be written.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> Result<(), csv::Error> {
        use crate::tidy::cell;
        let mut writer = crate::tidy::writer(out);
        writer.write_record([
            "site_name",
            "site_id",
            "phase_name",
            "phase",
            "entered",
            "left",
            "days",
            "weeks",
            "months",
            "planned_min",
            "planned_min_unit",
            "planned_max",
            "planned_max_unit",
            "fit",
            "criteria_met",
            "criteria_total",
            "criteria_proportion",
            "criteria_met_keys",
            "criteria_open_keys",
            "milestones_met",
            "status",
            "reason",
        ])?;
        let amount = |l: Option<Length>| l.map_or_else(String::new, |l| l.amount().to_string());
        let unit = |l: Option<Length>| l.map_or("", Length::unit);
        for s in &self.stays {
            let keys = |keys: &[Key]| keys.iter().map(Key::as_str).collect::<Vec<_>>().join(";");
            writer.write_record([
                cell(&s.site_name).as_ref(),
                &s.site.to_string(),
                cell(&s.phase_name).as_ref(),
                s.phase.as_str(),
                &s.entered.to_string(),
                &s.left.map_or_else(String::new, |d| d.to_string()),
                &s.days.to_string(),
                &s.weeks.to_string(),
                &s.months.to_string(),
                &amount(s.planned_min),
                unit(s.planned_min),
                &amount(s.planned_max),
                unit(s.planned_max),
                s.fit.map_or("", LengthFit::as_str),
                &s.criteria_met.len().to_string(),
                &s.criteria_total.to_string(),
                &s.criteria_proportion
                    .map_or_else(String::new, |p| format!("{p:.4}")),
                &keys(&s.criteria_met),
                &keys(&s.criteria_open),
                &keys(&s.milestones_met),
                s.status.as_str(),
                cell(s.reason.as_deref().unwrap_or_default()).as_ref(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    }
}

impl Progress {
    /// Reads `program` on `as_of` against `manual` ([`Program::progress`]).
    pub(super) fn read(program: &Program, manual: &Manual, as_of: Date) -> Self {
        let mut stays = Vec::new();
        let mut sites = Vec::new();
        // Looked up once per relationship: a map keeps large programs linear.
        let mut names: foldhash::HashMap<EntityId, &str> = foldhash::HashMap::default();
        for site in program.sites.iter().rev() {
            names.insert(site.id, &site.name);
        }
        for relationship in program.relationships.iter().filter(|r| r.start <= as_of) {
            let site_name = names
                .get(&relationship.site)
                .map_or_else(String::new, |name| (*name).to_owned());
            let first = stays.len();
            stays.extend(relationship_stays(relationship, manual, as_of, &site_name));
            let own = stays.get(first..).unwrap_or_default();
            let last = own.last();
            let count = |status| own.iter().filter(|s| s.status == status).count();
            sites.push(SiteProgress {
                site: relationship.site,
                site_name,
                start: relationship.start,
                phase: last.map(|s| s.phase.clone()),
                phase_name: last.map_or_else(String::new, |s| s.phase_name.clone()),
                status: last.map(|s| s.status),
                stays: own.len(),
                completed: count(StayStatus::Completed),
                left_open: count(StayStatus::Left),
                regressions: count(StayStatus::Regressed),
            });
        }
        Progress {
            as_of,
            stays,
            sites,
        }
    }
}

/// The stays of one relationship as of `as_of`.
fn relationship_stays(
    relationship: &Relationship,
    manual: &Manual,
    as_of: Date,
    site_name: &str,
) -> Vec<Stay> {
    // The end counts once it has happened; the last day known is the end or `as_of`.
    let ended = relationship
        .end
        .as_ref()
        .map(|e| e.date)
        .filter(|date| *date <= as_of);
    let last_known = ended.unwrap_or(as_of);
    let mut kept: Vec<&PhaseTransition> = Vec::with_capacity(relationship.phases.len());
    for transition in &relationship.phases {
        if transition.date <= last_known && kept.last().is_none_or(|k| k.date < transition.date) {
            kept.push(transition);
        }
    }
    let mut stays = Vec::with_capacity(kept.len());
    for (i, transition) in kept.iter().enumerate() {
        let next = kept.get(i + 1);
        let phase = manual.phase(&transition.phase);
        // The last day in the phase, and how the stay ended or goes.
        let (last_day, left, status, reason) = match next {
            Some(next) => {
                let back = manual
                    .phase_index(&next.phase)
                    .zip(manual.phase_index(&transition.phase))
                    .is_some_and(|(to, from)| to < from);
                let last = next.date.checked_add_days(-1).unwrap_or(transition.date);
                if back {
                    (last, Some(last), StayStatus::Regressed, next.reason.clone())
                } else {
                    (last, Some(last), StayStatus::Completed, None)
                }
            }
            None => match ended {
                Some(end) => (end, Some(end), StayStatus::Ended, None),
                None => (as_of, None, StayStatus::InProgress, None),
            },
        };
        let out_day = last_day.next_day();
        let fit = phase
            .zip(out_day)
            .and_then(|(p, out)| p.length.fit(transition.date, out));
        let criteria_met: Vec<Key> = phase.map_or_else(Vec::new, |p| {
            relationship
                .criteria_met(p, transition.date, last_day)
                .cloned()
                .collect()
        });
        let criteria_open: Vec<Key> = phase
            .map(|p| p.exit_criteria.iter().map(|c| &c.key))
            .into_iter()
            .flatten()
            .filter(|key| !criteria_met.contains(key))
            .cloned()
            .collect();
        let criteria_total = criteria_met.len() + criteria_open.len();
        let status = match status {
            StayStatus::InProgress if fit == Some(LengthFit::Long) && !criteria_open.is_empty() => {
                StayStatus::Stalled
            }
            StayStatus::Completed if !criteria_open.is_empty() => StayStatus::Left,
            status => status,
        };
        let days = u32::try_from(transition.date.days_until(last_day).saturating_add(1))
            .unwrap_or_default();
        stays.push(Stay {
            site: relationship.site,
            site_name: site_name.to_owned(),
            phase: transition.phase.clone(),
            phase_name: phase.map_or_else(String::new, |p| p.name.clone()),
            entered: transition.date,
            left,
            days,
            weeks: days / 7,
            months: out_day.map_or(0, |out| Length::whole_months(transition.date, out)),
            planned_min: phase.map(|p| p.length.min),
            planned_max: phase.and_then(|p| p.length.max),
            fit,
            criteria_proportion: (criteria_total > 0).then(|| {
                #[expect(clippy::cast_precision_loss, reason = "counts of criteria are small")]
                let proportion = criteria_met.len() as f64 / criteria_total as f64;
                proportion
            }),
            criteria_met,
            criteria_open,
            criteria_total,
            milestones_met: milestones_met(relationship, transition.date, last_day),
            status,
            reason,
        });
    }
    stays
}

/// The milestones held from `from` through `last_day`, in date order, each once.
fn milestones_met(relationship: &Relationship, from: Date, last_day: Date) -> Vec<Key> {
    let mut held: Vec<(Date, &Key)> = relationship
        .met
        .iter()
        .filter(|a| (from..=last_day).contains(&a.date))
        .filter_map(|a| match &a.what {
            Achieved::Milestone(key) => Some((a.date, key)),
            Achieved::Criterion { .. } => None,
        })
        .collect();
    held.sort();
    let mut keys: Vec<Key> = Vec::with_capacity(held.len());
    for (_, key) in held {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    keys
}
