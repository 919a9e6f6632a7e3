#!/usr/bin/env python3
"""Score textkit's cleaner on the Scrapinghub article-extraction benchmark (dev half).

Reads ``../shared/data/clean/scrapinghub_dev.jsonl`` (relative to the repository) when it is
present, runs ``textkit.clean`` on every page, and prints the benchmark scorer's own figures
(``score.py``: word 4-gram precision/recall averaged over pages) plus throughput.

    python bench/eval_clean.py [--pages PATH] [--out system.jsonl] [--worst 10]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from shared_data import SHARED_DATA, missing

DATA = SHARED_DATA / "clean"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", default=str(DATA / "scrapinghub_dev.jsonl"))
    ap.add_argument("--out", default=None, help="also keep the system output here")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1")
    args = ap.parse_args(argv)
    pages_path = Path(args.pages)
    scorer = pages_path.parent / "score.py"
    if missing(pages_path, scorer):
        return 0
    from textkit import clean

    pages = [json.loads(line) for line in pages_path.open(encoding="utf-8")]
    started = time.perf_counter()
    outputs = [{"id": p["id"], "text": clean(p["text"])} for p in pages]
    seconds = time.perf_counter() - started
    mb = sum(len(p["text"].encode("utf-8")) for p in pages) / 1e6
    out_path = Path(args.out) if args.out else Path("/tmp") / "textkit_clean_system.jsonl"
    with out_path.open("w", encoding="utf-8") as f:
        for row in outputs:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(pages)} pages, {mb:.2f} MB in {seconds:.2f} s: {mb / seconds:.1f} MB/s")
    extra = ["--per-doc"] if args.worst else []
    result = subprocess.run([sys.executable, str(scorer), str(pages_path), str(out_path),
                             "--n-bootstrap", "200", *extra], capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    if args.worst:
        per_doc = [ln for ln in lines if ln.strip().startswith("{") is False and "\t" in ln]
        print("\n".join(per_doc[: args.worst + 1]))
    print("\n".join(ln for ln in lines if not ("\t" in ln and args.worst)))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
