#!/usr/bin/env python3
"""textkit's similarities on the Webis near-duplicate pairs, scored by the harness itself.

    python bench/eval_webis.py [--threshold 0.7] [--seeds 5] [--json out.json]

Uses ``load_pairs`` and ``evaluate`` from the shared harness
``<repo>/../shared/data/dedup/pairs_eval.py`` (read in place, nothing is
copied), so the figures are comparable with its reference functions.  For
each split and overall it prints ROC AUC (label >= 1 is a near-duplicate),
the best-threshold F1 (threshold tuned on the same data, so optimistic) and
F1 at ``--threshold``, for:

- textkit ``exact_jaccard`` of word 5-grams, word 3-grams, char 5-grams;
- textkit MinHash estimate: ``jaccard`` of ``MinHasher(n=3)`` signatures
  (128 slots; mean over ``--seeds`` seeds, as the harness does for its
  MinHash rows);
- the harness's reference exact Jaccard of word 5-grams, word 3-grams and
  char 5-grams (its own tokenisation, dedupcore.py).

If the shared data is not there, says so and exits 0.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DEDUP = REPO_ROOT.parent / "shared" / "data" / "dedup"


def textkit_functions(seeds: int, num_perm: int):
    """(label, [similarity functions, one per seed]) for the textkit rows."""
    import textkit

    def exact(shingle: str, n: int):
        def sim(a: str, b: str) -> float:
            return textkit.exact_jaccard(a, b, shingle=shingle, n=n)
        return sim

    def minhash(seed: int):
        hasher = textkit.MinHasher(shingle="word", n=3, num_perm=num_perm, seed=seed)
        cache: dict[str, object] = {}

        def sig(text: str):
            s = cache.get(text)
            if s is None:
                s = cache[text] = hasher.signature(text)
            return s

        def sim(a: str, b: str) -> float:
            return textkit.jaccard(sig(a), sig(b))
        return sim

    return [
        ("textkit exact Jaccard word 5-gram", [exact("word", 5)]),
        ("textkit exact Jaccard word 3-gram", [exact("word", 3)]),
        ("textkit exact Jaccard char 5-gram", [exact("char", 5)]),
        (f"textkit MinHash {num_perm}p word 3-gram"
         + (f" (mean of {seeds} seeds)" if seeds > 1 else ""),
         [minhash(seed) for seed in range(1, seeds + 1)]),
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--harness", default=str(SHARED_DEDUP),
                    help="directory holding pairs_eval.py, dedupcore.py and webis/")
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--seeds", type=int, default=5, help="MinHash seeds to average over")
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args(argv)

    harness = Path(args.harness)
    if not (harness / "pairs_eval.py").is_file():
        print(f"Webis evaluation skipped: the shared pair data and harness "
              f"({harness / 'pairs_eval.py'}) are not available on this machine.")
        return 0
    sys.path.insert(0, str(harness))
    sys.dont_write_bytecode = True  # leave the shared directory untouched
    pe = importlib.import_module("pairs_eval")
    if not pe.SPLITS:
        print(f"Webis evaluation skipped: no pair splits under {pe.DEFAULT_DATA}.")
        return 0

    t0 = time.perf_counter()
    pairs = pe.load_pairs(pe.DEFAULT_DATA)
    n_pos = sum(p["label"] >= 1 for p in pairs)
    print(f"{len(pairs)} pairs ({n_pos} with label >= 1) from {pe.DEFAULT_DATA}; "
          f"splits {', '.join(pe.SPLITS)}")

    rows: list[tuple[str, dict]] = []
    for label, fns in textkit_functions(args.seeds, args.num_perm):
        results = [pe.evaluate(pairs, fn, args.threshold)[0] for fn in fns]
        rows.append((label, results[0] if len(results) == 1 else pe.average_results(results)))
    for kind, label in (("w5", "reference exact Jaccard word 5-gram"),
                        ("w3", "reference exact Jaccard word 3-gram"),
                        ("c5", "reference exact Jaccard char 5-gram")):
        rows.append((label, pe.evaluate(pairs, pe.exact_jaccard(kind), args.threshold)[0]))

    cols = tuple(pe.SPLITS) + ("all",)
    width = max(len(name) for name, _ in rows)
    print(f"\nAUC / best F1 (its threshold) / F1@{args.threshold} (P/R), label >= 1 positive")
    for split in cols:
        r0 = rows[0][1][split]
        print(f"\n[{split}] {r0['n']} pairs, {r0['pos']} positive")
        print(f"  {'function':<{width}}  {'AUC':>6}  {'best F1 (t)':>13}  {'F1@t (P/R)':>17}")
        for name, res in rows:
            r = res[split]
            sd = f" ±{r['auc_sd']:.3f}" if "auc_sd" in r else ""
            print(f"  {name:<{width}}  {r['auc']:>6.3f}  {r['best_f1']:>6.3f} ({r['best_t']:.2f})  "
                  f"{r['f1_at_t']:>6.3f} ({r['p_at_t']:.2f}/{r['r_at_t']:.2f}){sd and '  AUC sd' + sd}")
    print(f"\ntotal {time.perf_counter() - t0:.1f}s")

    if args.json:
        Path(args.json).write_text(json.dumps({"threshold": args.threshold, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
