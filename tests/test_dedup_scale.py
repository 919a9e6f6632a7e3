"""The streaming dedup engine: workers, memory budget, shards and input formats
give the same clusters as the in-memory ``dedup``."""
import gzip
import json
import sys

import numpy as np
import pytest

from textkit import _core, dedup
from textkit.cli import main
from textkit.dedup_files import (InvalidInput, cluster_lines, dedup_files, parse_memory,
                                 write_kept)
from textkit.engine import DedupSettings, Engine, sketch_texts
from textkit.minhash import MinHasher
from textkit.shards import plan_shards
from textkit.unionfind import UnionFind


def write_jsonl(path, docs, ids=True):
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(docs):
            f.write(json.dumps({"id": f"d{i}", "text": text} if ids else {"text": text}) + "\n")
    return str(path)


def decisions(result):
    outcome = result.outcome
    return (outcome.reason.tolist(), outcome.cluster.tolist(), outcome.duplicate_of.tolist(),
            np.round(np.nan_to_num(outcome.similarity, nan=-1), 9).tolist())


@pytest.mark.parametrize("keep,verify", [("first", "exact"), ("longest", "exact"),
                                         ("first", "estimate")])
def test_same_clusters_for_any_jobs_memory_and_shards(corpus, tmp_path, keep, verify):
    path = write_jsonl(tmp_path / "in.jsonl", corpus)
    settings = DedupSettings.make(0.6, keep=keep, verify=verify)
    base = dedup_files([path], settings)
    assert not base.outcome.spilled
    assert (base.outcome.reason != 0).sum() > 40  # the corpus has clusters to find
    runs = [
        dedup_files([path], settings, jobs=2, shard_bytes=20000, min_bytes_for_workers=0),
        dedup_files([path], settings, jobs=1, memory=4096, tmp_dir=str(tmp_path / "spill"),
                    shard_bytes=7000),
        dedup_files([path], settings, jobs=2, memory=4096, shard_bytes=50000,
                    min_bytes_for_workers=0),
    ]
    assert runs[0].workers == 2 and runs[1].outcome.spilled and runs[2].outcome.spilled
    for run in runs:
        assert decisions(run) == decisions(base)
        assert run.ids == base.ids
        assert list(cluster_lines(run)) == list(cluster_lines(base))
    # and the same as the in-memory API
    api = dedup(corpus, 0.6, keep=keep, verify=verify)
    assert [d.reason for d in api.decisions] == base.outcome.reasons().tolist()
    assert [d.duplicate_of if d.duplicate_of is not None else -1 for d in api.decisions] == \
        base.outcome.duplicate_of.tolist()
    assert not list((tmp_path / "spill").iterdir())  # spill files removed


def test_spilled_band_keys_give_the_same_candidates(corpus):
    settings = DedupSettings.make(0.5)
    free = Engine(settings)
    tight = Engine(settings, memory=1 << 16, spill_payloads=True)
    try:
        for lo in range(0, len(corpus), 50):
            batch = sketch_texts(corpus[lo:lo + 50], settings)
            free.add(batch)
            tight.add(batch)
        a, b = free.finish(), tight.finish()
    finally:
        tight.close()
    assert b.spilled and not a.spilled
    assert (a.candidate_pairs, a.verified_pairs) == (b.candidate_pairs, b.verified_pairs)
    assert a.cluster.tolist() == b.cluster.tolist()


def test_dedup_clusters_match_a_brute_force_union_of_pairs(corpus):
    """Every verified pair is an LSH candidate at a low threshold with many bands;
    brute force over all pairs gives the components the engine must find."""
    threshold = 0.5
    result = dedup(corpus, threshold, params=(64, 2))
    hasher = MinHasher()
    sets = [np.unique((hasher.shingle_hashes(t) >> np.uint64(32)).astype(np.uint32)) for t in corpus]
    union = UnionFind(len(corpus))
    for a in range(len(corpus)):
        for b in range(a + 1, len(corpus)):
            common = np.intersect1d(sets[a], sets[b]).size
            total = sets[a].size + sets[b].size - common
            if total and common / total >= threshold:
                union.union(a, b)
    expected = [c for c in union.components() if len(c) > 1]
    found = [[m[0] for m in c.members] for c in result.clusters]
    assert found == expected


