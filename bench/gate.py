#!/usr/bin/env python3
"""Speed gate: fail when a hot path gets slower, measured against a fixed reference.

    python bench/gate.py            # measure and check against bench/gate.json
    python bench/gate.py --update   # measure 3 times and write new limits

Shared, noisy machines rule out comparing a time with a number stored from
another run.  Each hot path is instead timed back to back with a *reference*
in the same process: ``zlib.compress`` (level 6) of the same input's UTF-8
bytes, C code that textkit never changes.  The ratio of the two moves with
textkit's code and little with the machine's load, since both feel the
same load.  Each round times reference then hot path (their order rotating
between paths), and the gate uses the median ratio of ``ROUNDS`` rounds.

Hot paths (inputs from ``bench/corpus.py``, deterministic):

* signatures: ``MinHasher().signatures`` of 300 documents;
* dedup: ``textkit.dedup`` of those 300 plus 60 near copies, end to end;
* clean: ``textkit.clean`` of 60 documents with page chrome added;
* attribute: ``textkit.attribute`` of 120 documents.

``bench/gate.json`` keeps, for each path, the median ratio measured when it
was last updated, the spread of the three updates, and ``max_ratio``: the
median times ``TOLERANCE``.  Why 1.3: on this 2-core machine the median
ratios moved by at most 1.3% between idle runs and by at most 3% with two
busy loops taking both cores (the reference slows down with the hot path);
another CPU of the same kind can shift the balance between C and Python
code by more than that, and 1.3 leaves room for it while still catching a
hot path that gets a third slower (one doing twice its work fails by far:
``bench/test_gate.py``).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import zlib
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

GATE_FILE = HERE / "gate.json"
ROUNDS = 9
TOLERANCE = 1.3
CHROME = "\n\nShare this:\nFacebook\nTwitter\nLeave a Reply\nYour email address will not be published.\nSource link"


def inputs() -> dict[str, list[str]]:
    from corpus import news_corpus
    docs = news_corpus(360, seed=11)
    return {"signatures": docs[:300], "dedup": docs, "clean": [d + CHROME for d in docs[:60]],
            "attribute": docs[:120]}


def hot_paths() -> dict[str, Callable[[list[str]], object]]:
    import textkit
    hasher = textkit.MinHasher()
    return {
        "signatures": lambda texts: hasher.signatures(texts),
        "dedup": lambda texts: textkit.dedup(texts, 0.8),
        "clean": lambda texts: [textkit.clean(t) for t in texts],
        "attribute": lambda texts: [textkit.attribute(t) for t in texts],
    }


def _reference(blob: bytes) -> Callable[[], object]:
    return lambda: zlib.compress(blob, 6)


def _time(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measure(paths: dict[str, Callable[[list[str]], object]] | None = None,
            rounds: int = ROUNDS) -> dict[str, float]:
    """Median ratio (hot path time / reference time) of each path."""
    paths = paths or hot_paths()
    data = inputs()
    blobs = {name: "\n".join(data[name]).encode("utf-8") for name in paths}
    ratios: dict[str, list[float]] = {name: [] for name in paths}
    names = list(paths)
    for name in names:  # warm-up: imports, caches, compiled regexes
        paths[name](data[name])
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            reference = _reference(blobs[name])
            t_ref = _time(reference)
            t_op = _time(lambda: paths[name](data[name]))
            ratios[name].append(t_op / t_ref)
    return {name: statistics.median(values) for name, values in ratios.items()}


def check(measured: dict[str, float], limits: dict[str, dict]) -> list[str]:
    """One line per path over its limit (empty: the gate passes)."""
    failures = []
    for name, ratio in measured.items():
        limit = limits[name]["max_ratio"]
        if ratio > limit:
            failures.append(f"{name}: {ratio:.2f}x the reference, allowed {limit:.2f}x "
                            f"(was {limits[name]['ratio']:.2f}x when the limit was set)")
    return failures


def load_limits() -> dict[str, dict]:
    return json.loads(GATE_FILE.read_text())["paths"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="measure 3 times and write gate.json")
    args = parser.parse_args()
    if args.update:
        runs = [measure() for _ in range(3)]
        paths = {}
        for name in runs[0]:
            values = [run[name] for run in runs]
            median = statistics.median(values)
            paths[name] = {"ratio": round(median, 3), "spread": [round(v, 3) for v in values],
                           "max_ratio": round(median * TOLERANCE, 3)}
        GATE_FILE.write_text(json.dumps({
            "reference": "zlib.compress(level 6) of the same input, timed back to back",
            "tolerance": TOLERANCE, "rounds": ROUNDS, "paths": paths}, indent=2) + "\n")
        print(json.dumps(paths, indent=2))
        return
    measured = measure()
    limits = load_limits()
    for name, ratio in measured.items():
        print(f"{name:10s} {ratio:6.2f}x reference (allowed {limits[name]['max_ratio']:.2f}x)")
    failures = check(measured, limits)
    if failures:
        raise SystemExit("speed gate failed:\n" + "\n".join(failures))
    print("speed gate passed", flush=True)


if __name__ == "__main__":
    main()
