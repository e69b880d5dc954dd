//! Where a manual's citations are: every object holding values, by JSON Pointer.

use super::Citation;
use crate::Manual;

fn all<T>(items: &[T], citations: fn(&T) -> &[Citation]) -> Vec<&[Citation]> {
    items.iter().map(citations).collect()
}

impl Manual {
    /// Every object in the manual that carries citations, with its JSON Pointer. Vocabulary terms
    /// may carry citations but need none: a term is a name, not a value, so only those that
    /// carry some are listed.
    #[must_use]
    pub fn cited_objects(&self) -> Vec<(String, &[Citation])> {
        let manual = self;
        let lists: [(&str, Vec<&[Citation]>); 11] = [
            ("phases", all(&manual.phases, |p| &p.citations)),
            ("strata", all(&manual.strata, |s| &s.citations)),
            ("components", all(&manual.components, |c| &c.citations)),
            (
                "intensity_levels",
                all(&manual.intensity_levels, |l| &l.citations),
            ),
            ("skills", all(&manual.skills, |s| &s.citations)),
            (
                "qualifications",
                all(&manual.qualifications, |q| &q.citations),
            ),
            ("activities", all(&manual.activities, |a| &a.citations)),
            ("milestones", all(&manual.milestones, |m| &m.citations)),
            ("materials", all(&manual.materials, |m| &m.citations)),
            ("measures", all(&manual.measures, |m| &m.citations)),
            ("figures", all(&manual.figures, |f| &f.citations)),
        ];
        let mut out: Vec<(String, &[Citation])> = Vec::new();
        for (name, items) in lists {
            for (i, citations) in items.into_iter().enumerate() {
                out.push((format!("/{name}/{i}"), citations));
            }
        }
        for (i, level) in manual.intensity_levels.iter().enumerate() {
            if let Some(tailored) = &level.tailored {
                out.push((
                    format!("/intensity_levels/{i}/tailored"),
                    &tailored.citations,
                ));
            }
            for (j, prescription) in level.prescriptions.iter().enumerate() {
                out.push((
                    format!("/intensity_levels/{i}/prescriptions/{j}"),
                    &prescription.citations,
                ));
            }
        }
        for (i, figure) in manual.figures.iter().enumerate() {
            for (j, group) in figure.groups.iter().enumerate() {
                out.push((format!("/figures/{i}/groups/{j}"), &group.citations));
            }
        }
        if let Some(goal) = &manual.goal {
            out.push(("/goal".to_owned(), &goal.citations));
        }
        if let Some(setting) = &manual.setting {
            out.push(("/setting".to_owned(), &setting.citations));
        }
        if let Some(replaces) = &manual.replaces {
            out.push(("/replaces".to_owned(), &replaces.citations));
        }
        if let Some(titration) = &manual.titration {
            if let Some(floor) = &titration.floor {
                out.push(("/titration/floor".to_owned(), &floor.citations));
            }
            if let Some(interval) = &titration.min_weeks_between_changes {
                out.push((
                    "/titration/min_weeks_between_changes".to_owned(),
                    &interval.citations,
                ));
            }
            for (i, rule) in titration.rules.iter().enumerate() {
                out.push((format!("/titration/rules/{i}"), &rule.citations));
            }
        }
        if let Some(team) = &manual.team {
            out.push(("/team".to_owned(), &team.citations));
            if let Some(policy) = &team.for_coaches_without {
                out.push(("/team/for_coaches_without".to_owned(), &policy.citations));
            }
        }
        if let Some(caseload) = &manual.caseload {
            out.push(("/caseload".to_owned(), &caseload.citations));
        }
        if let Some(collaborative) = &manual.collaborative {
            out.push(("/collaborative".to_owned(), &collaborative.citations));
            for (member, count) in [
                ("delegates", &collaborative.delegates),
                ("faculty", &collaborative.faculty),
                ("teams", &collaborative.teams),
            ] {
                if let Some(count) = count {
                    out.push((format!("/collaborative/{member}"), &count.citations));
                }
            }
        }
        if let Some(response) = &manual.response_time {
            out.push(("/response_time".to_owned(), &response.citations));
        }
        let terms = manual.vocabularies.cited_terms();
        out.extend(terms);
        out
    }
}
