"""The same quotation across documents: ``quote_clusters``.

Outlets covering one event quote the same statement in different ways: cut
to a fragment inside their own sentence, truncated, or in another
translation ("We can't say that they took our concerns into account" /
"You cannot say that our views have been taken into account").
``quote_clusters`` runs ``attribute`` on each document and groups its quotes
in four steps:

1. **pieces**: each quote of ``MIN_WORDS`` words or more (shorter ones are
   phrases, "deportation force", and are never grouped), and each clause of
   a quote with more than one (split after , ; : . ! ? … and dashes; clauses
   of fewer than ``MIN_WORDS`` words join the next), so that a fragment cut
   from a long quote meets a piece of about its own size;
2. **candidates**: MinHash signatures of the pieces over character n-grams
   (``MinHasher(shingle="char")``) and two banded LSH tables, one over all
   pieces tuned to ``threshold`` and one keyed by speaker surname tuned to
   ``speaker_threshold``; two quotes are candidates when any of their
   pieces share a bucket;
3. **verification** of each candidate pair on the exact character-shingle
   sets of the whole quotes.  A pair sharing fewer than ``MIN_SHARED``
   shingles is never linked.  When both quotes' resolved speakers have one
   surname ("Peskov", "Dmitry Peskov", "Dmitri Peskov") and they are in
   different documents, the pair is linked at Jaccard ``|A∩B| / |A∪B|`` of
   ``speaker_threshold`` or containment ``|A∩B| / min(|A|, |B|)`` of
   ``speaker_containment`` (translations of one statement).  Otherwise, when
   ``containment`` or more of the shorter quote is inside the longer (and it
   has ``CONTAINMENT_MIN_WORDS`` words, or the pair reaches ``threshold``),
   the shorter is a truncation or fragment: it joins the one quote that holds
   the most of it, the closest in size among equals, not every quote it is
   in, so that a common phrase does not chain quotes together.  Otherwise
   the pair is linked at Jaccard ``threshold`` or more;
4. **clusters**: connected components (union-find) of the links, so a
   fragment and a paraphrase can be joined through a third version.  A
   cluster's members are linked by a chain of verified pairs, not each to
   each.

**How the defaults were chosen.**  On the five seed articles (five outlets,
one event; the groups are in ``tests/golden/quotes/seeds.json``), with
5-character shingles, pairs of quotes that are different statements reach
Jaccard 0.118 for different speakers and 0.139 for one speaker, and
containment (shorter quote of four words or more) 0.38 and 0.42.  Pairs
that must link reach Jaccard 0.33 or more across speakers (truncations:
containment 1.0) but only 0.18-0.20 Jaccard or 0.58 containment for
translations by one speaker.  The seeds alone would put ``threshold``
anywhere in 0.14-0.31; on PolNeAR train (840 political news articles, some
8,600 quotes, a year of campaign news) most linked pairs at Jaccard 0.22-0.30
are different statements that open alike, so ``threshold`` is 0.3, at the
top of the seeds' gap.  ``speaker_threshold`` 0.17 and
``speaker_containment`` 0.5 sit in the middle of the seeds' narrow gaps
(0.139-0.179 and 0.42-0.58); ``containment`` is 0.8 (0.38 for different
statements, about 1.0 for truncations).  ``MIN_SHARED`` 15 comes from
PolNeAR: lowering it to 12 adds 43 clusters there, about four in five of
them different short statements ("I think it's coming" / "I think it's
funny"); it also keeps apart short variants such as "little ground for
optimism" / "little cause for optimism" (12 shared shingles), a known miss
in the golden cases.  With the defaults PolNeAR train gives about 250
clusters of 600 quotes in about 5 s; of 30 sampled, 17 were one quotation,
5 one quotation with a related statement by the same speaker, 8 different
statements (mostly short ones that open alike).

Known limits: wordings of one statement that share fewer n-grams than
different statements do ("there always are prospects for continuing a
dialogue" / "There is always potential to continue dialogue", Jaccard 0.09)
stay apart; a different statement by the same speaker on the same topic can
join; the surname is the last word of the resolved name, so two people who
share one (two Bidens) get the speaker bars; the speaker bars trust
``attribute``, so a misattributed quote gets the bars of the wrong speaker.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Optional, Union

import numpy as np

from textkit import _core
from textkit.lsh import LSHIndex, lsh_params
from textkit.minhash import MinHasher
from textkit.quotes import Quote, attribute
from textkit.unionfind import UnionFind

__all__ = ["CONTAINMENT", "CONTAINMENT_MIN_WORDS", "MIN_SHARED", "MIN_WORDS", "QuoteCluster",
           "QuoteOccurrence", "SPEAKER_CONTAINMENT", "SPEAKER_THRESHOLD", "THRESHOLD",
           "quote_clusters"]

#: Jaccard of character-shingle sets at or above which two quotes are one.
THRESHOLD = 0.3
#: Containment (shared shingles over the shorter quote's) for a truncated version or fragment.
CONTAINMENT = 0.8
#: Jaccard bar when both quotes' speakers have the same surname (translations).
SPEAKER_THRESHOLD = 0.17
#: Containment bar when both quotes' speakers have the same surname.
SPEAKER_CONTAINMENT = 0.5
#: Words a quote needs to be grouped at all: shorter ones are phrases
#: ("deportation force", "Today") that recur without being one quotation.
MIN_WORDS = 4
#: Words the shorter quote needs for containment to count: "a lot of
#: people" is in many quotes without being a version of them.
CONTAINMENT_MIN_WORDS = 6
#: Shingles two quotes must share to be linked at all: short quotes that
#: open alike ("I think it's coming" / "I think it's funny") share about ten.
MIN_SHARED = 15

# LSH weights as in ``dedup``: every candidate is verified, so a missed pair
# costs more than an extra comparison.
_FP_WEIGHT = 0.05
_FN_WEIGHT = 0.95

DocId = Any
Document = Union[str, tuple, Mapping]


@dataclass(frozen=True)
class QuoteOccurrence:
    """One place a clustered quotation appears.

    Attributes:
        doc: the document's id (its position in ``docs`` when it has none).
        start, end: offsets of ``text`` in the document.
        text: the quote as written there.
        speaker: the speaker mention as written ("he", "Peskov"), or None.
        resolved: the speaker's resolved name ("Dmitry Peskov"), or None.
        kind: "full" (a sentence or more) or "fragment" (inside a sentence).

    Example:
        >>> QuoteOccurrence("a", 0, 5, "Hello", "Ann Lee", "Ann Lee").resolved
        'Ann Lee'
    """

    doc: DocId
    start: int
    end: int
    text: str
    speaker: Optional[str]
    resolved: Optional[str]
    kind: str = "full"


@dataclass(frozen=True)
class QuoteCluster:
    """One quotation and every place it appears.

    Attributes:
        canonical: the text of its longest full-sentence occurrence (the
            longest fragment when there is none; the earliest among equals),
            without surrounding spaces and without the trailing comma that
            hands over to "…," she said.
        speaker: the merged speaker: the resolved name (or "the Kremlin"-like
            noun phrase) given most often, a surname counting for the full name
            it belongs to ("Peskov" and "Dmitry Peskov" are one); ties go to a
            speaker with a full name, then to the more confident attributions,
            then to the earliest.  It is shown in its most frequent form of two
            words or more (earliest among equals).  None when no occurrence has
            a speaker.
        occurrences: in document order, then by offset.

    Example:
        >>> cluster = QuoteCluster("Hello there", "Ann Lee",
        ...                        [QuoteOccurrence(0, 1, 12, "Hello there", "Ann Lee", "Ann Lee"),
        ...                         QuoteOccurrence(1, 1, 6, "Hello", "Lee", "Lee", "fragment")])
        >>> len(cluster), cluster.documents
        (2, [0, 1])
    """

    canonical: str
    speaker: Optional[str]
    occurrences: list[QuoteOccurrence]

    def __len__(self) -> int:
        return len(self.occurrences)

    @property
    def documents(self) -> list[DocId]:
        """Ids of the documents it appears in, each once, in order."""
        ids: list[DocId] = []
        for o in self.occurrences:
            if not ids or ids[-1] != o.doc:  # occurrences are in document order
                ids.append(o.doc)
        return ids


# ---------------------------------------------------------------- inputs


def _check_bar(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < value <= 1.0:
        raise ValueError(f"{name} must be a number in (0, 1], got {value!r}")
    return float(value)


def _documents(docs: Iterable[Document], text_field: str,
               id_field: str) -> list[tuple[DocId, str]]:
    """(id, text) of each document, checked."""
    if isinstance(docs, (str, bytes, bytearray)):
        raise TypeError(f"docs must be an iterable of documents, got a single "
                        f"{type(docs).__name__}; wrap it in a list: quote_clusters([text])")
    if isinstance(docs, Mapping):
        raise TypeError("docs must be an iterable of documents, got a single mapping; "
                        "wrap it in a list: quote_clusters([record])")
    try:
        items = list(docs)
    except TypeError:
        raise TypeError(f"docs must be an iterable of str, (id, text) pairs or mappings with a "
                        f"{text_field!r} field, got {type(docs).__name__}") from None
    out: list[tuple[DocId, str]] = []
    for i, doc in enumerate(items):
        if isinstance(doc, str):
            out.append((i, doc))
            continue
        if isinstance(doc, Mapping):
            if text_field not in doc:
                fields = ", ".join(sorted(map(str, doc))[:8]) or "none"
                raise ValueError(f"document {i} has no {text_field!r} field (fields: {fields}); "
                                 "pass text_field= to name the field that holds the text")
            doc_id, text = doc.get(id_field, i), doc[text_field]
        elif isinstance(doc, tuple) and len(doc) == 2:
            doc_id, text = doc
        else:
            what = (f"a tuple of {len(doc)} items" if isinstance(doc, tuple)
                    else type(doc).__name__)
            raise TypeError(f"document {i} must be str, an (id, text) pair or a mapping with a "
                            f"{text_field!r} field, got {what}")
        if not isinstance(text, str):
            hint = "; decode it first" if isinstance(text, (bytes, bytearray)) else ""
            raise TypeError(f"document {i} (id {doc_id!r}): text must be str, got "
                            f"{type(text).__name__}{hint}")
        out.append((doc_id, text))
    return out


def _given_quotes(quotes: Iterable[Iterable[Quote]],
                  documents: list[tuple[DocId, str]]) -> list[list[Quote]]:
    """The caller's ``attribute`` results, checked against the documents."""
    if isinstance(quotes, (str, bytes, Mapping)):
        raise TypeError("quotes must be a list with the attribute() result of each document, "
                        f"got {type(quotes).__name__}")
    lists = [list(qs) for qs in quotes]
    if len(lists) != len(documents):
        raise ValueError(f"quotes has {len(lists)} entries for {len(documents)} documents; "
                         "give the attribute() result of each document, in the same order")
    for i, (qs, (doc_id, text)) in enumerate(zip(lists, documents)):
        for j, q in enumerate(qs):
            if not isinstance(q, Quote):
                raise TypeError(f"quotes[{i}][{j}] must be a Quote from attribute(), "
                                f"got {type(q).__name__}")
            if not (0 <= q.start <= q.end <= len(text)) or text[q.start:q.end] != q.text:
                raise ValueError(f"quotes[{i}][{j}] ({q.text[:40]!r} at {q.start}:{q.end}) is not "
                                 f"in document {i} (id {doc_id!r}); pass the quotes attribute() "
                                 "returned for that document's text")
    return lists


