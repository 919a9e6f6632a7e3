"""``textkit quotes`` through click's CliRunner: inputs, quote lines, --clusters, errors, accounting."""
import gzip
import json

import click
import pytest

from textkit import attribute
from textkit.cli import main
from textkit.quote_groups import quote_clusters
from test_cli import (BAD_INPUT_CASES, SKIP, check_unsupported_and_missing_paths, jsonl,
                      mixed_input_skips, summary_counts, write_mixed_input)

FIELDS = ["id", "start", "end", "text", "speaker", "speaker_start", "speaker_end", "cue",
          "resolved", "kind", "confidence"]
PESKOV = "“We can’t say that they took our concerns into account,” Dmitry Peskov told reporters."
PESKOV_AGAIN = "Peskov said “we can’t say that they took our concerns into account” on Thursday."



def read_jsonl(path_or_text):
    text = path_or_text if isinstance(path_or_text, str) else path_or_text.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def counts_without_seconds(stderr):
    return {k: v for k, v in summary_counts(stderr).items() if k != "seconds"}


def expected_lines(record_id, text):
    return [{"id": record_id, "start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker,
             "speaker_start": q.speaker_start, "speaker_end": q.speaker_end, "cue": q.cue,
             "resolved": q.resolved, "kind": q.kind, "confidence": q.confidence}
            for q in attribute(text)]


def test_quotes_has_help(runner):
    result = runner.invoke(main, ["quotes", "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: main quotes [OPTIONS] INPUT...")
    for option in ["--output", "--clusters", "--text-field", "--id-field", "--skip-invalid", "--quiet"]:
        assert option in result.output
    assert "quotes" in main.list_commands(click.Context(main))


def test_seed_folder_writes_every_quote_and_the_clusters(runner, seed_paths, seed_texts, tmp_path):
    out, clusters = tmp_path / "quotes.jsonl", tmp_path / "clusters.jsonl"
    result = runner.invoke(main, ["quotes", str(seed_paths[0].parent), "-o", str(out),
                                  "--clusters", str(clusters)])
    assert result.exit_code == 0, result.output
    lines = read_jsonl(out)
    assert all(list(line) == FIELDS for line in lines)
    assert lines == [line for path, text in zip(seed_paths, seed_texts)
                     for line in expected_lines(path.name, text)]
    texts = {path.name: text for path, text in zip(seed_paths, seed_texts)}
    for line in lines:
        assert texts[line["id"]][line["start"]:line["end"]] == line["text"]
        if line["speaker"] is not None:
            assert texts[line["id"]][line["speaker_start"]:line["speaker_end"]] == line["speaker"]
    groups = read_jsonl(clusters)
    expected = quote_clusters([(path.name, text) for path, text in zip(seed_paths, seed_texts)])
    assert [(g["cluster"], g["canonical"], g["speaker"], g["size"]) for g in groups] == [
        (i, c.canonical, c.speaker, len(c)) for i, c in enumerate(expected)]
    assert [[(o["id"], o["start"], o["end"], o["text"]) for o in g["occurrences"]] for g in groups] == [
        [(o.doc, o.start, o.end, o.text) for o in c.occurrences] for c in expected]
    assert all(list(g) == ["cluster", "canonical", "speaker", "size", "occurrences"] for g in groups)
    peskov = [g for g in groups if g["speaker"] == "Dmitry Peskov"
              and g["canonical"].startswith("The numerous statements")]
    assert [o["id"][:3] for o in peskov[0]["occurrences"]] == ["000", "001", "002", "004"]
    assert counts_without_seconds(result.stderr) == {
        "read": 5, "quotes": len(lines), "attributed": sum(line["speaker"] is not None for line in lines),
        "clusters": len(groups), "invalid": 0}


def test_jsonl_with_text_and_id_fields(runner, tmp_path):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(jsonl([{"doc": "tass", "body": PESKOV, "text": "ignored"},
                       {"doc": "wire", "body": PESKOV_AGAIN}, {"doc": "none", "body": "No quotes."}]))
    clusters = tmp_path / "c.jsonl"
    result = runner.invoke(main, ["quotes", str(src), "--text-field", "body", "--id-field", "doc",
                                  "--clusters", str(clusters)])
    assert result.exit_code == 0, result.output
    assert read_jsonl(result.stdout) == expected_lines("tass", PESKOV) + expected_lines("wire", PESKOV_AGAIN)
    (group,) = read_jsonl(clusters)
    assert group["speaker"] == "Dmitry Peskov" and group["size"] == 2
    assert [o["id"] for o in group["occurrences"]] == ["tass", "wire"]
    assert counts_without_seconds(result.stderr) == {"read": 3, "quotes": 2, "attributed": 2,
                                                     "clusters": 1, "invalid": 0}


def test_default_id_is_file_and_line(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"text": PESKOV}, {"text": PESKOV_AGAIN}]), encoding="utf-8")
    result = runner.invoke(main, ["quotes", str(src), "-q"])
    assert [line["id"] for line in read_jsonl(result.stdout)] == [f"{src}:1", f"{src}:2"]


