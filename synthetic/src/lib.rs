//! A seeded, deterministic generator of synthetic programs for the benches, examples and
//! performance notes, and the fixed manual they follow.
//!
//! The same `(sites, seed, mix)` always gives the same bytes: the only randomness is a
//! splitmix64 generator seeded by the caller, and the JSON is written by hand (no map
//! iteration order involved).
//!
//! **The manual** ([`MANUAL_JSON`], id `synthetic-dyads`) is shaped like the late BHICCI manual
//! and is not evidence: 6 site kinds; 4 phases (engagement and assessment 1 to 3 months,
//! implementation 6 to 12, sustainment at least 6); 3 levels (in person 2-4, 1-2 and 1 a
//! month, with two coaches at each visit; remote 4-12, 2-8 and 1-4 a month); a titration floor,
//! a 4-week interval and 6 rules; 4 core and 3 specialty skills; 6 qualification checks (one
//! for a role, one `not_required`); a team rule of a behavioral health coach and an MD coach
//! (the point of contact) for sites of selected organizations, visiting together, recommended
//! for coaches without integrated-care experience; a caseload threshold of 100 sites; 7
//! activities (a huddle, a check-in and a debrief around joint visits, a reflection form after
//! remote contacts, a weekly standardization meeting, a monthly meeting with the implementation
//! team, an interview at a milestone); 2 milestones; a material; a learning collaborative; a
//! response time; 2 measures; a figure.
//!
//! **Field mix** of a program of `n` sites under [`Mix::DEFAULT`] (each dimension has a knob in
//! [`Mix`], for the cases that double one dimension at a time):
//!
//! - organizations: `max(1, n / 10)`; every fourth has `requires_team: true`; names are a place
//!   and a kind of organization, e.g. `Cedar Valley Community Health Network` (about 32
//!   characters);
//! - sites: `n`; organization picked uniformly at random; `kind` cycles through the six kinds in
//!   order; `clinic_count` 1 to 4 on every other site; names such as `Riverside Pain
//!   Management Clinic, Oak Avenue` (about 45 characters);
//! - teams: `max(1, n / 8)`, each a behavioral health coach (`bh-coach`) and an MD coach
//!   (`md-coach`); every other team has a name;
//! - coaches: two per team, every one qualified: a master's or doctoral degree, 5 to 30 years
//!   of health care, practice transformation and 1 to 20 years of integrated care, 20 to 120
//!   training hours, every core skill, the specialty skills of their discipline and role; one
//!   behavioral health coach in three holds an LCSW; one behavioral health coach in five also
//!   brings practice operations, one MD coach in six public health; one coach in four is
//!   sponsor staff; names a first and a last name;
//! - assignments: 1.5 per site. Every site has a current, open assignment to a random team
//!   from a day of 2016; every other site also has an earlier, closed one ending two days or
//!   more before, alternately to a single random coach (a team where the organization requires
//!   one) and to a random team;
//! - relationships: one per site, from its current assignment's first day: engagement, then
//!   assessment two months later, then implementation two months after that; every fifth
//!   relationship ends after nine months of implementation, with a hand-off; 2 titration
//!   decisions: the step down of the `settled-in` rule 13 weeks into implementation, then a
//!   review under `below-minimum` the next day; 2 achievements (the engagement's exit criterion
//!   and the month-6 interview);
//! - contacts: 4 per relationship, every third day from its second: every third in person by
//!   both coaches (120 to 240 minutes, travel apart, with the huddle, check-in and debrief),
//!   the others by video, phone or email by one coach (10 to 60 minutes, with the reflection
//!   form); one or two topics each.
//!
//! Output is pretty-printed like `serde_json::to_vec_pretty` (two-space indent); [`minify`]
//! gives the compact form.

use practice_coaching::Manual;

/// The seed the benches use.
pub const SEED: u64 = 0x5EED_2020_0015_0001;

/// splitmix64 (Steele, Lea and Flood 2014): tiny, fast, and good enough for test data.
struct SplitMix64(u64);

impl SplitMix64 {
    const fn new(seed: u64) -> Self {
        Self(seed)
    }

    const fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).expect("usize fits u64");
        usize::try_from(self.next_u64() % n).expect("below n")
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A random (version 4) UUID in the hyphenated form.
    fn uuid(&mut self) -> String {
        let high = self.next_u64();
        let low = self.next_u64();
        let version = (high & !0xF000) | 0x4000;
        let variant = (low & !(0xC << 60)) | (0x8 << 60);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            version >> 32,
            (version >> 16) & 0xFFFF,
            version & 0xFFFF,
            variant >> 48,
            variant & 0xFFFF_FFFF_FFFF
        )
    }
}

/// The fixed manual the synthetic programs follow.
pub fn manual() -> Manual {
    Manual::from_json(MANUAL_JSON.as_bytes()).expect("the synthetic manual parses")
}

/// How much of each input dimension a program holds, per site or per relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mix {
    /// Contacts per relationship.
    pub contacts: usize,
    /// Titration decisions per relationship: the step down, then reviews a day apart.
    pub decisions: usize,
    /// Earlier, closed assignments of every other site.
    pub earlier: usize,
    /// Sites per team (two coaches each).
    pub sites_per_team: usize,
    /// Times each organization, site and coach name is written (1: once).
    pub name_copies: usize,
    /// Days of 2016 over which current assignments (and relationships) start: 0 starts them
    /// all on 2016-01-04.
    pub start_spread: usize,
}

impl Mix {
    /// The field mix the module documentation describes.
    pub const DEFAULT: Self = Self {
        contacts: 4,
        decisions: 2,
        earlier: 1,
        sites_per_team: 8,
        name_copies: 1,
        start_spread: 336,
    };
}

