//! Scoring: contacts and activity records, from the program's record and from logs, counted
//! into each site's prescription periods as they stream past. Memory grows with relationships
//! and periods, never with rows.

use foldhash::{HashMap, HashMapExt};
use serde::Serialize;

use super::activities::{ActivityAdherence, periodic_expected};
use super::calendar::{CalendarRow, CalendarTally, CalendarUnit};
use super::finish::{Context, SPLIT_FROM, finish};
use super::period::DeliveredPeriod;
use super::responses::ResponseTimes;
use super::shortfall::Shortfall;
use super::sites::Sites;
use super::summary::{Summary, SummaryInput};
use super::tally::{SiteCounts, SitePlan, Uncounted, channel_index};
use super::unscored::{ReadFrom, UNSCORED_LISTED, Unscored, UnscoredContact, UnscoredReason};
use super::uptake::{Uptake, uptake};
use super::window::Window;
use crate::contact_log::{
    CountRows, LogAccount, LogNote, LogRecord, LogRow, LogRule, Mapping, ReadLimits, RowProblem,
    read_csv_in_halves,
};
use crate::manual::Activity;
use crate::program::Contact;
use crate::{Date, EntityId, Key, Manual, Program};

/// Delivered against prescribed across a program, read on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Fidelity {
    /// The days read.
    pub window: Window,
    /// Every read period, by site (in the program's order of relationships), channel and date.
    pub periods: Vec<DeliveredPeriod>,
    /// Activities held against expected: around contacts and periodic at each site, and the
    /// program's own meetings.
    pub activities: Vec<ActivityAdherence>,
    /// Runs of complete periods below the minimum, by site and channel.
    pub shortfalls: Vec<Shortfall>,
    /// Contacts read that no period could count, by reason.
    pub unscored: Unscored,
    /// The first of them, in the order read (the program's record first), each with where it
    /// was read: at most [`UNSCORED_LISTED`] unless the scorer was told otherwise
    /// ([`Scorer::listing_unscored`]); the rest are in `unscored` only.
    pub unscored_listed: Vec<UnscoredContact>,
    /// The program in figures, beside the comparison figures the manual cites.
    pub summary: Summary,
    /// Each site's counted contacts by calendar month, for [`Fidelity::calendar`].
    #[serde(skip)]
    calendars: Vec<(EntityId, CalendarTally)>,
    /// Each component of the manual: sites offered it and sites that received it.
    pub components: Vec<Uptake>,
}

impl Fidelity {
    /// What was delivered by calendar month, quarter or year, site by site (in the order of
    /// [`periods`](Self::periods)), beside the prescription periods, which start on each
    /// site's own day: the contacts counted in a period, so the view adds up to the periods.
    /// It judges nothing: a calendar month holds no prescription.
    #[must_use]
    pub fn calendar(&self, unit: CalendarUnit) -> Vec<CalendarRow> {
        self.calendars
            .iter()
            .flat_map(|(site, tally)| tally.rows(*site, unit))
            .collect()
    }

    /// Each site's periods, in the order of [`periods`](Self::periods): one slice per
    /// relationship read.
    pub fn sites(&self) -> impl Iterator<Item = &[DeliveredPeriod]> {
        self.periods.chunk_by(|a, b| a.site == b.site)
    }
}

impl Program {
    /// Delivered against prescribed for every relationship, from the contacts and activities
    /// the program records. To add contacts logged beside the program, use a [`Scorer`].
    ///
    /// ```
    /// use practice_coaching::fidelity::Window;
    /// use practice_coaching::{Date, reference};
    /// let program = reference::bhicci_sample_program();
    /// let as_of: Date = "2016-06-01".parse()?;
    /// let fidelity = program.fidelity(reference::bhicci_late(), Window::as_of(as_of));
    /// assert!(!fidelity.periods.is_empty());
    /// # Ok::<(), practice_coaching::ScalarError>(())
    /// ```
    #[must_use]
    pub fn fidelity(&self, manual: &Manual, window: Window) -> Fidelity {
        Scorer::new(manual, self, window).finish()
    }
}