def test_line_numbers_and_default_ids_across_shards(tmp_path):
    lines = ['{"text": "alpha beta gamma delta epsilon"}', "", '{"text": "zeta eta theta iota kappa"}',
             "   ", '{"text": "Alpha, beta; gamma delta epsilon!"}', '{"text": "lambda mu nu xi omicron"}']
    path = tmp_path / "in.jsonl"
    path.write_bytes(("\r\n".join(lines)).encode())  # CRLF, no newline at the end
    settings = DedupSettings.make(0.8)
    one = dedup_files([str(path)], settings)
    for size in (1, 5, 17, 40):
        many = dedup_files([str(path)], settings, shard_bytes=size)
        assert many.ids == one.ids == [f"{path}:1", f"{path}:3", f"{path}:5", f"{path}:6"]
        assert decisions(many) == decisions(one)
    assert one.outcome.reasons().tolist() == ["kept", "unique", "exact", "unique"]
    out = tmp_path / "kept.jsonl"
    with open(out, "wb") as f:
        write_kept(one, f)
    # kept lines copied byte for byte; the last one gets its newline
    assert out.read_bytes() == (lines[0] + "\r\n" + lines[2] + "\r\n" + lines[5] + "\n").encode()


def test_plan_shards_cover_every_line_once(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": "w" * (i % 13 + 1)}) + "\n" for i in range(200)))
    for size in (1, 10, 64, 999, 10 ** 6):
        shards = plan_shards([str(path)], size)
        assert shards[0].start == 0 and shards[-1].end == path.stat().st_size
        assert all(a.end == b.start for a, b in zip(shards, shards[1:]))
        result = dedup_files([str(path)], DedupSettings.make(0.9), shard_bytes=size)
        assert result.line_of.tolist() == list(range(1, 201))


def test_first_bad_record_in_input_order_is_reported_with_its_line(tmp_path):
    good = [json.dumps({"text": f"document number {i} with words"}) for i in range(60)]
    good[41] = "{not json"
    good[52] = json.dumps({"body": "no text field"})
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(good) + "\n")
    settings = DedupSettings.make(0.8)
    for size in (10 ** 6, 300):
        with pytest.raises(InvalidInput) as info:
            dedup_files([str(path)], settings, shard_bytes=size, jobs=2, min_bytes_for_workers=0)
        assert info.value.record.line == 42 and "not valid JSON" in str(info.value)
        skipped = dedup_files([str(path)], settings, shard_bytes=size, skip_invalid=True)
        assert [bad.line for bad in skipped.invalid] == [42, 53]
        assert len(skipped.ids) == 58


def test_zstd_gzip_and_plain_inputs_agree(corpus, tmp_path):
    zstandard = pytest.importorskip("zstandard")
    plain = write_jsonl(tmp_path / "in.jsonl", corpus)
    data = open(plain, "rb").read()
    gz = tmp_path / "in.jsonl.gz"
    gz.write_bytes(gzip.compress(data))
    zst = tmp_path / "in.jsonl.zst"
    # two frames, as a streaming writer that was flushed midway leaves them
    half = len(data) // 2
    compressor = zstandard.ZstdCompressor()
    zst.write_bytes(compressor.compress(data[:half]) + compressor.compress(data[half:]))
    settings = DedupSettings.make(0.6)
    results = [dedup_files([p], settings) for p in (plain, str(gz), str(zst))]
    for other in results[1:]:
        assert decisions(other) == decisions(results[0])
        assert other.ids == results[0].ids


def test_parquet_input_with_fields_and_row_groups(corpus, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"doc_id": [f"p{i}" for i in range(len(corpus))], "body": corpus,
                      "n": list(range(len(corpus)))})
    path = tmp_path / "in.parquet"
    pq.write_table(table, path, row_group_size=37)
    settings = DedupSettings.make(0.6)
    result = dedup_files([str(path)], settings, text_field="body", id_field="doc_id",
                         shard_bytes=1, jobs=2, min_bytes_for_workers=0)
    reference = dedup(corpus, 0.6)
    assert result.outcome.reasons().tolist() == [d.reason for d in reference.decisions]
    assert result.ids == [f"p{i}" for i in range(len(corpus))]
    out = tmp_path / "kept.jsonl"
    with open(out, "wb") as f:
        write_kept(result, f, "body", "doc_id")
    kept = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["n"] for row in kept] == [d.index for d in reference.decisions if d.kept]