/// How many of each entity a program of `sites` sites holds under `mix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Sites.
    pub sites: usize,
    /// Organizations.
    pub organizations: usize,
    /// Coaches.
    pub coaches: usize,
    /// Teams.
    pub teams: usize,
    /// Assignments, current and earlier.
    pub assignments: usize,
    /// Relationships.
    pub relationships: usize,
    /// Contacts over all relationships.
    pub contacts: usize,
    /// Titration decisions over all relationships.
    pub decisions: usize,
}

impl Shape {
    /// The counts of a program of `sites` sites under `mix`.
    pub fn of(sites: usize, mix: Mix) -> Self {
        let teams = (sites / mix.sites_per_team).max(1);
        Self {
            sites,
            organizations: (sites / 10).max(1),
            coaches: 2 * teams,
            teams,
            // One current assignment per site, and earlier ones for every other site.
            assignments: sites + mix.earlier * sites.div_ceil(2),
            relationships: sites,
            contacts: sites * mix.contacts,
            decisions: sites * mix.decisions,
        }
    }
}

/// The manual of the synthetic programs, as JSON: a BHICCI-like manual for benchmarks, every
/// value a design choice of this file unless it cites Henwood et al. 2020.
pub const MANUAL_JSON: &str = r#"{
  "$schema": "urn:practice-coaching:schema:manual:2",
  "id": "synthetic-dyads",
  "title": "Synthetic dyad coaching manual (benchmarks)",
  "version": "1.0.0",
  "description": "A manual for the benchmarks only, shaped like the late BHICCI manual: sites of selected organizations are coached by a behavioral health coach and an MD coach who visit together. Its values are design choices of the benchmarks, not evidence.",
  "sources": [
    {
      "key": "henwood-2020",
      "citation": "Henwood BF, Siantz E, Center K, et al. Advancing Integrated Care through Practice Coaching. International Journal of Integrated Care. 2020;20(2):15.",
      "doi": "10.5334/ijic.4737"
    },
    {
      "key": "baskerville-2012",
      "citation": "Baskerville NB, Liddy C, Hogg W. Systematic review and meta-analysis of practice facilitation within primary care settings. Annals of Family Medicine. 2012;10(1):63-74.",
      "doi": "10.1370/afm.1312"
    }
  ],
  "vocabularies": {
    "disciplines": [
      { "key": "behavioral-health", "name": "Behavioral health" },
      { "key": "medical", "name": "Medicine" },
      { "key": "practice-operations", "name": "Practice operations" },
      { "key": "public-health", "name": "Public health" }
    ],
    "roles": [
      { "key": "bh-coach", "name": "Behavioral health coach" },
      { "key": "md-coach", "name": "MD coach" }
    ],
    "degrees": [
      { "key": "msw", "name": "Master of Social Work", "level": "masters" },
      { "key": "phd", "name": "Doctor of Philosophy", "level": "doctorate" },
      { "key": "psyd", "name": "Doctor of Psychology", "level": "doctorate" },
      { "key": "md", "name": "Doctor of Medicine", "level": "doctorate" },
      { "key": "do", "name": "Doctor of Osteopathic Medicine", "level": "doctorate" }
    ],
    "certifications": [
      { "key": "lcsw", "name": "Licensed clinical social worker" }
    ],
    "experience_kinds": [
      { "key": "health-care", "name": "Health care" },
      { "key": "practice-transformation", "name": "Practice transformation" },
      { "key": "integrated-care", "name": "Integrated care" }
    ],
    "site_kinds": [
      { "key": "fqhc", "name": "Federally qualified health center" },
      { "key": "specialty-behavioral-health", "name": "Specialty behavioral health clinic" },
      { "key": "pain-management", "name": "Pain management clinic" },
      { "key": "residential-care", "name": "Residential care facility" },
      { "key": "primary-care", "name": "Primary care practice" },
      { "key": "safety-net-clinic", "name": "Safety-net clinic" }
    ],
    "activity_kinds": [
      { "key": "huddle", "name": "Huddle" },
      { "key": "check-in", "name": "Check-in" },
      { "key": "debrief", "name": "Debrief" },
      { "key": "reflection-form", "name": "Reflection form" },
      { "key": "standardization-meeting", "name": "Standardization meeting" },
      { "key": "implementation-team-meeting", "name": "Implementation team meeting" },
      { "key": "interview", "name": "Interview" }
    ],
    "measure_kinds": [
      { "key": "process", "name": "Process" },
      { "key": "integration", "name": "Integration" }
    ]
  },
  "phases": [
    {
      "key": "engagement",
      "name": "Engagement",
      "purpose": "Build the relationship and an integration team at the site.",
      "length": { "min": { "months": 1 }, "max": { "months": 3 } },
      "starting_level": "intensive",
      "exit_criteria": [
        { "key": "team-formed", "description": "An integration team meets monthly." }
      ],
      "skills": ["team-readiness"],
      "citations": [{ "evidence": "design", "rationale": "A benchmark phase." }]
    },
    {
      "key": "assessment",
      "name": "Assessment",
      "purpose": "Measure where the site stands.",
      "length": { "min": { "months": 1 }, "max": { "months": 3 } },
      "starting_level": "intensive",
      "exit_criteria": [
        {
          "key": "baseline-measured",
          "description": "The integration score is measured.",
          "measure": "integration-score",
          "target": "a baseline is recorded"
        }
      ],
      "citations": [{ "evidence": "design", "rationale": "A benchmark phase." }]
    },
    {
      "key": "implementation",
      "name": "Implementation",
      "purpose": "Change workflows.",
      "length": { "min": { "months": 6 }, "max": { "months": 12 } },
      "starting_level": "standard",
      "entry_criteria": [
        { "key": "plan-agreed", "description": "The site agreed a change plan." }
      ],
      "exit_criteria": [
        {
          "key": "screening-in-place",
          "description": "Depression screening is routine.",
          "measure": "screening-rate",
          "target": "at least 80%"
        }
      ],
      "skills": ["teaching-and-feedback", "case-review"],
      "citations": [{ "evidence": "design", "rationale": "A benchmark phase." }]
    },
    {
      "key": "sustainment",
      "name": "Sustainment",
      "purpose": "Hand the work over to the site.",
      "length": { "min": { "months": 6 } },
      "starting_level": "maintenance",
      "exit_criteria": [
        { "key": "self-sustaining", "description": "The site runs its own improvement cycles." }
      ],
      "citations": [{ "evidence": "design", "rationale": "A benchmark phase." }]
    }
  ],
  "intensity_levels": [
    {
      "key": "intensive",
      "name": "Intensive",
      "description": "Visits twice a month or more, calls weekly or more.",
      "prescriptions": [
        {
          "channel": "in_person",
          "min_contacts": 2,
          "max_contacts": 4,
          "per": "month",
          "typical_minutes": 180,
          "max_minutes": 240,
          "coaches_per_contact": 2,
          "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
        },
        {
          "channel": "remote",
          "min_contacts": 4,
          "max_contacts": 12,
          "per": "month",
          "typical_minutes": 30,
          "max_minutes": 60,
          "citations": [{ "evidence": "design", "rationale": "A benchmark dose." }]
        }
      ],
      "citations": [{ "evidence": "design", "rationale": "A benchmark level." }]
    },
    {
      "key": "standard",
      "name": "Standard",
      "description": "Visits monthly or twice a month.",
      "prescriptions": [
        {
          "channel": "in_person",
          "min_contacts": 1,
          "max_contacts": 2,
          "per": "month",
          "typical_minutes": 180,
          "max_minutes": 240,
          "coaches_per_contact": 2,
          "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
        },
        {
          "channel": "remote",
          "min_contacts": 2,
          "max_contacts": 8,
          "per": "month",
          "typical_minutes": 30,
          "max_minutes": 60,
          "citations": [{ "evidence": "design", "rationale": "A benchmark dose." }]
        }
      ],
      "citations": [{ "evidence": "design", "rationale": "A benchmark level." }]
    },
    {
      "key": "maintenance",
      "name": "Maintenance",
      "description": "A monthly visit, calls as needed.",
      "prescriptions": [
        {
          "channel": "in_person",
          "min_contacts": 1,
          "max_contacts": 1,
          "per": "month",
          "typical_minutes": 120,
          "max_minutes": 240,
          "coaches_per_contact": 2,
          "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
        },
        {
          "channel": "remote",
          "min_contacts": 1,
          "max_contacts": 4,
          "per": "month",
          "typical_minutes": 30,
          "max_minutes": 60,
          "citations": [{ "evidence": "design", "rationale": "A benchmark dose." }]
        }
      ],
      "citations": [{ "evidence": "design", "rationale": "A benchmark level." }]
    }
  ],
  "titration": {
    "floor": {
      "contacts": [
        { "channel": "in_person", "min_contacts": 1, "per": "month" },
        { "channel": "remote", "min_contacts": 1, "per": "month" }
      ],
      "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
    },
    "min_weeks_between_changes": {
      "weeks": 4,
      "citations": [{ "evidence": "design", "rationale": "A benchmark interval." }]
    },
    "rules": [
      {
        "key": "settled-in",
        "trigger": { "weeks_in_phase": { "phase": "implementation", "weeks": 12 } },
        "adjustment": "step_down",
        "reason_required": false,
        "overrides_interval": false,
        "citations": [{ "evidence": "design", "rationale": "A benchmark rule." }]
      },
      {
        "key": "site-asks-more",
        "trigger": { "participant_preference": { "direction": "more" } },
        "adjustment": "step_up",
        "reason_required": true,
        "overrides_interval": false,
        "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
      },
      {
        "key": "site-asks-less",
        "trigger": { "participant_preference": { "direction": "less" } },
        "adjustment": "step_down",
        "reason_required": true,
        "overrides_interval": false,
        "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
      },
      {
        "key": "disruption",
        "trigger": "disruption",
        "adjustment": "step_up",
        "reason_required": true,
        "overrides_interval": true,
        "citations": [{ "evidence": "design", "rationale": "A benchmark rule." }]
      },
      {
        "key": "below-minimum",
        "trigger": { "delivered_below_minimum": { "weeks": 8 } },
        "adjustment": "review",
        "reason_required": false,
        "overrides_interval": false,
        "citations": [{ "evidence": "design", "rationale": "A benchmark rule." }]
      },
      {
        "key": "ready-early",
        "trigger": { "exit_criterion_met_early": { "phase": "engagement", "criterion": "team-formed" } },
        "adjustment": "advance_phase",
        "reason_required": false,
        "overrides_interval": false,
        "citations": [{ "evidence": "design", "rationale": "A benchmark rule." }]
      }
    ]
  },
  "skills": [
    {
      "key": "teaching-and-feedback",
      "name": "Teaching, cheerleading and balanced feedback",
      "tier": "core",
      "description": "A combination of teaching and cheerleading and providing feedback.",
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 8" }]
    },
    {
      "key": "own-answers",
      "name": "Helping teams find their own answers",
      "tier": "core",
      "description": "Guiding rather than doing the teams' work for them.",
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 11" }]
    },
    {
      "key": "team-readiness",
      "name": "Reading what a team is ready for",
      "tier": "core",
      "description": "Reading what a team is ready to hear and take on.",
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 7" }]
    },
    {
      "key": "diplomacy",
      "name": "Diplomacy across disciplines",
      "tier": "core",
      "description": "Diplomacy across disciplines and liaison with the health plan.",
      "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Discussion" }]
    },
    {
      "key": "physician-credibility",
      "name": "Physician credibility",
      "tier": "specialty",
      "description": "Someone who speaks the same language as the physicians.",
      "disciplines": ["medical"],
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 10" }]
    },
    {
      "key": "case-review",
      "name": "Systematic case review",
      "tier": "specialty",
      "description": "Modelling systematic case review.",
      "roles": ["bh-coach", "md-coach"],
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 13" }]
    },
    {
      "key": "clinic-logistics",
      "name": "Clinic logistics",
      "tier": "specialty",
      "description": "Spatial layout, room size, storing refrigerated medication.",
      "disciplines": ["practice-operations"],
      "gap": true,
      "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Results" }]
    }
  ],
  "qualifications": [
    {
      "check": { "minimum_degree": { "level": "masters" } },
      "requirement": "required",
      "citations": [{ "source": "henwood-2020", "evidence": "cited", "locator": "Discussion, ref 16" }]
    },
    {
      "check": { "experience_years": { "kind": "health-care", "years": 3 } },
      "requirement": "recommended",
      "citations": [{ "evidence": "design", "rationale": "A benchmark check." }]
    },
    {
      "check": { "experience_held": { "kind": "practice-transformation" } },
      "requirement": "recommended",
      "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
    },
    {
      "check": "core_skills",
      "requirement": "required",
      "citations": [{ "evidence": "design", "rationale": "A benchmark check." }]
    },
    {
      "check": { "certification_held": { "certification": "lcsw" } },
      "requirement": "not_required",
      "role": "bh-coach",
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 12" }]
    },
    {
      "check": { "training_hours": { "hours": 20 } },
      "requirement": "recommended",
      "citations": [{ "evidence": "design", "rationale": "A benchmark check." }]
    }
  ],
  "team": {
    "roles": [
      { "role": "bh-coach", "disciplines": ["behavioral-health"] },
      {
        "role": "md-coach",
        "disciplines": ["medical"],
        "skills": ["physician-credibility"],
        "point_of_contact": true
      }
    ],
    "required_for": "selected_organizations",
    "joint_contacts": true,
    "for_coaches_without": {
      "experience": "integrated-care",
      "requirement": "recommended",
      "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Discussion" }]
    },
    "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
  },
  "caseload": {
    "sites": 100,
    "citations": [{ "evidence": "design", "rationale": "A benchmark threshold no coach reaches." }]
  },
  "activities": [
    {
      "key": "pre-visit-huddle",
      "name": "Pre-visit huddle",
      "kind": "huddle",
      "attendees": ["site_team"],
      "max_minutes": 15,
      "cadence": { "around_contact": { "when": "before", "channel": "in_person", "joint_only": true } },
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 11" }]
    },
    {
      "key": "lunch-check-in",
      "name": "Check-in at lunch",
      "kind": "check-in",
      "attendees": ["site_team"],
      "cadence": { "around_contact": { "when": "during", "channel": "in_person", "joint_only": true } },
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 11" }]
    },
    {
      "key": "post-visit-debrief",
      "name": "Post-visit debrief",
      "kind": "debrief",
      "attendees": ["site_team"],
      "min_minutes": 10,
      "max_minutes": 30,
      "cadence": { "around_contact": { "when": "after", "channel": "in_person", "joint_only": true } },
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 11" }]
    },
    {
      "key": "call-reflection",
      "name": "Reflection form after a call",
      "kind": "reflection-form",
      "attendees": ["site_team"],
      "cadence": { "around_contact": { "when": "after", "channel": "remote" } },
      "citations": [{ "evidence": "design", "rationale": "A benchmark record." }]
    },
    {
      "key": "standardization-meeting",
      "name": "Coaches' standardization meeting",
      "kind": "standardization-meeting",
      "attendees": ["all_coaches"],
      "max_minutes": 120,
      "cadence": { "every": { "frequency": { "count": 1, "per": "week" }, "scope": "program" } },
      "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 4" }]
    },
    {
      "key": "implementation-team-meeting",
      "name": "Meeting with the implementation team",
      "kind": "implementation-team-meeting",
      "attendees": ["all_coaches", "implementation_team"],
      "cadence": { "every": { "frequency": { "count": 1, "per": "month" }, "scope": "program" } },
      "citations": [{ "source": "henwood-2020", "evidence": "reported", "locator": "Introduction" }]
    },
    {
      "key": "month-6-interview",
      "name": "Interview at month 6",
      "kind": "interview",
      "attendees": ["evaluators", "care_team", { "role": "md-coach" }],
      "max_minutes": 60,
      "cadence": { "at_milestone": "interview-6" },
      "citations": [{ "evidence": "design", "rationale": "A benchmark interview." }]
    }
  ],
  "milestones": [
    {
      "key": "interview-6",
      "name": "Month-6 interview",
      "anchor": "relationship_start",
      "offset": { "months": 6 },
      "citations": [{ "evidence": "design", "rationale": "A benchmark milestone." }]
    },
    {
      "key": "sustainment-review",
      "name": "Review in sustainment",
      "anchor": { "phase_entry": "sustainment" },
      "offset": { "months": 3 },
      "every": { "months": 6 },
      "times": 4,
      "citations": [{ "evidence": "design", "rationale": "A benchmark milestone." }]
    }
  ],
  "materials": [
    {
      "key": "reflection-form",
      "name": "Reflection form",
      "description": "What the coach files after each call.",
      "citations": [{ "evidence": "design", "rationale": "A benchmark material." }]
    }
  ],
  "collaborative": {
    "model": "IHI Breakthrough Series",
    "learning_sessions": { "every": { "count": 1, "per": "half_year" } },
    "citations": [{ "source": "henwood-2020", "evidence": "cited", "locator": "Introduction, ref 10" }]
  },
  "response_time": {
    "hours": 24,
    "citations": [{ "source": "henwood-2020", "evidence": "participant_report", "locator": "Results, SP 54" }]
  },
  "measures": [
    {
      "key": "integration-score",
      "name": "Integration score",
      "kind": "integration",
      "scope": "coaching",
      "unit": "points",
      "better": "higher",
      "citations": [{ "evidence": "design", "rationale": "A benchmark measure." }]
    },
    {
      "key": "screening-rate",
      "name": "Depression screening rate",
      "kind": "process",
      "scope": "initiative",
      "unit": "percent of patients",
      "better": "higher",
      "citations": [{ "source": "henwood-2020", "evidence": "cited", "locator": "Introduction, ref 9" }]
    }
  ],
  "figures": [
    {
      "key": "median-facilitation-months",
      "name": "Median length of facilitation",
      "value": 12,
      "low": 2,
      "high": 26,
      "unit": "months",
      "describes": "relationship_months",
      "citations": [
        {
          "source": "baskerville-2012",
          "evidence": "derived",
          "locator": "Table 1",
          "rationale": "The median of the study table's intervention lengths."
        }
      ]
    }
  ]
}
"#;

