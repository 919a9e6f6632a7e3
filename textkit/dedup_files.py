"""``textkit dedup`` over files: worker processes, bounded memory, output written back.

``dedup_files`` plans shards (``textkit.shards``), has ``jobs`` worker
processes sketch them (each reads its shard from disk and sends back only
band keys, fingerprints, lengths and ids; payloads go to spill files when
they would not fit the budget), feeds the sketches to the engine in input
order, and returns its decisions with each record's file and line.
``write_kept`` and ``write_clusters`` then write the results: the kept
records are copied from the input unchanged, read a second time.

Standard input is copied to a temporary file first, so it can be read twice.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Callable, Iterator, Optional

import numpy as np

from textkit.engine import REASONS, DedupSettings, Engine, Outcome, Sketches, sketch_texts
from textkit.records import InvalidInput  # noqa: F401  (raised by dedup_files, importable here)
from textkit.records import (PARQUET_SUFFIXES, TEXT_SUFFIXES, InvalidRecord, json_line,
                             parquet_file, read_records)
from textkit.shards import (MISSING, SHARD_BYTES, LineCounter, Shard, ShardPositions, plan_shards,
                            raw_lines, read_shard, text_files_read)

#: Texts a worker sketches in one call to the kernel.
BATCH_TEXTS = 2048
#: Inputs smaller than this are sketched in the calling process: starting
#: workers would cost more than it saves.
MIN_BYTES_FOR_WORKERS = 16 * 1024 * 1024
#: Payload bytes a byte of input gives, about (600 shingles of 4 bytes for a
#: 4 KB article): used to decide early whether payloads go to disk.
PAYLOAD_PER_INPUT_BYTE = 0.7


@dataclass
class ShardSketch:
    """What a worker sends back for one shard."""

    sketches: Sketches
    payload_path: Optional[str]
    lines: np.ndarray             # line (or row) of each record, inside the shard
    offsets: np.ndarray           # where its line begins in a plain JSONL file, else -1
    sizes: np.ndarray             # bytes of that line, newline included
    ids: list[Any]                # None where has_id is False
    has_id: np.ndarray
    invalid: list[InvalidRecord]
    lines_in_shard: int


def sketch_shard(number: int, shard: Shard, settings: DedupSettings, text_field: str,
                 id_field: str, payload_folder: Optional[str]) -> ShardSketch:
    """Read and sketch one shard (runs in a worker process)."""
    counter = LineCounter()
    pending: list[str] = []
    lines: list[int] = []
    offsets: list[int] = []
    sizes: list[int] = []
    ids: list[Any] = []
    invalid: list[InvalidRecord] = []
    parts: list[Sketches] = []
    for item in read_shard(shard, text_field, id_field, counter):
        if isinstance(item, InvalidRecord):
            invalid.append(item)
            continue
        pending.append(item.text)
        lines.append(item.line)
        offsets.append(item.offset)
        sizes.append(item.size)
        ids.append(item.id)
        if len(pending) == BATCH_TEXTS:
            parts.append(sketch_texts(pending, settings))
            pending = []
    if pending or not parts:
        parts.append(sketch_texts(pending, settings))
    sketches = Sketches(*(np.concatenate([getattr(p, name) for p in parts])
                          for name in ("keys", "fps", "values", "counts", "lengths")))
    payload_path = None
    if payload_folder is not None:
        payload_path = os.path.join(payload_folder, f"payload-{number:07d}.u32")
        sketches.values.astype("<u4", copy=False).tofile(payload_path)
        sketches.values = np.empty(0, dtype=np.uint32)
    has_id = np.fromiter((i is not MISSING for i in ids), dtype=bool, count=len(ids))
    ids = [None if i is MISSING else i for i in ids]
    return ShardSketch(sketches, payload_path, np.asarray(lines, dtype=np.int64),
                       np.asarray(offsets, dtype=np.int64), np.asarray(sizes, dtype=np.int64), ids,
                       has_id, invalid, counter.lines)


@dataclass
class FilesOutcome:
    """The engine's outcome plus where each record came from."""

    outcome: Outcome
    files: list[str]            # paths read (a copy of stdin shows as its temporary file)
    names: list[str]            # what to call each file in messages ("<stdin>" for stdin)
    file_of: np.ndarray         # int32 index into files, per record
    line_of: np.ndarray         # int64 line (row for Parquet) per record
    offset_of: np.ndarray       # int64 start of its line in a plain JSONL file, else -1
    size_of: np.ndarray         # int64 bytes of that line, newline included
    ids: list[Any]
    invalid: list[InvalidRecord] = field(default_factory=list)
    workers: int = 1

    def where(self, i: int) -> str:
        return f"{self.names[self.file_of[i]]} line {self.line_of[i]}"


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork is the cheapest start and safe while this process runs one thread;
    # otherwise spawn, which re-imports textkit in every worker.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def dedup_files(files: list[str], settings: DedupSettings, *, jobs: int = 1,
                memory: Optional[int] = None, tmp_dir: Optional[str] = None,
                text_field: str = "text", id_field: str = "id", skip_invalid: bool = False,
                names: Optional[list[str]] = None, shard_bytes: int = SHARD_BYTES,
                min_bytes_for_workers: int = MIN_BYTES_FOR_WORKERS,
                on_bytes: Optional[Callable[[int], None]] = None) -> FilesOutcome:
    """Sketch every record of ``files`` with ``jobs`` processes and decide.

    Raises ``InvalidInput`` at the first bad record in input order unless
    ``skip_invalid``, when bad records are listed in ``invalid``.  The result
    does not depend on ``jobs``, ``memory`` or ``shard_bytes`` (plain JSONL
    is cut into shards of about that size); inputs under
    ``min_bytes_for_workers`` are read in this process.

    >>> import tempfile, json
    >>> path = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(path, "w").write("".join(json.dumps({"text": t}) + "\\n" for t in
    ...                                   ["one two three four five", "One two three four five!"]))
    >>> result = dedup_files([path], DedupSettings.make(0.8))
    >>> result.outcome.reasons().tolist(), result.ids
    (['kept', 'exact'], ['...a.jsonl:1', '...a.jsonl:2'])
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an integer >= 1, got {jobs!r}")
    names = list(files) if names is None else names
    shards = plan_shards(files, shard_bytes)
    total_bytes = sum(os.path.getsize(f) for f in files)
    engine = Engine(settings, memory=memory, tmp_dir=tmp_dir,
                    spill_payloads=memory is not None and total_bytes * PAYLOAD_PER_INPUT_BYTE > memory / 4)
    payload_folder = engine.payloads.folder
    file_index = {path: i for i, path in enumerate(files)}
    positions = ShardPositions(files, names)
    file_of: list[np.ndarray] = []
    line_of: list[np.ndarray] = []
    offset_of: list[np.ndarray] = []
    size_of: list[np.ndarray] = []
    ids: list[Any] = []
    invalid: list[InvalidRecord] = []
    shard_bytes = [shard_size(s) for s in shards]
    read_bytes = 0
    workers = 1 if jobs == 1 or len(shards) == 1 or total_bytes < min_bytes_for_workers else jobs
    try:
        for number, result in enumerate(map_shards(sketch_shard, shards, workers, settings,
                                                   text_field, id_field, payload_folder)):
            shard = shards[number]
            base, name = positions.enter(shard, result.invalid, result.lines_in_shard,
                                         skip_invalid, invalid)
            lines = result.lines + base
            count = lines.shape[0]
            if shard.kind == "text":
                # one record a file: the file is the record's source
                at_of = np.array([file_index[p] for p in text_files_read(shard, result.invalid)],
                                 dtype=np.int32)
                file_of.append(at_of)
            else:
                file_of.append(np.full(count, file_index[shard.path], dtype=np.int32))
            line_of.append(lines)
            offset_of.append(result.offsets)
            size_of.append(result.sizes)
            for record_id, known, line in zip(result.ids, result.has_id.tolist(), lines.tolist()):
                ids.append(record_id if known else f"{name}:{line}")
            engine.expected_total = max(engine.count + count,
                                        int((engine.count + count) * total_bytes / max(1, read_bytes + shard_bytes[number])))
            engine.add(result.sketches, result.payload_path)
            read_bytes += shard_bytes[number]
            if on_bytes:
                on_bytes(shard_bytes[number])
        outcome = engine.finish()
    finally:
        engine.close()

    def joined(parts: list[np.ndarray], dtype) -> np.ndarray:
        return np.concatenate(parts) if parts else np.empty(0, dtype)

    return FilesOutcome(outcome, files, names, joined(file_of, np.int32), joined(line_of, np.int64),
                        joined(offset_of, np.int64), joined(size_of, np.int64), ids, invalid, workers)


def shard_size(shard: Shard) -> int:
    if shard.kind == "jsonl":
        return shard.end - shard.start
    if shard.kind == "text":
        return sum(os.path.getsize(p) for p in shard.paths)
    if shard.kind == "parquet":
        return os.path.getsize(shard.path) * max(1, len(shard.row_groups)) // max(1, _row_groups(shard.path))
    return os.path.getsize(shard.path)


def _row_groups(path: str) -> int:
    return parquet_file(path).num_row_groups


def map_shards(work: Callable[..., Any], shards: list[Shard], workers: int,
               *args: Any) -> Iterator[Any]:
    """``work(number, shard, *args)`` for every shard, results in shard order,
    in ``workers`` processes (here when 1); at most 2 x workers in flight."""
    if workers == 1:
        for number, shard in enumerate(shards):
            yield work(number, shard, *args)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        pending: list[Future] = []
        submitted = 0
        try:
            for number in range(len(shards)):
                while submitted < len(shards) and submitted < number + 2 * workers:
                    pending.append(pool.submit(work, submitted, shards[submitted], *args))
                    submitted += 1
                yield pending.pop(0).result()
        finally:
            for future in pending:
                future.cancel()


def spool_stdin(folder: str, stream: Optional[BinaryIO] = None) -> str:
    """Copy standard input (JSONL) to a file in ``folder``; returns its path."""
    path = os.path.join(folder, "stdin.jsonl")
    with open(path, "wb") as out:
        shutil.copyfileobj(stream or sys.stdin.buffer, out, 1 << 20)
    return path


def write_kept(result: FilesOutcome, out: BinaryIO, text_field: str = "text",
               id_field: str = "id") -> int:
    """Write the kept records to ``out`` as JSONL, each as it was in the input
    (a Parquet row as a JSON object, a .txt file as ``{"id", "text"}``)."""
    kept = result.outcome.kept
    written = 0
    for at, path in enumerate(result.files):
        mine = kept & (result.file_of == at)
        if not mine.any():
            continue
        if (result.offset_of[mine] >= 0).all():
            written += _copy_lines(path, result.offset_of[mine], result.size_of[mine], out)
        elif path.endswith(PARQUET_SUFFIXES + TEXT_SUFFIXES):
            wanted = set(result.line_of[mine].tolist())
            for item in read_records(path, text_field, id_field):
                if not isinstance(item, InvalidRecord) and item.line in wanted:
                    out.write(item.to_json_line() + b"\n")
                    written += 1
        else:
            lines = iter(np.sort(result.line_of[mine]).tolist())
            target = next(lines)
            for number, raw in raw_lines(path):
                if number == target:
                    out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                    written += 1
                    target = next(lines, None)
                    if target is None:
                        break
    return written


def _copy_lines(path: str, offsets: np.ndarray, sizes: np.ndarray, out: BinaryIO) -> int:
    """Copy the lines at ``offsets`` (rising) of a plain file, joining
    neighbours into one read; a last line without a newline gets one."""
    ends = offsets + sizes
    joins = np.flatnonzero(offsets[1:] != ends[:-1]) + 1
    run_starts = np.concatenate(([0], joins))
    run_ends = np.concatenate((joins, [offsets.shape[0]]))
    chunk = 8 << 20
    with open(path, "rb") as f:
        fd = f.fileno()
        for lo, hi in zip(offsets[run_starts].tolist(), ends[run_ends - 1].tolist()):
            while lo < hi:
                data = os.pread(fd, min(chunk, hi - lo), lo)
                if not data:
                    raise OSError(f"{path} is shorter than when it was read (changed while textkit ran?)")
                out.write(data)
                lo += len(data)
            if not data.endswith(b"\n"):
                out.write(b"\n")
    return int(offsets.shape[0])


def cluster_lines(result: FilesOutcome) -> Iterator[dict]:
    """One dict a duplicate cluster: number, representative id, size, members."""
    outcome = result.outcome
    members = np.flatnonzero(outcome.cluster >= 0)
    order = members[np.argsort(outcome.cluster[members], kind="stable")]
    clusters = outcome.cluster[order]
    breaks = np.flatnonzero(clusters[1:] != clusters[:-1]) + 1
    for group in np.split(order, breaks) if order.shape[0] else []:
        listed = []
        representative = None
        for i in group.tolist():
            reason = REASONS[outcome.reason[i]]
            if reason == "kept":
                representative = i
                sim = 1.0
            else:
                sim = float(outcome.similarity[i])
            listed.append({"id": result.ids[i], "source": result.where(i),
                           "similarity": round(sim, 6), "reason": reason})
        yield {"cluster": int(outcome.cluster[group[0]]), "representative": result.ids[representative],
               "size": len(listed), "members": listed}


def write_clusters(result: FilesOutcome, out: BinaryIO) -> int:
    """Write one JSON line a duplicate cluster; returns how many."""
    count = 0
    for line in cluster_lines(result):
        out.write(json_line(line) + b"\n")
        count += 1
    return count


def parse_memory(value: str) -> int:
    """Bytes of a size such as ``512M``, ``2G``, ``1.5G`` or ``800000``.

    >>> parse_memory("2G"), parse_memory("512m"), parse_memory("1000")
    (2147483648, 536870912, 1000)
    """
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    number, unit = (text[:-1], text[-1]) if text and text[-1] in units else (text, "")
    try:
        size = float(number)
    except ValueError:
        raise ValueError(f"{value!r} is not a size; write it as 512M, 2G or a number of bytes") from None
    if not size > 0:
        raise ValueError(f"{value!r}: the memory budget must be above 0")
    return int(size * units[unit])


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
