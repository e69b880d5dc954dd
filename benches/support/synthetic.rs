//! A seeded, deterministic generator of synthetic programs for the benches, valid against a
//! manual whose dyad rule covers every site (the late BHICCI manual).
//!
//! The same `(sites, seed, manual)` always gives the same bytes: the only randomness is a
//! splitmix64 generator seeded by the caller, and the JSON is written by hand (no map
//! iteration order involved).
//!
//! Field mix for `n` sites (documented in docs/performance.md):
//!
//! - organizations: `max(1, n / 10)`; every fourth has `requires_dyad: true`; names are a
//!   place and a kind of organization, e.g. `Cedar Valley Community Health Network` (about
//!   35 characters);
//! - sites: `n`; organization picked uniformly at random; `kind` cycles through the six kinds
//!   in order; `integration_direction` follows the kind (`both` for a quarter of FQHCs and for
//!   `other`); `clinical_site_count` 1 to 4; names such as `Riverside Pain Management Clinic,
//!   Oak Avenue` (about 45 characters);
//! - dyads: `max(1, n / 8)`, each a behavioral health coach and a medical coach;
//! - coaches: two per dyad, every one qualified for the late manual: doctorate, 5 to 30
//!   years, transformation and integrated-care experience, every core skill of the manual plus
//!   some specialty skills of their discipline; one behavioral health coach in five also brings
//!   practice operations, one medical coach in six public health; one coach in four is sponsor
//!   staff; names a first and a last name;
//! - assignments: 1.5 per site. Every site has a current assignment to a random dyad in 2016;
//!   every other site also has an earlier one in late 2015, alternately to a single random
//!   coach and to a random dyad. A site's earlier assignment is written just before its
//!   current one.
//!
//! Output is pretty-printed like `serde_json::to_vec_pretty` (two-space indent), the layout
//! of the crate's own sample program; [`minify`] gives the compact form.

use practice_coaching::Discipline;
use practice_coaching::Manual;
use practice_coaching::manual::SkillTier;

/// The seed the benches use.
pub const SEED: u64 = 0x5EED_2020_0015_0001;

/// splitmix64 (Steele, Lea and Flood 2014): tiny, fast, and good enough for test data.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub const fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).expect("usize fits u64");
        usize::try_from(self.next_u64() % n).expect("below n")
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A random (version 4) UUID in the hyphenated form.
    pub fn uuid(&mut self) -> String {
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

/// How many of each entity a program of `sites` sites holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub sites: usize,
    pub organizations: usize,
    pub coaches: usize,
    pub dyads: usize,
    pub assignments: usize,
}

impl Shape {
    pub fn of(sites: usize) -> Self {
        let dyads = (sites / 8).max(1);
        Self {
            sites,
            organizations: (sites / 10).max(1),
            coaches: 2 * dyads,
            dyads,
            // One current assignment per site, and an earlier one for every other site.
            assignments: sites + sites.div_ceil(2),
        }
    }
}

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

/// Site kinds in the order sites cycle through them, with a name for each and the direction
/// of integration it usually takes.
const SITE_KINDS: [(&str, &str, &str); 6] = [
    (
        "fqhc",
        "Community Health Center",
        "adding_behavioral_health",
    ),
    (
        "specialty_behavioral_health",
        "Counseling Center",
        "adding_primary_care",
    ),
    (
        "pain_management",
        "Pain Management Clinic",
        "adding_behavioral_health",
    ),
    (
        "residential_care",
        "Residential Recovery",
        "adding_primary_care",
    ),
    (
        "primary_care",
        "Family Medicine",
        "adding_behavioral_health",
    ),
    ("other", "Street Outreach Program", "both"),
];

