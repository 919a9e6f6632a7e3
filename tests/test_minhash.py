"""MinHasher, jaccard and exact_jaccard: accuracy, normalisation, errors."""
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reference as ref
from textkit import EMPTY_SLOT, MinHasher, exact_jaccard, fingerprints, jaccard


def _pair_with_edits(n_words, replace_fraction, rng):
    vocab = [f"w{i}" for i in range(5000)]
    a = [rng.choice(vocab) for _ in range(n_words)]
    b = list(a)
    for i in rng.sample(range(n_words), max(1, int(replace_fraction * n_words))):
        b[i] = rng.choice(vocab) + "x"
    return " ".join(a), " ".join(b)


@pytest.mark.parametrize("n_words", [30, 150, 1500])
@pytest.mark.parametrize("replace_fraction", [0.01, 0.04, 0.1, 0.2])
def test_estimator_is_unbiased_and_within_10_percent_of_minhash_rmse(n_words, replace_fraction):
    """Against exact Jaccard over 300 seeds: |bias| small, RMSE <= 1.1 sqrt(J(1-J)/k)."""
    rng = random.Random(n_words * 1000 + int(replace_fraction * 100))
    text_a, text_b = _pair_with_edits(n_words, replace_fraction, rng)
    true_j = exact_jaccard(text_a, text_b)
    assert 0.02 < true_j < 0.99
    num_perm, trials = 128, 300
    estimates = np.array([
        jaccard(*MinHasher(num_perm=num_perm, seed=seed).signatures([text_a, text_b]))
        for seed in range(trials)
    ])
    bound = np.sqrt(true_j * (1 - true_j) / num_perm)
    rmse = np.sqrt(np.mean((estimates - true_j) ** 2))
    bias = estimates.mean() - true_j
    assert abs(bias) < 4 * bound / np.sqrt(trials), (bias, bound)
    assert rmse <= 1.1 * bound, (rmse, bound)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300), st.sampled_from([("word", 2), ("word", 5), ("char", 4)]))
def test_exact_jaccard_matches_string_shingles(a, b, kind_n):
    kind, n = kind_n
    assert exact_jaccard(a, b, shingle=kind, n=n) == pytest.approx(ref.exact_jaccard(a, b, kind, n))


def test_identical_and_disjoint_texts():
    h = MinHasher()
    text = "Kremlin spokesperson Dmitry Peskov told reporters on Thursday"
    assert jaccard(h.signature(text), h.signature(text.upper() + "!!")) == 1.0
    assert jaccard(h.signature(text), h.signature("completely different words about something else")) == 0.0


def test_empty_texts_have_similarity_zero():
    h = MinHasher(num_perm=16)
    empty = h.signature("")
    assert (empty == EMPTY_SLOT).all()
    assert jaccard(empty, empty) == 0.0
    assert exact_jaccard("", "") == 0.0
    assert exact_jaccard("", "some words") == 0.0


def test_nfc_and_nfd_agree():
    h = MinHasher(n=1)
    composed, decomposed = "café crème", "cafe\u0301 cre\u0300me"
    assert np.array_equal(h.signature(composed), h.signature(decomposed))
    assert exact_jaccard(composed, decomposed, n=1) == 1.0


def test_signatures_do_not_depend_on_threads(seed_texts):
    h = MinHasher(num_perm=64)
    texts = seed_texts * 10
    assert np.array_equal(h.signatures(texts), h.signatures(texts, threads=3))
    assert np.array_equal(h.signatures(texts[:1])[0], h.signature(texts[0]))


def test_seed_changes_signature_but_not_estimate_quality(seed_texts):
    a = MinHasher(seed=1).signature(seed_texts[0])
    b = MinHasher(seed=2).signature(seed_texts[0])
    assert not np.array_equal(a, b)


def test_char_shingles_see_shared_words_across_rewrites(seed_texts):
    """The seeds are rewrites of one story: few 5-word runs, many 5-char runs in common."""
    word = exact_jaccard(seed_texts[0], seed_texts[4])
    char = exact_jaccard(seed_texts[0], seed_texts[4], shingle="char")
    assert word < 0.05 < char


def test_fingerprints_ignore_case_punctuation_and_spacing():
    f = fingerprints(["Peskov said: “No.”", "peskov   SAID no", "Peskov said yes"])
    assert (f[0] == f[1]).all()
    assert not (f[0] == f[2]).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"shingle": "sentence"}, "shingle must be 'word' or 'char', got 'sentence'"),
    ({"n": 0}, "n must be an integer >= 1, got 0"),
    ({"num_perm": 0}, "num_perm must be an integer in [1, 16777216], got 0"),
    ({"seed": -1}, "seed must be an integer in [0, 2**64), got -1"),
    ({"seed": 1.5}, "seed must be an integer in [0, 2**64), got 1.5"),
])
def test_minhasher_rejects_bad_config(kwargs, message):
    with pytest.raises(ValueError) as info:
        MinHasher(**kwargs)
    assert str(info.value) == message


def test_bad_inputs_name_the_problem():
    h = MinHasher()
    with pytest.raises(TypeError, match="text must be str, got bytes; decode bytes first"):
        h.signature(b"abc")
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, got NoneType"):
        h.signatures(["a", None])
    with pytest.raises(TypeError, match="got a single str; wrap it in a list"):
        h.signatures("abc")
    with pytest.raises(ValueError, match="signatures differ in length"):
        jaccard(MinHasher(num_perm=8).signature("a"), MinHasher(num_perm=16).signature("a"))
    with pytest.raises(TypeError, match="sig_a must be a 1-D uint64 signature"):
        jaccard([1, 2], h.signature("a"))
