"""``textkit run``: clean, dedup and attribute quotes in one pass, and write what was found.

Each record is read once: cleaned (``textkit.clean``, with the removals
logged), sketched for dedup on its cleaned text (``textkit.engine``), and its
quotes found (``textkit.quotes``).  Removals and quotes are written as they
are found; the cleaned records wait in a temporary file until dedup has
decided, then go to ``documents.jsonl`` with their decisions.  The same
quotation is grouped across documents at the end (``textkit.quote_groups``),
which needs the cleaned texts in memory.

Files written to the output folder:

=========================  ====================================================
``documents.jsonl``        every record, its text cleaned, with a ``textkit``
                           object: kept, reason, cluster, duplicate_of (id),
                           similarity, quotes, removed_lines, outlet
``clusters.jsonl``         duplicate clusters (as ``textkit dedup --clusters``)
``quotes.jsonl``           every quote (as ``textkit quotes``), offsets into
                           the cleaned text
``quote_clusters.jsonl``   the same quotation in several documents
``removed.jsonl``          every removed line: id, start, end (offsets into the
                           original text), rule, text
``report.html``            one self-contained page for people (``textkit.report``)
=========================  ====================================================
"""
from __future__ import annotations

import itertools
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Callable, Iterable, Optional

import numpy as np

from textkit.atomic import atomic_write
from textkit.clean import CleanConfig, clean, prepare
from textkit.dedup_files import FilesOutcome, cluster_lines, write_clusters
from textkit.engine import DedupSettings, Engine, sketch_texts
from textkit.quote_groups import quote_clusters
from textkit.quotes import Quote, attribute
from textkit.records import InvalidRecord, Record, json_line
from textkit.repeated import RepeatedLineFilter, source_of

#: Records cleaned and attributed between two dedup sketch calls.
BATCH = 512

OUTPUT_FILES = ("documents.jsonl", "clusters.jsonl", "quotes.jsonl", "quote_clusters.jsonl",
                "removed.jsonl", "report.html")


def quote_json(record_id: Any, q: Quote) -> dict:
    """One line of quotes.jsonl (and of ``textkit quotes``)."""
    return {"id": record_id, "start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker,
            "speaker_start": q.speaker_start, "speaker_end": q.speaker_end, "cue": q.cue,
            "resolved": q.resolved, "kind": q.kind, "confidence": q.confidence}


def write_quote_clusters(groups: Iterable[Any], out: BinaryIO) -> None:
    """One JSON line per quote cluster (and of ``textkit quotes --clusters``)."""
    for number, cluster in enumerate(groups):
        out.write(json_line({
            "cluster": number, "canonical": cluster.canonical, "speaker": cluster.speaker,
            "size": len(cluster),
            "occurrences": [{"id": o.doc, "start": o.start, "end": o.end, "text": o.text}
                            for o in cluster.occurrences]}) + b"\n")


def outlet_of(record: Record, source_field: Optional[str]) -> str:
    """Who published a record: its source field, its URL's host, else its file's name.

    >>> outlet_of(Record("a/b.jsonl", 3, "t", 1, {"url": "https://www.bbc.co.uk/x"}), None)
    'bbc.co.uk'
    >>> outlet_of(Record("seeds/000_tass.txt", 1, "t", "000_tass.txt", {}), None)
    '000_tass'
    """
    found = source_of(record.data, source_field)
    if found:
        return found
    name = os.path.basename(record.source)
    for suffix in (".txt", ".gz", ".zst", ".jsonl", ".ndjson", ".parquet"):
        name = name.removesuffix(suffix)
    return name


@dataclass
class RunResult:
    """Counts and what the report shows, after ``run``."""

    counts: dict[str, Any]
    invalid: list[InvalidRecord] = field(default_factory=list)


