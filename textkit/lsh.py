"""Locality-sensitive hashing over MinHash signatures: parameters and an index.

On-disk format of ``LSHIndex.save`` (version 1), all integers little-endian:

====================  =========================================================
bytes                 content
====================  =========================================================
0-7                   magic ``b"TKLSHIDX"``
8-11                  uint32 format version (1)
12-15                 uint32 length H of the header
16 .. 16+H            UTF-8 JSON header: ``num_perm``, ``bands``, ``rows``,
                      ``threshold``, ``count`` and ``keys`` (a list of the
                      ``count`` keys, str or int, in row order)
16+H .. end           ``count * num_perm`` uint64 signature slots, row-major
====================  =========================================================

Band keys are not stored: they are recomputed from the signatures on load,
so a file stays valid if the band hashing ever changes.
"""
from __future__ import annotations

import json
import os
import struct
from functools import lru_cache
from typing import Hashable, Iterable, Sequence, Union

import numpy as np

from textkit import _core
from textkit.atomic import atomic_write
from textkit.minhash import _as_signature, signature_jaccard_rows

Key = Union[str, int]

_MAGIC = b"TKLSHIDX"
_VERSION = 1


def _check_weight(name: str, value: float) -> float:
    if not isinstance(value, (int, float)) or not 0.0 <= value:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return float(value)


@lru_cache(maxsize=256)
def _lsh_params_cached(threshold: float, num_perm: int, fp_weight: float,
                       fn_weight: float) -> tuple[int, int]:
    grid = np.linspace(0.0, 1.0, 2001)
    below = grid[grid <= threshold]
    above = grid[grid >= threshold]
    best = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = np.trapezoid(1.0 - (1.0 - below ** rows) ** bands, below) if below.size > 1 else 0.0
            fn = np.trapezoid((1.0 - above ** rows) ** bands, above) if above.size > 1 else 0.0
            cost = fp_weight * fp + fn_weight * fn
            # Ties go to the first (fewest bands), so the choice is deterministic.
            if best is None or cost < best[0] - 1e-15:
                best = (cost, bands, rows)
    return best[1], best[2]


