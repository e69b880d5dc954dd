//! A CSV log read in two halves at once: cut at a line end near its middle, the second half
//! read on a thread of its own while the first is read on the caller's, then joined, so that
//! every row is counted or reported with its line, and a contact of the second half that
//! repeats one of the first is found, as a reading from start to end finds them.
//!
//! Where the cut falls inside a row (a quoted cell holding line ends), the first half finds
//! it at its last row, and the second half's work is set aside: the caller's thread reads on
//! to the end. The notes of the second half (problems, repeats) wait until the first half is
//! read, to be given in order; past [`NOTES_HELD`] of them, the second half stops and leaves
//! the rest to the caller's thread, so that a log of bad rows holds no more than that.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicBool, Ordering};

use super::account::{Fingerprint, Ledger, LogAccount, ReadLimits};
use super::delimited::{CsvRows, read_failed};
use super::problem::{LogRule, RowProblem};
use super::{LogRow, Mapping, read_csv};
use crate::{Manual, Program};

/// Something reading a log reports, in the log's order: a row that could not be read, or a
/// contact that repeats an earlier row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogNote<'r> {
    /// A row reported as a problem.
    Problem(&'r RowProblem),
    /// The contact on `line` repeats the row on line `first` exactly (site, start, mode,
    /// coaches as a set, minutes): a warning (`log-row-repeated`); the row is read and counted.
    Repeat {
        /// The line of the repeating row.
        line: u64,
        /// The line of the first such row.
        first: u64,
    },
}

/// What counts the rows of a log read in halves: one counter a half, the later joined to the
/// earlier.
pub(crate) trait CountRows: Send + Sized {
    /// An empty counter for the later half.
    fn fresh(&self) -> Self;
    /// Fetches into the cache what counting `row` will read: called as soon as it is read,
    /// a row before it is counted.
    fn fetch(&self, row: &LogRow);
    /// Counts a row read.
    fn count(&mut self, row: &LogRow);
    /// Takes in the counts of the later half.
    fn join(&mut self, later: Self);
}

/// The most notes the second half holds while the first is read.
const NOTES_HELD: usize = 10_000;

/// How far past the middle a line end is looked for; a longer line leaves the log whole.
const LOOK_FOR_LINE_END: u64 = 1 << 20;

/// A note of the second half, held until the first half is read.
enum Held {
    Problem(RowProblem),
    /// A repeat within the second half, with the contact's fingerprint: the first half may
    /// hold an earlier row.
    Repeat {
        line: u64,
        first: u64,
        print: Fingerprint,
    },
}

/// How the second half ended.
enum End {
    /// At the log's end, or where reading it failed.
    Finished,
    /// At a row too long, which stops reading.
    TooLong(RowProblem),
    /// At this byte and line, with the rest left to the caller's thread.
    Stopped((u64, u64)),
}

/// The second half, read.
struct Later<C> {
    counter: C,
    ledger: Ledger,
    notes: Vec<Held>,
    /// Its first line's number less one, as counted in the first half's bytes; `None` where
    /// they could not be read again.
    line: Option<u64>,
    end: End,
}

/// Reads the CSV log `open` gives (each call a reader from its first byte) with `mapping`,
/// counting every row read into `counter` and reporting every problem and repeat to `report`
/// in the log's order; on two threads where the machine has two cores, the log is cut at a
/// line end near its middle and the mapping names no contact id column (an id given twice is
/// a problem of the later row, which could not be counted before the first half is read).
/// The whole-file problem, or a row too long (which stops reading), is returned.
pub(crate) fn read_csv_in_halves<R, C>(
    open: &(dyn Fn() -> io::Result<R> + Sync),
    (mapping, limits): (&Mapping, ReadLimits),
    (program, manual): (&Program, &Manual),
    counter: &mut C,
    report: &mut dyn FnMut(LogNote<'_>),
) -> Result<LogAccount, RowProblem>
where
    R: Read + Seek + Send,
    C: CountRows,
{
    let reader = open().map_err(|error| read_failed(&error, 1))?;
    let mut first = read_csv(manual, program, reader, mapping).limits(limits);
    first.header()?;
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    let cut = if two_cores && mapping.contact_id.is_none() {
        middle_line_end(open, first.place().0).ok().flatten()
    } else {
        None
    };
    let Some((cut, later_reader)) = cut else {
        read_on(&mut first, counter, report)?;
        return Ok(first.account());
    };
    first.stop_at(Some(cut));
    let later = first.part(later_reader, 0);
    let fresh = counter.fresh();
    let abandon = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("practice-coaching second half".to_owned())
            .spawn_scoped(scope, || read_later(later, fresh, open, cut, &abandon));
        let Ok(thread) = thread else {
            // No second thread: the log is read here.
            first.stop_at(None);
            read_on(&mut first, counter, report)?;
            return Ok(first.account());
        };
        let read = read_on(&mut first, counter, report);
        let clean = read.is_ok() && first.paused_between_rows();
        if !clean {
            abandon.store(true, Ordering::Relaxed);
        }
        let part = thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read?;
        if !clean || part.line != Some(first.place().1) {
            // The cut fell inside a row, or reading ended before it: the second half's work
            // is set aside, and the rest read here.
            first.stop_at(None);
            read_on(&mut first, counter, report)?;
            return Ok(first.account());
        }
        let late = first.ledger().repeated_in(&part.ledger);
        give_notes(&part.notes, &late, first.ledger(), report);
        counter.join(part.counter);
        let go_on = match part.end {
            End::Stopped(place) => Some(place),
            End::Finished | End::TooLong(_) => None,
        };
        first
            .ledger()
            .join(&part.ledger, late.len() as u64, go_on.is_some());
        match (part.end, go_on) {
            (End::TooLong(problem), _) => Err(problem),
            (_, Some(place)) => {
                if let Err(error) = first.go_on_at(place) {
                    report(LogNote::Problem(&read_failed(&error, place.1 + 1)));
                    return Ok(first.account());
                }
                first.stop_at(None);
                read_on(&mut first, counter, report)?;
                Ok(first.account())
            }
            _ => Ok(first.account()),
        }
    })
}

