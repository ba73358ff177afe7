"""Shared fixtures. The read-only shared folder (seeds, gold, development
corpus) sits beside the project: ../shared."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CASES = Path(__file__).resolve().parent / "cases"
SEEDS = ROOT / "seeds"


def read_cases(path: Path) -> list[dict]:
    """A case file: one JSON object a line; ``//`` lines are comments."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("//"):
            row = json.loads(line)
            row.setdefault("id", f"{path.stem}:{n}")
            rows.append(row)
    return rows


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        # a fresh clone of the project alone has no ../shared: these tests run in CI
        pytest.skip(f"needs the shared folder {SHARED} (seeds' gold, development corpus, scorer), absent here")
    return SHARED


@pytest.fixture(scope="session")
def extractor():
    from kg.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, extractor) -> Path:
    """The seeds built once into a folder shared by the tests that read it."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed_build")
    build([SEEDS], out, extractor=extractor)
    return out