/// Counts contacts and activity records into each site's prescription periods as they come,
/// in any order, then judges the periods.
///
/// ```
/// use practice_coaching::fidelity::{Scorer, Window};
/// use practice_coaching::{Date, reference};
/// let program = reference::bhicci_sample_program();
/// let as_of: Date = "2016-06-01".parse()?;
/// let mut scorer = Scorer::new(reference::bhicci_late(), &program, Window::as_of(as_of));
/// // Contacts from a log kept beside the program are added the same way.
/// let site = program.relationships[0].site;
/// let extra = program.relationships[0].contacts[0].clone();
/// scorer.add_contact(site, &extra);
/// let fidelity = scorer.finish();
/// assert!(fidelity.periods.iter().map(|p| p.contacts).sum::<u32>() > 0);
/// # Ok::<(), practice_coaching::ScalarError>(())
/// ```
pub struct Scorer<'a> {
    program: &'a Program,
    manual: &'a Manual,
    window: Window,
    /// The relationships scored, each planned at its first record.
    sites: Sites<'a>,
    around: Vec<&'a Activity>,
    /// Program-wide meetings logged, by activity.
    meetings: HashMap<Key, u32>,
    /// How many counted contacts lasted each number of minutes (0 to 1440), by channel.
    minutes: [Vec<u64>; 2],
    /// How many answers to written questions came after each number of whole hours.
    responses: ResponseTimes,
    unscored: Unscored,
    /// Unscored contacts listed so far, and how many may be.
    listed: Vec<UnscoredContact>,
    cap: usize,
}

/// Scores the rows of a contact log as they are read, on two threads: the calling thread reads
/// `rows` (as [`read_csv`](crate::contact_log::read_csv) or [`LogFormat::read`](crate::contact_log::LogFormat::read)
/// gives them) and hands their records on in batches, while a second thread plans each
/// relationship's periods and counts the records into them, as a [`Scorer`] of `program`
/// against `manual` over `window` would. `inspect` sees every row and problem first, in
/// order, on the calling thread (to report problems and repeats). Memory stays bounded by
/// relationships: at most a few thousand records wait between the threads.
///
/// The result is the one a [`Scorer`] fed the same rows on one thread gives. Where no second
/// thread can be started, the rows are scored on the calling thread. A panic of the scoring
/// thread is resumed on the calling thread.
///
/// ```
/// use practice_coaching::contact_log::{Mapping, read_csv};
/// use practice_coaching::fidelity::{Window, score_rows};
/// use practice_coaching::{Date, reference};
///
/// let csv = "\
/// record,site,date,time,utc_offset,minutes,mode,coaches,guests,travel_minutes,initiated_by,topics,activities,activity,asked
/// contact,4c040106-398f-5215-afdd-c31573f2f387,2015-09-24,13:00,-07:00,45,video,2736c0ea-c489-5bd7-b2e0-6b79a305839a,,,site,,,,
/// ";
/// let (program, manual) = (reference::bhicci_sample_program(), reference::bhicci_late());
/// let mapping = Mapping::default();
/// let as_of: Date = "2016-06-01".parse()?;
/// let mut problems = 0;
/// let rows = read_csv(manual, program, csv.as_bytes(), &mapping);
/// let fidelity = score_rows(manual, program, Window::as_of(as_of), rows, |row| {
///     problems += usize::from(row.is_err());
/// });
/// assert_eq!(problems, 0);
/// assert_eq!(fidelity, {
///     let mut scorer = practice_coaching::fidelity::Scorer::new(manual, program, Window::as_of(as_of));
///     for row in read_csv(manual, program, csv.as_bytes(), &mapping).flatten() {
///         scorer.add_row(&row);
///     }
///     scorer.finish()
/// });
/// # Ok::<(), practice_coaching::ScalarError>(())
/// ```
pub fn score_rows<I>(
    manual: &Manual,
    program: &Program,
    window: Window,
    rows: I,
    mut inspect: impl FnMut(&Result<LogRow, RowProblem>),
) -> Fidelity
where
    I: Iterator<Item = Result<LogRow, RowProblem>>,
{
    // Records handed on at a time, and batches that may wait: about 8,000 records.
    const BATCH: usize = 512;
    const WAITING: usize = 16;
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<LogRow>>(WAITING);
        let scoring = std::thread::Builder::new()
            .name("practice-coaching scoring".to_owned())
            .spawn_scoped(scope, move || {
                let mut scorer = Scorer::new(manual, program, window);
                for batch in receive {
                    for row in &batch {
                        scorer.add_row(row);
                    }
                }
                scorer.finish()
            });
        let Ok(scoring) = scoring else {
            // No second thread: scored here.
            let mut scorer = Scorer::new(manual, program, window);
            for row in rows {
                inspect(&row);
                if let Ok(row) = row {
                    scorer.add_row(&row);
                }
            }
            return scorer.finish();
        };
        let mut batch = Vec::with_capacity(BATCH);
        for row in rows {
            inspect(&row);
            if let Ok(row) = row {
                batch.push(row);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    if send.send(full).is_err() {
                        // The scoring thread has stopped (a panic, resumed below).
                        break;
                    }
                }
            }
        }
        if !batch.is_empty() {
            // An error here means the scoring thread stopped, which `join` tells.
            let _ = send.send(batch);
        }
        drop(send);
        scoring
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The longest a contact can last, in minutes.
const MINUTES_IN_A_DAY: usize = crate::Minutes::MAX as usize;

