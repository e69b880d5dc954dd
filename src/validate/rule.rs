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
    SourceKeyDuplicate = "source-key-duplicate", "identity", Error, DESIGN,
        "Two sources share a key.";
    SourceDoiInvalid = "source-doi-invalid", "identity", Error, DESIGN,
        "A source's DOI is not a DOI (`10.` a registrant code, `/`, a suffix; no `https://doi.org/` prefix).";
    SourceUrlInvalid = "source-url-invalid", "identity", Error, DESIGN,
        "A source's `url` is neither an `http` or `https` address with a host nor a DOI (`doi:10.…` or `10.…`), e.g. `javascript:`, which no rendering can link.";
    SourceUnknown = "source-unknown", "identity", Error, DESIGN,
        "A citation names a source key the manual does not list.";
    CitationRationaleMissing = "citation-rationale-missing", "identity", Error, DESIGN,
        "A `design` or `derived` citation gives no rationale.";
    CitationSourceMissing = "citation-source-missing", "identity", Error, DESIGN,
        "A `reported`, `participant_report`, `cited` or `derived` citation names no source.";
    CitationsMissing = "citations-missing", "identity", Error, DESIGN,
        "An object holding configurable values has no citation, so its values are unsourced.";
    TextBlank = "text-blank", "identity", Error, DESIGN,
        "A name, title or other required text is empty or only whitespace.";
    VocabularyKeyDuplicate = "vocabulary-key-duplicate", "vocabularies", Error, DESIGN,
        "Two entries of one vocabulary share a key.";
    VocabularyKeyUnknown = "vocabulary-key-unknown", "vocabularies", Error, DESIGN,
        "A key names no entry of the manual's vocabulary it belongs to (disciplines, roles, degrees, certifications, experience, site, activity or measure kinds).";
    ListEntryDuplicate = "list-entry-duplicate", "vocabularies", Error, DESIGN,
        "A list names the same key or id twice (disciplines, skills, roles, topics, coaches of a contact).";
    PhaseNone = "phase-none", "phases", Error, DESIGN,
        "The manual defines no phase.";
    PhaseKeyDuplicate = "phase-key-duplicate", "phases", Error, DESIGN,
        "Two phases share a key.";
    PhaseLengthInverted = "phase-length-inverted", "phases", Error, DESIGN,
        "A phase's planned maximum length is shorter than its minimum.";
    PhaseLengthZero = "phase-length-zero", "phases", Error, DESIGN,
        "A phase's planned maximum length is zero, so no one could ever be in it.";
    PhaseLevelUnknown = "phase-level-unknown", "phases", Error, DESIGN,
        "A phase's `starting_level` names no intensity level.";
    PhaseSkillUnknown = "phase-skill-unknown", "phases", Error, DESIGN,
        "A phase leans on a skill key the manual does not define.";
    CriterionKeyDuplicate = "criterion-key-duplicate", "phases", Error, DESIGN,
        "Two criteria of one phase (entry and exit together) share a key.";
    PhaseExitCriteriaMissing = "phase-exit-criteria-missing", "phases", Warning, DESIGN,
        "A phase has no exit criteria, so leaving it is decided by time alone, where other phases of the manual have some (a manual whose sources give no exit criteria leaves them out everywhere).";
    CriterionMeasureUnknown = "criterion-measure-unknown", "phases", Error, DESIGN,
        "A criterion names a measure key the manual does not define.";
    PhaseNeverLeft = "phase-never-left", "phases", Warning, DESIGN,
        "A phase before this one has no maximum length and no exit criteria, so it is never left and this phase can never be entered.";
    PhaseOutOfOrder = "phase-out-of-order", "phases", Warning, DESIGN,
        "A phase's entry criterion measures what only a later phase's exit criterion produces (matched by measure key), so the phases seem out of order.";
    StratumKeyDuplicate = "stratum-key-duplicate", "strata", Error, DESIGN,
        "Two strata share a key.";
    StratumPhaseUnknown = "stratum-phase-unknown", "strata", Error, DESIGN,
        "A stratum sets the entry into a phase the manual does not define.";
    StratumMonthsInvalid = "stratum-months-invalid", "strata", Error, DESIGN,
        "A stratum names no month, month 0 (months count from 1, the relationship's first), or one month twice.";
    LevelNone = "level-none", "dose", Error, DESIGN,
        "The manual defines no intensity level.";
    LevelKeyDuplicate = "level-key-duplicate", "dose", Error, DESIGN,
        "Two intensity levels share a key.";
    DoseChannelDuplicate = "dose-channel-duplicate", "dose", Error, DESIGN,
        "A level (or the titration floor) lists the same channel twice, counting the channels whose dose it says is not reported.";
    DoseContactsInverted = "dose-contacts-inverted", "dose", Error, DESIGN,
        "A prescription's `max_contacts` is below its `min_contacts`.";
    DoseMinutesInverted = "dose-minutes-inverted", "dose", Error, DESIGN,
        "A prescription's minutes are out of order: `max_minutes` below `min_minutes`, or `typical_minutes` outside them.";
    DoseMinutesPartial = "dose-minutes-partial", "dose", Error, DESIGN,
        "A channel gives minutes at some levels but not at this one, so doses cannot be compared.";
    DoseMinutesImplausible = "dose-minutes-implausible", "dose", Warning, DESIGN,
        "A contact length is implausible for its channel: in person under 15 or over 600 minutes, remote under 5 or over 240.";
    DoseBelowFloor = "dose-below-floor", "dose", Error, MANUAL_FLOOR,
        "A level prescribes fewer contacts a year on a channel than the titration floor.";
    DoseCoachesWithoutTeam = "dose-coaches-without-team", "dose", Error, DESIGN,
        "A prescription has more coaches per contact than one, but the manual has no team rule, or more than its team has.";
    DoseJointSingleCoach = "dose-joint-single-coach", "dose", Error, MANUAL_TEAM,
        "The team rule gives every site a team and makes contacts joint, but an in-person prescription has one coach per contact.";
    DoseModeChannel = "dose-mode-channel", "dose", Error, DESIGN,
        "A prescription lists a contact mode of another channel, e.g. `video` for in-person visits.";
    DoseModeDuplicate = "dose-mode-duplicate", "dose", Error, DESIGN,
        "A prescription lists the same contact mode twice.";
    DoseIntervalInvalid = "dose-interval-invalid", "dose", Error, DESIGN,
        "A prescription's interval between contacts is zero, or its longest is shorter than its shortest.";
    DoseIntervalCounts = "dose-interval-counts", "dose", Error, DESIGN,
        "A prescription's counts are not those its interval gives per period (the period over the longest and the shortest interval, each rounded to the nearest contact), or are per phase or relationship, whose length an interval alone does not give.";
    LevelOrder = "level-order", "dose", Warning, DESIGN,
        "A level does not dominate the next one (at least as much on every channel and figure, more on one), although levels run from most to least intensive.";
    TitrationReferenceUnknown = "titration-reference-unknown", "titration", Error, DESIGN,
        "A titration rule names a phase, a criterion of that phase, or a level the manual does not define.";
    TitrationLevelUnreachable = "titration-level-unreachable", "titration", Warning, DESIGN,
        "A level is neither a phase's starting level nor reachable from one by the titration rules.";
    TitrationRuleKeyDuplicate = "titration-rule-key-duplicate", "titration", Error, DESIGN,
        "Two titration rules share a key.";
    TitrationRuleShadowed = "titration-rule-shadowed", "titration", Warning, DESIGN,
        "An earlier titration rule fires for every event this one fires for (the same trigger, or the same kind with fewer weeks), and the first matching rule applies, so this one never does.";
    TitrationRuleNeverFires = "titration-rule-never-fires", "titration", Warning, DESIGN,
        "A weeks-in-phase trigger waits longer than the phase's planned maximum, or a criterion trigger reads a criterion without a measure.";
    SkillKeyDuplicate = "skill-key-duplicate", "skills", Error, DESIGN,
        "Two skills share a key.";
    SkillCoreNone = "skill-core-none", "skills", Error, DESIGN,
        "The manual lists skills but no core skill, though core skills are what every coach must hold (a manual whose sources name no skills leaves the section out).";
    SkillSpecialtyHolderMissing = "skill-specialty-holder-missing", "skills", Error, DESIGN,
        "A specialty skill names no discipline or role whose coaches hold it.";
    SkillCoreHolderSet = "skill-core-holder-set", "skills", Error, DESIGN,
        "A core skill names disciplines or roles, though core skills are expected of every coach.";
    QualificationDuplicate = "qualification-duplicate", "qualifications", Error, DESIGN,
        "Two qualification checks ask the same thing of the same coaches.";
    TeamRoleDuplicate = "team-role-duplicate", "team", Error, DESIGN,
        "The team rule lists one role twice.";
    TeamSkillUnknown = "team-skill-unknown", "team", Error, DESIGN,
        "A team role asks for a skill key the manual does not define.";
    TeamPointOfContactMultiple = "team-point-of-contact-multiple", "team", Error, DESIGN,
        "More than one role of the team rule is the site's regular point of contact.";
    ActivityKeyDuplicate = "activity-key-duplicate", "activities", Error, DESIGN,
        "Two activities share a key.";
    ActivityMinutesZero = "activity-minutes-zero", "activities", Error, DESIGN,
        "An activity is planned to last zero minutes.";
    ActivityMinutesInverted = "activity-minutes-inverted", "activities", Error, DESIGN,
        "An activity's `max_minutes` is below its `min_minutes`.";
    ActivityJointWithoutTeam = "activity-joint-without-team", "activities", Error, DESIGN,
        "An activity goes with joint contacts only, but the manual has no team rule with joint contacts.";
    ActivityMilestoneUnknown = "activity-milestone-unknown", "activities", Error, DESIGN,
        "An activity is held at a milestone the manual does not define.";
    ActivitySeriesAnchorUnknown = "activity-series-anchor-unknown", "activities", Error, DESIGN,
        "A site's periodic activity starts at a phase or milestone, or stops at a phase, the manual does not define.";
    ActivitySeriesProgramWide = "activity-series-program-wide", "activities", Error, DESIGN,
        "A program-wide periodic activity names where it starts or stops, which only a site's series can.";
    ActivityChannelUnprescribed = "activity-channel-unprescribed", "activities", Warning, DESIGN,
        "An activity goes with contacts on a channel no intensity level prescribes, so it is never held.";
    MilestoneKeyDuplicate = "milestone-key-duplicate", "milestones", Error, DESIGN,
        "Two milestones share a key.";
    MilestonePhaseUnknown = "milestone-phase-unknown", "milestones", Error, DESIGN,
        "A milestone is anchored to a phase the manual does not define.";
    MilestoneRepeatZero = "milestone-repeat-zero", "milestones", Error, DESIGN,
        "A repeating milestone repeats every zero weeks or months.";
    MilestoneAfterRelationship = "milestone-after-relationship", "milestones", Warning, DESIGN,
        "A milestone (or its last repeat) falls after the longest relationship the manual plans, every phase at its maximum, so it is never reached; silent where a phase is open-ended.";
    MaterialKeyDuplicate = "material-key-duplicate", "materials", Error, DESIGN,
        "Two materials share a key.";
    ComponentKeyDuplicate = "component-key-duplicate", "components", Error, DESIGN,
        "Two components share a key.";
    CollaborativeDatesUnordered = "collaborative-dates-unordered", "collaborative", Error, DESIGN,
        "Dated learning sessions are not in date order, or two fall on one day.";
    CollaborativeHeadcountInverted = "collaborative-headcount-inverted", "collaborative", Error, DESIGN,
        "A collaborative's delegates, faculty or teams give a `max` below their `min`.";
    MeasureKeyDuplicate = "measure-key-duplicate", "measures", Error, DESIGN,
        "Two measures share a key.";
    FigureKeyDuplicate = "figure-key-duplicate", "figures", Error, DESIGN,
        "Two figures share a key.";
    FigureEmpty = "figure-empty", "figures", Error, DESIGN,
        "A figure gives no number (a value, a low or high, a spread) and no group, or one of its groups gives no number.";
    FigureRangeInverted = "figure-range-inverted", "figures", Error, DESIGN,
        "A figure's (or a group's) high is below its low, its value lies outside its own low-high range, or its third quartile is below its first.";
    FigureSdWithoutValue = "figure-sd-without-value", "figures", Error, DESIGN,
        "A figure (or a group) gives a standard deviation but no value, the mean it spreads around.";
    FigureGroupDuplicate = "figure-group-duplicate", "figures", Error, DESIGN,
        "Two groups of one figure share a name.";
    FigureToleranceBelowOne = "figure-tolerance-below-one", "figures", Error, DESIGN,
        "A figure's tolerance is below 1, though it is a factor by which the manual may stray from the figure.";
    FigureFarFromManual = "figure-far-from-manual", "figures", Warning, DESIGN,
        "The manual's value that a published figure describes strays from the figure and from each of its groups: outside its lowest and highest, and beyond its tolerance (a factor of 2 unless the figure gives its own) around its value and spread (one standard deviation each way, or its quartiles).";
    ProgramManualMismatch = "program-manual-mismatch", "program", Error, DESIGN,
        "The program names a manual id, or a version requirement (now or for an earlier stretch), that no manual it is checked against meets.";
    ProgramManualVersionsUnordered = "program-manual-versions-unordered", "program", Error, DESIGN,
        "The earlier versions of the program's manual are not in date order: each is followed until a day after the previous one's.";
    RecordedActivityUnknown = "recorded-activity-unknown", "program", Error, DESIGN,
        "`recorded_activities` names an activity no manual in force defines.";
    RecordedActivityDuplicate = "recorded-activity-duplicate", "program", Error, DESIGN,
        "`recorded_activities` names an activity twice.";
    OrganizationIdDuplicate = "organization-id-duplicate", "program", Error, DESIGN,
        "Two organizations share an id.";
    SiteIdDuplicate = "site-id-duplicate", "program", Error, DESIGN,
        "Two sites share an id.";
    CoachIdDuplicate = "coach-id-duplicate", "program", Error, DESIGN,
        "Two coaches share an id.";
    TeamIdDuplicate = "team-id-duplicate", "program", Error, DESIGN,
        "Two teams share an id.";
    SiteOrganizationUnknown = "site-organization-unknown", "program", Error, DESIGN,
        "A site names an organization id the program does not list.";
    SiteStratumUnknown = "site-stratum-unknown", "program", Error, DESIGN,
        "A site names a stratum its manual does not define.";
    TeamWithoutRule = "team-without-rule", "teams", Error, MANUAL_TEAM,
        "The program has teams, but its manual has no team rule: it coaches with single coaches.";
    TeamCoachUnknown = "team-coach-unknown", "teams", Error, DESIGN,
        "A team names a coach id the program does not list.";
    TeamRolesMismatch = "team-roles-mismatch", "teams", Error, MANUAL_TEAM,
        "A team's members do not fill the roles of the manual's team rule, each as many times as it says.";
    TeamMemberUnqualified = "team-member-unqualified", "teams", Error, MANUAL_TEAM,
        "A team member lacks the discipline or skills the team rule asks of their role.";
    TeamDuplicate = "team-duplicate", "teams", Warning, DESIGN,
        "Two teams are made of the same coaches.";
    AssignmentSiteUnknown = "assignment-site-unknown", "assignments", Error, DESIGN,
        "An assignment names a site id the program does not list.";
    AssignmentAssigneeUnknown = "assignment-assignee-unknown", "assignments", Error, DESIGN,
        "An assignment names a coach or team id the program does not list.";
    AssignmentDatesInverted = "assignment-dates-inverted", "assignments", Error, DESIGN,
        "An assignment ends before it starts.";
    AssignmentOverlap = "assignment-overlap", "assignments", Error, DESIGN,
        "Two assignments of one site are in force on the same day.";
    SiteUnassigned = "site-unassigned", "assignments", Warning, DESIGN,
        "A site has no assignment: no coach or team coaches it.";
    SiteTeamRequired = "site-team-required", "assignments", Error, MANUAL_TEAM,
        "The team rule of a manual in force while an assignment runs requires a team for this site, but the assignment gives it a single coach.";
    CoachSkillUnknown = "coach-skill-unknown", "coaches", Error, DESIGN,
        "A coach holds a skill key the manual does not define.";
    CoachDegreeBelowMinimum = "coach-degree-below-minimum", "coaches", Policy, MANUAL_QUALIFICATIONS,
        "A coach holds no declared degree at the level of the manual's minimum-degree check.";
    CoachExperienceBelowMinimum = "coach-experience-below-minimum", "coaches", Policy, MANUAL_QUALIFICATIONS,
        "A coach has fewer years of an experience kind than a qualification check asks.";
    CoachExperienceMissing = "coach-experience-missing", "coaches", Policy, MANUAL_QUALIFICATIONS,
        "A coach has no experience of a kind a qualification check asks for.";
    CoachCertificationMissing = "coach-certification-missing", "coaches", Policy, MANUAL_QUALIFICATIONS,
        "A coach lacks a certification a qualification check asks for.";
    CoachDisciplineMissing = "coach-discipline-missing", "coaches", Policy, MANUAL_QUALIFICATIONS,
        "A coach holds none of the disciplines a qualification check accepts.";
    CoachTrainingBelowMinimum = "coach-training-below-minimum", "coaches", Policy, MANUAL_QUALIFICATIONS,
        "A coach has fewer training hours than a qualification check asks (or none recorded).";
    CoachCoreSkillMissing = "coach-core-skill-missing", "coaches", Policy, MANUAL_QUALIFICATIONS,
        "A coach does not hold every core skill of the manual, which a qualification check asks.";
    CoachSoloWithoutExperience = "coach-solo-without-experience", "coaches", Policy, MANUAL_TEAM,
        "A coach without the experience the team rule names coaches a site alone on the day validated (under the assignment in force then, or still open where no day is given), though the manual recommends (or requires) a team for them.";
    CaseloadOverThreshold = "caseload-over-threshold", "coaches", Warning, MANUAL_CASELOAD,
        "A coach's sites on the day validated (relationships active then under assignments in force then, or still open where no day is given; a team's site counts for each member) exceed the coach's own `capacity`, or where the coach has none, the manual's caseload threshold.";
    RelationshipSiteUnknown = "relationship-site-unknown", "relationships", Error, DESIGN,
        "A coaching relationship names a site id the program does not list.";
    RelationshipDuplicate = "relationship-duplicate", "relationships", Error, DESIGN,
        "A site has more than one coaching relationship.";
    RelationshipEndBeforeStart = "relationship-end-before-start", "relationships", Error, DESIGN,
        "A relationship ends before it starts.";
    RelationshipBeforeAssignment = "relationship-before-assignment", "relationships", Error, DESIGN,
        "A relationship starts before any coach or team is assigned to its site.";
    RelationshipDateOutside = "relationship-date-outside", "relationships", Error, DESIGN,
        "A phase transition, titration decision, achievement or contact falls before the relationship's start or after its end.";
    RelationshipDatesUnordered = "relationship-dates-unordered", "relationships", Error, DESIGN,
        "Phase transitions or titration decisions are not in date order (or two fall on one day).";
    RelationshipFirstPhase = "relationship-first-phase", "relationships", Error, DESIGN,
        "A relationship does not open with the manual's first phase on its start date.";
    PhaseTransitionUnknown = "phase-transition-unknown", "relationships", Error, DESIGN,
        "A phase transition names a phase the manual does not define.";
    PhaseTransitionOrder = "phase-transition-order", "relationships", Error, DESIGN,
        "A phase transition skips ahead or repeats the phase in force, instead of moving to the next phase in the manual's order.";
    PhaseBackWithoutReason = "phase-back-without-reason", "relationships", Error, DESIGN,
        "A transition back to an earlier phase gives no reason.";
    PhaseDurationOutside = "phase-duration-outside", "relationships", Warning, DESIGN,
        "A completed phase lasted less than its planned minimum or more than its maximum.";
    PhaseLeftCriteriaOpen = "phase-left-criteria-open", "relationships", Warning, DESIGN,
        "A transition moves on to a later phase while exit criteria of the phase left are not recorded as met during the stay.";
    DecisionLevelUnknown = "decision-level-unknown", "relationships", Error, DESIGN,
        "A titration decision names a level the manual does not define.";
    DecisionRuleUnknown = "decision-rule-unknown", "relationships", Error, DESIGN,
        "A titration decision names a rule the manual does not define.";
    DecisionRuleMismatch = "decision-rule-mismatch", "relationships", Error, DESIGN,
        "A titration decision names a rule but does not make that rule's adjustment from the level in force (a step down that steps up, a review or hold that changes the level).";
    DecisionRulePhase = "decision-rule-phase", "relationships", Error, DESIGN,
        "A titration decision names a rule whose trigger belongs to another phase (weeks in a phase, a criterion of a phase) than the one in force on its date, or left that day.";
    DecisionBelowFloor = "decision-below-floor", "relationships", Error, MANUAL_FLOOR,
        "A titration decision sets a level that prescribes less than the titration floor.";
    DecisionInterval = "decision-interval", "relationships", Error, DESIGN,
        "A dose change comes sooner after the previous dose change (a decision, or a phase entry that moved the level) than the manual's minimum interval, and its rule does not override the interval.";
    DecisionReasonMissing = "decision-reason-missing", "relationships", Error, DESIGN,
        "A titration decision gives no reason, though its rule requires one or it names no rule.";
    AchievementUnknown = "achievement-unknown", "relationships", Error, DESIGN,
        "A relationship records as met a phase criterion or milestone the manual does not define.";
    PhaseEntryStratum = "phase-entry-stratum", "relationships", Warning, MANUAL_STRATA,
        "A site of a stratum first enters the stratum's phase in a month of its relationship the stratum does not name.";
    ComponentUnknown = "component-unknown", "relationships", Error, DESIGN,
        "A relationship records a component the manual does not define.";
    ComponentReceivedBeforeOffered = "component-received-before-offered", "relationships", Error, DESIGN,
        "A relationship records a component received before the day it was offered.";
    ContactCoachesNone = "contact-coaches-none", "relationships", Error, DESIGN,
        "A contact names no coach.";
    ContactCoachUnassigned = "contact-coach-unassigned", "relationships", Error, DESIGN,
        "A contact lists among its coaches one who was not assigned to the site (alone or in its team) on that date; a visiting coach belongs in `guests`.";
    ContactGuestUnknown = "contact-guest-unknown", "relationships", Error, DESIGN,
        "A contact's guest is not a coach of the program.";
    ContactDuplicate = "contact-duplicate", "relationships", Error, DESIGN,
        "The same contact (start, mode and coaches) is logged twice.";
    ContactTopicUnknown = "contact-topic-unknown", "relationships", Error, DESIGN,
        "A contact's topic names a skill the manual does not define.";
    ContactMinutesAboveMaximum = "contact-minutes-above-maximum", "relationships", Warning, DESIGN,
        "A contact lasted longer than the `max_minutes` of its channel at the level in force.";
    ContactTravelRemote = "contact-travel-remote", "relationships", Error, DESIGN,
        "A remote contact (video, phone, email) records more than zero minutes of travel, which is kept for in-person visits.";
    ContactAnsweredBeforeAsked = "contact-answered-before-asked", "relationships", Error, DESIGN,
        "A contact starts before the site's question it answers arrived (`asked` after `start`).";
    ContactFewerCoaches = "contact-fewer-coaches", "relationships", Warning, MANUAL_TEAM,
        "At a site the team rule covers, where it makes contacts joint, a contact was made by fewer coaches (guests included) than the prescription of its own channel asks for per contact.";
    ContactActivityUnknown = "contact-activity-unknown", "relationships", Error, DESIGN,
        "A contact records an activity the manual does not define around contacts.";
    ContactActivityMissing = "contact-activity-missing", "relationships", Warning, MANUAL_ACTIVITIES,
        "A contact does not record an activity the manual plans around such contacts (a debrief after a joint visit, a reflection form after each call).";
}

/// The source of a rule this crate adds for consistency.
const DESIGN: &str = "design";
/// Rules that run only where the manual states the policy they check.
const MANUAL_FLOOR: &str = "the manual's titration floor";
const MANUAL_TEAM: &str = "the manual's team rule";
const MANUAL_QUALIFICATIONS: &str = "the manual's qualification checks";
const MANUAL_CASELOAD: &str = "the manual's caseload threshold, or the coach's own capacity";
const MANUAL_ACTIVITIES: &str = "the manual's activities around contacts";
const MANUAL_STRATA: &str = "the manual's strata";

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
             Severity `policy` means the manual decides: an error where its check is \
             `required`, a warning where `recommended`, nothing where `not_required`. Source \
             `design` marks a rule this crate adds for consistency; a source naming a part of \
             the manual marks a rule that runs only where the manual states that policy.\n",
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
