//! What a log's names and keys are resolved against, built once from the program and the
//! manual: sites and coaches by id and by name, the manual's skills and activities.

use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};

use super::mapping::By;
use super::problem::LogRule;
use crate::manual::{Cadence, Scope};
use crate::{EntityId, Key, Manual, Program};

/// The program's sites and coaches and the manual's keys, indexed for lookups by row.
pub(super) struct Roster<'a> {
    /// The program's sites.
    pub(super) sites: Directory<'a>,
    /// The program's coaches.
    pub(super) coaches: Directory<'a>,
    /// The manual's skills, by key. The keys are the reader's own copies
    /// ([`Key::detached`]): a row clones several, and readers on two threads would otherwise
    /// contend for the manual's reference counts.
    skills: HashMap<&'a str, Key>,
    /// The manual's activities, by key (copies, as the skills'), and whether each is held
    /// program-wide.
    activities: HashMap<&'a str, (Key, bool)>,
}

/// Entities (sites or coaches) by id and by name.
pub(super) struct Directory<'a> {
    /// What the entities are, for messages: `site` or `coach`.
    pub(super) what: &'static str,
    /// The rules of a name or id that names none, and of a name several share.
    pub(super) unknown: LogRule,
    pub(super) ambiguous: LogRule,
    /// Ids as numbers: hashing and comparing one is a few instructions, and a log of a million
    /// rows looks up several per row.
    ids: HashSet<u128>,
    /// Each name and the one entity with it, or `None` where several share it.
    names: HashMap<&'a str, Option<EntityId>>,
}

/// What a name or id resolves to.
pub(super) enum Found {
    /// One entity.
    One(EntityId),
    /// None.
    Unknown,
    /// Several, sharing a name.
    Ambiguous,
}

impl<'a> Directory<'a> {
    fn new(
        what: &'static str,
        (unknown, ambiguous): (LogRule, LogRule),
        entities: impl ExactSizeIterator<Item = (EntityId, &'a str)>,
    ) -> Self {
        let mut ids = HashSet::with_capacity(entities.len());
        let mut names: HashMap<&'a str, Option<EntityId>> = HashMap::with_capacity(entities.len());
        for (id, name) in entities {
            ids.insert(id.as_uuid().as_u128());
            names
                .entry(name.trim())
                .and_modify(|one| {
                    if *one != Some(id) {
                        *one = None;
                    }
                })
                .or_insert(Some(id));
        }
        Self {
            what,
            unknown,
            ambiguous,
            ids,
            names,
        }
    }

    /// The entity `cell` names, by id or by name.
    pub(super) fn find(&self, cell: &str, by: By) -> Found {
        match by {
            By::Id => match EntityId::new(cell) {
                Ok(id) if self.ids.contains(&id.as_uuid().as_u128()) => Found::One(id),
                _ => Found::Unknown,
            },
            By::Name => match self.names.get(cell) {
                Some(Some(id)) => Found::One(*id),
                Some(None) => Found::Ambiguous,
                None => Found::Unknown,
            },
        }
    }
}

impl<'a> Roster<'a> {
    pub(super) fn new(program: &'a Program, manual: &'a Manual) -> Self {
        Self {
            sites: Directory::new(
                "site",
                (LogRule::SiteUnknown, LogRule::SiteAmbiguous),
                program.sites.iter().map(|s| (s.id, s.name.as_str())),
            ),
            coaches: Directory::new(
                "coach",
                (LogRule::CoachUnknown, LogRule::CoachAmbiguous),
                program.coaches.iter().map(|c| (c.id, c.name.as_str())),
            ),
            skills: manual
                .skills
                .iter()
                .map(|s| (s.key.as_str(), s.key.detached()))
                .collect(),
            activities: manual
                .activities
                .iter()
                .map(|a| {
                    let program_wide = matches!(
                        a.cadence,
                        Cadence::Every {
                            scope: Scope::Program,
                            ..
                        }
                    );
                    (a.key.as_str(), (a.key.detached(), program_wide))
                })
                .collect(),
        }
    }

    /// The skill `cell` names.
    pub(super) fn skill(&self, cell: &str) -> Option<&Key> {
        self.skills.get(cell)
    }

    /// The activity `cell` names, and whether the manual holds it program-wide.
    pub(super) fn activity(&self, cell: &str) -> Option<(&Key, bool)> {
        self.activities
            .get(cell)
            .map(|(key, program_wide)| (key, *program_wide))
    }
}