impl<'a> Scorer<'a> {
    /// A scorer of `program` against `manual` over `window`, holding the program's own
    /// contacts already.
    #[must_use]
    pub fn new(manual: &'a Manual, program: &'a Program, window: Window) -> Self {
        let around = manual.recorded_around_contacts(program).collect();
        let mut scorer = Self {
            program,
            manual,
            window,
            sites: Sites::new(program, manual),
            around,
            meetings: HashMap::new(),
            minutes: [vec![0; MINUTES_IN_A_DAY + 1], vec![0; MINUTES_IN_A_DAY + 1]],
            responses: ResponseTimes::new(manual),
            unscored: Unscored::default(),
            listed: Vec::new(),
            cap: UNSCORED_LISTED,
        };
        for (i, relationship) in program.relationships.iter().enumerate() {
            for (j, contact) in relationship.contacts.iter().enumerate() {
                scorer.count(relationship.site, contact, || {
                    ReadFrom::Program(format!("/relationships/{i}/contacts/{j}"))
                });
            }
        }
        scorer
    }

    /// The scorer listing at most `cap` unscored contacts (the rest counted by reason only).
    /// Contacts of the program's record, counted already, stay listed up to the new cap.
    #[must_use]
    pub fn listing_unscored(mut self, cap: usize) -> Self {
        self.listed.truncate(cap);
        self.cap = cap;
        self
    }

    /// Counts a contact with `site` in the period holding its local date, or among the
    /// unscored with its reason (listed as [`ReadFrom::Added`]).
    pub fn add_contact(&mut self, site: EntityId, contact: &Contact) {
        self.count(site, contact, || ReadFrom::Added);
    }

    /// Counts a row read from a log: [`add`](Self::add), with the row's line kept for a
    /// contact no period counts.
    pub fn add_row(&mut self, row: &LogRow) {
        match &row.record {
            LogRecord::Contact { site, contact } => {
                self.count(*site, contact, || ReadFrom::Log(row.line));
            }
            record => self.add(record),
        }
    }

    /// Counts `contact`; where no period counts it, lists it (up to the cap) as read from
    /// where `read_from` says.
    fn count(&mut self, site: EntityId, contact: &Contact, read_from: impl FnOnce() -> ReadFrom) {
        if let Some(reason) = self.place(site, contact)
            && self.listed.len() < self.cap
        {
            self.listed.push(UnscoredContact {
                read_from: read_from(),
                site,
                start: contact.start,
                mode: contact.mode,
                reason,
            });
        }
    }

