//! Reading documents: a file, or standard input for `-`; never more than `--max-input-bytes`,
//! and no further than a first byte that cannot start a document.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use practice_coaching::{DocumentKind, ParseError, ParseErrorCode};

use crate::output::{Fatal, closed_at_start};

/// The most bytes read from one document unless `--max-input-bytes` says otherwise: 64 MiB,
/// far above any real manual or program (the sample program is 40 KB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// How much more is read after a first byte other than `{`, for the parser to say what the
/// text is instead (a number, `null`, an array): enough for the short cases, and no stream.
const AFTER_A_BAD_START: u64 = 1024;

/// Reads documents, up to a limit.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    /// The most bytes read from one document.
    pub max_bytes: u64,
    /// The flag that sets `max_bytes`, named when a document is larger.
    pub flag: &'static str,
}

/// What was read.
enum Got {
    /// The whole document.
    Document(Vec<u8>),
    /// The first byte that is not white space, at `offset`, is not `{`: the bytes up to it and a
    /// little beyond.
    NotAnObject { bytes: Vec<u8>, offset: usize },
    /// More than `max_bytes`.
    TooLarge,
}

impl Input {
    /// The document at `path` (`-`: standard input), or the parse error of a text that is not a
    /// JSON object, found at its first byte without reading on.
    ///
    /// # Errors
    /// A [`Fatal`] when the file cannot be read or is larger than the limit.
    pub fn read(self, path: &Path) -> Result<Result<Vec<u8>, ParseError>, Fatal> {
        let name = shown_name(path);
        if is_stdin(path) && closed_at_start::stdin() {
            return Err(Fatal::message(format!(
                "cannot read {name}: standard input is closed; give a file, or feed the \
                 document on standard input"
            )));
        }
        let read = if is_stdin(path) {
            self.read_from(io::stdin().lock(), None)
        } else {
            File::open(path).and_then(|file| {
                let size = file
                    .metadata()
                    .ok()
                    .filter(std::fs::Metadata::is_file)
                    .map(|m| m.len());
                self.read_from(BufReader::new(file), size)
            })
        };
        match read.map_err(|error| Fatal::message(format!("cannot read {name}: {error}")))? {
            Got::Document(bytes) => Ok(Ok(bytes)),
            Got::NotAnObject { bytes, offset } => Ok(Err(not_an_object(&bytes, offset))),
            Got::TooLarge => Err(Fatal::message(format!(
                "cannot read {name}: it is larger than the input limit of {} bytes; \
                 raise the limit with {} N",
                self.max_bytes, self.flag
            ))),
        }
    }

    /// Reads from `reader` (buffered: the leading white space is read a byte at a time), whose
    /// size is `size` if known.
    fn read_from(self, reader: impl Read, size: Option<u64>) -> io::Result<Got> {
        if size.is_some_and(|size| size > self.max_bytes) {
            return Ok(Got::TooLarge);
        }
        // One byte more than the limit tells a document at the limit from a larger one.
        let mut limited = reader.take(self.max_bytes.saturating_add(1));
        let mut bytes = Vec::new();
        let first = loop {
            let mut byte = [0];
            match limited.read(&mut byte) {
                Ok(0) => break None,
                Ok(_) => {
                    bytes.push(byte[0]);
                    // JSON's white space (RFC 8259).
                    if !matches!(byte[0], b' ' | b'\t' | b'\n' | b'\r') {
                        break Some(byte[0]);
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        };
        let offset = bytes.len().saturating_sub(1);
        let document = matches!(first, Some(b'{') | None);
        if document {
            if let Some(size) = size.and_then(|s| usize::try_from(s).ok()) {
                bytes.reserve(size.saturating_sub(bytes.len()));
            }
            limited.read_to_end(&mut bytes)?;
        } else {
            limited.take(AFTER_A_BAD_START).read_to_end(&mut bytes)?;
        }
        Ok(
            if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > self.max_bytes {
                Got::TooLarge
            } else if document {
                Got::Document(bytes)
            } else {
                Got::NotAnObject { bytes, offset }
            },
        )
    }
}

/// The parse error of a text whose first byte other than white space, at `offset`, is not `{`:
/// the parser's own (code, line, column, what the text is), and the byte.
fn not_an_object(bytes: &[u8], offset: usize) -> ParseError {
    let byte = bytes.get(offset).copied().unwrap_or_default();
    let shown = if byte.is_ascii_graphic() {
        format!("`{}` (0x{byte:02x})", char::from(byte))
    } else {
        format!("0x{byte:02x}")
    };
    let note = format!(
        "a document is a JSON object and starts with `{{`, but this text starts with byte \
         {shown} at offset {offset}, where reading stopped"
    );
    match DocumentKind::detect(bytes) {
        Err(error) => ParseError::new(
            error.code(),
            error.line(),
            error.column(),
            error.pointer(),
            format!("{}; {note}", error.message()),
        ),
        // A text that does not start with `{` is no document; this is not reached.
        Ok(_) => ParseError::new(ParseErrorCode::Syntax, 0, 0, "", note),
    }
}

/// Refuses, as a usage error of `command`, more than one of `inputs` (each named as on the
/// command line) reading standard input.
///
/// # Errors
/// A usage [`Fatal`] naming every input given as `-`.
pub fn one_stdin(command: &str, inputs: &[(&str, Option<&Path>)]) -> Result<(), Fatal> {
    let from_stdin: Vec<&str> = inputs
        .iter()
        .filter(|(_, path)| path.is_some_and(is_stdin))
        .map(|(name, _)| *name)
        .collect();
    match from_stdin.as_slice() {
        [first @ .., last] if !first.is_empty() => Err(Fatal::usage(
            command,
            format!(
                "{} and {last} cannot {} read standard input (`-`); only one input can",
                first.join(", "),
                if first.len() == 1 { "both" } else { "all" }
            ),
        )),
        _ => Ok(()),
    }
}

pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name shown in messages: the path as given, or `<stdin>`.
pub fn shown_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}