def run(records: Iterable[Record], outdir: str, settings: DedupSettings, *,
        config: Optional[CleanConfig] = None, text_field: str = "text",
        source_field: Optional[str] = None, min_repeat_docs: int = 3, repeat_fit: int = 10000,
        memory: Optional[int] = None, tmp_dir: Optional[str] = None,
        invalid: Optional[list[InvalidRecord]] = None,
        on_record: Optional[Callable[[], None]] = None) -> RunResult:
    """Clean, dedup and attribute ``records``; write the output files to ``outdir``.

    ``records`` is read once.  The repeated-line filter (lines found in at
    least ``min_repeat_docs`` documents of one outlet; 0 turns it off) is
    learned from the first ``repeat_fit`` records, which are held for that.
    ``invalid`` lists bad records the caller skipped, for the report.

    Example:
        >>> import tempfile
        >>> out = tempfile.mkdtemp()
        >>> texts = ["“Talks will go on,” Peskov said on Friday. " * 3, "Lavrov said nothing new."]
        >>> recs = [Record("in.jsonl", i + 1, t, i, {"id": i, "text": t}) for i, t in enumerate(texts)]
        >>> result = run(recs, out, DedupSettings.make(0.8))
        >>> result.counts["read"], result.counts["quotes"], sorted(os.listdir(out))[0]
        (2, 3, 'clusters.jsonl')
    """
    from textkit.report import write_report
    started = time.perf_counter()
    config = config or CleanConfig()
    invalid = invalid if invalid is not None else []
    os.makedirs(outdir, exist_ok=True)
    stream = iter(records)
    repeated = None
    head: list[Record] = []
    if min_repeat_docs:
        repeated = RepeatedLineFilter(min_docs=min_repeat_docs)
        head = list(itertools.islice(stream, repeat_fit))
        repeated.fit((prepare(r.text, config), outlet_of(r, source_field)) for r in head)
    engine = Engine(settings, memory=memory, tmp_dir=tmp_dir, spill_payloads=memory is not None)
    ids: list[Any] = []
    file_of: list[int] = []
    line_of: list[int] = []
    name_index: dict[str, int] = {}
    outlets: list[str] = []
    cleaned_texts: list[str] = []
    all_quotes: list[list[Quote]] = []
    removed_by_rule: dict[str, list[dict]] = {}
    counts = {"read": 0, "kept": 0, "exact_duplicates": 0, "near_duplicates": 0, "clusters": 0,
              "invalid": 0, "quotes": 0, "attributed": 0, "speakers": 0, "quote_clusters": 0,
              "lines_removed": 0}
    quote_counts: list[int] = []
    removed_counts: list[int] = []
    pending: list[str] = []
    staged_path = os.path.join(outdir, ".documents.staged.jsonl")
    try:
        with open(staged_path, "wb") as staged, \
                atomic_write(os.path.join(outdir, "quotes.jsonl")) as quotes_out, \
                atomic_write(os.path.join(outdir, "removed.jsonl")) as removed_out:
            for record in itertools.chain(head, stream):
                outlet = outlet_of(record, source_field)
                result = clean(record.text, config, explain=True, source=outlet, repeated=repeated)
                for removal in result.removed:
                    row = {"id": record.id, "start": removal.start, "end": removal.end,
                           "rule": removal.rule, "text": removal.text}
                    removed_out.write(json_line(row) + b"\n")
                    examples = removed_by_rule.setdefault(removal.rule, [])
                    examples.append(row)
                found = attribute(result.text)
                for q in found:
                    quotes_out.write(json_line(quote_json(record.id, q)) + b"\n")
                staged.write(record.with_text(result.text, text_field) + b"\n")
                quote_counts.append(len(found))
                removed_counts.append(len(result.removed))
                counts["lines_removed"] += len(result.removed)
                counts["quotes"] += len(found)
                counts["attributed"] += sum(q.speaker is not None for q in found)
                ids.append(record.id)
                file_of.append(name_index.setdefault(record.source, len(name_index)))
                line_of.append(record.line)
                outlets.append(outlet)
                cleaned_texts.append(result.text)
                all_quotes.append(found)
                pending.append(result.text)
                if len(pending) == BATCH:
                    engine.add(sketch_texts(pending, settings))
                    pending = []
                if on_record:
                    on_record()
            if pending:
                engine.add(sketch_texts(pending, settings))
        outcome = engine.finish()
    except BaseException:
        if os.path.exists(staged_path):
            os.remove(staged_path)
        raise
    finally:
        engine.close()
    names = list(name_index)
    files_outcome = FilesOutcome(outcome, names, names, np.asarray(file_of, dtype=np.int32),
                                 np.asarray(line_of, dtype=np.int64),
                                 np.full(len(ids), -1, np.int64), np.zeros(len(ids), np.int64), ids,
                                 list(invalid))
    _write_documents(staged_path, os.path.join(outdir, "documents.jsonl"), files_outcome,
                     {"quotes": quote_counts, "removed_lines": removed_counts, "outlet": outlets})
    with atomic_write(os.path.join(outdir, "clusters.jsonl")) as out:
        write_clusters(files_outcome, out)
    groups = quote_clusters(list(zip(ids, cleaned_texts)), quotes=all_quotes)
    with atomic_write(os.path.join(outdir, "quote_clusters.jsonl")) as out:
        write_quote_clusters(groups, out)
    dedup_counts = outcome.counts()
    counts.update({k: dedup_counts[k] for k in ("kept", "exact_duplicates", "near_duplicates",
                                                "clusters")})
    counts["read"] = len(ids) + len(invalid)
    counts["invalid"] = len(invalid)
    counts["quote_clusters"] = len(groups)
    counts["speakers"] = len({q.resolved or q.speaker for found in all_quotes for q in found
                              if q.speaker is not None})
    counts["seconds"] = round(time.perf_counter() - started, 3)
    write_report(os.path.join(outdir, "report.html"), counts=counts,
                 clusters=list(cluster_lines(files_outcome)), texts=cleaned_texts, ids=ids,
                 outlets=outlets, quotes=all_quotes, quote_groups=groups,
                 removed_by_rule=removed_by_rule, invalid=invalid)
    return RunResult(counts, list(invalid))


def _write_documents(staged_path: str, path: str, result: FilesOutcome,
                     extra: dict[str, list]) -> None:
    """The staged cleaned records with their ``textkit`` object, in input order."""
    outcome = result.outcome
    reasons = outcome.reasons().tolist()
    with open(staged_path, "rb") as staged, atomic_write(path) as out:
        for i, line in enumerate(staged):
            data = json.loads(line)
            dup = int(outcome.duplicate_of[i])
            data["textkit"] = {
                "kept": dup < 0, "reason": reasons[i],
                "cluster": int(outcome.cluster[i]) if outcome.cluster[i] >= 0 else None,
                "duplicate_of": result.ids[dup] if dup >= 0 else None,
                "similarity": None if dup < 0 else round(float(outcome.similarity[i]), 6),
                **{name: values[i] for name, values in extra.items()}}
            out.write(json_line(data) + b"\n")
    os.remove(staged_path)
