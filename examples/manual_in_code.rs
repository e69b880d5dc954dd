//! A two-phase manual built in code: one facilitator per practice, monthly visits during
//! engagement, quarterly ones after. Run with `cargo run --example manual_in_code`.

use practice_coaching::manual::{
    Channel, Citation, Dose, IntensityLevel, Per, Phase, Prescription, Skill, Source,
};
use practice_coaching::{ContactCount, Length, Manual, Minutes, Months};

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let why = vec![Citation::design(
        "A first draft: the dose is not settled yet.",
    )];
    // One level: one or two in-person visits of about 90 minutes per `per`.
    let level = |key: &str, name: &str, per: Per| -> Result<IntensityLevel, Error> {
        let (one, two) = (ContactCount::new(1)?, ContactCount::new(2)?);
        let visits = Prescription::new(Channel::InPerson, one, two, per, why.clone())
            .lasting(Minutes::new(90)?);
        Ok(IntensityLevel::new(
            key,
            name,
            name,
            vec![visits],
            why.clone(),
        )?)
    };
    // One phase of at least `months`, starting at `level`.
    let phase = |key: &str, purpose: &str, months: u16, level: &str| -> Result<Phase, Error> {
        let length = Length::Months(Months::new(months)?);
        Ok(Phase::new(key, key, purpose, length, level, why.clone())?)
    };

    let mut manual = Manual::new(
        "clinic-facilitation",
        "Clinic facilitation manual (draft)",
        "0.1.0".parse()?,
        "One facilitator per practice: monthly visits at first, then quarterly.",
    )?;
    manual
        .sources
        .push(Source::new("draft", "Internal draft, 2026.")?);
    manual.phases = vec![
        phase("engagement", "Agree what coaching is for.", 3, "monthly")?,
        phase("sustainment", "Keep the changes going.", 9, "quarterly")?,
    ];
    manual.intensity_levels = vec![
        level("monthly", "A visit a month", Per::Month)?,
        level("quarterly", "A visit a quarter", Per::Quarter)?,
    ];
    let facilitation = "Helping a care team find its own answers.";
    manual.skills.push(Skill::core(
        "facilitation",
        "Facilitation",
        facilitation,
        why,
    )?);

    // Validation names what a reader should still add: here, exit criteria for each phase.
    for finding in manual.validate().diagnostics() {
        println!("{finding}");
    }
    for level in &manual.intensity_levels {
        let year = level.annual(Channel::InPerson).unwrap_or_default();
        let hours = Dose::hours(year.min_minutes.unwrap_or(0));
        println!(
            "{}: {} visits, {hours} hours a year",
            level.name, year.min_contacts
        );
    }
    let json = manual.to_json();
    assert_eq!(Manual::from_json(json.as_bytes())?, manual);
    Ok(())
}
