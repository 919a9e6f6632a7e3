"""``report.html`` of ``textkit run``: one self-contained page, no network, no script.

Sections: the summary; the duplicate clusters, each with one member set
beside its kept record, words removed and added marked; the quotes grouped
by speaker, with the outlets that carried each quotation and their wording;
what the cleaner removed, by rule, with examples.  Long lists are cut
(``MAX_CLUSTERS``, ``MAX_SPEAKERS``, ...) and the page says how many were
left out; the JSONL files hold everything.
"""
from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any, Optional, Sequence

from textkit.atomic import atomic_write

MAX_CLUSTERS = 50
MAX_SPEAKERS = 60
MAX_QUOTES_PER_SPEAKER = 20
MAX_EXAMPLES_PER_RULE = 5
MAX_DIFF_WORDS = 1500

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")  # words, spaces and punctuation apart

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1d1f;
       background: #fafafa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; } h2 { margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table.summary td { padding: 2px 14px 2px 0; } table.summary td.n { text-align: right; font-weight: 600; }
section.cluster, section.speaker, section.rule { background: #fff; border: 1px solid #e2e2e2;
       border-radius: 6px; padding: 12px 16px; margin: 14px 0; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.pair > div { white-space: pre-wrap; font-size: 13px; max-height: 320px; overflow: auto;
       border: 1px solid #eee; padding: 8px; background: #fcfcfc; }
del { background: #ffd7d5; text-decoration: line-through; } ins { background: #ccf2d1;
       text-decoration: none; }
.muted { color: #6e6e73; font-size: 13px; } blockquote { margin: 8px 0 4px; padding-left: 10px;
       border-left: 3px solid #b4c7e7; }
ul.outlets { margin: 2px 0 10px; } code { background: #f0f0f0; padding: 0 3px; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def side_by_side(kept: str, member: str) -> tuple[str, str]:
    """HTML of two texts, words only in ``kept`` in <del> and only in ``member`` in <ins>.

    >>> side_by_side("a b c", "a x c")
    ('a <del>b</del> c', 'a <ins>x</ins> c')
    """
    left = _TOKEN.findall(kept)[:2 * MAX_DIFF_WORDS]
    right = _TOKEN.findall(member)[:2 * MAX_DIFF_WORDS]
    out_left: list[str] = []
    out_right: list[str] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        a_text, b_text = _e("".join(left[a0:a1])), _e("".join(right[b0:b1]))
        if op == "equal":
            out_left.append(a_text)
            out_right.append(b_text)
            continue
        if a1 > a0:
            out_left.append(f"<del>{a_text}</del>")
        if b1 > b0:
            out_right.append(f"<ins>{b_text}</ins>")
    return "".join(out_left), "".join(out_right)


def _summary(counts: dict[str, Any]) -> str:
    rows = [("Documents read", counts["read"]), ("Kept", counts["kept"]),
            ("Exact duplicates", counts["exact_duplicates"]),
            ("Near duplicates", counts["near_duplicates"]), ("Duplicate clusters", counts["clusters"]),
            ("Invalid records", counts["invalid"]), ("Lines removed by the cleaner", counts["lines_removed"]),
            ("Quotes", counts["quotes"]), ("Quotes with a speaker", counts["attributed"]),
            ("Speakers", counts["speakers"]),
            ("Quotations found in several documents", counts["quote_clusters"]),
            ("Seconds", counts["seconds"])]
    cells = "".join(f"<tr><td>{_e(name)}</td><td class=n>{_e(value)}</td></tr>" for name, value in rows)
    return f'<table class="summary" id="summary">{cells}</table>'


def _clusters(clusters: list[dict], texts: Sequence[str], ids: Sequence[Any]) -> str:
    if not clusters:
        return "<p>No duplicates: every document is kept.</p>"
    index = {id_: i for i, id_ in enumerate(ids)}
    parts = []
    for cluster in clusters[:MAX_CLUSTERS]:
        rep = cluster["representative"]
        members = [m for m in cluster["members"] if m["reason"] != "kept"]
        shown = members[0]
        left, right = side_by_side(texts[index[rep]], texts[index[shown["id"]]])
        listing = ", ".join(f"{_e(m['id'])} ({_e(m['reason'])}, {m['similarity']:.2f})" for m in members)
        parts.append(
            f'<section class="cluster"><h3>Cluster {cluster["cluster"]}: {cluster["size"]} documents</h3>'
            f'<p class="muted">Kept: {_e(rep)}. Duplicates: {listing}.</p>'
            f'<div class="pair"><div><b>{_e(rep)}</b> (kept)\n\n{left}</div>'
            f'<div><b>{_e(shown["id"])}</b> ({_e(shown["reason"])}, similarity '
            f'{shown["similarity"]:.2f})\n\n{right}</div></div></section>')
    if len(clusters) > MAX_CLUSTERS:
        parts.append(f"<p class=muted>{len(clusters) - MAX_CLUSTERS} more clusters in clusters.jsonl.</p>")
    return "".join(parts)


def speaker_key(name: str) -> Optional[str]:
    """What names of one person share: the last word, case and accents folded;
    None for a pronoun or other lowercase mention ("he", "they").

    >>> speaker_key("Foreign Minister Sergeĭ Viktorovich Lavrov") == speaker_key("Lavrov")
    True
    >>> speaker_key("they") is None
    True
    """
    words = name.split()
    if not words or not words[0][:1].isupper():
        return None
    last = unicodedata.normalize("NFKD", words[-1])
    return "".join(c for c in last if not unicodedata.combining(c)).casefold().strip(".,'’")


def _display_name(names: Counter, texts: Sequence[str]) -> str:
    """The name to show for one speaker: the most frequent "First Last" written
    in ``texts`` (the documents quoting them) with the speaker's last name,
    else the most frequent name of two words or more among ``names``, else
    the most frequent name.

    >>> _display_name(Counter({"Blinken": 3, "Anthony Blinken": 1}),
    ...               ["Secretary of State Antony Blinken said", "Antony Blinken, who", "Blinken"])
    'Antony Blinken'
    """
    written = Counter()
    for last in {name.split()[-1] for name in names}:
        pattern = re.compile(r"\b([A-Z][\w’'.-]*)\s+" + re.escape(last) + r"\b")
        for text in texts:
            written.update(f"{first} {last}" for first in pattern.findall(text)
                           if first not in _NOT_FIRST_NAMES)
    if written:
        return max(written.items(), key=lambda item: (item[1], item[0]))[0]
    full = [(n, name) for name, n in names.items() if len(name.split()) >= 2]
    pool = full or [(n, name) for name, n in names.items()]
    return max(pool, key=lambda item: (item[0], -len(item[1]), item[1]))[1]


#: Capitalised words before a surname that are not a first name.
_NOT_FIRST_NAMES = frozenset("""Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. President Minister Secretary Spokesman
Spokesperson Spokeswoman Chancellor Senator Sen. Rep. Governor Gov. General Gen. Prime Foreign Deputy
The A An And But When As If In On At For By With From Of To Said Says Told Kremlin State""".split())


def _speakers(quotes: Sequence[Sequence[Any]], quote_groups: Sequence[Any], ids: Sequence[Any],
              outlets: Sequence[str], texts: Sequence[str]) -> str:
    """Quotes by speaker: each quotation once, with the outlets that carried it and their wording.

    Names of one person ("Dmitry Peskov", "Dmitri Peskov", "Peskov") are
    shown together under the most frequent full name (``speaker_key``).
    """
    outlet_of = dict(zip(ids, outlets))
    text_of = dict(zip(ids, texts))
    grouped: set[tuple[Any, int]] = set()
    by_key: dict[str, list[tuple[str, list[tuple[Any, str, str]]]]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    quoted_in: dict[str, set] = defaultdict(set)

    def add(name: Optional[str], canonical: str, carried: list[tuple[Any, str, str]], docs) -> None:
        key = speaker_key(name) if name else None
        if key:
            by_key[key].append((canonical, carried))
            names[key][name] += len(carried)
            quoted_in[key].update(docs)

    for group in quote_groups:
        carried = [(o.doc, outlet_of.get(o.doc, str(o.doc)), o.text) for o in group.occurrences]
        add(group.speaker, group.canonical, carried, {o.doc for o in group.occurrences})
        grouped.update((o.doc, o.start) for o in group.occurrences)
    for id_, found in zip(ids, quotes):
        for q in found:
            if (id_, q.start) not in grouped:
                add(q.resolved or q.speaker, q.text, [(id_, outlet_of[id_], q.text)], {id_})
    if not by_key:
        return "<p>No attributed quotes.</p>"
    order = sorted(by_key, key=lambda key: (-sum(len(c) for _, c in by_key[key]), key))
    parts = []
    for key in order[:MAX_SPEAKERS]:
        items = sorted(by_key[key], key=lambda item: -len(item[1]))
        name = _display_name(names[key], [text_of[doc] for doc in quoted_in[key] if doc in text_of])
        entries = []
        for canonical, carried in items[:MAX_QUOTES_PER_SPEAKER]:
            wordings = len({text for _, _, text in carried})
            docs = len({doc for doc, _, _ in carried})
            outlets_html = "".join(
                f"<li>{_e(outlet)}" + ("" if text == canonical else f": <q>{_e(text)}</q>") + "</li>"
                for _, outlet, text in carried)
            note = (f"{len(carried)} passages in {docs} documents, {wordings} wordings"
                    if len(carried) > 1 else "1 document")
            entries.append(f"<blockquote>{_e(canonical)}</blockquote><div class=muted>{note}</div>"
                           f'<ul class="outlets">{outlets_html}</ul>')
        more = (f"<p class=muted>{len(items) - MAX_QUOTES_PER_SPEAKER} more in quotes.jsonl.</p>"
                if len(items) > MAX_QUOTES_PER_SPEAKER else "")
        parts.append(f'<section class="speaker"><h3>{_e(name)}</h3>{"".join(entries)}{more}</section>')
    if len(order) > MAX_SPEAKERS:
        parts.append(f"<p class=muted>{len(order) - MAX_SPEAKERS} more speakers in quotes.jsonl.</p>")
    return "".join(parts)


def _removed(removed_by_rule: dict[str, list[dict]]) -> str:
    if not removed_by_rule:
        return "<p>The cleaner removed nothing.</p>"
    parts = []
    for rule, rows in sorted(removed_by_rule.items(), key=lambda item: (-len(item[1]), item[0])):
        examples = Counter(row["text"].strip() for row in rows).most_common(MAX_EXAMPLES_PER_RULE)
        listed = "".join(f"<li><code>{_e(text[:200])}</code>" + (f" ×{n}" if n > 1 else "") + "</li>"
                         for text, n in examples)
        parts.append(f'<section class="rule"><h3><code>{_e(rule)}</code>: {len(rows)} lines</h3>'
                     f"<ul>{listed}</ul></section>")
    return "".join(parts)


def _not_grouped(counts: dict[str, Any]) -> str:
    if counts["quote_clusters"] != "not grouped":
        return ""
    return (f"<p><b>The same quotation was not looked for across documents:</b> {counts['quotes']} "
            "quotes are more than textkit groups in one run (textkit run --max-grouped-quotes). "
            "Each quote is listed under its speaker on its own.</p>")


def render(*, counts: dict[str, Any], clusters: list[dict], texts: Sequence[str], ids: Sequence[Any],
           outlets: Sequence[str], quotes: Sequence[Sequence[Any]], quote_groups: Sequence[Any],
           removed_by_rule: dict[str, list[dict]], invalid: Optional[Sequence[Any]] = None) -> str:
    """The report as one HTML string (see the module docstring)."""
    bad = ""
    if invalid:
        items = "".join(f"<li>{_e(item.message)}</li>" for item in list(invalid)[:50])
        bad = f'<h2 id="invalid">Invalid records skipped</h2><ul>{items}</ul>'
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<title>textkit run: {counts['read']} documents</title><style>{STYLE}</style></head>"
            f"<body><main><h1>textkit run</h1>{_summary(counts)}"
            f'<h2 id="clusters">Duplicate clusters</h2>{_clusters(clusters, texts, ids)}'
            f'<h2 id="quotes">Quotes by speaker</h2>{_not_grouped(counts)}'
            f'{_speakers(quotes, quote_groups, ids, outlets, texts)}'
            f'<h2 id="removed">Removed by the cleaner</h2>{_removed(removed_by_rule)}{bad}'
            "</main></body></html>\n")


def write_report(path: str, **parts: Any) -> None:
    """Write ``render(**parts)`` to ``path``, atomically."""
    with atomic_write(path) as out:
        out.write(render(**parts).encode("utf-8"))