const PLACES: [&str; 32] = [
    "Northgate",
    "Eastbrook",
    "Riverside",
    "Cedar Valley",
    "Harbor Point",
    "Lakeshore",
    "Pine Ridge",
    "Silver Creek",
    "Maple Grove",
    "Westfield",
    "Oak Hollow",
    "Sunnyvale Heights",
    "Granite Falls",
    "Willow Bend",
    "Bayview",
    "Mesa Verde",
    "Highland Park",
    "Stonebridge",
    "Fairhaven",
    "Clearwater",
    "Redwood Terrace",
    "Golden Plains",
    "Ashford",
    "Brookside",
    "Foothill",
    "Kingsport",
    "Lincoln Heights",
    "Meadowbrook",
    "Orchard Hill",
    "Prairie View",
    "San Marcos",
    "Twin Lakes",
];

const ORGANIZATION_KINDS: [&str; 8] = [
    "Health System",
    "Community Health Network",
    "Behavioral Health Services",
    "Medical Group",
    "Family Health Centers",
    "Integrated Care Partners",
    "Community Clinics",
    "Recovery Services",
];

const STREETS: [&str; 16] = [
    "Main Street",
    "Oak Avenue",
    "Mission Boulevard",
    "First Street",
    "Central Avenue",
    "Park Road",
    "Hillcrest Drive",
    "Washington Street",
    "Valley Parkway",
    "Elm Street",
    "Broadway",
    "Market Street",
    "Sunset Boulevard",
    "Church Street",
    "Lake Drive",
    "Cedar Lane",
];

