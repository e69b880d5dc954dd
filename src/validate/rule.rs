//! The rule catalogue: every code a finding can carry, with its severity, summary and source.
//!
//! docs/rules.md is generated from this table ([`Rule::catalogue_markdown`]) and a test keeps
//! the two equal.

use std::fmt;

use serde::{Serialize, Serializer};

use super::Severity;
use crate::manual::Requirement;

/// How serious breaking a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleSeverity {
    /// Always an error.
    Error,
    /// Always a warning.
    Warning,
    /// The manual decides: an error where its check is `required`, a warning where
    /// `recommended`.
    Policy,
}

impl RuleSeverity {
    /// `error`, `warning` or `policy`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Policy => "policy",
        }
    }

    /// The severity of a finding, unless the manual decides it.
    #[must_use]
    pub const fn fixed(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Policy => None,
        }
    }

    /// The severity of a finding of a policy rule under `requirement`; `None` for a check the
    /// manual does not require, which never runs.
    #[must_use]
    pub const fn under(requirement: Requirement) -> Option<Severity> {
        match requirement {
            Requirement::Required => Some(Severity::Error),
            Requirement::Recommended => Some(Severity::Warning),
            Requirement::NotRequired => None,
        }
    }
}

macro_rules! rules {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $code:literal, $area:literal, $severity:ident, $source:expr, $summary:literal;
    )*) => {
        /// A validation rule; its [`code`](Rule::code) is what findings and the catalogue show.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $(
                #[doc = $summary]
                $(#[$doc])*
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable lower-kebab code, e.g. `phase-weeks-inverted`.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// The part of the document the rule checks, e.g. `phases`.
            #[must_use]
            pub const fn area(self) -> &'static str {
                match self { $(Rule::$variant => $area,)* }
            }

            /// Error, warning, or policy (decided by the manual).
            #[must_use]
            pub const fn severity(self) -> RuleSeverity {
                match self { $(Rule::$variant => RuleSeverity::$severity,)* }
            }

            /// What the rule checks, in one sentence.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }

            /// Where the rule comes from: the source study and locator, or `design`.
            #[must_use]
            pub fn source(self) -> &'static str {
                match self { $(Rule::$variant => $source,)* }
            }
        }
    };
}

