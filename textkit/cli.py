"""The ``textkit`` command line."""
from __future__ import annotations

import itertools
import os
import re
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from typing import Any, BinaryIO, Iterable, Iterator, Optional

import click

from textkit.atomic import atomic_write
from textkit.clean import CleanConfig
from textkit.clean import clean as run_clean
from textkit.clean import prepare as prepare_text
from textkit.dedup_files import (dedup_files, default_jobs, parse_memory, spool_stdin,
                                 write_clusters, write_kept)
from textkit.engine import BYTES_PER_DOC, DedupSettings
from textkit.pipeline import quote_json, write_quote_clusters
from textkit.quote_groups import quote_clusters
from textkit.quotes import attribute
from textkit.records import (SUPPORTED, InputFileError, InvalidInput, InvalidRecord, Record,
                             expand_inputs, json_line, read_records)
from textkit.repeated import RepeatedLineFilter, source_of

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
    with atomic_write(path) as out:
        yield out


def input_files(inputs: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The files to read for INPUT... and the files left out of folders, or a
    ClickException naming the bad path."""
    try:
        files, ignored = expand_inputs(list(inputs))
    except InputFileError as exc:
        raise click.ClickException(str(exc)) from None
    if files.count("-") > 1:
        raise click.ClickException("- (standard input) can be given only once.")
    return files, ignored


@contextmanager
def readable_files(files: list[str], tmp_dir: Optional[str], quiet: bool):
    """(files, names, progress bar) for commands that read their input twice or
    in shards: standard input is first copied to a temporary file (named
    "-" in messages, removed afterwards); the bar counts bytes on disk."""
    spool_dir = tempfile.mkdtemp(prefix="textkit-stdin-", dir=tmp_dir) if "-" in files else None
    try:
        names = list(files)
        files = list(files)
        if spool_dir is not None:
            files[files.index("-")] = spool_stdin(spool_dir)
        total = sum(os.path.getsize(f) for f in files)
        hidden = quiet or spool_dir is not None or total < PROGRESS_MIN_BYTES
        with click.progressbar(length=total, label="reading", file=sys.stderr, hidden=hidden) as bar:
            yield files, names, bar
    finally:
        if spool_dir is not None:
            shutil.rmtree(spool_dir, ignore_errors=True)


class RecordReader:
    """The records of all inputs, in order, read lazily with a progress bar on stderr.

    Iterating raises ``click.ClickException`` at the first bad record, or with
    ``skip_invalid`` collects it in ``invalid`` and goes on.  The bar (bytes
    read) shows unless ``quiet``, when reading stdin, or for inputs smaller
    than ``PROGRESS_MIN_BYTES``; ``show_bar`` says whether it does.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(path, "w").write('{"text": "one"}\\n[]\\n{"text": "two"}\\n')
    >>> reader = RecordReader((path,), "text", "id", skip_invalid=True, quiet=True)
    >>> [r.text for r in reader], [i.line for i in reader.invalid]
    (['one', 'two'], [2])
    """

    def __init__(self, inputs: tuple[str, ...], text_field: str, id_field: str,
                 skip_invalid: bool, quiet: bool) -> None:
        files, ignored = input_files(inputs)
        self.files, self.ignored = files, ignored
        self.text_field, self.id_field, self.skip_invalid = text_field, id_field, skip_invalid
        self.total = sum(os.path.getsize(f) for f in files if f != "-")
        self.show_bar = not quiet and "-" not in files and self.total >= PROGRESS_MIN_BYTES
        self.invalid: list[InvalidRecord] = []

    def __iter__(self) -> Iterator[Record]:
        with click.progressbar(length=self.total, label="reading", file=sys.stderr,
                               hidden=not self.show_bar) as bar:
            for path in self.files:
                for item in read_records(path, self.text_field, self.id_field, on_bytes=bar.update):
                    if isinstance(item, InvalidRecord):
                        if not self.skip_invalid:
                            raise click.ClickException(item.message)
                        self.invalid.append(item)
                    else:
                        yield item


def load_records(inputs: tuple[str, ...], text_field: str, id_field: str, skip_invalid: bool,
                 quiet: bool) -> tuple[list[Record], list[InvalidRecord], list[str]]:
    """Read every input; raise ClickException at the first bad record unless skipping."""
    reader = RecordReader(inputs, text_field, id_field, skip_invalid, quiet)
    records = list(reader)
    return records, reader.invalid, reader.ignored


def report(counts: dict[str, object], invalid: list[InvalidRecord], ignored: list[str],
           quiet: bool) -> None:
    for item in invalid:
        click.echo(f"skipped {item.source} line {item.line}: {item.problem}", err=True)
    if ignored and not quiet:
        click.echo(f"ignored {len(ignored)} file(s) that are not {SUPPORTED}, "
                   f"e.g. {ignored[0]}", err=True)
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
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes that read and sketch the input [default: every core].")
@click.option("--threads", type=click.IntRange(min=1), hidden=True,
              help="Old name of --jobs, kept so that existing scripts run.")
@click.option("--memory", default="2G", show_default=True, metavar="SIZE",
              help="Memory budget (512M, 2G, ...): past it, band keys and verification data "
                   "spill to --tmp-dir. The result does not depend on it.")
@click.option("--tmp-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Where spill files go [default: the system's temporary folder].")
@click.option("--engine", default="embedded", show_default=True,
              type=click.Choice(["embedded", "spark"]),
              help="embedded: this machine; spark: Apache Spark (pip install 'textkit[spark]'), "
                   "-o and --clusters are then folders Spark writes.")
@click.option("--spark-master", metavar="URL",
              help="Spark master for --engine spark (default: spark-submit's, or local[*]).")
@click.option("--skip-invalid", is_flag=True,
              help="Count and list bad records instead of stopping at the first.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def dedup(inputs: tuple[str, ...], output: str, clusters_path: Optional[str], threshold: float,
          ngram: int, shingle: str, num_perm: int, seed: int, verify: str, text_field: str,
          id_field: str, keep: str, jobs: Optional[int], threads: Optional[int], memory: str,
          tmp_dir: Optional[str], engine: str, spark_master: Optional[str], skip_invalid: bool,
          quiet: bool) -> None:
    """Remove exact and near-duplicate documents.

    INPUT is a .jsonl or .ndjson file (optionally .gz or .zst), a .parquet
    file, a .txt file (one document, its id the file name), a folder of
    them, or - for JSONL on stdin.  The input is streamed: memory holds a
    few hundred bytes a document, within --memory, and the clusters are the
    same for any --jobs and --memory.

    \b
    Example:
        textkit dedup seeds/ -o kept.jsonl --clusters clusters.jsonl
    """
    started = time.perf_counter()
    if threads is not None:
        click.echo("--threads is now --jobs (worker processes); using --jobs "
                   f"{jobs or threads}.", err=True)
        jobs = jobs or threads
    try:
        budget = parse_memory(memory)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--memory") from None
    settings = DedupSettings.make(threshold, shingle=shingle, n=ngram, num_perm=num_perm, seed=seed,
                                  verify=verify, keep=keep)
    files, ignored = input_files(inputs)
    if engine == "spark":
        run_spark(files, output, clusters_path, settings, text_field, id_field, spark_master,
                  started, quiet)
        return
    with readable_files(files, tmp_dir, quiet) as (files, names, bar):
        try:
            result = dedup_files(files, settings, jobs=jobs or default_jobs(), memory=budget,
                                 tmp_dir=tmp_dir, text_field=text_field, id_field=id_field,
                                 skip_invalid=skip_invalid, names=names, on_bytes=bar.update)
        except (InvalidInput, InputFileError) as exc:
            raise click.ClickException(str(exc)) from None
        with atomic_output(output) as out:
            write_kept(result, out, text_field, id_field)
        if clusters_path:
            with atomic_output(clusters_path) as out:
                write_clusters(result, out)
    fixed = BYTES_PER_DOC * len(result.ids)
    if fixed > budget // 2 and not quiet:
        click.echo(f"note: {len(result.ids)} records need about {fixed / 2 ** 30:.1f} GiB that do not "
                   f"spill, more than half of --memory {memory}; the run may have used more memory "
                   "than asked. Raise --memory, or use --engine spark for corpora this size.",
                   err=True)
    counts = result.outcome.counts()
    counts["read"] = counts["read"] + len(result.invalid)
    counts["invalid"] = len(result.invalid)
    counts["seconds"] = round(time.perf_counter() - started, 3)
    report(counts, result.invalid, ignored, quiet)


def run_spark(files: list[str], output: str, clusters_path: Optional[str], settings: DedupSettings,
              text_field: str, id_field: str, master: Optional[str], started: float,
              quiet: bool) -> None:
    """``textkit dedup --engine spark``."""
    if output == "-" or "-" in files:
        raise click.ClickException("--engine spark reads files and writes folders: give input "
                                   "paths and -o FOLDER, not -.")
    try:
        from textkit.spark import dedup_paths
        counts = dedup_paths(files, output, clusters_path, text_col=text_field, id_col=id_field,
                             master=master, threshold=settings.threshold, shingle=settings.shingle,
                             n=settings.n, num_perm=settings.num_perm, seed=settings.seed,
                             params=settings.params, verify=settings.verify, keep=settings.keep)
    except (ImportError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    summary = {"read": sum(counts.values()), "kept": counts.get("unique", 0) + counts.get("kept", 0),
               "exact_duplicates": counts.get("exact", 0), "near_duplicates": counts.get("near", 0),
               "clusters": counts.get("kept", 0), "invalid": 0,
               "seconds": round(time.perf_counter() - started, 3)}
    report(summary, [], [], quiet)


class RepeatFit(click.ParamType):
    """``--repeat-fit``: ``all`` (None) or ``first:N`` (the int N).

    >>> RepeatFit().convert("first:500", None, None), RepeatFit().convert("all", None, None)
    (500, None)
    """

    name = "all|first:N"

    def convert(self, value: Any, param: Optional[click.Parameter],
                ctx: Optional[click.Context]) -> Optional[int]:
        if value is None or isinstance(value, int):
            return value
        if value == "all":
            return None
        match = re.fullmatch(r"first:([0-9]+)", value)
        if match and int(match.group(1)) >= 1:
            return int(match.group(1))
        self.fail(f"{value!r} is neither all nor first:N with N >= 1 (for example first:10000).",
                  param, ctx)


def _check_repeat_docs(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value == 1:
        raise click.BadParameter("1 would remove every line; use 0 (off) or 2 or more.")
    return value


@main.command("clean")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT",
              help="Where to write the cleaned records as JSONL (- = stdout).")
@click.option("--text-field", default="text", show_default=True,
              help="JSON field holding the text; the output has the cleaned text there.")
@click.option("--id-field", default="id", show_default=True,
              help="JSON field holding the record id, for --log (default id: FILE:LINE).")
@click.option("--source-field", metavar="FIELD",
              help="JSON field naming a record's source, for the repeated-line filter "
                   "[default: the host of the url field].")
@click.option("--log", "log_path", metavar="FILE",
              help="Write one JSON line per removed span to FILE: id, start, end, rule and text, "
                   "offsets into the original text.")
@click.option("--keep-tweets", is_flag=True, help="Keep embedded tweets.")
@click.option("--fold-quotes", is_flag=True, help="Turn curly quotes into straight ones.")
@click.option("--fold-dashes", is_flag=True, help="Turn en and em dashes into hyphens.")
@click.option("--no-mojibake-fix", is_flag=True,
              help="Leave mojibake (UTF-8 read as Latin-1 or cp1252) as it is.")
@click.option("--min-repeat-docs", default=3, show_default=True, type=click.IntRange(min=0),
              callback=_check_repeat_docs,
              help="Remove lines found in at least this many documents of one source; "
                   "0 turns the repeated-line filter off.")
@click.option("--repeat-fit", default="all", show_default=True, type=RepeatFit(), metavar="all|first:N",
              help="Learn repeated lines from all records, or from the first N and stream the rest.")
@click.option("--skip-invalid", is_flag=True,
              help="Count and list bad records instead of stopping at the first.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def clean_command(inputs: tuple[str, ...], output: str, text_field: str, id_field: str,
                  source_field: Optional[str], log_path: Optional[str], keep_tweets: bool,
                  fold_quotes: bool, fold_dashes: bool, no_mojibake_fix: bool,
                  min_repeat_docs: int, repeat_fit: Optional[int], skip_invalid: bool,
                  quiet: bool) -> None:
    """Repair, normalise and strip page chrome from article text.

    INPUT is a .jsonl, .jsonl.gz or .txt file (a .txt file is one document,
    its id the file name), a folder of them, or - for JSONL on stdin.  Each
    record is written in input order with its text field cleaned and every
    other field unchanged.

    Lines found in at least --min-repeat-docs documents of the same source
    (--source-field, else the host of the url field; records with neither
    are not filtered) are removed: site footers and blurbs.  With
    --repeat-fit all every record is read into memory first (about three
    times the input's size) to learn them from the whole input; with first:N
    only the first N are held, the rest is streamed and nothing is learned
    from it.  A bad record then stops the run after output has begun: an
    output file is not left behind, but standard output has what came before.

    \b
    Example:
        textkit clean scraped.jsonl -o clean.jsonl --source-field site --log removed.jsonl
    """
    started = time.perf_counter()
    if output == "-" and log_path == "-":
        raise click.ClickException("-o and --log cannot both be standard output; "
                                   "name a file for one of them.")
    config = CleanConfig(fix_mojibake=not no_mojibake_fix, fold_quotes=fold_quotes,
                         fold_dashes=fold_dashes, keep_tweets=keep_tweets)
    reader = RecordReader(inputs, text_field, id_field, skip_invalid, quiet)
    repeated = RepeatedLineFilter(min_docs=min_repeat_docs) if min_repeat_docs else None
    records: Iterable[Record] = reader
    if repeated is not None:
        stream = iter(reader)
        sample = list(stream if repeat_fit is None else itertools.islice(stream, repeat_fit))
        repeated.fit((prepare_text(r.text, config), source_of(r.data, source_field)) for r in sample)
        records = sample if repeat_fit is None else itertools.chain(sample, stream)
    # All records in memory: a second bar for cleaning them (streamed, the reading bar shows it).
    clean_bar = reader.show_bar and isinstance(records, list)
    counts = {"read": 0, "written": 0, "invalid": 0, "lines_removed": 0, "chars_in": 0,
              "chars_out": 0}
    with atomic_output(output) as out, \
            (atomic_output(log_path) if log_path else nullcontext()) as log, \
            click.progressbar(records, label="cleaning", file=sys.stderr,
                              hidden=not clean_bar) as bar:
        for record in bar:
            group = source_of(record.data, source_field) if repeated is not None else None
            if log is not None:
                result = run_clean(record.text, config, explain=True, source=group,
                                   repeated=repeated)
                text = result.text
                for removal in result.removed:
                    log.write(json_line({"id": record.id, "start": removal.start,
                                          "end": removal.end, "rule": removal.rule,
                                          "text": removal.text}) + b"\n")
                counts["lines_removed"] += len(result.removed)
            else:
                text = run_clean(record.text, config, source=group, repeated=repeated)
                # clean keeps whole lines of the normalised text, so the lines it
                # removed are the difference (tests check this against --log).
                counts["lines_removed"] += (_count_lines(prepare_text(record.text, config))
                                            - _count_lines(text))
            out.write(record.with_text(text, text_field) + b"\n")
            counts["written"] += 1
            counts["chars_in"] += len(record.text)
            counts["chars_out"] += len(text)
    counts["invalid"] = len(reader.invalid)
    counts["read"] = counts["written"] + counts["invalid"]
    counts["seconds"] = round(time.perf_counter() - started, 3)
    report(counts, reader.invalid, reader.ignored, quiet)


@main.command("run")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR",
              type=click.Path(file_okay=False),
              help="Folder for documents.jsonl, clusters.jsonl, quotes.jsonl, quote_clusters.jsonl, "
                   "removed.jsonl and report.html (made if missing; those files are replaced).")
@click.option("--threshold", default=0.8, show_default=True, type=click.FloatRange(0, 1, min_open=True),
              help="Jaccard similarity (of cleaned texts) at or above which two records are near "
                   "duplicates.")
@click.option("--text-field", default="text", show_default=True, help="JSON field holding the text.")
@click.option("--id-field", default="id", show_default=True,
              help="JSON field holding the record id (default id: FILE:LINE).")
@click.option("--source-field", metavar="FIELD",
              help="JSON field naming a record's outlet [default: the host of the url field, else "
                   "the file name].")
@click.option("--min-repeat-docs", default=3, show_default=True, type=click.IntRange(min=0),
              callback=_check_repeat_docs,
              help="Remove lines found in at least this many documents of one outlet; 0: off.")
@click.option("--repeat-fit", default=10000, show_default=True, type=click.IntRange(min=1),
              metavar="N", help="Learn repeated lines from the first N records (held in memory).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes that clean, attribute and sketch the input [default: every core].")
@click.option("--max-grouped-quotes", default=20000, show_default=True, type=click.IntRange(min=0),
              metavar="N", help="Group the same quotation across documents only up to N quotes "
                                "(the grouping grows with the square of the quotes); 0: no limit.")
@click.option("--memory", default="2G", show_default=True, metavar="SIZE",
              help="Memory budget of the dedup step (see textkit dedup).")
@click.option("--tmp-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Where dedup's spill files go.")
@click.option("--skip-invalid", is_flag=True,
              help="Count and list bad records instead of stopping at the first.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def run_command(inputs: tuple[str, ...], outdir: str, threshold: float, text_field: str,
                id_field: str, source_field: Optional[str], min_repeat_docs: int, repeat_fit: int,
                jobs: Optional[int], max_grouped_quotes: int, memory: str, tmp_dir: Optional[str],
                skip_invalid: bool, quiet: bool) -> None:
    """Clean, dedup and attribute quotes in one pass; write the results and a report.

    INPUT is read as by the other commands (JSONL plain, .gz or .zst,
    Parquet, .txt files, folders, - for stdin).  Each record is cleaned,
    its quotes found and its cleaned text sketched for dedup as it is read;
    OUTDIR gets documents.jsonl (every record, cleaned, with a "textkit"
    object: kept, reason, cluster, duplicate_of, similarity, quotes,
    removed_lines, outlet), clusters.jsonl, quotes.jsonl,
    quote_clusters.jsonl, removed.jsonl and report.html, one page to open
    in a browser.

    \b
    Example:
        textkit run seeds/ -o out/ && open out/report.html
    """
    from textkit.pipeline import run
    started = time.perf_counter()
    try:
        budget = parse_memory(memory)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--memory") from None
    files, ignored = input_files(inputs)
    with readable_files(files, tmp_dir, quiet) as (files, names, bar):
        try:
            result = run(files, outdir, DedupSettings.make(threshold), jobs=jobs or default_jobs(),
                         names=names, text_field=text_field, id_field=id_field,
                         source_field=source_field, min_repeat_docs=min_repeat_docs,
                         repeat_fit=repeat_fit, skip_invalid=skip_invalid, memory=budget,
                         tmp_dir=tmp_dir, max_grouped_quotes=max_grouped_quotes,
                         on_bytes=bar.update)
        except (InvalidInput, InputFileError) as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"could not write to {outdir}: {exc}") from None
    counts = dict(result.counts)
    counts["seconds"] = round(time.perf_counter() - started, 3)
    report(counts, result.invalid, ignored, quiet)
    if counts["quote_clusters"] == "not grouped":
        click.echo(f"note: {counts['quotes']} quotes are more than --max-grouped-quotes "
                   f"{max_grouped_quotes}: the same quotation was not grouped across documents.",
                   err=True)
    if not quiet:
        click.echo(f"open {os.path.join(outdir, 'report.html')}", err=True)


def _count_lines(text: str) -> int:
    """Non-blank lines of ``text``."""
    return sum(1 for line in text.split("\n") if line.strip())


@main.command("quotes")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT",
              help="Where to write one JSON line per quote (- = stdout).")
@click.option("--clusters", "clusters_path", metavar="FILE",
              help="Write one JSON line per quotation found more than once to FILE: canonical "
                   "text, speaker and every occurrence.")
@click.option("--text-field", default="text", show_default=True, help="JSON field holding the text.")
@click.option("--id-field", default="id", show_default=True,
              help="JSON field holding the record id (default id: FILE:LINE).")
@click.option("--skip-invalid", is_flag=True,
              help="Count and list bad records instead of stopping at the first.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def quotes_command(inputs: tuple[str, ...], output: str, clusters_path: Optional[str],
                   text_field: str, id_field: str, skip_invalid: bool, quiet: bool) -> None:
    """Find every quote, who said it, and the same quotation across records.

    INPUT is a .jsonl, .jsonl.gz or .txt file (a .txt file is one document,
    its id the file name), a folder of them, or - for JSONL on stdin.  Each
    quote is written as it is found, in input order: id, start, end (offsets
    of the quoted text in the record's text), text, speaker, speaker_start,
    speaker_end, cue, resolved (the speaker's full name), kind (full or
    fragment) and confidence.  Quotes are grouped across records once all are
    read (see textkit.quote_groups); --clusters writes the groups, with each
    occurrence's id, start, end and text.  A bad record stops the run after
    output has begun: an output file is not left behind, but standard output
    has what came before.

    \b
    Example:
        textkit quotes seeds/ -o quotes.jsonl --clusters quote-clusters.jsonl
    """
    started = time.perf_counter()
    if output == "-" and clusters_path == "-":
        raise click.ClickException("-o and --clusters cannot both be standard output; "
                                   "name a file for one of them.")
    reader = RecordReader(inputs, text_field, id_field, skip_invalid, quiet)
    documents: list[tuple[Any, str]] = []
    attributed = []
    counts = {"read": 0, "quotes": 0, "attributed": 0, "clusters": 0, "invalid": 0}
    with atomic_output(output) as out:
        for record in reader:
            found = attribute(record.text)
            for q in found:
                out.write(json_line(quote_json(record.id, q)) + b"\n")
            counts["quotes"] += len(found)
            counts["attributed"] += sum(q.speaker is not None for q in found)
            documents.append((record.id, record.text))
            attributed.append(found)
        clusters = quote_clusters(documents, quotes=attributed)
    if clusters_path:
        with atomic_output(clusters_path) as out:
            write_quote_clusters(clusters, out)
    counts["clusters"] = len(clusters)
    counts["invalid"] = len(reader.invalid)
    counts["read"] = len(documents) + counts["invalid"]
    counts["seconds"] = round(time.perf_counter() - started, 3)
    report(counts, reader.invalid, reader.ignored, quiet)