# ---------------------------------------------------------------- speakers

# Capitalised words that attribute() can take for a speaker at the start of
# a sentence ("But on the Russian side, they see …") and that are never one.
_NOT_A_NAME = frozenset("""
a about after amid an and as at because before but by for from he her his however i if in it
its meanwhile nor of on or our she so still that the their then there these they this those to
we when while with yet you
""".split())
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


def _speaker_key(resolved: Optional[str]) -> Optional[tuple[str, str]]:
    """("name", surname) for a name, ("phrase", words) for a description
    ("the top diplomat"), None for no speaker.

    >>> _speaker_key("Russian Foreign Minister Sergey Lavrov"), _speaker_key("Lavrov")
    (('name', 'lavrov'), ('name', 'lavrov'))
    >>> _speaker_key("the Kremlin"), _speaker_key("the top diplomat"), _speaker_key("But")
    (('name', 'kremlin'), ('phrase', 'top diplomat'), None)
    """
    if not resolved:
        return None
    rest = _DETERMINER.sub("", _PARENTHETICAL.sub("", resolved).strip())
    words = rest.split()
    if not words:
        return None
    if rest[:1].isupper():
        surname = words[-1].strip(".,;:'’\"").casefold()
        if not surname or surname in _NOT_A_NAME:
            return None
        return "name", surname
    return "phrase", " ".join(words).casefold()


