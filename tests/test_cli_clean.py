"""``textkit clean`` through click's CliRunner: inputs, outputs, --log, the repeated-line filter, errors."""
import gzip
import json

import pytest

from textkit.clean import CleanConfig, clean
from textkit.cli import main
from test_cli import (BAD_INPUT_CASES, SKIP, check_unsupported_and_missing_paths, jsonl,
                      mixed_input_skips, write_mixed_input,
                      summary_counts)

FOOTER = "The Example Times is an independent newsroom funded by readers like you."
MOJIBAKE = ("The minister said “talks donâ€™t end here” — officials confirmed on Monday, "
            "adding that more meetings were planned…")



def with_footer(text):
    """The article with FOOTER as a paragraph in the middle of its body."""
    paragraphs = text.split("\n\n")
    paragraphs.insert(len(paragraphs) // 2, FOOTER)
    return "\n\n".join(paragraphs)


def read_jsonl(path_or_text):
    text = path_or_text if isinstance(path_or_text, str) else path_or_text.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def counts_without_seconds(stderr):
    return {k: v for k, v in summary_counts(stderr).items() if k != "seconds"}


@pytest.fixture
def sites(seed_texts, tmp_path):
    """Three articles from a.com and two from b.com, all with the same footer; in input order
    a.com, a.com, b.com, a.com, b.com."""
    hosts = ["https://www.a.com/1", "https://a.com/2", "https://b.com/1", "https://a.com/3",
             "https://www.b.com/2"]
    records = [{"id": f"r{i}", "url": url, "text": with_footer(text), "tags": ["x", i]}
               for i, (url, text) in enumerate(zip(hosts, seed_texts))]
    src = tmp_path / "sites.jsonl"
    src.write_text(jsonl(records), encoding="utf-8")
    return src, records


def test_clean_has_help(runner):
    result = runner.invoke(main, ["clean", "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: main clean [OPTIONS] INPUT...")
    for option in ["--output", "--text-field", "--id-field", "--source-field", "--log", "--keep-tweets",
                   "--fold-quotes", "--fold-dashes", "--no-mojibake-fix", "--min-repeat-docs",
                   "--repeat-fit", "--skip-invalid", "--quiet"]:
        assert option in result.output


def test_jsonl_records_keep_every_other_field_and_their_order(runner, tmp_path, seed_texts):
    records = [{"id": 1, "text": seed_texts[0], "meta": {"lang": "en", "score": 0.5}, "n": None},
               {"text": MOJIBAKE, "url": "https://x.org/", "id": "two", "ünï": "cödé"},
               {"id": 3, "text": ""}]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(jsonl(records), encoding="utf-8")
    result = runner.invoke(main, ["clean", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = read_jsonl(out)
    assert [{k: v for k, v in r.items() if k != "text"} for r in written] == [
        {k: v for k, v in r.items() if k != "text"} for r in records]
    assert [list(r) for r in written] == [list(r) for r in records]  # field order kept
    assert [r["text"] for r in written] == [clean(r["text"]) for r in records]
    assert "don’t" in written[1]["text"]
    counts = counts_without_seconds(result.stderr)
    assert counts == {"read": 3, "written": 3, "invalid": 0,
                      "lines removed": counts["lines removed"],
                      "chars in": sum(len(r["text"]) for r in records),
                      "chars out": sum(len(r["text"]) for r in written)}
    assert counts["lines removed"] > 0


def test_txt_folder(runner, seed_paths, seed_texts):
    result = runner.invoke(main, ["clean", str(seed_paths[0].parent)])
    assert result.exit_code == 0, result.output
    written = read_jsonl(result.stdout)
    assert written == [{"id": p.name, "text": clean(t)} for p, t in zip(seed_paths, seed_texts)]
    assert summary_counts(result.stderr)["read"] == 5


def test_stdin_to_stdout(runner, seed_texts):
    data = jsonl([{"id": 1, "text": seed_texts[3]}, {"id": 2, "text": MOJIBAKE}])
    result = runner.invoke(main, ["clean", "-", "-q"], input=data.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert read_jsonl(result.stdout) == [{"id": 1, "text": clean(seed_texts[3])},
                                         {"id": 2, "text": clean(MOJIBAKE)}]


def test_gzip_input_text_and_id_fields(runner, tmp_path, seed_texts):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(jsonl([{"doc": "x", "body": seed_texts[2], "text": "left alone"}]))
    log = tmp_path / "log.jsonl"
    result = runner.invoke(main, ["clean", str(src), "--text-field", "body", "--id-field", "doc",
                                  "--log", str(log)])
    assert result.exit_code == 0, result.output
    assert read_jsonl(result.stdout) == [{"doc": "x", "body": clean(seed_texts[2]), "text": "left alone"}]
    assert {entry["id"] for entry in read_jsonl(log)} == {"x"}


@pytest.mark.parametrize("flags, config", [
    ([], CleanConfig()),
    (["--fold-quotes"], CleanConfig(fold_quotes=True)),
    (["--fold-dashes"], CleanConfig(fold_dashes=True)),
    (["--no-mojibake-fix"], CleanConfig(fix_mojibake=False)),
    (["--keep-tweets"], CleanConfig(keep_tweets=True)),
    (["--fold-quotes", "--fold-dashes", "--keep-tweets"],
     CleanConfig(fold_quotes=True, fold_dashes=True, keep_tweets=True)),
])
def test_options_set_the_clean_config(runner, seed_texts, flags, config):
    texts = [MOJIBAKE, seed_texts[2]]
    data = jsonl([{"id": i, "text": t} for i, t in enumerate(texts)])
    result = runner.invoke(main, ["clean", "-", *flags], input=data.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert [r["text"] for r in read_jsonl(result.stdout)] == [clean(t, config) for t in texts]


def test_keep_tweets(runner, seed_paths):
    tweet = "pic.twitter.com/rhJiwp1uVt"
    dropped = runner.invoke(main, ["clean", str(seed_paths[2])])
    kept = runner.invoke(main, ["clean", str(seed_paths[2]), "--keep-tweets"])
    assert tweet not in read_jsonl(dropped.stdout)[0]["text"]
    assert tweet in read_jsonl(kept.stdout)[0]["text"]
    assert summary_counts(kept.stderr)["lines removed"] < summary_counts(dropped.stderr)["lines removed"]


def test_log_spans_are_exact_and_counted(runner, tmp_path, seed_paths, seed_texts, sites):
    src, records = sites
    for inputs, raws in [([str(src)], {r["id"]: r["text"] for r in records}),
                         ([str(p) for p in seed_paths], {p.name: t for p, t in zip(seed_paths, seed_texts)})]:
        log = tmp_path / "removed.jsonl"
        with_log = runner.invoke(main, ["clean", *inputs, "--log", str(log)])
        assert with_log.exit_code == 0, with_log.output
        entries = read_jsonl(log)
        assert entries and all(list(e) == ["id", "start", "end", "rule", "text"] for e in entries)
        for entry in entries:
            assert raws[entry["id"]][entry["start"]:entry["end"]] == entry["text"]
        # The summary counts the logged removals, and the same without --log.
        without_log = runner.invoke(main, ["clean", *inputs])
        assert without_log.stdout == with_log.stdout
        assert summary_counts(with_log.stderr)["lines removed"] == len(entries)
        assert summary_counts(without_log.stderr)["lines removed"] == len(entries)
    tweets = [e for e in entries if e["rule"] == "tweet"]
    assert {e["id"] for e in tweets} == {seed_paths[2].name}


def test_repeated_lines_removed_per_source(runner, sites, tmp_path):
    src, records = sites
    log = tmp_path / "removed.jsonl"
    result = runner.invoke(main, ["clean", str(src), "--log", str(log)])
    assert result.exit_code == 0, result.output
    has_footer = [FOOTER in r["text"] for r in read_jsonl(result.stdout)]
    assert has_footer == [False, False, True, False, True]  # a.com: 3 documents, b.com: 2
    footers = [(e["id"], e["rule"]) for e in read_jsonl(log) if e["text"] == FOOTER]
    assert footers == [("r0", "repeated-line"), ("r1", "repeated-line"), ("r3", "repeated-line")]
    # Every other line is cleaned as clean() alone would.
    assert [r["text"] for r in read_jsonl(result.stdout)] == [
        clean(r["text"]).replace(FOOTER + "\n\n", "") if not footer_kept else clean(r["text"])
        for r, footer_kept in zip(records, has_footer)]


@pytest.mark.parametrize("args, has_footer", [
    (["--min-repeat-docs", "2"], [False] * 5),
    (["--min-repeat-docs", "4"], [True] * 5),
    (["--min-repeat-docs", "0"], [True] * 5),
    (["--repeat-fit", "first:2"], [True] * 5),              # the sample has 2 documents of a.com
    (["--repeat-fit", "first:4"], [False, False, True, False, True]),
    (["--repeat-fit", "first:3", "--min-repeat-docs", "2"], [False, False, True, False, True]),
    (["--repeat-fit", "first:999"], [False, False, True, False, True]),
])
def test_repeated_line_options(runner, sites, args, has_footer):
    src, _ = sites
    result = runner.invoke(main, ["clean", str(src), *args])
    assert result.exit_code == 0, result.output
    assert [FOOTER in r["text"] for r in read_jsonl(result.stdout)] == has_footer


def test_source_field_groups_records(runner, sites, tmp_path):
    src, records = sites
    for record, site in zip(records, ["one", "two", "one", "three", "one"]):
        record["site"] = site
    src.write_text(jsonl(records), encoding="utf-8")
    result = runner.invoke(main, ["clean", str(src), "--source-field", "site"])
    assert [FOOTER in r["text"] for r in read_jsonl(result.stdout)] == [False, True, False, True, False]
    # A record without the field falls back to its URL's host.
    del records[1]["site"], records[3]["site"]
    src.write_text(jsonl(records + [dict(records[0], id="r5", site=None, url="https://a.com/9")]),
                   encoding="utf-8")
    result = runner.invoke(main, ["clean", str(src), "--source-field", "site"])
    assert [FOOTER in r["text"] for r in read_jsonl(result.stdout)] == [False, False, False, False, False, False]


def test_repeated_lines_learned_after_normalisation(runner, tmp_path, seed_texts):
    # The footer is written differently (spacing, non-breaking space, curly or straight quotes,
    # mojibake) in each record; clean() compares lines after repair and normalisation.
    variants = ["Read “our” policy here.", "Read  “our”\u00a0policy here.", "Read â€œourâ€\x9d policy here."]
    records = [{"id": i, "site": "s", "text": with_footer(seed_texts[i]).replace(FOOTER, v)}
               for i, v in enumerate(variants)]
    data = jsonl(records).encode("utf-8")
    for flags in [[], ["--fold-quotes"]]:
        result = runner.invoke(main, ["clean", "-", "--source-field", "site", *flags], input=data)
        assert result.exit_code == 0, result.stderr
        assert all("policy here" not in r["text"] for r in read_jsonl(result.stdout)), flags


@pytest.mark.parametrize("content, message", BAD_INPUT_CASES)
@pytest.mark.parametrize("fit", ["all", "first:1"])
def test_bad_input_fails_with_file_line_and_fix(runner, tmp_path, content, message, fit):
    src = tmp_path / "bad.jsonl"
    src.write_bytes(content)
    out, log = tmp_path / "out.jsonl", tmp_path / "log.jsonl"
    result = runner.invoke(main, ["clean", str(src), "-o", str(out), "--log", str(log),
                                  "--repeat-fit", fit])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {src} {message}\n"
    assert list(tmp_path.iterdir()) == [src]  # no partial or temporary file left behind


def test_bad_record_after_streaming_started_leaves_no_output(runner, tmp_path, seed_texts):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl([{"id": i, "text": t} for i, t in enumerate(seed_texts)]).encode() + b"oops\n")
    out, log = tmp_path / "out.jsonl", tmp_path / "log.jsonl"
    for fit in ["first:1", "all"]:
        for args in [["--repeat-fit", fit], ["--min-repeat-docs", "0"]]:
            result = runner.invoke(main, ["clean", str(src), "-o", str(out), "--log", str(log), *args])
            assert result.exit_code == 1
            assert result.stderr == (f"Error: {src} line 6: not valid JSON (Expecting value at column 1). "
                                     f"Fix the line, {SKIP}\n")
            assert list(tmp_path.iterdir()) == [src]


@pytest.mark.parametrize("fit", ["all", "first:2"])
def test_skip_invalid_counts_and_lists(runner, tmp_path, seed_texts, fit):
    src = tmp_path / "mixed.jsonl"
    write_mixed_input(src, seed_texts[0], seed_texts[1])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["clean", str(src), "-o", str(out), "--skip-invalid", "--repeat-fit", fit])
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines()[:3] == mixed_input_skips(src)
    counts = summary_counts(result.stderr)
    assert (counts["read"], counts["written"], counts["invalid"]) == (5, 2, 3)
    assert counts["read"] == counts["written"] + counts["invalid"]
    assert [r["id"] for r in read_jsonl(out)] == [1, 2]


def test_unsupported_and_missing_paths(runner, tmp_path):
    check_unsupported_and_missing_paths(runner, tmp_path, "clean")


def test_output_and_log_cannot_both_be_stdout(runner):
    result = runner.invoke(main, ["clean", "-", "--log", "-"], input=b"")
    assert result.exit_code == 1
    assert result.stderr == "Error: -o and --log cannot both be standard output; name a file for one of them.\n"


def test_usage_errors_exit_2(runner):
    assert runner.invoke(main, ["clean"]).exit_code == 2
    result = runner.invoke(main, ["clean", "-", "--repeat-fit", "last:3"], input=b"")
    assert result.exit_code == 2
    assert ("Invalid value for '--repeat-fit': 'last:3' is neither all nor first:N with N >= 1 "
            "(for example first:10000).") in result.stderr
    assert runner.invoke(main, ["clean", "-", "--repeat-fit", "first:0"], input=b"").exit_code == 2
    result = runner.invoke(main, ["clean", "-", "--min-repeat-docs", "1"], input=b"")
    assert result.exit_code == 2
    assert ("Invalid value for '--min-repeat-docs': 1 would remove every line; use 0 (off) or 2 or more."
            in result.stderr)


def test_empty_input(runner):
    result = runner.invoke(main, ["clean", "-"], input=b"\n\n")
    assert result.exit_code == 0 and result.stdout == ""
    assert counts_without_seconds(result.stderr) == {
        "read": 0, "written": 0, "invalid": 0, "lines removed": 0, "chars in": 0, "chars out": 0}


def test_progress_bars_for_long_inputs_only(runner, tmp_path, monkeypatch, seed_texts):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"id": i, "text": seed_texts[i % 5]} for i in range(20)]))
    small = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "a.jsonl")])
    assert "reading" not in small.stderr and "cleaning" not in small.stderr
    monkeypatch.setattr("textkit.cli.PROGRESS_MIN_BYTES", 100)
    long = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "b.jsonl")])
    assert long.exit_code == 0 and long.stderr.startswith("reading")
    assert "cleaning" in long.stderr  # all records in memory: a second bar while cleaning
    streamed = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "c.jsonl"), "--repeat-fit", "first:3"])
    assert streamed.stderr.startswith("reading") and "cleaning" not in streamed.stderr
    assert runner.invoke(main, ["clean", str(src), "-q"]).stderr == ""
    from_stdin = runner.invoke(main, ["clean", "-"], input=src.read_bytes())
    assert from_stdin.exit_code == 0 and "reading" not in from_stdin.stderr
