//! Where each member of a manual goes in FHIR: the table docs/fhir.md is generated from. A
//! row names a schema definition (`Prescription`) or one of its members
//! (`Prescription.per`, `Cadence.every.scope`) and covers what is nested in it; a member no row
//! covers is listed in docs/fhir.md as not exported, so a member added to the manual shows up
//! there rather than being dropped unseen.

/// The place of a row that stands for its members, each with a row of its own: it covers
/// itself only, so a member added beneath it is not covered unseen.
pub const SEE_MEMBERS: &str = "see its members";

/// Each manual member the export carries, with where it goes.
pub const MAPPED: &[(&str, &str)] = &[
    (
        "Manual.id",
        "`PlanDefinition.url` (`urn:practice-coaching:manual:ID`), `name`, and every id",
    ),
    (
        "Manual.version",
        "`version` of every resource; part of every id",
    ),
    ("Manual.title", "`PlanDefinition.title`"),
    ("Manual.description", "`PlanDefinition.description`"),
    (
        "Manual.sources",
        "`PlanDefinition.relatedArtifact` of type `citation`",
    ),
    ("Source.key", "`RelatedArtifact.label`"),
    ("Source.citation", "`RelatedArtifact.citation`"),
    (
        "Source.doi",
        "`RelatedArtifact.url` (`https://doi.org/...`)",
    ),
    ("Source.url", "`RelatedArtifact.url`"),
    (
        "Citation.source",
        "`RelatedArtifact.label`, `citation` (the source's text) and `url`",
    ),
    (
        "Citation.evidence",
        "extension `evidence`; `RelatedArtifact.display`",
    ),
    ("Citation.locator", "`RelatedArtifact.display`"),
    ("Citation.rationale", "`RelatedArtifact.citation`"),
    ("Manual.goal", "`PlanDefinition.purpose`"),
    ("Goal.text", "`PlanDefinition.purpose`"),
    ("Manual.setting", SEE_MEMBERS),
    ("Setting.region", "`PlanDefinition.jurisdiction.text`"),
    (
        "Setting.population",
        "`PlanDefinition.useContext` (`focus`)",
    ),
    ("Setting.payer", "extension `payer`"),
    (
        "Manual.replaces",
        "`PlanDefinition.relatedArtifact` of type `predecessor`",
    ),
    (
        "Replaces.version",
        "`RelatedArtifact.resource` (`URL|VERSION`)",
    ),
    ("Replaces.changes", "`RelatedArtifact.display`"),
    ("Manual.vocabularies", "one `CodeSystem` per vocabulary"),
    (
        "Vocabularies",
        "one `CodeSystem` each (`urn:practice-coaching:manual:ID:LIST`)",
    ),
    ("Term.key", "`CodeSystem.concept.code`"),
    ("Term.name", "`CodeSystem.concept.display`"),
    ("Term.description", "`CodeSystem.concept.definition`"),
    ("Degree.key", "`CodeSystem.concept.code`"),
    ("Degree.name", "`CodeSystem.concept.display`"),
    ("Degree.level", "`CodeSystem.concept.property` `level`"),
    (
        "Manual.phases",
        "`PlanDefinition.action`, one per phase, in order",
    ),
    ("Phase.key", "the action's `id` (`phase-KEY`)"),
    ("Phase.name", "`action.title`"),
    ("Phase.purpose", "`action.description`"),
    (
        "Phase.length",
        "`action.timingTiming.repeat.boundsRange` (weeks `wk`, months `mo`)",
    ),
    ("PhaseLength", "`boundsRange.low` and `high`"),
    ("Length", "a `Duration` in UCUM `wk` or `mo`"),
    ("Phase.starting_level", "extension `starting-level`"),
    (
        "Phase.entry_criteria",
        "`action.condition` of kind `start`, in words",
    ),
    (
        "Phase.exit_criteria",
        "`action.condition` of kind `stop`, in words",
    ),
    (
        "Criterion.key",
        "`condition.expression.expression` (`%criteriaMet contains 'KEY'`)",
    ),
    (
        "Criterion.description",
        "`condition.expression.description`",
    ),
    (
        "Criterion.measure",
        "`condition.expression.description`, in words",
    ),
    (
        "Criterion.target",
        "`condition.expression.description`, in words",
    ),
    ("Phase.skills", "extension `skill`"),
    (
        "Manual.intensity_levels",
        "a group action `intensity-levels`, `selectionBehavior` `exactly-one`",
    ),
    (
        "IntensityLevel.key",
        "the action's `id` (`level-KEY`) and its applicability condition (`%intensityLevel = 'KEY'`)",
    ),
    ("IntensityLevel.name", "`action.title`"),
    ("IntensityLevel.description", "`action.description`"),
    (
        "IntensityLevel.prescriptions",
        "the level's child actions, one per channel",
    ),
    (
        "Prescription.channel",
        "`action.code` (`urn:practice-coaching:channel`)",
    ),
    (
        "Prescription.modes",
        "`action.code` (`urn:practice-coaching:contact-mode`)",
    ),
    (
        "Prescription.min_contacts",
        "`timingTiming.repeat.frequency` or `count`; zero: extension `minimum-contacts`",
    ),
    (
        "Prescription.max_contacts",
        "`timingTiming.repeat.frequencyMax` or `countMax`; zero: extension `maximum-contacts`",
    ),
    (
        "Prescription.per",
        "`repeat.period` and `periodUnit`; over a phase or relationship: extension `counted-over` and `boundsDuration`",
    ),
    ("Prescription.typical_minutes", "`repeat.duration` (`min`)"),
    (
        "Prescription.max_minutes",
        "`repeat.durationMax` (`min`; `duration` 0 where nothing else sets it)",
    ),
    (
        "Prescription.min_minutes",
        "`repeat.duration` without a typical length, else extension `minimum-minutes`",
    ),
    (
        "Prescription.coaches_per_contact",
        "`action.participant`, one per coach (the team's roles where contacts are joint)",
    ),
    ("Manual.titration", SEE_MEMBERS),
    ("Titration.floor", "extension `titration-floor`, in words"),
    ("Floor.contacts", "extension `titration-floor`, in words"),
    ("FloorContact", "extension `titration-floor`, in words"),
    (
        "Titration.min_weeks_between_changes",
        "extension `titration-interval`",
    ),
    (
        "ChangeInterval.weeks",
        "extension `titration-interval` (`wk`)",
    ),
    (
        "Titration.rules",
        "extension `titration-rule`, one per rule in order, in words",
    ),
    ("TitrationRule.key", "extension `titration-rule`"),
    (
        "TitrationRule.trigger",
        "extension `titration-rule`, in words",
    ),
    (
        "TitrationRule.adjustment",
        "extension `titration-rule`, in words",
    ),
    (
        "TitrationRule.reason_required",
        "extension `titration-rule`, in words",
    ),
    (
        "TitrationRule.overrides_interval",
        "extension `titration-rule`, in words",
    ),
    ("Trigger", "extension `titration-rule`, in words"),
    ("Adjustment", "extension `titration-rule`, in words"),
    ("Manual.skills", "`CodeSystem` `skills`"),
    ("Skill.key", "`CodeSystem.concept.code`"),
    ("Skill.name", "`CodeSystem.concept.display`"),
    ("Skill.description", "`CodeSystem.concept.definition`"),
    ("Skill.tier", "`CodeSystem.concept.property` `tier`"),
    ("Skill.gap", "`CodeSystem.concept.property` `gap`"),
    (
        "Skill.disciplines",
        "`CodeSystem.concept.property` `discipline`, one per discipline",
    ),
    (
        "Skill.roles",
        "`CodeSystem.concept.property` `role`, one per role",
    ),
    (
        "Manual.qualifications",
        "extension `qualification`, one per check, in words",
    ),
    ("Qualification.check", "extension `qualification`, in words"),
    ("QualificationCheck", "extension `qualification`, in words"),
    (
        "Qualification.requirement",
        "extension `qualification`, in words",
    ),
    ("Qualification.role", "extension `qualification`, in words"),
    (
        "Manual.team",
        "`action.participant` of joint contacts; extension `team-rule`, in words",
    ),
    (
        "TeamRule.roles",
        "`action.participant.role` of joint contacts; extension `team-rule`",
    ),
    ("TeamRole.role", "`participant.role` (a coding of `roles`)"),
    ("TeamRole.count", "one participant per coach"),
    ("TeamRole.disciplines", "extension `team-rule`, in words"),
    (
        "TeamRole.point_of_contact",
        "extension `team-rule`, in words",
    ),
    ("TeamRole.skills", "extension `team-rule`, in words"),
    ("TeamRule.required_for", "extension `team-rule`, in words"),
    ("TeamRequirement", "extension `team-rule`, in words"),
    (
        "TeamRule.joint_contacts",
        "participants of each contact; extension `team-rule`",
    ),
    (
        "TeamRule.for_coaches_without",
        "extension `team-for-coaches-without`, in words",
    ),
    (
        "ExperienceTeamPolicy.experience",
        "extension `team-for-coaches-without`",
    ),
    (
        "ExperienceTeamPolicy.requirement",
        "extension `team-for-coaches-without`",
    ),
    ("Manual.caseload", "extension `caseload-threshold`"),
    ("CaseloadThreshold.sites", "extension `caseload-threshold`"),
    (
        "Manual.activities",
        "one `ActivityDefinition` each, and an action `activity-KEY` pointing to it",
    ),
    (
        "Activity.key",
        "`ActivityDefinition.url`, `name`, id; the action's `id`",
    ),
    ("Activity.name", "`ActivityDefinition.title`"),
    (
        "Activity.kind",
        "`ActivityDefinition.code` (a coding of `activity-kinds`)",
    ),
    ("Activity.attendees", "`ActivityDefinition.participant`"),
    (
        "Attendee",
        "`participant.role`: a coding of `roles`, or words",
    ),
    ("Activity.min_minutes", "`timingTiming.repeat.duration`"),
    (
        "Activity.max_minutes",
        "`timingTiming.repeat.durationMax` (`duration` 0 without a shortest)",
    ),
    ("Activity.cadence", SEE_MEMBERS),
    ("Cadence.every", SEE_MEMBERS),
    (
        "Cadence.every.frequency",
        "`ActivityDefinition.timingTiming.repeat`",
    ),
    ("Frequency", "`repeat.frequency`, `period`, `periodUnit`"),
    ("Cadence.every.scope", "extension `scope`"),
    (
        "Cadence.every.starts",
        "`relatedAction` `after-start` of the phase or milestone",
    ),
    (
        "SeriesStart",
        "`relatedAction` `after-start` of the phase or milestone",
    ),
    (
        "Cadence.every.until_end_of",
        "`relatedAction` `before-end` of the phase",
    ),
    ("Cadence.around_contact", SEE_MEMBERS),
    (
        "Cadence.around_contact.when",
        "`relatedAction` `before-start`, `concurrent` or `after-end` of each contact action",
    ),
    (
        "Cadence.around_contact.channel",
        "which contact actions the activity relates to",
    ),
    (
        "Cadence.around_contact.joint_only",
        "extension `joint-contacts-only`",
    ),
    (
        "Cadence.at_milestone",
        "`relatedAction` `concurrent` with the milestone's action",
    ),
    (
        "Activity.implementation_outcome",
        "`ActivityDefinition.topic`",
    ),
    (
        "Manual.milestones",
        "`PlanDefinition.action`, one per milestone",
    ),
    ("Milestone.key", "the action's `id` (`milestone-KEY`)"),
    ("Milestone.name", "`action.title`"),
    ("Milestone.description", "`action.description`"),
    (
        "Milestone.anchor",
        "`relatedAction` `after-start` of the phase (the first phase for the relationship's start)",
    ),
    ("Anchor", "`relatedAction.actionId`"),
    ("Milestone.offset", "`relatedAction.offsetDuration`"),
    (
        "Milestone.every",
        "`timingTiming.repeat.period` and `periodUnit`",
    ),
    ("Milestone.times", "`timingTiming.repeat.count`"),
    (
        "Manual.materials",
        "`PlanDefinition.relatedArtifact` of type `documentation`",
    ),
    ("Material.key", "`RelatedArtifact.label`"),
    ("Material.name", "`RelatedArtifact.display`"),
    ("Material.description", "`RelatedArtifact.citation`"),
    (
        "Material.location",
        "`RelatedArtifact.url` (a web address) or `citation` (a place)",
    ),
    ("Manual.collaborative", "an action `learning-sessions`"),
    ("Collaborative.model", "the action's `title`"),
    (
        "Collaborative.learning_sessions",
        "`timingTiming.repeat`, or one child action per date (`timingDateTime`)",
    ),
    (
        "LearningSessions",
        "`timingTiming.repeat`, or one child action per date (`timingDateTime`)",
    ),
    ("Manual.response_time", "extension `response-time`"),
    ("ResponseTime.hours", "extension `response-time` (`h`)"),
    ("Manual.measures", "`CodeSystem` `measures`"),
    ("Measure.key", "`CodeSystem.concept.code`"),
    ("Measure.name", "`CodeSystem.concept.display`"),
    ("Measure.kind", "`CodeSystem.concept.property` `kind`"),
    ("Measure.scope", "`CodeSystem.concept.property` `scope`"),
    ("Measure.unit", "`CodeSystem.concept.property` `unit`"),
    ("Measure.better", "`CodeSystem.concept.property` `better`"),
    (
        "Measure.implementation_outcome",
        "`CodeSystem.concept.property` `implementation-outcome`",
    ),
    (
        "Manual.figures",
        "extension `figure`, one per figure, in words",
    ),
    ("Figure.key", "extension `figure`"),
    ("Figure.name", "extension `figure`"),
    ("Figure.value", "extension `figure`"),
    ("Figure.low", "extension `figure`"),
    ("Figure.high", "extension `figure`"),
    ("Figure.unit", "extension `figure`"),
    (
        "citations",
        "`RelatedArtifact` of type `justification` on the element that carries the value (a phase's, level's or contact's action `documentation`, an `ActivityDefinition`), else on the `PlanDefinition`; extension `manual-pointer` names the member",
    ),
];

/// Whether a row of [`MAPPED`] covers the schema member `member` (`Prescription.per`): a row
/// for it, or for its definition or a member it is nested in (unless that row's place is
/// [`SEE_MEMBERS`]); every `citations` member is covered by the row `citations`.
#[must_use]
pub fn covers(member: &str) -> bool {
    if member.ends_with(".citations") {
        return true;
    }
    let mut path = member;
    loop {
        let row = MAPPED.iter().find(|(row, _)| *row == path);
        if row.is_some_and(|(_, place)| path == member || *place != SEE_MEMBERS) {
            return true;
        }
        match path.rfind('.') {
            Some(dot) => path = &path[..dot],
            None => return false,
        }
    }
}
