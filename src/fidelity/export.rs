//! A fidelity reading as tidy CSV: one row per site, period and channel, and one per activity
//! (columns in docs/data-dictionary.md), text guarded against formula injection.

use std::io::Write;

use foldhash::{HashMap, HashMapExt};

use super::period::hours;
use super::score::Fidelity;
use crate::tidy::{cell, writer};
use crate::{EntityId, Program};

/// Site names by id.
fn site_names(program: &Program) -> HashMap<EntityId, &str> {
    let mut names = HashMap::with_capacity(program.sites.len());
    for site in &program.sites {
        names.entry(site.id).or_insert(site.name.as_str());
    }
    names
}

impl Fidelity {
    /// Writes one CSV row per site, period and channel (table `delivered_periods` in
    /// docs/data-dictionary.md), site names from `program`.
    ///
    /// # Errors
    /// Where `out` cannot be written.
    pub fn write_csv<W: Write>(&self, program: &Program, out: W) -> Result<(), csv::Error> {
        let names = site_names(program);
        let mut w = writer(out);
        w.write_record([
            "site_name",
            "site_id",
            "channel",
            "from",
            "until",
            "days",
            "phase",
            "level",
            "per",
            "cut",
            "min_contacts",
            "max_contacts",
            "contacts",
            "fewer_coaches",
            "site_initiated",
            "contact_minutes",
            "contact_hours",
            "coach_minutes",
            "coach_hours",
            "travel_minutes",
            "share_of_minimum",
            "adherence",
        ])?;
        for p in &self.periods {
            let name = names.get(&p.site).copied().unwrap_or_default();
            w.write_record([
                cell(name).as_ref(),
                &p.site.to_string(),
                p.channel.as_str(),
                &p.from.to_string(),
                &p.until.to_string(),
                &p.days().to_string(),
                p.phase.as_str(),
                p.level.as_str(),
                p.per.as_str(),
                if p.cut { "true" } else { "false" },
                &p.min_contacts.to_string(),
                &p.max_contacts.to_string(),
                &p.contacts.to_string(),
                &p.fewer_coaches.to_string(),
                &p.site_initiated.to_string(),
                &p.contact_minutes.to_string(),
                &hours(p.contact_minutes).to_string(),
                &p.coach_minutes.to_string(),
                &hours(p.coach_minutes).to_string(),
                &p.travel_minutes.to_string(),
                &format!("{:.4}", p.share_of_minimum()),
                p.adherence.as_str(),
            ])?;
        }
        w.flush()?;
        Ok(())
    }

    /// Writes one CSV row per activity at a site or program-wide (table
    /// `activity_adherence` in docs/data-dictionary.md).
    ///
    /// # Errors
    /// Where `out` cannot be written.
    pub fn write_activities_csv<W: Write>(
        &self,
        program: &Program,
        out: W,
    ) -> Result<(), csv::Error> {
        let names = site_names(program);
        let mut w = writer(out);
        w.write_record([
            "activity",
            "site_name",
            "site_id",
            "expected",
            "held",
            "share_held",
        ])?;
        for a in &self.activities {
            let (name, id) = a.site.map_or((String::new(), String::new()), |site| {
                let name = names.get(&site).copied().unwrap_or_default();
                (cell(name).into_owned(), site.to_string())
            });
            w.write_record([
                a.activity.as_str(),
                &name,
                &id,
                &a.expected.to_string(),
                &a.held.to_string(),
                &a.share_held()
                    .map_or_else(String::new, |s| format!("{s:.4}")),
            ])?;
        }
        w.flush()?;
        Ok(())
    }
}
