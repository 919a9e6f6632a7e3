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
from typing import Any, Iterable, Iterator, Literal, Optional, Union

from textkit.engine import DEDUP_FN_WEIGHT, DEDUP_FP_WEIGHT  # noqa: F401  (defined here before)
from textkit.engine import DedupSettings, Engine, Outcome, sketch_texts
from textkit.lsh import LSHIndex, lsh_params
from textkit.minhash import MinHasher, ShingleKind, exact_jaccard, jaccard

__all__ = ["dedup", "DedupResult", "RecordDecision", "DuplicateCluster", "MinHasher", "jaccard",
           "exact_jaccard", "lsh_params", "LSHIndex"]

Reason = Literal["unique", "kept", "exact", "near"]

#: Records ``dedup`` sketches at a time (the texts of one batch are held).
BATCH_RECORDS = 8192


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


def _batches(records: Iterable[Union[str, Mapping]], text_field: str, id_field: str,
             size: int) -> Iterator[tuple[list[str], list[Any]]]:
    """(texts, ids) of ``size`` records at a time, checking each record."""
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
        if len(texts) == size:
            yield texts, ids
            texts, ids = [], []
    if texts:
        yield texts, ids


def dedup(records: Iterable[Union[str, Mapping]], threshold: float = 0.8, *,
          shingle: ShingleKind = "word", n: int = 5, num_perm: int = 128, seed: int = 1,
          params: tuple[int, int] | None = None, verify: Literal["exact", "estimate"] = "exact",
          keep: Literal["first", "longest"] = "first", text_field: str = "text",
          id_field: str = "id", threads: int = 1, memory: Optional[int] = None,
          tmp_dir: Optional[str] = None) -> DedupResult:
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
        memory: a budget in bytes.  Records are always read in batches and
            only their sketches kept (about 300 bytes a record plus its
            shingle set); with a budget the shingle sets go to files under
            ``tmp_dir``, and the band keys too past half of it.  The result
            does not depend on it; ``None`` keeps everything in memory.

    Returns:
        A ``DedupResult`` with one ``RecordDecision`` per input record.

    Example:
        >>> result = dedup(["Peskov said there are always prospects for continuing a dialogue.",
        ...                 "Peskov said: there are always prospects for continuing a dialogue!",
        ...                 "Lavrov said the document contains no positive response."])
        >>> [d.reason for d in result.decisions]
        ['kept', 'exact', 'unique']
    """
    settings = DedupSettings.make(threshold, shingle=shingle, n=n, num_perm=num_perm, seed=seed,
                                  params=params, verify=verify, keep=keep)
    engine = Engine(settings, memory=memory, tmp_dir=tmp_dir, spill_payloads=memory is not None)
    ids: list[Any] = []
    try:
        for texts, batch_ids in _batches(records, text_field, id_field, BATCH_RECORDS):
            engine.add(sketch_texts(texts, settings, threads))
            ids.extend(batch_ids)
        outcome = engine.finish()
    finally:
        engine.close()
    return result_of(outcome, ids)


def result_of(outcome: Outcome, ids: list[Any]) -> DedupResult:
    """A ``DedupResult`` (decisions and clusters as objects) from the engine's arrays."""
    reasons = outcome.reasons().tolist()
    clusters_of = outcome.cluster.tolist()
    reps = outcome.duplicate_of.tolist()
    sims = outcome.similarity.tolist()
    decisions: list[RecordDecision] = []
    members: dict[int, list[tuple[int, float, Reason]]] = {}
    representative: dict[int, int] = {}
    for i, (reason, number, rep, sim) in enumerate(zip(reasons, clusters_of, reps, sims)):
        if reason == "unique":
            decisions.append(RecordDecision(i, ids[i], True, "unique"))
            continue
        if reason == "kept":
            decisions.append(RecordDecision(i, ids[i], True, "kept", number))
            members.setdefault(number, []).append((i, 1.0, "kept"))
            representative[number] = i
        else:
            decisions.append(RecordDecision(i, ids[i], False, reason, number, rep, sim))
            members.setdefault(number, []).append((i, sim, reason))
    clusters = [DuplicateCluster(number, representative[number], members[number])
                for number in sorted(members)]
    counts = outcome.counts()
    return DedupResult(decisions, clusters, outcome.candidate_pairs, outcome.verified_pairs,
                       outcome.params, counts)
