"""Reading records for the command line: JSONL, gzipped JSONL, .txt files, folders, stdin.

Every line that holds something is either a record or an ``InvalidRecord``
naming its file, line and problem, so callers can account for all input.
"""
from __future__ import annotations

import gzip
import json
import os
import sys
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Iterator, Optional, Union

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
TEXT_SUFFIXES = (".txt",)
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
        return json.dumps(self.data, ensure_ascii=False).encode("utf-8")

    @property
    def where(self) -> str:
        return f"{self.source} line {self.line}"

    def with_text(self, text: str, text_field: str = "text") -> bytes:
        """The record as a JSON line with its text replaced by ``text``: the
        ``text_field`` of a JSONL record, ``"text"`` of a .txt one; every
        other field keeps its value (JSON formatting is not kept).

        >>> Record("a.jsonl", 1, "old", 7, {"id": 7, "body": "old", "url": "u"}, b"").with_text("new", "body")
        b'{"id": 7, "body": "new", "url": "u"}'
        """
        data = dict(self.data)
        data[text_field if self.raw is not None else "text"] = text
        return json_line(data)


def json_line(value: Any) -> bytes:
    """``value`` as one line of UTF-8 JSON, without the newline; ASCII escapes
    only if it holds a lone surrogate (a ``\\ud800`` escape in the input),
    which UTF-8 cannot encode.

    >>> json_line({"text": "café"}), json_line({"text": "\\ud800"})
    (b'{"text": "caf\\xc3\\xa9"}', b'{"text": "\\\\ud800"}')
    """
    try:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value).encode("ascii")


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


def _iter_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
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
                    if name.endswith(JSONL_SUFFIXES + TEXT_SUFFIXES):
                        files.append(full)
                    else:
                        ignored.append(full)
        elif not os.path.exists(path):
            raise InputFileError(f"{path}: no such file or folder. Check the path.")
        elif path.endswith(JSONL_SUFFIXES + TEXT_SUFFIXES):
            files.append(path)
        else:
            raise InputFileError(
                f"{path}: unsupported file type. Use .jsonl, .jsonl.gz, .ndjson or .txt files, "
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
        stream = gzip.GzipFile(fileobj=raw_file, mode="rb") if path.endswith(".gz") else raw_file
    number = 0
    done = 0
    try:
        for number, raw in _iter_lines(stream):
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
