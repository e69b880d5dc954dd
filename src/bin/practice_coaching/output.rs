//! Standard output (buffered, written once), fatal errors (standard error), aligned columns.

use std::io::{self, Write as _};

use serde::Serialize;

/// What a command prints on standard output, written at the end in one piece.
#[derive(Debug, Default)]
pub struct Output {
    text: String,
}

impl Output {
    /// Appends `text` as is.
    pub fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Appends `text` and a newline.
    pub fn line(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// Appends `value` as pretty JSON and a newline.
    pub fn json<T: Serialize>(&mut self, value: &T) {
        // Serializing the binary's own plain structs to a String cannot fail; if it ever did,
        // an empty document is written rather than a panic.
        if let Ok(text) = serde_json::to_string_pretty(value) {
            self.line(&text);
        }
    }

    /// Writes everything to standard output. A closed pipe (`| head`) is not an error worth
    /// reporting; any other write failure is reported on standard error.
    pub fn flush(self) {
        let mut stdout = io::stdout().lock();
        let written = stdout
            .write_all(self.text.as_bytes())
            .and_then(|()| stdout.flush());
        if let Err(error) = written
            && error.kind() != io::ErrorKind::BrokenPipe
        {
            let _ = writeln!(
                io::stderr(),
                "error: cannot write to standard output: {error}"
            );
        }
    }
}

/// A failure that ends the command with exit status 2.
#[derive(Debug)]
pub enum Fatal {
    /// Wrong use of the command line, with the subcommand's usage.
    Usage(Box<clap::Error>),
    /// An I/O failure, an unreadable document, or a manual that cannot be found.
    Message(String),
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

    /// Prints the failure on standard error.
    pub fn report(&self) {
        match self {
            // clap formats it: `error: ...`, the usage, and a hint to --help.
            Self::Usage(error) => {
                let _ = error.print();
            }
            Self::Message(message) => {
                let _ = writeln!(io::stderr(), "error: {message}");
            }
        }
    }
}

/// Rows aligned in columns two spaces apart; the last column is not padded.
pub fn columns<const N: usize>(rows: &[[String; N]]) -> Vec<String> {
    let mut widths = [0; N];
    for row in rows {
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