    /// Counts `contact` in its period, or among the unscored: the reason, where it is one.
    fn place(&mut self, site: EntityId, contact: &Contact) -> Option<UnscoredReason> {
        let Some((plan, counts)) = self
            .sites
            .tally(site, (self.manual, &self.window, self.around.len()))
        else {
            self.unscored.no_relationship += 1;
            return Some(UnscoredReason::NoRelationship);
        };
        match counts.count(plan, contact, &self.window) {
            Ok(()) => {
                for (rule, counts) in self.around.iter().zip(&mut counts.around) {
                    if rule.goes_with(contact.mode.channel(), contact.is_joint()) {
                        counts.0 += 1;
                        if contact.activities.contains(&rule.key) {
                            counts.1 += 1;
                        }
                    }
                }
                self.responses.add(contact);
                let channel = channel_index(contact.mode.channel());
                if let Some(count) = self
                    .minutes
                    .get_mut(channel)
                    .and_then(|histogram| histogram.get_mut(usize::from(contact.minutes.get())))
                {
                    *count += 1;
                }
                None
            }
            Err(Uncounted::OutsideRelationship) => {
                self.unscored.outside_relationship += 1;
                Some(UnscoredReason::OutsideRelationship)
            }
            Err(Uncounted::OutsideWindow) => {
                self.unscored.outside_window += 1;
                Some(UnscoredReason::OutsideWindow)
            }
            Err(Uncounted::NoPrescription) => {
                self.unscored.no_prescription += 1;
                Some(UnscoredReason::NoPrescription)
            }
        }
    }

    /// Counts every row of a contact log as it is read, handing each row to `inspect` first
    /// (a bad row to report, a contact that repeats an earlier row to warn of).
    ///
    /// # Errors
    /// A row longer than the reader's limit ([`LogRule::RowTooLong`]) stops reading and is
    /// returned: the lines after it cannot be told apart, so nothing further is counted.
    pub fn add_rows<I>(
        &mut self,
        rows: I,
        mut inspect: impl FnMut(&Result<LogRow, RowProblem>),
    ) -> Result<(), RowProblem>
    where
        I: Iterator<Item = Result<LogRow, RowProblem>>,
    {
        for row in rows {
            match row {
                Err(problem) if problem.rule == LogRule::RowTooLong => return Err(problem),
                row => {
                    inspect(&row);
                    if let Ok(row) = row {
                        self.add_row(&row);
                    }
                }
            }
        }
        Ok(())
    }