/// Reads the rows of `rows` into `counter` up to its stop or end, reporting as it goes; a row
/// too long stops reading and is returned.
fn read_on<R: Read, C: CountRows>(
    rows: &mut CsvRows<'_, R>,
    counter: &mut C,
    report: &mut dyn FnMut(LogNote<'_>),
) -> Result<(), RowProblem> {
    let mut ahead = OneAhead::default();
    let read = loop {
        match ahead.next(rows, counter) {
            None => break Ok(()),
            Some(Err(problem)) if problem.rule == LogRule::RowTooLong => break Err(problem),
            Some(Err(problem)) => report(LogNote::Problem(&problem)),
            Some(Ok(row)) => {
                if let Some(first) = row.repeats {
                    report(LogNote::Repeat {
                        line: row.line,
                        first,
                    });
                }
            }
        }
    };
    ahead.flush(counter);
    read
}

/// Reads the second half, from byte `cut` of the log, into `counter`, holding its notes.
fn read_later<R: Read, S: Read, C: CountRows>(
    mut rows: CsvRows<'_, S>,
    mut counter: C,
    open: &(dyn Fn() -> io::Result<R> + Sync),
    cut: u64,
    abandon: &AtomicBool,
) -> Later<C> {
    let line = lines_before(open, cut).ok();
    let mut notes = Vec::new();
    let end = match line {
        None => End::Finished,
        Some(line) => {
            rows.go_on_at((0, line)).ok();
            let mut ahead = OneAhead::default();
            let end = loop {
                if abandon.load(Ordering::Relaxed) || notes.len() >= NOTES_HELD {
                    let (offset, line) = rows.place();
                    break End::Stopped((cut + offset, line));
                }
                match ahead.next(&mut rows, &mut counter) {
                    None => break End::Finished,
                    Some(Err(problem)) if problem.rule == LogRule::RowTooLong => {
                        break End::TooLong(problem);
                    }
                    Some(Err(problem)) => notes.push(Held::Problem(problem)),
                    Some(Ok(row)) => {
                        if let Some(first) = row.repeats {
                            notes.push(Held::Repeat {
                                line: row.line,
                                first,
                                print: rows.ledger().last,
                            });
                        }
                    }
                }
            };
            ahead.flush(&mut counter);
            end
        }
    };
    Later {
        counter,
        ledger: rows.into_ledger(),
        notes,
        line,
        end,
    }
}

/// Rows counted one behind reading: a row's data is fetched into the cache as soon as it is
/// read, and the row counted once the next is read, so that counting seldom waits for memory
/// (a log of a million rows against thousands of relationships misses the cache at most rows
/// otherwise). Two slots take turns, each refilled in place.
#[derive(Default)]
struct OneAhead {
    slots: [Option<LogRow>; 2],
    /// The slot of the row read and not yet counted.
    waiting: Option<usize>,
}

impl OneAhead {
    /// The next row of `rows`; once it is read, the row before it is counted into `counter`.
    fn next<'s, R: Read, C: CountRows>(
        &'s mut self,
        rows: &mut CsvRows<'_, R>,
        counter: &mut C,
    ) -> Option<Result<&'s LogRow, RowProblem>> {
        let free = self.waiting.map_or(0, |waiting| 1 - waiting);
        let [first, second] = &mut self.slots;
        let (slot, other) = if free == 0 {
            (first, second)
        } else {
            (second, first)
        };
        match rows.next_into(slot)? {
            Err(problem) => Some(Err(problem)),
            Ok(row) => {
                counter.fetch(row);
                if self.waiting.is_some()
                    && let Some(waiting) = other
                {
                    counter.count(waiting);
                }
                self.waiting = Some(free);
                Some(Ok(row))
            }
        }
    }

    /// Counts the row still waiting, if any.
    fn flush<C: CountRows>(&mut self, counter: &mut C) {
        if let Some(waiting) = self.waiting.take()
            && let Some(Some(row)) = self.slots.get(waiting)
        {
            counter.count(row);
        }
    }
}

