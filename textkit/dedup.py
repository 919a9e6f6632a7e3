"""Exact and near-duplicate detection over a batch of records.

``dedup`` runs four steps:

1. exact duplicates: records whose normalised token sequences are equal
   (128-bit fingerprint; case, punctuation, quotes, dashes and spacing ignored);
2. candidates: MinHash signatures of one record per exact group, banded LSH;
3. verification of each candidate pair: exact Jaccard of the shingle sets
   (default) or the signature estimate (``verify="estimate"``);
4. clusters: connected components (union-find) of verified pairs and exact
   groups.  In each cluster one record is kept (``keep="first"`` or
   ``"longest"``); every other member is reported as a duplicate of it.

A cluster is a connected component, so a member can be linked to the kept
record through a chain (A ~ B ~ C) and have a lower similarity to it than the
threshold; ``similarity`` always reports the value to the kept record.

The names ``MinHasher``, ``jaccard``, ``exact_jaccard``, ``lsh_params`` and
``LSHIndex`` are importable from here as well as from ``textkit``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Optional, Union

import numpy as np

from textkit import _core
from textkit.lsh import LSHIndex, lsh_params
from textkit.minhash import (MinHasher, ShingleKind, exact_jaccard, jaccard, map_chunks,
                             nfc_batch, set_jaccard)
from textkit.unionfind import UnionFind

__all__ = ["dedup", "DedupResult", "RecordDecision", "DuplicateCluster", "MinHasher", "jaccard",
           "exact_jaccard", "lsh_params", "LSHIndex"]

Reason = Literal["unique", "kept", "exact", "near"]

#: Weights ``dedup`` passes to ``lsh_params``: verification removes false
#: positives, so a missed pair costs far more than an extra comparison.
DEDUP_FP_WEIGHT = 0.05
DEDUP_FN_WEIGHT = 0.95


@dataclass(frozen=True)
class RecordDecision:
    """What ``dedup`` decided for one input record.

    Attributes:
        index: position of the record in the input.
        id: the record's id (``id_field``), or its index when it has none.
        kept: whether the record is kept.
        reason: "unique" (in no cluster), "kept" (kept for its cluster),
            "exact" (same normalised text as the kept record) or "near".
        cluster: cluster number, or None for a unique record.
        duplicate_of: index of the kept record of its cluster (None if kept).
        similarity: Jaccard similarity to that record (1.0 for "exact").
    """

    index: int
    id: Any
    kept: bool
    reason: Reason
    cluster: Optional[int] = None
    duplicate_of: Optional[int] = None
    similarity: Optional[float] = None


@dataclass(frozen=True)
class DuplicateCluster:
    """A group of two or more records that are duplicates of one another.

    ``members`` lists (index, similarity to the representative, reason) in
    input order, the representative included with similarity 1.0.
    """

    number: int
    representative: int
    members: list[tuple[int, float, Reason]]


@dataclass
class DedupResult:
    """Result of ``dedup``: one decision a record, the clusters and counts."""

    decisions: list[RecordDecision]
    clusters: list[DuplicateCluster]
    candidate_pairs: int = 0
    verified_pairs: int = 0
    params: tuple[int, int] = (0, 0)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def kept(self) -> list[int]:
        """Indices of the kept records, in input order."""
        return [d.index for d in self.decisions if d.kept]

    def __len__(self) -> int:
        return len(self.decisions)


def _texts_and_ids(records: Iterable[Union[str, Mapping]], text_field: str,
                   id_field: str) -> tuple[list[str], list[Any]]:
    if isinstance(records, (str, bytes)):
        raise TypeError("records must be an iterable of str or mappings, got a single "
                        f"{type(records).__name__}; wrap it in a list")
    texts: list[str] = []
    ids: list[Any] = []
    for i, record in enumerate(records):
        if isinstance(record, str):
            texts.append(record)
            ids.append(i)
        elif isinstance(record, Mapping):
            if text_field not in record:
                raise ValueError(f"record {i} has no {text_field!r} field; pass text_field= "
                                 "to name the field that holds the text")
            text = record[text_field]
            if not isinstance(text, str):
                raise TypeError(f"record {i}: field {text_field!r} must be str, got "
                                f"{type(text).__name__}")
            texts.append(text)
            ids.append(record.get(id_field, i))
        else:
            raise TypeError(f"record {i} must be str or a mapping with a {text_field!r} field, "
                            f"got {type(record).__name__}")
    return texts, ids


def _signatures_and_fingerprints(hasher: MinHasher, texts: list[str],
                                 threads: int) -> tuple[np.ndarray, np.ndarray]:
    """Signatures and fingerprints of NFC texts in one pass, split over threads."""
    parts = map_chunks(lambda chunk: _core.minhash_batch(
        chunk, hasher.shingle, hasher.n, hasher.num_perm, hasher.seed, fingerprints=True),
        texts, threads)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _candidate_pairs(band_keys: np.ndarray) -> Iterable[tuple[int, int]]:
    """Pairs of rows sharing a band key, band by band, in a fixed order."""
    for band in range(band_keys.shape[1]):
        column = band_keys[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        breaks = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        starts = np.concatenate(([0], breaks))
        ends = np.concatenate((breaks, [len(ordered)]))
        for start, end in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist()):
            members = order[start:end].tolist()
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    yield a, b


def dedup(records: Iterable[Union[str, Mapping]], threshold: float = 0.8, *,
          shingle: ShingleKind = "word", n: int = 5, num_perm: int = 128, seed: int = 1,
          params: tuple[int, int] | None = None, verify: Literal["exact", "estimate"] = "exact",
          keep: Literal["first", "longest"] = "first", text_field: str = "text",
          id_field: str = "id", threads: int = 1) -> DedupResult:
    """Find exact and near-duplicate records and decide which to keep.

    Args:
        records: str texts, or mappings with the text under ``text_field``
            (and optionally an id under ``id_field``).
        threshold: Jaccard similarity of shingle sets at or above which two
            records are near duplicates (default 0.8).
        shingle, n, num_perm, seed: the ``MinHasher`` settings.
        params: explicit LSH ``(bands, rows)``; by default chosen by
            ``lsh_params(threshold, num_perm, 0.05, 0.95)``, favouring recall
            because every candidate is verified.
        verify: "exact" (default) compares shingle sets; "estimate" uses the
            signatures (faster, error about sqrt(J (1 - J) / num_perm)).
        keep: "first" keeps the earliest record of a cluster, "longest" the
            one with the longest text (earliest among equals).
        threads: threads for computing signatures.

    Returns:
        A ``DedupResult`` with one ``RecordDecision`` per input record.

    Example:
        >>> result = dedup(["Peskov said there are always prospects for continuing a dialogue.",
        ...                 "Peskov said: there are always prospects for continuing a dialogue!",
        ...                 "Lavrov said the document contains no positive response."])
        >>> [d.reason for d in result.decisions]
        ['kept', 'exact', 'unique']
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if verify not in ("exact", "estimate"):
        raise ValueError(f"verify must be 'exact' or 'estimate', got {verify!r}")
    if keep not in ("first", "longest"):
        raise ValueError(f"keep must be 'first' or 'longest', got {keep!r}")
    hasher = MinHasher(shingle=shingle, n=n, num_perm=num_perm, seed=seed)
    if params is None:
        params = lsh_params(threshold, num_perm, DEDUP_FP_WEIGHT, DEDUP_FN_WEIGHT)
    else:
        LSHIndex(threshold, num_perm, params=params)  # validates the pair
        params = (int(params[0]), int(params[1]))

    texts, ids = _texts_and_ids(records, text_field, id_field)
    texts = nfc_batch(texts)
    count = len(texts)
    # One pass gives signatures and exact-duplicate fingerprints together:
    # cheaper than a fingerprint pass plus signatures of the unique texts
    # unless nearly half the corpus is exact duplicates.
    sigs, fps = _signatures_and_fingerprints(hasher, texts, threads)
    union = UnionFind(count)

    # 1. exact duplicates
    first_of: dict[tuple[int, int], int] = {}
    uniques: list[int] = []
    for i, key in enumerate(zip(fps[:, 0].tolist(), fps[:, 1].tolist())):
        first = first_of.setdefault(key, i)
        if first == i:
            uniques.append(i)
        else:
            union.union(first, i)

    # 2-3. LSH candidates among one record per exact group, then verification
    unique_sigs = np.ascontiguousarray(sigs[uniques]) if uniques else sigs
    band_keys = (_core.lsh_band_keys(unique_sigs, params[0], params[1]) if uniques
                 else np.empty((0, 1), np.uint64))
    shingle_sets: dict[int, np.ndarray] = {}

    def similarity(a: int, b: int, sig_a: Optional[np.ndarray] = None,
                   sig_b: Optional[np.ndarray] = None) -> float:
        if verify == "estimate":
            return jaccard(sig_a, sig_b)
        for i in (a, b):
            if i not in shingle_sets:
                shingle_sets[i] = hasher.shingle_hashes(texts[i])
        return set_jaccard(shingle_sets[a], shingle_sets[b])

    candidates = verified = 0
    rejected: set[tuple[int, int]] = set()
    for ra, rb in _candidate_pairs(band_keys):
        a, b = uniques[ra], uniques[rb]
        candidates += 1
        if union.find(a) == union.find(b) or (a, b) in rejected:
            continue
        verified += 1
        if similarity(a, b, sigs[a], sigs[b]) >= threshold:
            union.union(a, b)
        else:
            rejected.add((a, b))

    # 4. clusters and decisions
    decisions: list[Optional[RecordDecision]] = [None] * count
    clusters: list[DuplicateCluster] = []
    for members in union.components():
        if len(members) == 1:
            i = members[0]
            decisions[i] = RecordDecision(i, ids[i], True, "unique")
            continue
        number = len(clusters)
        if keep == "first":
            rep = members[0]
        else:
            rep = max(members, key=lambda i: (len(texts[i]), -i))
        rep_fp = (int(fps[rep, 0]), int(fps[rep, 1]))
        rep_first = first_of[rep_fp]
        listed: list[tuple[int, float, Reason]] = []
        for i in members:
            if i == rep:
                decisions[i] = RecordDecision(i, ids[i], True, "kept", number)
                listed.append((i, 1.0, "kept"))
                continue
            if (int(fps[i, 0]), int(fps[i, 1])) == rep_fp:
                sim, reason = 1.0, "exact"
            else:
                mine = first_of[(int(fps[i, 0]), int(fps[i, 1]))]
                sim = similarity(mine, rep_first, sigs[mine], sigs[rep_first])
                reason = "near"
            decisions[i] = RecordDecision(i, ids[i], False, reason, number, rep, sim)
            listed.append((i, sim, reason))
        clusters.append(DuplicateCluster(number, rep, listed))

    final = [d for d in decisions if d is not None]
    counts = {
        "read": count,
        "kept": sum(d.kept for d in final),
        "exact_duplicates": sum(d.reason == "exact" for d in final),
        "near_duplicates": sum(d.reason == "near" for d in final),
        "clusters": len(clusters),
    }
    return DedupResult(final, clusters, candidates, verified, params, counts)
