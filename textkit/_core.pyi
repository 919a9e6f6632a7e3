"""Type stub for textkit._core, the Cython kernels (see _core.pyx for the
normalisation, hash and MinHash scheme)."""
from typing import Iterable, Literal, overload

import numpy as np
import numpy.typing as npt

U64Array = npt.NDArray[np.uint64]

def token_spans(text: str) -> npt.NDArray[np.int64]:
    """(n, 2) start/end offsets of each token (run of str.isalnum() characters)."""

def token_hashes(text: str) -> U64Array:
    """64-bit hash of each folded token, in order."""

def shingle_hashes(text: str, shingle: Literal["word", "char"] = "word", n: int = 5) -> U64Array:
    """Hash of each word or character n-gram, in order, repeats kept; a non-empty
    text shorter than n gives one shingle."""

@overload
def minhash_batch(texts: Iterable[str], shingle: Literal["word", "char"] = "word", n: int = 5,
                  num_perm: int = 128, seed: int = 1,
                  fingerprints: Literal[False] = False) -> U64Array: ...
@overload
def minhash_batch(texts: Iterable[str], shingle: Literal["word", "char"], n: int,
                  num_perm: int, seed: int,
                  fingerprints: Literal[True]) -> tuple[U64Array, U64Array]: ...
def minhash_batch(texts: Iterable[str], shingle: Literal["word", "char"] = "word", n: int = 5,
                  num_perm: int = 128, seed: int = 1, fingerprints: bool = False):
    """(N, num_perm) SuperMinHash signatures, and (N, 2) fingerprints if asked.
    Runs without the GIL; texts must already be NFC."""

def fingerprint_batch(texts: Iterable[str]) -> U64Array:
    """(N, 2) 128-bit hash of each text's folded token sequence."""

NFC_SAFE_RANGES: tuple[tuple[int, int], ...]
"""Inclusive code point ranges that are NFC alone and never combine."""

def nfc_quick_check(texts: Iterable[str]) -> npt.NDArray[np.bool_]:
    """True for each text that is certainly NFC; False means check with unicodedata."""

def superminhash(items: U64Array, num_perm: int = 128, seed: int = 1) -> U64Array:
    """SuperMinHash registers of a set of 64-bit element hashes."""

def lsh_band_keys(signatures: U64Array, bands: int, rows: int) -> U64Array:
    """(N, bands) key of each band of each signature row."""

def sorted_intersection_size(a: U64Array, b: U64Array) -> int:
    """Number of common values of two sorted unique arrays."""

def count_equal_slots(a: U64Array, b: U64Array) -> int:
    """Positions where two signatures agree, slots empty in both excluded."""
