"""``textkit run``: clean, dedup and attribute quotes in one pass, and write what was found.

The input is cut into shards as for ``textkit dedup`` (``textkit.shards``);
worker processes read them and clean each record (``textkit.clean``, the
removals logged), find its quotes (``textkit.quotes``) and sketch its
cleaned text for dedup (``textkit.engine``).  The main process writes
removals and quotes in input order as shards come back; the cleaned records
wait in a temporary file until dedup has decided, then go to
``documents.jsonl`` with their decisions.  The same quotation is grouped
across documents at the end (``textkit.quote_groups``), which needs the
cleaned texts in memory.

Files written to the output folder:

=========================  ====================================================
``documents.jsonl``        every record, its text cleaned, with a ``textkit``
                           object: id, kept, reason, cluster, duplicate_of
                           (an id), similarity, quotes, removed_lines, outlet
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
from textkit.dedup_files import (MIN_BYTES_FOR_WORKERS, FilesOutcome, cluster_lines, map_shards,
                                 shard_size, write_clusters)
from textkit.engine import DedupSettings, Engine, Sketches, sketch_texts
from textkit.quote_groups import quote_clusters
from textkit.quotes import Quote, attribute
from textkit.records import InvalidRecord, Record, json_line, read_records
from textkit.repeated import RepeatedLineFilter, source_of
from textkit.shards import (SHARD_BYTES, LineCounter, Shard, ShardPositions, plan_shards,
                            read_shard_records, text_files_read)

#: Quotes up to which ``run`` groups the same quotation across documents.
#: ``quote_clusters`` compares the candidate pairs of two LSH tables tuned for
#: low similarity (0.3, and 0.17 within a surname), and their number grows
#: with the square of the quotes: 1.6% of all pairs on PolNeAR (8,600 quotes,
#: 3 s), 3.4% of them on 18,000 quotes of garbled generated news (40 s, 0.9 GB),
#: and a 240,000-quote run was killed at 24 GB.  Past this many the grouping
#: is skipped, said on stderr and in the report, until it scales.
MAX_GROUPED_QUOTES = 20000

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
    """Counts, and the bad records skipped, after ``run``."""

    counts: dict[str, Any]
    invalid: list[InvalidRecord] = field(default_factory=list)
    workers: int = 1


@dataclass
class ShardRun:
    """What a worker sends back for one shard: each record cleaned, its
    removals and quotes, and the dedup sketches of the cleaned texts."""

    sketches: Sketches
    lines: list[int]
    ids: list[Any]
    has_id: list[bool]
    records: list[bytes]
    removed: list[list[Any]]
    quotes: list[list[Quote]]
    outlets: list[str]
    texts: list[str]
    invalid: list[InvalidRecord]
    lines_in_shard: int


def process_shard(number: int, shard: Shard, settings: DedupSettings, config: CleanConfig,
                  repeated: Optional[RepeatedLineFilter], source_field: Optional[str],
                  text_field: str, id_field: str) -> ShardRun:
    """Clean, attribute and sketch the records of one shard (runs in a worker)."""
    counter = LineCounter()
    lines, ids, has_id, records, removed, quotes, outlets, texts, invalid = ([] for _ in range(9))
    for record in read_shard_records(shard, text_field, id_field, counter):
        if isinstance(record, InvalidRecord):
            invalid.append(record)
            continue
        outlet = outlet_of(record, source_field)
        result = clean(record.text, config, explain=True, source=outlet, repeated=repeated)
        lines.append(record.line)
        # A .txt file's id is its name and a Parquet row's default id has its
        # row number in the file: only a JSONL line's default id needs a base.
        has_id.append(shard.kind in ("text", "parquet") or id_field in record.data)
        ids.append(record.id)
        records.append(record.with_text(result.text, text_field))
        removed.append(result.removed)
        quotes.append(attribute(result.text))
        outlets.append(outlet)
        texts.append(result.text)
    return ShardRun(sketch_texts(texts, settings), lines, ids, has_id, records, removed, quotes,
                    outlets, texts, invalid, counter.lines)


def run(files: list[str], outdir: str, settings: DedupSettings, *, jobs: int = 1,
        names: Optional[list[str]] = None, config: Optional[CleanConfig] = None,
        text_field: str = "text", id_field: str = "id", source_field: Optional[str] = None,
        min_repeat_docs: int = 3, repeat_fit: int = 10000, skip_invalid: bool = False,
        memory: Optional[int] = None, tmp_dir: Optional[str] = None,
        shard_bytes: int = SHARD_BYTES, min_bytes_for_workers: int = MIN_BYTES_FOR_WORKERS,
        max_grouped_quotes: int = MAX_GROUPED_QUOTES,
        on_bytes: Optional[Callable[[int], None]] = None) -> RunResult:
    """Clean, dedup and attribute the records of ``files``; write the output files to ``outdir``.

    ``jobs`` worker processes each read a shard of the input (as ``textkit
    dedup`` does) and clean, attribute and sketch its records; the results
    are written in input order and do not depend on ``jobs``.  The
    repeated-line filter (lines found in at least ``min_repeat_docs``
    documents of one outlet; 0 turns it off) is learned first from the first
    ``repeat_fit`` records.  Quotes are grouped across documents only when
    there are at most ``max_grouped_quotes`` (0: no limit; see
    ``MAX_GROUPED_QUOTES``); otherwise quote_clusters.jsonl stays empty and
    the counts and the report say so.  A bad record raises ``InvalidInput`` (nothing is
    left in ``outdir``) unless ``skip_invalid``.

    Example:
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> path = os.path.join(folder, "in.jsonl")
        >>> _ = open(path, "w").write(json.dumps({"id": 1, "text": "“Talks will go on,” Peskov said."}) + "\\n")
        >>> result = run([path], os.path.join(folder, "out"), DedupSettings.make(0.8))
        >>> result.counts["read"], result.counts["quotes"], sorted(os.listdir(os.path.join(folder, "out")))[0]
        (1, 1, 'clusters.jsonl')
    """
    from textkit.report import write_report
    started = time.perf_counter()
    config = config or CleanConfig()
    names = list(files) if names is None else names
    os.makedirs(outdir, exist_ok=True)
    repeated = None
    if min_repeat_docs:
        repeated = RepeatedLineFilter(min_docs=min_repeat_docs)
        head = itertools.islice((r for path in files for r in read_records(path, text_field, id_field)
                                 if isinstance(r, Record)), repeat_fit)
        repeated.fit((prepare(r.text, config), outlet_of(r, source_field)) for r in head)
    shards = plan_shards(files, shard_bytes)
    total_bytes = sum(os.path.getsize(f) for f in files)
    workers = 1 if jobs == 1 or len(shards) == 1 or total_bytes < min_bytes_for_workers else jobs
    positions = ShardPositions(files, names)
    file_index = {path: i for i, path in enumerate(files)}
    engine = Engine(settings, memory=memory, tmp_dir=tmp_dir, spill_payloads=memory is not None)
    ids: list[Any] = []
    file_of: list[int] = []
    line_of: list[int] = []
    extra: dict[str, list] = {"quotes": [], "removed_lines": [], "outlet": []}
    cleaned_texts: list[str] = []
    all_quotes: list[list[Quote]] = []
    invalid: list[InvalidRecord] = []
    removed_by_rule: dict[str, list[dict]] = {}
    counts: dict[str, Any] = {"read": 0, "kept": 0, "exact_duplicates": 0, "near_duplicates": 0,
                              "clusters": 0, "invalid": 0, "quotes": 0, "attributed": 0,
                              "speakers": 0, "quote_clusters": 0, "lines_removed": 0}
    staged_path = os.path.join(outdir, ".documents.staged.jsonl")
    try:
        with open(staged_path, "wb") as staged, \
                atomic_write(os.path.join(outdir, "quotes.jsonl")) as quotes_out, \
                atomic_write(os.path.join(outdir, "removed.jsonl")) as removed_out:
            work = map_shards(process_shard, shards, workers, settings, config, repeated,
                              source_field, text_field, id_field)
            for number, part in enumerate(work):
                shard = shards[number]
                base, name = positions.enter(shard, part.invalid, part.lines_in_shard,
                                             skip_invalid, invalid)
                text_files = iter(text_files_read(shard, part.invalid))
                for i, line in enumerate(part.lines):
                    record_id = part.ids[i] if part.has_id[i] else f"{name}:{line + base}"
                    for removal in part.removed[i]:
                        row = {"id": record_id, "start": removal.start, "end": removal.end,
                               "rule": removal.rule, "text": removal.text}
                        removed_out.write(json_line(row) + b"\n")
                        removed_by_rule.setdefault(removal.rule, []).append(row)
                    for q in part.quotes[i]:
                        quotes_out.write(json_line(quote_json(record_id, q)) + b"\n")
                    staged.write(part.records[i] + b"\n")
                    ids.append(record_id)
                    file_of.append(file_index[next(text_files)] if shard.kind == "text"
                                   else file_index[shard.path])
                    line_of.append(line + base)
                    extra["quotes"].append(len(part.quotes[i]))
                    extra["removed_lines"].append(len(part.removed[i]))
                    extra["outlet"].append(part.outlets[i])
                    counts["lines_removed"] += len(part.removed[i])
                    counts["quotes"] += len(part.quotes[i])
                    counts["attributed"] += sum(q.speaker is not None for q in part.quotes[i])
                cleaned_texts.extend(part.texts)
                all_quotes.extend(part.quotes)
                engine.add(part.sketches)
                if on_bytes:
                    on_bytes(shard_size(shard))
        outcome = engine.finish()
    except BaseException:
        if os.path.exists(staged_path):
            os.remove(staged_path)
        raise
    finally:
        engine.close()
    files_outcome = FilesOutcome(outcome, files, names, np.asarray(file_of, dtype=np.int32),
                                 np.asarray(line_of, dtype=np.int64),
                                 np.full(len(ids), -1, np.int64), np.zeros(len(ids), np.int64), ids,
                                 invalid, workers)
    _write_documents(staged_path, os.path.join(outdir, "documents.jsonl"), files_outcome, extra)
    with atomic_write(os.path.join(outdir, "clusters.jsonl")) as out:
        write_clusters(files_outcome, out)
    grouped = not max_grouped_quotes or counts["quotes"] <= max_grouped_quotes
    groups = quote_clusters(list(zip(ids, cleaned_texts)), quotes=all_quotes) if grouped else []
    with atomic_write(os.path.join(outdir, "quote_clusters.jsonl")) as out:
        write_quote_clusters(groups, out)
    dedup_counts = outcome.counts()
    counts.update({k: dedup_counts[k] for k in ("kept", "exact_duplicates", "near_duplicates",
                                                "clusters")})
    counts["read"] = len(ids) + len(invalid)
    counts["invalid"] = len(invalid)
    counts["quote_clusters"] = len(groups) if grouped else "not grouped"
    counts["speakers"] = len({q.resolved or q.speaker for found in all_quotes for q in found
                              if q.speaker is not None})
    counts["seconds"] = round(time.perf_counter() - started, 3)
    write_report(os.path.join(outdir, "report.html"), counts=counts,
                 clusters=list(cluster_lines(files_outcome)), texts=cleaned_texts, ids=ids,
                 outlets=extra["outlet"], quotes=all_quotes, quote_groups=groups,
                 removed_by_rule=removed_by_rule, invalid=invalid)
    return RunResult(counts, invalid, workers)


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
                "id": result.ids[i], "kept": dup < 0, "reason": reasons[i],
                "cluster": int(outcome.cluster[i]) if outcome.cluster[i] >= 0 else None,
                "duplicate_of": result.ids[dup] if dup >= 0 else None,
                "similarity": None if dup < 0 else round(float(outcome.similarity[i]), 6),
                **{name: values[i] for name, values in extra.items()}}
            out.write(json_line(data) + b"\n")
    os.remove(staged_path)
