"""A corpus-level filter for lines repeated across many documents of one source.

Site footers, newsletter pitches and mission blurbs ("The Example Times is an
independent newsroom ...") appear word for word in every article of a site,
and no boilerplate lexicon knows them.  ``RepeatedLineFilter`` learns them:
it counts, for each group of documents (a source: a ``source`` field, or the
host of the URL, see ``source_of``), in how many documents each line occurs,
and removes the lines that occur in at least ``min_docs`` distinct documents
of the same group.

Lines
    A text is split at ``\\n``, ``\\r\\n`` and ``\\r`` (the newlines Python's
    universal newlines mode knows; other Unicode line separators stay inside
    a line).  Lines are compared after whitespace normalisation only: leading
    and trailing whitespace stripped, every inner run of whitespace (spaces,
    tabs, no-break spaces, ...) made one space.  Case, punctuation and
    Unicode form are compared as they are, so "Subscribe now" and "SUBSCRIBE
    NOW" are different lines.  Blank lines, and lines whose normalised length
    is outside ``[min_line_chars, max_line_chars]``, are never counted and
    never removed.  A line counts once per document however often the
    document repeats it.

Documents
    A document learned again (the same normalised lines, e.g. a page scraped
    twice) is not counted again, or every line of an article found three
    times would be "repeated".  Near-duplicates (the same article with another
    timestamp line) do count: remove them first (``textkit dedup``).

Groups
    A group is a string.  ``None`` means "ungrouped": such documents are not
    counted, and nothing is ever removed from them.

Streaming
    ``update`` learns from one document at a time, so the filter can be fitted
    on a sample (or on a whole corpus in one pass) and then ``apply``'d to a
    stream; ``save``/``load`` keep a fitted filter between runs.

Memory and exactness
    Counts are kept per (group, line) under a 64-bit BLAKE2b hash of the
    normalised line, not the line itself: about 100 bytes per distinct line
    of a group (a Python int key and a small count in a dict), whatever the
    line's length, and about 60 bytes per distinct document (its 64-bit
    fingerprint in a set).  The text of a line is kept only once it reaches
    ``min_docs``.  Two different lines of one group share a hash with
    probability about n**2 / 2**65 for n distinct lines (under 3e-6 for ten
    million); their counts would then be merged, so one of them could be
    marked repeated with fewer than ``min_docs`` documents of its own.  A line
    is removed only when its text equals the kept text of a repeated line, so
    a collision never removes a line that was not itself counted.  Two
    different documents of a group share a fingerprint with the same tiny
    probability; the second would then not be counted.

File format (``save``/``load``), UTF-8 JSON, version 1::

    {"format": "textkit-repeated-lines", "version": 1,
     "min_docs": 3, "min_line_chars": 1, "max_line_chars": 1000,
     "groups": {"example.com": {"documents": 120,
                                "repeated": ["Follow us on Twitter", ...],
                                "counts": {"9f1c0d2e3a4b5c6d": 2, ...},
                                "seen": ["03a1...", ...]}}}

``documents`` is the number of distinct documents learned; ``repeated``
holds the normalised repeated lines (sorted); ``counts`` maps the
16-hex-digit hash (big-endian) of every other line seen to its document
count; ``seen`` lists the fingerprints of the documents learned.  ``counts``
and ``seen`` are left out when saving with ``counts=False`` (a smaller file
for applying only; a filter loaded from it can learn more documents, but the
lines it had not yet marked repeated start again from zero and documents
learned before are not recognised again).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from typing import Any, Iterable, Iterator, Optional
from urllib.parse import urlsplit

from textkit.atomic import atomic_write

__all__ = ["RepeatedLineFilter", "source_of", "normalise_line"]

_FORMAT = "textkit-repeated-lines"
_VERSION = 1

# One line and its terminator; the last line may have none.  Matches tile the
# text without gaps, so match offsets are offsets into the text.
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n)|([^\r\n]+)\Z")


def normalise_line(line: str) -> str:
    """Return ``line`` as ``RepeatedLineFilter`` compares it: stripped, inner whitespace runs made one space.

    Args:
        line: one line of text.

    Returns:
        The normalised line ("" for a blank line).

    Example:
        >>> normalise_line("  Follow us\\t on\\u00a0Twitter \\r")
        'Follow us on Twitter'
    """
    if not isinstance(line, str):
        raise TypeError(f"line must be str, got {type(line).__name__}")
    return " ".join(line.split())


def _line_hash(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")


def _iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, content) of each line; end includes the terminator."""
    for m in _LINE.finditer(text):
        content = m.group(1)
        yield m.start(), m.end(), (m.group(3) if content is None else content)


