//! Standard output (buffered, with its first write error kept), standard error, fatal errors,
//! document text escaped for the terminal, and aligned columns.

use std::borrow::Cow;
use std::io::{self, BufWriter, StdoutLock, Write};

use serde::Serialize;

use crate::EXIT_FAILURE;

/// What a command prints on standard output, written through a buffer as it goes. The first
/// write error is kept and ends the writing; [`finish`](Self::finish) returns it.
pub struct Output {
    stdout: BufWriter<StdoutLock<'static>>,
    error: Option<io::Error>,
    /// Whether anything was written (or tried).
    used: bool,
}

impl Output {
    /// Standard output, locked for the life of the command.
    pub fn new() -> Self {
        Self {
            stdout: BufWriter::new(io::stdout().lock()),
            error: None,
            used: false,
        }
    }

    /// Appends `text` as is: a document, a schema, Markdown.
    pub fn push(&mut self, text: &str) {
        self.write_with(|out| out.write_all(text.as_bytes()));
    }

    /// Appends a line of human-readable text, [`escaped`] for the terminal, and a newline.
    pub fn line(&mut self, text: &str) {
        let text = escaped(text);
        self.write_with(|out| {
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")
        });
    }

    /// Appends `value` as pretty JSON and a newline.
    pub fn json<T: Serialize>(&mut self, value: &T) {
        self.write_with(|out| {
            serde_json::to_writer_pretty(&mut *out, value)?;
            out.write_all(b"\n")
        });
    }

    /// Runs `write` on standard output unless an earlier write failed, and keeps its error.
    pub fn write_with(&mut self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        self.used = true;
        if self.error.is_some() {
            return;
        }
        let written = if closed_at_start::stdout() {
            Err(closed_at_start::error())
        } else {
            write(&mut self.stdout)
        };
        if let Err(error) = written {
            self.error = Some(error);
        }
    }

    /// Whether nothing has been written yet.
    pub fn is_unused(&self) -> bool {
        !self.used
    }

    /// Flushes standard output; the first error of any write.
    pub fn finish(self) -> io::Result<()> {
        let Self {
            mut stdout, error, ..
        } = self;
        match error {
            Some(error) => {
                // What is still buffered is dropped unwritten, not tried again.
                drop(stdout.into_parts());
                Err(error)
            }
            None => stdout.flush(),
        }
    }
}

/// The exit status of a command that ended with `status` once its output is `written`: the
/// same status, or 2 after a write error, which is reported on standard error. A pipe closed
/// by its reader (`| head`) is no error: the reader has what it wanted.
pub fn exit_status(written: io::Result<()>, status: u8) -> u8 {
    match written {
        Ok(()) => status,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => status,
        Err(error) => {
            error_line(&format!("cannot write to standard output: {error}"));
            EXIT_FAILURE
        }
    }
}

/// Writes `LABEL: MESSAGE` on standard error (`warning`, `note`), the message escaped for the
/// terminal; a failure to write there is ignored.
pub fn stderr_line(label: &str, message: &str) {
    let _ = writeln!(io::stderr().lock(), "{label}: {}", escaped(message));
}

/// Writes `error: MESSAGE` on standard error, the message escaped for the terminal. Standard
/// error is where failures are reported; a failure to write there is ignored.
pub fn error_line(message: &str) {
    let _ = writeln!(io::stderr().lock(), "error: {}", escaped(message));
}

/// A failure that ends the command: exit status 2, or 1 for a document with validation errors.
#[derive(Debug)]
pub enum Fatal {
    /// Wrong use of the command line, with the subcommand's usage.
    Usage(Box<clap::Error>),
    /// An I/O failure, an unreadable document, or a manual that cannot be found.
    Message(String),
    /// A document with validation errors, whose findings are already on standard error: the
    /// summary line (exit status 1).
    Invalid(String),
}

impl Fatal {
    /// A usage error of subcommand `name`.
    pub fn usage(name: &str, message: impl Into<String>) -> Self {
        Self::Usage(Box::new(crate::subcommand_error(name, &message.into())))
    }

    /// Any other failure.
    pub fn message(message: impl Into<String>) -> Self {
        Self::Message(message.into())
    }

    /// The exit status the failure ends the command with.
    pub fn status(&self) -> u8 {
        match self {
            Self::Invalid(_) => crate::EXIT_INVALID,
            Self::Usage(_) | Self::Message(_) => EXIT_FAILURE,
        }
    }