def test_parquet_null_text_is_an_invalid_record(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"text": ["one two three", None, "four five six"]}), path)
    with pytest.raises(InvalidInput, match=r"line 2: column \"text\" is null"):
        dedup_files([str(path)], DedupSettings.make(0.8))
    result = dedup_files([str(path)], DedupSettings.make(0.8), skip_invalid=True)
    assert result.ids == [f"{path}:1", f"{path}:3"] and len(result.invalid) == 1


def test_cli_jobs_memory_stdin_and_parquet(runner, corpus, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", corpus)
    outputs = []
    for extra in (["--jobs", "1"], ["--jobs", "2", "--memory", "64K", "--tmp-dir", str(tmp_path / "t")]):
        out, clusters = tmp_path / f"k{len(outputs)}.jsonl", tmp_path / f"c{len(outputs)}.jsonl"
        result = runner.invoke(main, ["dedup", path, "-o", str(out), "--clusters", str(clusters),
                                      "--threshold", "0.6", *extra])
        assert result.exit_code == 0, result.output
        outputs.append((out.read_bytes(), clusters.read_bytes()))
    assert outputs[0] == outputs[1]
    piped = runner.invoke(main, ["dedup", "-", "--threshold", "0.6", "-q"],
                          input=open(path, "rb").read())
    assert piped.exit_code == 0 and piped.stdout_bytes == outputs[0][0]
    bad = runner.invoke(main, ["dedup", path, "--memory", "lots"])
    assert bad.exit_code == 2 and "'lots' is not a size" in bad.stderr


def test_parse_memory_rejects_nonsense():
    assert parse_memory("1.5G") == 3 << 29
    assert parse_memory("64KiB") == 65536
    for value in ("", "G", "-1G", "0", "2X"):
        with pytest.raises(ValueError):
            parse_memory(value)


# ---------------------------------------------------------------- kernels
def test_sketch_kernel_matches_the_separate_kernels(corpus):
    texts = corpus[:60] + ["", "one", "Ünïcödé wörds and more words here"]
    keys, fps, values, counts = _core.dedup_sketch_batch(texts, "word", 5, 64, 3, 8, 8)
    sigs, ref_fps = _core.minhash_batch(texts, "word", 5, 64, 3, fingerprints=True)
    assert np.array_equal(keys, _core.lsh_band_keys(sigs, 8, 8))
    assert np.array_equal(fps, ref_fps)
    offsets = np.concatenate(([0], np.cumsum(counts)))
    for i, text in enumerate(texts):
        top = (_core.shingle_hashes(text, "word", 5) >> np.uint64(32)).astype(np.uint32)
        assert values[offsets[i]:offsets[i + 1]].tolist() == np.unique(top).tolist()
    _, _, slots, counts = _core.dedup_sketch_batch(texts, "char", 4, 64, 3, 8, 8, "signature")
    char_sigs = _core.minhash_batch(texts, "char", 4, 64, 3)
    assert counts.tolist() == [64] * len(texts)
    assert np.array_equal(slots.reshape(-1, 64), (char_sigs & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def test_payload_overlaps_and_component_labels_against_python():
    rng = np.random.default_rng(4)
    sets = [np.unique(rng.integers(0, 60, rng.integers(0, 40)).astype(np.uint32)) for _ in range(30)]
    values = np.concatenate(sets)
    offsets = np.concatenate(([0], np.cumsum([s.size for s in sets])))
    first, second = rng.integers(0, 30, 200), rng.integers(0, 30, 200)
    got = _core.payload_overlaps(values, offsets, first, second)
    assert got.tolist() == [np.intersect1d(sets[a], sets[b]).size for a, b in zip(first, second)]
    sigs = rng.integers(0, 3, (30, 8)).astype(np.uint32)
    sigs[5] = 0xFFFFFFFF
    got = _core.payload_overlaps(sigs.reshape(-1), np.arange(31) * 8, first, second, "signature")
    want = [int(((sigs[a] == sigs[b]) & (sigs[a] != 0xFFFFFFFF)).sum()) for a, b in zip(first, second)]
    assert got.tolist() == want
    for edges in (0, 5, 40, 300):
        a, b = rng.integers(0, 100, edges), rng.integers(0, 100, edges)
        union = UnionFind(100)
        for x, y in zip(a.tolist(), b.tolist()):
            union.union(x, y)
        labels = _core.component_labels(100, a, b)
        assert labels.tolist() == [union.find(i) for i in range(100)]
    with pytest.raises(IndexError, match="edge 0"):
        _core.component_labels(3, np.array([0]), np.array([3]))
    with pytest.raises(IndexError, match="pair 0"):
        _core.payload_overlaps(values, offsets, np.array([30]), np.array([0]))


def test_a_pair_exactly_at_the_threshold_is_a_duplicate():
    # 4 shingles against 5, sharing 4: Jaccard exactly 0.8
    result = dedup(["a b c d e f g h", "a b c d e f g h i"], 0.8, params=(64, 2))
    assert [d.reason for d in result.decisions] == ["kept", "near"]
    assert result.decisions[1].similarity == 0.8


def test_api_streams_a_generator_under_a_budget(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules["textkit.dedup"], "BATCH_RECORDS", 37)
    free = dedup(corpus, 0.6)
    tight = dedup(({"text": t, "id": f"x{i}"} for i, t in enumerate(corpus)), 0.6, memory=4096,
                  tmp_dir=str(tmp_path))
    assert [(d.reason, d.duplicate_of, d.similarity) for d in tight.decisions] == \
        [(d.reason, d.duplicate_of, d.similarity) for d in free.decisions]
    assert tight.decisions[5].id == "x5"
    assert not list(tmp_path.iterdir())


def test_clean_and_quotes_read_parquet_and_zstd_too(runner, seed_texts, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    zstandard = pytest.importorskip("zstandard")
    pq.write_table(pa.table({"key": ["a", "b"], "body": seed_texts[:2]}), tmp_path / "in.parquet")
    lines = "".join(json.dumps({"key": k, "body": t}) + "\n" for k, t in zip("ab", seed_texts[:2]))
    (tmp_path / "in.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(lines.encode()))
    (tmp_path / "in.jsonl").write_text(lines)
    outputs = {}
    for name in ("in.parquet", "in.jsonl.zst", "in.jsonl"):
        result = runner.invoke(main, ["clean", str(tmp_path / name), "--text-field", "body",
                                      "--id-field", "key", "-q"])
        assert result.exit_code == 0, result.output
        outputs[name] = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r["key"] for r in outputs[name]] == ["a", "b"] and "text" not in outputs[name][0]
    assert outputs["in.parquet"] == outputs["in.jsonl.zst"] == outputs["in.jsonl"]


def test_old_threads_option_still_runs(runner, corpus, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", corpus)
    old = runner.invoke(main, ["dedup", path, "--threads", "2", "--threshold", "0.6", "-q"])
    new = runner.invoke(main, ["dedup", path, "--jobs", "2", "--threshold", "0.6", "-q"])
    assert old.exit_code == 0 and old.stdout_bytes == new.stdout_bytes
    assert "--threads is now --jobs" in old.stderr


def test_a_budget_below_the_fixed_cost_is_reported(runner, corpus, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", corpus)
    small = runner.invoke(main, ["dedup", path, "--memory", "100K", "-o", str(tmp_path / "a.jsonl")])
    assert small.exit_code == 0 and "do not spill, more than half of --memory 100K" in small.stderr
    enough = runner.invoke(main, ["dedup", path, "--memory", "1M", "-o", str(tmp_path / "b.jsonl")])
    assert enough.exit_code == 0 and "note:" not in enough.stderr
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_a_template_shared_by_many_pages_costs_pairs_linear_in_its_size(seed_texts):
    body = seed_texts[0][:3000]
    pages = [f"{body} page {i} of the archive" for i in range(600)]
    result = dedup(pages, 0.8)
    bands = result.params[0]
    assert result.counts["clusters"] == 1 and result.counts["kept"] == 1
    # every pair would be 179,700; a star and a chain per bucket are at most 2 x 600 per band
    assert result.verified_pairs <= 2 * len(pages) * bands
