//! A CSV contact log read in two halves at once (`Scorer::add_csv`) gives what reading it from
//! start to end on one thread gives: the same periods and unscored contacts, the same account
//! of every line, and the same problems and repeats in the same order, whatever lies at the cut
//! (a quoted cell over several lines, a bad row, a contact repeating one of the first half).

use std::io::Cursor;

use practice_coaching::contact_log::{
    LogAccount, LogNote, Mapping, ReadLimits, RowProblem, read_csv,
};
use practice_coaching::fidelity::{Fidelity, Scorer, Window};
use practice_coaching::reference::{bhicci_late, bhicci_sample_program};
use proptest::prelude::*;

/// Northgate Family Health Center and its coach A, in the sample program.
const SITE: &str = "4c040106-398f-5215-afdd-c31573f2f387";
const COACH_A: &str = "2736c0ea-c489-5bd7-b2e0-6b79a305839a";

const HEADER: &str = "record,site,date,time,utc_offset,minutes,mode,coaches,guests,travel_minutes,initiated_by,topics,activities,activity,asked";

/// What a reading reports, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Note {
    Problem(RowProblem),
    Repeat { line: u64, first: u64 },
}

type Reading = (Fidelity, Result<LogAccount, RowProblem>, Vec<Note>);

fn window() -> Window {
    Window::as_of("2016-06-01".parse().expect("a date"))
}

/// `log` read from start to end on one thread.
fn one_thread(log: &[u8], limits: ReadLimits) -> Reading {
    let (program, manual) = (bhicci_sample_program(), bhicci_late());
    let mapping = Mapping::default();
    let mut scorer = Scorer::new(manual, program, window()).listing_unscored(5);
    let mut notes = Vec::new();
    let mut rows = read_csv(manual, program, log, &mapping).limits(limits);
    let read = rows.header().and_then(|()| {
        scorer.add_rows(rows.by_ref(), |row| match row {
            Ok(row) => {
                if let Some(first) = row.repeats {
                    notes.push(Note::Repeat {
                        line: row.line,
                        first,
                    });
                }
            }
            Err(problem) => notes.push(Note::Problem(problem.clone())),
        })
    });
    (scorer.finish(), read.map(|()| rows.account()), notes)
}

/// `log` read in halves.
fn halves(log: &[u8], limits: ReadLimits) -> Reading {
    let (program, manual) = (bhicci_sample_program(), bhicci_late());
    let mut scorer = Scorer::new(manual, program, window()).listing_unscored(5);
    let mut notes = Vec::new();
    let account = scorer.add_csv(
        || Ok(Cursor::new(log)),
        &Mapping::default(),
        limits,
        |note| {
            notes.push(match note {
                LogNote::Problem(problem) => Note::Problem(problem.clone()),
                LogNote::Repeat { line, first } => Note::Repeat { line, first },
            });
        },
    );
    (scorer.finish(), account, notes)
}

/// A contact at the site on day `day` of autumn 2015 lasting `minutes`: two rows with the same
/// day and minutes repeat each other.
fn contact(day: u8, minutes: u8) -> String {
    let month = 9 + day / 30;
    let day = 1 + day % 28;
    format!(
        "contact,{SITE},2015-{month:02}-{day:02},13:00,-07:00,{minutes},video,{COACH_A},,,site,,,,"
    )
}

/// One line (or several) of a log.
#[derive(Debug, Clone)]
enum Piece {
    Contact {
        day: u8,
        minutes: u8,
    },
    /// A contact before the relationship's start: read, and listed among the unscored.
    Early {
        day: u8,
    },
    BadDate,
    Blank,
    /// A contact whose topics cell is quoted and holds `lines` line ends.
    Quoted {
        day: u8,
        lines: usize,
    },
    /// A quoted cell never closed.
    Unclosed,
    /// A row of the wrong width.
    Short,
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        8 => (0u8..8, 1u8..4).prop_map(|(day, minutes)| Piece::Contact { day, minutes }),
        2 => (0u8..20).prop_map(|day| Piece::Early { day }),
        1 => Just(Piece::BadDate),
        1 => Just(Piece::Blank),
        1 => (0u8..8, 1usize..12).prop_map(|(day, lines)| Piece::Quoted { day, lines }),
        1 => Just(Piece::Unclosed),
        1 => Just(Piece::Short),
    ]
}

