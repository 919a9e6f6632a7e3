"""The dedup engine: bounded memory, any number of workers, the same clusters.

A document is reduced, as soon as it is read, to what dedup needs of it
(``_core.dedup_sketch_batch``): its LSH band keys, a 128-bit fingerprint of
its token sequence (exact duplicates), its length, and a *payload* for
verifying candidate pairs later (its shingle set as sorted 32-bit values, or
its signature cut to 32-bit slots).  The text is then dropped.

* ``PayloadStore`` keeps payloads in memory, or in files under a temporary
  folder, read back one block of candidate pairs at a time.
* ``BandTable`` keeps band keys in memory until they would pass their share
  of the memory budget, then spills them to disk, split by the top bits of
  the key into partitions small enough to sort in memory.  Equal keys always
  land in the same partition, so the candidate pairs do not depend on the
  budget.
* ``finish`` turns the sketches into decisions: exact groups by fingerprint,
  candidate pairs (one-per-exact-group documents sharing a band key: each
  with its bucket's first and with its predecessor, see ``_bucket_pairs``),
  verification, connected components (``_core.component_labels``),
  the kept record of each cluster and each member's similarity to it.

Every step is a function of the documents alone, in input order: the clusters
are the same for any number of workers and any memory budget.

>>> settings = DedupSettings.make(0.8)
>>> engine = Engine(settings)
>>> engine.add(sketch_texts(["one two three four five six", "One, two, three, four, five, six!"], settings))
>>> outcome = engine.finish()
>>> outcome.reasons().tolist()
['kept', 'exact']
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import Literal, Optional

import numpy as np

from textkit import _core
from textkit.lsh import LSHIndex, lsh_params
from textkit.minhash import MinHasher, map_chunks, nfc_batch

#: Weights ``dedup`` passes to ``lsh_params``: verification removes false
#: positives, so a missed pair costs far more than an extra comparison.
DEDUP_FP_WEIGHT = 0.05
DEDUP_FN_WEIGHT = 0.95

#: What a document costs besides its band keys and payload, whatever the
#: budget: fingerprint, lengths and offsets, the caller's id and location,
#: and the arrays of the final decisions (measured: about 300 bytes with a
#: short string id).
BYTES_PER_DOC = 300
#: Fewest bytes of band keys held between two spills.
MIN_HELD = 16 * 1024

#: Reason codes of ``Outcome.reason``, in the order of ``REASONS``.
REASONS = ("unique", "kept", "exact", "near")
UNIQUE, KEPT, EXACT, NEAR = range(4)


@dataclass(frozen=True)
class DedupSettings:
    """Everything that decides the clusters, validated once.

    >>> DedupSettings.make(0.8).params
    (16, 8)
    """

    threshold: float
    shingle: str
    n: int
    num_perm: int
    seed: int
    params: tuple[int, int]
    verify: Literal["exact", "estimate"]
    keep: Literal["first", "longest"]

    @classmethod
    def make(cls, threshold: float = 0.8, *, shingle: str = "word", n: int = 5, num_perm: int = 128,
             seed: int = 1, params: Optional[tuple[int, int]] = None,
             verify: str = "exact", keep: str = "first") -> "DedupSettings":
        if (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                or not 0.0 < threshold <= 1.0):
            raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
        if verify not in ("exact", "estimate"):
            raise ValueError(f"verify must be 'exact' or 'estimate', got {verify!r}")
        if keep not in ("first", "longest"):
            raise ValueError(f"keep must be 'first' or 'longest', got {keep!r}")
        MinHasher(shingle=shingle, n=n, num_perm=num_perm, seed=seed)  # validates these
        if params is None:
            params = lsh_params(threshold, num_perm, DEDUP_FP_WEIGHT, DEDUP_FN_WEIGHT)
        else:
            LSHIndex(threshold, num_perm, params=params)  # validates the pair
            params = (int(params[0]), int(params[1]))
        return cls(float(threshold), shingle, n, num_perm, seed, params, verify, keep)  # type: ignore[arg-type]

    @property
    def payload(self) -> str:
        return "set" if self.verify == "exact" else "signature"


@dataclass
class Sketches:
    """What the engine keeps of a batch of documents, in input order."""

    keys: np.ndarray      # (m, bands) uint64
    fps: np.ndarray       # (m, 2) uint64
    values: np.ndarray    # payloads end to end, uint32
    counts: np.ndarray    # (m,) int64 payload sizes
    lengths: np.ndarray   # (m,) int64 text lengths in characters

    def __len__(self) -> int:
        return int(self.counts.shape[0])


def sketch_texts(texts: list[str], settings: DedupSettings, threads: int = 1) -> Sketches:
    """Sketch a batch of str (any normal form), split over ``threads``.

    >>> s = sketch_texts(["a b c d e f"], DedupSettings.make(0.8))
    >>> s.keys.shape, s.lengths.tolist()
    ((1, 16), [11])
    """
    items = nfc_batch(texts)
    bands, rows = settings.params
    parts = map_chunks(lambda chunk: _core.dedup_sketch_batch(
        chunk, settings.shingle, settings.n, settings.num_perm, settings.seed, bands, rows,
        settings.payload), items, threads)
    lengths = np.fromiter((len(t) for t in items), dtype=np.int64, count=len(items))
    if len(parts) == 1:
        return Sketches(*parts[0], lengths)
    return Sketches(*(np.concatenate([p[k] for p in parts]) for k in range(4)), lengths)


def similarities(common: np.ndarray, size_a: np.ndarray, size_b: np.ndarray,
                 settings: DedupSettings) -> np.ndarray:
    """Similarity of pairs from their ``_core.payload_overlaps`` and payload
    sizes: the Jaccard index of the shingle sets (0.0 when either is empty),
    or the share of equal signature slots.  Both engines decide with this.

    >>> similarities(np.array([2, 0]), np.array([3, 0]), np.array([3, 4]), DedupSettings.make(0.8)).tolist()
    [0.5, 0.0]
    """
    if settings.payload == "signature":
        return common / settings.num_perm
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((size_a > 0) & (size_b > 0), common / (size_a + size_b - common), 0.0)


class PayloadStore:
    """Payloads of documents 0..n-1, in memory or in files under ``folder``.

    In files, each added batch is one file; ``gather`` reads back only the
    documents it is asked for (``os.pread``, so nothing stays mapped).
    """

    def __init__(self, folder: Optional[str] = None) -> None:
        self.folder = folder
        self.offsets = [np.zeros(1, dtype=np.int64)]  # per batch, relative to its own values
        self.starts = [0]                              # first document of each batch
        self.chunks: list[np.ndarray] = []
        self.paths: list[str] = []

    def add(self, values: np.ndarray, counts: np.ndarray, path: Optional[str] = None) -> None:
        """Add the next batch: its values, or the path of a file already holding them."""
        offsets = np.zeros(counts.shape[0] + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        self.offsets.append(offsets)
        self.starts.append(self.starts[-1] + counts.shape[0])
        if path is not None:
            self.paths.append(path)
        elif self.folder is not None:
            path = os.path.join(self.folder, f"payload-{len(self.paths):06d}.u32")
            np.ascontiguousarray(values, dtype="<u4").tofile(path)
            self.paths.append(path)
        else:
            self.chunks.append(np.ascontiguousarray(values, dtype=np.uint32))

    def gather(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Payloads of ``docs`` (sorted unique int64) as (values, offsets) of a
        local numbering: ``docs[i]`` becomes document i."""
        starts = np.asarray(self.starts, dtype=np.int64)
        batch_of = np.searchsorted(starts, docs, side="right") - 1
        sizes = np.empty(docs.shape[0], dtype=np.int64)
        begins = np.empty(docs.shape[0], dtype=np.int64)
        for batch in np.unique(batch_of).tolist():
            mask = batch_of == batch
            local = docs[mask] - starts[batch]
            offsets = self.offsets[batch + 1]
            begins[mask] = offsets[local]
            sizes[mask] = offsets[local + 1] - offsets[local]
        out_offsets = np.zeros(docs.shape[0] + 1, dtype=np.int64)
        np.cumsum(sizes, out=out_offsets[1:])
        values = np.empty(int(out_offsets[-1]), dtype=np.uint32)
        if self.paths:
            handles: dict[int, int] = {}
            try:
                for i, (batch, begin, size) in enumerate(zip(batch_of.tolist(), begins.tolist(),
                                                             sizes.tolist())):
                    if not size:
                        continue
                    fd = handles.get(batch)
                    if fd is None:
                        fd = handles[batch] = os.open(self.paths[batch], os.O_RDONLY)
                    data = os.pread(fd, size * 4, begin * 4)
                    if len(data) != size * 4:
                        raise OSError(f"{self.paths[batch]}: spill file shorter than written "
                                      "(was the temporary folder cleaned while textkit ran?)")
                    at = int(out_offsets[i])
                    values[at:at + size] = np.frombuffer(data, dtype="<u4")
            finally:
                for fd in handles.values():
                    os.close(fd)
        else:
            for i, (batch, begin, size) in enumerate(zip(batch_of.tolist(), begins.tolist(),
                                                         sizes.tolist())):
                at = int(out_offsets[i])
                values[at:at + size] = self.chunks[batch][begin:begin + size]
        return values, out_offsets