const FIRST_NAMES: [&str; 24] = [
    "Maria", "James", "Aisha", "Robert", "Mei", "David", "Priya", "Michael", "Fatima", "Daniel",
    "Sofia", "Kwame", "Elena", "Thomas", "Yuki", "Carlos", "Hannah", "Omar", "Grace", "Luis",
    "Ngozi", "Samuel", "Ingrid", "Tomas",
];

const LAST_NAMES: [&str; 24] = [
    "Hernandez",
    "Okafor",
    "Nguyen",
    "Patel",
    "Johnson",
    "Kowalski",
    "Rahman",
    "Garcia",
    "Thompson",
    "Yamamoto",
    "Mensah",
    "Rodriguez",
    "Lindqvist",
    "Chen",
    "Abdullah",
    "Williams",
    "Moreno",
    "Fitzgerald",
    "Osei",
    "Kim",
    "Castillo",
    "Haddad",
    "Brennan",
    "Takahashi",
];

/// Site kinds in the order sites cycle through them, each with a noun for site names.
const SITE_KINDS: [(&str, &str); 6] = [
    ("fqhc", "Community Health Center"),
    ("specialty-behavioral-health", "Counseling Center"),
    ("pain-management", "Pain Management Clinic"),
    ("residential-care", "Residential Recovery"),
    ("primary-care", "Family Medicine"),
    ("safety-net-clinic", "Street Outreach Clinic"),
];

