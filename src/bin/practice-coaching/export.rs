//! `export fhir MANUAL [--out FILE [--force]]`: a manual as a FHIR R4 Bundle, for health IT.

use std::path::PathBuf;

use practice_coaching::export::fhir;

use crate::EXIT_OK;
use crate::input::{Input, shown_name};
use crate::output::{Fatal, Output, error_line};
use crate::render::load;
use crate::write::OutFile;

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum Format {
    /// A FHIR R4 (4.0.1) Bundle: the manual as a `PlanDefinition`, its activities as
    /// `ActivityDefinition`s, its vocabularies as `CodeSystem`s (docs/fhir.md).
    Fhir(FhirArgs),
}

#[derive(Debug, clap::Args)]
struct FhirArgs {
    /// The manual: a JSON file, `-` for standard input, or an embedded manual's name (see
    /// `reference --list`) where no such file exists.
    manual: PathBuf,
    #[command(flatten)]
    out_file: OutFile,
}

/// Runs `export`: exit 0 with the bundle written, 1 when the manual has validation errors
/// (nothing is exported), 2 for usage, I/O or parse failures. The output is JSON, so every
/// failure is also `{"error": {"kind", "message"}}` on standard output.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    let Format::Fhir(args) = &args.format;
    let manual = load(&args.manual, "export", input)?;
    let report = manual.validate();
    if report.has_errors() {
        let name = shown_name(&args.manual);
        for finding in report.errors() {
            error_line(&format!("{name}: {finding}"));
        }
        // The message is reported once, by the caller, on standard error and as JSON.
        return Err(Fatal::Invalid(format!(
            "{name} has {} validation error(s); fix them first",
            report.errors().count()
        )));
    }
    let text = fhir::to_json(&fhir::bundle(&manual));
    args.out_file
        .write_text(&[args.manual.as_path()], &text, out)?;
    Ok(EXIT_OK)
}