class BandTable:
    """Band keys of documents 0..n-1, spilled to partition files past ``limit``
    bytes held; each partition is at most about ``sort_budget`` bytes to sort."""

    def __init__(self, bands: int, limit: int, folder_factory, sort_budget: int = 1 << 62) -> None:
        self.bands = bands
        self.limit = limit
        self.sort_budget = sort_budget
        self.folder_factory = folder_factory
        self.chunks: list[np.ndarray] = []
        self.held = 0
        self.count = 0
        self.folder: Optional[str] = None
        self.partition_bits = 0

    @property
    def spilled(self) -> bool:
        return self.folder is not None

    def add(self, keys: np.ndarray, expected_total: int) -> None:
        self.chunks.append(keys)
        self.count += keys.shape[0]
        self.held += keys.nbytes
        if self.held > self.limit:
            if self.folder is None:
                self.folder = self.folder_factory()
                # Partitions of (key, doc) rows: 16 bytes each, plus 8 to sort.
                rows = max(expected_total, self.count)
                need = rows * 24 // max(1, self.sort_budget)
                self.partition_bits = min(12, max(1, int(need).bit_length()))
            self._flush()

    def _flush(self) -> None:
        start = self.count - sum(c.shape[0] for c in self.chunks)
        keys = np.concatenate(self.chunks) if len(self.chunks) > 1 else self.chunks[0]
        docs = np.arange(start, start + keys.shape[0], dtype=np.int64)
        shift = np.uint64(64 - self.partition_bits)
        for band in range(self.bands):
            column = keys[:, band]
            part = (column >> shift).astype(np.int64)
            order = np.argsort(part, kind="stable")
            bounds = np.searchsorted(part[order], np.arange((1 << self.partition_bits) + 1))
            rows = np.empty(keys.shape[0], dtype=[("key", "<u8"), ("doc", "<i8")])
            rows["key"] = column[order]
            rows["doc"] = docs[order]
            for p in range(1 << self.partition_bits):
                lo, hi = bounds[p], bounds[p + 1]
                if hi > lo:
                    with open(self._path(band, p), "ab") as f:
                        rows[lo:hi].tofile(f)
        self.chunks = []
        self.held = 0

    def _path(self, band: int, part: int) -> str:
        return os.path.join(self.folder, f"band{band:03d}-part{part:04d}.bin")

    def groups(self):
        """(keys, docs) of each band (or band partition), docs ascending within equal keys."""
        if self.folder is None:
            docs = np.arange(self.count, dtype=np.int64)
            for band in range(self.bands):
                # one band's column at a time, not a second copy of the table
                yield (np.concatenate([c[:, band] for c in self.chunks]) if self.chunks
                       else np.empty(0, np.uint64)), docs
            return
        if self.chunks:
            self._flush()
        for band in range(self.bands):
            for p in range(1 << self.partition_bits):
                path = self._path(band, p)
                if os.path.exists(path):
                    rows = np.fromfile(path, dtype=[("key", "<u8"), ("doc", "<i8")])
                    os.remove(path)
                    yield rows["key"].astype(np.uint64), rows["doc"].astype(np.int64)


