"""pytest-benchmark cases for clean(), with ftfy measured in the same run.

    pytest bench/test_bench_clean.py

MB/s goes in ``extra_info``; the asserts check results, never time.
"""
from __future__ import annotations

import pytest

from textkit import boilerplate, clean

CHROME_TOP = "Home\nWorld\nPolitics\nSubscribe\nSign In\n\n"
CHROME_BOTTOM = "\n\nShare this:\nFacebook\nTwitter\n\nRelated Articles\n\nLeave a Reply\n© 2024 Example News"


@pytest.fixture(scope="module")
def pages(corpus_200):
    return [CHROME_TOP + text + CHROME_BOTTOM for text in corpus_200]


def _mbps(benchmark, texts):
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    median = getattr(getattr(getattr(benchmark, "stats", None), "stats", None), "median", None)
    if median:
        benchmark.extra_info["MB/s"] = round(nbytes / 1e6 / median, 2)


def test_clean_pages(benchmark, pages):
    def run():
        boilerplate._lexicon_rule.cache_clear()  # lines never seen before
        return [clean(p) for p in pages]
    out = benchmark(run)
    _mbps(benchmark, pages)
    for cleaned in out:
        lines = cleaned.split("\n")
        assert cleaned and "Share this:" not in lines and "Leave a Reply" not in lines
        assert "Home" not in lines and "© 2024 Example News" not in lines


def test_ftfy_same_pages(benchmark, pages):
    ftfy = pytest.importorskip("ftfy")
    subset = pages[:40]  # ftfy is slow; MB/s is what compares
    out = benchmark(lambda: [ftfy.fix_text(p) for p in subset])
    _mbps(benchmark, subset)
    assert len(out) == len(subset)
