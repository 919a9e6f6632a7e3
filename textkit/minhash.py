"""MinHash signatures and Jaccard similarity over word or character shingles.

The per-character and per-shingle work runs in ``textkit._core`` without the
GIL; this module validates arguments, applies NFC normalisation and splits
batches across threads.
"""
from __future__ import annotations

import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

import numpy as np

from textkit import _core

ShingleKind = Literal["word", "char"]

#: Value of a signature slot that no shingle reached (the text had no tokens).
EMPTY_SLOT = np.uint64(0xFFFFFFFFFFFFFFFF)

_MAX_SEED = (1 << 64) - 1


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, skipping the work for ASCII and NFC text.

    >>> nfc("cafe\\u0301") == "caf\\u00e9"
    True
    """
    if text.isascii() or _core.nfc_quick_check((text,))[0] or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _check_text(text: object, what: str = "text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be str, got {type(text).__name__}; decode bytes first")
    return text


@dataclass(frozen=True)
class MinHasher:
    """Computes MinHash signatures of texts.

    Tokens are runs of Unicode letters and digits, case-folded; all
    punctuation, quotes, dashes and whitespace only separate tokens (see
    ``textkit/_core.pyx``).  Shingles are ``n`` consecutive tokens
    (``shingle="word"``) or ``n`` characters of the tokens joined by single
    spaces (``shingle="char"``); a non-empty text shorter than ``n`` gives one
    shingle.  Signatures come from SuperMinHash: the fraction of equal slots
    of two signatures is an unbiased estimate of the Jaccard index of their
    shingle sets with standard error at most sqrt(J (1 - J) / num_perm).

    Attributes:
        shingle: "word" (default) or "char".
        n: shingle length in tokens or characters (default 5).
        num_perm: signature length (default 128); error falls as 1/sqrt(num_perm),
            cost of hashing grows slowly with it, memory linearly.
        seed: any integer in [0, 2**64); equal seeds give identical signatures
            on every run, process and platform.

    Example:
        >>> hasher = MinHasher(num_perm=64)
        >>> a = hasher.signature("The Kremlin said on Thursday there was little ground for optimism.")
        >>> b = hasher.signature("The Kremlin said on Thursday there was little ground for hope.")
        >>> a.shape, a.dtype.name
        ((64,), 'uint64')
        >>> 0.5 < jaccard(a, b) < 1.0
        True
    """

    shingle: ShingleKind = "word"
    n: int = 5
    num_perm: int = 128
    seed: int = 1

    def __post_init__(self) -> None:
        if self.shingle not in ("word", "char"):
            raise ValueError(f"shingle must be 'word' or 'char', got {self.shingle!r}")
        if not isinstance(self.n, int) or isinstance(self.n, bool) or self.n < 1:
            raise ValueError(f"n must be an integer >= 1, got {self.n!r}")
        if (not isinstance(self.num_perm, int) or isinstance(self.num_perm, bool)
                or not 1 <= self.num_perm <= 1 << 24):
            raise ValueError(f"num_perm must be an integer in [1, 16777216], got {self.num_perm!r}")
        if (not isinstance(self.seed, int) or isinstance(self.seed, bool)
                or not 0 <= self.seed <= _MAX_SEED):
            raise ValueError(f"seed must be an integer in [0, 2**64), got {self.seed!r}")

    def shingle_hashes(self, text: str) -> np.ndarray:
        """Sorted unique 64-bit hashes of the shingles of ``text``.

        >>> MinHasher(n=2).shingle_hashes("a b a b").size   # "a b", "b a"
        2
        """
        hashes = _core.shingle_hashes(nfc(_check_text(text)), self.shingle, self.n)
        hashes.sort()
        # Sort and drop repeats: cheaper than np.unique on arrays this size.
        return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))] if hashes.size else hashes

    def signature(self, text: str) -> np.ndarray:
        """Signature of one text: a ``(num_perm,)`` uint64 array.

        A text without tokens gets every slot equal to ``EMPTY_SLOT``.

        >>> MinHasher(num_perm=8).signature("hello world").shape
        (8,)
        """
        return self.signatures([_check_text(text)])[0]

    def signatures(self, texts: Iterable[str], *, threads: int = 1) -> np.ndarray:
        """Signatures of many texts: an ``(N, num_perm)`` uint64 array.

        ``threads`` > 1 splits the batch across that many threads; the kernel
        releases the GIL, so they run in parallel.  The result does not depend
        on ``threads``.

        >>> MinHasher(num_perm=16).signatures(["one text", "another text"]).shape
        (2, 16)
        """
        items = nfc_batch(texts)
        parts = map_chunks(lambda chunk: _core.minhash_batch(
            chunk, self.shingle, self.n, self.num_perm, self.seed), items, threads)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


def map_chunks(fn, items: list, threads: int) -> list:
    """``fn`` over ``threads`` contiguous chunks of ``items`` in a thread pool,
    results in chunk order (one chunk, no pool, when ``threads`` is 1).

    >>> map_chunks(sum, [1, 2, 3, 4], 2)
    [3, 7]
    """
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be an integer >= 1, got {threads!r}")
    if threads == 1 or len(items) < 2 * threads:
        return [fn(items)]
    bounds = np.linspace(0, len(items), threads + 1).astype(int)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(fn, [items[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])]))


def nfc_batch(texts: Iterable[str]) -> list[str]:
    """The texts as a list, each in NFC (see ``nfc``); non-str items raise TypeError.

    >>> nfc_batch(["plain", "cafe\u0301"]) == ["plain", "caf\u00e9"]
    True
    """
    if isinstance(texts, str):
        raise TypeError("texts must be an iterable of str, got a single str; wrap it in a list")
    items = list(texts)
    # The kernel's scan clears almost every text; only the rest pay for
    # unicodedata's normalisation.
    # normalize() returns an NFC text unchanged after its own check, so a
    # separate is_normalized() would only scan the rest twice.
    for i in np.flatnonzero(~_core.nfc_quick_check(items)).tolist():
        items[i] = unicodedata.normalize("NFC", items[i])
    return items


def fingerprints(texts: Iterable[str]) -> np.ndarray:
    """128-bit fingerprint of each text's normalised token sequence, as (N, 2) uint64.

    Texts equal up to case, punctuation, quotes, dashes and whitespace share
    a fingerprint; use it to find exact duplicates.

    >>> f = fingerprints(["Don't stop!", "don’t   STOP"])
    >>> bool((f[0] == f[1]).all())
    True
    """
    return _core.fingerprint_batch(nfc_batch(texts))


def _as_signature(sig: object, name: str) -> np.ndarray:
    arr = np.asarray(sig)
    if arr.ndim != 1 or arr.dtype != np.uint64:
        raise TypeError(f"{name} must be a 1-D uint64 signature from MinHasher, "
                        f"got an array of shape {arr.shape} and dtype {arr.dtype}")
    return np.ascontiguousarray(arr)


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the fraction of equal slots.

    Unbiased, with standard error at most sqrt(J (1 - J) / num_perm).  Slots
    that are empty in both (texts without tokens) never count as equal, so
    two empty texts have similarity 0.0, as with ``exact_jaccard``.

    >>> h = MinHasher(num_perm=32)
    >>> jaccard(h.signature("a b c d e f"), h.signature("a b c d e f"))
    1.0
    """
    a = _as_signature(sig_a, "sig_a")
    b = _as_signature(sig_b, "sig_b")
    if a.shape != b.shape:
        raise ValueError(f"signatures differ in length ({a.size} and {b.size}); "
                         "compare signatures made with the same num_perm")
    if a.size == 0:
        raise ValueError("signatures are empty")
    return _core.count_equal_slots(a, b) / a.size


