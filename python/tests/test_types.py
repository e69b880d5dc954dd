"""The stubs type-check a small typed script (mypy --strict), which also runs."""

import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent


def test_the_stubs_type_check_a_typed_script() -> None:
    pytest.importorskip("mypy")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(HERE / "typed_usage.py")],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_typed_script_runs() -> None:
    run = subprocess.run([sys.executable, str(HERE / "typed_usage.py")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