/// The program's JSON, pretty-printed: `sites` sites and entities in proportion under `mix`
/// (see the module docs), following [`manual`].
pub fn program(sites: usize, seed: u64, mix: Mix) -> Vec<u8> {
    let shape = Shape::of(sites, mix);
    let mut rng = SplitMix64::new(seed);
    let mut json = Json::with_capacity(sites * (1_500 + 450 * mix.contacts));
    // Ids are drawn up front, in this order, so references can be picked before the entity
    // they name is written.
    let organizations: Vec<String> = (0..shape.organizations).map(|_| rng.uuid()).collect();
    let site_ids: Vec<String> = (0..shape.sites).map(|_| rng.uuid()).collect();
    let coach_ids: Vec<String> = (0..shape.coaches).map(|_| rng.uuid()).collect();
    let team_ids: Vec<String> = (0..shape.teams).map(|_| rng.uuid()).collect();
    // Each site's organization (by position) and current team, drawn once.
    let site_organization: Vec<usize> =
        (0..sites).map(|_| rng.below(organizations.len())).collect();
    let site_team: Vec<usize> = (0..sites).map(|_| rng.below(team_ids.len())).collect();
    let site_start: Vec<Day> = (0..sites)
        .map(|_| Day::JANUARY_4_2016.plus(rng.below(mix.start_spread + 1)))
        .collect();

    json.begin('{');
    json.key("$schema");
    json.string("urn:practice-coaching:schema:program:2");
    json.key("manual");
    json.begin('{');
    json.key("id");
    json.string("synthetic-dyads");
    json.key("version");
    json.string("^1.0");
    json.end('}');
    json.key("organizations");
    json.begin('[');
    for (i, id) in organizations.iter().enumerate() {
        write_organization(&mut json, &mut rng, i, id, mix);
    }
    json.end(']');
    json.key("sites");
    json.begin('[');
    for (i, id) in site_ids.iter().enumerate() {
        let organization = &organizations[site_organization[i]];
        write_site(&mut json, &mut rng, i, id, organization, mix);
    }
    json.end(']');
    json.key("coaches");
    json.begin('[');
    for (i, id) in coach_ids.iter().enumerate() {
        write_coach(&mut json, &mut rng, i, id, mix);
    }
    json.end(']');
    json.key("teams");
    json.begin('[');
    for (t, id) in team_ids.iter().enumerate() {
        let coaches = [coach_ids[2 * t].as_str(), coach_ids[2 * t + 1].as_str()];
        write_team(&mut json, &mut rng, t, id, coaches);
    }
    json.end(']');
    json.key("assignments");
    json.begin('[');
    for (i, site) in site_ids.iter().enumerate() {
        let current = site_start[i];
        if i % 2 == 0 {
            // Earlier stretches of 29 days, a month apart, the last ending two days before the
            // current one.
            for k in (1..=mix.earlier).rev() {
                let from = current.minus(30 * k);
                let until = from.plus(27);
                let alone = (i / 2 + k) % 2 == 0 && !requires_team(site_organization[i]);
                let (kind, assignee) = if alone {
                    ("coach", &coach_ids[rng.below(coach_ids.len())])
                } else {
                    ("team", &team_ids[rng.below(team_ids.len())])
                };
                json.assignment(site, kind, assignee, from, Some(until));
            }
        }
        json.assignment(site, "team", &team_ids[site_team[i]], current, None);
    }
    json.end(']');
    json.key("relationships");
    json.begin('[');
    for (i, site) in site_ids.iter().enumerate() {
        let team = site_team[i];
        let coaches = [
            coach_ids[2 * team].as_str(),
            coach_ids[2 * team + 1].as_str(),
        ];
        write_relationship(&mut json, &mut rng, i, site, site_start[i], coaches, mix);
    }
    json.end(']');
    json.end('}');
    json.out.push('\n');
    json.out.into_bytes()
}