    /// The failure as `{"error": {"kind", "message"}}`, for `--format json`: `kind` is `usage`,
    /// `invalid` (a document with validation errors) or `failure` (anything else: a file that
    /// cannot be read or written, a document that does not parse, a limit reached).
    pub fn json(&self) -> serde_json::Value {
        let (kind, message) = match self {
            Self::Usage(error) => ("usage", usage_message(error)),
            Self::Message(message) => ("failure", message.clone()),
            Self::Invalid(message) => ("invalid", message.clone()),
        };
        serde_json::json!({ "error": { "kind": kind, "message": message } })
    }

    /// Prints the failure on standard error.
    pub fn report(&self) {
        match self {
            // clap formats it: `error: ...`, the usage, and a hint to --help.
            Self::Usage(error) => {
                let _ = error.print();
            }
            Self::Message(message) | Self::Invalid(message) => error_line(message),
        }
    }
}

/// The words of a usage error, without clap's `error: ` and the usage lines after them.
pub fn usage_message(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// Whether `c` would act on a terminal rather than show: a control character (C0, DEL, C1), a
/// line or paragraph separator, or a bidirectional embedding, override or isolate.
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character that would act on a terminal written as a Rust escape (`\n`,
/// `\t`, `\u{1b}`, `\u{202e}`), so that no text from a document can start a line, move the
/// cursor, clear the screen or reorder what follows. Everything else, backslashes included,
/// is kept.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_terminal(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Rows aligned in columns two spaces apart, each cell [`escaped`]; the last column is not
/// padded.
pub fn columns<const N: usize>(rows: &[[String; N]]) -> Vec<String> {
    let rows: Vec<[Cow<'_, str>; N]> = rows
        .iter()
        .map(|row| row.each_ref().map(|cell| escaped(cell)))
        .collect();
    let mut widths = [0; N];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
                line.push_str(cell);
                if i + 1 < N {
                    let pad = width - cell.chars().count() + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            line.truncate(line.trim_end().len());
            line
        })
        .collect()
}

/// Whether standard output or input was closed (`>&-`, `<&-`) when the process started. Before `main`, Rust's
/// runtime opens /dev/null in place of a closed standard stream, where every write would
/// succeed unseen; the C runtime runs the functions of `.init_array` earlier still, so one of
/// them sees the descriptor as the process was given it.
#[cfg(target_os = "linux")]
pub mod closed_at_start {
    use std::ffi::c_int;
    use std::io;
    use std::sync::atomic::{AtomicBool, Ordering};

    static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
    static STDIN_CLOSED: AtomicBool = AtomicBool::new(false);

    // From <fcntl.h> and <errno.h>, the same on every Linux architecture.
    const F_GETFD: c_int = 1;
    const EBADF: i32 = 9;

    unsafe extern "C" {
        fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    }

    fn closed(fd: c_int) -> bool {
        // SAFETY: F_GETFD only reads the flags of a descriptor; it opens nothing, so it takes
        // no descriptor number that Rust's runtime checks next.
        let flags = unsafe { fcntl(fd, F_GETFD) };
        flags == -1 && io::Error::last_os_error().raw_os_error() == Some(EBADF)
    }

    extern "C" fn check() {
        STDIN_CLOSED.store(closed(0), Ordering::Relaxed);
        STDOUT_CLOSED.store(closed(1), Ordering::Relaxed);
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static CHECK: extern "C" fn() = check;

    pub fn stdout() -> bool {
        STDOUT_CLOSED.load(Ordering::Relaxed)
    }

    pub fn stdin() -> bool {
        STDIN_CLOSED.load(Ordering::Relaxed)
    }

    /// The error of a write to the closed standard output.
    pub fn error() -> io::Error {
        io::Error::from_raw_os_error(EBADF)
    }
}

/// Elsewhere a closed standard output is not told apart from /dev/null.
#[cfg(not(target_os = "linux"))]
pub mod closed_at_start {
    pub fn stdout() -> bool {
        false
    }

    pub fn stdin() -> bool {
        false
    }

    pub fn error() -> std::io::Error {
        std::io::Error::other("standard output is closed")
    }
}

/// `text` broken at spaces into lines of at most 80 columns (a word longer than a line keeps a
/// line of its own); the first line keeps `text`'s leading spaces, each later line starts with
/// `indent`.
pub fn word_wrapped(text: &str, indent: &str) -> Vec<String> {
    const WIDTH: usize = 80;
    let trimmed = text.trim_start();
    let mut lines = Vec::new();
    let mut line = text[..text.len() - trimmed.len()].to_owned();
    let mut bare = true; // no word on this line yet
    for word in trimmed.split(' ').filter(|w| !w.is_empty()) {
        if !bare && line.chars().count() + 1 + word.chars().count() > WIDTH {
            lines.push(std::mem::replace(&mut line, indent.to_owned()));
            bare = true;
        }
        if !bare {
            line.push(' ');
        }
        line.push_str(word);
        bare = false;
    }
    lines.push(line);
    lines
}
