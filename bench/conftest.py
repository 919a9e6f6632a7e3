"""Fixtures for the kernel benchmarks; puts bench/ on sys.path so ``import corpus``
works under pyproject's ``--import-mode=importlib``."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import corpus  # noqa: E402


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The longest seed article (about 4 KB)."""
    return max(corpus.seed_texts(), key=len)


@pytest.fixture(scope="session")
def corpus_200() -> list[str]:
    return corpus.news_corpus(200, seed=0)


@pytest.fixture(scope="session")
def corpus_2000() -> list[str]:
    return corpus.news_corpus(2000, seed=0)


@pytest.fixture(scope="session")
def random_signatures() -> np.ndarray:
    """10000 x 128 uint64 signatures, uniformly random (seeded)."""
    rng = np.random.default_rng(0)
    return rng.integers(0, np.iinfo(np.uint64).max, size=(10000, 128), dtype=np.uint64,
                        endpoint=True)
