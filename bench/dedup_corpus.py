#!/usr/bin/env python3
"""A deterministic news-like corpus with known near copies, for the scale benchmark.

    python bench/dedup_corpus.py --docs 1000000 --out /tmp/news-1m.jsonl [--seed 0]

writes ``OUT`` (JSONL: ``id``, ``title``, ``text``) and ``OUT.truth.npz``:

* ``family``: for each document, the index of the original it was made from
  (itself for an original);
* ``copy``, ``source``, ``jaccard``, ``edits``: one row per near copy: the
  copy, its original, the exact Jaccard index of their word 5-gram shingle
  sets (textkit's tokens: case, punctuation and spacing ignored) and a bit
  mask of the edits applied (``EDIT_NAMES``).

Originals are word sequences from a first-order word-level Markov chain
trained on news text: the PolNeAR articles in ``../shared/data/quotes`` when
present (the script says so), else the five articles in ``seeds/``.  Many
chains walk side by side in numpy, so a million documents take minutes, not
hours.  Lengths follow a log-normal law around 560 words (about 3.7 KB, like
the seed articles); text is laid out as a title plus paragraphs.

A share of the documents (``--near-rate``, default 0.2) are copies of an
original from the same block of ``--block`` documents, placed at a random
position of that block: an exact copy (a tenth of them, re-cased), or a
copy with a random mix of word substitutions, deleted and inserted spans,
truncation, two paragraphs swapped and added chrome lines ("Source link",
"Leave a Reply", ...), of random strength, so the true Jaccard indices
spread from about 0.2 to 1.

Everything depends only on the training text and ``--seed``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shared_data import SHARED_DATA  # noqa: E402

SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"
EDIT_NAMES = ("exact", "substitute", "delete", "insert", "truncate", "move", "chrome")
CHROME_LINES = ("Source link", "Leave a Reply", "Share this article", "Advertisement",
                "Click here to subscribe to our newsletter", "Follow us on Twitter",
                "Related: more stories from this section", "Copyright 2025. All rights reserved.")
MEAN_WORDS = 560


def training_text() -> tuple[str, str]:
    """(text, where it came from)."""
    polnear = [SHARED_DATA / "quotes" / name for name in ("polnear_train.jsonl", "polnear_dev.jsonl")]
    if all(p.exists() for p in polnear):
        texts = [json.loads(line)["text"] for p in polnear for line in p.open(encoding="utf-8")]
        return "\n".join(texts), "PolNeAR train+dev articles (../shared/data/quotes)"
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt"))]
    return "\n".join(texts), "the seed articles only (../shared/data not found)"


class Chain:
    """First-order Markov chain over whitespace tokens, sampled in bulk."""

    def __init__(self, text: str) -> None:
        tokens = text.split()
        vocab, ids = np.unique(np.array(tokens, dtype=object), return_inverse=True)
        self.vocab = [str(v) for v in vocab]
        ids = ids.astype(np.int64)
        size = len(self.vocab)
        pair = ids[:-1] * size + ids[1:]
        pairs, counts = np.unique(pair, return_counts=True)
        self.src = pairs // size
        self.dst = (pairs % size).astype(np.int32)
        # cumulative weight inside each source row, offset by the row number:
        # searchsorted(cum, state + u) picks the next word of ``state``.
        totals = np.bincount(self.src, weights=counts, minlength=size)
        before_row = np.cumsum(totals) - totals
        within = (np.cumsum(counts) - before_row[self.src]) / totals[self.src]
        self.cum = self.src + within
        self.has_next = np.bincount(self.src, minlength=size) > 0
        self.size = size

    def walk(self, starts: np.ndarray, steps: int, rng: np.random.Generator) -> np.ndarray:
        """(len(starts), steps) token ids, one chain a row."""
        out = np.empty((starts.shape[0], steps), dtype=np.int32)
        state = starts.astype(np.int64)
        for t in range(steps):
            dead = ~self.has_next[state]
            if dead.any():
                state[dead] = rng.integers(0, self.size, int(dead.sum()))
            at = np.searchsorted(self.cum, state + rng.random(state.shape[0]) * 0.999999, side="right")
            state = self.dst[np.minimum(at, self.dst.shape[0] - 1)].astype(np.int64)
            out[:, t] = state
        return out


def layout(ids: np.ndarray, vocab: list[str], rng: np.random.Generator) -> tuple[str, str]:
    """(title, text): the first 6-12 words as a title, the rest as paragraphs."""
    words = [vocab[i] for i in ids.tolist()]
    cut = int(rng.integers(6, 13))
    title = " ".join(words[:cut]).rstrip(",;:")
    body = words[cut:]
    paragraphs = []
    at = 0
    while at < len(body):
        size = int(rng.integers(40, 130))
        paragraphs.append(" ".join(body[at:at + size]))
        at += size
    return title, "\n\n".join(paragraphs)


def near_copy(ids: np.ndarray, chain: Chain, others: list[np.ndarray],
              rng: np.random.Generator) -> tuple[np.ndarray, int, list[str]]:
    """(edited ids, edit mask, chrome lines to add); inserted spans come from ``others``."""
    mask = 0
    out = ids.copy()
    strength = rng.random()  # one knob for how heavy every chosen edit is
    if rng.random() < 0.5:
        mask |= 1 << 1
        hits = rng.random(out.shape[0]) < 0.12 * strength
        out[hits] = rng.integers(0, chain.size, int(hits.sum()))
    if rng.random() < 0.4:
        mask |= 1 << 2
        for _ in range(int(rng.integers(1, 4))):
            span = int(out.shape[0] * 0.1 * strength * rng.random()) + 1
            start = int(rng.integers(0, max(1, out.shape[0] - span)))
            out = np.concatenate((out[:start], out[start + span:]))
    if rng.random() < 0.4:
        mask |= 1 << 3
        for _ in range(int(rng.integers(1, 4))):
            span = int(ids.shape[0] * 0.1 * strength * rng.random()) + 1
            start = int(rng.integers(0, out.shape[0] + 1))
            donor = others[int(rng.integers(0, len(others)))]
            at = int(rng.integers(0, max(1, donor.shape[0] - span)))
            extra = donor[at:at + span]
            out = np.concatenate((out[:start], extra, out[start:]))
    if rng.random() < 0.3:
        mask |= 1 << 4
        keep = 1.0 - 0.4 * strength * rng.random()
        out = out[:max(20, int(out.shape[0] * keep))]
    if rng.random() < 0.3 and out.shape[0] > 200:
        mask |= 1 << 5
        a, b = sorted(rng.choice(np.arange(20, out.shape[0] - 60, 40), 2, replace=False).tolist())
        size = 40
        out = np.concatenate((out[:a], out[b:b + size], out[a + size:b], out[a:a + size], out[b + size:]))
    chrome: list[str] = []
    if rng.random() < 0.4:
        mask |= 1 << 6
        chrome = [CHROME_LINES[i] for i in rng.choice(len(CHROME_LINES), int(rng.integers(1, 4)),
                                                        replace=False).tolist()]
    return out, mask, chrome


def generate(docs: int, out_path: str, seed: int = 0, near_rate: float = 0.2,
             block: int = 20000) -> dict:
    from textkit.minhash import MinHasher, set_jaccard
    text, where = training_text()
    print(f"training text: {where}, {len(text.split())} tokens", file=sys.stderr)
    chain = Chain(text)
    hasher = MinHasher(n=5)
    rng = np.random.default_rng(seed)
    family = np.empty(docs, dtype=np.int64)
    copies, sources, jaccards, edits = [], [], [], []
    started = time.perf_counter()
    written = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for lo in range(0, docs, block):
            count = min(block, docs - lo)
            n_copies = int(round(count * near_rate))
            n_orig = count - n_copies
            lengths = np.clip(rng.lognormal(np.log(MEAN_WORDS), 0.35, n_orig), 120, 2500).astype(np.int64)
            # Chains walk side by side; each chain's walk is cut into documents.
            chains = max(1, min(n_orig, 4000))
            per_chain = int(np.ceil(lengths.sum() / chains)) + 1
            walks = chain.walk(rng.integers(0, chain.size, chains), per_chain, rng).reshape(-1)
            ends = np.cumsum(lengths)
            originals = [walks[e - n:e] for e, n in zip(ends.tolist(), lengths.tolist())]
            # positions in the block: originals and copies shuffled together
            order = rng.permutation(count)
            orig_pos = lo + order[:n_orig]
            copy_pos = lo + order[n_orig:]
            rows: list = [None] * count
            for k, pos in enumerate(orig_pos.tolist()):
                family[pos] = pos
                rows[pos - lo] = ("orig", originals[k], [], False)
            picks = rng.integers(0, n_orig, n_copies)
            for pos, k in zip(copy_pos.tolist(), picks.tolist()):
                src = int(orig_pos[k])
                family[pos] = src
                if rng.random() < 0.1:
                    rows[pos - lo] = ("exact", originals[k], [], True)
                    mask = 1
                else:
                    ids, mask, chrome = near_copy(originals[k], chain, originals, rng)
                    rows[pos - lo] = ("near", ids, chrome, False)
                copies.append(pos)
                sources.append(src)
                edits.append(mask)
            texts = []
            for i, (kind, ids, chrome, recase) in enumerate(rows):
                layout_rng = np.random.default_rng([seed, int(family[lo + i])])
                title, body = layout(ids, chain.vocab, layout_rng)
                if recase:
                    title, body = title.upper(), body.upper()
                if chrome:
                    body = body + "\n\n" + "\n".join(chrome)
                texts.append(title + "\n\n" + body)
                out.write(json.dumps({"id": f"doc{lo + i:08d}", "title": title, "text": texts[-1]},
                                     ensure_ascii=False) + "\n")
            for pos, src in zip(copies[len(jaccards):], sources[len(jaccards):]):
                jaccards.append(set_jaccard(hasher.shingle_hashes(texts[pos - lo]),
                                            hasher.shingle_hashes(texts[src - lo])))
            written += count
            rate = written / (time.perf_counter() - started)
            print(f"\r{written}/{docs} documents ({rate:.0f}/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    truth = {"family": family, "copy": np.array(copies, dtype=np.int64),
             "source": np.array(sources, dtype=np.int64), "jaccard": np.array(jaccards),
             "edits": np.array(edits, dtype=np.int64)}
    np.savez_compressed(out_path + ".truth.npz", **truth)
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--near-rate", type=float, default=0.2)
    parser.add_argument("--block", type=int, default=20000)
    args = parser.parse_args()
    truth = generate(args.docs, args.out, args.seed, args.near_rate, args.block)
    j = truth["jaccard"]
    size = Path(args.out).stat().st_size
    print(f"wrote {args.docs} documents, {size / 1e9:.2f} GB, to {args.out}; {j.shape[0]} copies, "
          f"{(j >= 0.7).sum()} with Jaccard >= 0.7 (quartiles {np.percentile(j, [25, 50, 75]).round(2).tolist()})")


if __name__ == "__main__":
    main()