def _surname(resolved: Optional[str]) -> Optional[str]:
    key = _speaker_key(resolved)
    return key[1] if key is not None and key[0] == "name" else None


def _merged_speaker(occurrences: list[tuple[QuoteOccurrence, float]]) -> Optional[str]:
    """The speaker of a cluster (rule in ``QuoteCluster.speaker``)."""
    groups: dict[tuple[str, str], list[tuple[int, str, float]]] = {}
    for position, (occurrence, confidence) in enumerate(occurrences):
        key = _speaker_key(occurrence.resolved)
        if key is not None:
            groups.setdefault(key, []).append((position, occurrence.resolved, confidence))

    def is_full(form: str) -> bool:
        words = _DETERMINER.sub("", form).split()
        # Two words or more, capitalised but for particles ("de", "van", "bin").
        return len(words) >= 2 and all(w[:1].isupper() or (w.islower() and len(w) <= 3)
                                       for w in words)

    if not groups:
        return None
    best = max(groups.values(), key=lambda g: (len(g), any(is_full(f) for _, f, _ in g),
                                               round(sum(c for _, _, c in g), 6), -g[0][0]))
    forms = [f for _, f, _ in best]
    full = [f for f in forms if is_full(f)] or forms
    counts = Counter(full)
    return max(full, key=lambda f: (counts[f], -full.index(f)))


