"""The contact log scored by polars, as an analyst would, beside the crate end to end.

Run by benches/polars_peer.sh, which makes the inputs and the virtual environment; not by CI.

Each round, in turn:

1. the crate end to end: `practice-coaching fidelity PROGRAM --manual MANUAL --contacts LOG
   --as-of DATE --format csv`, a process of its own, timed from its start to its exit (reading
   the program and the log, computing the periods, scoring, writing one row per site, period and
   channel);
2. polars reading both CSV files (the periods that command wrote, and the log) and joining them:
   each contact joined onto the period of its site and channel that began last on or before its
   date (an as-of join), kept where its date is before the period's end, then grouped per site,
   period and channel, counting contacts and summing their minutes; timed inside Python, the
   interpreter's start and polars' import left out;
3. the same with only the log's needed columns read;
4. polars' join and grouping alone, on frames already read.

Before timing, the counts and minutes polars finds are checked against the crate's, period by
period: a difference stops the script. Each case is timed on the wall clock and in processor
seconds (user and system, every thread; the crate's as a finished child): on a machine shared
with other work the wall clock of a one-thread process stretches with the load more than that
of polars' two. Medians are printed, and the ratio of each polars case to the crate, taken
round by round (so that a change of load hits both alike), as a median.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

import polars as pl

# The columns of the log (docs/data-dictionary.md) an analyst needs for the counts.
NEEDED = ["record", "site", "date", "minutes", "mode"]


def read_periods(path):
    """The crate's periods: site, channel, first day, day after the last, and its counts."""
    return pl.read_csv(
        path,
        columns=["site_id", "channel", "from", "until", "contacts", "contact_minutes"],
        try_parse_dates=True,
    )


def read_log(path, needed_only):
    """The contact log, every column or only those the counts need."""
    return pl.read_csv(
        path,
        columns=NEEDED if needed_only else None,
        try_parse_dates=True,
        infer_schema_length=10_000,
    )


def join(periods, log):
    """Contacts counted per site, period and channel, as the crate counts them."""
    contacts = (
        log.filter(pl.col("record") == "contact")
        .select(
            pl.col("site").alias("site_id"),
            pl.col("date"),
            pl.col("minutes"),
            pl.when(pl.col("mode") == "in_person")
            .then(pl.lit("in_person"))
            .otherwise(pl.lit("remote"))
            .alias("channel"),
        )
        .sort("date")
    )
    starts = periods.select("site_id", "channel", "from", "until").sort("from")
    return (
        contacts.join_asof(
            starts,
            left_on="date",
            right_on="from",
            by=["site_id", "channel"],
            strategy="backward",
            # Sorted by date as a whole, so sorted within each site and channel too.
            check_sortedness=False,
        )
        .filter(pl.col("from").is_not_null() & (pl.col("date") < pl.col("until")))
        .group_by("site_id", "from", "channel")
        .agg(pl.len().alias("contacts"), pl.col("minutes").sum().alias("contact_minutes"))
    )


def check(periods, counted):
    """Stops the script unless polars' counts are the crate's, period by period."""
    crate = periods.filter(pl.col("contacts") > 0).select(
        "site_id", "from", "channel", "contacts", "contact_minutes"
    )
    keys = ["site_id", "from", "channel"]
    both = crate.join(counted, on=keys, how="full", suffix="_polars", coalesce=True)
    differ = both.filter(
        pl.col("contacts").is_null()
        | pl.col("contacts_polars").is_null()
        | (pl.col("contacts") != pl.col("contacts_polars"))
        | (pl.col("contact_minutes") != pl.col("contact_minutes_polars"))
    )
    if differ.height:
        print(differ.head(10), file=sys.stderr)
        sys.exit(f"polars and the crate differ on {differ.height} periods")
    total = crate["contacts"].sum()
    print(
        f"checked: {crate.height} periods with contacts, {total} contacts, "
        f"counts and minutes equal in every period"
    )


def cpu_seconds():
    """User and system time of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action):
    """Wall and processor seconds (every thread, and the child process) of one call."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    action()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the practice-coaching binary")
    parser.add_argument("--dir", required=True, help="manual.json, program.json, contacts.csv")
    parser.add_argument("--as-of", default="2020-01-01")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    program, manual, log_path, periods_path = (
        os.path.join(args.dir, name)
        for name in ("program.json", "manual.json", "contacts.csv", "periods.csv")
    )
    command = [
        args.binary, "fidelity", program, "--manual", manual, "--contacts", log_path,
        "--as-of", args.as_of, "--format", "csv",
    ]

    def crate():
        with open(periods_path, "wb") as out:
            subprocess.run(command, stdout=out, check=True)

    print(f"polars {pl.__version__}, {pl.thread_pool_size()} threads; {os.cpu_count()} cores")
    crate()
    periods, log = read_periods(periods_path), read_log(log_path, needed_only=False)
    check(periods, join(periods, log))

    cases = {
        "crate end to end": crate,
        "polars read (every column) + join": lambda: join(
            read_periods(periods_path), read_log(log_path, needed_only=False)
        ),
        "polars read (needed columns) + join": lambda: join(
            read_periods(periods_path), read_log(log_path, needed_only=True)
        ),
        "polars join alone": lambda: join(periods, log),
    }
    walls = {name: [] for name in cases}
    cpus = {name: [] for name in cases}
    for round_ in range(args.rounds):
        for name, action in cases.items():
            wall, cpu = timed(action)
            walls[name].append(wall)
            cpus[name].append(cpu)
        print(
            f"round {round_ + 1}, wall (processor) seconds: "
            + ", ".join(f"{walls[n][-1]:.3f} ({cpus[n][-1]:.3f})" for n in cases)
        )
    print(
        f"\nmedians of {args.rounds} rounds, wall and processor (user + system, every thread);"
        " ratio to the crate taken round by round, then its median"
    )
    print(f"{'case':38} {'wall':>9} {'/ crate':>8} {'processor':>10} {'/ crate':>8}")
    for name in cases:
        wall = statistics.median(w / c for w, c in zip(walls[name], walls["crate end to end"]))
        cpu = statistics.median(w / c for w, c in zip(cpus[name], cpus["crate end to end"]))
        print(
            f"{name:38} {statistics.median(walls[name]):8.3f}s {wall:7.2f}x"
            f" {statistics.median(cpus[name]):9.3f}s {cpu:7.2f}x"
        )


if __name__ == "__main__":
    main()
