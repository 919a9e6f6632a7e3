#!/usr/bin/env python3
"""Throughput of ``textkit.clean`` against ftfy, measured in one process, interleaved.

Texts: the Scrapinghub dev pages (``../shared/data/clean``) when present, else a
news-like corpus built from ``seeds/`` with page chrome around each article.  Every
round clears textkit's per-line lexicon cache first, so the figures are for text
it has never seen (a real corpus from recurring sites runs faster).

    python bench/speed_clean.py [--rounds 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PAGES = BENCH.parent.parent / "shared" / "data" / "clean" / "scrapinghub_dev.jsonl"
TARGET_MBPS = 20.0


def load_texts() -> tuple[str, list[str]]:
    if PAGES.exists():
        with PAGES.open(encoding="utf-8") as f:
            return f"Scrapinghub dev pages ({PAGES})", [json.loads(line)["text"] for line in f]
    sys.path.insert(0, str(BENCH))
    from corpus import news_corpus
    chrome_top = "Home\nWorld\nPolitics\nSubscribe\nSign In\n\n"
    chrome_bottom = "\n\nShare this:\nFacebook\nTwitter\n\nRelated Articles\n\nLeave a Reply\n© 2024 Example News"
    return ("seed-based corpus with chrome (shared data not found)",
            [chrome_top + t + chrome_bottom for t in news_corpus(400)])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    import ftfy

    from textkit import boilerplate, clean, normalize, strip_boilerplate

    source, texts = load_texts()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    normalized = [normalize(t) for t in texts]
    systems = {
        "textkit clean": lambda: [clean(t) for t in texts],
        "  of which normalize": lambda: [normalize(t) for t in texts],
        "  of which strip_boilerplate": lambda: [strip_boilerplate(t) for t in normalized],
        "ftfy.fix_text": lambda: [ftfy.fix_text(t) for t in texts],
    }
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(args.rounds):
        for name, run in systems.items():
            boilerplate._lexicon_rule.cache_clear()
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    print(f"{len(texts)} texts, {mb:.2f} MB: {source}")
    print(f"{'system':32s} {'median s':>9s} {'MB/s':>8s}")
    mbps = {}
    for name, values in times.items():
        mbps[name] = mb / statistics.median(values)
        print(f"{name:32s} {statistics.median(values):9.3f} {mbps[name]:8.1f}")
    ratio = mbps["textkit clean"] / mbps["ftfy.fix_text"]
    print(f"clean / ftfy = {ratio:.1f}x")
    met = "met" if mbps["textkit clean"] >= TARGET_MBPS else "not met"
    print(f"target clean >= {TARGET_MBPS:.0f} MB/s per core: {mbps['textkit clean']:.1f} MB/s, {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