/// The program's JSON, pretty-printed: `sites` sites and entities in proportion (see the
/// module docs), following `manual` (id, version, skills). The manual's dyad rule must cover
/// the two disciplines behavioral_health and medical.
pub fn program(sites: usize, seed: u64, manual: &Manual) -> Vec<u8> {
    let shape = Shape::of(sites);
    let mut rng = SplitMix64::new(seed);
    let mut json = Json::with_capacity(sites * 700);
    // Ids are drawn up front, in this order, so references can be picked before the entity
    // they name is written.
    let organizations: Vec<String> = (0..shape.organizations).map(|_| rng.uuid()).collect();
    let site_ids: Vec<String> = (0..shape.sites).map(|_| rng.uuid()).collect();
    let coach_ids: Vec<String> = (0..shape.coaches).map(|_| rng.uuid()).collect();
    let dyad_ids: Vec<String> = (0..shape.dyads).map(|_| rng.uuid()).collect();

    json.begin('{');
    json.key("$schema");
    json.string("urn:practice-coaching:schema:program:1");
    json.key("manual");
    json.begin('{');
    json.key("id");
    json.string(manual.id.as_str());
    json.key("version");
    json.string(&manual.version.to_string());
    json.end('}');
    json.key("organizations");
    json.begin('[');
    for (i, id) in organizations.iter().enumerate() {
        write_organization(&mut json, &mut rng, i, id);
    }
    json.end(']');
    json.key("sites");
    json.begin('[');
    for (i, id) in site_ids.iter().enumerate() {
        let organization = &organizations[rng.below(organizations.len())];
        write_site(&mut json, &mut rng, i, id, organization);
    }
    json.end(']');
    json.key("coaches");
    json.begin('[');
    let skills = Skills::of(manual);
    for (i, id) in coach_ids.iter().enumerate() {
        write_coach(&mut json, &mut rng, &skills, i, id);
    }
    json.end(']');
    json.key("dyads");
    json.begin('[');
    for (d, id) in dyad_ids.iter().enumerate() {
        json.item();
        json.begin('{');
        json.key("id");
        json.string(id);
        json.key("coaches");
        json.begin('[');
        for coach in &coach_ids[2 * d..2 * d + 2] {
            json.item();
            json.string(coach);
        }
        json.end(']');
        json.end('}');
    }
    json.end(']');
    json.key("assignments");
    json.begin('[');
    for (i, site) in site_ids.iter().enumerate() {
        if i.is_multiple_of(2) {
            let earlier = format!("2015-{:02}-{:02}", 9 + rng.below(4), 1 + rng.below(28));
            let (kind, assignee) = if i.is_multiple_of(4) {
                ("coach", &coach_ids[rng.below(coach_ids.len())])
            } else {
                ("dyad", &dyad_ids[rng.below(dyad_ids.len())])
            };
            json.assignment(site, kind, assignee, &earlier);
        }
        let current = format!("2016-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        let dyad = &dyad_ids[rng.below(dyad_ids.len())];
        json.assignment(site, "dyad", dyad, &current);
    }
    json.end(']');
    json.end('}');
    json.out.push('\n');
    json.out.into_bytes()
}

fn write_organization(json: &mut Json, rng: &mut SplitMix64, i: usize, id: &str) {
    json.item();
    json.begin('{');
    json.key("id");
    json.string(id);
    json.key("name");
    let name = format!("{} {}", rng.pick(&PLACES), rng.pick(&ORGANIZATION_KINDS));
    json.string(&name);
    json.key("requires_dyad");
    json.raw(if i.is_multiple_of(4) { "true" } else { "false" });
    json.end('}');
}

fn write_site(json: &mut Json, rng: &mut SplitMix64, i: usize, id: &str, organization: &str) {
    let (kind, noun, usual_direction) = SITE_KINDS[i % SITE_KINDS.len()];
    let direction = if kind == "fqhc" && rng.below(4) == 0 {
        "both"
    } else {
        usual_direction
    };
    json.item();
    json.begin('{');
    json.key("id");
    json.string(id);
    json.key("organization");
    json.string(organization);
    json.key("name");
    let name = format!("{} {noun}, {}", rng.pick(&PLACES), rng.pick(&STREETS));
    json.string(&name);
    json.key("kind");
    json.string(kind);
    json.key("integration_direction");
    json.string(direction);
    json.key("clinical_site_count");
    json.raw(&(1 + rng.below(4)).to_string());
    json.end('}');
}

/// The manual's skill keys: the core ones, and the specialty ones by discipline.
struct Skills<'m> {
    core: Vec<&'m str>,
    specialty: Vec<(Discipline, &'m str)>,
}

impl<'m> Skills<'m> {
    fn of(manual: &'m Manual) -> Self {
        Self {
            core: manual.core_skills().map(|s| s.key.as_str()).collect(),
            specialty: manual
                .skills
                .iter()
                .filter(|s| s.tier == SkillTier::Specialty)
                .flat_map(|s| s.disciplines.iter().map(|&d| (d, s.key.as_str())))
                .collect(),
        }
    }
}

/// Coach `i`: even positions behavioral health, odd medical; pair `i / 2` forms dyad `i / 2`.
fn write_coach(json: &mut Json, rng: &mut SplitMix64, skills: &Skills<'_>, i: usize, id: &str) {
    let pair = i / 2;
    let medical = i % 2 == 1;
    let mut disciplines = vec![if medical {
        Discipline::Medical
    } else {
        Discipline::BehavioralHealth
    }];
    if !medical && pair.is_multiple_of(5) {
        disciplines.push(Discipline::PracticeOperations);
    }
    if medical && pair.is_multiple_of(6) {
        disciplines.push(Discipline::PublicHealth);
    }
    let credentials: &[&str] = match (medical, pair % 3) {
        (true, 0) => &["md"],
        (true, 1) => &["do"],
        (true, _) => &["md", "mph"],
        (false, 0) => &["phd"],
        (false, 1) => &["psyd"],
        (false, _) => &["phd", "lcsw"],
    };
    // Every core skill; medical coaches and every other behavioral health coach also hold the
    // specialty skills of their disciplines.
    let mut held = skills.core.clone();
    if medical || pair.is_multiple_of(2) {
        for &(discipline, key) in &skills.specialty {
            if disciplines.contains(&discipline) && !held.contains(&key) {
                held.push(key);
            }
        }
    }
    json.item();
    json.begin('{');
    json.key("id");
    json.string(id);
    json.key("name");
    let name = format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES));
    json.string(&name);
    json.key("disciplines");
    json.begin('[');
    for discipline in &disciplines {
        json.item();
        json.string(discipline.as_str());
    }
    json.end(']');
    json.key("credentials");
    json.begin('[');
    for credential in credentials {
        json.item();
        json.string(credential);
    }
    json.end(']');
    json.key("highest_degree");
    json.string("doctorate");
    json.key("health_care_experience_years");
    json.raw(&(5 + rng.below(26)).to_string());
    json.key("transformation_experience");
    json.raw("true");
    json.key("integrated_care_experience");
    json.raw("true");
    json.key("skills");
    json.begin('[');
    for skill in &held {
        json.item();
        json.string(skill);
    }
    json.end(']');
    json.key("employment");
    json.string(if i % 4 == 3 {
        "sponsor_staff"
    } else {
        "external_consultant"
    });
    json.end('}');
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

    fn assignment(&mut self, site: &str, kind: &str, assignee: &str, from: &str) {
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
        self.string(from);
        self.end('}');
    }
}
