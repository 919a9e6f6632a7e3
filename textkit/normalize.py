"""Character-level clean-up of scraped text: whitespace, line breaks, invisible
characters, optional ASCII folding of quotes and dashes, and mojibake repair.

``normalize`` applies NFC and then ``textkit._core.normalize_chars`` (one
linear pass in C; its docstring lists every rule).  It never lowercases,
strips accents or decodes escapes and entities: "&amp;" stays "&amp;".

``repair_mojibake`` undoes UTF-8 that was decoded as cp1252 or Latin-1
("donâ€™t" -> "don’t"), running ftfy only on the lines the kernel flags.
Run it *before* ``normalize``: mojibake often holds U+00A0 and C1 controls
("Ã\\xa0" is "à"), which ``normalize`` turns into a space or removes.

The ``*_with_offsets`` variants also return an int64 array mapping every
output character back to the input: ``offsets[i]`` is the index in the input
of the character that produced ``out[i]`` and ``offsets[len(out)]`` is
``len(text)``; the array never decreases, so the output span ``[a, b)`` came
from ``text[offsets[a]:offsets[b - 1] + 1]``.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import numpy as np

from textkit import _core
from textkit.minhash import nfc

__all__ = ["normalize", "normalize_with_offsets", "repair_mojibake", "repair_mojibake_with_offsets"]


def normalize(text: str, *, fold_quotes: bool = False, fold_dashes: bool = False,
              fold_ellipsis: bool = False) -> str:
    """Return ``text`` in NFC with whitespace, line breaks and invisible characters normalised.

    Example:
        >>> normalize("  Breaking:\\u00a0talks\\u200b resume \\r\\n\\r\\n\\r\\n\\tMore later ")
        'Breaking: talks resume\\n\\nMore later'
        >>> normalize("“Don’t” — wait…", fold_quotes=True, fold_dashes=True, fold_ellipsis=True)
        '"Don\\'t" - wait...'

    The steps are NFC, the kernel ``textkit._core.normalize_chars``, and
    NFC again when the text holds characters that may combine (a removed
    invisible character can leave a combining mark next to its base), so
    the result is always NFC and ``normalize(normalize(t)) == normalize(t)``.
    Line breaks of every kind become "\\n"; every Unicode space becomes " "
    and runs of them one; zero-width, bidi and control characters go (ZWJ
    and ZWNJ stay: emoji and Persian/Indic spelling need them); lines lose
    their leading and trailing spaces; blank lines collapse to one ("\\n\\n"
    separates paragraphs); the text loses leading and trailing whitespace.
    Case, accents, escapes and entities are kept.

    Args:
        text: the text.
        fold_quotes: curly, angle and prime quotes to '"' and "'" (default False: kept).
        fold_dashes: dashes, hyphens and the minus sign to "-" (default False: kept).
        fold_ellipsis: "…" to "..." (default False: kept).

    Returns:
        The normalised text.

    Raises:
        TypeError: ``text`` is not a str, or a flag is not a bool.
    """
    _check_text(text)
    _check_flags(fold_quotes, fold_dashes, fold_ellipsis)
    if _nfc_safe(text):  # the usual case: one scan, then the kernel
        return _core.normalize_chars(text, fold_quotes, fold_dashes, fold_ellipsis)
    return nfc(_core.normalize_chars(nfc(text), fold_quotes, fold_dashes, fold_ellipsis))


def normalize_with_offsets(text: str, *, fold_quotes: bool = False, fold_dashes: bool = False,
                           fold_ellipsis: bool = False) -> tuple[str, np.ndarray]:
    """Return ``normalize(text)`` and the int64 offset of each output character in ``text``.

    Example:
        >>> out, offsets = normalize_with_offsets("cafe\\u0301  au\\r\\nlait")
        >>> out, offsets.tolist()
        ('café au\\nlait', [0, 1, 2, 3, 5, 7, 8, 9, 11, 12, 13, 14, 15])
        >>> start, end = offsets[5], offsets[6]   # where "au" came from
        >>> "cafe\\u0301  au\\r\\nlait"[start:end + 1]
        'au'

    The map goes through both steps: a character composed by NFC maps to
    the first character it was made of ("é" above maps to the "e" of
    "e" + U+0301), a run of spaces or line breaks to its first character,
    "\\r\\n" to its "\\r", all three dots of a folded "…" to the "…".

    Args:
        text: the text.
        fold_quotes: as in ``normalize``.
        fold_dashes: as in ``normalize``.
        fold_ellipsis: as in ``normalize``.

    Returns:
        ``(out, offsets)``: ``out == normalize(text, ...)`` exactly, and an int64
        array of ``len(out) + 1`` non-decreasing entries, ``offsets[i]`` the
        index in ``text`` of the character that produced ``out[i]`` and
        ``offsets[len(out)] == len(text)``.

    Raises:
        TypeError: ``text`` is not a str, or a flag is not a bool.
    """
    _check_text(text)
    _check_flags(fold_quotes, fold_dashes, fold_ellipsis)
    if _nfc_safe(text):
        return _core.normalize_chars(text, fold_quotes, fold_dashes, fold_ellipsis, offsets=True)
    composed, nfc_map = _nfc_with_offsets(text)
    out, offsets = _core.normalize_chars(composed, fold_quotes, fold_dashes, fold_ellipsis,
                                         offsets=True)
    if nfc_map is not None:
        offsets = nfc_map[offsets]
    out, out_map = _nfc_with_offsets(out)
    return out, offsets if out_map is None else offsets[out_map]


def repair_mojibake(text: str) -> str:
    """Return ``text`` with UTF-8-read-as-cp1252/Latin-1 mojibake decoded again.

    Example:
        >>> repair_mojibake("Itâ€™s a cafÃ© in SÃ£o Paulo.\\nThis line is fine: São Paulo.")
        'It’s a café in São Paulo.\\nThis line is fine: São Paulo.'

    Only lines that ``textkit._core.mojibake_suspects`` flags go through
    ftfy, with every fix but encoding repair turned off (no HTML unescaping,
    quote uncurling, width or ligature folding, line-break or normalisation
    changes), so other lines come back exactly as they were and clean text
    never pays for ftfy.  A flagged line that ftfy judges fine is unchanged.

    Args:
        text: the text, as decoded (do not ``normalize`` it first).

    Returns:
        The repaired text (``text`` itself when nothing looked wrong).

    Raises:
        TypeError: ``text`` is not a str.
    """
    return _repair(_check_text(text), want_offsets=False)[0]


def repair_mojibake_with_offsets(text: str) -> tuple[str, np.ndarray]:
    """Return ``repair_mojibake(text)`` and the int64 offset of each output character in ``text``.

    Example:
        >>> out, offsets = repair_mojibake_with_offsets("donâ€™t")
        >>> out, offsets.tolist()
        ('don’t', [0, 1, 2, 3, 6, 7])

    Characters of untouched lines (and every "\\n") map to themselves.  In a
    repaired line the output is aligned to the input with
    ``difflib.SequenceMatcher``: a kept character maps to itself; characters
    that replaced a stretch of input ("’" for "â€™") map into that stretch,
    in order; a character ftfy inserted maps to the input character before it.

    Args:
        text: the text, as decoded.

    Returns:
        ``(out, offsets)``: ``out == repair_mojibake(text)`` and an int64 array
        of ``len(out) + 1`` non-decreasing entries ending with ``len(text)``.

    Raises:
        TypeError: ``text`` is not a str.
    """
    return _repair(_check_text(text), want_offsets=True)


# ---------------------------------------------------------------- helpers
def _check_text(text: object) -> str:
    if not isinstance(text, str):
        hint = "; decode it first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"text must be str, got {type(text).__name__}{hint}")
    return text


def _check_flags(fold_quotes: object, fold_dashes: object, fold_ellipsis: object) -> None:
    for name, value in (("fold_quotes", fold_quotes), ("fold_dashes", fold_dashes),
                        ("fold_ellipsis", fold_ellipsis)):
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")


def _nfc_safe(text: str) -> bool:
    """True when every character of ``text`` is NFC-safe: then so is anything
    made by removing some of them or adding ASCII, and no NFC pass is needed."""
    return text.isascii() or bool(_core.nfc_quick_check((text,))[0])


def _unsafe_class() -> str:
    """A regex class of the code points outside ``_core.NFC_SAFE_RANGES``."""
    parts, low = [], 0
    for lo, hi in sorted(_core.NFC_SAFE_RANGES) + [(0x110000, 0x110000)]:
        if lo > low:
            parts.append(f"\\U{low:08x}-\\U{lo - 1:08x}")
        low = max(low, hi + 1)
    return "[" + "".join(parts) + "]+"


# Runs of characters that NFC may change or combine.  The characters around
# a run are NFC-safe (combining class 0, NFC alone, never the second half of
# a composition), so NFC never reaches across them: normalising each run
# together with the character before it (which a mark may combine with)
# gives exactly the NFC of the whole text.
_NFC_UNSAFE_RUN = re.compile(_unsafe_class())


def _nfc_with_offsets(text: str) -> tuple[str, np.ndarray | None]:
    """NFC of ``text`` and the offset of each of its characters in ``text``
    (plus a final ``len(text)``); ``None`` for the identity map."""
    if unicodedata.is_normalized("NFC", text):  # callers ran the cheap checks
        return text, None
    pieces: list[str] = []
    maps: list[np.ndarray] = []
    pos = 0
    for match in _NFC_UNSAFE_RUN.finditer(text):
        start, end = max(match.start() - 1, 0), match.end()
        segment = text[start:end]
        composed = unicodedata.normalize("NFC", segment)
        if composed == segment:
            continue
        pieces += [text[pos:start], composed]
        # Output character j of the segment maps proportionally into it:
        # composition maps a character to the first of those it was made of.
        spread = (np.arange(len(composed), dtype=np.int64) * len(segment)) // len(composed)
        maps += [np.arange(pos, start, dtype=np.int64), start + spread]
        pos = end
    pieces.append(text[pos:])
    maps.append(np.arange(pos, len(text) + 1, dtype=np.int64))
    return "".join(pieces), np.concatenate(maps)


@lru_cache(maxsize=1)
def _ftfy_config():
    """ftfy settings that repair encoding and change nothing else."""
    import ftfy  # imported on first repair: clean text never loads it

    return ftfy.TextFixerConfig(
        fix_encoding=True, restore_byte_a0=True, replace_lossy_sequences=True,
        decode_inconsistent_utf8=True, fix_c1_controls=True,
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        fix_surrogates=False, remove_control_chars=False, normalization=None, explain=False)


def _repair(text: str, want_offsets: bool) -> tuple[str, np.ndarray | None]:
    if not _core.mojibake_suspects((text,))[0]:
        return text, (np.arange(len(text) + 1, dtype=np.int64) if want_offsets else None)
    import ftfy

    config = _ftfy_config()
    lines = text.split("\n")  # the "\n" themselves are never touched
    starts = np.zeros(len(lines), dtype=np.int64)
    np.cumsum([len(line) + 1 for line in lines[:-1]], out=starts[1:])
    pieces: list[str] = []
    maps: list[np.ndarray] = []
    pos = 0
    for i in np.flatnonzero(_core.mojibake_suspects(lines)).tolist():
        line, start = lines[i], int(starts[i])
        fixed = ftfy.fix_text(line, config)
        if fixed == line:
            continue
        pieces += [text[pos:start], fixed]
        if want_offsets:
            maps += [np.arange(pos, start, dtype=np.int64), start + _align(line, fixed)]
        pos = start + len(line)
    if not pieces:
        return text, (np.arange(len(text) + 1, dtype=np.int64) if want_offsets else None)
    pieces.append(text[pos:])
    if not want_offsets:
        return "".join(pieces), None
    maps.append(np.arange(pos, len(text) + 1, dtype=np.int64))
    return "".join(pieces), np.concatenate(maps)


def _align(source: str, target: str) -> np.ndarray:
    """For each character of ``target``, an index in ``source`` (non-decreasing).

    >>> _align("donâ€™t", "don’t").tolist()
    [0, 1, 2, 3, 6]
    """
    out = np.empty(len(target), dtype=np.int64)
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out[j1:j2] = np.arange(i1, i2)
        elif tag == "replace":  # spread the new characters over the stretch they replace
            out[j1:j2] = i1 + (np.arange(j2 - j1) * (i2 - i1)) // (j2 - j1)
        elif tag == "insert":  # nothing replaced: the input character before
            out[j1:j2] = max(i1 - 1, 0)
    return out
