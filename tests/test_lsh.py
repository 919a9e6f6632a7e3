"""lsh_params, the S-curve and LSHIndex."""
import struct

import numpy as np
import pytest

from textkit import LSHIndex, MinHasher, _core, candidate_probability, lsh_params


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7, 0.8, 0.9, 0.95])
@pytest.mark.parametrize("num_perm", [16, 64, 128, 256])
def test_lsh_params_fit_and_put_the_s_curve_around_the_threshold(threshold, num_perm):
    bands, rows = lsh_params(threshold, num_perm)
    assert bands * rows <= num_perm
    # The S-curve's steepest point sits near the threshold.
    assert candidate_probability(min(threshold + 0.15, 1.0), bands, rows) > candidate_probability(
        max(threshold - 0.15, 0.0), bands, rows)


def test_lsh_params_minimise_the_weighted_error():
    grid = np.linspace(0, 1, 2001)

    def cost(b, r, t, wfp, wfn):
        below, above = grid[grid <= t], grid[grid >= t]
        fp = np.trapezoid(1 - (1 - below ** r) ** b, below)
        fn = np.trapezoid((1 - above ** r) ** b, above)
        return wfp * fp + wfn * fn

    for t, wfp, wfn in [(0.8, 0.5, 0.5), (0.6, 0.2, 0.8), (0.9, 0.9, 0.1)]:
        best = lsh_params(t, 64, wfp, wfn)
        best_cost = cost(*best, t, wfp, wfn)
        for b in range(1, 65):
            for r in range(1, 64 // b + 1):
                assert best_cost <= cost(b, r, t, wfp, wfn) + 1e-12


def test_recall_weight_lowers_the_s_curve():
    fair = lsh_params(0.8, 128)
    recall = lsh_params(0.8, 128, fp_weight=0.1, fn_weight=0.9)
    assert candidate_probability(0.8, *recall) > candidate_probability(0.8, *fair)


@pytest.mark.parametrize("args, message", [
    ((0.0, 128), "threshold must be in (0, 1], got 0.0"),
    ((1.5, 128), "threshold must be in (0, 1], got 1.5"),
    ((0.8, 0), "num_perm must be an integer >= 1, got 0"),
    ((0.8, 128, -1, 1), "fp_weight must be a number >= 0, got -1"),
    ((0.8, 128, 0, 0), "fp_weight and fn_weight cannot both be 0"),
])
def test_lsh_params_errors(args, message):
    with pytest.raises(ValueError) as info:
        lsh_params(*args)
    assert str(info.value) == message


def _random_pair(rng, size, overlap):
    universe = rng.choice(2**62, size=2 * size, replace=False).astype(np.uint64)
    common = int(overlap * size)
    a = universe[:size]
    b = np.concatenate([universe[:common], universe[size:2 * size - common]])
    return a, b, common / (2 * size - common)


@pytest.mark.parametrize("bands, rows", [(9, 13), (20, 6), (32, 4)])
def test_candidate_probability_follows_the_s_curve(bands, rows):
    """Share of pairs colliding in a band, over many seeds, against 1 - (1 - J^r)^b."""
    rng = np.random.default_rng(bands * 100 + rows)
    for overlap in (0.5, 0.75, 0.9):
        a, b, true_j = _random_pair(rng, 600, overlap)
        trials = 400
        hits = 0
        for seed in range(trials):
            sigs = np.stack([_core.superminhash(a, 128, seed), _core.superminhash(b, 128, seed)])
            keys = _core.lsh_band_keys(sigs, bands, rows)
            hits += bool((keys[0] == keys[1]).any())
        expected = candidate_probability(true_j, bands, rows)
        sd = np.sqrt(expected * (1 - expected) / trials)
        assert abs(hits / trials - expected) < 4 * sd + 0.02, (true_j, hits / trials, expected)


def test_index_insert_query_remove():
    h = MinHasher()
    base = "the written response could result in the start of a serious talk on secondary issues"
    index = LSHIndex(threshold=0.5)
    index.insert("a", h.signature(base))
    index.insert("b", h.signature(base + " said Lavrov"))
    index.insert(7, h.signature("an unrelated sentence about the weather in Moscow this week"))
    assert len(index) == 3 and "a" in index and 7 in index
    found = index.query(h.signature(base))
    assert [k for k, _ in found] == ["a", "b"]
    assert found[0][1] == 1.0 and 0.5 < found[1][1] < 1.0
    assert index.query(h.signature(base), min_similarity=0.99) == [("a", 1.0)]
    index.remove("a")
    assert len(index) == 2 and "a" not in index
    assert [k for k, _ in index.query(h.signature(base))] == ["b"]
    with pytest.raises(KeyError, match="key 'a' is not in the index"):
        index.remove("a")
    with pytest.raises(KeyError, match="key 'b' is already in the index"):
        index.insert("b", h.signature(base))


def test_index_rejects_bad_signatures_and_keys():
    index = LSHIndex(num_perm=64)
    with pytest.raises(ValueError, match="has 128 slots but this index holds num_perm=64"):
        index.query(MinHasher().signature("text"))
    with pytest.raises(TypeError, match="keys must be str or int, got tuple"):
        index.insert(("a", 1), MinHasher(num_perm=64).signature("text"))
    with pytest.raises(ValueError, match=r"params \(bands=20, rows=20\) need"):
        LSHIndex(params=(20, 20))


def test_explicit_params_override_threshold():
    index = LSHIndex(threshold=0.9, params=(32, 4))
    assert (index.bands, index.rows) == (32, 4)


def test_save_load_and_add_incrementally(tmp_path, seed_texts):
    h = MinHasher()
    yesterday = LSHIndex(threshold=0.7)
    yesterday.insert_many([f"day1-{i}" for i in range(5)], h.signatures(seed_texts))
    path = tmp_path / "index.tklsh"
    yesterday.save(path)
    with open(path, "rb") as f:
        assert f.read(8) == b"TKLSHIDX"
        assert struct.unpack("<I", f.read(4)) == (1,)

    today = LSHIndex.load(path)
    assert today.keys() == yesterday.keys()
    assert (today.bands, today.rows, today.num_perm) == (yesterday.bands, yesterday.rows, 128)
    assert np.array_equal(today.signatures_of(today.keys()), h.signatures(seed_texts))
    # A near-copy of yesterday's third article, arriving today.
    copy = seed_texts[2].replace("Kremlin", "Russian government") + "\nSource link"
    assert today.query(h.signature(copy))[0][0] == "day1-2"
    today.insert("day2-0", h.signature(copy))
    today.remove("day1-0")
    today.save(path)
    again = LSHIndex.load(path)
    assert again.keys() == ["day1-1", "day1-2", "day1-3", "day1-4", "day2-0"]
    assert [k for k, _ in again.query(h.signature(copy))][:2] == ["day2-0", "day1-2"]


def test_load_rejects_other_files(tmp_path):
    bad = tmp_path / "x.tklsh"
    bad.write_bytes(b"not an index at all")
    with pytest.raises(ValueError, match="is not a textkit LSH index"):
        LSHIndex.load(bad)
    index = LSHIndex()
    index.insert("a", MinHasher().signature("some text"))
    good = tmp_path / "good.tklsh"
    index.save(good)
    good.write_bytes(good.read_bytes()[:-5])
    with pytest.raises(ValueError, match="truncated file"):
        LSHIndex.load(good)
