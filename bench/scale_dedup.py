#!/usr/bin/env python3
"""``textkit dedup`` at scale: wall time, peak memory, recall and precision.

    python bench/scale_dedup.py --corpus /tmp/news-1m.jsonl [--docs 1000000] [--jobs 2]
        [--memory 2G] [--threshold 0.7] [--peer-docs 20000] [--json out.json]

If ``--corpus`` does not exist it is made first by ``bench/dedup_corpus.py``
(``--docs`` documents, 20% near copies, true Jaccard indices recorded next
to it in ``CORPUS.truth.npz``).  Then:

1. ``textkit dedup CORPUS -o KEPT --clusters CLUSTERS --threshold T --jobs J
   --memory M -q`` runs as a child process.  Wall time is measured around
   it; peak memory is the largest sum of the resident sets of the process
   and its workers, sampled from /proc every 20 ms (``tree peak``), and the
   largest single process (``ru_maxrss``).
2. Accuracy against the truth file: *recall* is the share of (copy, source)
   pairs with true Jaccard >= T that end in one cluster; *precision* is the
   share of reported duplicate pairs (each removed document and the kept
   document of its cluster) that come from the same original.  The share of
   reported pairs whose own exact Jaccard reaches T is printed too, on a
   sample: a cluster is a connected component, so chains (A ~ B ~ C) can
   pair two copies that are each close to their original but less to each
   other.
3. Peers on the first ``--peer-docs`` documents, in one process, round-robin:
   textkit's API ``dedup(texts, T)``, datasketch (Python shingling +
   MinHash + MinHashLSH query-then-insert + own estimate >= T), rensa (the
   same with RMinHash/RMinHashLSH, 16 bands), each from the parsed texts
   (JSON reading not timed), with the same recall and precision.  The peers
   need ``pip install datasketch rensa``; they are skipped with a message
   when missing.

Targets (issue 5, this 2-core machine): 1,000,000 documents in <= 60 s wall,
peak <= 2 GB, recall >= 0.98 at precision >= 0.99.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGET_SECONDS = 60.0
TARGET_PEAK_BYTES = 2 * 1024 ** 3
TARGET_RECALL = 0.98
TARGET_PRECISION = 0.99


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_cli(corpus: str, out_dir: str, threshold: float, jobs: int, memory: str) -> dict:
    kept, clusters = os.path.join(out_dir, "kept.jsonl"), os.path.join(out_dir, "clusters.jsonl")
    cmd = [sys.executable, "-m", "textkit", "dedup", corpus, "-o", kept, "--clusters", clusters,
           "--threshold", str(threshold), "--jobs", str(jobs), "--memory", memory, "-q"]
    peak = [0]
    started = time.perf_counter()
    child = subprocess.Popen(cmd)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(child.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = child.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"textkit dedup failed with exit code {code}: {' '.join(cmd)}")
    max_single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"command": " ".join(cmd), "seconds": wall, "tree_peak_bytes": peak[0],
            "max_process_bytes": max_single, "kept": kept, "clusters": clusters}


def clusters_from_file(path: str, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(cluster number or -1, kept document of the cluster or -1) per document."""
    cluster = np.full(count, -1, dtype=np.int64)
    rep = np.full(count, -1, dtype=np.int64)
    with open(path, encoding="utf-8") as f:
        for line in f:
            data = json.loads(line)
            head = int(str(data["representative"])[3:])
            for member in data["members"]:
                i = int(str(member["id"])[3:])
                cluster[i] = data["cluster"]
                rep[i] = head
    return cluster, rep


