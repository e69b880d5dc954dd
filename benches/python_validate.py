"""Validating the 10,000-site synthetic program from Python, against the same call from Rust
and against the Python `jsonschema` package on the same file.

    cargo run --release --example synthetic_program -- target/synthetic-program
    pip install ./python jsonschema        # in a virtual environment
    python benches/python_validate.py target/synthetic-program

Each case is timed from Python around one call, in REPEAT rounds (5 by default) that run the
cases in turn, the best round of each kept:
- rust: `_native.bench_validate`, which reads and validates the program wholly in Rust;
- python: `Program.from_json(bytes).validate(manual=..., as_of=...)`, the package's own call;
- python validate: `.validate(...)` alone on a program already read;
- jsonschema: `json.loads` and `Draft202012Validator(...).iter_errors` with format checking,
  which checks single values only (no cross-field rule).
"""

import json
import pathlib
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

import practice_coaching as pc
from practice_coaching import _native

AS_OF = "2020-01-01"


def best(run: Callable[[], Any], repeat: int) -> Tuple[float, float]:
    """The least wall-clock time and the least processor time of `repeat` runs: on a machine
    shared with other work the processor time is the steadier."""
    wall: List[float] = []
    cpu: List[float] = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def main() -> None:
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/synthetic-program")
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    text = (folder / "program.json").read_bytes()
    manual = pc.Manual.from_file(folder / "manual.json")
    program = pc.Program.from_json(text)
    assert len(program.validate(manual=manual, as_of=AS_OF)) == 0
    assert _native.bench_validate(text, manual, AS_OF) == 0

    # The cases alternate within each round, so that a change of load on the machine hits
    # each alike; the best round of each is kept.
    cases = {
        "rust": lambda: _native.bench_validate(text, manual, AS_OF),
        "python": lambda: pc.Program.from_json(text).validate(manual=manual, as_of=AS_OF),
        "python validate": lambda: program.validate(manual=manual, as_of=AS_OF),
    }
    times: Dict[str, Tuple[float, float]] = {name: (float("inf"),) * 2 for name in cases}
    for _ in range(repeat):
        for name, run in cases.items():
            wall, cpu = best(run, 1)
            times[name] = (min(times[name][0], wall), min(times[name][1], cpu))
    rust, python, alone = times["rust"], times["python"], times["python validate"]
    print(f"program: {len(text):,} bytes, {len(program.to_dict()['sites']):,} sites")
    print("case                          wall ms    cpu ms")
    print(f"rust (read + validate)     {rust[0] * 1000:9.1f} {rust[1] * 1000:9.1f}")
    print(f"python (read + validate)   {python[0] * 1000:9.1f} {python[1] * 1000:9.1f}"
          f"   {python[0] / rust[0]:.3f} x rust wall, {python[1] / rust[1]:.3f} x rust cpu")
    print(f"python (validate alone)    {alone[0] * 1000:9.1f} {alone[1] * 1000:9.1f}")
    try:
        from jsonschema import Draft202012Validator, FormatChecker
    except ImportError:
        print("jsonschema: not installed (pip install jsonschema)")
        return
    validator = Draft202012Validator(pc.schema("program"), format_checker=FormatChecker())
    schema = best(lambda: sum(1 for _ in validator.iter_errors(json.loads(text))), 1)
    print(f"jsonschema (loads + schema) {schema[0] * 1000:9.1f} {schema[1] * 1000:9.1f}"
          f"   {schema[0] / python[0]:.1f} x python wall, {schema[1] / python[1]:.1f} x python cpu")


if __name__ == "__main__":
    main()