# ---------------------------------------------------------------- candidates

_CLAUSE_BREAK = re.compile(r"(?<=[,;:.!?…])\s+|\s+[–—―]\s*|\s*[–—―]\s+")


def _pieces(text: str) -> list[str]:
    """The quote, then its clauses when it has two or more (short clauses
    joined to the next).

    >>> for piece in _pieces("We talked for hours, but only on secondary issues. Nothing else."):
    ...     print(piece)
    We talked for hours, but only on secondary issues. Nothing else.
    We talked for hours,
    but only on secondary issues. Nothing else.
    """
    clauses: list[str] = []
    pending = ""
    for part in _CLAUSE_BREAK.split(text.strip()):
        pending = f"{pending} {part}" if pending else part
        if _word_count(pending) >= MIN_WORDS:
            clauses.append(pending)
            pending = ""
    if pending:
        if clauses:
            clauses[-1] = f"{clauses[-1]} {pending}"
        else:
            clauses.append(pending)
    return [text] + clauses if len(clauses) > 1 else [text]


def _word_count(text: str) -> int:
    """Tokens as the shingling counts them (runs of letters and digits)."""
    return int(_core.token_spans(text).shape[0])


#: Quotes in one LSH bucket up to which every pair is a candidate; past it,
#: a star and a chain (2k pairs, not k(k-1)/2), so memory stays linear in the
#: number of quotes.  The clusters of PolNeAR train (buckets of up to 324
#: pieces) are the same as with every pair; at 64 one of 254 changed.
MAX_BUCKET_ALL_PAIRS = 256


