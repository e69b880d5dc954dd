//! Splitting a log into lines and rows: a buffer that reads ahead no further than a row's limit,
//! and the CSV row splitter, which knows where every row starts and ends, and so where reading
//! goes on when a row cannot be split.
//!
//! A line ends at a line feed, a carriage return and line feed, or a carriage return alone (old
//! Mac exports). A CSV cell is quoted when it starts with `"`; in it, `""` is a quote, and
//! commas and line ends are text. A quoted cell ends with a quote followed by a comma, a line
//! end or the end of the log; anything else after its closing quote, or a quoted cell still
//! open at the row's limit of bytes or lines or at the end of the log, makes the row a problem
//! at its first line, and reading goes on at its second line, so that a stray quote cannot hide
//! the rows after it.

use std::io::{self, Read};

use memchr::{memchr2, memchr3};

use super::account::ReadLimits;

/// How much is read from the source at a time (more when a row is longer).
const CHUNK: usize = 64 * 1024;

/// Bytes read from a source and not yet consumed.
pub(super) struct Buffer<R> {
    reader: R,
    /// `bytes[start..end]` is read and not consumed; the rest is room to read into, zeroed
    /// once when the buffer grows, not at every read.
    bytes: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// The source's bytes consumed: where `data` starts in the source.
    consumed: u64,
    /// The byte of the source at which `data` ends for now, though more may be read: a part
    /// of a log read apart from the rest.
    stop: Option<u64>,
}

impl<R: Read> Buffer<R> {
    pub(super) const fn new(reader: R) -> Self {
        Self {
            reader,
            bytes: Vec::new(),
            start: 0,
            end: 0,
            eof: false,
            consumed: 0,
            stop: None,
        }
    }

    /// The bytes read and not consumed (up to the stop, where there is one).
    pub(super) fn data(&self) -> &[u8] {
        let end = match self.stop {
            Some(stop) => {
                let left =
                    usize::try_from(stop.saturating_sub(self.consumed)).unwrap_or(usize::MAX);
                self.end.min(self.start.saturating_add(left))
            }
            None => self.end,
        };
        self.bytes.get(self.start..end).unwrap_or_default()
    }

    /// Whether the source has ended, or the stop is reached: `data` is all there is.
    pub(super) fn eof(&self) -> bool {
        self.eof || self.at_stop()
    }

    /// Whether everything up to the stop has been read.
    pub(super) fn at_stop(&self) -> bool {
        self.stop.is_some_and(|stop| {
            let read = self.consumed + (self.end - self.start.min(self.end)) as u64;
            read >= stop
        })
    }

    /// Ends `data` at byte `stop` of the source, or (`None`) at its end again.
    pub(super) const fn stop_at(&mut self, stop: Option<u64>) {
        self.stop = stop;
    }

    /// Where `data` starts in the source.
    pub(super) const fn offset(&self) -> u64 {
        self.consumed
    }

    /// Consumes the first `n` bytes of `data`.
    pub(super) fn consume(&mut self, n: usize) {
        let n = n.min(self.data().len());
        self.start += n;
        self.consumed += n as u64;
    }

    /// Consumes up to byte `offset` of the source, reading as needed, held back by no stop.
    ///
    /// # Errors
    /// The source's error.
    pub(super) fn skip_to(&mut self, offset: u64) -> io::Result<()> {
        self.stop = None;
        while self.consumed < offset {
            if self.data().is_empty() {
                if self.eof {
                    return Ok(());
                }
                self.fill()?;
                continue;
            }
            let n = usize::try_from(offset - self.consumed).unwrap_or(usize::MAX);
            self.consume(n);
        }
        Ok(())
    }