def accuracy(cluster: np.ndarray, rep: np.ndarray, truth, threshold: float, limit: int) -> dict:
    family = truth["family"][:limit]
    copy, source, jac = truth["copy"], truth["source"], truth["jaccard"]
    inside = (copy < limit) & (source < limit)
    copy, source, jac = copy[inside], source[inside], jac[inside]
    wanted = jac >= threshold
    found = (cluster[copy] >= 0) & (cluster[copy] == cluster[source])
    removed = np.flatnonzero((rep >= 0) & (rep != np.arange(limit)))
    right = family[removed] == family[rep[removed]]
    return {"true_pairs": int(wanted.sum()), "recall": float(found[wanted].mean()) if wanted.any() else 1.0,
            "recall_below_threshold": float(found[~wanted].mean()) if (~wanted).any() else 0.0,
            "reported_pairs": int(removed.shape[0]),
            "precision": float(right.mean()) if removed.shape[0] else 1.0,
            "removed": removed, "rep": rep}


def exact_share(corpus: str, removed: np.ndarray, rep: np.ndarray, threshold: float,
                sample: int, seed: int = 0) -> float:
    """Share of a sample of reported pairs whose exact Jaccard reaches the threshold."""
    from textkit import exact_jaccard
    rng = np.random.default_rng(seed)
    picked = rng.choice(removed, min(sample, removed.shape[0]), replace=False) if removed.shape[0] else removed
    need = set(picked.tolist()) | set(rep[picked].tolist())
    texts = {}
    with open(corpus, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in need:
                texts[i] = json.loads(line)["text"]
    sims = [exact_jaccard(texts[a], texts[rep[a]]) for a in picked.tolist()]
    return float(np.mean(np.array(sims) >= threshold)) if sims else 1.0


def peers(corpus: str, truth, docs: int, threshold: float, repeats: int) -> dict:
    import textkit
    from compare_peers import NUM_PERM, RENSA_BANDS, SEED, py_shingles
    from textkit.unionfind import UnionFind
    texts = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if len(texts) == docs:
                break
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def textkit_run():
        result = textkit.dedup(texts, threshold)
        rep = np.array([d.index if d.kept else d.duplicate_of for d in result.decisions])
        in_cluster = np.array([d.cluster is not None for d in result.decisions])
        return np.where(in_cluster, rep, -1)

    def lsh_run(make_sig, lsh):
        sigs = []
        for text in texts:
            sigs.append(make_sig(py_shingles(text)))
        union = UnionFind(len(texts))
        for i, m in enumerate(sigs):
            for j in lsh.query(m):
                if m.jaccard(sigs[j]) >= threshold:
                    union.union(i, j)
            lsh.insert(i, m)
        rep = np.full(len(texts), -1)
        for members in union.components():
            if len(members) > 1:
                rep[members] = members[0]
        return rep

    systems = {"textkit": textkit_run}
    try:
        from datasketch import MinHash, MinHashLSH

        def datasketch_sig(shingles):
            m = MinHash(num_perm=NUM_PERM, seed=SEED)
            m.update_batch([s.encode("utf-8") for s in shingles])
            return m
        systems["datasketch"] = lambda: lsh_run(datasketch_sig, MinHashLSH(threshold=threshold,
                                                                             num_perm=NUM_PERM))
    except ImportError:
        print("datasketch not installed: skipped (pip install datasketch)")
    try:
        from rensa import RMinHash, RMinHashLSH

        def rensa_sig(shingles):
            m = RMinHash(NUM_PERM, SEED)
            m.update(list(shingles))
            return m
        systems["rensa"] = lambda: lsh_run(rensa_sig, RMinHashLSH(threshold, NUM_PERM, RENSA_BANDS))
    except ImportError:
        print("rensa not installed: skipped (pip install rensa)")
    times: dict[str, list[float]] = {name: [] for name in systems}
    results = {}
    names = list(systems)
    for r in range(repeats):
        for name in names[r % len(names):] + names[:r % len(names)]:
            started = time.perf_counter()
            results[name] = systems[name]()
            times[name].append(time.perf_counter() - started)
    report = {}
    for name in names:
        rep = results[name]
        cluster = np.where(rep >= 0, rep, -1)
        acc = accuracy(cluster, rep, truth, threshold, len(texts))
        median = statistics.median(times[name])
        report[name] = {"seconds": median, "mb_per_s": mb / median, "recall": acc["recall"],
                        "precision": acc["precision"]}
    base = report["textkit"]["seconds"]
    for name in names:
        report[name]["times_textkit"] = report[name]["seconds"] / base
    return {"docs": len(texts), "mb": mb, "systems": report}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory", default="2G")
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--peer-docs", type=int, default=20000)
    parser.add_argument("--peer-repeats", type=int, default=3)
    parser.add_argument("--sample", type=int, default=3000, help="reported pairs checked by exact Jaccard")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()

    if not os.path.exists(args.corpus):
        from dedup_corpus import generate
        print(f"making {args.corpus} ({args.docs} documents)")
        generate(args.docs, args.corpus)
    truth = dict(np.load(args.corpus + ".truth.npz"))
    count = truth["family"].shape[0]
    size = os.path.getsize(args.corpus)
    print(f"corpus: {args.corpus}, {count} documents, {size / 1e9:.2f} GB")

    with tempfile.TemporaryDirectory(prefix="textkit-scale-") as out_dir:
        run = run_cli(args.corpus, out_dir, args.threshold, args.jobs, args.memory)
        cluster, rep = clusters_from_file(run["clusters"], count)
    acc = accuracy(cluster, rep, truth, args.threshold, count)
    share = exact_share(args.corpus, acc.pop("removed"), acc.pop("rep"), args.threshold, args.sample)
    figures = {"docs": count, "gb": size / 1e9, "jobs": args.jobs, "memory": args.memory,
               "threshold": args.threshold, "seconds": run["seconds"],
               "docs_per_s": count / run["seconds"], "tree_peak_gb": run["tree_peak_bytes"] / 1e9,
               "max_process_gb": run["max_process_bytes"] / 1e9, **acc,
               "reported_pairs_at_threshold": share}
    print(f"textkit dedup: {run['seconds']:.1f} s wall ({count / run['seconds']:.0f} docs/s, "
          f"{size / 1e6 / run['seconds']:.0f} MB/s), peak {run['tree_peak_bytes'] / 1e9:.2f} GB for the "
          f"process tree, {run['max_process_bytes'] / 1e9:.2f} GB the largest process")
    print(f"  recall {acc['recall']:.4f} of {acc['true_pairs']} pairs with Jaccard >= {args.threshold} "
          f"(and {acc['recall_below_threshold']:.3f} of the pairs below), precision {acc['precision']:.4f} "
          f"of {acc['reported_pairs']} reported pairs; {share:.3f} of a sample of them at Jaccard >= "
          f"{args.threshold}")
    ok = (run["seconds"] <= TARGET_SECONDS and run["tree_peak_bytes"] <= TARGET_PEAK_BYTES
          and acc["recall"] >= TARGET_RECALL and acc["precision"] >= TARGET_PRECISION)
    print(f"  targets (<= {TARGET_SECONDS:.0f} s, <= 2 GB, recall >= {TARGET_RECALL}, precision >= "
          f"{TARGET_PRECISION}): {'met' if ok else 'NOT met'}" +
          ("" if count == 1_000_000 else f" (the targets are for 1,000,000 documents; this is {count})"))
    if args.peer_docs:
        peer = peers(args.corpus, truth, args.peer_docs, args.threshold, args.peer_repeats)
        figures["peers"] = peer
        print(f"peers on the first {peer['docs']} documents ({peer['mb']:.0f} MB), median of "
              f"{args.peer_repeats} interleaved runs, one process:")
        for name, row in peer["systems"].items():
            print(f"  {name:10s} {row['seconds']:7.2f} s {row['mb_per_s']:7.1f} MB/s "
                  f"({row['times_textkit']:.1f}x textkit's time)  recall {row['recall']:.4f}  "
                  f"precision {row['precision']:.4f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
