"""``clean``: repair, normalise and strip page chrome from scraped article text.

One call runs, in order:

1. mojibake repair with ftfy, only on lines a fast check in the core flags
   (``textkit.normalize.repair_mojibake``);
2. character normalisation: NFC, every Unicode space to a space, zero-width
   and control characters removed, line endings to ``\\n``, runs of spaces
   collapsed, paragraph breaks kept, quotes/dashes/ellipsis optionally folded
   to ASCII (``textkit.normalize.normalize``);
3. line-level chrome removal: the chrome lexicon, embedded tweets, lines a
   fitted ``RepeatedLineFilter`` knows for the document's source, and the
   article body's position (``textkit.boilerplate``).

With ``explain=True`` it says what it removed, why and where (character
offsets in the input), and maps every character of the cleaned text back to
the input.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from textkit.boilerplate import _decide, join_kept, kept_separators
from textkit.normalize import (normalize, normalize_with_offsets, repair_mojibake,
                               repair_mojibake_with_offsets)

if TYPE_CHECKING:  # pragma: no cover
    from textkit.repeated import RepeatedLineFilter

__all__ = ["CleanConfig", "CleanResult", "Removal", "clean", "prepare"]


@dataclass(frozen=True)
class CleanConfig:
    """Settings for ``clean``; each field's default is what news text needs.

    Attributes:
        fix_mojibake: repair text decoded with the wrong codec ("donâ€™t" ->
            "don’t") with ftfy; only lines the core flags pay for it.
        fold_quotes: fold curly and angle quotes to ASCII ' and ". Off: quote
            marks are kept as written (quote attribution wants them).
        fold_dashes: fold ‒ – — ― − and hyphen variants to "-".
        fold_ellipsis: fold … to "...".
        strip_chrome: drop lexicon chrome lines (share prompts, comment
            sections, cookie notices, bylines, ...) and embedded tweets.
        keep_tweets: keep embedded tweets (text, signature line, link).
        trim_to_body: drop what comes before and after the article body
            (headline, standfirst, captions, menus; teasers, related
            headlines, comments).  Off for text that is known to be body only.

    Example:
        >>> CleanConfig(fold_quotes=True).fold_quotes
        True
    """

    fix_mojibake: bool = True
    fold_quotes: bool = False
    fold_dashes: bool = False
    fold_ellipsis: bool = False
    strip_chrome: bool = True
    keep_tweets: bool = False
    trim_to_body: bool = True

    def replace(self, **changes: Any) -> "CleanConfig":
        """A copy with some fields changed; unknown names raise TypeError."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            known = ", ".join(f.name for f in dataclasses.fields(self))
            raise TypeError(f"unknown clean option(s) {', '.join(sorted(unknown))}; known: {known}")
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Removal:
    """A line ``clean`` removed: ``raw[start:end]`` is that line of the input."""

    start: int
    end: int
    rule: str
    text: str


@dataclass
class CleanResult:
    """``clean(..., explain=True)``: the text, what was removed, and offsets.

    ``offsets`` has ``len(text) + 1`` entries: ``offsets[i]`` is the index in
    the input of the character that became ``text[i]`` (a paragraph break
    maps to the line break after the previous kept line), and the last entry
    is ``len(input)``.
    """

    text: str
    removed: list[Removal] = field(default_factory=list)
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    mojibake_fixed: bool = False


DEFAULT_CONFIG = CleanConfig()


