"""pytest-benchmark cases for quote finding and attribution.

    pytest bench/test_bench_quotes.py

MB/s goes in ``extra_info``; the asserts check results, never time.
"""
from __future__ import annotations

from textkit import _core, attribute


def _mbps(benchmark, texts):
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    median = getattr(getattr(getattr(benchmark, "stats", None), "stats", None), "median", None)
    if median:
        benchmark.extra_info["MB/s"] = round(nbytes / 1e6 / median, 2)


def test_quote_spans_kernel(benchmark, corpus_200):
    spans = benchmark(lambda: [_core.quote_spans(t) for t in corpus_200])
    _mbps(benchmark, corpus_200)
    assert sum(len(s) for s in spans) > 0


def test_attribute(benchmark, corpus_200):
    quotes = benchmark(lambda: [attribute(t) for t in corpus_200])
    _mbps(benchmark, corpus_200)
    attributed = sum(q.speaker is not None for doc in quotes for q in doc)
    assert attributed > 0.5 * sum(len(doc) for doc in quotes)