def _bucket_pairs(band_keys: np.ndarray, owners: np.ndarray, groups: Optional[np.ndarray],
                  pairs: set[tuple[int, int]]) -> None:
    """Add to ``pairs`` each (a, b), a < b, of quotes owning pieces that share
    a band key (and a group, when ``groups`` is given; group -1 takes no part)."""
    rows = np.arange(band_keys.shape[0]) if groups is None else np.flatnonzero(groups >= 0)
    if rows.size < 2:
        return
    for band in range(band_keys.shape[1]):
        keys = band_keys[rows, band]
        if groups is None:
            order = np.argsort(keys, kind="stable")
            same = keys[order][1:] == keys[order][:-1]
        else:
            grp = groups[rows]
            order = np.lexsort((keys, grp))
            same = (keys[order][1:] == keys[order][:-1]) & (grp[order][1:] == grp[order][:-1])
        if not same.any():
            continue
        breaks = np.flatnonzero(~same) + 1
        starts = np.concatenate(([0], breaks))
        ends = np.concatenate((breaks, [order.size]))
        for start, end in zip(starts.tolist(), ends.tolist()):
            if end - start < 2:
                continue
            members = sorted(set(owners[rows[order[start:end]]].tolist()))
            if len(members) > MAX_BUCKET_ALL_PAIRS:
                # A crowded bucket (a common shingle of one prolific speaker)
                # would give k(k-1)/2 pairs: each member is paired with the
                # first and with the one before it instead, as dedup does.
                first = members[0]
                pairs.update((first, b) for b in members[1:])
                pairs.update(zip(members[1:-1], members[2:]))
                continue
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    pairs.add((a, b))


def _check_params(params: Optional[tuple[int, int]], threshold: float, num_perm: int,
                  name: str) -> tuple[int, int]:
    if params is None:
        return lsh_params(threshold, num_perm, _FP_WEIGHT, _FN_WEIGHT)
    try:
        LSHIndex(threshold, num_perm, params=params)  # validates the pair
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
    return int(params[0]), int(params[1])


# ---------------------------------------------------------------- the job