def clean(text: str, config: Optional[CleanConfig] = None, *, explain: bool = False,
          source: Optional[str] = None, repeated: Optional["RepeatedLineFilter"] = None,
          **overrides: Any) -> Union[str, CleanResult]:
    """Clean one scraped article: repair, normalise, and keep only the article lines.

    Args:
        text: the page text.
        config: a ``CleanConfig``; keyword arguments override its fields.
        explain: return a ``CleanResult`` with removals and offsets instead of a str.
        source: the document's source (site) for ``repeated``.
        repeated: a fitted ``RepeatedLineFilter``; lines it knows for
            ``source`` are removed (rule "repeated-line").

    Example:
        >>> page = ("World News\\n\\nKremlin says talks will go on\\n\\n"
        ...         "“There always are prospects for continuing a dialogue,” Peskov said.\\n\\n"
        ...         "Share this:\\nLeave a Reply")
        >>> clean(page)
        '“There always are prospects for continuing a dialogue,” Peskov said.'
        >>> [(r.rule, r.text) for r in clean(page, explain=True).removed][-2:]
        [('share', 'Share this:'), ('comments', 'Leave a Reply')]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}"
                        + ("; decode bytes first (e.g. data.decode('utf-8'))" if isinstance(text, bytes) else ""))
    if config is None:
        config = DEFAULT_CONFIG
    elif not isinstance(config, CleanConfig):
        raise TypeError(f"config must be a CleanConfig, got {type(config).__name__}")
    if overrides:
        config = config.replace(**overrides)
    is_repeated = (functools.partial(_line_is_repeated, repeated, source)
                   if repeated is not None and source is not None else None)
    folds = dict(fold_quotes=config.fold_quotes, fold_dashes=config.fold_dashes,
                 fold_ellipsis=config.fold_ellipsis)

    if not explain:
        normal = prepare(text, config)
        return join_kept(normal, _decide(normal, config.keep_tweets, config.trim_to_body,
                                         config.strip_chrome, is_repeated))

    if config.fix_mojibake:
        repaired, repair_map = repair_mojibake_with_offsets(text)
    else:
        repaired, repair_map = text, np.arange(len(text) + 1, dtype=np.int64)
    normal, normal_map = normalize_with_offsets(repaired, **folds)
    to_input = repair_map[normal_map]  # normalised index -> input index
    lines = _decide(normal, config.keep_tweets, config.trim_to_body, config.strip_chrome, is_repeated)
    removed = []
    for i, (start, end, kept) in enumerate(zip(lines.starts.tolist(), lines.ends.tolist(),
                                               lines.keep.tolist())):
        if not kept:
            rule = lines.rule_of(i)
            raw_start, raw_end = int(to_input[start]), int(to_input[end - 1]) + 1
            removed.append(Removal(raw_start, raw_end, rule, text[raw_start:raw_end]))
    cleaned = join_kept(normal, lines)
    return CleanResult(cleaned, removed, _output_offsets(lines, to_input, len(text)),
                       mojibake_fixed=repaired != text)


def prepare(text: str, config: Optional[CleanConfig] = None) -> str:
    """``text`` as ``clean`` sees it before removing lines: mojibake repaired
    (when configured), then normalised with the configured folds.  Fit a
    ``RepeatedLineFilter`` on this, so its lines match the ones ``clean`` asks about.

    >>> prepare("caf\\u00c3\\u00a9  au  lait\\r\\n")
    'café au lait'
    """
    config = DEFAULT_CONFIG if config is None else config
    repaired = repair_mojibake(text) if config.fix_mojibake else text
    return normalize(repaired, fold_quotes=config.fold_quotes, fold_dashes=config.fold_dashes,
                     fold_ellipsis=config.fold_ellipsis)


def _line_is_repeated(repeated: "RepeatedLineFilter", source: str, line: str) -> bool:
    return repeated.is_repeated(line, source)


def _output_offsets(lines, to_input: np.ndarray, input_length: int) -> np.ndarray:
    """Input index of every character of ``join_kept(normal, lines)``, plus a sentinel."""
    kept = np.flatnonzero(lines.keep)
    pieces = []
    if kept.size:
        starts, ends = lines.starts[kept].tolist(), lines.ends[kept].tolist()
        widths = [0] + [len(sep) for sep in kept_separators(lines, kept).tolist()]
        for width, previous_end, start, end in zip(widths, [0] + ends[:-1], starts, ends):
            # A separator maps to the line break after the previous kept line.
            pieces.append(np.full(width, previous_end, dtype=np.int64))
            pieces.append(np.arange(start, end, dtype=np.int64))
    index = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
    return np.concatenate([to_input[index], [input_length]]).astype(np.int64)
