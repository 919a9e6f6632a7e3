"""``textkit run``: every output file, the report's content, and bad input."""
import json
from html.parser import HTMLParser

import pytest

from textkit.cli import main
from textkit.report import side_by_side, speaker_key


class Page(HTMLParser):
    """Text and tags of a page; fails on a tag closed that was not open."""

    def __init__(self):
        super().__init__()
        self.text, self.tags, self.stack, self.links = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("link", "script", "img", "iframe"):
            self.links.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "link", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def seeds_with_a_copy(seed_texts, tmp_path):
    """The five seeds as JSONL, plus a near copy of the first with chrome added."""
    rows = [{"id": f"seed{i}", "text": t, "url": f"https://outlet{i}.example/story"}
            for i, t in enumerate(seed_texts)]
    copy = seed_texts[0].replace("reporters", "journalists") + "\n\nSource link\nLeave a Reply"
    rows.append({"id": "copy0", "text": copy, "url": "https://mirror.example/story"})
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_run_on_the_seeds_writes_every_file(runner, seed_paths, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(seed_paths[0].parent), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["documents.jsonl", "clusters.jsonl", "quotes.jsonl", "quote_clusters.jsonl",
         "removed.jsonl", "report.html"])
    documents = read_jsonl(out / "documents.jsonl")
    quotes = read_jsonl(out / "quotes.jsonl")
    assert [d["id"] for d in documents] == [p.name for p in seed_paths]
    assert all(d["textkit"]["kept"] and d["textkit"]["reason"] == "unique" for d in documents)
    assert sum(d["textkit"]["quotes"] for d in documents) == len(quotes) > 30
    removed = read_jsonl(out / "removed.jsonl")
    assert sum(d["textkit"]["removed_lines"] for d in documents) == len(removed) > 0
    # offsets of a removal point into the original text
    original = {p.name: p.read_text(encoding="utf-8") for p in seed_paths}
    assert all(original[r["id"]][r["start"]:r["end"]] == r["text"] for r in removed)
    # and quote offsets into the cleaned text
    cleaned = {d["id"]: d["text"] for d in documents}
    assert all(cleaned[q["id"]][q["start"]:q["end"]] == q["text"] for q in quotes)
    assert "read: 5, kept: 5," in result.stderr and "report.html" in result.stderr


def test_report_shows_speakers_clusters_and_removals(runner, seeds_with_a_copy, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(seeds_with_a_copy), "-o", str(out)])
    assert result.exit_code == 0, result.output
    documents = read_jsonl(out / "documents.jsonl")
    copy = documents[-1]["textkit"]
    assert copy["reason"] == "near" and copy["duplicate_of"] == "seed0" and not copy["kept"]
    assert copy["outlet"] == "mirror.example" and 0.8 <= copy["similarity"] < 1
    clusters = read_jsonl(out / "clusters.jsonl")
    assert [m["id"] for m in clusters[0]["members"]] == ["seed0", "copy0"]
    page = Page()
    html = (out / "report.html").read_text(encoding="utf-8")
    page.feed(html)
    page.close()
    assert page.links == []  # self-contained: nothing fetched
    text = " ".join(page.text)
    for name in ("Dmitry Peskov", "Sergey Lavrov", "Blinken"):
        assert name in text
    assert "There always are prospects for continuing a dialogue" in text or "prospects" in text
    # the duplicate shown beside its kept record, the changed words marked
    assert "<ins>journalists</ins>" in html and "<del>reporters</del>" in html
    assert "outlet0.example" in text and "mirror.example" in text
    assert "comments" in text  # the "Leave a Reply" rule, among what was removed
    assert "Documents read" in text and ">6<" in html


def test_bad_record_stops_the_run_and_leaves_no_files(runner, seed_texts, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": seed_texts[0]}) + "\n{oops\n")
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(src), "-o", str(out)])
    assert result.exit_code == 1 and "line 2: not valid JSON" in result.stderr
    assert not any(out.iterdir())
    skipped = runner.invoke(main, ["run", str(src), "-o", str(out), "--skip-invalid"])
    assert skipped.exit_code == 0 and "invalid: 1" in skipped.stderr
    assert "line 2: not valid JSON" in (out / "report.html").read_text()


def test_side_by_side_marks_changes_and_escapes():
    left, right = side_by_side("keep <b>this</b> word", "keep <b>that</b> word")
    assert "<del>" in left and "<ins>" in right and "<b>" not in left + right
    assert speaker_key("Dmitri Peskov") == speaker_key("Peskov") == "peskov"


def test_same_output_for_any_jobs_and_shards(seed_texts, corpus, tmp_path):
    import re

    from textkit.engine import DedupSettings
    from textkit.pipeline import OUTPUT_FILES, run
    rows = [{"text": t, "url": f"https://site{i % 3}.example/{i}"} for i, t in enumerate(seed_texts + corpus[:80])]
    rows[7]["id"] = "given-id"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    outputs = []
    for jobs, shard_bytes in ((1, 10 ** 9), (2, 20000), (1, 7000)):
        out = tmp_path / f"out{jobs}-{shard_bytes}"
        result = run([str(src)], str(out), DedupSettings.make(0.6), jobs=jobs, shard_bytes=shard_bytes,
                     min_bytes_for_workers=0)
        assert result.workers == jobs
        files = {}
        for name in OUTPUT_FILES:
            data = (out / name).read_text(encoding="utf-8")
            files[name] = re.sub(r"Seconds</td><td class=n>[0-9.]+", "", data)
        outputs.append(files)
    assert outputs[0] == outputs[1] == outputs[2]
    documents = [json.loads(line) for line in outputs[0]["documents.jsonl"].splitlines()]
    assert [d["textkit"]["id"] for d in documents][6:9] == [f"{src}:7", "given-id", f"{src}:9"]
    assert sum(not d["textkit"]["kept"] for d in documents) > 5


def test_parquet_rows_keep_their_row_numbers_as_ids(corpus, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from textkit.engine import DedupSettings
    from textkit.pipeline import run
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"body": corpus[:50]}), path, row_group_size=7)
    run([str(path)], str(tmp_path / "out"), DedupSettings.make(0.6), jobs=2, text_field="body",
        shard_bytes=1, min_bytes_for_workers=0)
    documents = read_jsonl(tmp_path / "out" / "documents.jsonl")
    assert [d["textkit"]["id"] for d in documents] == [f"{path}:{row}" for row in range(1, 51)]
    assert [d["body"][:30] for d in documents[:3]] != [""] * 3


def test_quote_grouping_is_skipped_past_its_limit_and_says_so(runner, seed_paths, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(seed_paths[0].parent), "-o", str(out),
                                  "--max-grouped-quotes", "10"])
    assert result.exit_code == 0, result.output
    assert "quote clusters: not grouped" in result.stderr and "note: 50 quotes" in result.stderr
    assert (out / "quote_clusters.jsonl").read_text() == ""
    assert "was not looked for across documents" in (out / "report.html").read_text()
    grouped = runner.invoke(main, ["run", str(seed_paths[0].parent), "-o", str(tmp_path / "b"), "-q"])
    assert (tmp_path / "b" / "quote_clusters.jsonl").read_text().count("\n") > 3
    assert grouped.exit_code == 0
