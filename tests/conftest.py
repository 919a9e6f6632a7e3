import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# CI runs the same examples every time (a red CI must mean a real change);
# local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

TESTS = Path(__file__).resolve().parent
# The pure-Python reference lives next to the tests; pytest runs with
# --import-mode=importlib, which does not put this folder on sys.path.
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

SEEDS = TESTS.parent / "seeds"


@pytest.fixture(scope="session")
def seed_paths():
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, f"expected the five seed articles in {SEEDS}"
    return paths


@pytest.fixture(scope="session")
def seed_texts(seed_paths):
    return [p.read_text(encoding="utf-8") for p in seed_paths]


@pytest.fixture
def runner():
    """A click runner for the CLI tests."""
    return CliRunner()
