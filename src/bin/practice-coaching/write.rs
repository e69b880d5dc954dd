//! Writing files (`--out FILE`, `--charts DIR`), one rule for every command: a file is written
//! under a temporary name in the same folder and then moved into place, so it is never written
//! through a link and never left half written; a link at the target is refused; an existing file
//! is kept unless `--force`; a file the command reads is never overwritten, even with `--force`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::input::{is_stdin, shown_name};
use crate::output::{Fatal, Output};

/// `--out FILE` and `--force`, as every command that writes one file takes them.
#[derive(Debug, clap::Args)]
pub struct OutFile {
    /// Write to FILE instead of standard output; an existing FILE is kept unless --force, and
    /// a link or an input of the command is never written.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out FILE when it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

impl OutFile {
    /// Where `--out` may be written: never over one of `reads`, the files the command reads.
    pub fn destination<'a>(&self, reads: &'a [&'a Path]) -> Destination<'a> {
        Destination {
            flag: "--out",
            force: self.force,
            reads,
        }
    }

    /// Writes `text` to the `--out` file under the rule, or without `--out` to standard output.
    ///
    /// # Errors
    /// A [`Fatal`] when the rule refuses the file or the file cannot be written.
    pub fn write_text(&self, reads: &[&Path], text: &str, out: &mut Output) -> Result<(), Fatal> {
        if let Some(path) = &self.out {
            return self.destination(reads).write(path, text.as_bytes());
        }
        out.push(text);
        Ok(())
    }
}

/// Where a command may write, and what it must not touch.
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    /// The option naming the target, for messages (`--out`, `--charts`).
    pub flag: &'static str,
    /// Whether an existing file may be replaced.
    pub force: bool,
    /// The files the command reads (`-` for standard input is skipped).
    pub reads: &'a [&'a Path],
}

impl Destination<'_> {
    /// Refuses `path` where the rule forbids writing it: a link, a folder, a file the command
    /// reads, or an existing file without `--force`.
    ///
    /// # Errors
    /// A [`Fatal`] naming the file and what to do instead.
    pub fn check(&self, path: &Path) -> Result<(), Fatal> {
        let name = shown_name(path);
        let flag = self.flag;
        let metadata = match fs::symlink_metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(Fatal::message(format!("{flag} {name}: {error}"))),
        };
        if metadata.file_type().is_symlink() {
            return Err(Fatal::message(format!(
                "{flag} {name} is a symbolic link; files are never written through a link: \
                 remove the link or choose another name"
            )));
        }
        if metadata.is_dir() {
            return Err(Fatal::message(format!(
                "{flag} {name} is a folder; expected a file name"
            )));
        }
        if self.reads.iter().any(|read| same_file(read, path)) {
            return Err(Fatal::message(format!(
                "{flag} {name} is also an input of this command; it is never overwritten, even \
                 with --force: choose another name"
            )));
        }
        if !self.force {
            return Err(Fatal::message(format!(
                "{flag} {name} exists; add --force to replace it or choose another name"
            )));
        }
        Ok(())
    }

    /// Writes `bytes` to `path` under the rule (see [`Destination::check`]).
    ///
    /// # Errors
    /// A [`Fatal`] when the rule refuses the file or the file cannot be written.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
        self.check(path)?;
        let name = shown_name(path);
        let failed = |error: io::Error| Fatal::message(format!("cannot write {name}: {error}"));
        let (temporary, mut file) = temporary_beside(path).map_err(failed)?;
        let placed = file
            .write_all(bytes)
            .and_then(|()| file.sync_all())
            .and_then(|()| {
                drop(file);
                self.place(&temporary, path)
            });
        // The temporary name is gone after a rename; after a link or a failure it is removed.
        let _ = fs::remove_file(&temporary);
        placed.map_err(|error| {
            if error.kind() == io::ErrorKind::AlreadyExists {
                Fatal::message(format!(
                    "{} {name} appeared while it was written; add --force to replace it or \
                     choose another name",
                    self.flag
                ))
            } else {
                failed(error)
            }
        })
    }

    /// Moves the written `temporary` to `path`: a rename with `--force` (which replaces a file
    /// or a link, never writing through it); without, a hard link, which fails where a file
    /// appeared since the check, so that nothing is replaced unasked.
    fn place(&self, temporary: &Path, path: &Path) -> io::Result<()> {
        if self.force {
            return fs::rename(temporary, path);
        }
        match fs::hard_link(temporary, path) {
            Err(error) if error.kind() != io::ErrorKind::AlreadyExists => {
                // A file system without hard links: the check above is all there is.
                if fs::symlink_metadata(path).is_ok() {
                    return Err(io::Error::from(io::ErrorKind::AlreadyExists));
                }
                fs::rename(temporary, path)
            }
            placed => placed,
        }
    }
}

/// A new file in `path`'s folder, named after it, created exclusively (never through a link).
fn temporary_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let stem = path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let mut tries = 0;
    loop {
        let temporary = folder.join(format!(".{stem}.{}-{tries}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && tries < 100 => {
                tries += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// Whether `read` and `written` name the same existing file.
fn same_file(read: &Path, written: &Path) -> bool {
    if is_stdin(read) {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(a), Ok(b)) = (fs::metadata(read), fs::metadata(written)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    matches!(
        (fs::canonicalize(read), fs::canonicalize(written)),
        (Ok(a), Ok(b)) if a == b
    )
}