rules! {
    SourceKeyDuplicate = "source-key-duplicate", "identity", Error, "design",
        "Two sources share a key.";
    SourceUnknown = "source-unknown", "identity", Error, "design",
        "A citation names a source key the manual does not list.";
    CitationRationaleMissing = "citation-rationale-missing", "identity", Error, "design",
        "A `design` or `derived` citation gives no rationale.";
    CitationSourceMissing = "citation-source-missing", "identity", Error, "design",
        "A `reported`, `participant_report` or `cited` citation names no source.";
    CitationsMissing = "citations-missing", "identity", Error, "design",
        "An object holding configurable values has no citation, so its values are unsourced.";
    PhaseNone = "phase-none", "phases", Error, "design",
        "The manual defines no phase.";
    PhaseKeyDuplicate = "phase-key-duplicate", "phases", Error, "design",
        "Two phases share a key.";
    PhaseWeeksInverted = "phase-weeks-inverted", "phases", Error, "design",
        "A phase's `max_weeks` is below its `min_weeks`.";
    PhaseLevelUnknown = "phase-level-unknown", "phases", Error, "design",
        "A phase's `starting_level` names no intensity level.";
    PhaseSkillUnknown = "phase-skill-unknown", "phases", Error, "design",
        "A phase leans on a skill key the manual does not define.";
    CriterionKeyDuplicate = "criterion-key-duplicate", "phases", Error, "design",
        "Two criteria of one phase (entry and exit together) share a key.";
    PhaseExitCriteriaMissing = "phase-exit-criteria-missing", "phases", Warning, "design",
        "A phase has no exit criteria, so leaving it is decided by time alone.";
    CriterionMeasureUnknown = "criterion-measure-unknown", "phases", Error, "design",
        "A criterion names a measure key the manual does not define.";
    LevelNone = "level-none", "dose", Error, "design",
        "The manual defines no intensity level.";
    LevelKeyDuplicate = "level-key-duplicate", "dose", Error, "design",
        "Two intensity levels share a key.";
    DoseChannelDuplicate = "dose-channel-duplicate", "dose", Error, "design",
        "A level (or the titration floor) lists the same channel twice.";
    DoseContactsInverted = "dose-contacts-inverted", "dose", Error, "design",
        "A prescription's `max_contacts` is below its `min_contacts`.";
    DoseMinutesInverted = "dose-minutes-inverted", "dose", Error, "design",
        "A prescription's `max_minutes` is below its `min_minutes`.";
    DoseMinutesPartial = "dose-minutes-partial", "dose", Error, "design",
        "A channel gives minutes at some levels but not at this one, so doses cannot be compared.";
    DoseBelowFloor = "dose-below-floor", "dose", Error, "design",
        "A level prescribes fewer contacts a year on a channel than the titration floor.";
    LevelOrder = "level-order", "dose", Warning, "design",
        "A level does not dominate the next one (at least as much on every channel and figure, more on one), although levels run from most to least intensive.";
    TitrationReferenceUnknown = "titration-reference-unknown", "titration", Error, "design",
        "A titration rule names a phase, exit criterion or level the manual does not define.";
    TitrationLevelUnreachable = "titration-level-unreachable", "titration", Warning, "design",
        "A level is neither a phase's starting level nor reachable from one by the titration rules.";
    TitrationRuleKeyDuplicate = "titration-rule-key-duplicate", "titration", Error, "design",
        "Two titration rules share a key.";
    TitrationRuleShadowed = "titration-rule-shadowed", "titration", Warning, "design",
        "An earlier titration rule fires for every event this one fires for (the same trigger, or the same kind with fewer weeks), and the first matching rule applies, so this one never does.";
    SkillKeyDuplicate = "skill-key-duplicate", "skills", Error, "design",
        "Two skills share a key.";
    SkillCoreNone = "skill-core-none", "skills", Error, HENWOOD_DISCUSSION,
        "The manual defines no core skill, though core skills are what every coach must hold.";
    SkillSpecialtyDisciplineMissing = "skill-specialty-discipline-missing", "skills", Error, "design",
        "A specialty skill names no discipline that holds it.";
    SkillCoreDisciplineSet = "skill-core-discipline-set", "skills", Error, "design",
        "A core skill names disciplines, though core skills are expected of every coach.";
    DyadDisciplines = "dyad-disciplines", "pairing", Error, HENWOOD_INTRO,
        "The dyad rule does not name exactly two distinct disciplines.";
    LogisticsMeetingKeyDuplicate = "logistics-meeting-key-duplicate", "logistics", Error, "design",
        "Two meetings share a key.";
    LogisticsDebriefMissing = "logistics-debrief-missing", "logistics", Warning, HENWOOD_SP11,
        "Dyads are used but no post-visit debrief is planned (dyad coaches debriefed to stay consistent).";
    MeasureKeyDuplicate = "measure-key-duplicate", "measures", Error, "design",
        "Two measures share a key.";
    FigureKeyDuplicate = "figure-key-duplicate", "figures", Error, "design",
        "Two figures share a key.";
    FigureRangeInverted = "figure-range-inverted", "figures", Error, "design",
        "A figure's value lies outside its own low-high range.";
    ProgramManualMismatch = "program-manual-mismatch", "program", Error, "design",
        "The program names a manual id or version other than the manual it is checked against.";
    OrganizationIdDuplicate = "organization-id-duplicate", "program", Error, "design",
        "Two organizations share an id.";
    SiteIdDuplicate = "site-id-duplicate", "program", Error, "design",
        "Two sites share an id.";
    CoachIdDuplicate = "coach-id-duplicate", "program", Error, "design",
        "Two coaches share an id.";
    DyadIdDuplicate = "dyad-id-duplicate", "program", Error, "design",
        "Two dyads share an id.";
    SiteOrganizationUnknown = "site-organization-unknown", "program", Error, "design",
        "A site names an organization id the program does not list.";
    DyadCoachUnknown = "dyad-coach-unknown", "dyads", Error, "design",
        "A dyad names a coach id the program does not list.";
    DyadSize = "dyad-size", "dyads", Error, HENWOOD_INTRO,
        "A dyad does not name exactly two distinct coaches.";
    DyadDisciplineMismatch = "dyad-discipline-mismatch", "dyads", Error, HENWOOD_INTRO,
        "A dyad's two coaches do not cover the two disciplines of the manual's dyad rule, one each.";
    AssignmentSiteUnknown = "assignment-site-unknown", "assignments", Error, "design",
        "An assignment names a site id the program does not list.";
    AssignmentAssigneeUnknown = "assignment-assignee-unknown", "assignments", Error, "design",
        "An assignment names a coach or dyad id the program does not list.";
    AssignmentDateDuplicate = "assignment-date-duplicate", "assignments", Error, "design",
        "Two assignments of one site start on the same date, so the current one is ambiguous.";
    SiteUnassigned = "site-unassigned", "assignments", Warning, "design",
        "A site has no assignment: no coach or dyad coaches it.";
    SiteDyadRequired = "site-dyad-required", "assignments", Error, HENWOOD_DYADS,
        "The manual's dyad rule requires a dyad for this site, but its current assignment is a single coach.";
    CoachSkillUnknown = "coach-skill-unknown", "coaches", Error, "design",
        "A coach holds a skill key the manual does not define.";
    CoachDegreeBelowMinimum = "coach-degree-below-minimum", "coaches", Policy, AHRQ,
        "A coach's highest degree is below the manual's minimum degree.";
    CoachExperienceBelowMinimum = "coach-experience-below-minimum", "coaches", Policy, AHRQ,
        "A coach has fewer years of health care experience than the manual asks.";
    CoachCoreSkillMissing = "coach-core-skill-missing", "coaches", Policy, HENWOOD_DISCUSSION,
        "A coach does not hold every core skill of the manual.";
    CoachTransformationExperienceMissing = "coach-transformation-experience-missing", "coaches", Policy, HENWOOD_INTRO,
        "A coach has not worked in a clinic that went through transformation.";
    CoachIntegratedExperienceMissing = "coach-integrated-experience-missing", "coaches", Policy, HENWOOD_DISCUSSION,
        "A coach has no integrated-care experience.";
    CoachSoloWithoutIntegratedExperience = "coach-solo-without-integrated-experience", "coaches", Warning, HENWOOD_DISCUSSION,
        "A coach without integrated-care experience coaches a site alone; such coaches may be better supported by a team-based model.";
    CaseloadOverThreshold = "caseload-over-threshold", "coaches", Warning, "design",
        "A coach's current sites (a dyad's site counts for both) exceed the manual's caseload threshold.";
    RelationshipSiteUnknown = "relationship-site-unknown", "relationships", Error, "design",
        "A coaching relationship names a site id the program does not list.";
    RelationshipDuplicate = "relationship-duplicate", "relationships", Error, "design",
        "A site has more than one coaching relationship.";
    RelationshipEndBeforeStart = "relationship-end-before-start", "relationships", Error, "design",
        "A relationship ends before it starts.";
    RelationshipDateOutside = "relationship-date-outside", "relationships", Error, "design",
        "A phase transition, titration decision or contact falls before the relationship's start or after its end.";
    RelationshipDatesUnordered = "relationship-dates-unordered", "relationships", Error, "design",
        "Phase transitions or titration decisions are not in date order (or two fall on one day).";
    RelationshipFirstPhase = "relationship-first-phase", "relationships", Error, "design",
        "A relationship does not open with the manual's first phase on its start date.";
    PhaseTransitionUnknown = "phase-transition-unknown", "relationships", Error, "design",
        "A phase transition names a phase the manual does not define.";
    PhaseTransitionOrder = "phase-transition-order", "relationships", Error, "design",
        "A phase transition skips ahead or repeats the phase in force, instead of moving to the next phase in the manual's order.";
    PhaseBackWithoutReason = "phase-back-without-reason", "relationships", Error, "design",
        "A transition back to an earlier phase gives no reason.";
    PhaseDurationOutside = "phase-duration-outside", "relationships", Warning, "design",
        "A completed phase lasted fewer weeks than its minimum or more than its maximum.";
    DecisionLevelUnknown = "decision-level-unknown", "relationships", Error, "design",
        "A titration decision names a level the manual does not define.";
    DecisionRuleUnknown = "decision-rule-unknown", "relationships", Error, "design",
        "A titration decision names a rule the manual does not define.";
    DecisionBelowFloor = "decision-below-floor", "relationships", Error, HENWOOD_INTRO,
        "A titration decision sets a level that prescribes less than the titration floor.";
    DecisionInterval = "decision-interval", "relationships", Error, "design",
        "A titration decision comes sooner after the previous one than the manual's minimum interval, and its rule does not override the interval.";
    DecisionReasonMissing = "decision-reason-missing", "relationships", Error, "design",
        "A titration decision gives no reason, though its rule requires one or it names no rule.";
    ContactCoachUnassigned = "contact-coach-unassigned", "relationships", Error, "design",
        "A contact lists a coach who was not assigned to the site (alone or in its dyad) on that date.";
    ContactTopicUnknown = "contact-topic-unknown", "relationships", Error, "design",
        "A contact's topic names a skill the manual does not define.";
    ContactMinutesAboveMaximum = "contact-minutes-above-maximum", "relationships", Warning, HENWOOD_INTRO,
        "An in-person contact lasted longer than the level in force allows (up to a half-day in the reference).";
    DyadVisitDebriefMissing = "dyad-visit-debrief-missing", "relationships", Warning, HENWOOD_SP11,
        "A joint dyad visit records no debrief afterwards.";
}