def _check_group(group: object) -> Optional[str]:
    if group is None or isinstance(group, str):
        return group
    raise TypeError(f"group must be a str (a source name) or None (ungrouped), got "
                    f"{type(group).__name__}: {group!r}; use source_of(record) to get one")


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}; decode bytes first")
    return text


def _check_int(name: str, value: object, minimum: int, why: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}: {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}{why}, got {value}")
    return value


class RepeatedLineFilter:
    """Learns lines repeated across documents of the same source, and removes them.

    Args:
        min_docs: a line is repeated for a group when it occurs in at least
            this many distinct documents of the group (default 3, at least 2).
            Lower finds boilerplate in small samples sooner but risks
            removing a sentence that a few articles share (a quote, a
            standard sentence of a wire story); higher is safer but needs more
            documents per source.
        min_line_chars: shortest normalised line counted (default 1).  Raise
            it to keep short repeated lines such as a dateline city or "Photo".
        max_line_chars: longest normalised line counted (default 1000); longer
            lines are body paragraphs, not chrome, and are never removed.

    See the module docstring for how lines are split and compared, what the
    memory use is and the (tiny) error a hash collision can cause.

    Example:
        >>> f = RepeatedLineFilter(min_docs=2)
        >>> f.update("Talks resume in Geneva.\\nSubscribe to our newsletter", "example.com")
        >>> f.update("Markets fall.\\nSubscribe  to our newsletter\\n", "example.com")
        >>> f.apply("Rain expected.\\nSubscribe to our newsletter\\nMore soon.", "example.com")
        ('Rain expected.\\nMore soon.', [(15, 42, 'Subscribe to our newsletter')])
        >>> f.apply("Subscribe to our newsletter", "other.org")  # another source: kept
        ('Subscribe to our newsletter', [])
    """

    def __init__(self, min_docs: int = 3, min_line_chars: int = 1, max_line_chars: int = 1000) -> None:
        self.min_docs = _check_int("min_docs", min_docs, 2,
                                   " (a line seen in one document is not repeated)")
        self.min_line_chars = _check_int("min_line_chars", min_line_chars, 1)
        self.max_line_chars = _check_int("max_line_chars", max_line_chars, 1)
        if max_line_chars < min_line_chars:
            raise ValueError(f"max_line_chars ({max_line_chars}) must be >= min_line_chars "
                             f"({min_line_chars})")
        self._documents: dict[str, int] = {}             # distinct documents learned
        self._seen: dict[str, set[int]] = {}              # their fingerprints
        self._counts: dict[str, dict[int, int]] = {}     # lines not yet repeated
        self._repeated: dict[str, dict[int, str]] = {}   # hash -> normalised line

    def __repr__(self) -> str:
        lines = sum(len(r) for r in self._repeated.values())
        return (f"RepeatedLineFilter(min_docs={self.min_docs}, min_line_chars={self.min_line_chars}, "
                f"max_line_chars={self.max_line_chars}; {len(self._documents)} groups, "
                f"{sum(self._documents.values())} documents, {lines} repeated lines)")

    def _counted(self, norm: str) -> bool:
        return self.min_line_chars <= len(norm) <= self.max_line_chars

    def update(self, text: str, group: Optional[str]) -> None:
        """Learn from one document: count each of its lines once for ``group``.

        A document already learned for ``group`` (the same normalised lines)
        is not counted again.

        Args:
            text: the document.
            group: its source (see ``source_of``); None leaves the filter unchanged.

        Example:
            >>> f = RepeatedLineFilter(min_docs=2)
            >>> for text in ["Story one\\nAbout us", "Story two\\nAbout us\\nAbout us"]:
            ...     f.update(text, "example.com")
            >>> sorted(f.repeated_lines("example.com")), f.documents("example.com")
            (['About us'], 2)
        """
        _check_text(text)
        if _check_group(group) is None:
            return
        lines = [norm for norm in (" ".join(line.split()) for _, _, line in _iter_lines(text)) if norm]
        fingerprint = _line_hash("\n".join(lines))
        documents = self._seen.setdefault(group, set())
        if fingerprint in documents:
            return
        documents.add(fingerprint)
        self._documents[group] = self._documents.get(group, 0) + 1
        counts = self._counts.setdefault(group, {})
        repeated = self._repeated.setdefault(group, {})
        seen: set[int] = set()
        for norm in lines:
            if not self._counted(norm):
                continue
            key = _line_hash(norm)
            if key in seen or key in repeated:
                continue
            seen.add(key)
            count = counts.get(key, 0) + 1
            if count >= self.min_docs:
                counts.pop(key, None)
                repeated[key] = norm
            else:
                counts[key] = count

    def fit(self, pairs: Iterable[tuple[str, Optional[str]]]) -> "RepeatedLineFilter":
        """Learn from every (text, group) pair; returns the filter itself.

        Args:
            pairs: an iterable of (text, group), for example a sample of a corpus.

        Returns:
            ``self``, so that ``RepeatedLineFilter().fit(sample).apply(...)`` works.

        Example:
            >>> docs = [(f"Story {i}\\nAll rights reserved.", "example.com") for i in range(3)]
            >>> RepeatedLineFilter().fit(docs).is_repeated("All rights reserved.", "example.com")
            True
        """
        if isinstance(pairs, (str, bytes, Mapping)):
            raise TypeError(f"pairs must be an iterable of (text, group) tuples, got a "
                            f"{type(pairs).__name__}; to learn one document call update(text, group)")
        for number, pair in enumerate(pairs):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise TypeError(f"pairs[{number}] must be a (text, group) tuple, got "
                                f"{type(pair).__name__}: {pair!r:.80}")
            self.update(pair[0], pair[1])
        return self

    def is_repeated(self, line: str, group: Optional[str]) -> bool:
        """Whether ``line`` (compared after whitespace normalisation) is repeated for ``group``.

        Args:
            line: one line, without a line break inside.
            group: a source; for None the answer is always False.

        Example:
            >>> f = RepeatedLineFilter(min_docs=2).fit([("A\\nShare this", "a.com"), ("B\\nShare this", "a.com")])
            >>> f.is_repeated("  Share   this ", "a.com"), f.is_repeated("Share this", "b.com")
            (True, False)
        """
        norm = normalise_line(line)  # checks the type
        if "\n" in line or "\r" in line:
            raise ValueError(f"line must be a single line, got one with a line break: {line!r:.80}; "
                             f"split the text into lines first")
        if _check_group(group) is None or not norm:
            return False
        repeated = self._repeated.get(group)
        return bool(repeated) and repeated.get(_line_hash(norm)) == norm

    def repeated_lines(self, group: Optional[str]) -> frozenset[str]:
        """The normalised lines repeated for ``group`` (empty for an unknown group or None).

        Example:
            >>> f = RepeatedLineFilter(min_docs=2).fit([("Share this\\nText", "a.com"), ("Share this", "a.com")])
            >>> f.repeated_lines("a.com")
            frozenset({'Share this'})
        """
        if _check_group(group) is None:
            return frozenset()
        return frozenset(self._repeated.get(group, {}).values())

    def documents(self, group: Optional[str]) -> int:
        """How many distinct documents of ``group`` the filter has learned from (0 for None).

        Example:
            >>> RepeatedLineFilter().fit([("a", "x.com"), ("b", "x.com"), ("c", None)]).documents("x.com")
            2
        """
        if _check_group(group) is None:
            return 0
        return self._documents.get(group, 0)

    def groups(self) -> list[str]:
        """The groups learned so far, sorted.

        Example:
            >>> RepeatedLineFilter().fit([("a", "y.org"), ("b", "x.com")]).groups()
            ['x.com', 'y.org']
        """
        return sorted(self._documents)

    def apply(self, text: str, group: Optional[str]) -> tuple[str, list[tuple[int, int, str]]]:
        """Remove the lines of ``text`` that are repeated for ``group``.

        A removed line goes whole, with the whitespace around it and its line
        break, so no blank line is left in its place; every other character
        is kept as it is.  Each removal is reported, in order, as ``(start,
        end, line)`` with ``text[start:end] == line``: the line without the
        whitespace around it and without its line break (the convention of
        ``textkit.boilerplate.LineDecision``).

        Args:
            text: a document.
            group: its source; for None (or a group never learned) the text is
                returned unchanged.

        Returns:
            The text without its repeated lines, and the removed spans.

        Example:
            >>> f = RepeatedLineFilter(min_docs=2).fit([("Footer\\nA", "a.com"), ("B\\r\\nFooter", "a.com")])
            >>> text = "Body\\r\\n  Footer \\r\\nEnd\\nFooter"
            >>> clean, spans = f.apply(text, "a.com")
            >>> clean, spans
            ('Body\\r\\nEnd\\n', [(8, 14, 'Footer'), (21, 27, 'Footer')])
            >>> all(text[start:end] == line for start, end, line in spans)
            True
        """
        _check_text(text)
        if _check_group(group) is None:
            return text, []
        repeated = self._repeated.get(group)
        if not repeated:
            return text, []
        kept: list[str] = []
        spans: list[tuple[int, int, str]] = []
        last = 0  # end of the last removed span
        for start, end, line in _iter_lines(text):
            norm = " ".join(line.split())
            if not norm or not self._counted(norm) or repeated.get(_line_hash(norm)) != norm:
                continue
            kept.append(text[last:start])
            lead = len(line) - len(line.lstrip())
            stripped = line.strip()
            spans.append((start + lead, start + lead + len(stripped), stripped))
            last = end
        if not spans:
            return text, []
        kept.append(text[last:])
        return "".join(kept), spans

    def save(self, path: str | os.PathLike, *, counts: bool = True) -> None:
        """Write the filter to ``path`` as JSON (format in the module docstring), atomically.

        Args:
            path: file to write; it is replaced only once the whole file is written.
            counts: also save the counts of lines not (yet) repeated and the
                fingerprints of the documents learned, so a loaded filter can go
                on learning exactly where this one stopped (default).  False
                writes only what ``apply`` needs.

        Example:
            >>> import os, tempfile
            >>> path = os.path.join(tempfile.mkdtemp(), "repeated.json")
            >>> RepeatedLineFilter(min_docs=2).fit([("A\\nShare this", "a.com"), ("B\\nShare this", "a.com")]).save(path)
            >>> RepeatedLineFilter.load(path).repeated_lines("a.com")
            frozenset({'Share this'})
        """
        groups: dict[str, dict[str, Any]] = {}
        for group in sorted(self._documents):
            entry: dict[str, Any] = {
                "documents": self._documents[group],
                "repeated": sorted(self._repeated.get(group, {}).values()),
            }
            if counts:
                entry["counts"] = {f"{key:016x}": n for key, n in sorted(self._counts.get(group, {}).items())}
                entry["seen"] = [f"{key:016x}" for key in sorted(self._seen.get(group, ()))]
            groups[group] = entry
        document = {"format": _FORMAT, "version": _VERSION, "min_docs": self.min_docs,
                    "min_line_chars": self.min_line_chars, "max_line_chars": self.max_line_chars,
                    "groups": groups}
        path = os.fspath(path)
        with atomic_write(path, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
            out.write("\n")

    @classmethod
    def load(cls, path: str | os.PathLike) -> "RepeatedLineFilter":
        """Read a filter written by ``save``.

        Raises:
            ValueError: the file is not a textkit repeated-line filter, has
                another format version, or is damaged.

        Example:
            >>> import os, tempfile
            >>> path = os.path.join(tempfile.mkdtemp(), "repeated.json")
            >>> RepeatedLineFilter(min_docs=4).save(path)
            >>> RepeatedLineFilter.load(path).min_docs
            4
        """
        name = os.fspath(path)
        try:
            with open(name, encoding="utf-8") as f:
                data = json.load(f)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{name} is not a textkit repeated-line filter (not UTF-8 JSON: "
                             f"{exc}); write one with RepeatedLineFilter.save") from None
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise ValueError(f"{name} is not a textkit repeated-line filter (expected "
                             f'"format": "{_FORMAT}"); write one with RepeatedLineFilter.save')
        if data.get("version") != _VERSION:
            raise ValueError(f"{name} has repeated-line filter format version {data.get('version')!r}; "
                             f"this textkit reads version {_VERSION}")
        try:
            result = cls(data["min_docs"], data["min_line_chars"], data["max_line_chars"])
            for group, entry in data["groups"].items():
                result._documents[group] = _check_int(f"documents of {group!r}", entry["documents"], 0)
                result._repeated[group] = {_line_hash(line): line for line in entry["repeated"]}
                result._counts[group] = {int(key, 16): n for key, n in entry.get("counts", {}).items()}
                result._seen[group] = {int(key, 16) for key in entry.get("seen", ())}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{name}: damaged repeated-line filter ({type(exc).__name__}: {exc}); "
                             f"save the filter again") from None
        return result