    /// Reads more from the source (as much again as is buffered, at least a chunk), or notes
    /// its end.
    ///
    /// # Errors
    /// The source's error; what was read before it stays.
    pub(super) fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            // `start <= end <= bytes.len()` always holds; the bounds are clamped all the same.
            let end = self.end.min(self.bytes.len());
            let start = self.start.min(end);
            self.bytes.copy_within(start..end, 0);
            self.end = end - start;
            self.start = 0;
        }
        let old = self.end;
        let want = old.max(CHUNK);
        if self.bytes.len() < old.saturating_add(want) {
            self.bytes.resize(old.saturating_add(want), 0);
        }
        let read = loop {
            let Some(space) = self.bytes.get_mut(old..) else {
                break Ok(0);
            };
            match self.reader.read(space) {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                other => break other,
            }
        };
        match read {
            Ok(n) => {
                self.end = old.saturating_add(n).min(self.bytes.len());
                if n == 0 {
                    self.eof = true;
                }
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// Consumes the rest of a line too long to hold, up to and with its end, without holding
    /// it: `Ok(true)` once the line has ended (or the log), `Ok(false)` when more must be read.
    pub(super) fn skip_line(&mut self) -> bool {
        let data = self.data();
        let eof = self.eof();
        let Some(at) = memchr2(b'\n', b'\r', data) else {
            let all = data.len();
            self.consume(all);
            return eof;
        };
        if let Some(length) = line_end_length(data, at, eof) {
            self.consume(at + length);
            true
        } else {
            // A carriage return last of what was read: a line feed may follow.
            self.consume(at);
            false
        }
    }
}

/// The length of the line end at `at` (1 or 2), or `None` where a carriage return is the last
/// byte read and the source has not ended.
fn line_end_length(data: &[u8], at: usize, eof: bool) -> Option<usize> {
    match (data.get(at), data.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => Some(2),
        (Some(b'\r'), None) if !eof => None,
        _ => Some(1),
    }
}

/// One line of a log, as JSON Lines reads it.
pub(super) enum Line {
    /// More must be read to find the line's end.
    More,
    /// A line of `content` bytes, `length` with its end.
    Whole { content: usize, length: usize },
    /// No line end within the row's limit.
    TooLong,
}

/// The first line of `data`; `data` is not empty.
pub(super) fn line(data: &[u8], eof: bool, limits: ReadLimits) -> Line {
    let window = data.get(..limits.max_row_bytes).unwrap_or(data);
    match memchr2(b'\n', b'\r', window) {
        Some(at) => match line_end_length(data, at, eof) {
            Some(length) => Line::Whole {
                content: at,
                length: at + length,
            },
            None => Line::More,
        },
        None if data.len() > window.len() => Line::TooLong,
        None if eof => Line::Whole {
            content: data.len(),
            length: data.len(),
        },
        None => Line::More,
    }
}

/// A CSV row's fields, and where each ends. A row with a quoted cell is copied, unquoted, into
/// `bytes`, its fields one after another; a row without one (most rows) is not copied: its
/// fields are read where they lie in the log's buffer, between its commas.
#[derive(Default)]
pub(super) struct Fields {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// The fields lie in the buffer, separated by one comma each, rather than in `bytes`.
    in_place: bool,
}

impl Fields {
    /// How many fields.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes the fields' ranges index: `data` (the buffer the row was split from) for a
    /// row read in place, else the unquoted copy.
    pub(super) fn source<'s>(&'s self, data: &'s [u8]) -> &'s [u8] {
        if self.in_place {
            let end = self.ends.last().copied().unwrap_or(0);
            data.get(..end).unwrap_or_default()
        } else {
            &self.bytes
        }
    }

    /// Where the field at `at` lies in [`source`](Self::source).
    pub(super) fn range(&self, at: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(at)?;
        let start = match at.checked_sub(1) {
            Some(before) => *self.ends.get(before)? + usize::from(self.in_place),
            None => 0,
        };
        Some(start..end)
    }

    /// The bytes of the field at `at`, from the row's `source`.
    pub(super) fn get<'s>(&self, source: &'s [u8], at: usize) -> Option<&'s [u8]> {
        source.get(self.range(at)?)
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.in_place = false;
    }

    fn end(&mut self) {
        self.ends.push(self.bytes.len());
    }
}

/// Why a row could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fault {
    /// A quoted cell, the field at `field`, opened on the row's line `opened` (1 for its first)
    /// and still open at the end of the log, or past the row's limit of lines or bytes.
    Unclosed {
        field: usize,
        opened: u64,
        end: Open,
    },
    /// Text after the closing quote of the field at `field`.
    Stray { field: usize },
    /// The row runs past its limit of bytes, its quoted cells closed.
    TooLong,
}

/// Where a quoted cell was found still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Open {
    /// At the end of the log.
    End,
    /// Past the row's limit of lines.
    Lines,
    /// Past the row's limit of bytes.
    Bytes,
    /// Over a line end, to a quote on the row's line `closed` (1 for its first) that text
    /// follows: most likely a quote left open, paired with the next quote of the log.
    Astray { closed: u64 },
}

/// What the next row of a CSV log is.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Scan {
    /// More must be read to know.
    More,
    /// A line of nothing but spaces and tabs, `length` bytes with its end.
    Blank { length: usize },
    /// A row of `lines` lines and `length` bytes, split into the fields given; `first` is the
    /// length of its first line where it has more.
    Row {
        length: usize,
        lines: u64,
        first: Option<usize>,
    },
    /// A row that cannot be split: reported at its first line, which is `first` bytes long;
    /// reading goes on after that line.
    Broken { first: usize, fault: Fault },
    /// A row whose first line runs past the limit of bytes: reported, and skipped to its end.
    TooLong,
}

