//! A program's rules, checked against its manual.
//!
//! Id lookups use foldhash maps sized up front: fast, and seeded per process so hostile ids
//! cannot force collisions. JSON Pointers are formatted only when a finding is recorded.

mod assignments;
mod coaches;
mod entities;
mod relationships;
mod teams;

use crate::program::Program;
use crate::validate::Report;
use crate::validate::report::Findings;
use crate::{Date, Manual, Rule};

impl Program {
    /// Checks the program against `manual` and returns every finding, at most one per rule and
    /// JSON Pointer. `policy` rules take their severity from the manual's qualification checks.
    ///
    /// No day is given, so the rules about what is current (caseload, a coach coaching alone)
    /// read the record as it leaves things: the assignments still open (no `until`) and the
    /// relationships not ended. [`Program::validate_as_of`] reads them on a day.
    ///
    /// ```
    /// use practice_coaching::reference;
    /// let report = reference::bhicci_sample_program().validate(reference::bhicci_late());
    /// assert!(!report.has_errors());
    /// ```
    #[must_use]
    pub fn validate(&self, manual: &Manual) -> Report {
        self.validate_versions(&[manual], None)
    }

    /// Checks the program against `manual` as of the day `as_of`: a site's current assignment
    /// is the one in force that day (one that starts later is planned, not current), and
    /// caseload and coaching alone count the relationships active that day under the
    /// assignments in force that day. The library reads no clock: the caller names the day.
    ///
    /// ```
    /// use practice_coaching::{Date, reference};
    /// let as_of: Date = "2016-06-01".parse()?;
    /// let report = reference::bhicci_sample_program().validate_as_of(reference::bhicci_late(), as_of);
    /// assert!(!report.has_errors());
    /// # Ok::<(), practice_coaching::ScalarError>(())
    /// ```
    #[must_use]
    pub fn validate_as_of(&self, manual: &Manual, as_of: Date) -> Report {
        self.validate_versions(&[manual], Some(as_of))
    }

    /// Checks the program against the versions of its manual in `manuals`, as of `as_of` (or,
    /// where it is `None`, as the record leaves things, as [`Program::validate`] does).
    ///
    /// Each stretch of the program's time under one version requirement (its `manual.version`,
    /// and each of `manual.earlier`) is checked against the newest of `manuals` with the
    /// program's manual id whose version that requirement accepts; a stretch no manual
    /// matches is `program-manual-mismatch`, and is checked against the newest manual with
    /// the program's id (or the newest of all, where none has it, which is
    /// `program-manual-mismatch` at the id). With no manual at all, that one finding is all
    /// the report holds. What carries a date is checked against the
    /// manual in force that day: the team rule on each assignment against every manual in
    /// force while it runs, phase transitions, titration decisions, achievements and contacts
    /// against the manual in force on their date. What carries no date (sites, coaches, teams)
    /// and the rules about what is current are checked against the manual in force on `as_of`.
    ///
    /// ```
    /// use practice_coaching::reference;
    /// let launch_and_late = [reference::bhicci_launch(), reference::bhicci_late()];
    /// let report = reference::bhicci_sample_program().validate_versions(&launch_and_late, None);
    /// assert!(report.is_empty());
    /// ```
    #[must_use]
    pub fn validate_versions(&self, manuals: &[&Manual], as_of: Option<Date>) -> Report {
        let mut findings = Findings::default();
        let Some(in_force) = InForce::new(self, manuals, &mut findings) else {
            findings.push(
                Rule::ProgramManualMismatch,
                "/manual/id".to_owned(),
                format!(
                    "no manual is given to check the program against; expected manual `{}` {}",
                    self.manual.id, self.manual.version
                ),
            );
            return findings.finish();
        };
        let now = in_force.as_of(as_of);
        recorded_activities(self, &in_force, &mut findings);
        let index = entities::check(self, now, &mut findings);
        teams::check(self, now, &index, &mut findings);
        let assignments = assignments::check(self, &in_force, &index, &mut findings);
        // Each relationship's site, found once for the caseloads and the relationships' checks.
        let sites = assignments.history.relationship_slots();
        coaches::check(
            self,
            now,
            &index,
            &assignments,
            &sites,
            as_of,
            &mut findings,
        );
        relationships::check(self, &in_force, &index, &assignments, &sites, &mut findings);
        findings.finish()
    }
}

/// The activities a program says it records: each defined by a manual in force, each once.
fn recorded_activities(program: &Program, in_force: &InForce<'_>, findings: &mut Findings) {
    let Some(keys) = &program.recorded_activities else {
        return;
    };
    let manuals = in_force.manuals();
    for (i, key) in keys.iter().enumerate() {
        if keys.get(..i).is_some_and(|before| before.contains(key)) {
            findings.push(
                Rule::RecordedActivityDuplicate,
                format!("/recorded_activities/{i}"),
                format!("activity `{key}` is listed twice; expected each recorded activity once"),
            );
        } else if !manuals.iter().any(|m| m.activity(key).is_some()) {
            findings.push(
                Rule::RecordedActivityUnknown,
                format!("/recorded_activities/{i}"),
                format!(
                    "activity `{key}` is not an activity of the manual; expected one of its activities"
                ),
            );
        }
    }
}