def exact_jaccard(text_a: str, text_b: str, *, shingle: ShingleKind = "word", n: int = 5) -> float:
    """Exact Jaccard index of the shingle sets of two texts (MinHasher's shingling).

    Shingles are compared by their 64-bit hashes, so the result equals the
    Jaccard index of the shingle strings except with probability about
    (number of shingles)^2 / 2^64.  0.0 when either text has no tokens.

    >>> exact_jaccard("a b c d e f", "a b c d e g", n=2)
    0.6666666666666666
    """
    hasher = MinHasher(shingle=shingle, n=n, num_perm=1)
    return set_jaccard(hasher.shingle_hashes(text_a), hasher.shingle_hashes(text_b))


def set_jaccard(hashes_a: np.ndarray, hashes_b: np.ndarray) -> float:
    """Jaccard index of two sorted unique uint64 arrays (0.0 if either is empty).

    >>> set_jaccard(np.array([1, 2, 3], np.uint64), np.array([2, 3, 4], np.uint64))
    0.5
    """
    if hashes_a.size == 0 or hashes_b.size == 0:
        return 0.0
    common = _core.sorted_intersection_size(hashes_a, hashes_b)
    return common / (hashes_a.size + hashes_b.size - common)


def signature_jaccard_rows(signatures: np.ndarray, rows: Sequence[int], sig: np.ndarray) -> np.ndarray:
    """Estimated similarity of ``sig`` to each of ``signatures[rows]`` (vectorised)."""
    block = signatures[np.asarray(rows, dtype=np.int64)]
    equal = (block == sig) & (sig != EMPTY_SLOT)
    return equal.sum(axis=1) / signatures.shape[1]
