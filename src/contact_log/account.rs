//! What reading a log bounds and counts: the limits on one row, the account of every line read,
//! and the memory of earlier rows that finds a contact logged twice.

use std::fmt;
use std::hash::{BuildHasher, Hash};

use foldhash::fast::RandomState;
use serde::Serialize;

use super::LogRecord;
use super::problem::{LogRule, RowProblem};
use crate::program::ContactMode;
use crate::{ContactTime, EntityId, Minutes};

/// The bounds on one row of a log, so that no input makes reading hold more than a row in
/// memory. Give them to a reader with `limits` before its first row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReadLimits {
    /// The most bytes of one row, its line ends included: 1 MiB (1,048,576) by default. A row
    /// longer than this is `log-row-too-long`; a quoted cell still open this far is
    /// `log-quote-unclosed`.
    pub max_row_bytes: usize,
    /// The most lines one row may run over through quoted cells that hold line ends: 100 by
    /// default. A quoted cell still open past this is `log-quote-unclosed`.
    pub max_row_lines: u64,
}

impl ReadLimits {
    /// The default most bytes of one row: 1 MiB.
    pub const DEFAULT_MAX_ROW_BYTES: usize = 1024 * 1024;
    /// The default most lines of one row: 100.
    pub const DEFAULT_MAX_ROW_LINES: u64 = 100;
}

impl Default for ReadLimits {
    /// One MiB and 100 lines a row: far above a spreadsheet's rows (a cell of Excel holds at
    /// most 32,767 characters), far below what would strain memory.
    fn default() -> Self {
        Self {
            max_row_bytes: Self::DEFAULT_MAX_ROW_BYTES,
            max_row_lines: Self::DEFAULT_MAX_ROW_LINES,
        }
    }
}

/// Where every line of a log went. The header, the rows read by kind, the rows reported, the
/// blank lines and the continuation lines (the lines after the first of a row whose quoted
/// cells hold line ends, whether the row was read or reported) add up to `lines`, the lines
/// read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LogAccount {
    /// The lines read: every line end (a line feed, a carriage return and line feed, or a
    /// carriage return alone) ends one, and text after the last line end is one more.
    pub lines: u64,
    /// The header's lines (1 for a CSV log, 0 for JSON Lines).
    pub header: u64,
    /// Rows read as contacts.
    pub contacts: u64,
    /// Rows read as activities held at a site.
    pub activities: u64,
    /// Rows read as program-wide meetings.
    pub meetings: u64,
    /// Rows reported as problems (each a [`RowProblem`]). A header that names a column twice or
    /// lacks one is counted as the header; an input error is no line, and counts nowhere.
    pub reported: u64,
    /// Lines of nothing but spaces and tabs, between rows.
    pub blank: u64,
    /// Lines after the first of a row, held by its quoted cells.
    pub continuation: u64,
    /// Contacts read that repeat an earlier row exactly (site, start, mode, coaches, minutes);
    /// they are among `contacts`, each with the line it repeats (`LogRow::repeats`).
    pub repeated: u64,
    /// Whether the log was read to its end; `false` when a problem of the whole file or an
    /// input error stopped reading, and the lines after it are not in the account.
    pub complete: bool,
}

impl LogAccount {
    /// Rows read, of every kind.
    #[must_use]
    pub const fn rows_read(&self) -> u64 {
        self.contacts + self.activities + self.meetings
    }

    /// The lines the account gives a place: the header, the rows read and reported, the blank
    /// and the continuation lines. Equal to `lines` once reading has ended.
    #[must_use]
    pub const fn accounted(&self) -> u64 {
        self.header + self.rows_read() + self.reported + self.blank + self.continuation
    }

    /// Whether every line read is accounted for.
    #[must_use]
    pub const fn adds_up(&self) -> bool {
        self.accounted() == self.lines
    }

    /// Counts the first line of a row read as `record`, and the rest of its `lines`.
    pub(super) fn read(&mut self, record: &LogRecord, lines: u64) {
        match record {
            LogRecord::Contact { .. } => self.contacts += 1,
            LogRecord::Activity { .. } => self.activities += 1,
            LogRecord::Meeting { .. } => self.meetings += 1,
        }
        self.continuation += lines.saturating_sub(1);
        self.lines += lines;
    }

    /// Counts a row of `lines` reported as a problem.
    pub(super) fn reported(&mut self, lines: u64) {
        self.reported += 1;
        self.continuation += lines.saturating_sub(1);
        self.lines += lines;
    }

    /// Counts the header of `lines`.
    pub(super) fn header(&mut self, lines: u64) {
        self.header += 1;
        self.continuation += lines.saturating_sub(1);
        self.lines += lines;
    }

