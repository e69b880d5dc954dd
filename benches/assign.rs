//! Proposing one coach per site (`Program::propose_assignments`), and the same optimum by the
//! Hungarian algorithm (`pathfinding::kuhn_munkres::kuhn_munkres_min`, each coach expanded into
//! one column per unit of capacity) on the sizes it can handle.
//!
//! Instances: sites and coaches at uniformly random places (a splitmix64 generator seeded with
//! [`SEED`]) in a box of about 700 by 900 km (latitude 32.5 to 38.5, longitude -122 to -114,
//! southern and central California), every coach of capacity 12 and eligible, no current
//! assignments, against the EvidenceNOW manual (no team rule). The main case is 1,000 coaches
//! and 10,000 sites (12,000 places); beside the Hungarian algorithm, 20 x 200, 50 x 500,
//! 100 x 1,000 and 300 x 3,000, where both must find the same total.
//!
//! `cargo bench --bench assign`; results in docs/performance.md. Run as a test
//! (`cargo test --bench assign`), only the smallest size is built and checked.

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use pathfinding::kuhn_munkres::kuhn_munkres_min;
use pathfinding::matrix::Matrix;
use practice_coaching::assign::ProposalOptions;
use practice_coaching::program::{Coach, Program, Site};
use practice_coaching::{Capacity, Date, EntityId, Location, reference};

/// The seed of every instance.
const SEED: u64 = 0x5eed_a551_9000_0001;
/// Each coach's capacity.
const CAPACITY: u16 = 12;
/// (coaches, sites) solved by both methods.
const BESIDE_HUNGARIAN: [(usize, usize); 4] = [(20, 200), (50, 500), (100, 1_000), (300, 3_000)];
/// The main case.
const LARGE: (usize, usize) = (1_000, 10_000);

/// splitmix64.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A float in `[low, high)`.
    #[allow(clippy::cast_precision_loss)]
    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * ((self.next() >> 11) as f64 / (1_u64 << 53) as f64)
    }

    fn place(&mut self) -> Location {
        Location::new(self.between(32.5, 38.5), self.between(-122.0, -114.0)).expect("on Earth")
    }
}

fn id(prefix: u8, n: usize) -> EntityId {
    format!("{prefix:02x}000000-0000-4000-8000-{n:012}")
        .parse()
        .expect("an id")
}

/// `coaches` coaches of capacity 12 and `sites` sites at random places, none assigned.
fn instance(coaches: usize, sites: usize) -> Program {
    let mut random = Random(SEED ^ (coaches as u64) << 32 ^ sites as u64);
    let mut program = reference::evidencenow_sample_program().clone();
    let site = program.sites[0].clone();
    let coach = program.coaches[0].clone();
    program.sites = (0..sites)
        .map(|n| Site {
            id: id(0x5e, n),
            name: format!("Site {n}"),
            location: Some(random.place()),
            ..site.clone()
        })
        .collect();
    program.coaches = (0..coaches)
        .map(|n| Coach {
            id: id(0xc0, n),
            name: format!("Coach {n}"),
            capacity: Some(Capacity::new(CAPACITY).expect("bounded")),
            location: Some(random.place()),
            ..coach.clone()
        })
        .collect();
    program.assignments.clear();
    program.relationships.clear();
    program
}

/// The Hungarian optimum: sites as rows, one column per unit of each coach's capacity.
fn hungarian(program: &Program) -> i64 {
    let rows: Vec<Vec<i64>> = program
        .sites
        .iter()
        .map(|site| {
            let at = site.location.expect("located");
            program
                .coaches
                .iter()
                .flat_map(|coach| {
                    let d = i64::from(at.distance_metres(&coach.location.expect("located")));
                    std::iter::repeat_n(d, usize::from(CAPACITY))
                })
                .collect()
        })
        .collect();
    kuhn_munkres_min(&Matrix::from_rows(rows).expect("a matrix")).0
}

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let manual = reference::evidencenow();
    let as_of: Date = "2016-01-04".parse().expect("a date");
    let options = ProposalOptions::default();
    let propose = |program: &Program| {
        program
            .propose_assignments(manual, as_of, &options)
            .expect("a proposal")
    };
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("assign");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let beside = if benchmarking {
        &BESIDE_HUNGARIAN[..]
    } else {
        &BESIDE_HUNGARIAN[..1]
    };
    for &(coaches, sites) in beside {
        let program = instance(coaches, sites);
        let proposal = propose(&program);
        assert_eq!(proposal.proposed.len(), sites);
        let optimum = hungarian(&program);
        assert_eq!(
            i64::try_from(proposal.total_metres).expect("small"),
            optimum,
            "{coaches} x {sites}"
        );
        println!(
            "{coaches} coaches x {sites} sites: {} km in all; {:?}",
            proposal.total_metres / 1000,
            proposal.optimality
        );
        group.bench_function(format!("flow/{coaches}x{sites}"), |b| {
            b.iter(|| propose(black_box(&program)));
        });
        group.bench_function(format!("hungarian/{coaches}x{sites}"), |b| {
            b.iter(|| hungarian(black_box(&program)));
        });
    }
    if benchmarking {
        let (coaches, sites) = LARGE;
        let program = instance(coaches, sites);
        let started = std::time::Instant::now();
        let proposal = propose(&program);
        println!(
            "{coaches} coaches x {sites} sites: {} km in all, {:?} once; {:?}",
            proposal.total_metres / 1000,
            started.elapsed(),
            proposal.optimality
        );
        assert_eq!(proposal.proposed.len(), sites);
        group.bench_function(format!("flow/{coaches}x{sites}"), |b| {
            b.iter(|| propose(black_box(&program)));
        });
    }
    group.finish();
    criterion.final_summary();
}
