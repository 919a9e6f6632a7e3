"""Type stub for textkit._core, the Cython kernels (see _core.pyx for the
normalisation, hash and MinHash scheme)."""
from typing import Iterable, Literal, Optional, Sequence, Union, overload

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

def dedup_sketch_batch(texts: Iterable[str], shingle: Literal["word", "char"] = "word", n: int = 5,
                       num_perm: int = 128, seed: int = 1, bands: int = 9, rows: int = 13,
                       payload: Literal["set", "signature"] = "set"
                       ) -> tuple[U64Array, U64Array, npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """(band_keys (N, bands), fingerprints (N, 2), payload values, payload counts) of NFC
    texts: the payload is the sorted unique top 32 bits of the shingle hashes ("set") or
    the low 32 bits of each signature slot ("signature").  Runs without the GIL."""

def payload_overlaps(values: npt.NDArray[np.uint32], offsets: npt.NDArray[np.int64],
                     first: npt.NDArray[np.int64], second: npt.NDArray[np.int64],
                     payload: Literal["set", "signature"] = "set") -> npt.NDArray[np.int64]:
    """Intersection size (sets) or equal non-empty slots (signatures) of each pair of
    payloads ``values[offsets[d]:offsets[d + 1]]``."""

def component_labels(count: int, first: npt.NDArray[np.int64],
                     second: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Connected components of nodes 0..count-1 under the edges: each node's label is
    the smallest node of its component."""

NORMALIZE_SPACES: tuple[int, ...]
"""Code points normalize_chars turns into " " (tab and every Unicode Zs space)."""
NORMALIZE_BREAKS: tuple[int, ...]
"""Code points normalize_chars turns into "\\n" ("\\r" and U+2029 are handled apart)."""
NORMALIZE_DROPPED: tuple[int, ...]
"""Code points normalize_chars removes (controls, invisible format characters)."""
NORMALIZE_DOUBLE_QUOTES: tuple[int, ...]
NORMALIZE_SINGLE_QUOTES: tuple[int, ...]
NORMALIZE_DASHES: tuple[int, ...]
CP1252_HIGH: tuple[int, ...]
"""cp1252 rendering of the bytes 0x80-0x9F (undefined bytes as in Latin-1)."""

@overload
def normalize_chars(text: str, fold_quotes: bool = False, fold_dashes: bool = False,
                    fold_ellipsis: bool = False, offsets: Literal[False] = False) -> str: ...
@overload
def normalize_chars(text: str, fold_quotes: bool, fold_dashes: bool, fold_ellipsis: bool,
                    offsets: Literal[True]) -> tuple[str, npt.NDArray[np.int64]]: ...
@overload
def normalize_chars(text: str, fold_quotes: bool = False, fold_dashes: bool = False,
                    fold_ellipsis: bool = False, *,
                    offsets: Literal[True]) -> tuple[str, npt.NDArray[np.int64]]: ...
def normalize_chars(text: str, fold_quotes: bool = False, fold_dashes: bool = False,
                    fold_ellipsis: bool = False, offsets: bool = False):
    """Line breaks to "\\n", spaces to " " (collapsed, trimmed per line), invisible
    characters removed, blank lines collapsed to one; optional ASCII folding of
    quotes, dashes and "…".  With offsets=True also the input index of each
    output character plus a final len(text)."""

def mojibake_suspects(texts: Iterable[str]) -> npt.NDArray[np.bool_]:
    """True for each text holding a UTF-8 sequence shown as cp1252/Latin-1 ("Ã©")."""

LINE_SENTENCE: int
LINE_COLON: int
LINE_LIST: int
LINE_DIGIT: int
LINE_LEAD: int
LINE_GATE: int
LINE_AFTER_BLANK: int
LINE_PAREN_END: int
LINE_DATEISH: int
LINE_KEY: int
LINE_SLASH: int
LINE_UPPER: int
"""Bit flags of ``line_features`` (see _core.pyx)."""

def line_features(text: str, gate_hashes: U64Array | None = None,
                  gate_words: npt.NDArray[np.int32] | None = None, gate_keys: tuple[str, ...] = ()
                  ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int32],
                             npt.NDArray[np.uint16], U64Array]:
    """Per non-blank line: start, end (stripped), word count, LINE_* flags, first-token hash."""

def find_body(words: npt.NDArray[np.int32], flags: npt.NDArray[np.uint16],
              chrome_scores: npt.NDArray[np.float64], end_kinds: npt.NDArray[np.int8],
              params: tuple[float, ...]) -> tuple[int, int]:
    """[start, end) of the article body: line scores, the maximum-sum run, end cuts."""

QUOTE_STYLE_DOUBLE_STRAIGHT: int
QUOTE_STYLE_DOUBLE_CURLY: int
QUOTE_STYLE_LOW_HIGH: int
QUOTE_STYLE_GUILLEMETS: int
QUOTE_STYLE_REVERSED_GUILLEMETS: int
QUOTE_STYLE_SINGLE_CURLY: int
QUOTE_STYLE_SINGLE_STRAIGHT: int
QUOTE_STYLE_LOW_SINGLE: int
QUOTE_STYLE_DOUBLED_APOSTROPHE: int
QUOTE_STYLE_SINGLE_GUILLEMETS: int
"""Values 0-9 of the ``style`` column of ``quote_spans``."""
QUOTE_FLAG_CONTINUED: int
QUOTE_FLAG_RECOVERED: int
QUOTE_FLAG_NESTED: int
QUOTE_FLAG_CONTINUES: int
"""Bits 1, 2, 4, 8 of the ``flags`` column of ``quote_spans``."""
QUOTE_MAX_DEPTH: int
"""Quotes open at once; deeper opening marks are ignored."""

def quote_spans(text: str) -> npt.NDArray[np.int64]:
    """(n, 6) quotation spans in order of opening: open, inner_start, inner_end,
    close_end, QUOTE_STYLE_*, QUOTE_FLAG_* bits (rules in _core.pyx)."""

TOKEN_CAPITALISED: int
TOKEN_AFTER_HYPHEN: int
TOKEN_AFTER_LISTED: int
TOKEN_AFTER_POSSESSIVE: int
TOKEN_VERB: int
TOKEN_MARKED: int

class TokenHashSet:
    """Token hashes sorted, deduplicated and checked once, with their filter:
    what ``token_spans_in`` takes in place of a sorted array, for many calls."""
    hashes: U64Array  # sorted, unique, read-only
    def __init__(self, hashes: U64Array | Sequence[int]) -> None: ...
    def __len__(self) -> int: ...

HashesLike = Union[U64Array, TokenHashSet]

def token_spans_in(text: str, sorted_hashes: HashesLike,
                   before_hashes: Optional[HashesLike] = None,
                   verb_hashes: Optional[HashesLike] = None,
                   contraction_hashes: Optional[HashesLike] = None,
                   marked_hashes: Optional[HashesLike] = None) -> npt.NDArray[np.int64]:
    """(k, 3) start, end and TOKEN_* flags of each token whose ``token_hashes``
    value is in the sorted array ``sorted_hashes``; TOKEN_AFTER_LISTED marks a
    token whose previous token (past spaces only) hashes into the sorted
    ``before_hashes``; TOKEN_VERB a lowercase a-z token hashing into
    ``verb_hashes`` with no other flag, where "’s" after a word of
    ``contraction_hashes`` ("He’s") is no possessive; TOKEN_MARKED a token
    hashing into ``marked_hashes``, whatever its other flags.  Each set is a sorted
    uint64 array (ValueError if it is not sorted) or a TokenHashSet."""

def sentence_starts(text: str) -> npt.NDArray[np.int64]:
    """Offsets where sentences start: after . ! ? (and a closing quote), spaces,
    then A-Z or an opening double quote; abbreviations ("Mr.", "E.", "U.S.") end none."""

SUBJECT_LISTS: tuple[str, ...]
"""Names of the word lists a SubjectMatcher is built from (see quotes.py)."""
SUBJECT_MODES: dict[str, int]
"""What may follow the subject: "alone" (spaces), "adverbs", "appositive"."""

class SubjectMatcher:
    """The subject that runs up to a cue verb, matched as quotes.py's
    _SUBJECT_HEAD, _SUBJECT_NEAR_CUE and _SUBJECT_BEFORE_CUE would match it,
    without the regex engine; mode "name" searches as _NAME_TAIL does (the
    name that ends the text), mode "sentence" matches as _SENTENCE_SUBJECT
    does (the subject opening the text, past its lead-in).  ValueError for a
    list of over 128 words or a word that is not ASCII; KeyError for a
    missing list."""

    def __init__(self, lists: dict[str, Iterable[str]]) -> None: ...
    def before(self, text: str, lo: int, at: int,
               mode: Literal["alone", "adverbs", "appositive", "name", "sentence"] = "adverbs") -> Optional[tuple[int, int]]:
        """(start, end) of the leftmost subject in ``text[lo:at]`` running to
        ``at``, or None; ValueError for an unknown mode."""
