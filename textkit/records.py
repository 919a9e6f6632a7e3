"""Reading records for the command line: JSONL (plain, .gz or .zst), Parquet,
.txt files, folders, stdin.

Every line that holds something is either a record or an ``InvalidRecord``
naming its file, line and problem, so callers can account for all input.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import sys
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Optional, Union

import numpy as np

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst")
PARQUET_SUFFIXES = (".parquet",)
TEXT_SUFFIXES = (".txt",)
INPUT_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES + TEXT_SUFFIXES
SUPPORTED = ".jsonl, .ndjson (also .gz or .zst), .parquet or .txt"
SKIP_HINT = "or pass --skip-invalid to skip bad records"


@dataclass
class Record:
    """One input record: its text, id and where it came from.

    ``raw`` is the record's line exactly as read (JSONL input), so a record
    can be written back unchanged; for a .txt file it is None and
    ``to_json_line`` builds ``{"id": ..., "text": ...}``.
    """

    source: str
    line: int
    text: str
    id: Any
    data: dict
    raw: Optional[bytes] = None

    def to_json_line(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return json_line(self.data)

    @property
    def where(self) -> str:
        return f"{self.source} line {self.line}"

    def with_text(self, text: str, text_field: str = "text") -> bytes:
        """The record as a JSON line with its text replaced by ``text``: the
        ``text_field`` of a JSONL record or Parquet row, ``"text"`` of a .txt
        file; every other field keeps its value (JSON formatting is not kept).

        >>> Record("a.jsonl", 1, "old", 7, {"id": 7, "body": "old", "url": "u"}, b"").with_text("new", "body")
        b'{"id": 7, "body": "new", "url": "u"}'
        """
        data = dict(self.data)
        data[text_field if text_field in data else "text"] = text
        return json_line(data)


def json_line(value: Any) -> bytes:
    """``value`` as one line of UTF-8 JSON, without the newline; ASCII escapes
    only if it holds a lone surrogate (a ``\\ud800`` escape in the input),
    which UTF-8 cannot encode.

    >>> json_line({"text": "café"}), json_line({"text": "\\ud800"})
    (b'{"text": "caf\\xc3\\xa9"}', b'{"text": "\\\\ud800"}')
    """
    try:
        return json.dumps(value, ensure_ascii=False, default=_jsonable).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, default=_jsonable).encode("ascii")


def _jsonable(value: Any) -> Any:
    """What JSON cannot hold (Parquet dates, decimals, bytes) as text."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    return str(value)


@dataclass
class InvalidRecord:
    """Input that could not be read as a record, and why."""

    source: str
    line: int
    problem: str
    fix: str

    @property
    def message(self) -> str:
        return f"{self.source} line {self.line}: {self.problem}. {self.fix}"


class InvalidInput(ValueError):
    """A bad record when bad records are not skipped; ``record`` says which."""

    def __init__(self, record: InvalidRecord) -> None:
        super().__init__(record.message)
        self.record = record


class InputFileError(ValueError):
    """An input path that cannot be read at all (missing, unsupported type)."""


def _utf8_problem(exc: UnicodeDecodeError) -> tuple[str, str]:
    byte = exc.object[exc.start:exc.start + 1]
    return (f"bytes are not valid UTF-8 (byte 0x{byte.hex()} at column {exc.start + 1})",
            f"Re-encode the input as UTF-8 (for example iconv -f latin1 -t utf-8), {SKIP_HINT}.")


def parse_json_line(raw: bytes, source: str, line: int, text_field: str,
                    id_field: str) -> Union[Record, InvalidRecord]:
    """Turn one JSONL line (without its newline) into a Record or an InvalidRecord."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InvalidRecord(source, line, *_utf8_problem(exc))
    try:
        data = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return InvalidRecord(source, line, f"not valid JSON ({exc.msg} at column {exc.colno})",
                             f"Fix the line, {SKIP_HINT}.")
    if not isinstance(data, dict):
        return InvalidRecord(source, line, f"expected a JSON object, got {_json_type(data)}",
                             f"Write one object per line, {SKIP_HINT}.")
    if text_field not in data:
        fields = ", ".join(sorted(map(str, data))[:8]) or "none"
        return InvalidRecord(source, line, f'no "{text_field}" field (fields: {fields})',
                             f"Name the text field with --text-field, {SKIP_HINT}.")
    text = data[text_field]
    if not isinstance(text, str):
        return InvalidRecord(source, line, f'field "{text_field}" is {_json_type(text)}, expected a string',
                             f"Fix the record, {SKIP_HINT}.")
    record_id = data.get(id_field, f"{source}:{line}")
    return Record(source, line, text, record_id, data, raw)


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def nonblank_lines(stream: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(line number from 1, line without its newline) of the lines of ``stream``
    that hold more than whitespace.

    >>> list(nonblank_lines([b"a\\n", b"  \\n", b"b\\r\\n"]))
    [(1, b'a'), (3, b'b')]
    """
    for number, raw in enumerate(stream, start=1):
        raw = raw.rstrip(b"\r\n")
        if raw.strip():
            yield number, raw


def expand_inputs(inputs: list[str]) -> tuple[list[str], list[str]]:
    """Files to read for the given paths (folders walked in sorted order), and
    the files inside folders that were left out for their type."""
    files: list[str] = []
    ignored: list[str] = []
    for path in inputs:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if name.startswith("."):
                        continue
                    if name.endswith(INPUT_SUFFIXES):
                        files.append(full)
                    else:
                        ignored.append(full)
        elif not os.path.exists(path):
            raise InputFileError(f"{path}: no such file or folder. Check the path.")
        elif path.endswith(INPUT_SUFFIXES):
            files.append(path)
        else:
            raise InputFileError(
                f"{path}: unsupported file type. Use {SUPPORTED} files, "
                "a folder of them, or - for JSONL on standard input.")
    return files, ignored


