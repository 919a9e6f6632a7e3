import os
import random
import re
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


SENTENCE = re.compile(r"(?<=[.!?”])\s+")


@pytest.fixture(scope="session")
def corpus(seed_texts):
    """~240 documents: shuffled seed sentences, a quarter of them near or exact copies."""
    rng = random.Random(7)
    sentences = [s for text in seed_texts for s in SENTENCE.split(text) if len(s.split()) > 3]
    words = sorted({w for s in sentences for w in s.split()})
    docs = []
    for i in range(240):
        if i > 10 and rng.random() < 0.25:
            base = docs[rng.randrange(len(docs))].split(" ")
            if rng.random() < 0.3:
                docs.append(" ".join(base).upper())
                continue
            for _ in range(rng.randrange(1, 12)):
                base[rng.randrange(len(base))] = rng.choice(words)
            docs.append(" ".join(base[:len(base) - rng.randrange(0, 20)]))
        else:
            docs.append(" ".join(rng.sample(sentences, rng.randrange(4, 14))))
    return docs
