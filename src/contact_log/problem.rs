//! What can be wrong with a row of a contact log: the rule codes, and the problem a row reports.

use std::fmt;

use serde::{Serialize, Serializer};

macro_rules! log_rules {
    ($($variant:ident = $code:literal, $summary:literal;)*) => {
        /// Why a row of a contact log could not be read (and, for [`LogRule::RowRepeated`], why a row
/// read is worth a look); its [`code`](LogRule::code) is stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum LogRule {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl LogRule {
            /// Every rule, in the order the documentation lists them.
            pub const ALL: &'static [LogRule] = &[$(LogRule::$variant),*];

            /// The stable lower-kebab code, e.g. `log-date-invalid`.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $(LogRule::$variant => $code,)* }
            }

            /// What the rule checks, in one sentence.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                match self { $(LogRule::$variant => $summary,)* }
            }
        }
    };
}

log_rules! {
    MappingInvalid = "log-mapping-invalid",
        "The mapping cannot read any row (see `Mapping::check`); no row of the file is read.";
    ColumnMissing = "log-column-missing",
        "The header lacks a column the mapping names; no row of the file is read.";
    ColumnRepeated = "log-column-repeated",
        "The header names a column the mapping reads more than once; no row of the file is read.";
    ReadFailed = "log-read-failed",
        "The log could not be read further (an input error); the rows after it are not read.";
    RowTooLong = "log-row-too-long",
        "A row runs past the limit of bytes a row may have (1 MiB unless raised); the rest of its line is skipped.";
    QuoteUnclosed = "log-quote-unclosed",
        "A quoted cell is still open at the end of the log, or past the limit of lines or bytes a row may have; reading goes on at the row's next line.";
    QuoteStray = "log-quote-stray",
        "A quoted cell has text after its closing quote (a quote inside a quoted cell is written twice, `\"\"`); reading goes on at the row's next line.";
    LineNotObject = "log-line-not-object",
        "A line of a JSON Lines log is not one JSON object of text, number, true/false or null members (or lists of text).";
    MemberRepeated = "log-member-repeated",
        "A line of a JSON Lines log gives a member twice.";
    RowWidth = "log-row-width",
        "A row has more or fewer fields than the header.";
    CellNotUtf8 = "log-cell-not-utf8",
        "A cell the mapping reads is not UTF-8 text (save the export as UTF-8).";
    CellEmpty = "log-cell-empty",
        "A cell the row's record needs is empty.";
    RecordUnknown = "log-record-unknown",
        "The record kind is neither in the mapping's value table nor one of `contact`, `activity`, `meeting`.";
    DateInvalid = "log-date-invalid",
        "A date is not a date in the mapping's date format (ISO 8601, YYYY-MM-DD, unless the mapping says otherwise).";
    TimeInvalid = "log-time-invalid",
        "A time of day, or a date and time, is not one in the mapping's format.";
    OffsetInvalid = "log-offset-invalid",
        "A UTC offset is not one (`Z`, or `+HH:MM` / `-HH:MM` within a day).";
    SiteUnknown = "log-site-unknown",
        "The site names no site of the program (by id or by name, as the mapping says).";
    SiteAmbiguous = "log-site-ambiguous",
        "The site's name is shared by several sites of the program; give the id instead.";
    CoachUnknown = "log-coach-unknown",
        "A coach or guest names no coach of the program (by id or by name, as the mapping says).";
    CoachAmbiguous = "log-coach-ambiguous",
        "A coach's name is shared by several coaches of the program; give the id instead.";
    CoachRepeated = "log-coach-repeated",
        "A row names a coach twice, among its coaches or as a coach and a guest.";
    ContactIdRepeated = "log-contact-id-repeated",
        "A contact gives the id of a contact on an earlier line (where the mapping names a `contact_id` column).";
    RowRepeated = "log-row-repeated",
        "A warning, not a problem: a contact repeats an earlier row's site, start, mode, coaches and minutes. It is read and counted; the warning names both lines.";
    ModeUnknown = "log-mode-unknown",
        "The contact mode is neither in the mapping's value table nor one of `in_person`, `video`, `phone`, `email`.";
    MinutesInvalid = "log-minutes-invalid",
        "Minutes (or travel minutes) are not a whole number from 1 to 1440, or an end time is not after the start.";
    InitiatorUnknown = "log-initiator-unknown",
        "Who asked for the contact is neither in the mapping's value table nor `coach` or `site`.";
    TopicUnknown = "log-topic-unknown",
        "A topic names no skill of the manual.";
    ActivityUnknown = "log-activity-unknown",
        "An activity names no activity of the manual.";
    ActivityScope = "log-activity-scope",
        "A meeting names an activity the manual does not hold program-wide, or a site's activity names one it does.";
    CheckboxInvalid = "log-checkbox-invalid",
        "A checkbox cell is neither checked (`1`, `Checked`, `yes`, `true`) nor unchecked (`0`, `Unchecked`, `no`, `false`, empty).";
}

impl LogRule {
    /// The table of rule codes as Markdown, for docs/contact-logs.md.
    #[must_use]
    pub fn table_markdown() -> String {
        let mut out = String::from("| code | what it means |\n|---|---|\n");
        for rule in Self::ALL {
            out.extend(["| `", rule.code(), "` | ", rule.summary(), " |\n"]);
        }
        out
    }
}

impl Serialize for LogRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl fmt::Display for LogRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A row of a contact log that could not be read, and why; as JSON, `rule` is the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RowProblem {
    /// The line the row starts on, counting the header of a CSV log as line 1 (a quoted cell
    /// may run over several lines; the row's first line is given); 0 for a problem of the
    /// mapping.
    pub line: u64,
    /// The column's name in the header (the member's name in JSON Lines), where one column is
    /// at fault.
    pub column: Option<String>,
    /// What is wrong.
    pub rule: LogRule,
    /// The offending value, shortened if long, where there is one.
    pub value: Option<String>,
    /// What is wrong, in words: the field, the value and what was expected.
    pub message: String,
}

/// The longest value kept in a problem, in characters.
const VALUE_MAX_CHARS: usize = 80;

impl RowProblem {
    /// The line the row starts on (see the field `line`); 0 for a problem of the mapping.
    #[must_use]
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The column's name, where one column is at fault.
    #[must_use]
    pub fn column(&self) -> Option<&str> {
        self.column.as_deref()
    }

    /// What is wrong, as a stable code.
    #[must_use]
    pub fn code(&self) -> LogRule {
        self.rule
    }

    /// The offending value, shortened if long, where there is one.
    #[must_use]
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// What is wrong, in words: the field, the value and what was expected.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A problem with a cell of `column`.
    pub(super) fn cell(
        line: u64,
        column: &str,
        rule: LogRule,
        value: &str,
        message: String,
    ) -> Self {
        Self {
            line,
            column: Some(column.to_owned()),
            rule,
            value: Some(crate::scalar::truncate(value, VALUE_MAX_CHARS)),
            message,
        }
    }

    /// A problem with a whole row (or the whole file).
    pub(super) fn row(line: u64, rule: LogRule, message: String) -> Self {
        Self {
            line,
            column: None,
            rule,
            value: None,
            message,
        }
    }

    /// A value as a message shows it: quoted, shortened if long.
    pub(super) fn quoted(value: &str) -> String {
        format!("`{}`", crate::scalar::truncate(value, VALUE_MAX_CHARS))
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": {} [{}]", self.message, self.rule.code())
    }
}

impl std::error::Error for RowProblem {}