/// The manual in force on each day of the program: one per stretch of its `manual` reference.
pub(super) struct InForce<'m> {
    /// Each earlier version's first day (`None`: from the beginning), last day and manual, in
    /// the order the program lists them.
    earlier: Vec<(Option<Date>, Date, &'m Manual)>,
    /// The current version's first day (`None` without earlier versions) and manual.
    current: (Option<Date>, &'m Manual),
}

impl<'m> InForce<'m> {
    /// Picks a manual for each stretch, reporting the stretches no manual of `manuals` matches
    /// and earlier versions out of date order. `None` where `manuals` is empty.
    fn new(program: &Program, manuals: &[&'m Manual], findings: &mut Findings) -> Option<Self> {
        let reference = &program.manual;
        let picked = reference.in_force(manuals);
        let current = picked.last()?;
        if !manuals.iter().any(|m| m.id == reference.id) {
            findings.push(
                Rule::ProgramManualMismatch,
                "/manual/id".to_owned(),
                format!("the program follows manual `{}`; expected `{}`, the manual it is checked against", reference.id, current.manual.id),
            );
        }
        for (i, pair) in reference.earlier.windows(2).enumerate() {
            if let [earlier, later] = pair
                && later.until <= earlier.until
            {
                findings.push(
                    Rule::ProgramManualVersionsUnordered,
                    format!("/manual/earlier/{}/until", i + 1),
                    format!(
                        "versions {} are followed until {}, not after the previous ones' {}; expected earlier versions in date order",
                        later.version, later.until, earlier.until
                    ),
                );
            }
        }
        let mut in_force = Self {
            earlier: Vec::with_capacity(reference.earlier.len()),
            current: (current.stretch.from, current.manual),
        };
        for picked in &picked {
            let stretch = picked.stretch;
            if !picked.accepted {
                let path = stretch.earlier.map_or_else(
                    || "/manual/version".to_owned(),
                    |i| format!("/manual/earlier/{i}/version"),
                );
                findings.push(
                    Rule::ProgramManualMismatch,
                    path,
                    format!(
                        "the program follows versions {} of the manual{}; it is checked against {}, which that requirement does not accept",
                        stretch.version,
                        stretch.until.map_or_else(String::new, |u| format!(" until {u}")),
                        picked.manual.version
                    ),
                );
            }
            if let Some(until) = stretch.until {
                in_force.earlier.push((stretch.from, until, picked.manual));
            }
        }
        Some(in_force)
    }

    /// The manual in force on `date`: that of the first earlier version whose `until` is on or
    /// after it, else the current version's. Found by binary search, so many earlier versions
    /// cost no more than a few; where they are out of date order (an error reported) it is one
    /// of those whose `until` is on or after `date`.
    pub(super) fn on(&self, date: Date) -> &'m Manual {
        let first = self.earlier.partition_point(|(_, until, _)| *until < date);
        self.earlier
            .get(first)
            .map_or(self.current.1, |(.., manual)| *manual)
    }

    /// The manual in force on `as_of`, or the current version's where no day is given.
    pub(super) fn as_of(&self, as_of: Option<Date>) -> &'m Manual {
        as_of.map_or(self.current.1, |date| self.on(date))
    }

    /// The manuals in force on some day from `from` to `until` (open-ended where `None`), each
    /// with the first day of its stretch within that span.
    pub(super) fn during(
        &self,
        from: Date,
        until: Option<Date>,
    ) -> impl Iterator<Item = (Date, &'m Manual)> + '_ {
        // The stretches from the one in force on `from`, while they start by `until`.
        let skipped = self.earlier.partition_point(|(_, end, _)| *end < from);
        let stretches = self
            .earlier
            .get(skipped..)
            .unwrap_or_default()
            .iter()
            .map(|(start, end, manual)| (*start, Some(*end), *manual))
            .chain(std::iter::once((self.current.0, None, self.current.1)));
        stretches
            .map_while(move |(start, end, manual)| {
                let first = start.map_or(from, |start| start.max(from));
                until
                    .is_none_or(|u| first <= u)
                    .then_some((first, end, manual))
            })
            .filter(|(first, end, _)| end.is_none_or(|end| *first <= end))
            .map(|(first, _, manual)| (first, manual))
    }

    /// Every manual in force on some day, each once.
    pub(super) fn manuals(&self) -> Vec<&'m Manual> {
        let mut manuals: Vec<&'m Manual> = Vec::with_capacity(self.earlier.len() + 1);
        for manual in self
            .earlier
            .iter()
            .map(|(.., manual)| *manual)
            .chain(std::iter::once(self.current.1))
        {
            if !manuals.iter().any(|m| std::ptr::eq(*m, manual)) {
                manuals.push(manual);
            }
        }
        manuals
    }
}
