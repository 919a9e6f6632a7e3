#!/usr/bin/env python3
"""Score ``textkit.attribute`` on PolNeAR direct quotes (dev by default).

Reads ``../shared/data/quotes/polnear_<split>.jsonl`` when present, runs ``attribute`` on every
article, writes the system file the scorer takes and prints the scorer's own figures
(span F1, speaker accuracy, end-to-end F1) plus throughput: the median of ``--passes``
passes over the whole split (one core; the first pass is timed too).

    python bench/eval_quotes.py [--split dev|train] [--errors 20] [--passes 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from shared_data import SHARED_DATA, missing

DATA = SHARED_DATA / "quotes"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--errors", type=int, default=0, help="ask the scorer to list N errors")
    ap.add_argument("--out", default="/tmp/textkit_quotes_system.jsonl")
    ap.add_argument("--passes", type=int, default=5, help="timed passes; the median is reported")
    args = ap.parse_args(argv)
    gold = DATA / f"polnear_{args.split}.jsonl"
    scorer = DATA / "score.py"
    if missing(gold, scorer):
        return 0
    from textkit import attribute

    docs = [json.loads(line) for line in gold.open(encoding="utf-8")]
    texts = [d["text"] for d in docs]
    times = []
    for _ in range(max(1, args.passes)):
        started = time.perf_counter()
        results = [attribute(text) for text in texts]
        times.append(time.perf_counter() - started)
    mb = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    with open(args.out, "w", encoding="utf-8") as f:
        for d, quotes in zip(docs, results):
            f.write(json.dumps({"doc": d["doc"], "quotes": [
                {"start": q.start, "end": q.end, "speaker": q.speaker,
                 # The scorer reads a missing mention as null, not -1.
                 "speaker_start": q.speaker_start if q.speaker is not None else None,
                 "speaker_end": q.speaker_end if q.speaker is not None else None}
                for q in quotes]},
                ensure_ascii=False) + "\n")
    seconds = statistics.median(times)
    print(f"{len(docs)} articles, {mb:.2f} MB in {seconds:.3f} s (median of {len(times)} passes; "
          f"first {times[0]:.3f} s): {mb / seconds:.1f} MB/s")
    extra = ["--errors", str(args.errors)] if args.errors else []
    result = subprocess.run([sys.executable, str(scorer), str(gold), args.out, *extra],
                            capture_output=True, text=True)
    print(result.stdout.strip() or result.stderr.strip())
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