def source_of(record: Mapping[str, Any], source_field: Optional[str] = None,
              url_field: str = "url") -> Optional[str]:
    """The group of a record for ``RepeatedLineFilter``: its source field, else its URL's host.

    Args:
        record: a JSON object (mapping) of one document.
        source_field: field naming the source (e.g. "source", "site"); used
            when given and the record has a non-empty value there (a non-string
            value is converted with ``str``).
        url_field: field holding the document's URL (default "url"); its host,
            lowercased, without a leading "www.", is the group otherwise.  The
            URL needs a scheme or a leading "//" ("https://example.com/a").

    Returns:
        The group, or None when neither gives one.  A record without a group
        is never changed by the filter.

    Example:
        >>> source_of({"source": "Reuters", "url": "https://www.reuters.com/x"}, "source")
        'Reuters'
        >>> source_of({"url": "https://WWW.Example.com:8080/news/1"}, "source")
        'example.com'
        >>> source_of({"text": "no source"}) is None
        True
    """
    if not isinstance(record, Mapping):
        raise TypeError(f"record must be a mapping (a JSON object), got {type(record).__name__}")
    if source_field is not None:
        value = record.get(source_field)
        if value is not None and value != "":
            return value if isinstance(value, str) else str(value)
    url = record.get(url_field)
    if not isinstance(url, str) or not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # e.g. a malformed IPv6 address
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") and len(host) > 4 else host
