#!/usr/bin/env python3
"""textkit against datasketch and rensa on the same corpus, speed and accuracy together.

    python bench/compare_peers.py [--docs 2000] [--repeats 5] [--seed 0] [--json out.json]

The corpus is ``bench/corpus.py``'s ``news_corpus`` (deterministic, built from
``seeds/``).  MB = UTF-8 bytes of the raw texts / 1e6; every figure is the
median over ``--repeats`` rounds, the systems of a section being run
round-robin (in a rotating order) within each round, in this one process.  A
system whose single run is shorter than ``--min-time`` is run several times
back to back in each round and the mean of those runs is that round's value.

(a) raw text -> signatures, one thread, word 5-grams, 128 slots:
    textkit ``MinHasher().signatures(texts)``; datasketch and rensa after
    Python shingling as in the Webis harness's dedupcore.py (lowercase, regex
    ``[^\\W_]+`` tokens, word 5-grams joined by single spaces, as a set), then
    ``MinHash(128, seed=1).update_batch`` of the UTF-8 shingles /
    ``RMinHash(128, 1).update`` of the shingles.  The Python shingling alone
    is timed too: it bounds the peers' throughput from above.
(b) raw text -> clusters at Jaccard 0.8: textkit ``dedup(texts, 0.8)``
    (LSH candidates verified by exact Jaccard); datasketch = shingling +
    MinHash + ``MinHashLSH(0.8, 128)`` query-then-insert + union-find;
    rensa = shingling + RMinHash + ``RMinHashLSH(0.8, 128, 16 bands)``
    query-then-insert + union-find.  Peers' LSH candidates are verified with
    their own MinHash estimate (>= 0.8) before the union.  Accuracy: for 2000
    random pairs plus every pair inside one of textkit's clusters, each
    system's estimated Jaccard against the exact Jaccard of its own shingle
    sets (bias = mean(estimate - exact), RMSE).
(c) textkit ``signatures(texts, threads=2)`` against ``threads=1``.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import re
import statistics
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable

import numpy as np

from textkit.unionfind import UnionFind

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_MBPS = 200.0
TARGET_VS_DATASKETCH = 30.0
TARGET_VS_RENSA = 10.0
THRESHOLD = 0.8
NUM_PERM = 128
SEED = 1
RENSA_BANDS = 16  # RMinHashLSH needs num_perm divisible by the band count; 16 x 8 rows

# ---------------------------------------------------------------- peer shingling
# Same normalisation as /work/shared/data/dedup/dedupcore.py (normalize_tokens +
# word_shingles with k=5), written out here so this script needs no shared data.
TOKEN_RE = re.compile(r"[^\W_]+")


def py_shingles(text: str) -> set[str]:
    """Word 5-gram shingle set of ``text`` as the Webis harness builds it.

    >>> sorted(py_shingles("A b, c d e f!"))
    ['a b c d e', 'b c d e f']
    >>> py_shingles("Too short") == {"too short"}
    True
    """
    toks = TOKEN_RE.findall(text.lower())
    if not toks:
        return set()
    if len(toks) < 5:
        return {" ".join(toks)}
    return set(map(" ".join, zip(toks, toks[1:], toks[2:], toks[3:], toks[4:])))


def set_jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def cluster_summary(components: list[list[int]], n: int, candidates: int) -> dict:
    clusters = [c for c in components if len(c) > 1]
    return {"clusters": len(clusters), "duplicates": n - len(components),
            "candidate_pairs": candidates, "members": clusters}


# ---------------------------------------------------------------- systems
def textkit_signatures(texts, threads=1):
    import textkit
    return textkit.MinHasher(num_perm=NUM_PERM, seed=SEED).signatures(texts, threads=threads)


def datasketch_signatures(texts):
    from datasketch import MinHash
    out = []
    for text in texts:
        m = MinHash(num_perm=NUM_PERM, seed=SEED)
        m.update_batch([s.encode("utf-8") for s in py_shingles(text)])
        out.append(m)
    return out


def rensa_signatures(texts):
    from rensa import RMinHash
    out = []
    for text in texts:
        m = RMinHash(NUM_PERM, SEED)
        m.update(list(py_shingles(text)))
        out.append(m)
    return out


def shingling_only(texts):
    return [py_shingles(t) for t in texts]


def textkit_clusters(texts):
    import textkit
    res = textkit.dedup(texts, THRESHOLD, num_perm=NUM_PERM, seed=SEED)
    comps = [[m[0] for m in c.members] for c in res.clusters]
    return {"clusters": res.counts["clusters"], "duplicates": res.counts["read"] - res.counts["kept"],
            "candidate_pairs": res.candidate_pairs, "members": comps}


def lsh_clusters(sigs, lsh, count):
    """Insert-then-query clustering used for both peers: candidates from the
    peer's own LSH, kept when the peer's own estimate reaches the threshold."""
    uf = UnionFind(count)
    candidates = 0
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            candidates += 1
            if m.jaccard(sigs[j]) >= THRESHOLD:
                uf.union(i, j)
        lsh.insert(i, m)
    return cluster_summary(uf.components(), count, candidates)


def datasketch_clusters(texts):
    from datasketch import MinHashLSH
    return lsh_clusters(datasketch_signatures(texts), MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM),
                        len(texts))


def rensa_clusters(texts):
    from rensa import RMinHashLSH
    return lsh_clusters(rensa_signatures(texts), RMinHashLSH(THRESHOLD, NUM_PERM, RENSA_BANDS), len(texts))


# ---------------------------------------------------------------- timing
def medians_and_rates(times: dict[str, list[float]], mb: float) -> tuple[dict[str, float], dict[str, float]]:
    """Each system's median seconds and the MB/s that makes on ``mb`` megabytes."""
    medians = {name: statistics.median(seconds) for name, seconds in times.items()}
    return medians, {name: mb / median for name, median in medians.items()}