/// Reports the second half's notes and its `late` repeats (first rows of the second half that
/// repeat a row of the first, by line) in line order; a repeat names the first half's row
/// where `earlier` holds one.
fn give_notes(
    notes: &[Held],
    late: &[(u64, u64)],
    earlier: &Ledger,
    report: &mut dyn FnMut(LogNote<'_>),
) {
    let mut late = late.iter().copied().peekable();
    for note in notes {
        let line = match note {
            Held::Problem(problem) => problem.line,
            Held::Repeat { line, .. } => *line,
        };
        while let Some((repeat, first)) = late.next_if(|(repeat, _)| *repeat < line) {
            report(LogNote::Repeat {
                line: repeat,
                first,
            });
        }
        match note {
            Held::Problem(problem) => report(LogNote::Problem(problem)),
            Held::Repeat { line, first, print } => report(LogNote::Repeat {
                line: *line,
                first: earlier.first(*print).unwrap_or(*first),
            }),
        }
    }
    for (line, first) in late {
        report(LogNote::Repeat { line, first });
    }
}

/// The byte after the first line feed at or past the middle of the log (and past `from`, the
/// header), with a reader placed there; `None` where there is none near it.
fn middle_line_end<R: Read + Seek>(
    open: &dyn Fn() -> io::Result<R>,
    from: u64,
) -> io::Result<Option<(u64, R)>> {
    let mut reader = open()?;
    let length = reader.seek(SeekFrom::End(0))?;
    let middle = (length / 2).max(from);
    reader.seek(SeekFrom::Start(middle))?;
    let mut chunk = vec![0; 64 * 1024];
    let mut at = middle;
    while at < middle.saturating_add(LOOK_FOR_LINE_END) {
        let n = reader.read(&mut chunk)?;
        let Some(read) = chunk.get(..n).filter(|read| !read.is_empty()) else {
            return Ok(None);
        };
        if let Some(k) = memchr::memchr(b'\n', read) {
            let cut = at + k as u64 + 1;
            if cut >= length {
                return Ok(None);
            }
            reader.seek(SeekFrom::Start(cut))?;
            return Ok(Some((cut, reader)));
        }
        at += n as u64;
    }
    Ok(None)
}

/// The lines the log's first `bytes` bytes hold, counted as the reader counts them: each line
/// feed, carriage return and line feed, or carriage return alone ends one.
fn lines_before<R: Read>(open: &dyn Fn() -> io::Result<R>, bytes: u64) -> io::Result<u64> {
    lines_in(open()?.take(bytes), &mut vec![0; 256 * 1024])
}

/// The lines `reader` holds, read a `chunk` at a time.
fn lines_in(mut reader: impl Read, chunk: &mut [u8]) -> io::Result<u64> {
    let mut lines = 0;
    // A carriage return last in the chunk before, its line end not yet told.
    let mut return_last = false;
    loop {
        let n = match reader.read(chunk) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            other => other?,
        };
        let Some(read) = chunk.get(..n).filter(|read| !read.is_empty()) else {
            return Ok(lines + u64::from(return_last));
        };
        if return_last && read.first() != Some(&b'\n') {
            lines += 1;
        }
        return_last = false;
        // Line feeds counted at once (a vector count, not a stop at each), then each carriage
        // return not followed by one: most logs have none.
        lines += memchr::memchr_iter(b'\n', read).count() as u64;
        for at in memchr::memchr_iter(b'\r', read) {
            match read.get(at + 1) {
                Some(b'\n') => {}
                None => return_last = true,
                Some(_) => lines += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::lines_in;

    proptest! {
        /// Lines are counted as the reader ends them (a line feed, a carriage return and line
        /// feed, a carriage return alone), whatever the chunks cut.
        #[test]
        #[allow(clippy::naive_bytecount)] // the plain count the fast one is checked against
        fn lines_are_counted_across_chunks(
            bytes in prop::collection::vec(prop::sample::select(vec![b'\n', b'\r', b'a', b',']), 0..200),
            chunk in 1_usize..9,
        ) {
            let feeds = bytes.iter().filter(|&&b| b == b'\n').count();
            let returns = bytes
                .iter()
                .enumerate()
                .filter(|&(at, &b)| b == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
                .count();
            let counted = lines_in(bytes.as_slice(), &mut vec![0; chunk]).unwrap();
            prop_assert_eq!(counted, (feeds + returns) as u64);
        }
    }
}