fn line(piece: &Piece) -> String {
    match piece {
        Piece::Contact { day, minutes } => contact(*day, *minutes),
        Piece::Early { day } => {
            contact(0, 30).replace("2015-09-01", &format!("2015-08-{:02}", day + 1))
        }
        Piece::BadDate => contact(0, 30).replace("2015-09-01", "2015-02-30"),
        Piece::Blank => "  ".to_owned(),
        Piece::Quoted { day, lines } => contact(*day, 45).replace(
            "site,,,,",
            &format!("site,\"teaching-and-feedback{}\",,,", "\n".repeat(*lines)),
        ),
        Piece::Unclosed => contact(1, 20).replace(",site,", ",\"site,"),
        Piece::Short => format!("contact,{SITE},2015-09-03"),
    }
}

/// A log of `pieces`, each line ended by `end`.
fn log(pieces: &[Piece], end: &str) -> Vec<u8> {
    let mut out = String::from(HEADER);
    out.push_str(end);
    for piece in pieces {
        out.push_str(&line(piece).replace('\n', end));
        out.push_str(end);
    }
    out.into_bytes()
}

#[track_caller]
fn same(log: &[u8], limits: ReadLimits) {
    let (one, two) = (one_thread(log, limits), halves(log, limits));
    assert_eq!(two.1, one.1, "account");
    assert_eq!(two.2, one.2, "notes");
    assert_eq!(two.0, one.0, "fidelity");
    assert_eq!(
        two.0.unscored_listed, one.0.unscored_listed,
        "unscored, in order"
    );
    if let Ok(account) = &one.1 {
        assert!(account.adds_up());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn halves_read_as_one_thread_reads(
        pieces in prop::collection::vec(piece(), 0..60),
        end in prop_oneof!["\n", "\r\n", "\r"],
    ) {
        same(&log(&pieces, &end), ReadLimits::default());
    }

    #[test]
    fn halves_read_as_one_thread_reads_within_tight_limits(
        pieces in prop::collection::vec(piece(), 0..40),
    ) {
        let limits = ReadLimits { max_row_bytes: 180, max_row_lines: 5 };
        same(&log(&pieces, "\n"), limits);
    }
}

#[test]
fn a_cut_inside_a_quoted_cell_is_read_on_from_the_row() {
    // One quoted cell of 99 line ends in the middle of the log: the middle falls inside it.
    let mut pieces = vec![Piece::Contact { day: 1, minutes: 1 }; 20];
    pieces.push(Piece::Quoted { day: 2, lines: 99 });
    pieces.extend(vec![Piece::Contact { day: 3, minutes: 2 }; 21]);
    let log = log(&pieces, "\n");
    let middle = log.len() / 2;
    let quoted = String::from_utf8_lossy(&log)
        .find("\"teaching")
        .expect("a quoted cell");
    assert!(
        quoted < middle && middle < quoted + 100,
        "the middle is in the cell"
    );
    same(&log, ReadLimits::default());
}

#[test]
fn contacts_of_the_second_half_repeating_the_first_are_found() {
    // Every contact twice: once in each half.
    let once: Vec<Piece> = (0..8)
        .flat_map(|day| (1..4).map(move |minutes| Piece::Contact { day, minutes }))
        .collect();
    let twice: Vec<Piece> = once.iter().chain(&once).cloned().collect();
    let log = log(&twice, "\n");
    same(&log, ReadLimits::default());
    let (_, account, notes) = halves(&log, ReadLimits::default());
    assert_eq!(account.expect("read").repeated, 24);
    assert_eq!(notes.first(), Some(&Note::Repeat { line: 26, first: 2 }));
}

#[test]
fn a_second_half_of_many_bad_rows_is_read_in_order() {
    // More bad rows than the second half holds back: it stops, and the rest is read after the
    // first half.
    let mut pieces = vec![Piece::Contact { day: 1, minutes: 1 }; 3_000];
    pieces.extend(vec![Piece::BadDate; 25_000]);
    pieces.push(Piece::Contact { day: 1, minutes: 1 });
    same(&log(&pieces, "\n"), ReadLimits::default());
}

#[test]
fn a_row_too_long_in_either_half_stops_reading_there() {
    let long = Piece::Quoted { day: 1, lines: 0 };
    let mut pieces = vec![Piece::Contact { day: 1, minutes: 1 }; 30];
    pieces.push(long);
    pieces.extend(vec![Piece::Contact { day: 2, minutes: 1 }; 30]);
    let mut bytes = log(&pieces, "\n");
    let limits = ReadLimits {
        max_row_bytes: 150,
        max_row_lines: 100,
    };
    same(&bytes, limits);
    // A row too long in the second half.
    let at = bytes.len() * 3 / 4;
    let insert = format!("{}\n", "x".repeat(400));
    let cut = bytes[at..]
        .iter()
        .position(|b| *b == b'\n')
        .expect("a line end")
        + at
        + 1;
    bytes.splice(cut..cut, insert.into_bytes());
    same(&bytes, limits);
}
