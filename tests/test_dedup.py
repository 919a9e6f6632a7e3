"""dedup() on the seeds, on constructed near-copies of them, and its contract."""
import random

import pytest

from textkit import dedup, exact_jaccard

CHROME_TOP = "Top Stories\nShare this:\nFacebook Twitter WhatsApp\n"
CHROME_BOTTOM = ("\nSource link\nLeave a Reply\nYour email address will not be published.\n"
                 "Back to top button\n")


def edit_words(text, count, seed):
    """Change ``count`` random words (a typo, a synonym, a wire edit)."""
    rng = random.Random(seed)
    words = text.split(" ")
    for i in rng.sample(range(len(words)), count):
        words[i] = words[i] + "ed"
    return " ".join(words)


def truncate(text, fraction):
    return text[:int(len(text) * fraction)]


def add_chrome(text):
    return CHROME_TOP + text + CHROME_BOTTOM


def test_seeds_are_rewrites_not_duplicates(seed_texts):
    """The five outlets rewrote one wire story: no two share 5-word runs enough
    to be near duplicates (word 5-gram Jaccard at most 0.02), so all are kept."""
    for i in range(5):
        for j in range(i + 1, 5):
            assert exact_jaccard(seed_texts[i], seed_texts[j]) < 0.05
    result = dedup(seed_texts)
    assert [d.reason for d in result.decisions] == ["unique"] * 5
    assert result.counts == {"read": 5, "kept": 5, "exact_duplicates": 0, "near_duplicates": 0,
                             "clusters": 0}


@pytest.mark.parametrize("make_copy", [
    pytest.param(lambda t, i: edit_words(t, 5, i), id="five-word-edits"),
    pytest.param(lambda t, i: truncate(t, 0.85), id="truncated-to-85pc"),
    pytest.param(lambda t, i: add_chrome(t), id="chrome-lines-added"),
    pytest.param(lambda t, i: add_chrome(edit_words(truncate(t, 0.95), 2, i)), id="all-three"),
    pytest.param(lambda t, i: t.replace("\n\n", "\n").replace("’", "'").upper(), id="reformatted"),
])
def test_near_copies_of_every_seed_are_found(seed_texts, make_copy):
    copies = [make_copy(t, i) for i, t in enumerate(seed_texts)]
    for original, copy in zip(seed_texts, copies):
        assert exact_jaccard(original, copy) >= 0.8  # the construction is what we claim
    result = dedup(seed_texts + copies, threshold=0.8)
    assert result.counts["clusters"] == 5
    for i in range(5):
        original, copy = result.decisions[i], result.decisions[5 + i]
        assert original.kept and original.reason == "kept" and original.cluster == copy.cluster
        assert not copy.kept and copy.duplicate_of == i
        assert copy.reason in ("near", "exact")
        assert copy.similarity == pytest.approx(exact_jaccard(seed_texts[i], copies[i]))


def test_exact_duplicates_up_to_case_and_punctuation(seed_texts):
    variant = seed_texts[1].upper().replace("“", '"').replace("”", '"').replace("—", "-")
    result = dedup([seed_texts[1], seed_texts[2], variant])
    assert result.decisions[2].reason == "exact"
    assert result.decisions[2].similarity == 1.0
    assert result.decisions[2].duplicate_of == 0
    assert result.counts["exact_duplicates"] == 1 and result.counts["near_duplicates"] == 0


def test_keep_longest_keeps_the_fuller_version(seed_texts):
    short = truncate(seed_texts[3], 0.9)
    result = dedup([short, seed_texts[3]], keep="longest")
    assert [d.kept for d in result.decisions] == [False, True]
    assert result.decisions[0].duplicate_of == 1
    assert dedup([short, seed_texts[3]]).kept == [0]


def test_every_record_is_accounted_for(seed_texts):
    records = [{"id": f"doc-{i}", "text": t} for i, t in enumerate(seed_texts)]
    records += [{"id": "copy", "text": add_chrome(seed_texts[0])}, {"id": "empty", "text": ""},
                {"id": "empty-2", "text": " ... "}, {"text": seed_texts[0]}]
    result = dedup(records)
    assert len(result.decisions) == len(records)
    assert [d.index for d in result.decisions] == list(range(len(records)))
    counts = result.counts
    assert counts["read"] == counts["kept"] + counts["exact_duplicates"] + counts["near_duplicates"]
    assert result.decisions[5].id == "copy" and result.decisions[5].reason == "near"
    assert result.decisions[8].id == 8 and result.decisions[8].reason == "exact"
    # Texts without tokens are exact duplicates of each other, never of text.
    assert result.decisions[7].duplicate_of == 6
    assert result.decisions[6].kept


def test_chains_report_similarity_to_the_kept_record(seed_texts):
    base = seed_texts[2]
    step1 = truncate(base, 0.92)
    step2 = truncate(base, 0.84)
    result = dedup([base, step1, step2], threshold=0.88)
    assert result.counts["clusters"] == 1
    for d in result.decisions[1:]:
        assert d.similarity == pytest.approx(exact_jaccard(base, [base, step1, step2][d.index]))


def test_estimate_mode_and_explicit_params(seed_texts):
    copy = edit_words(seed_texts[4], 3, 0)
    exact = dedup([seed_texts[4], copy])
    estimated = dedup([seed_texts[4], copy], verify="estimate", params=(16, 8))
    assert exact.kept == estimated.kept == [0]
    assert estimated.params == (16, 8)
    assert abs(estimated.decisions[1].similarity - exact.decisions[1].similarity) < 0.1


def test_results_are_deterministic(seed_texts):
    texts = seed_texts + [edit_words(t, 4, i) for i, t in enumerate(seed_texts)]
    random.Random(3).shuffle(texts)
    first = dedup(texts, threshold=0.7)
    assert first.decisions == dedup(texts, threshold=0.7, threads=2).decisions
    assert first.clusters == dedup(texts, threshold=0.7).clusters


def test_char_shingles_find_the_rewrite_family_at_a_low_threshold(seed_texts):
    """At word level the outlets' rewrites share nothing; character 5-grams see
    the shared names and phrases (Jaccard about 0.2), enough at threshold 0.15."""
    result = dedup(seed_texts, threshold=0.15, shingle="char")
    assert result.counts["clusters"] == 1 and result.counts["kept"] == 1


@pytest.mark.parametrize("records, kwargs, error, message", [
    ([{"body": "x"}], {}, ValueError, "record 0 has no 'text' field; pass text_field="),
    ([{"text": 5}], {}, TypeError, "record 0: field 'text' must be str, got int"),
    (["ok", 5], {}, TypeError, "record 1 must be str or a mapping with a 'text' field, got int"),
    ("a single string", {}, TypeError, "got a single str; wrap it in a list"),
    (["x"], {"threshold": 0}, ValueError, "threshold must be in (0, 1], got 0"),
    (["x"], {"keep": "last"}, ValueError, "keep must be 'first' or 'longest', got 'last'"),
    (["x"], {"verify": "fuzzy"}, ValueError, "verify must be 'exact' or 'estimate', got 'fuzzy'"),
    (["x"], {"threads": 0}, ValueError, "threads must be an integer >= 1, got 0"),
])
def test_bad_records_and_options_raise_clear_errors(records, kwargs, error, message):
    with pytest.raises(error) as info:
        dedup(records, **kwargs)
    assert message in str(info.value)


def test_empty_input():
    result = dedup([])
    assert result.decisions == [] and result.clusters == []
    assert result.counts["read"] == 0
