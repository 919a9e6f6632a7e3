"""Quotation spans in news text: where each quotation opens and closes.

``find_quotes`` pairs quotation marks in one linear pass
(``textkit._core.quote_spans``, a C loop without the GIL) and returns one
``QuoteSpan`` a quotation, in order of opening, with its inner and outer
offsets in the text given.  It handles straight and curly double quotes,
„German“ and ‚German‘ quotes, «guillemets», »reversed guillemets«,
‹single guillemets›, single quotes told apart from apostrophes (don't, '90s,
rock 'n' roll, the Smiths' dog), the doubled apostrophe (''…'' and ``…''),
quotes nested in quotes, and quotations that run over paragraphs (the
paragraph leaves the quote open and the next one reopens it).  Unbalanced
marks never raise: an unclosed quotation ends at its paragraph's end and is
flagged ``recovered``; a stray closing mark is ignored.

It is a heuristic, not a parser: marks are told apart by the characters
next to them (see the rules in ``textkit._core.quote_spans``).  Known limits:
a closing ' after a word ending in a dropped "g" ("singin' ") inside a
single-quoted span closes it; a quote nested three deep in the same double
style pairs the wrong marks; at most 8 quotes are open at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textkit import _core

__all__ = ["QUOTE_STYLES", "QuoteSpan", "QuoteStyle", "find_quotes"]

QuoteStyle = Literal["double", "curly", "low-high", "guillemets", "reversed-guillemets",
                     "single-curly", "single", "low-single", "doubled-apostrophe",
                     "single-guillemets"]

#: Style names indexed by the kernel's QUOTE_STYLE_* values.
QUOTE_STYLES: tuple[QuoteStyle, ...] = (
    "double",               # "…"   QUOTE_STYLE_DOUBLE_STRAIGHT
    "curly",                # “…”   QUOTE_STYLE_DOUBLE_CURLY
    "low-high",             # „…“   QUOTE_STYLE_LOW_HIGH
    "guillemets",           # «…»   QUOTE_STYLE_GUILLEMETS
    "reversed-guillemets",  # »…«   QUOTE_STYLE_REVERSED_GUILLEMETS
    "single-curly",         # ‘…’   QUOTE_STYLE_SINGLE_CURLY
    "single",               # '…'   QUOTE_STYLE_SINGLE_STRAIGHT
    "low-single",           # ‚…‘   QUOTE_STYLE_LOW_SINGLE
    "doubled-apostrophe",   # ''…'' or ``…''  QUOTE_STYLE_DOUBLED_APOSTROPHE
    "single-guillemets",    # ‹…›   QUOTE_STYLE_SINGLE_GUILLEMETS
)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation found by ``find_quotes``.

    Example:
        >>> text = 'He called it "a disaster" twice.'
        >>> span = find_quotes(text)[0]
        >>> span.text, text[span.start:span.end], text[span.open:span.close_end]
        ('a disaster', 'a disaster', '"a disaster"')

    Attributes:
        start: index of the first character inside the marks.
        end: index after the last character inside the marks (``text[start:end]``
            is the quotation).
        open: index of the opening mark (``open <= start``).
        close_end: index after the closing mark; for a quotation with no
            closing mark, the end of its paragraph (trailing spaces excluded).
            ``open <= start <= end <= close_end``.
        style: which marks, one of ``QUOTE_STYLES``.
        text: the quotation, ``text[start:end]`` of the text searched.
        nested: opened inside another quotation.
        continued: reopens a quotation the previous paragraph left open.
        continues: left open at its paragraph's end and reopened by the next
            paragraph (then the next span has ``continued``).
        recovered: no proper closing mark: it ended at its paragraph's end, at
            the closing mark of a quotation around it, or at an opening mark of
            its own style that stands where the closer belongs.
    """

    start: int
    end: int
    open: int
    close_end: int
    style: QuoteStyle
    text: str
    nested: bool = False
    continued: bool = False
    continues: bool = False
    recovered: bool = False


def find_quotes(text: str) -> list[QuoteSpan]:
    """Return the quotations of ``text``, in order of their opening marks.

    Example:
        >>> [q.text for q in find_quotes("“He told me ‘never again’ and left,” she said.")]
        ['He told me ‘never again’ and left,', 'never again']
        >>> [(q.text, q.continues, q.continued) for q in find_quotes("“One.\\n\\n“Two.”")]
        [('One.', True, False), ('Two.', False, True)]

    Offsets are indices into ``text`` as given (no normalisation), so
    ``text[q.start:q.end] == q.text``.  Paragraphs end at "\\n"; no quotation
    crosses one (a quotation running over paragraphs gives one span a
    paragraph, linked by ``continues``/``continued``).  Linear in the length
    of the text whatever its marks; the rules that tell quotes from
    apostrophes and pair unbalanced marks are listed in
    ``textkit._core.quote_spans``.

    Args:
        text: the text to search.

    Returns:
        One ``QuoteSpan`` a quotation, nested ones after the quotation around
        them.

    Raises:
        TypeError: ``text`` is not a str.
    """
    if not isinstance(text, str):
        hint = "; decode it first, e.g. text.decode('utf-8')" if isinstance(
            text, (bytes, bytearray)) else ""
        raise TypeError(f"find_quotes() needs text as a str, got {type(text).__name__}{hint}")
    nested, continued = _core.QUOTE_FLAG_NESTED, _core.QUOTE_FLAG_CONTINUED
    continues, recovered = _core.QUOTE_FLAG_CONTINUES, _core.QUOTE_FLAG_RECOVERED
    # Positional arguments in field order: building the spans is most of the cost.
    return [QuoteSpan(start, end, opening, close_end, QUOTE_STYLES[style], text[start:end],
                      bool(flags & nested), bool(flags & continued), bool(flags & continues),
                      bool(flags & recovered))
            for opening, start, end, close_end, style, flags in _core.quote_spans(text).tolist()]
