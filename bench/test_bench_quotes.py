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


def _cue_windows(texts):
    """(text, lo, at): the 60 characters before every cue verb, as attribution searches them."""
    from textkit.quotes import _Document
    return [(t, max(0, at - 60), at) for t in texts for at, _ in _Document(t).verbs(0, len(t))]


def test_subject_matcher(benchmark, corpus_200):
    """The core's subject matcher; compare with test_subject_regex (same windows)."""
    from textkit.quotes import _SUBJECTS
    windows = _cue_windows(corpus_200)
    benchmark.group = "subject before a cue"
    found = benchmark(lambda: [_SUBJECTS.before(t, lo, at, "adverbs") for t, lo, at in windows])
    benchmark.extra_info["windows"] = len(windows)
    assert sum(f is not None for f in found) > 0.3 * len(windows)


def test_subject_regex(benchmark, corpus_200):
    """The regex the matcher replaces, searched the same way."""
    from textkit.quotes import _SUBJECT_NEAR_CUE
    windows = _cue_windows(corpus_200)
    benchmark.group = "subject before a cue"
    found = benchmark(lambda: [_SUBJECT_NEAR_CUE.search(t, lo, at) for t, lo, at in windows])
    assert sum(f is not None for f in found) > 0.3 * len(windows)