    /// Counts a blank line.
    pub(super) fn blank(&mut self) {
        self.blank += 1;
        self.lines += 1;
    }
}

impl fmt::Display for LogAccount {
    /// `25 lines: 1 header, 4 contacts, 1 activity and 1 meeting read, 18 rows reported,
    /// 0 blank and 1 continuation lines`, and the repeats and an unfinished reading where there
    /// are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: u64, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        write!(
            f,
            "{} {}: {} header, {} {}, {} {} and {} {} read, {} {} reported, {} blank and {} continuation {}",
            self.lines,
            plural(self.lines, "line", "lines"),
            self.header,
            self.contacts,
            plural(self.contacts, "contact", "contacts"),
            self.activities,
            plural(self.activities, "activity", "activities"),
            self.meetings,
            plural(self.meetings, "meeting", "meetings"),
            self.reported,
            plural(self.reported, "row", "rows"),
            self.blank,
            self.continuation,
            plural(self.continuation, "line", "lines"),
        )?;
        if self.repeated > 0 {
            write!(
                f,
                "; {} {} an earlier row",
                self.repeated,
                plural(self.repeated, "contact repeats", "contacts repeat")
            )?;
        }
        if !self.complete {
            f.write_str("; reading stopped before the end of the log")?;
        }
        Ok(())
    }
}

/// Two independent, randomly seeded 64-bit hashes of a row: no input can be made to collide
/// without knowing the seeds.
pub(super) type Fingerprint = [u64; 2];

/// The bits of a remembered entry that hold the first line; the rest hold 24 bits of the second
/// hash.
const LINE_BITS: u32 = 40;
const LINE_MASK: u64 = (1 << LINE_BITS) - 1;

/// Earlier rows, 16 bytes each: the first hash as the key, and 24 bits of the second beside the
/// line of the first such row (up to 2^40 - 1). A row matches with 88 bits of fingerprint: two
/// different rows of a log of a billion contacts share them with a chance of about 10^-9.
///
/// The entries lie in one open-addressed table, probed slot after slot from where the key
/// points: the key and its entry share a cache line, so that a row costs one miss in a table
/// of a million contacts (a general map reads a control byte and the slot apart). A key of 0
/// marks an empty slot, and is kept as 1.
#[derive(Default)]
struct Seen {
    slots: Vec<[u64; 2]>,
    len: usize,
}

impl Seen {
    /// The line of an earlier row with `print`, or `None` after remembering this one at `line`.
    fn first(&mut self, [key, check]: Fingerprint, line: u64) -> Option<u64> {
        let check = check >> LINE_BITS;
        match self.slot(key.max(1)) {
            // Another row sharing the first 64 bits and not the rest: the earlier one is kept.
            Some(Ok([_, entry])) => (entry >> LINE_BITS == check).then_some(entry & LINE_MASK),
            empty if line <= LINE_MASK => {
                self.fill(empty, [key.max(1), (check << LINE_BITS) | line]);
                None
            }
            _ => None,
        }
    }

    /// The line of an earlier row with `print`, remembering nothing.
    fn get(&self, [key, check]: Fingerprint) -> Option<u64> {
        let [_, entry] = self.slot(key.max(1))?.ok()?;
        (entry >> LINE_BITS == check >> LINE_BITS).then_some(entry & LINE_MASK)
    }

    /// Remembers every entry of `other` whose key this table lacks. Room for them all is made
    /// first: the two tables place keys alike, so that entries taken in `other`'s order would
    /// otherwise pile into one run of full slots, each probing to its end.
    fn remember_all(&mut self, other: &Self) {
        while (self.len + other.len) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        for entry in other.entries() {
            self.remember(entry);
        }
    }

    /// Remembers `entry` under `key` (an entry of another table) where no entry has the key.
    fn remember(&mut self, [key, entry]: [u64; 2]) {
        match self.slot(key) {
            Some(Ok(_)) => {}
            empty => self.fill(empty, [key, entry]),
        }
    }

    /// Asks the processor to bring the slot where `print`'s probe starts into the cache.
    fn fetch(&self, [key, _]: Fingerprint) {
        if let Some(slot) = self.home(key.max(1)).and_then(|at| self.slots.get(at)) {
            crate::cache::prefetch(slot);
        }
    }

