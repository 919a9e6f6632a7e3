"""Deterministic news-like corpus for the benchmarks, built only from ``seeds/``.

The five seed articles (``<repo>/seeds/*.txt``) are split into sentences;
each generated document picks a primary article, takes a run of its
sentences mixed with sentences from the other articles, replaces a few words
with words drawn from the whole seed vocabulary (so that documents which
share a sentence do not share all its shingles) and lays the result out as a
headline plus paragraphs, 2-6 KB long like the seeds.  A fraction of the
documents (``near_dup_rate``, default 20%) are near-copies of an earlier
generated document: word edits, dropped or added sentences, truncation,
re-casing/re-spacing, so that ``dedup`` has clusters to find.

Everything depends only on the seed texts and ``random.Random(seed)``:

>>> a = news_corpus(20, seed=3)
>>> a == news_corpus(20, seed=3), len(a)
(True, 20)
>>> all(1500 < len(t.encode("utf-8")) < 7000 for t in a)
True
"""
from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'A-Z0-9])")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def seed_texts() -> tuple[str, ...]:
    """The seed articles, in file-name order."""
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no seed articles (*.txt) in {SEED_DIR}")
    return tuple(f.read_text(encoding="utf-8") for f in files)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``: paragraphs (non-blank lines) split after . ! ?

    >>> split_sentences("One. Two!\\n\\nThree “four.” Five")
    ['One.', 'Two!', 'Three “four.”', 'Five']
    """
    out = []
    for para in text.splitlines():
        para = para.strip()
        if not para:
            continue
        pieces = []
        pos = 0
        for m in _SENTENCE_SPLIT.finditer(para):
            # keep a closing quote with its sentence
            end = m.start() + len(m.group(0).rstrip())
            pieces.append(para[pos:end].strip())
            pos = m.end()
        pieces.append(para[pos:].strip())
        out.extend(p for p in pieces if p)
    return out


@lru_cache(maxsize=None)
def _material() -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...], tuple[str, ...]]:
    """(sentences per article, all body sentences, vocabulary of words)."""
    per_article = []
    vocab: set[str] = set()
    for text in seed_texts():
        sents = [s for s in split_sentences(text) if len(s.split()) >= 4]
        per_article.append(tuple(sents))
        vocab.update(w.lower() for w in _WORD.findall(text) if len(w) > 2)
    flat = tuple(s for sents in per_article for s in sents)
    return tuple(per_article), flat, tuple(sorted(vocab))


def _substitute(sentence: str, rng: random.Random, rate: float, vocab: tuple[str, ...]) -> str:
    """Replace each word with probability ``rate`` by a random vocabulary word."""
    if rate <= 0:
        return sentence

    def repl(m: re.Match) -> str:
        if rng.random() >= rate:
            return m.group(0)
        word = rng.choice(vocab)
        return word.capitalize() if m.group(0)[0].isupper() else word
    return _WORD.sub(repl, sentence)


def _layout(headline: str, sentences: list[str], rng: random.Random) -> str:
    paras = []
    i = 0
    while i < len(sentences):
        k = rng.choice((1, 1, 2, 2, 3))
        paras.append(" ".join(sentences[i:i + k]))
        i += k
    sep = "\n\n" if rng.random() < 0.7 else "\n"
    return headline + sep + sep.join(paras) + "\n"


def _fresh_document(rng: random.Random) -> tuple[str, list[str]]:
    per_article, flat, vocab = _material()
    primary = per_article[rng.randrange(len(per_article))]
    target = rng.randint(2000, 6000)  # bytes, roughly
    rate = rng.uniform(0.05, 0.2)  # word-substitution rate: vocabulary varies per document
    headline = _substitute(rng.choice(primary), rng, rate, vocab)
    sentences: list[str] = []
    size = len(headline)
    start = rng.randrange(len(primary))
    j = start
    while size < target:
        if rng.random() < 0.6:
            s = primary[j % len(primary)]
            j += 1
        else:
            s = rng.choice(flat)
        s = _substitute(s, rng, rate, vocab)
        sentences.append(s)
        size += len(s.encode("utf-8")) + 1
    return headline, sentences


def _near_copy(headline: str, sentences: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """A near-duplicate of a generated document (edits at varying strength)."""
    _, flat, vocab = _material()
    sents = list(sentences)
    kind = rng.random()
    if kind < 0.1:  # same text up to case/spacing/punctuation: an exact duplicate for dedup
        return headline.upper() if rng.random() < 0.5 else headline, [s.replace(",", "") for s in sents]
    edit_rate = rng.uniform(0.0, 0.03)
    sents = [_substitute(s, rng, edit_rate, vocab) for s in sents]
    for _ in range(rng.randint(0, 2)):  # drop sentences
        if len(sents) > 5:
            del sents[rng.randrange(len(sents))]
    for _ in range(rng.randint(0, 2)):  # add sentences
        sents.insert(rng.randrange(len(sents) + 1), rng.choice(flat))
    if rng.random() < 0.3:  # truncated copy
        sents = sents[: max(5, int(len(sents) * rng.uniform(0.8, 1.0)))]
    if rng.random() < 0.3:  # site boilerplate added
        sents.append(rng.choice(("Source link", "Leave a Reply", "Go To Source",
                                 "Related Articles", "Back to top button")))
    return headline, sents


def news_corpus(n_docs: int = 2000, seed: int = 0, near_dup_rate: float = 0.2) -> list[str]:
    """``n_docs`` news-like documents (str), deterministic in ``seed``.

    About ``near_dup_rate`` of them are near-copies of an earlier document.

    >>> docs = news_corpus(50, seed=1)
    >>> len(docs), len(set(docs)) > 40
    (50, True)
    """
    if n_docs < 0:
        raise ValueError(f"n_docs must be >= 0, got {n_docs}")
    rng = random.Random(seed)
    parts: list[tuple[str, list[str]]] = []
    docs: list[str] = []
    for i in range(n_docs):
        if i > 0 and rng.random() < near_dup_rate:
            headline, sents = _near_copy(*parts[rng.randrange(len(parts))], rng)
        else:
            headline, sents = _fresh_document(rng)
        parts.append((headline, sents))
        docs.append(_layout(headline, sents, rng))
    return docs


def corpus_bytes(texts: list[str]) -> int:
    """Total UTF-8 size of ``texts`` in bytes."""
    return sum(len(t.encode("utf-8")) for t in texts)


if __name__ == "__main__":
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    docs = news_corpus(n)
    sizes = sorted(len(d.encode("utf-8")) for d in docs)
    print(f"{len(docs)} docs, {corpus_bytes(docs) / 1e6:.2f} MB, size min/median/max "
          f"{sizes[0]}/{sizes[len(sizes) // 2]}/{sizes[-1]} bytes")
    print(docs[0][:600])
