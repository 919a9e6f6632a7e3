"""The ``textkit`` command line."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from typing import BinaryIO, Iterator, Optional

import click

from textkit.dedup import dedup as run_dedup
from textkit.records import InputFileError, InvalidRecord, Record, expand_inputs, read_records

PROGRESS_MIN_BYTES = 8 * 1024 * 1024  # inputs smaller than this finish before a bar helps


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="textkit", prog_name="textkit")
def main() -> None:
    """textkit: clean scraped text, find near-duplicate documents, attribute quotes."""


@contextmanager
def atomic_output(path: str) -> Iterator[BinaryIO]:
    """Write to ``path`` through a temporary file renamed into place on success,
    so a failed run leaves no partial file; ``-`` is standard output."""
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".textkit-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load_records(inputs: tuple[str, ...], text_field: str, id_field: str, skip_invalid: bool,
                 quiet: bool) -> tuple[list[Record], list[InvalidRecord], list[str]]:
    """Read every input; raise ClickException at the first bad record unless skipping."""
    try:
        files, ignored = expand_inputs(list(inputs))
    except InputFileError as exc:
        raise click.ClickException(str(exc)) from None
    if files.count("-") > 1:
        raise click.ClickException("- (standard input) can be given only once.")
    total = sum(os.path.getsize(f) for f in files if f != "-")
    show_bar = not quiet and "-" not in files and total >= PROGRESS_MIN_BYTES
    records: list[Record] = []
    invalid: list[InvalidRecord] = []
    with click.progressbar(length=total, label="reading", file=sys.stderr,
                           hidden=not show_bar) as bar:
        for path in files:
            for item in read_records(path, text_field, id_field, on_bytes=bar.update):
                if isinstance(item, InvalidRecord):
                    if not skip_invalid:
                        raise click.ClickException(item.message)
                    invalid.append(item)
                else:
                    records.append(item)
    return records, invalid, ignored


def report(counts: dict[str, object], invalid: list[InvalidRecord], ignored: list[str],
           quiet: bool) -> None:
    for item in invalid:
        click.echo(f"skipped {item.source} line {item.line}: {item.problem}", err=True)
    if ignored and not quiet:
        click.echo(f"ignored {len(ignored)} file(s) that are not .jsonl, .jsonl.gz, .ndjson or "
                   f".txt, e.g. {ignored[0]}", err=True)
    if not quiet:
        click.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()), err=True)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT",
              help="Where to write the kept records, unchanged, as JSONL (- = stdout).")
@click.option("--clusters", "clusters_path", metavar="FILE",
              help="Write one JSON line per duplicate cluster to FILE.")
@click.option("--threshold", default=0.8, show_default=True, type=click.FloatRange(0, 1, min_open=True),
              help="Jaccard similarity at or above which two records are near duplicates.")
@click.option("--ngram", default=5, show_default=True, type=click.IntRange(min=1),
              help="Shingle length in words (or characters with --shingle char).")
@click.option("--shingle", default="word", show_default=True, type=click.Choice(["word", "char"]),
              help="Shingle words or characters.")
@click.option("--num-perm", default=128, show_default=True, type=click.IntRange(1, 1 << 24),
              help="MinHash signature length.")
@click.option("--seed", default=1, show_default=True, type=click.IntRange(0, (1 << 64) - 1),
              help="MinHash seed; the same seed gives the same result everywhere.")
@click.option("--verify", default="exact", show_default=True, type=click.Choice(["exact", "estimate"]),
              help="Check candidate pairs with exact Jaccard or the MinHash estimate.")
@click.option("--text-field", default="text", show_default=True, help="JSON field holding the text.")
@click.option("--id-field", default="id", show_default=True,
              help="JSON field holding the record id (default id: FILE:LINE).")
@click.option("--keep", default="first", show_default=True, type=click.Choice(["first", "longest"]),
              help="Which record of a cluster to keep.")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(min=1),
              help="Threads for computing signatures.")
@click.option("--skip-invalid", is_flag=True,
              help="Count and list bad records instead of stopping at the first.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def dedup(inputs: tuple[str, ...], output: str, clusters_path: Optional[str], threshold: float,
          ngram: int, shingle: str, num_perm: int, seed: int, verify: str, text_field: str,
          id_field: str, keep: str, threads: int, skip_invalid: bool, quiet: bool) -> None:
    """Remove exact and near-duplicate documents.

    INPUT is a .jsonl, .jsonl.gz or .txt file (a .txt file is one document,
    its id the file name), a folder of them, or - for JSONL on stdin.

    \b
    Example:
        textkit dedup seeds/ -o kept.jsonl --clusters clusters.jsonl
    """
    started = time.perf_counter()
    records, invalid, ignored = load_records(inputs, text_field, id_field, skip_invalid, quiet)
    result = run_dedup([r.text for r in records], threshold, shingle=shingle, n=ngram,
                       num_perm=num_perm, seed=seed, verify=verify, keep=keep, threads=threads)
    with atomic_output(output) as out:
        for decision in result.decisions:
            if decision.kept:
                out.write(records[decision.index].to_json_line() + b"\n")
    if clusters_path:
        with atomic_output(clusters_path) as out:
            for cluster in result.clusters:
                line = {
                    "cluster": cluster.number,
                    "representative": records[cluster.representative].id,
                    "size": len(cluster.members),
                    "members": [{"id": records[i].id, "source": records[i].where,
                                 "similarity": round(sim, 6), "reason": reason}
                                for i, sim, reason in cluster.members],
                }
                out.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
    counts = dict(result.counts)
    counts["read"] = counts["read"] + len(invalid)
    counts["invalid"] = len(invalid)
    counts["seconds"] = round(time.perf_counter() - started, 3)
    report(counts, invalid, ignored, quiet)