def read_records(path: str, text_field: str = "text", id_field: str = "id",
                 on_bytes: Optional[Callable[[int], None]] = None
                 ) -> Iterator[Union[Record, InvalidRecord]]:
    """Records of one input file (``-`` is JSONL on standard input).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(path, "w").write('{"id": 1, "text": "hi"}\\n')
    >>> [r.text for r in read_records(path)]
    ['hi']
    """
    if path.endswith(PARQUET_SUFFIXES):
        yield from read_parquet(path, text_field, id_field, on_bytes=on_bytes)
        return
    if path.endswith(TEXT_SUFFIXES):
        with open(path, "rb") as f:
            raw = f.read()
        if on_bytes:
            on_bytes(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            line_start = raw.rfind(b"\n", 0, exc.start) + 1
            problem, fix = _utf8_problem(exc)
            problem = problem.replace(f"column {exc.start + 1}", f"column {exc.start - line_start + 1}")
            yield InvalidRecord(path, line, problem, fix)
            return
        name = os.path.basename(path)
        yield Record(path, 1, text, name, {"id": name, "text": text})
        return
    raw_file = None
    if path == "-":
        source, stream = "<stdin>", sys.stdin.buffer
    else:
        source = path
        raw_file = open(path, "rb")
        stream = decompressed(raw_file, path)
    number = 0
    done = 0
    try:
        for number, raw in nonblank_lines(stream):
            if on_bytes:
                # Progress in bytes of the file on disk (compressed for .gz).
                position = raw_file.tell() if raw_file is not None else done + len(raw) + 1
                on_bytes(position - done)
                done = position
            yield parse_json_line(raw, source, number, text_field, id_field)
    except (OSError, EOFError) as exc:  # e.g. a truncated or corrupt .gz
        yield InvalidRecord(source, number + 1, f"could not be read to the end ({exc})",
                            f"Check the file, {SKIP_HINT}.")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
        if raw_file is not None:
            raw_file.close()


def decompressed(raw_file: BinaryIO, path: str) -> BinaryIO:
    """``raw_file`` read through gzip (.gz) or Zstandard (.zst), or as it is.

    >>> import io
    >>> decompressed(io.BytesIO(gzip.compress(b"x\\n")), "a.jsonl.gz").read()
    b'x\\n'
    """
    if path.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw_file, mode="rb")  # type: ignore[return-value]
    if path.endswith(".zst"):
        try:
            import zstandard
        except ImportError:
            raise InputFileError(f"{path}: reading .zst files needs the zstandard package: "
                                 "pip install 'textkit[zstd]'") from None
        # Frames written by streaming compressors may not record their size:
        # read_across_frames handles files made of several frames.
        reader = zstandard.ZstdDecompressor().stream_reader(raw_file, read_across_frames=True)
        return io.BufferedReader(reader, buffer_size=1 << 20)  # type: ignore[arg-type]
    return raw_file


def parquet_file(path: str):
    """A ``pyarrow.parquet.ParquetFile``, or InputFileError naming what is missing."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputFileError(f"{path}: reading Parquet needs the pyarrow package: "
                             "pip install 'textkit[parquet]'") from None
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError and others
        raise InputFileError(f"{path}: not a readable Parquet file ({exc}).") from None


def read_parquet(path: str, text_field: str = "text", id_field: str = "id",
                 row_groups: Optional[list[int]] = None, columns: Optional[list[str]] = None,
                 on_bytes: Optional[Callable[[int], None]] = None,
                 ) -> Iterator[Union[Record, InvalidRecord]]:
    """Rows of a Parquet file as records; ``line`` is the row number (from 1).

    ``row_groups`` limits reading to those row groups (their rows keep their
    numbers in the whole file); ``columns`` to those columns (the text and id
    fields are always read).  A row whose text is null or not a string is an
    ``InvalidRecord``.  The default id is ``FILE:ROW``.
    """
    file = parquet_file(path)
    names = file.schema_arrow.names
    if text_field not in names:
        yield InvalidRecord(path, 1, f'no "{text_field}" column (columns: {", ".join(names[:8])})',
                            f"Name the text column with --text-field, {SKIP_HINT}.")
        return
    if columns is not None:
        columns = [c for c in names if c in set(columns) | {text_field, id_field}]
    groups = range(file.num_row_groups) if row_groups is None else row_groups
    first_row = np.concatenate(([0], np.cumsum([file.metadata.row_group(g).num_rows
                                                for g in range(file.num_row_groups)])))
    size = os.path.getsize(path)
    for g in groups:
        table = file.read_row_group(g, columns=columns)
        rows = table.to_pylist()
        row = int(first_row[g])
        for data in rows:
            row += 1
            text = data.get(text_field)
            if not isinstance(text, str):
                yield InvalidRecord(path, row, f'column "{text_field}" is '
                                    f'{"null" if text is None else type(text).__name__}, expected a string',
                                    f"Fix the row, {SKIP_HINT}.")
                continue
            record_id = data.get(id_field)
            yield Record(path, row, text, f"{path}:{row}" if record_id is None else record_id, data)
        if on_bytes:
            on_bytes(size * table.num_rows // max(1, file.metadata.num_rows))
