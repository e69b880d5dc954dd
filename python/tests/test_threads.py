"""Long work releases the interpreter lock: another Python thread runs meanwhile."""

import threading
from typing import List

import practice_coaching as pc
from conftest import ROOT


def test_reading_a_large_program_lets_other_threads_run() -> None:
    # The sample program followed by 16 MB of white space: one long parse.
    text = (ROOT / "src" / "reference" / "bhicci-sample-program.json").read_bytes()
    text += b" " * (16 * 1024 * 1024)
    started = threading.Event()
    read: List[pc.Program] = []

    def parse() -> None:
        started.set()
        read.append(pc.Program.from_json(text))

    worker = threading.Thread(target=parse)
    worker.start()
    started.wait()
    turns = 0
    while worker.is_alive():
        turns += 1
    worker.join()
    assert read, "the program was read"
    # With the lock held for the whole parse this thread would wait; released, it spins.
    assert turns > 1000, turns