def _bucket_pairs(keys: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Candidate pairs (a < b) of docs sharing a key, as an (m, 2) int64 array:
    each member of a bucket with the bucket's first member (a star) and with
    the member just before it (a chain).

    A bucket of k members gives at most 2k pairs, where every pair would
    give k(k-1)/2: a template shared by thousands of pages stays cheap.  On
    the scale benchmark's corpus this finds the same clusters as every pair
    (the other bands supply the rest); the star alone misses a few.

    >>> _bucket_pairs(np.array([7, 7, 7, 7, 9], np.uint64), np.arange(5)).tolist()
    [[0, 1], [0, 2], [0, 3], [1, 2], [2, 3]]
    """
    if keys.shape[0] < 2:
        return np.empty((0, 2), dtype=np.int64)
    # Stable: the members of a bucket keep their input order (docs rise), so
    # every pair comes out as (smaller, larger).
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    members = docs[order]
    same = np.flatnonzero(ordered[1:] == ordered[:-1])
    if same.shape[0] == 0:
        return np.empty((0, 2), dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    first = np.repeat(members[starts], np.diff(np.concatenate((starts, [ordered.shape[0]]))))
    star = np.stack((first[same + 1], members[same + 1]), axis=1)
    chain = np.stack((members[same], members[same + 1]), axis=1)
    chain = chain[members[same] != first[same]]  # (first, second) is a star pair already
    return np.concatenate((star, chain))


def _unique_pairs(pairs: np.ndarray) -> np.ndarray:
    if pairs.shape[0] == 0:
        return pairs
    if pairs.max() < (1 << 32):
        code = (pairs[:, 0].astype(np.uint64) << np.uint64(32)) | pairs[:, 1].astype(np.uint64)
        code = np.unique(code)
        return np.stack(((code >> np.uint64(32)).astype(np.int64),
                         (code & np.uint64(0xFFFFFFFF)).astype(np.int64)), axis=1)
    return np.unique(pairs, axis=0)


@dataclass
class Outcome:
    """The engine's decisions, one entry a document, as arrays.

    ``cluster`` is -1 for a unique document; ``duplicate_of`` is the kept
    document of its cluster (-1 when it is kept); ``similarity`` is its
    Jaccard similarity to that document (NaN when it is kept).
    """

    reason: np.ndarray        # uint8 codes into REASONS
    cluster: np.ndarray       # int64
    duplicate_of: np.ndarray  # int64
    similarity: np.ndarray    # float64
    candidate_pairs: int
    verified_pairs: int
    params: tuple[int, int]
    spilled: bool = False

    def reasons(self) -> np.ndarray:
        """The reason of each document as a str array.

        >>> Outcome(np.array([0, 3], np.uint8), np.array([-1, 0]), np.array([-1, 0]),
        ...         np.array([np.nan, 0.9]), 0, 0, (1, 1)).reasons().tolist()
        ['unique', 'near']
        """
        return np.asarray(REASONS)[self.reason]

    @property
    def kept(self) -> np.ndarray:
        return self.duplicate_of < 0

    def counts(self) -> dict[str, int]:
        return {
            "read": int(self.reason.shape[0]),
            "kept": int(self.kept.sum()),
            "exact_duplicates": int((self.reason == EXACT).sum()),
            "near_duplicates": int((self.reason == NEAR).sum()),
            "clusters": int(self.cluster.max() + 1) if self.cluster.shape[0] else 0,
        }


class Engine:
    """Collects sketches batch by batch and decides at the end.

    Args:
        settings: a ``DedupSettings``.
        memory: bytes the engine may hold (band keys, per-document arrays,
            verification blocks); None means no limit.
        tmp_dir: where spill files go (a private folder is made inside it
            and removed by ``close``); None uses the system's temporary folder.
        spill_payloads: keep payloads in files instead of memory.
    """

    def __init__(self, settings: DedupSettings, memory: Optional[int] = None,
                 tmp_dir: Optional[str] = None, spill_payloads: bool = False) -> None:
        if memory is not None and memory < 1:
            raise ValueError(f"memory must be a positive number of bytes, got {memory!r}")
        self.settings = settings
        self.memory = memory
        self.tmp_dir = tmp_dir
        self._folder: Optional[str] = None
        self.expected_total = 0
        if memory is None:
            self.bands = BandTable(settings.params[0], 1 << 62, self.folder)
        else:
            self.bands = BandTable(settings.params[0], max(MIN_HELD, memory // 2), self.folder,
                                   sort_budget=max(MIN_HELD, memory // 4))
        self.payloads = PayloadStore(self.folder() if spill_payloads else None)
        self._fps: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []
        self.count = 0

    def folder(self) -> str:
        """The engine's private spill folder (made on first use)."""
        if self._folder is None:
            if self.tmp_dir is not None:
                os.makedirs(self.tmp_dir, exist_ok=True)
            self._folder = tempfile.mkdtemp(prefix="textkit-dedup-", dir=self.tmp_dir)
        return self._folder

    def close(self) -> None:
        """Remove the spill folder."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def add(self, sketches: Sketches, payload_path: Optional[str] = None) -> None:
        """Add the next documents (their payload values, or a file holding them)."""
        self.payloads.add(sketches.values, sketches.counts, payload_path)
        self._fps.append(sketches.fps)
        self._lengths.append(sketches.lengths)
        self.count += len(sketches)
        if self.memory is not None:
            # What every document costs whatever happens to its band keys
            # comes out of their half of the budget first.
            fixed = BYTES_PER_DOC * max(self.count, self.expected_total)
            self.bands.limit = max(MIN_HELD, self.memory // 2 - fixed)
        self.bands.add(sketches.keys, self.expected_total)

    def _similarities(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Similarity of each pair (first[i], second[i]), in blocks that fit the budget."""
        out = np.empty(first.shape[0], dtype=np.float64)
        per_doc = 4 * (self.settings.num_perm if self.settings.payload == "signature" else 600)
        block_docs = (1 << 40) if self.memory is None else max(1024, self.memory // 8 // per_doc)
        block = max(1, block_docs // 2)
        for lo in range(0, first.shape[0], block):
            a, b = first[lo:lo + block], second[lo:lo + block]
            docs, inverse = np.unique(np.concatenate((a, b)), return_inverse=True)
            values, offsets = self.payloads.gather(docs)
            la, lb = inverse[:a.shape[0]], inverse[a.shape[0]:]
            common = _core.payload_overlaps(values, offsets, la, lb, self.settings.payload)
            out[lo:lo + block] = similarities(common, offsets[la + 1] - offsets[la],
                                              offsets[lb + 1] - offsets[lb], self.settings)
        return out

    def finish(self) -> Outcome:
        """Decide every document added so far."""
        settings = self.settings
        count = self.count
        fps = np.concatenate(self._fps) if self._fps else np.empty((0, 2), np.uint64)
        lengths = np.concatenate(self._lengths) if self._lengths else np.empty(0, np.int64)
        self._fps, self._lengths = [], []

        # 1. exact groups: each document's first document with the same fingerprint
        order = np.lexsort((np.arange(count), fps[:, 1], fps[:, 0])) if count else np.empty(0, np.int64)
        new_group = np.ones(count, dtype=bool)
        if count > 1:
            new_group[1:] = (fps[order[1:]] != fps[order[:-1]]).any(axis=1)
        group_first = np.empty(count, dtype=np.int64)
        group_first[order] = order[np.maximum.accumulate(np.where(new_group, np.arange(count), 0))]
        is_first = group_first == np.arange(count)

        # 2-3. candidate pairs among group firsts, then verification
        found = []
        for keys, docs in self.bands.groups():
            keep = is_first[docs]
            found.append(_bucket_pairs(keys[keep], docs[keep]))
        candidates = sum(f.shape[0] for f in found)
        pairs = _unique_pairs(np.concatenate(found)) if found else np.empty((0, 2), np.int64)
        del found
        sims = self._similarities(pairs[:, 0], pairs[:, 1])
        edges = pairs[sims >= settings.threshold]

        # 4. components of verified pairs and exact groups
        dup = np.flatnonzero(~is_first)
        labels = _core.component_labels(count, np.concatenate((edges[:, 0], dup)),
                                         np.concatenate((edges[:, 1], group_first[dup])))
        sizes = np.bincount(labels, minlength=count)
        in_cluster = sizes[labels] > 1
        if settings.keep == "first":
            rep_of_label = np.arange(count)
        else:
            # longest text, earliest among equals
            ranked = np.lexsort((np.arange(count), -lengths, labels))
            firsts = ranked[np.concatenate(([True], labels[ranked[1:]] != labels[ranked[:-1]]))] \
                if count else ranked
            rep_of_label = np.arange(count)
            rep_of_label[labels[firsts]] = firsts
        rep = rep_of_label[labels]
        cluster_roots = np.flatnonzero((sizes > 1) & (np.arange(count) == labels))
        number_of_root = np.full(count, -1, dtype=np.int64)
        number_of_root[cluster_roots] = np.arange(cluster_roots.shape[0])
        cluster = np.where(in_cluster, number_of_root[labels], -1)

        reason = np.full(count, UNIQUE, dtype=np.uint8)
        duplicate_of = np.full(count, -1, dtype=np.int64)
        similarity = np.full(count, np.nan)
        members = np.flatnonzero(in_cluster)
        is_rep = members == rep[members]
        reason[members[is_rep]] = KEPT
        others = members[~is_rep]
        duplicate_of[others] = rep[others]
        same_text = group_first[others] == group_first[rep[others]]
        reason[others] = np.where(same_text, EXACT, NEAR)
        similarity[others[same_text]] = 1.0
        near = others[~same_text]
        similarity[near] = self._similarities(group_first[near], group_first[rep[near]])
        return Outcome(reason, cluster, duplicate_of, similarity, candidates,
                       int(pairs.shape[0]), settings.params, self.bands.spilled)
