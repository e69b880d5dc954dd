//! Checking a program against its manual, and reading the findings a person would act on.
//! Run with `cargo run --example check_program [PROGRAM.json [MANUAL.json]]`; without
//! arguments it checks the embedded EvidenceNOW sample program, with one mistake planted.

use practice_coaching::{Manual, Program, Severity, reference};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (program, manual) = match args.as_slice() {
        [program] => {
            let program = Program::from_json(&std::fs::read(program)?)?;
            // The embedded manual whose id and version the program's requirement accepts.
            let (_, manual) =
                reference::find_manual(&program.manual.id, &program.manual.version)
                    .ok_or("no embedded manual matches; pass the manual as a second argument")?;
            (program, manual.clone())
        }
        [program, manual] => (
            Program::from_json(&std::fs::read(program)?)?,
            Manual::from_json(&std::fs::read(manual)?)?,
        ),
        _ => {
            let mut program = reference::evidencenow_sample_program().clone();
            // A mistake: the first contact is logged by the last coach, who coaches elsewhere.
            let other = program.coaches.last().ok_or("no coaches")?.id;
            if let Some(contact) = program
                .relationships
                .first_mut()
                .and_then(|r| r.contacts.first_mut())
            {
                contact.coaches = vec![other];
            }
            (program, reference::evidencenow().clone())
        }
    };
    let report = program.validate(&manual);
    for finding in report.diagnostics() {
        let mark = match finding.severity {
            Severity::Error => "error  ",
            Severity::Warning => "warning",
        };
        println!("{mark} {} at {}", finding.rule, finding.path);
        println!("        {}", finding.message);
    }
    println!(
        "{} errors, {} warnings against {} {}",
        report.errors().count(),
        report.warnings().count(),
        manual.id,
        manual.version
    );
    Ok(())
}