/// The row splitter's place in a row.
struct Splitter<'d> {
    data: &'d [u8],
    /// `data` up to the row's limit of bytes.
    window: &'d [u8],
    eof: bool,
    max_lines: u64,
    /// The lines the row has reached, and the end of its first line once found.
    lines: u64,
    first: Option<usize>,
}

/// Splits the row at the start of `data` into `fields`; `data` is not empty.
pub(super) fn scan(data: &[u8], eof: bool, limits: ReadLimits, fields: &mut Fields) -> Scan {
    fields.clear();
    let window = data.get(..limits.max_row_bytes).unwrap_or(data);
    // A blank line?
    let spaces = window
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(window.len());
    match window.get(spaces) {
        Some(b'\n' | b'\r') => {
            return match line_end_length(data, spaces, eof) {
                Some(length) => Scan::Blank {
                    length: spaces + length,
                },
                None => Scan::More,
            };
        }
        None if window.len() == data.len() => {
            return if eof {
                Scan::Blank { length: data.len() }
            } else {
                Scan::More
            };
        }
        _ => {}
    }
    if let Some(scan) = in_place(data, window, eof, fields) {
        return scan;
    }
    let mut splitter = Splitter {
        data,
        window,
        eof,
        max_lines: limits.max_row_lines.max(1),
        lines: 1,
        first: None,
    };
    splitter.row(fields)
}

/// The row at the start of `data` split where it lies, when its first line holds no quote and
/// ends within the `window`; `None` leaves the row to the [`Splitter`]. One pass finds the
/// line's end (or a quote) and another its commas, with no byte copied.
fn in_place(data: &[u8], window: &[u8], eof: bool, fields: &mut Fields) -> Option<Scan> {
    let at = memchr3(b'"', b'\n', b'\r', window)?;
    if window.get(at) == Some(&b'"') {
        return None;
    }
    let Some(length) = line_end_length(data, at, eof) else {
        return Some(Scan::More);
    };
    let line = window.get(..at)?;
    fields.in_place = true;
    push_commas(line, &mut fields.ends);
    fields.ends.push(at);
    Some(Scan::Row {
        length: at + length,
        lines: 1,
        first: None,
    })
}

/// Pushes where each comma of `line` stands onto `ends`. A row's fields are short (a few to a
/// few dozen bytes): eight bytes are tested at a time with word arithmetic and each comma
/// found from the word's bits, rather than a search started afresh for every field, whose
/// setting up costs more than the field.
fn push_commas(line: &[u8], ends: &mut Vec<usize>) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW: u64 = ONES * 0x7F;
    const COMMAS: u64 = ONES * (b',' as u64);
    let mut words = line.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(word);
        // A byte of `x` is zero where `word` holds a comma; the top bit of each byte of `found`
        // is set for exactly those bytes (no carry crosses a byte: each sum is at most 0xFE).
        let x = u64::from_le_bytes(bytes) ^ COMMAS;
        let mut found = !(((x & LOW) + LOW) | x | LOW);
        while found != 0 {
            ends.push(at + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
        at += 8;
    }
    ends.extend(
        words
            .remainder()
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b',')
            .map(|(k, _)| at + k),
    );
}

