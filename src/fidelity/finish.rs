//! A scorer's last step, relationship by relationship: its periods filled in with what was
//! counted, judged, added up, searched for shortfalls, its activities held against those
//! expected, and all of it gathered into the reading's lists. A large program has hundreds of
//! thousands of periods to go through once the log is read, so the relationships are cut in
//! two and the later part finished on a thread of its own where the machine has two cores;
//! each relationship is gone through once, while its periods are in the cache.

use std::mem::MaybeUninit;
use std::sync::{Mutex, PoisonError};

use super::activities::{ActivityAdherence, periodic_expected};
use super::calendar::CalendarTally;
use super::period::DeliveredPeriod;
use super::shortfall::{Shortfall, Shortfalls};
use super::sites::Unfinished;
use super::tally::{SiteCounts, SitePlan};
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

/// Relationships finished, in the program's order; their periods are written into room set
/// aside in the reading's list.
#[derive(Default)]
pub(super) struct Finished {
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
/// or more and the machine has two cores (a panic there is resumed here); with every period,
/// in order.
pub(super) fn finish(
    mut sites: Vec<Unfinished<'_>>,
    context: &Context<'_>,
    split_from: usize,
) -> (Finished, Vec<DeliveredPeriod>) {
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    let parts = if two_cores && sites.len() >= split_from.max(2) {
        let later = sites.split_off(sites.len() / 2);
        vec![sites, later]
    } else {
        vec![sites]
    };
    // Planned first where not yet, so that every period is written once, straight into the
    // list of its final size: tens of megabytes, never moved again.
    let (manual, window) = (context.manual, context.window);
    let parts = in_parts(parts, &|mut part: Vec<Unfinished<'_>>| {
        let periods: usize = part.iter_mut().map(|s| s.plan(manual, window)).sum();
        (part, periods)
    });
    let total = parts.iter().map(|(_, periods)| periods).sum();
    let mut periods = Vec::with_capacity(total);
    let mut room = periods.spare_capacity_mut();
    let mut work = Vec::with_capacity(parts.len());
    for (part, wanted) in parts {
        let wanted = wanted.min(room.len());
        let (here, rest) = std::mem::take(&mut room).split_at_mut(wanted);
        room = rest;
        work.push((part, Room::new(here)));
    }
    let mut finished = Finished::default();
    let mut written = 0;
    let mut spent = Vec::with_capacity(2);
    for ((part, done_with), room) in in_parts(work, &|(part, mut room)| {
        let finished = finish_part(part, context, &mut room);
        (finished, room.written)
    }) {
        finished.append(part);
        spent.push(done_with);
        written += room;
    }
    // Freed here, on one thread: the parts' plans and counts were allocated by both reading
    // threads, and two threads freeing into each other's heaps take turns on their locks.
    drop(spent);
    assert_eq!(written, total, "every period planned is written once");
    // SAFETY: the first `total` slots of `periods` (its capacity is at least `total`) were cut into
    // consecutive rooms, one a part, each exactly as long as its part's periods; each part
    // wrote every slot of its room (the written counts add up to `total`), and none is read
    // before this.
    unsafe { periods.set_len(total) };
    (finished, periods)
}

/// `work` done on each of `parts`, the last of several on a thread of its own (a panic there
/// is resumed here), or here after the others where no thread can be started; the results in
/// order.
fn in_parts<T: Send, R: Send>(mut parts: Vec<T>, work: &(impl Fn(T) -> R + Sync)) -> Vec<R> {
    if parts.len() < 2 {
        return parts.into_iter().map(work).collect();
    }
    let waiting = Mutex::new(parts.pop());
    let take = || {
        waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    };
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("practice-coaching finishing".to_owned())
            .spawn_scoped(scope, || take().map(work));
        let mut done: Vec<R> = parts.into_iter().map(work).collect();
        let later = match thread {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        // A part no thread took is worked on here.
        done.extend(later.or_else(|| take().map(work)));
        done
    })
}

/// Room set aside for a part's periods in the reading's list, filled in order.
struct Room<'v> {
    slots: std::slice::IterMut<'v, MaybeUninit<DeliveredPeriod>>,
    written: usize,
}

impl<'v> Room<'v> {
    fn new(slots: &'v mut [MaybeUninit<DeliveredPeriod>]) -> Self {
        Self {
            slots: slots.iter_mut(),
            written: 0,
        }
    }

    /// Writes `period` into the next slot (past the last, it is dropped: counted as not
    /// written).
    fn put(&mut self, period: DeliveredPeriod) {
        if let Some(slot) = self.slots.next() {
            slot.write(period);
            self.written += 1;
        }
    }
}

/// Finishes `sites` on this thread, their periods written into `room`; with the plans and
/// counts done with, for the caller to free.
fn finish_part(
    sites: Vec<Unfinished<'_>>,
    context: &Context<'_>,
    room: &mut Room<'_>,
) -> (Finished, Vec<(SitePlan, SiteCounts, Vec<SiteCounts>)>) {
    let Context {
        manual,
        program,
        window,
        around,
    } = *context;
    let mut finished = Finished::default();
    let mut spent = Vec::with_capacity(sites.len());
    for site in sites {
        let relationship = site.relationship;
        let (plan, mut counts, joined) = site.counted((manual, window, around.len()));
        let mut shortfalls = Shortfalls::new(plan.site);
        let mut totals = SiteTotals::new(&plan, &counts);
        // Each period is built, judged and added up once, and written where it stays.
        for period in plan.delivered(&counts, window.as_of) {
            shortfalls.add(&period);
            totals.add(&period);
            room.put(period);
        }
        finished.shortfalls.extend(shortfalls.end());
        finished.totals.push(totals);
        for (rule, &(expected, listed)) in around.iter().zip(&counts.around) {
            let logged = counts.logged.get(&rule.key).copied().unwrap_or(0);
            finished.activities.push(ActivityAdherence::new(
                rule.key.clone(),
                Some(plan.site),
                expected,
                listed + logged,
            ));
        }
        for (key, expected) in
            periodic_expected::site(manual, program, (relationship, plan.end), window)
        {
            let held = counts.logged.get(&key).copied().unwrap_or(0);
            finished
                .activities
                .push(ActivityAdherence::new(key, Some(plan.site), expected, held));
        }
        finished
            .calendars
            .push((plan.site, std::mem::take(&mut counts.calendar)));
        spent.push((plan, counts, joined));
    }
    (finished, spent)
}

impl Finished {
    /// Takes in `later`, the relationships after these.
    fn append(&mut self, mut later: Self) {
        self.shortfalls.append(&mut later.shortfalls);
        self.activities.append(&mut later.activities);
        self.calendars.append(&mut later.calendars);
        self.totals.append(&mut later.totals);
    }
}

#[cfg(test)]
mod tests {
    use super::in_parts;

    #[test]
    fn parts_are_worked_on_in_order_whatever_their_number() {
        for n in 0..5 {
            let parts: Vec<Vec<u32>> = (0..n).map(|k| vec![k; 3]).collect();
            let done = in_parts(parts, &|part: Vec<u32>| part.iter().sum::<u32>());
            assert_eq!(done, (0..n).map(|k| 3 * k).collect::<Vec<_>>());
        }
    }
}