const HENWOOD_INTRO: &str = "Henwood et al. 2020, Introduction";
const HENWOOD_DISCUSSION: &str = "Henwood et al. 2020, Discussion";
const HENWOOD_DYADS: &str = "Henwood et al. 2020, Introduction and Results; SP 4";
const AHRQ: &str = "AHRQ, cited by Henwood et al. 2020 (ref 16), Discussion";
const HENWOOD_SP11: &str = "Henwood et al. 2020, Results (SP 11)";

impl Rule {
    /// The rule with `code`.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// The catalogue as Markdown: the text of docs/rules.md.
    #[must_use]
    pub fn catalogue_markdown() -> String {
        let mut out = String::from(
            "# Rule catalogue\n\n\
             Generated from `practice_coaching::Rule` by `BLESS=1 cargo test --all-features`; \
             do not edit by hand.\n\n\
             Severity `policy` means the manual decides: an error where its qualification \
             check is `required`, a warning where `recommended`. Source `design` marks a rule \
             this crate adds for consistency, not a finding of the source study.\n",
        );
        let mut area = "";
        for rule in Self::ALL {
            if rule.area() != area {
                area = rule.area();
                out.extend([
                    "\n## ",
                    area,
                    "\n\n",
                    "| code | severity | summary | source |\n|---|---|---|---|\n",
                ]);
            }
            out.extend([
                "| `",
                rule.code(),
                "` | ",
                rule.severity().as_str(),
                " | ",
                rule.summary(),
                " | ",
                rule.source(),
                " |\n",
            ]);
        }
        out
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_lower_kebab_and_round_trip() {
        for rule in Rule::ALL {
            assert!(crate::Key::new(rule.code()).is_ok(), "{rule}");
            assert_eq!(Rule::from_code(rule.code()), Some(*rule));
        }
        let mut codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Rule::ALL.len());
    }
}
