"""The command line the Python package is compared against, and the repository's files."""

import json
import os
import pathlib
import subprocess
from typing import Any, Dict, List, Optional

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The day every dated call is read on, so that the command line and Python agree.
AS_OF = "2026-01-01"


def _binary() -> pathlib.Path:
    given = os.environ.get("PRACTICE_COACHING_BIN")
    if given:
        return pathlib.Path(given)
    # Where cargo builds: CARGO_TARGET_DIR when it is set (as CI may set it), else target/.
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    if not target.is_absolute():
        target = ROOT / target
    built = target / "debug" / "practice-coaching"
    if not built.exists():
        subprocess.run(
            ["cargo", "build", "--quiet", "--features", "cli"], cwd=ROOT, check=True
        )
    return built


class Cli:
    """Runs `practice-coaching`; every call returns its exit status and output."""

    def __init__(self, binary: pathlib.Path) -> None:
        self.binary = binary

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.binary), *args], cwd=ROOT, capture_output=True, text=True
        )

    def raw(self, *args: str) -> bytes:
        """Standard output as bytes, line ends as written."""
        return subprocess.run([str(self.binary), *args], cwd=ROOT, capture_output=True).stdout

    def json(self, *args: str) -> Optional[Dict[str, Any]]:
        out = self.run(*args).stdout
        return json.loads(out) if out.strip() else None


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli(_binary())


def broken_documents() -> List[pathlib.Path]:
    """Every broken document under tests/broken, manuals and programs."""
    return sorted((ROOT / "tests" / "broken").rglob("*.json"))
