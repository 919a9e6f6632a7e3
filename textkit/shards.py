"""Splitting inputs into shards that workers read on their own, and reading them.

A shard is a byte range of a plain JSONL file (cut at line starts), a whole
compressed JSONL file (.gz and .zst cannot be entered in the middle), a few
row groups of a Parquet file, or a batch of .txt files.  A worker reads its
shard straight from disk, so no text crosses between processes.

Records are numbered by their line inside the shard; ``line_base`` (lines in
the file before the shard) is known only once the earlier shards are read,
so the caller adds it.  For Parquet, lines are row numbers and the base is
known at once.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Iterator, Optional, Union

from textkit.records import (PARQUET_SUFFIXES, TEXT_SUFFIXES, InvalidInput, InvalidRecord, Record,
                             decompressed, nonblank_lines, parquet_file, parse_json_line, read_parquet,
                             read_records)

#: Bytes of plain JSONL a shard holds: large enough that a worker's start-up
#: and result transfer are small beside its work, small enough to balance.
SHARD_BYTES = 32 * 1024 * 1024
TEXT_FILES_PER_SHARD = 256


@dataclass(frozen=True)
class Shard:
    """One piece of input a worker reads alone.

    ``kind`` is "jsonl" (bytes ``start``..``end`` of a plain file; the shard
    holds the lines that begin in that range), "stream" (a whole compressed
    JSONL file), "parquet" (``row_groups`` of one file) or "text" (``paths``,
    .txt files, one record each).
    """

    kind: str
    path: str
    start: int = 0
    end: int = 0
    row_groups: tuple[int, ...] = ()
    paths: tuple[str, ...] = ()
    line_base_known: bool = False


def plan_shards(files: list[str], shard_bytes: int = SHARD_BYTES) -> list[Shard]:
    """Shards of ``files`` in input order.

    >>> import tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(path, "w").write('{"text": "a"}\\n' * 10)
    >>> [(s.start, s.end) for s in plan_shards([path], shard_bytes=60)]
    [(0, 60), (60, 120), (120, 140)]
    """
    shards: list[Shard] = []
    texts: list[str] = []

    def flush_texts() -> None:
        if texts:
            shards.append(Shard("text", texts[0], paths=tuple(texts), line_base_known=True))
            texts.clear()

    for path in files:
        if path.endswith(TEXT_SUFFIXES):
            texts.append(path)
            if len(texts) == TEXT_FILES_PER_SHARD:
                flush_texts()
            continue
        flush_texts()
        if path.endswith(PARQUET_SUFFIXES):
            file = parquet_file(path)
            group, groups = 0, file.num_row_groups
            while group < groups:
                taken, size = [], 0
                while group < groups and (not taken or size < shard_bytes):
                    size += file.metadata.row_group(group).total_byte_size
                    taken.append(group)
                    group += 1
                shards.append(Shard("parquet", path, row_groups=tuple(taken), line_base_known=True))
            if groups == 0:
                shards.append(Shard("parquet", path, line_base_known=True))
        elif path.endswith((".gz", ".zst")):
            shards.append(Shard("stream", path, line_base_known=True))
        else:
            size = os.path.getsize(path)
            starts = list(range(0, max(size, 1), shard_bytes))
            for i, start in enumerate(starts):
                end = starts[i + 1] if i + 1 < len(starts) else size
                shards.append(Shard("jsonl", path, start, end, line_base_known=(i == 0)))
    flush_texts()
    return shards


class LineCounter:
    """Lines a shard reader went through, blank ones included."""

    __slots__ = ("lines", "offset", "size")

    def __init__(self) -> None:
        self.lines = 0
        self.offset = -1
        self.size = 0


def _jsonl_range(path: str, start: int, end: int,
                 counter: LineCounter) -> Iterator[tuple[int, bytes]]:
    """(line number inside the range from 1, line without newline) of the lines
    that begin in bytes ``start``..``end``, blank lines counted but not given;
    ``counter.offset`` is where the last line given begins in the file."""
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            if f.read(1) != b"\n":
                f.readline()  # the line in progress belongs to the shard before
        position = f.tell()
        number = 0
        while position < end:
            raw = f.readline()
            if not raw:
                break
            number += 1
            counter.lines = number
            counter.offset = position
            counter.size = len(raw)
            position += len(raw)
            raw = raw.rstrip(b"\r\n")
            if raw.strip():
                yield number, raw



class FastRecord:
    """Just what a sketching worker needs of a record: line, text, id, and for
    a plain JSONL file the bytes of its line, newline included (offset -1
    for other inputs)."""

    __slots__ = ("line", "text", "id", "offset", "size")

    def __init__(self, line: int, text: str, record_id: object, offset: int = -1,
                 size: int = 0) -> None:
        self.line, self.text, self.id, self.offset, self.size = line, text, record_id, offset, size


MISSING = object()


def read_shard(shard: Shard, text_field: str, id_field: str,
               counter: Optional[LineCounter] = None) -> Iterator[Union[FastRecord, InvalidRecord]]:
    """Records of a shard: ``FastRecord`` items (id ``MISSING`` when the record
    has none) and ``InvalidRecord`` items, lines numbered inside the shard
    unless ``shard.line_base_known``; ``counter`` learns how many lines a
    "jsonl" shard went through."""
    counter = counter or LineCounter()
    if shard.kind in ("text", "parquet"):
        for item in read_shard_records(shard, text_field, id_field, columns=[text_field, id_field]):
            yield item if isinstance(item, InvalidRecord) else FastRecord(item.line, item.text, item.id)
        return
    loads = json.loads
    for item in _shard_lines(shard, counter):
        if isinstance(item, InvalidRecord):
            yield item
            continue
        number, raw = item
        # The common case without building a Record; anything unusual goes
        # through parse_json_line for its exact error message.
        try:
            data = loads(raw)
            text = data[text_field]
            if type(text) is str:
                yield FastRecord(number, text, data.get(id_field, MISSING), counter.offset,
                                 counter.size)
                continue
        except (ValueError, TypeError, KeyError, AttributeError):
            pass
        record = parse_json_line(raw, shard.path, number, text_field, id_field)
        if isinstance(record, InvalidRecord):
            yield record
        else:
            yield FastRecord(number, record.text, record.data.get(id_field, MISSING), counter.offset,
                             counter.size)


def _shard_lines(shard: Shard, counter: LineCounter) -> Iterator[Union[tuple[int, bytes], InvalidRecord]]:
    """(number, line) of the non-blank lines of a "stream" or "jsonl" shard,
    newline stripped; an ``InvalidRecord`` last when the file cannot be read
    to its end (a truncated or corrupt compressed file)."""
    if shard.kind == "stream":
        lines = nonblank_lines(raw for _, raw in raw_lines(shard.path))
    else:
        lines = _jsonl_range(shard.path, shard.start, shard.end, counter)
    number = 0
    try:
        for number, raw in lines:
            yield number, raw
    except (OSError, EOFError) as exc:
        yield InvalidRecord(shard.path, number + 1, f"could not be read to the end ({exc})",
                            "Check the file, or pass --skip-invalid to skip bad records.")


def raw_lines(path: str) -> Iterator[tuple[int, bytes]]:
    """(line number from 1, line with its newline) of a JSONL file, plain or
    compressed: every line, blank ones included, as read."""
    with open(path, "rb") as raw_file:
        stream = decompressed(raw_file, path)
        try:
            yield from enumerate(stream, start=1)
        finally:
            if stream is not raw_file:
                stream.close()


def read_shard_records(shard: Shard, text_field: str, id_field: str,
                       counter: Optional[LineCounter] = None,
                       columns: Optional[list[str]] = None) -> Iterator[Union[Record, InvalidRecord]]:
    """Whole records of a shard (fields and all, or only ``columns`` of a
    Parquet row), lines numbered as by ``read_shard``; a record without an id
    gets ``FILE:LINE`` with that line, which the caller corrects when the
    shard's line base was not known."""
    counter = counter or LineCounter()
    if shard.kind == "text":
        for path in shard.paths:
            yield from read_records(path, text_field, id_field)
        return
    if shard.kind == "parquet":
        if shard.row_groups:
            yield from read_parquet(shard.path, text_field, id_field, list(shard.row_groups),
                                    columns=columns)
        return
    for item in _shard_lines(shard, counter):
        yield item if isinstance(item, InvalidRecord) else parse_json_line(
            item[1], shard.path, item[0], text_field, id_field)