def test_stdin_to_stdout_and_clusters_to_stdout(runner, tmp_path):
    data = jsonl([{"id": 1, "text": PESKOV}, {"id": 2, "text": PESKOV_AGAIN}]).encode("utf-8")
    result = runner.invoke(main, ["quotes", "-", "-q"], input=data)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert read_jsonl(result.stdout) == expected_lines(1, PESKOV) + expected_lines(2, PESKOV_AGAIN)
    out = tmp_path / "q.jsonl"
    result = runner.invoke(main, ["quotes", "-", "-o", str(out), "--clusters", "-", "-q"], input=data)
    assert result.exit_code == 0, result.stderr
    (group,) = read_jsonl(result.stdout)
    assert [o["id"] for o in group["occurrences"]] == [1, 2]
    assert len(read_jsonl(out)) == 2


def test_output_and_clusters_cannot_both_be_stdout(runner):
    result = runner.invoke(main, ["quotes", "-", "--clusters", "-"], input=b"")
    assert result.exit_code == 1
    assert result.stderr == ("Error: -o and --clusters cannot both be standard output; "
                             "name a file for one of them.\n")


@pytest.mark.parametrize("content, message", BAD_INPUT_CASES)
def test_bad_input_fails_with_file_line_and_fix(runner, tmp_path, content, message):
    src = tmp_path / "bad.jsonl"
    src.write_bytes(content)
    out, clusters = tmp_path / "out.jsonl", tmp_path / "clusters.jsonl"
    result = runner.invoke(main, ["quotes", str(src), "-o", str(out), "--clusters", str(clusters)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src} {message}\n"
    assert list(tmp_path.iterdir()) == [src]  # no partial or temporary file left behind


def test_bad_record_after_output_began_leaves_no_file(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl([{"id": 1, "text": PESKOV}, {"id": 2, "text": PESKOV_AGAIN}]).encode() + b"oops\n")
    out, clusters = tmp_path / "out.jsonl", tmp_path / "clusters.jsonl"
    result = runner.invoke(main, ["quotes", str(src), "-o", str(out), "--clusters", str(clusters)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {src} line 3: not valid JSON (Expecting value at column 1). "
                             f"Fix the line, {SKIP}\n")
    assert list(tmp_path.iterdir()) == [src]


def test_skip_invalid_counts_and_lists(runner, tmp_path):
    src = tmp_path / "mixed.jsonl"
    write_mixed_input(src, PESKOV, PESKOV_AGAIN)
    out, clusters = tmp_path / "out.jsonl", tmp_path / "clusters.jsonl"
    result = runner.invoke(main, ["quotes", str(src), "-o", str(out), "--clusters", str(clusters),
                                  "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[:3] == mixed_input_skips(src)
    assert counts_without_seconds(result.stderr) == {"read": 5, "quotes": 2, "attributed": 2,
                                                     "clusters": 1, "invalid": 3}
    assert [line["id"] for line in read_jsonl(out)] == [1, 2]
    assert [o["id"] for o in read_jsonl(clusters)[0]["occurrences"]] == [1, 2]


def test_unsupported_and_missing_paths(runner, tmp_path):
    check_unsupported_and_missing_paths(runner, tmp_path, "quotes")


def test_usage_errors_exit_2(runner):
    assert runner.invoke(main, ["quotes"]).exit_code == 2
    assert runner.invoke(main, ["quotes", "-", "--threshold", "0.5"], input=b"").exit_code == 2


def test_empty_input(runner, tmp_path):
    clusters = tmp_path / "c.jsonl"
    result = runner.invoke(main, ["quotes", "-", "--clusters", str(clusters)], input=b"\n\n")
    assert result.exit_code == 0 and result.stdout == "" and clusters.read_text() == ""
    assert counts_without_seconds(result.stderr) == {"read": 0, "quotes": 0, "attributed": 0,
                                                     "clusters": 0, "invalid": 0}


def test_progress_bar_for_long_inputs_only(runner, tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"id": i, "text": PESKOV} for i in range(20)]), encoding="utf-8")
    assert "reading" not in runner.invoke(main, ["quotes", str(src), "-o", str(tmp_path / "a")]).stderr
    monkeypatch.setattr("textkit.cli.PROGRESS_MIN_BYTES", 100)
    long = runner.invoke(main, ["quotes", str(src), "-o", str(tmp_path / "b.jsonl")])
    assert long.exit_code == 0 and long.stderr.startswith("reading")
    assert runner.invoke(main, ["quotes", str(src), "-q"]).stderr == ""
