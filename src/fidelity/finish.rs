//! A scorer's last step, relationship by relationship: its periods filled in with what was
//! counted, judged, added up, searched for shortfalls, its activities held against those
//! expected, and all of it gathered into the reading's lists. A large program has hundreds of
//! thousands of periods to go through once the log is read, so the relationships are cut in
//! two and the later part finished on a thread of its own where the machine has two cores;
//! each relationship is gone through once, while its periods are in the cache.

use super::activities::{ActivityAdherence, periodic_expected};
use super::calendar::CalendarTally;
use super::period::DeliveredPeriod;
use super::shortfall::{Shortfall, shortfalls};
use super::sites::Unfinished;
use super::totals::SiteTotals;
use super::window::Window;
use crate::manual::Activity;
use crate::{EntityId, Manual, Program};

/// What finishing needs besides the relationships.
pub(super) struct Context<'s> {
    pub(super) manual: &'s Manual,
    pub(super) program: &'s Program,
    pub(super) window: &'s Window,
    /// The manual's activities held around contacts that the program records.
    pub(super) around: &'s [&'s Activity],
}

/// Relationships finished, in the program's order.
#[derive(Default)]
pub(super) struct Finished {
    pub(super) periods: Vec<DeliveredPeriod>,
    pub(super) shortfalls: Vec<Shortfall>,
    /// Each relationship's around-contact and periodic activities.
    pub(super) activities: Vec<ActivityAdherence>,
    pub(super) calendars: Vec<(EntityId, CalendarTally)>,
    pub(super) totals: Vec<SiteTotals>,
}

/// Fewer relationships than this are finished on the calling thread alone: starting a
/// thread costs more than it saves.
pub(super) const SPLIT_FROM: usize = 512;

/// Finishes `sites`, the later half on a second thread where there are `split_from` of them
/// or more and the machine has two cores. A panic there is resumed here.
pub(super) fn finish(
    mut sites: Vec<Unfinished<'_>>,
    context: &Context<'_>,
    split_from: usize,
) -> Finished {
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    if !two_cores || sites.len() < split_from.max(2) {
        return finish_part(sites, context);
    }
    let later = sites.split_off(sites.len() / 2);
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("practice-coaching finishing".to_owned())
            .spawn_scoped(scope, || finish_part(later, context));
        match thread {
            Ok(thread) => {
                let mut finished = finish_part(sites, context);
                let later = thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                finished.append(later);
                finished
            }
            // No second thread: the closure, and with it the later half, was dropped.
            Err(_) => finish_part(sites, context),
        }
    })
}

/// Finishes `sites` on this thread.
fn finish_part(mut sites: Vec<Unfinished<'_>>, context: &Context<'_>) -> Finished {
    let Context {
        manual,
        program,
        window,
        around,
    } = *context;
    // Planned first where not yet, so that the periods are gathered into a list of its final
    // size: tens of megabytes, never moved again.
    let periods = sites.iter_mut().map(|s| s.plan(manual, window)).sum();
    let mut finished = Finished {
        periods: Vec::with_capacity(periods),
        ..Finished::default()
    };
    for site in sites {
        let relationship = site.relationship;
        let mut tally = site.tally((manual, window, around.len()));
        tally.judge(window.as_of);
        finished.shortfalls.extend(shortfalls(&tally));
        for (rule, &(expected, listed)) in around.iter().zip(&tally.around) {
            let logged = tally.logged.get(&rule.key).copied().unwrap_or(0);
            finished.activities.push(ActivityAdherence::new(
                rule.key.clone(),
                Some(tally.site),
                expected,
                listed + logged,
            ));
        }
        for (key, expected) in
            periodic_expected::site(manual, program, relationship, &tally, window)
        {
            let held = tally.logged.get(&key).copied().unwrap_or(0);
            finished.activities.push(ActivityAdherence::new(
                key,
                Some(tally.site),
                expected,
                held,
            ));
        }
        finished.totals.push(SiteTotals::of(&tally));
        finished
            .calendars
            .push((tally.site, std::mem::take(&mut tally.calendar)));
        for list in tally.periods {
            finished.periods.extend(list);
        }
    }
    finished
}

impl Finished {
    /// Takes in `later`, the relationships after these.
    fn append(&mut self, mut later: Self) {
        self.periods.append(&mut later.periods);
        self.shortfalls.append(&mut later.shortfalls);
        self.activities.append(&mut later.activities);
        self.calendars.append(&mut later.calendars);
        self.totals.append(&mut later.totals);
    }
}
