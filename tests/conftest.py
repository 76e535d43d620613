"""Shared fixtures: small records in memory first, seed records from tests/fixtures."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from kg.record import load_record

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "records" / "tiny.yaml"
SEED_GOLD = FIXTURES / "seed" / "gold"
SEED_REPORTS = FIXTURES / "seed" / "reports"


@pytest.fixture
def tiny_record() -> dict:
    """A small valid fictional record (a fresh copy for each test)."""
    return copy.deepcopy(_tiny())


_cache: dict = {}


def _tiny() -> dict:
    if "tiny" not in _cache:
        _cache["tiny"] = load_record(TINY)
    return _cache["tiny"]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A data folder whose records are the hand-written seed records."""
    records = tmp_path / "data" / "records"
    records.mkdir(parents=True)
    for f in sorted(SEED_GOLD.glob("*.yaml")):
        shutil.copy(f, records / f.name)
    return tmp_path / "data"


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """The graph of the seed records, built once into an on-disk store (read-only)."""
    from kg.build import build
    from kg.store import open_store

    root = tmp_path_factory.mktemp("seed")
    records = root / "records"
    records.mkdir()
    for f in sorted(SEED_GOLD.glob("*.yaml")):
        shutil.copy(f, records / f.name)
    build(root, extract=False, views=False)
    return open_store(root / "graph")