def round_robin(systems: dict[str, Callable[[], object]], repeats: int, min_time: float,
                log) -> tuple[dict[str, list[float]], dict[str, object]]:
    """Seconds per run of each system, ``repeats`` rounds, systems interleaved.

    Returns the per-round times and each system's last result."""
    inner: dict[str, int] = {}
    last: dict[str, object] = {}
    for name, fn in systems.items():  # warm-up run, also sizes the inner loop
        gc.collect()
        t0 = time.perf_counter()
        last[name] = fn()
        dt = time.perf_counter() - t0
        inner[name] = max(1, math.ceil(min_time / max(dt, 1e-9)))
    times: dict[str, list[float]] = {name: [] for name in systems}
    names = list(systems)
    for r in range(repeats):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            fn = systems[name]
            gc.collect()
            t0 = time.perf_counter()
            for _ in range(inner[name]):
                last[name] = fn()
            times[name].append((time.perf_counter() - t0) / inner[name])
        log(f"  round {r + 1}/{repeats}: " + ", ".join(f"{n} {times[n][-1]:.3f}s" for n in names))
    return times, last


# ---------------------------------------------------------------- accuracy
def accuracy(texts, tk_sigs, ds_sigs, rs_sigs, tk_clusters, n_random: int, seed: int) -> dict:
    import textkit
    rng = random.Random(seed)
    n = len(texts)
    rand_pairs = set()
    while len(rand_pairs) < min(n_random, n * (n - 1) // 2):
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j:
            rand_pairs.add((min(i, j), max(i, j)))
    cluster_pairs = {(a, b) for members in tk_clusters for k, a in enumerate(members)
                     for b in members[k + 1:]}
    groups = {"random": sorted(rand_pairs), "in textkit clusters": sorted(cluster_pairs),
              "all": sorted(rand_pairs | cluster_pairs)}
    sets = {}

    def pyset(i):
        if i not in sets:
            sets[i] = py_shingles(texts[i])
        return sets[i]

    rows = {}
    tk_hasher = textkit.MinHasher(num_perm=1)
    tk_sets = {}

    def tkset(i):
        if i not in tk_sets:
            tk_sets[i] = tk_hasher.shingle_hashes(texts[i])
        return tk_sets[i]

    for gname, pairs in groups.items():
        ex_tk = np.array([textkit.set_jaccard(tkset(i), tkset(j)) for i, j in pairs])
        ex_py = np.array([set_jaccard(pyset(i), pyset(j)) for i, j in pairs])
        est = {
            "textkit": np.array([textkit.jaccard(tk_sigs[i], tk_sigs[j]) for i, j in pairs]),
            "datasketch": np.array([ds_sigs[i].jaccard(ds_sigs[j]) for i, j in pairs]),
            "rensa": np.array([rs_sigs[i].jaccard(rs_sigs[j]) for i, j in pairs]),
        }
        out = {"pairs": len(pairs), "mean_exact": float(ex_py.mean()),
               "max_exact_diff_textkit_vs_python_shingling": float(np.abs(ex_tk - ex_py).max())}
        for name, e in est.items():
            ref = ex_tk if name == "textkit" else ex_py
            err = e - ref
            out[name] = {"bias": float(err.mean()), "rmse": float(np.sqrt((err ** 2).mean())),
                         "max_abs": float(np.abs(err).max())}
        # binomial standard error of a classic 128-slot MinHash at these J, for scale
        out["classic_minhash_rmse_expected"] = float(np.sqrt((ex_py * (1 - ex_py) / NUM_PERM).mean()))
        rows[gname] = out
    return rows


def pair_agreement(members_a: list[list[int]], members_b: list[list[int]]) -> dict:
    """Co-clustered pairs of a (system) against b (textkit): precision and recall."""
    def pairs(members):
        return {(x, y) for m in members for k, x in enumerate(sorted(m)) for y in sorted(m)[k + 1:]}
    pa, pb = pairs(members_a), pairs(members_b)
    both = len(pa & pb)
    return {"pairs": len(pa), "precision_vs_textkit": both / len(pa) if pa else float("nan"),
            "recall_vs_textkit": both / len(pb) if pb else float("nan")}


# ---------------------------------------------------------------- report
def pkg_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine_info() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"cpu": cpu, "cpu_count": os.cpu_count(), "usable_cpus": usable,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": {p: pkg_version(p) for p in ("textkit", "numpy", "datasketch", "rensa")}}


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0, help="corpus seed")
    ap.add_argument("--pairs", type=int, default=2000, help="random pairs for the accuracy check")
    ap.add_argument("--min-time", type=float, default=0.2,
                    help="seconds; shorter runs are repeated within a round")
    ap.add_argument("--json", help="write all figures here")
    ap.add_argument("--quiet", action="store_true", help="no per-round progress on stderr")
    args = ap.parse_args(argv)
    if args.docs < 2 or args.repeats < 1:
        ap.error("--docs must be >= 2 and --repeats >= 1")

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    from corpus import corpus_bytes, news_corpus

    t_start = time.perf_counter()
    info = machine_info()
    texts = news_corpus(args.docs, seed=args.seed)
    mb = corpus_bytes(texts) / 1e6
    print("machine:", f"{info['cpu']}; {info['cpu_count']} CPUs ({info['usable_cpus']} usable); "
          f"Python {info['python']}; {info['platform']}")
    print("packages:", ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    print(f"corpus: news_corpus({args.docs}, seed={args.seed}): {mb:.2f} MB, "
          f"{mb * 1e6 / len(texts):.0f} bytes/doc; {args.repeats} rounds, medians\n")

    # (a) signatures, plus (c) threads=2 in the same rounds
    log("(a) raw text -> signatures")
    sig_systems = {
        "textkit": lambda: textkit_signatures(texts),
        "textkit threads=2": lambda: textkit_signatures(texts, threads=2),
        "datasketch": lambda: datasketch_signatures(texts),
        "rensa": lambda: rensa_signatures(texts),
        "python shingling only": lambda: shingling_only(texts),
    }
    sig_times, sig_last = round_robin(sig_systems, args.repeats, args.min_time, log)
    med_a, mbps_a = medians_and_rates(sig_times, mb)
    assert np.array_equal(sig_last["textkit"], sig_last["textkit threads=2"])

    # (b) clusters
    log("(b) raw text -> clusters")
    cl_systems = {
        "textkit": lambda: textkit_clusters(texts),
        "datasketch": lambda: datasketch_clusters(texts),
        "rensa": lambda: rensa_clusters(texts),
    }
    cl_times, cl_last = round_robin(cl_systems, args.repeats, args.min_time, log)
    med_b, mbps_b = medians_and_rates(cl_times, mb)

    log("accuracy")
    acc = accuracy(texts, sig_last["textkit"], sig_last["datasketch"], sig_last["rensa"],
                   cl_last["textkit"]["members"], args.pairs, seed=12345)

    # ------------------------------------------------------------ print
    spread = lambda v: f"{min(v):.3f}-{max(v):.3f}"  # noqa: E731
    print("(a) raw text -> signatures (1 thread, word 5-grams, 128 slots)")
    print(f"  {'system':<24}{'median s':>10}{'MB/s':>10}  {'range s':<14}")
    for k in sig_systems:
        print(f"  {k:<24}{med_a[k]:>10.4f}{mbps_a[k]:>10.1f}  {spread(sig_times[k]):<14}")
    r_ds = mbps_a["textkit"] / mbps_a["datasketch"]
    r_rs = mbps_a["textkit"] / mbps_a["rensa"]
    print(f"  ratio textkit/datasketch = {r_ds:.1f}x, textkit/rensa = {r_rs:.1f}x")

    print("\n(b) raw text -> clusters at Jaccard 0.8")
    print(f"  {'system':<12}{'median s':>10}{'MB/s':>9}{'clusters':>10}{'dups':>6}{'cand.pairs':>12}"
          f"{'pairs':>7}{'prec/rec vs textkit':>21}")
    agree = {}
    for k in cl_systems:
        res = cl_last[k]
        agree[k] = pair_agreement(res["members"], cl_last["textkit"]["members"])
        print(f"  {k:<12}{med_b[k]:>10.4f}{mbps_b[k]:>9.1f}{res['clusters']:>10}{res['duplicates']:>6}"
              f"{res['candidate_pairs']:>12}{agree[k]['pairs']:>7}"
              f"{agree[k]['precision_vs_textkit']:>11.3f}/{agree[k]['recall_vs_textkit']:.3f}")
    rb_ds = mbps_b["textkit"] / mbps_b["datasketch"]
    rb_rs = mbps_b["textkit"] / mbps_b["rensa"]
    print(f"  ratio textkit/datasketch = {rb_ds:.1f}x, textkit/rensa = {rb_rs:.1f}x")
    print("  (textkit verifies candidates by exact Jaccard; datasketch and rensa by their "
          "MinHash estimate)")

    print("\n  accuracy of the Jaccard estimate vs exact Jaccard of each system's own shingle sets")
    for gname, g in acc.items():
        print(f"  {gname}: {g['pairs']} pairs, mean exact J {g['mean_exact']:.3f}, "
              f"classic-MinHash expected RMSE {g['classic_minhash_rmse_expected']:.4f}")
        for k in ("textkit", "datasketch", "rensa"):
            e = g[k]
            print(f"    {k:<11} bias {e['bias']:+.4f}  RMSE {e['rmse']:.4f}  max|err| {e['max_abs']:.3f}")
    print(f"  (textkit exact vs Python-shingling exact Jaccard: max difference "
          f"{max(g['max_exact_diff_textkit_vs_python_shingling'] for g in acc.values()):.2e})")

    scale = med_a["textkit"] / med_a["textkit threads=2"]
    print(f"\n(c) textkit threads=2 vs threads=1: {mbps_a['textkit threads=2']:.1f} vs "
          f"{mbps_a['textkit']:.1f} MB/s = {scale:.2f}x speed-up ({info['usable_cpus']} usable CPUs)")

    targets = [
        (f"textkit signatures >= {TARGET_MBPS:.0f} MB/s", f"{mbps_a['textkit']:.1f} MB/s",
         mbps_a["textkit"] >= TARGET_MBPS),
        (f"textkit >= {TARGET_VS_DATASKETCH:.0f}x datasketch (a)", f"{r_ds:.1f}x", r_ds >= TARGET_VS_DATASKETCH),
        (f"textkit >= {TARGET_VS_RENSA:.0f}x rensa (a)", f"{r_rs:.1f}x", r_rs >= TARGET_VS_RENSA),
    ]
    print("\ntargets (single thread, raw text -> signatures):")
    for label, value, ok in targets:
        print(f"  {label:<36} {value:>12}  {met(ok)}")
    print(f"  (end-to-end clusters, for information: {rb_ds:.1f}x datasketch, {rb_rs:.1f}x rensa)")
    total = time.perf_counter() - t_start
    print(f"\ntotal {total:.1f}s")

    if args.json:
        for res in cl_last.values():
            res.pop("members", None)
        out = {
            "machine": info, "docs": args.docs, "seed": args.seed, "mb": mb, "repeats": args.repeats,
            "signatures": {k: {"seconds": sig_times[k], "median_s": med_a[k], "mb_per_s": mbps_a[k]}
                           for k in sig_systems},
            "signatures_ratio": {"textkit/datasketch": r_ds, "textkit/rensa": r_rs},
            "clusters": {k: {"seconds": cl_times[k], "median_s": med_b[k], "mb_per_s": mbps_b[k],
                             **cl_last[k], **agree[k]} for k in cl_systems},
            "clusters_ratio": {"textkit/datasketch": rb_ds, "textkit/rensa": rb_rs},
            "accuracy": acc,
            "thread_scaling_2_vs_1": scale,
            "targets": {label: {"value": value, "met": ok} for label, value, ok in targets},
            "total_s": total,
        }
        Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