/// Every fourth organization requires a team for its sites.
const fn requires_team(organization: usize) -> bool {
    organization.is_multiple_of(4)
}

/// `name` written `n` times, for the cases with longer names.
fn copies(name: &str, n: usize) -> String {
    vec![name; n.max(1)].join(" ")
}

/// A day as days since 0001-01-01 (chrono's count), printed `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day(chrono::NaiveDate);

impl Day {
    const JANUARY_4_2016: Self = Self(match chrono::NaiveDate::from_ymd_opt(2016, 1, 4) {
        Some(d) => d,
        None => panic!("a date"),
    });

    fn plus(self, days: usize) -> Self {
        Self(self.0 + chrono::Days::new(days as u64))
    }

    fn minus(self, days: usize) -> Self {
        Self(self.0 - chrono::Days::new(days as u64))
    }

    fn plus_months(self, months: u32) -> Self {
        Self(self.0 + chrono::Months::new(months))
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Datelike;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

const CORE_SKILLS: [&str; 4] = [
    "teaching-and-feedback",
    "own-answers",
    "team-readiness",
    "diplomacy",
];

/// Organization `i`; every fourth requires a team for its sites.
fn write_organization(json: &mut Json, rng: &mut SplitMix64, i: usize, id: &str, mix: Mix) {
    json.item();
    json.begin('{');
    json.key("id");
    json.string(id);
    json.key("name");
    let name = format!("{} {}", rng.pick(&PLACES), rng.pick(&ORGANIZATION_KINDS));
    json.string(&copies(&name, mix.name_copies));
    if requires_team(i) {
        json.key("requires_team");
        json.raw("true");
    }
    json.end('}');
}

/// Site `i` of `organization`, its kind taken in turn from [`SITE_KINDS`]; odd sites give a
/// clinic count.
fn write_site(
    json: &mut Json,
    rng: &mut SplitMix64,
    i: usize,
    id: &str,
    organization: &str,
    mix: Mix,
) {
    let (kind, noun) = SITE_KINDS[i % SITE_KINDS.len()];
    json.item();
    json.begin('{');
    json.key("id");
    json.string(id);
    json.key("organization");
    json.string(organization);
    json.key("name");
    let name = format!("{} {noun}, {}", rng.pick(&PLACES), rng.pick(&STREETS));
    json.string(&copies(&name, mix.name_copies));
    json.key("kind");
    json.string(kind);
    if i % 2 == 1 {
        json.key("clinic_count");
        json.raw(&(1 + rng.below(4)).to_string());
    }
    json.end('}');
}

/// Team `t`, of `coaches` (behavioral health, MD); even teams are named.
fn write_team(json: &mut Json, rng: &mut SplitMix64, t: usize, id: &str, coaches: [&str; 2]) {
    json.item();
    json.begin('{');
    json.key("id");
    json.string(id);
    if t.is_multiple_of(2) {
        json.key("name");
        json.string(&format!("{} team", rng.pick(&PLACES)));
    }
    json.key("members");
    json.begin('[');
    for (coach, role) in coaches.into_iter().zip(["bh-coach", "md-coach"]) {
        json.item();
        json.begin('{');
        json.key("coach");
        json.string(coach);
        json.key("role");
        json.string(role);
        json.end('}');
    }
    json.end(']');
    json.end('}');
}

/// Coach `i`: even positions behavioral health coaches, odd MD coaches; pair `i / 2` forms team
/// `i / 2`.
fn write_coach(json: &mut Json, rng: &mut SplitMix64, i: usize, id: &str, mix: Mix) {
    let pair = i / 2;
    let medical = i % 2 == 1;
    let mut disciplines = vec![if medical {
        "medical"
    } else {
        "behavioral-health"
    }];
    if !medical && pair.is_multiple_of(5) {
        disciplines.push("practice-operations");
    }
    if medical && pair.is_multiple_of(6) {
        disciplines.push("public-health");
    }
    let degrees: &[&str] = match (medical, pair % 3) {
        (true, 0) => &["md"],
        (true, _) => &["do"],
        (false, 0) => &["phd"],
        (false, 1) => &["psyd"],
        (false, _) => &["msw"],
    };
    // Every core skill, the case review both roles bring, and the specialty skills of the
    // coach's disciplines.
    let mut skills = CORE_SKILLS.to_vec();
    skills.push("case-review");
    if medical {
        skills.push("physician-credibility");
    }
    if disciplines.contains(&"practice-operations") {
        skills.push("clinic-logistics");
    }
    json.item();
    json.begin('{');
    json.key("id");
    json.string(id);
    json.key("name");
    let name = format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES));
    json.string(&copies(&name, mix.name_copies));
    json.strings("disciplines", &disciplines);
    json.strings("roles", &[if medical { "md-coach" } else { "bh-coach" }]);
    json.strings("degrees", degrees);
    if !medical && pair % 3 == 2 {
        json.strings("certifications", &["lcsw"]);
    }
    json.key("experience");
    json.begin('[');
    let experience = [
        ("health-care", Some(5 + rng.below(26))),
        ("practice-transformation", None),
        ("integrated-care", Some(1 + rng.below(20))),
    ];
    for (kind, years) in experience {
        json.item();
        json.begin('{');
        json.key("kind");
        json.string(kind);
        if let Some(years) = years {
            json.key("years");
            json.raw(&years.to_string());
        }
        json.end('}');
    }
    json.end(']');
    json.key("training_hours");
    json.raw(&(20 + rng.below(101)).to_string());
    json.strings("skills", &skills);
    json.key("employment");
    json.string(if i % 4 == 3 {
        "sponsor_staff"
    } else {
        "external"
    });
    json.end('}');
}