def quote_clusters(docs: Iterable[Document], *, threshold: float = THRESHOLD,
                   containment: float = CONTAINMENT, speaker_threshold: float = SPEAKER_THRESHOLD,
                   speaker_containment: float = SPEAKER_CONTAINMENT, min_size: int = 2,
                   n: int = 5, num_perm: int = 128, seed: int = 1,
                   params: Optional[tuple[int, int]] = None,
                   speaker_params: Optional[tuple[int, int]] = None,
                   quotes: Optional[Iterable[Iterable[Quote]]] = None,
                   text_field: str = "text", id_field: str = "id") -> list[QuoteCluster]:
    """Group the quotes of many documents into quotations said once and quoted many times.

    Example:
        >>> docs = [
        ...     ("tass", "“We can’t say that they took our concerns into account,” "
        ...              "Dmitry Peskov said."),
        ...     ("wire", "Peskov said “we can’t say that they took our concerns into "
        ...              "account” at all."),
        ...     ("blog", "“The talks were useful,” Blinken said."),
        ... ]
        >>> [(c.speaker, c.documents) for c in quote_clusters(docs)]
        [('Dmitry Peskov', ['tass', 'wire'])]

    Quotes of one document can be grouped too (a quote repeated further
    down).  Candidates come from LSH, so a pair at the bar can be missed: a
    pair of pieces at Jaccard ``s`` shares a bucket with probability
    ``1 - (1 - s**rows)**bands`` (``textkit.candidate_probability``); with the
    defaults (41 bands of 2 rows for 0.3, 24 bands of 1 row within a surname
    for 0.17) that is 0.98 at ``threshold`` and 0.99 at ``speaker_threshold``,
    higher above them.  The cost is an exact comparison per candidate pair:
    on PolNeAR train (some 8,600 quotes) 1.6% of all pairs, about 5 s.

    Args:
        docs: str texts (id = position), ``(id, text)`` pairs, or mappings
            with the text under ``text_field`` and optionally an id under
            ``id_field``.
        threshold: Jaccard of the quotes' character-shingle sets at or above
            which they are one quotation (default 0.3; how it was measured is
            in the module docstring).  Lower finds more paraphrases and
            merges more different statements.
        containment: share of the shorter quote's shingles found in the
            longer one at or above which the shorter is a truncation or
            fragment of it (default 0.8); needs ``CONTAINMENT_MIN_WORDS``
            words in the shorter quote, which joins only the quote that
            contains the most of it.
        speaker_threshold, speaker_containment: the same bars for two quotes
            in different documents whose resolved speakers share a surname
            (defaults 0.17 and 0.5): translations of one statement share
            names and many words but not the wording.
        min_size: clusters with fewer occurrences are left out (default 2:
            only quotations found more than once; 1 returns every quote).
        n: characters a shingle (default 5).  Shorter shingles match more
            loosely; the default bars were measured for 5.
        num_perm: MinHash signature length (default 128).
        seed: MinHash seed (default 1); the result is the same on every run.
        params, speaker_params: explicit LSH ``(bands, rows)`` for the table
            over all quotes and for the one within a surname; by default
            ``lsh_params(bar, num_perm, 0.05, 0.95)`` for ``threshold`` and
            ``speaker_threshold``, favouring recall as ``dedup`` does.
        quotes: the ``attribute()`` result of each document, in the order of
            ``docs``, when it is already at hand; each quote's offsets are
            checked against its document's text.
        text_field, id_field: the mapping keys of the text and the id.

    Returns:
        The clusters in order of their first occurrence (document order,
        then offset); see ``QuoteCluster`` for the canonical text and the
        merged speaker.

    Raises:
        TypeError: ``docs`` is a single str, or a document or quote is of the
            wrong type.
        ValueError: a mapping lacks ``text_field``; a bar is outside (0, 1];
            ``min_size`` < 1; ``quotes`` does not match ``docs``.
    """
    threshold = _check_bar("threshold", threshold)
    containment = _check_bar("containment", containment)
    speaker_threshold = _check_bar("speaker_threshold", speaker_threshold)
    speaker_containment = _check_bar("speaker_containment", speaker_containment)
    if isinstance(min_size, bool) or not isinstance(min_size, int) or min_size < 1:
        raise ValueError(f"min_size must be an integer >= 1, got {min_size!r}")
    hasher = MinHasher(shingle="char", n=n, num_perm=num_perm, seed=seed)
    general = _check_params(params, threshold, num_perm, "params")
    within = _check_params(speaker_params, speaker_threshold, num_perm, "speaker_params")

    documents = _documents(docs, text_field, id_field)
    if quotes is None:
        attributed = [attribute(text) for _, text in documents]
    else:
        attributed = _given_quotes(quotes, documents)

    # Every quote, in document order then offset order.
    found: list[tuple[QuoteOccurrence, float]] = []
    positions: list[int] = []
    for position, ((doc_id, _), doc_quotes) in enumerate(zip(documents, attributed)):
        for q in sorted(doc_quotes, key=lambda q: (q.start, q.end)):
            found.append((QuoteOccurrence(doc_id, q.start, q.end, q.text, q.speaker, q.resolved,
                                          q.kind), q.confidence))
            positions.append(position)
    count = len(found)
    union = UnionFind(count)
    if count > 1:
        _link(found, positions, union, hasher, general, within, threshold, containment,
              speaker_threshold, speaker_containment)

    clusters: list[QuoteCluster] = []
    for members in union.components():
        if len(members) < min_size:
            continue
        occurrences = [found[i] for i in members]
        clusters.append(QuoteCluster(_canonical([o for o, _ in occurrences]),
                                     _merged_speaker(occurrences), [o for o, _ in occurrences]))
    return clusters


