"""pytest-benchmark cases for character normalisation and the mojibake check.

    pytest bench/test_bench_normalize.py                        # timed
    pytest bench/test_bench_normalize.py --benchmark-disable    # each case once

The corpus is the seed articles joined and repeated to about 1 MB of UTF-8
(mostly ASCII news text with curly quotes, dashes and a few accents).
``extra_info["MB/s"]`` is UTF-8 megabytes over the median time; the asserts
check results, never wall-clock time.
"""
from __future__ import annotations

import numpy as np
import pytest

from textkit import _core
from textkit.normalize import normalize, normalize_with_offsets, repair_mojibake

from corpus import seed_texts

TARGET_BYTES = 1_000_000


def _record(benchmark, nbytes: int) -> None:
    benchmark.extra_info["bytes"] = nbytes
    median = getattr(getattr(getattr(benchmark, "stats", None), "stats", None), "median", None)
    if median:
        benchmark.extra_info["MB/s"] = round(nbytes / 1e6 / median, 1)


@pytest.fixture(scope="module")
def news_1mb() -> str:
    """The seed articles, paragraphs kept, repeated to about 1 MB."""
    block = "\n\n".join(seed_texts()) + "\n\n"
    return block * (TARGET_BYTES // len(block.encode("utf-8")) + 1)


@pytest.fixture(scope="module")
def news_lines(news_1mb) -> list[str]:
    return news_1mb.split("\n")


def test_normalize_1mb(benchmark, news_1mb):
    out = benchmark(normalize, news_1mb)
    _record(benchmark, len(news_1mb.encode("utf-8")))
    assert "\n\n\n" not in out and "  " not in out
    assert out.count("\n\n") >= news_1mb.count("\n\n") // 2  # paragraphs kept


def test_normalize_folded_1mb(benchmark, news_1mb):
    out = benchmark(normalize, news_1mb, fold_quotes=True, fold_dashes=True, fold_ellipsis=True)
    _record(benchmark, len(news_1mb.encode("utf-8")))
    assert not any(ch in out for ch in "“”‘’—–…")


def test_normalize_with_offsets_1mb(benchmark, news_1mb):
    out, offsets = benchmark(normalize_with_offsets, news_1mb)
    _record(benchmark, len(news_1mb.encode("utf-8")))
    assert out == normalize(news_1mb)
    assert len(offsets) == len(out) + 1 and offsets[-1] == len(news_1mb)


def test_mojibake_suspects_clean_1mb(benchmark, news_1mb):
    flags = benchmark(_core.mojibake_suspects, [news_1mb])
    _record(benchmark, len(news_1mb.encode("utf-8")))
    assert flags.tolist() == [False]


def test_mojibake_suspects_clean_lines(benchmark, news_lines):
    flags = benchmark(_core.mojibake_suspects, news_lines)
    _record(benchmark, sum(len(line.encode("utf-8")) for line in news_lines))
    benchmark.extra_info["rows"] = len(news_lines)
    assert not flags.any()


def test_mojibake_suspects_latin1_1mb(benchmark, news_1mb):
    """A one-byte-a-character text with accents but no mojibake: a full scan."""
    text = news_1mb.encode("ascii", "ignore").decode("ascii").replace("the", "thé")
    flags = benchmark(_core.mojibake_suspects, [text])
    _record(benchmark, len(text.encode("utf-8")))
    assert flags.tolist() == [False]


def test_repair_mojibake_clean_1mb(benchmark, news_1mb):
    """Clean text: one kernel scan, ftfy never runs."""
    out = benchmark(repair_mojibake, news_1mb)
    _record(benchmark, len(news_1mb.encode("utf-8")))
    assert out is news_1mb


def test_repair_mojibake_some_lines(benchmark, news_lines):
    """One line in 50 garbled (UTF-8 read as cp1252): ftfy on those lines only."""
    lines = [line.encode("utf-8").decode("cp1252", errors="replace") if i % 50 == 0 else line
             for i, line in enumerate(news_lines)]
    text = "\n".join(lines)
    out = benchmark(repair_mojibake, text)
    _record(benchmark, len(text.encode("utf-8")))
    garbled = np.flatnonzero(_core.mojibake_suspects(lines))
    benchmark.extra_info["garbled_lines"] = int(garbled.size)
    assert out.count("\n") == text.count("\n")
    assert not _core.mojibake_suspects([out])[0]