    /// Counts every row of a CSV contact log read through `mapping` within `limits`, reporting
    /// each bad row and each contact that repeats an earlier row to `report`, in the log's
    /// order; where every line went is returned. `open` gives a reader from the log's first
    /// byte each time it is called (the file opened again, or bytes in memory).
    ///
    /// Where the machine has two cores, the log is cut at a line end near its middle and its
    /// halves are read and counted at once, the second on a thread of its own, then joined:
    /// the counts, the unscored contacts listed, the account and the notes are those of a
    /// reading from start to end (the repeats across the cut found too). A log whose mapping
    /// names a contact id column is read on one thread, as is a log cut inside a quoted cell
    /// (from the cut on). Memory grows with relationships and distinct contacts, not rows.
    ///
    /// ```
    /// use std::io::Cursor;
    /// use practice_coaching::contact_log::{LogNote, Mapping, ReadLimits};
    /// use practice_coaching::fidelity::{Scorer, Window};
    /// use practice_coaching::{Date, reference};
    ///
    /// let csv = "\
    /// record,site,date,time,utc_offset,minutes,mode,coaches,guests,travel_minutes,initiated_by,topics,activities,activity,asked
    /// contact,4c040106-398f-5215-afdd-c31573f2f387,2015-09-24,13:00,-07:00,45,video,2736c0ea-c489-5bd7-b2e0-6b79a305839a,,,site,,,,
    /// contact,4c040106-398f-5215-afdd-c31573f2f387,2015-09-24,13:00,-07:00,45,video,2736c0ea-c489-5bd7-b2e0-6b79a305839a,,,site,,,,
    /// ";
    /// let (program, manual) = (reference::bhicci_sample_program(), reference::bhicci_late());
    /// let as_of: Date = "2016-06-01".parse()?;
    /// let mut scorer = Scorer::new(manual, program, Window::as_of(as_of));
    /// let mut notes = Vec::new();
    /// let open = || Ok(Cursor::new(csv.as_bytes()));
    /// let account = scorer
    ///     .add_csv(open, &Mapping::default(), ReadLimits::default(), |note| {
    ///         if let LogNote::Repeat { line, first } = note {
    ///             notes.push((line, first));
    ///         }
    ///     })
    ///     .expect("the header names every column");
    /// assert_eq!(notes, [(3, 2)]);
    /// assert_eq!((account.contacts, account.repeated), (2, 1));
    /// # Ok::<(), practice_coaching::ScalarError>(())
    /// ```
    ///
    /// # Errors
    /// The whole-file problem (a header lacking a column the mapping reads, or naming one
    /// twice, or a log that cannot be opened), or a row longer than the limit
    /// ([`LogRule::RowTooLong`]), which stops reading: the lines after it cannot be told apart.
    pub fn add_csv<R>(
        &mut self,
        open: impl Fn() -> std::io::Result<R> + Sync,
        mapping: &Mapping,
        limits: ReadLimits,
        mut report: impl FnMut(LogNote<'_>),
    ) -> Result<LogAccount, RowProblem>
    where
        R: std::io::Read + std::io::Seek + Send,
    {
        let (program, manual) = (self.program, self.manual);
        read_csv_in_halves(
            &open,
            (mapping, limits),
            (program, manual),
            self,
            &mut report,
        )
    }

    /// Counts a record read from a log: a contact, an activity held at a site, or a
    /// program-wide meeting.
    pub fn add(&mut self, record: &LogRecord) {
        match record {
            LogRecord::Contact { site, contact } => self.add_contact(*site, contact),
            LogRecord::Activity {
                site,
                date,
                activity,
                ..
            } => self.add_activity(*site, *date, activity),
            LogRecord::Meeting { date, activity } => self.add_meeting(*date, activity),
        }
    }

    /// Counts an activity of the manual held at `site` on `date` (a debrief, a form filed).
    /// Records outside the days read, or for a site without a relationship, count nowhere.
    pub fn add_activity(&mut self, site: EntityId, date: Date, activity: &Key) {
        if !self.reads_day(date) {
            return;
        }
        if let Some((_, counts)) = self.tally(site) {
            *counts.logged.entry(activity.clone()).or_default() += 1;
        }
    }

    /// Counts a program-wide meeting of the manual (by activity key) held on `date`.
    pub fn add_meeting(&mut self, date: Date, activity: &Key) {
        if self.reads_day(date) {
            *self.meetings.entry(activity.clone()).or_default() += 1;
        }
    }

    /// The plan and counts of `site`'s relationship, planned now if not yet.
    fn tally(&mut self, site: EntityId) -> Option<(&SitePlan, &mut SiteCounts)> {
        self.sites
            .tally(site, (self.manual, &self.window, self.around.len()))
    }

    fn reads_day(&self, date: Date) -> bool {
        self.window.from.is_none_or(|first| date >= first) && date < self.window.end()
    }

    /// Judges every period on the day read and gathers the reading.
    #[must_use]
    pub fn finish(self) -> Fidelity {
        self.finish_splitting_from(SPLIT_FROM)
    }

    /// [`finish`](Self::finish), the relationships cut in two where there are `split_from`
    /// or more of them.
    fn finish_splitting_from(self, split_from: usize) -> Fidelity {
        let (finished, periods) = finish(
            self.sites.unfinished(),
            &Context {
                manual: self.manual,
                program: self.program,
                window: &self.window,
                around: &self.around,
            },
            split_from,
        );
        let mut activities = finished.activities;
        for (key, expected) in periodic_expected::program(self.manual, self.program, &self.window) {
            let held = self.meetings.get(&key).copied().unwrap_or(0);
            activities.push(ActivityAdherence::new(key, None, expected, held));
        }
        let summary = Summary::new(&SummaryInput {
            manual: self.manual,
            program: self.program,
            window: &self.window,
            sites: &finished.totals,
            minutes: &self.minutes,
            responses: &self.responses,
            unscored: self.unscored,
        });
        Fidelity {
            window: self.window,
            periods,
            activities,
            shortfalls: finished.shortfalls,
            unscored: self.unscored,
            unscored_listed: self.listed,
            summary,
            calendars: finished.calendars,
            components: uptake(self.manual, self.program, self.window.as_of),
        }
    }
}

/// A scorer counts the halves of a log read at once: the second half's scorer shares the
/// first's plans and starts with nothing counted (the program's own contacts are the first's),
/// and its counts are added to the first's.
impl CountRows for Scorer<'_> {
    fn fresh(&self) -> Self {
        Self {
            program: self.program,
            manual: self.manual,
            window: self.window,
            sites: self.sites.fresh(),
            around: self.manual.recorded_around_contacts(self.program).collect(),
            meetings: HashMap::new(),
            minutes: [vec![0; MINUTES_IN_A_DAY + 1], vec![0; MINUTES_IN_A_DAY + 1]],
            responses: ResponseTimes::new(self.manual),
            unscored: Unscored::default(),
            listed: Vec::new(),
            cap: self.cap,
        }
    }