impl Splitter<'_> {
    fn row(&mut self, fields: &mut Fields) -> Scan {
        let mut at = 0;
        loop {
            let field = fields.len();
            let next = if self.window.get(at) == Some(&b'"') {
                self.quoted(at + 1, field, fields)
            } else {
                self.plain(at, fields)
            };
            match next {
                Next::Field(after) => at = after,
                Next::Done(scan) => return scan,
            }
        }
    }

    /// The row ends with the line end at `at`.
    fn ended(&self, at: usize) -> Scan {
        match line_end_length(self.data, at, self.eof) {
            Some(length) => Scan::Row {
                length: at + length,
                lines: self.lines,
                first: self.first,
            },
            None => Scan::More,
        }
    }

    /// The row ran to the end of the window at no line end: the log's end, more to read, or a
    /// row too long.
    fn out_of_window(&self, open: Option<(usize, u64)>) -> Scan {
        if self.window.len() < self.data.len() {
            return match (self.first, open) {
                (None, _) => Scan::TooLong,
                (Some(first), Some((field, opened))) => Scan::Broken {
                    first,
                    fault: Fault::Unclosed {
                        field,
                        opened,
                        end: Open::Bytes,
                    },
                },
                (Some(first), None) => Scan::Broken {
                    first,
                    fault: Fault::TooLong,
                },
            };
        }
        if !self.eof {
            return Scan::More;
        }
        match open {
            Some((field, opened)) => Scan::Broken {
                first: self.first.unwrap_or(self.data.len()),
                fault: Fault::Unclosed {
                    field,
                    opened,
                    end: Open::End,
                },
            },
            None => Scan::Row {
                length: self.data.len(),
                lines: self.lines,
                first: self.first,
            },
        }
    }

    /// A field not quoted, from `at`: to the next comma or line end.
    fn plain(&self, at: usize, fields: &mut Fields) -> Next {
        let rest = self.window.get(at..).unwrap_or_default();
        let Some(k) = memchr3(b',', b'\n', b'\r', rest) else {
            fields.bytes.extend_from_slice(rest);
            fields.end();
            return Next::Done(self.out_of_window(None));
        };
        fields
            .bytes
            .extend_from_slice(rest.get(..k).unwrap_or_default());
        fields.end();
        if rest.get(k) == Some(&b',') {
            Next::Field(at + k + 1)
        } else {
            Next::Done(self.ended(at + k))
        }
    }

    /// A quoted field whose text starts at `at`, the field at `field`.
    fn quoted(&mut self, mut at: usize, field: usize, fields: &mut Fields) -> Next {
        let opened = self.lines;
        loop {
            let rest = self.window.get(at..).unwrap_or_default();
            let Some(k) = memchr3(b'"', b'\n', b'\r', rest) else {
                fields.bytes.extend_from_slice(rest);
                return Next::Done(self.out_of_window(Some((field, opened))));
            };
            fields
                .bytes
                .extend_from_slice(rest.get(..k).unwrap_or_default());
            let here = at + k;
            if rest.get(k) == Some(&b'"') {
                match self.data.get(here + 1) {
                    Some(b'"') if here + 1 < self.window.len() => {
                        fields.bytes.push(b'"');
                        at = here + 2;
                    }
                    Some(b',') => {
                        fields.end();
                        return Next::Field(here + 2);
                    }
                    Some(b'\n' | b'\r') => {
                        fields.end();
                        return Next::Done(self.ended(here + 1));
                    }
                    Some(b'"') => {
                        // An escaped quote across the limit: the row is too long.
                        fields.bytes.push(b'"');
                        at = self.window.len();
                    }
                    Some(_) if self.lines > opened => {
                        return Next::Done(Scan::Broken {
                            first: self.first.unwrap_or(here),
                            fault: Fault::Unclosed {
                                field,
                                opened,
                                end: Open::Astray { closed: self.lines },
                            },
                        });
                    }
                    Some(_) => {
                        return Next::Done(self.stray(field, here + 1));
                    }
                    None if self.eof => {
                        fields.end();
                        return Next::Done(Scan::Row {
                            length: self.data.len(),
                            lines: self.lines,
                            first: self.first,
                        });
                    }
                    None => return Next::Done(Scan::More),
                }
            } else {
                // A line end inside the quoted cell: part of its text.
                let Some(length) = line_end_length(self.data, here, self.eof) else {
                    return Next::Done(Scan::More);
                };
                let end = here + length;
                fields
                    .bytes
                    .extend_from_slice(self.data.get(here..end).unwrap_or_default());
                self.first.get_or_insert(end);
                self.lines += 1;
                if self.lines > self.max_lines {
                    return Next::Done(Scan::Broken {
                        first: self.first.unwrap_or(end),
                        fault: Fault::Unclosed {
                            field,
                            opened,
                            end: Open::Lines,
                        },
                    });
                }
                at = end;
            }
        }
    }

    /// Text after the closing quote of the field at `field`, at `at`: the row is broken at its
    /// first line, once that line's end is known.
    fn stray(&self, field: usize, at: usize) -> Scan {
        let fault = Fault::Stray { field };
        if let Some(first) = self.first {
            return Scan::Broken { first, fault };
        }
        let rest = self.window.get(at..).unwrap_or_default();
        match memchr2(b'\n', b'\r', rest) {
            Some(k) => match line_end_length(self.data, at + k, self.eof) {
                Some(length) => Scan::Broken {
                    first: at + k + length,
                    fault,
                },
                None => Scan::More,
            },
            None if self.window.len() < self.data.len() => Scan::TooLong,
            None if self.eof => Scan::Broken {
                first: self.data.len(),
                fault,
            },
            None => Scan::More,
        }
    }
}