const OFFSETS: [&str; 3] = ["-08:00", "-07:00", "Z"];

/// Relationship `i`, for `site`, from `start`, coached by the team of `coaches` (behavioral
/// health, MD).
fn write_relationship(
    json: &mut Json,
    rng: &mut SplitMix64,
    i: usize,
    site: &str,
    start: Day,
    coaches: [&str; 2],
    mix: Mix,
) {
    let assessment = start.plus_months(2);
    let implementation = assessment.plus_months(2);
    // Nine months of implementation, its last day the relationship's last.
    let end = (i % 5 == 4).then(|| implementation.plus_months(9).minus(1));
    json.item();
    json.begin('{');
    json.key("site");
    json.string(site);
    json.key("start");
    json.string(&start.to_string());
    if let Some(end) = end {
        json.key("end");
        json.begin('{');
        json.key("date");
        json.string(&end.to_string());
        json.key("hand_off");
        json.string("The site's integration team carries on; the health plan's lead takes calls.");
        json.end('}');
    }
    json.key("phases");
    json.begin('[');
    for (day, phase) in [
        (start, "engagement"),
        (assessment, "assessment"),
        (implementation, "implementation"),
    ] {
        json.item();
        json.begin('{');
        json.key("date");
        json.string(&day.to_string());
        json.key("phase");
        json.string(phase);
        json.end('}');
    }
    json.end(']');
    if mix.decisions > 0 {
        json.key("titration");
        json.begin('[');
        // 13 weeks into implementation the `settled-in` rule steps standard down to
        // maintenance; reviews a day apart follow, at the same level.
        let settled = implementation.plus(13 * 7);
        for k in 0..mix.decisions {
            json.item();
            json.begin('{');
            json.key("date");
            json.string(&settled.plus(k).to_string());
            json.key("level");
            json.string("maintenance");
            json.key("rule");
            json.string(if k == 0 {
                "settled-in"
            } else {
                "below-minimum"
            });
            if k % 2 == 1 {
                json.key("reason");
                json.string("Fewer visits than planned while the clinic hired.");
            }
            json.key("decided_by");
            json.string(["coach", "coaches", "supervisor"][k % 3]);
            json.end('}');
        }
        json.end(']');
    }
    write_met(json, (start, assessment, implementation));
    if mix.contacts > 0 {
        json.key("contacts");
        json.begin('[');
        for j in 0..mix.contacts {
            write_contact(json, rng, start.plus(1 + 3 * j), j, coaches);
        }
        json.end(']');
    }
    json.end('}');
}