def lsh_params(threshold: float, num_perm: int, fp_weight: float = 0.5,
               fn_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm for a similarity threshold.

    Two signatures share at least one band with probability
    ``1 - (1 - s**rows)**bands`` at Jaccard ``s`` (the S-curve).  The chosen
    pair minimises ``fp_weight * FP + fn_weight * FN``, where FP is the area
    under the S-curve below the threshold and FN the area above it under
    ``1 - S``.  Raise ``fn_weight`` when candidates are verified afterwards,
    as ``dedup`` does: a false positive then costs only a comparison.

    >>> lsh_params(0.8, 128)
    (9, 13)
    >>> lsh_params(0.5, 128)
    (25, 5)
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if isinstance(num_perm, bool) or not isinstance(num_perm, int) or num_perm < 1:
        raise ValueError(f"num_perm must be an integer >= 1, got {num_perm!r}")
    fp_weight = _check_weight("fp_weight", fp_weight)
    fn_weight = _check_weight("fn_weight", fn_weight)
    if fp_weight + fn_weight == 0:
        raise ValueError("fp_weight and fn_weight cannot both be 0")
    return _lsh_params_cached(float(threshold), num_perm, fp_weight, fn_weight)


def candidate_probability(similarity: float | np.ndarray, bands: int, rows: int):
    """Probability that two signatures at Jaccard ``similarity`` share a band.

    >>> round(candidate_probability(0.8, 9, 13), 3)
    0.399
    """
    s = np.asarray(similarity, dtype=float)
    p = 1.0 - (1.0 - s ** rows) ** bands
    return float(p) if p.ndim == 0 else p


def _check_key(key: object) -> Key:
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        raise TypeError(f"LSHIndex keys must be str or int, got {type(key).__name__}")
    return key


class LSHIndex:
    """Banded MinHash LSH index for incremental near-duplicate lookup.

    Args:
        threshold: Jaccard similarity the bands are tuned for (default 0.8).
        num_perm: signature length (default 128).
        params: explicit ``(bands, rows)``; overrides ``threshold``.
        fp_weight, fn_weight: passed to ``lsh_params``.

    Example:
        >>> from textkit import MinHasher
        >>> hasher = MinHasher()
        >>> index = LSHIndex(threshold=0.5)
        >>> index.insert("a", hasher.signature("the quick brown fox jumps over the lazy dog today"))
        >>> [key for key, _ in index.query(hasher.signature("the quick brown fox jumps over the lazy dog"))]
        ['a']
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128,
                 params: tuple[int, int] | None = None, fp_weight: float = 0.5,
                 fn_weight: float = 0.5) -> None:
        if params is None:
            bands, rows = lsh_params(threshold, num_perm, fp_weight, fn_weight)
        else:
            try:
                bands, rows = (int(v) for v in params)
            except (TypeError, ValueError):
                raise ValueError(f"params must be a (bands, rows) pair of integers, got {params!r}") from None
            if bands < 1 or rows < 1 or bands * rows > num_perm:
                raise ValueError(f"params (bands={bands}, rows={rows}) need bands, rows >= 1 and "
                                 f"bands * rows <= num_perm ({num_perm})")
        self.threshold = float(threshold)
        self.num_perm = int(num_perm)
        self.bands = bands
        self.rows = rows
        self._signatures = np.empty((16, self.num_perm), dtype=np.uint64)
        self._keys: list[Key | None] = []
        self._row_of: dict[Key, int] = {}
        self._band_keys = np.empty((16, self.bands), dtype=np.uint64)
        self._buckets: list[dict[int, list[int]]] = [{} for _ in range(self.bands)]

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._row_of

    def __repr__(self) -> str:
        return (f"LSHIndex(len={len(self)}, num_perm={self.num_perm}, bands={self.bands}, "
                f"rows={self.rows})")

    def keys(self) -> list[Key]:
        """Keys in insertion order."""
        return [k for k in self._keys if k is not None]

    def _check_signature(self, signature: np.ndarray, name: str = "signature") -> np.ndarray:
        sig = _as_signature(signature, name)
        if sig.size != self.num_perm:
            raise ValueError(f"{name} has {sig.size} slots but this index holds num_perm="
                             f"{self.num_perm}; use a MinHasher with the same num_perm")
        return sig

    def _grow(self, need: int) -> None:
        if need <= self._signatures.shape[0]:
            return
        cap = max(need, 2 * self._signatures.shape[0])
        sigs = np.empty((cap, self.num_perm), dtype=np.uint64)
        sigs[:len(self._keys)] = self._signatures[:len(self._keys)]
        bkeys = np.empty((cap, self.bands), dtype=np.uint64)
        bkeys[:len(self._keys)] = self._band_keys[:len(self._keys)]
        self._signatures, self._band_keys = sigs, bkeys

    def insert(self, key: Key, signature: np.ndarray) -> None:
        """Add one signature under a new key (str or int).

        Raises ``KeyError`` if the key is already in the index.
        """
        self.insert_many([key], np.asarray(signature)[None, :] if np.ndim(signature) == 1 else signature)

    def insert_many(self, keys: Sequence[Key], signatures: np.ndarray) -> None:
        """Add many signatures at once: ``signatures`` is ``(len(keys), num_perm)`` uint64.

        >>> from textkit import MinHasher
        >>> index = LSHIndex()
        >>> index.insert_many(["x", "y"], MinHasher().signatures(["one text", "other text"]))
        >>> len(index)
        2
        """
        sigs = np.asarray(signatures)
        if sigs.ndim != 2 or sigs.dtype != np.uint64 or sigs.shape[1] != self.num_perm:
            raise ValueError(f"signatures must be an (n, {self.num_perm}) uint64 array, got shape "
                             f"{sigs.shape} and dtype {sigs.dtype}")
        keys = list(keys)
        if len(keys) != sigs.shape[0]:
            raise ValueError(f"got {len(keys)} keys for {sigs.shape[0]} signatures")
        seen = set()
        for key in keys:
            _check_key(key)
            if key in self._row_of or key in seen:
                raise KeyError(f"key {key!r} is already in the index; remove it first to replace it")
            seen.add(key)
        start = len(self._keys)
        self._grow(start + len(keys))
        self._signatures[start:start + len(keys)] = sigs
        band_keys = _core.lsh_band_keys(np.ascontiguousarray(sigs), self.bands, self.rows)
        self._band_keys[start:start + len(keys)] = band_keys
        for offset, key in enumerate(keys):
            row = start + offset
            self._keys.append(key)
            self._row_of[key] = row
            for band, bucket_key in enumerate(band_keys[offset].tolist()):
                self._buckets[band].setdefault(bucket_key, []).append(row)

    def remove(self, key: Key) -> None:
        """Remove a key; raises ``KeyError`` if it is not in the index."""
        if key not in self._row_of:
            raise KeyError(f"key {key!r} is not in the index")
        row = self._row_of.pop(key)
        self._keys[row] = None
        for band, bucket_key in enumerate(self._band_keys[row].tolist()):
            bucket = self._buckets[band][bucket_key]
            bucket.remove(row)
            if not bucket:
                del self._buckets[band][bucket_key]

    def query(self, signature: np.ndarray, min_similarity: float = 0.0) -> list[tuple[Key, float]]:
        """Keys sharing at least one band with ``signature``, with estimated Jaccard.

        Sorted by estimated similarity (highest first), then insertion order;
        candidates estimated below ``min_similarity`` are left out.
        """
        sig = self._check_signature(signature)
        band_keys = _core.lsh_band_keys(sig[None, :], self.bands, self.rows)[0].tolist()
        rows: set[int] = set()
        for band, bucket_key in enumerate(band_keys):
            bucket = self._buckets[band].get(bucket_key)
            if bucket:
                rows.update(bucket)
        if not rows:
            return []
        ordered = sorted(rows)
        sims = signature_jaccard_rows(self._signatures, ordered, sig)
        found = [(self._keys[row], float(s)) for row, s in zip(ordered, sims) if s >= min_similarity]
        found.sort(key=lambda pair: -pair[1])
        return found

    def save(self, path: str | os.PathLike) -> None:
        """Write the index to ``path`` (format in this module's docstring), atomically."""
        live = [row for row, key in enumerate(self._keys) if key is not None]
        header = json.dumps({
            "num_perm": self.num_perm, "bands": self.bands, "rows": self.rows,
            "threshold": self.threshold, "count": len(live),
            "keys": [self._keys[row] for row in live],
        }, ensure_ascii=False).encode("utf-8")
        body = np.ascontiguousarray(self._signatures[live], dtype="<u8")
        with atomic_write(path) as out:
            out.write(_MAGIC + struct.pack("<II", _VERSION, len(header)))
            out.write(header)
            out.write(body.tobytes())

    @classmethod
    def load(cls, path: str | os.PathLike) -> "LSHIndex":
        """Read an index written by ``save``; new signatures can then be inserted.

        >>> import tempfile, os
        >>> from textkit import MinHasher
        >>> index = LSHIndex()
        >>> index.insert("doc", MinHasher().signature("some text here"))
        >>> path = os.path.join(tempfile.mkdtemp(), "index.tklsh")
        >>> index.save(path)
        >>> LSHIndex.load(path).keys()
        ['doc']
        """
        with open(path, "rb") as f:
            data = f.read()
        if len(data) < 16 or data[:8] != _MAGIC:
            raise ValueError(f"{os.fspath(path)} is not a textkit LSH index (bad magic bytes)")
        version, header_len = struct.unpack("<II", data[8:16])
        if version != _VERSION:
            raise ValueError(f"{os.fspath(path)} has index format version {version}; "
                             f"this textkit reads version {_VERSION}")
        try:
            header = json.loads(data[16:16 + header_len].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{os.fspath(path)}: corrupt index header ({exc})") from None
        count, num_perm = header["count"], header["num_perm"]
        body = data[16 + header_len:]
        if len(body) != count * num_perm * 8:
            raise ValueError(f"{os.fspath(path)}: expected {count * num_perm * 8} bytes of "
                             f"signatures, found {len(body)} (truncated file?)")
        index = cls(threshold=header["threshold"], num_perm=num_perm,
                    params=(header["bands"], header["rows"]))
        sigs = np.frombuffer(body, dtype="<u8").astype(np.uint64).reshape(count, num_perm)
        if count:
            index.insert_many(header["keys"], sigs)
        return index

    def signatures_of(self, keys: Iterable[Key]) -> np.ndarray:
        """Stored signatures of ``keys`` as an (n, num_perm) array."""
        return self._signatures[[self._row_of[k] for k in keys]]
