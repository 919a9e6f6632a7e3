"""The textkit command line, through click's CliRunner and as a real process."""
import gzip
import json
import subprocess
import sys

import click
import pytest

from textkit.cli import main

SKIP = "or pass --skip-invalid to skip bad records."

# Bad input every command must report the same way: (file content, message after the path).
BAD_INPUT_CASES = [
    (b'{"id": 1, "text": "fine"}\n{"id": 2, "text": "ok"\n',
     "line 2: not valid JSON (Expecting ',' delimiter at column 23). Fix the line, " + SKIP),
    (b'{"id": 1, "text": "fine"}\n\n{"id": 2, "body": "x"}\n',
     'line 3: no "text" field (fields: body, id). Name the text field with --text-field, ' + SKIP),
    (b'{"id": 1, "text": 42}\n',
     'line 1: field "text" is a number, expected a string. Fix the record, ' + SKIP),
    (b'["a list"]\n',
     "line 1: expected a JSON object, got an array. Write one object per line, " + SKIP),
    (b'{"id": 1, "text": "caf\xe9"}\n',
     "line 1: bytes are not valid UTF-8 (byte 0xe9 at column 23). Re-encode the input as UTF-8 "
     "(for example iconv -f latin1 -t utf-8), " + SKIP),
]


def check_unsupported_and_missing_paths(runner, tmp_path, command):
    """A file of another type and a missing path: exit 1, a one-line fix."""
    other = tmp_path / "data.csv"
    other.write_text("a,b\n")
    result = runner.invoke(main, [command, str(other)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {other}: unsupported file type. Use .jsonl, .ndjson (also .gz "
                             "or .zst), .parquet or .txt files, a folder of them, or - for JSONL on "
                             "standard input.\n")
    result = runner.invoke(main, [command, str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'missing.jsonl'}: no such file or folder. Check the path.\n"





def jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def summary_counts(stderr):
    line = stderr.strip().splitlines()[-1]
    parts = dict(part.split(": ") for part in line.split(", "))
    return {k: float(v) if k == "seconds" else int(v) for k, v in parts.items()}


def test_every_command_has_help(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = main.list_commands(click.Context(main))
    assert "dedup" in commands
    for name in commands:
        sub = runner.invoke(main, [name, "-h"])
        assert sub.exit_code == 0, name
        assert "Usage: main " + name in sub.output or f"Usage: textkit {name}" in sub.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("textkit, version ")


def test_dedup_seed_folder(runner, seed_paths, tmp_path):
    out, clusters = tmp_path / "kept.jsonl", tmp_path / "clusters.jsonl"
    result = runner.invoke(main, ["dedup", str(seed_paths[0].parent), "-o", str(out),
                                  "--clusters", str(clusters)])
    assert result.exit_code == 0, result.output
    kept = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in kept] == [p.name for p in seed_paths]
    assert kept[0]["text"] == seed_paths[0].read_text(encoding="utf-8")
    assert clusters.read_text() == ""
    counts = summary_counts(result.stderr)
    assert {k: v for k, v in counts.items() if k != "seconds"} == {
        "read": 5, "kept": 5, "exact duplicates": 0, "near duplicates": 0, "clusters": 0, "invalid": 0}


def test_dedup_jsonl_keeps_records_unchanged_and_writes_clusters(runner, seed_texts, tmp_path):
    lines = [
        json.dumps({"id": "a", "text": seed_texts[0], "extra": [1, 2]}, ensure_ascii=False),
        '{"text": ' + json.dumps(seed_texts[0].upper()) + ',   "id": "b"}',
        json.dumps({"id": "c", "text": seed_texts[0] + "\nSource link\nLeave a Reply"}),
        json.dumps({"id": "d", "text": seed_texts[1]}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, clusters = tmp_path / "out.jsonl", tmp_path / "clusters.jsonl"
    result = runner.invoke(main, ["dedup", str(src), "-o", str(out), "--clusters", str(clusters)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == [lines[0], lines[3]]
    (cluster,) = [json.loads(line) for line in clusters.read_text().splitlines()]
    assert cluster["representative"] == "a" and cluster["size"] == 3
    assert [(m["id"], m["reason"]) for m in cluster["members"]] == [
        ("a", "kept"), ("b", "exact"), ("c", "near")]
    assert cluster["members"][2]["source"] == f"{src} line 3"
    assert 0.8 <= cluster["members"][2]["similarity"] < 1.0
    counts = summary_counts(result.stderr)
    assert (counts["read"], counts["kept"], counts["exact duplicates"], counts["near duplicates"],
            counts["clusters"]) == (4, 2, 1, 1, 1)


def test_stdin_to_stdout(runner, seed_texts):
    data = jsonl([{"id": 1, "text": seed_texts[3]}, {"id": 2, "text": seed_texts[3]},
                  {"id": 3, "text": seed_texts[4]}])
    result = runner.invoke(main, ["dedup", "-", "--keep", "first"], input=data.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 3]


def test_gzip_input_and_id_field(runner, seed_texts, tmp_path):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(jsonl([{"doc": "x", "body": seed_texts[0]}, {"doc": "y", "body": seed_texts[0]}]))
    clusters = tmp_path / "c.jsonl"
    result = runner.invoke(main, ["dedup", str(src), "--text-field", "body", "--id-field", "doc",
                                  "--clusters", str(clusters), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert [json.loads(line)["doc"] for line in result.stdout.splitlines()] == ["x"]
    assert json.loads(clusters.read_text())["members"][1]["id"] == "y"


def test_default_id_is_file_and_line(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"text": "one two three"}, {"text": "One, two; three!"}]))
    clusters = tmp_path / "c.jsonl"
    result = runner.invoke(main, ["dedup", str(src), "--clusters", str(clusters)])
    assert result.exit_code == 0
    assert json.loads(clusters.read_text())["members"][1]["id"] == f"{src}:2"


@pytest.mark.parametrize("content, message", BAD_INPUT_CASES)
def test_bad_input_fails_with_file_line_and_fix(runner, tmp_path, content, message):
    src = tmp_path / "bad.jsonl"
    src.write_bytes(content)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["dedup", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src} {message}\n"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]  # no partial or temporary file left behind


@pytest.mark.parametrize("command", ["dedup", "clean", "quotes"])
def test_bad_txt_bytes_name_the_line(runner, tmp_path, command):
    src = tmp_path / "latin.txt"
    src.write_bytes(b"first line\nsecond caf\xe9\n")
    result = runner.invoke(main, [command, str(src)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {src} line 2: bytes are not valid UTF-8 (byte 0xe9 at column 11).")


def write_mixed_input(src, first_text, second_text):
    """Five lines: two good records and three bad ones (bad JSON, no "text", bad UTF-8)."""
    src.write_bytes(jsonl([{"id": 1, "text": first_text}]).encode() + b"oops\n"
                    + jsonl([{"id": 2, "text": second_text}, {"id": 3}]).encode()
                    + b'{"id": 4, "text": "\xff"}\n')


def mixed_input_skips(src):
    """What ``--skip-invalid`` reports for the three bad lines of write_mixed_input."""
    return [
        f"skipped {src} line 2: not valid JSON (Expecting value at column 1)",
        f'skipped {src} line 4: no "text" field (fields: id)',
        f"skipped {src} line 5: bytes are not valid UTF-8 (byte 0xff at column 20)",
    ]


def test_skip_invalid_counts_and_lists(runner, tmp_path, seed_texts):
    src = tmp_path / "mixed.jsonl"
    write_mixed_input(src, seed_texts[0], seed_texts[0])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["dedup", str(src), "-o", str(out), "--skip-invalid"])
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines()[:3] == mixed_input_skips(src)
    counts = summary_counts(result.stderr)
    assert counts["read"] == 5 and counts["invalid"] == 3 and counts["kept"] == 1
    assert counts["read"] == counts["kept"] + counts["exact duplicates"] + counts[
        "near duplicates"] + counts["invalid"]


def test_unsupported_and_missing_paths(runner, tmp_path):
    other = tmp_path / "data.csv"
    other.write_text("a,b\n")
    result = runner.invoke(main, ["dedup", str(other)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {other}: unsupported file type. Use .jsonl, .ndjson (also .gz "
                             "or .zst), .parquet or .txt files, a folder of them, or - for JSONL on "
                             "standard input.\n")
    result = runner.invoke(main, ["dedup", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1
    assert "missing.jsonl: no such file or folder. Check the path." in result.stderr


def test_folder_reports_ignored_files(runner, tmp_path):
    (tmp_path / "a.txt").write_text("some words here")
    (tmp_path / "notes.md").write_text("# not input")
    result = runner.invoke(main, ["dedup", str(tmp_path)])
    assert result.exit_code == 0
    assert "ignored 1 file(s) that are not .jsonl" in result.stderr


def test_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(main, ["dedup"]).exit_code == 2
    assert runner.invoke(main, ["dedup", "-", "--threshold", "1.5"], input=b"").exit_code == 2
    assert runner.invoke(main, ["dedup", "-", "--keep", "last"], input=b"").exit_code == 2


def test_python_dash_m_runs_the_cli(seed_paths, tmp_path):
    out = tmp_path / "kept.jsonl"
    proc = subprocess.run([sys.executable, "-m", "textkit", "dedup", str(seed_paths[0].parent),
                           "-o", str(out)], capture_output=True, text=True,
                          cwd=tmp_path)  # outside the source tree: run the installed package
    assert proc.returncode == 0, proc.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    assert proc.stderr.startswith("read: 5, kept: 5")


def test_progress_bar_for_long_inputs_only(runner, tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"id": i, "text": f"document number {i}"} for i in range(50)]))
    quiet_small = runner.invoke(main, ["dedup", str(src), "-o", str(tmp_path / "a.jsonl")])
    assert "reading" not in quiet_small.stderr  # small input: no bar
    monkeypatch.setattr("textkit.cli.PROGRESS_MIN_BYTES", 100)
    long = runner.invoke(main, ["dedup", str(src), "-o", str(tmp_path / "b.jsonl")])
    assert long.exit_code == 0 and long.stderr.startswith("reading")
    assert "reading" not in runner.invoke(main, ["dedup", str(src), "-q"]).stderr
    from_stdin = runner.invoke(main, ["dedup", "-"], input=src.read_bytes())
    assert from_stdin.exit_code == 0 and "reading" not in from_stdin.stderr