/// A relationship's `met`: each phase left has its exit criterion met on its last day, so no
/// stay is left with a criterion open; the six-month interview beside them, in date order.
fn write_met(json: &mut Json, (start, assessment, implementation): (Day, Day, Day)) {
    json.key("met");
    json.begin('[');
    let mut met = [
        (assessment.minus(1), Err(("engagement", "team-formed"))),
        (
            implementation.minus(1),
            Err(("assessment", "baseline-measured")),
        ),
        (start.plus_months(6), Ok("interview-6")),
    ];
    met.sort_by_key(|(day, _)| day.to_string());
    for (day, what) in met {
        json.item();
        json.begin('{');
        json.key("date");
        json.string(&day.to_string());
        json.key("what");
        json.begin('{');
        match what {
            Ok(milestone) => {
                json.key("milestone");
                json.string(milestone);
            }
            Err((phase, criterion)) => {
                json.key("criterion");
                json.begin('{');
                json.key("phase");
                json.string(phase);
                json.key("criterion");
                json.string(criterion);
                json.end('}');
            }
        }
        json.end('}');
        json.end('}');
    }
    json.end(']');
}

/// Contact `j` of a relationship, on `day`: every third in person by both coaches, the others
/// remote by one.
fn write_contact(json: &mut Json, rng: &mut SplitMix64, day: Day, j: usize, coaches: [&str; 2]) {
    let in_person = j.is_multiple_of(3);
    json.item();
    json.begin('{');
    json.key("start");
    json.string(&format!(
        "{day}T{:02}:{:02}:00{}",
        8 + rng.below(9),
        15 * rng.below(4),
        OFFSETS[j % OFFSETS.len()]
    ));
    json.key("mode");
    json.string(if in_person {
        "in_person"
    } else {
        ["video", "phone", "email"][j % 3]
    });
    json.key("minutes");
    let minutes = if in_person {
        120 + rng.below(121)
    } else {
        10 + rng.below(51)
    };
    json.raw(&minutes.to_string());
    json.key("coaches");
    json.begin('[');
    if in_person {
        for coach in coaches {
            json.item();
            json.string(coach);
        }
    } else {
        json.item();
        json.string(coaches[j % 2]);
    }
    json.end(']');
    if in_person {
        json.key("travel_minutes");
        json.raw(&(15 + rng.below(60)).to_string());
    }
    json.key("initiated_by");
    json.string(if j % 4 == 1 { "site" } else { "coach" });
    let topics: &[&str] = if j.is_multiple_of(2) {
        &[CORE_SKILLS[j % 4], "case-review"]
    } else {
        &[CORE_SKILLS[j % 4]]
    };
    json.strings("topics", topics);
    json.strings(
        "activities",
        if in_person {
            &["pre-visit-huddle", "lunch-check-in", "post-visit-debrief"]
        } else {
            &["call-reflection"]
        },
    );
    json.end('}');
}

/// A contact log of `rows` records: `program`'s own contacts repeated until there are `rows`,
/// each repetition a minute later than the one before, so that no row repeats another (the
/// reader keeps a fingerprint of each distinct contact).
pub fn repeated_contacts(
    program: &practice_coaching::Program,
    rows: usize,
) -> Vec<practice_coaching::contact_log::LogRecord> {
    use practice_coaching::contact_log::LogRecord;
    let contacts: Vec<LogRecord> = LogRecord::contacts_of(program).collect();
    contacts
        .iter()
        .cycle()
        .take(rows)
        .enumerate()
        .map(|(n, record)| {
            let mut record = record.clone();
            if let LogRecord::Contact { contact, .. } = &mut record {
                let minutes = i64::try_from(n / contacts.len()).unwrap_or(i64::MAX);
                let later = contact.start.as_datetime() + chrono::Duration::minutes(minutes);
                if let Ok(time) = practice_coaching::ContactTime::new(&later.to_rfc3339()) {
                    contact.start = time;
                }
            }
            record
        })
        .collect()
}

/// The same document without insignificant whitespace.
pub fn minify(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() / 2);
    let (mut in_string, mut escaped) = (false, false);
    for &b in json {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if !b.is_ascii_whitespace() {
            in_string = b == b'"';
            out.push(b);
        }
    }
    out
}

/// A pretty-printing JSON writer, two-space indent as `serde_json::to_vec_pretty`. Strings
/// are written as given: the generator's text needs no escaping.
struct Json {
    out: String,
    /// For each open object or array, whether it has a member yet.
    open: Vec<bool>,
}

impl Json {
    fn with_capacity(bytes: usize) -> Self {
        Self {
            out: String::with_capacity(bytes),
            open: Vec::new(),
        }
    }

    fn begin(&mut self, bracket: char) {
        self.out.push(bracket);
        self.open.push(false);
    }

    fn end(&mut self, bracket: char) {
        if self.open.pop() == Some(true) {
            self.newline();
        }
        self.out.push(bracket);
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    /// Starts the next member of an array.
    fn item(&mut self) {
        let has_members = self.open.last_mut().expect("inside an array");
        if *has_members {
            self.out.push(',');
        }
        *has_members = true;
        self.newline();
    }

    /// Starts the next member of an object.
    fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.push_str(": ");
    }

    fn string(&mut self, text: &str) {
        debug_assert!(!text.contains(['"', '\\']), "no escaping needed");
        self.out.push('"');
        self.out.push_str(text);
        self.out.push('"');
    }

    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A member holding an array of strings.
    fn strings(&mut self, key: &str, items: &[&str]) {
        self.key(key);
        self.begin('[');
        for item in items {
            self.item();
            self.string(item);
        }
        self.end(']');
    }

    fn assignment(
        &mut self,
        site: &str,
        kind: &str,
        assignee: &str,
        from: Day,
        until: Option<Day>,
    ) {
        self.item();
        self.begin('{');
        self.key("site");
        self.string(site);
        self.key("assignee");
        self.begin('{');
        self.key(kind);
        self.string(assignee);
        self.end('}');
        self.key("from");
        self.string(&from.to_string());
        if let Some(until) = until {
            self.key("until");
            self.string(&until.to_string());
        }
        self.end('}');
    }
}