    /// The slot where the probe for `key` starts; `None` in a table with no slot yet.
    fn home(&self, key: u64) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        // The low bits of a hash: truncating is the point.
        #[allow(clippy::cast_possible_truncation)]
        Some(key as usize & mask)
    }

    /// The entries remembered, as key and entry.
    fn entries(&self) -> impl Iterator<Item = [u64; 2]> + '_ {
        self.slots.iter().copied().filter(|[key, _]| *key != 0)
    }

    /// The entry with `key`, or the empty slot where it would go; `None` only for a table
    /// with no slot yet.
    fn slot(&self, key: u64) -> Option<Result<[u64; 2], usize>> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = self.home(key)?;
        loop {
            match *self.slots.get(at)? {
                [0, _] => return Some(Err(at)),
                slot @ [k, _] if k == key => return Some(Ok(slot)),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Stores `slot` (a key and its entry) in `empty`, the empty slot found for its key (`None`
    /// in a table with no slot yet); where the table is three quarters full, it is grown first
    /// and the slot found again.
    fn fill(&mut self, empty: Option<Result<[u64; 2], usize>>, slot: [u64; 2]) {
        let at = match empty {
            Some(Err(at)) if (self.len + 1) * 4 <= self.slots.len() * 3 => at,
            _ => {
                self.grow();
                match self.slot(slot[0]) {
                    Some(Err(at)) => at,
                    _ => return,
                }
            }
        };
        if let Some(empty) = self.slots.get_mut(at) {
            *empty = slot;
            self.len += 1;
        }
    }

    /// Twice the slots (at least 1,024), the entries placed again.
    fn grow(&mut self) {
        let room = (self.slots.len() * 2).max(1 << 10);
        // Written through rather than `vec![..]`'s zeroed allocation: those pages map the
        // kernel's shared page of zeros until written, so that the probe's read and the fill's
        // write cost each page a copy and, with a second thread, both cores' address caches.
        let mut slots = Vec::with_capacity(room);
        slots.resize(room, [0; 2]);
        let old = std::mem::replace(&mut self.slots, slots);
        self.len = 0;
        for entry in old.into_iter().filter(|[key, _]| *key != 0) {
            self.remember(entry);
        }
    }
}

/// The account of a log being read, and what it remembers of earlier rows: a 16-byte entry
/// per distinct contact (and per contact id, where the mapping names an id column), so that
/// memory grows with distinct contacts (about 21 to 43 bytes each, as the table fills from
/// three eighths to three quarters), never with rows.
pub(super) struct Ledger {
    pub(super) account: LogAccount,
    hashers: [RandomState; 2],
    contacts: Seen,
    ids: Seen,
    /// The fingerprint of the last contact admitted.
    pub(super) last: Fingerprint,
}

impl Ledger {
    pub(super) fn new() -> Self {
        Self {
            account: LogAccount::default(),
            hashers: [RandomState::default(), RandomState::default()],
            contacts: Seen::default(),
            ids: Seen::default(),
            last: [0; 2],
        }
    }

    /// An empty ledger for a later part of the same log, read apart: it fingerprints rows as
    /// this one does, so that the two can be compared and joined.
    pub(super) fn sibling(&self) -> Self {
        Self {
            hashers: self.hashers.clone(),
            ..Self::new()
        }
    }

    /// The line of a contact with `print` this ledger has seen.
    pub(super) fn first(&self, print: Fingerprint) -> Option<u64> {
        self.contacts.get(print)
    }

    /// The contacts `later` (a later part of the log, read with a [`sibling`](Self::sibling))
    /// saw first that repeat a contact of this one: each the line of its first row in `later`
    /// and the line it repeats here, by line.
    pub(super) fn repeated_in(&self, later: &Self) -> Vec<(u64, u64)> {
        let mut found: Vec<(u64, u64)> = later
            .contacts
            .entries()
            .filter_map(|[key, entry]| {
                let first = self.contacts.get([key, entry])?;
                Some((entry & LINE_MASK, first))
            })
            .collect();
        found.sort_unstable();
        found
    }

    /// Takes in `later`, read with a [`sibling`](Self::sibling) from where this ledger's rows
    /// end: its account added to this one (with `repeated` more contacts found to repeat rows
    /// of this part) and, where reading goes on after it (`remember`), its contacts, where
    /// this part has no such contact.
    pub(super) fn join(&mut self, later: &Self, repeated: u64, remember: bool) {
        if remember {
            self.contacts.remember_all(&later.contacts);
        }
        let (mine, theirs) = (&mut self.account, later.account);
        mine.lines += theirs.lines;
        mine.header += theirs.header;
        mine.contacts += theirs.contacts;
        mine.activities += theirs.activities;
        mine.meetings += theirs.meetings;
        mine.reported += theirs.reported;
        mine.blank += theirs.blank;
        mine.continuation += theirs.continuation;
        mine.repeated += theirs.repeated + repeated;
        mine.complete = theirs.complete;
    }

    fn fingerprint(&self, value: &impl Hash) -> Fingerprint {
        let [a, b] = &self.hashers;
        [a.hash_one(value), b.hash_one(value)]
    }

    /// The fingerprint of a contact at `site` starting at `start` by `mode` for `minutes`,
    /// made by `coaches`: what makes two rows the same contact. Its slot among the contacts
    /// seen is fetched into the cache meanwhile, so that the rest of the row is read while it
    /// comes (one miss a row in a table of a million contacts).
    pub(super) fn contact_print(
        &self,
        site: EntityId,
        start: &ContactTime,
        (mode, minutes): (ContactMode, Minutes),
        coaches: &[EntityId],
    ) -> Fingerprint {
        // The coaches as a set (`A;B` is `B;A`): the sum of each one's hashes, under each seed.
        // Ids are hashed as numbers, the start as its instant: a few words each.
        let summed = coaches.iter().fold([0u64; 2], |[a, b], coach| {
            let [x, y] = self.fingerprint(&coach.as_uuid().as_u128());
            [a.wrapping_add(x), b.wrapping_add(y)]
        });
        let start = start.as_datetime();
        let print = self.fingerprint(&(
            site.as_uuid().as_u128(),
            start.timestamp(),
            start.timestamp_subsec_nanos(),
            mode,
            minutes,
            coaches.len(),
            summed,
        ));
        self.contacts.fetch(print);
        print
    }

    /// Admits a row of `lines` starting on `line`, read as `record`; a contact with its
    /// fingerprint ([`contact_print`](Self::contact_print)) and its id (`column` and cell)
    /// where the mapping names one: the line of an earlier row it repeats exactly, if any, or
    /// the problem of an id given before.
    pub(super) fn admit(
        &mut self,
        record: &LogRecord,
        contact: Option<(Fingerprint, Option<(&str, &str)>)>,
        line: u64,
        lines: u64,
    ) -> Result<Option<u64>, RowProblem> {
        let Some((print, id)) = contact else {
            self.account.read(record, lines);
            return Ok(None);
        };
        if let Some((column, cell)) = id {
            let id_print = self.fingerprint(&cell);
            if let Some(first) = self.ids.first(id_print, line) {
                self.account.reported(lines);
                return Err(RowProblem::cell(
                    line,
                    column,
                    LogRule::ContactIdRepeated,
                    cell,
                    format!(
                        "`{column}` is {}, the id of the contact on line {first}; expected each contact's own id",
                        RowProblem::quoted(cell)
                    ),
                ));
            }
        }
        self.account.read(record, lines);
        self.last = print;
        let repeats = self.contacts.first(print, line);
        if repeats.is_some() {
            self.account.repeated += 1;
        }
        Ok(repeats)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::{LINE_BITS, Seen};

    /// Two tables of spread keys, the later's merged into the earlier's: every key of both is
    /// remembered, the earlier's entry kept where both hold one.
    #[test]
    fn a_merged_table_holds_both_tables_keys() {
        let key = |n: u64| {
            // splitmix64: keys spread as a hash spreads them.
            let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let (mut earlier, mut later) = (Seen::default(), Seen::default());
        for n in 0..20_000 {
            earlier.first([key(n), 0], n + 2);
            later.first([key(n + 10_000), 0], n + 50_000);
        }
        earlier.remember_all(&later);
        assert_eq!(earlier.entries().count(), 30_000);
        assert_eq!(earlier.get([key(15_000), 0]), Some(15_002));
        assert_eq!(earlier.get([key(25_000), 0]), Some(65_000));
    }

    proptest! {
        /// The table remembers what a map would, through every growth: the first line of
        /// each fingerprint, and a fingerprint sharing only the key is no repeat.
        #[test]
        fn the_table_remembers_the_first_line_of_each_fingerprint(
            prints in prop::collection::vec((0_u64..3_000, 0_u64..3), 1..4_000),
        ) {
            let mut seen = Seen::default();
            let mut map: HashMap<u64, (u64, u64)> = HashMap::new();
            for (n, (key, check)) in prints.into_iter().enumerate() {
                let line = n as u64 + 2;
                let check = check << LINE_BITS;
                let expected = if let Some(&(first_check, first)) = map.get(&key.max(1)) {
                    (first_check == check).then_some(first)
                } else {
                    map.insert(key.max(1), (check, line));
                    None
                };
                prop_assert_eq!(seen.first([key, check], line), expected);
                prop_assert_eq!(seen.get([key, check]), map.get(&key.max(1)).filter(|(c, _)| *c == check).map(|(_, l)| *l));
            }
            prop_assert_eq!(seen.entries().count(), map.len());
        }
    }
}
