//! Schedule expansion: 2,500, 5,000 and 10,000 coaching relationships, each planned over 36
//! months (`Program::plans`) with the synthetic manual of `support/synthetic.rs`.
//!
//! The programs are the synthetic ones with every relationship starting on 2016-01-04 and no
//! contacts (contacts do not shape a plan): engagement, assessment two months later,
//! implementation two months after that, a step down 13 weeks into it and a review the next
//! day; every fifth relationship ends after nine months of implementation, the others are
//! projected on through sustainment. The horizon, 2019-01-04, is 36 months from the start.
//!
//! `cargo bench --bench schedule`; results in docs/performance.md. Run as a test
//! (`cargo test --bench schedule`), only the smallest size is built and checked.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use practice_coaching::manual::Channel;
use practice_coaching::{Date, Program};
use synthetic::Mix;

const SIZES: [usize; 3] = [2_500, 5_000, 10_000];

/// Relationships starting together, without contacts.
const MIX: Mix = Mix {
    contacts: 0,
    start_spread: 0,
    ..Mix::DEFAULT
};

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let sizes = if benchmarking {
        &SIZES[..]
    } else {
        &SIZES[..1]
    };
    let manual = synthetic::manual();
    // 36 months from the relationships' start.
    let until: Date = "2019-01-04".parse().expect("a date");
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("schedule");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for &count in sizes {
        let json = synthetic::program(count, synthetic::SEED, MIX);
        let program = Program::from_json(&json).expect("the synthetic program parses");
        let report = program.validate(&manual);
        assert!(report.is_empty(), "{report:#?}");
        let plans = program.plans(&manual, Some(until));
        assert_eq!(plans.len(), count);
        assert!(plans.iter().all(|p| p.from.to_string() == "2016-01-04"));
        let periods: usize = plans.iter().map(|p| p.periods.len()).sum();
        let visits: u64 = plans
            .iter()
            .map(|p| p.min_contacts(Channel::InPerson))
            .sum();
        println!(
            "{count} relationships: {periods} planned periods, {visits} planned visits, {} events",
            plans.iter().map(|p| p.events.len()).sum::<usize>()
        );
        group.throughput(Throughput::Elements(count as u64));
        group.bench_function(format!("plans/{count}"), |b| {
            b.iter(|| black_box(program.plans(&manual, Some(until))));
        });
    }
    group.finish();
    criterion.final_summary();
}
