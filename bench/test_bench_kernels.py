"""pytest-benchmark cases for textkit's kernels and dedup.

    pytest bench/                        # timed (pytest-benchmark)
    pytest bench/ --benchmark-disable    # each case once, as a quick correctness run

Throughput goes in ``extra_info`` (``MB/s`` = UTF-8 bytes / 1e6 / median seconds,
or ``rows/s``); the asserts check results, never wall-clock time.
"""
from __future__ import annotations

import numpy as np

import textkit
from textkit import _core

from corpus import corpus_bytes


def _record(benchmark, *, nbytes: int | None = None, rows: int | None = None) -> None:
    """Store sizes and, when the benchmark was timed, throughput in extra_info."""
    if nbytes is not None:
        benchmark.extra_info["bytes"] = nbytes
    if rows is not None:
        benchmark.extra_info["rows"] = rows
    stats = getattr(benchmark, "stats", None)
    median = getattr(getattr(stats, "stats", None), "median", None)
    if median:
        if nbytes is not None:
            benchmark.extra_info["MB/s"] = round(nbytes / 1e6 / median, 2)
        if rows is not None:
            benchmark.extra_info["rows/s"] = round(rows / median)


def test_shingle_hashes_seed_text(benchmark, seed_text):
    hashes = benchmark(_core.shingle_hashes, seed_text, "word", 5)
    _record(benchmark, nbytes=len(seed_text.encode("utf-8")))
    n_tokens = len(_core.token_hashes(seed_text))
    assert hashes.dtype == np.uint64
    assert hashes.shape == (n_tokens - 4,)  # one word 5-gram per window


def test_minhash_batch_word5(benchmark, corpus_200):
    sigs = benchmark(_core.minhash_batch, corpus_200, "word", 5, 128, 1)
    _record(benchmark, nbytes=corpus_bytes(corpus_200), rows=len(corpus_200))
    assert sigs.shape == (200, 128) and sigs.dtype == np.uint64
    assert not (sigs == textkit.EMPTY_SLOT).any()
    # same rows as the public API (NFC is a no-op on this corpus)
    assert np.array_equal(sigs, textkit.MinHasher().signatures(corpus_200))


def test_minhash_batch_char5(benchmark, corpus_200):
    sigs = benchmark(_core.minhash_batch, corpus_200, "char", 5, 128, 1)
    _record(benchmark, nbytes=corpus_bytes(corpus_200), rows=len(corpus_200))
    assert sigs.shape == (200, 128) and sigs.dtype == np.uint64
    assert not (sigs == textkit.EMPTY_SLOT).any()


def test_fingerprint_batch(benchmark, corpus_2000):
    fps = benchmark(_core.fingerprint_batch, corpus_2000)
    _record(benchmark, nbytes=corpus_bytes(corpus_2000), rows=len(corpus_2000))
    assert fps.shape == (2000, 2) and fps.dtype == np.uint64
    distinct = len({tuple(row) for row in fps.tolist()})
    assert 1000 < distinct < 2000  # the corpus has a few exact (up to case/punctuation) copies


def test_lsh_band_keys(benchmark, random_signatures):
    keys = benchmark(_core.lsh_band_keys, random_signatures, 9, 13)
    _record(benchmark, nbytes=random_signatures.nbytes, rows=random_signatures.shape[0])
    assert keys.shape == (10000, 9) and keys.dtype == np.uint64
    # random signatures share no band
    assert all(len(np.unique(keys[:, b])) == 10000 for b in range(9))


def test_dedup_2000(benchmark, corpus_2000):
    result = benchmark.pedantic(textkit.dedup, args=(corpus_2000, 0.8), rounds=5, iterations=1,
                                warmup_rounds=1)
    _record(benchmark, nbytes=corpus_bytes(corpus_2000), rows=len(corpus_2000))
    benchmark.extra_info.update({k: v for k, v in result.counts.items()})
    assert len(result) == 2000
    assert result.counts["clusters"] > 0
    assert result.counts["near_duplicates"] > 0 and result.counts["exact_duplicates"] > 0
    for cluster in result.clusters:
        rep = cluster.representative
        for index, sim, reason in cluster.members:
            if reason == "exact":
                assert sim == 1.0
            elif reason == "near" and sim >= 0.8:
                # the reported similarity is the exact Jaccard to the kept record
                assert abs(textkit.exact_jaccard(corpus_2000[index], corpus_2000[rep]) - sim) < 1e-12


def test_dedup_sketch_batch(benchmark, corpus_2000):
    """The streaming engine's kernel: band keys, fingerprint and sorted shingle set."""
    keys, fps, values, counts = benchmark(_core.dedup_sketch_batch, corpus_2000, "word", 5, 128, 1,
                                          16, 8)
    _record(benchmark, nbytes=corpus_bytes(corpus_2000), rows=len(corpus_2000))
    sigs = _core.minhash_batch(corpus_2000, "word", 5, 128, 1)
    assert np.array_equal(keys, _core.lsh_band_keys(sigs, 16, 8))
    assert counts.sum() == values.shape[0] and (counts > 100).all()


def test_dedup_files_one_worker(benchmark, corpus_2000, tmp_path):
    """``textkit dedup``'s path without the CLI: read JSONL, sketch, decide (one process)."""
    import json

    from textkit.dedup_files import dedup_files
    from textkit.engine import DedupSettings
    path = tmp_path / "corpus.jsonl"
    texts = corpus_2000 + corpus_2000[:400]  # 400 exact copies
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    settings = DedupSettings.make(0.8)
    result = benchmark(dedup_files, [str(path)], settings, jobs=1)
    _record(benchmark, nbytes=path.stat().st_size, rows=len(texts))
    counts = result.outcome.counts()
    assert counts["read"] == 2400 and counts["read"] - counts["kept"] >= 400