def text_files_read(shard: Shard, invalid: list[InvalidRecord]) -> list[str]:
    """The files of a "text" shard that gave a record (one each), in order:
    those without an ``InvalidRecord`` among ``invalid``."""
    bad = {item.source for item in invalid}
    return [path for path in shard.paths if path not in bad]


class ShardPositions:
    """Turns lines counted inside shards into lines of their files, shard by
    shard in input order (a plain JSONL shard's base is the lines of the
    shards of its file before it)."""

    def __init__(self, files: list[str], names: list[str]) -> None:
        self.index = {path: i for i, path in enumerate(files)}
        self.names = names
        self.bases = [0] * len(files)

    def base(self, shard: Shard) -> int:
        return 0 if shard.line_base_known else self.bases[self.index[shard.path]]

    def name(self, shard: Shard) -> str:
        return self.names[self.index[shard.path]]

    def enter(self, shard: Shard, bad: list[InvalidRecord], lines_in_shard: int,
              skip_invalid: bool, invalid: list[InvalidRecord]) -> tuple[int, str]:
        """(line base, display name) of the next shard in input order.  Its bad
        records, with their file's name and line, are added to ``invalid``;
        without ``skip_invalid`` the first raises ``InvalidInput``."""
        base, name = self.base(shard), self.name(shard)
        for record in bad:
            source = name if record.source == shard.path else record.source
            fixed = InvalidRecord(source, record.line + base, record.problem, record.fix)
            if not skip_invalid:
                raise InvalidInput(fixed)
            invalid.append(fixed)
        if shard.kind == "jsonl":
            self.bases[self.index[shard.path]] += lines_in_shard
        return base, name