/// What follows a field.
enum Next {
    /// Another field, starting at this offset.
    Field(usize),
    /// The row's end, or why there is none.
    Done(Scan),
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Commas found eight bytes at a time are those a byte-by-byte search finds, wherever
        /// they fall in a word and whatever bytes surround them (bytes with the top bit set,
        /// bytes one off a comma).
        #[test]
        fn commas_are_found_where_they_are(
            line in prop::collection::vec(
                prop_oneof![Just(b','), Just(b'+'), Just(b'-'), Just(0xAC_u8), Just(0), any::<u8>()],
                0..80,
            ),
        ) {
            let mut found = vec![7];
            push_commas(&line, &mut found);
            let expected: Vec<usize> = std::iter::once(7)
                .chain(line.iter().enumerate().filter(|&(_, &b)| b == b',').map(|(k, _)| k))
                .collect();
            prop_assert_eq!(found, expected);
        }
    }

    fn split(text: &str, eof: bool) -> (Scan, Vec<String>) {
        let mut fields = Fields::default();
        let limits = ReadLimits {
            max_row_bytes: 64,
            max_row_lines: 3,
        };
        let scan = scan(text.as_bytes(), eof, limits, &mut fields);
        let cells = (0..fields.len())
            .map(|i| {
                let source = fields.source(text.as_bytes());
                String::from_utf8_lossy(fields.get(source, i).unwrap_or_default()).into_owned()
            })
            .collect();
        (scan, cells)
    }

    fn row(length: usize, lines: u64, first: Option<usize>) -> Scan {
        Scan::Row {
            length,
            lines,
            first,
        }
    }

    #[test]
    fn rows_end_at_any_line_end() {
        assert_eq!(
            split("a,b\nc", true),
            (row(4, 1, None), vec!["a".into(), "b".into()])
        );
        assert_eq!(split("a,b\r\nc", true).0, row(5, 1, None));
        assert_eq!(split("a,b\rc", true).0, row(4, 1, None));
        // A carriage return last of what was read may be followed by a line feed.
        assert_eq!(split("a,b\r", false).0, Scan::More);
        assert_eq!(split("a,b\r", true).0, row(4, 1, None));
        assert_eq!(split("a,b", false).0, Scan::More);
        assert_eq!(split("a,b", true).0, row(3, 1, None));
        assert_eq!(split("  \t\r\nx", true).0, Scan::Blank { length: 5 });
        assert_eq!(split("   ", true).0, Scan::Blank { length: 3 });
    }

    #[test]
    fn quoted_cells_hold_commas_quotes_and_line_ends() {
        let (scan, cells) = split("\"a,\"\"b\"\"\r\nc\",d\ne", true);
        assert_eq!(scan, row(15, 2, Some(10)));
        assert_eq!(cells, ["a,\"b\"\r\nc", "d"]);
        // A quote inside a cell that is not quoted is text.
        assert_eq!(split("said \"hi,x\n", true).1, ["said \"hi", "x"]);
        assert_eq!(split("a,\"\"\n", true).1, ["a", ""]);
        assert_eq!(split("a,\"\"", true).1, ["a", ""]);
    }

    #[test]
    fn a_quote_left_open_breaks_its_row_at_the_first_line() {
        let open = |end| Fault::Unclosed {
            field: 1,
            opened: 1,
            end,
        };
        assert_eq!(
            split("a,\"hi there\nb,c\n", true).0,
            Scan::Broken {
                first: 12,
                fault: open(Open::End)
            }
        );
        assert_eq!(split("a,\"hi there\nb,c\n", false).0, Scan::More);
        assert_eq!(
            split("a,\"x\nb\nc\nd\"\n", true).0,
            Scan::Broken {
                first: 5,
                fault: open(Open::Lines)
            }
        );
        let long = format!("a,\"x\n{}", "y".repeat(70));
        assert_eq!(
            split(&long, false).0,
            Scan::Broken {
                first: 5,
                fault: open(Open::Bytes)
            }
        );
        assert_eq!(
            split("a,\"x\"y,z\nnext\n", true).0,
            Scan::Broken {
                first: 9,
                fault: Fault::Stray { field: 1 }
            }
        );
    }

    #[test]
    fn a_line_past_the_limit_is_too_long() {
        assert_eq!(split(&"x".repeat(70), false).0, Scan::TooLong);
        assert_eq!(
            split(&format!("\"{}", "x".repeat(70)), false).0,
            Scan::TooLong
        );
        assert_eq!(
            split(&format!("\"a\nb\",{}", "x".repeat(70)), false).0,
            Scan::Broken {
                first: 3,
                fault: Fault::TooLong
            }
        );
    }
}