    fn fetch(&self, row: &LogRow) {
        if let LogRecord::Contact { site, contact } = &row.record {
            self.sites.fetch(*site, contact);
        }
    }

    fn count(&mut self, row: &LogRow) {
        self.add_row(row);
    }

    fn join(&mut self, later: Self) {
        self.sites.join(later.sites);
        for (key, held) in later.meetings {
            *self.meetings.entry(key).or_default() += held;
        }
        for (mine, theirs) in self.minutes.iter_mut().zip(&later.minutes) {
            for (count, other) in mine.iter_mut().zip(theirs) {
                *count += other;
            }
        }
        self.responses.join(&later.responses);
        self.unscored.join(later.unscored);
        // The first half's contacts were read first: the second's are listed after them.
        let room = self.cap.saturating_sub(self.listed.len());
        self.listed.extend(later.listed.into_iter().take(room));
    }
}

#[cfg(test)]
mod tests {
    use super::{Scorer, Window};
    use crate::reference::{bhicci_late, bhicci_sample_program};
    use crate::{Manual, Program};

    /// Relationships finished in two parts give what finishing them in one gives: the same
    /// periods, shortfalls, activities, calendars and summary, in the same order.
    fn finished_alike(manual: &Manual, program: &Program, as_of: &str) {
        let window = Window::as_of(as_of.parse().unwrap());
        let whole = Scorer::new(manual, program, window).finish_splitting_from(usize::MAX);
        let cut = Scorer::new(manual, program, window).finish_splitting_from(0);
        assert!(!whole.periods.is_empty());
        assert_eq!(whole, cut);
        assert_eq!(whole.calendars, cut.calendars);
    }

    #[test]
    fn the_reference_program_finished_in_two_parts_is_finished_alike() {
        finished_alike(bhicci_late(), bhicci_sample_program(), "2016-06-01");
        finished_alike(bhicci_late(), bhicci_sample_program(), "2017-12-31");
    }

    #[test]
    fn synthetic_programs_finished_in_two_parts_are_finished_alike() {
        let manual = Manual::from_json(synthetic::MANUAL_JSON.as_bytes()).unwrap();
        for sites in [1, 2, 3, 40] {
            let json = synthetic::program(sites, synthetic::SEED, synthetic::Mix::DEFAULT);
            let program = Program::from_json(&json).unwrap();
            finished_alike(&manual, &program, "2020-01-01");
        }
    }
}