def _link(found: list[tuple[QuoteOccurrence, float]], positions: list[int], union: UnionFind,
          hasher: MinHasher, general: tuple[int, int], within: tuple[int, int], threshold: float,
          containment: float, speaker_threshold: float, speaker_containment: float) -> None:
    """Candidates from the two LSH tables, verified, unioned (rules in the module docstring)."""
    texts = [o.text for o, _ in found]
    words = [_word_count(t) for t in texts]
    surnames = [_surname(o.resolved) for o, _ in found]
    piece_texts: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        if words[i] >= MIN_WORDS:
            for piece in _pieces(text):
                piece_texts.append(piece)
                owners.append(i)
    if not owners:
        return
    owner_of = np.asarray(owners, dtype=np.int64)
    signatures = hasher.signatures(piece_texts)
    pairs: set[tuple[int, int]] = set()
    _bucket_pairs(_core.lsh_band_keys(signatures, *general), owner_of, None, pairs)
    surname_ids: dict[str, int] = {}
    surname_of = np.asarray([-1 if s is None else surname_ids.setdefault(s, len(surname_ids))
                             for s in surnames], dtype=np.int64)
    if surname_ids:
        _bucket_pairs(_core.lsh_band_keys(signatures, *within), owner_of, surname_of[owner_of],
                      pairs)

    shingles: dict[int, np.ndarray] = {}

    def shingle_set(i: int) -> np.ndarray:
        if i not in shingles:
            shingles[i] = hasher.shingle_hashes(texts[i])
        return shingles[i]

    # A quote found inside longer quotes of other speakers joins only the one
    # that holds the most of it (then the closest in size): "a lot of people"
    # is in many quotes, and must not chain them together.
    best_container: dict[int, tuple[float, float, int]] = {}
    for a, b in sorted(pairs):
        if union.find(a) == union.find(b):
            continue
        set_a, set_b = shingle_set(a), shingle_set(b)
        common = _core.sorted_intersection_size(set_a, set_b) if set_a.size and set_b.size else 0
        if common < MIN_SHARED:
            continue
        jaccard = common / (set_a.size + set_b.size - common)
        contained = common / min(set_a.size, set_b.size)
        long_enough = min(words[a], words[b]) >= CONTAINMENT_MIN_WORDS
        same_speaker = (surnames[a] is not None and surnames[a] == surnames[b]
                        and positions[a] != positions[b])
        if same_speaker and (jaccard >= speaker_threshold
                             or long_enough and contained >= speaker_containment):
            union.union(a, b)
        elif contained >= containment and (long_enough or jaccard >= threshold):
            fragment, whole = (a, b) if (set_a.size, a) < (set_b.size, b) else (b, a)
            best = best_container.get(fragment)
            if best is None or (contained, jaccard) > best[:2]:
                best_container[fragment] = (contained, jaccard, whole)
        elif jaccard >= threshold:
            union.union(a, b)
    for fragment, (_, _, whole) in sorted(best_container.items()):
        union.union(fragment, whole)


def _canonical(occurrences: list[QuoteOccurrence]) -> str:
    """The longest full quote (else the longest), earliest among equals, tidied."""
    full = [o for o in occurrences if o.kind == "full"] or occurrences
    tidy = [o.text.strip().rstrip(",").rstrip() for o in full]
    return max(tidy, key=lambda t: (len(t), -tidy.index(t)))
