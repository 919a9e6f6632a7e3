"""quote_clusters(): the seeds against hand-written golden cases, linking rules, speakers, inputs, errors."""
import doctest
import json
import re
from pathlib import Path

import pytest

import textkit.quote_groups as quote_groups
from textkit import attribute, exact_jaccard
from textkit.quote_groups import (CONTAINMENT, SPEAKER_THRESHOLD, THRESHOLD, QuoteCluster,
                                  QuoteOccurrence, quote_clusters)

GOLDEN = Path(__file__).resolve().parent / "golden" / "quotes"
DATA = json.loads((GOLDEN / "seeds.json").read_text(encoding="utf-8"))
CASES = DATA["quotes"]
GROUPS = DATA["groups"]
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
CHECKS = ("found", "speaker", "group")


def case_id(case):
    return f"{case['seed'][:3]}:{case['quote'][:30]}"


def surname(name):
    """How golden speakers compare: the last word, a leading "the" ignored, case folded."""
    if not name:
        return None
    words = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE).split()
    return words[-1].casefold() if words else None


# ---------------------------------------------------------------- golden cases


@pytest.fixture(scope="module")
def seeds():
    """{seed name: (text, its attribute() quotes)} and the clusters of all five, min_size=1."""
    texts = {name: (SEEDS / name).read_text(encoding="utf-8") for name in SEED_NAMES}
    quotes = {name: attribute(text) for name, text in texts.items()}
    clusters = quote_clusters([(name, texts[name]) for name in SEED_NAMES],
                              quotes=[quotes[name] for name in SEED_NAMES], min_size=1)
    return texts, quotes, clusters


def find(seeds, case):
    """The one quote of the case's seed that overlaps its substring, or None."""
    texts, quotes, _ = seeds
    text = texts[case["seed"]]
    at = text.find(case["quote"])
    hits = [q for q in quotes[case["seed"]] if q.start < at + len(case["quote"]) and at < q.end]
    return hits[0] if len(hits) == 1 else None


def cluster_of(seeds, case):
    quote = find(seeds, case)
    if quote is None:
        return None
    for index, cluster in enumerate(seeds[2]):
        if any(o.doc == case["seed"] and o.start == quote.start for o in cluster.occurrences):
            return index
    raise AssertionError(f"{case_id(case)} is in no cluster")


def test_golden_file_is_well_formed():
    for case in CASES:
        assert case["seed"] in SEED_NAMES, case
        text = (SEEDS / case["seed"]).read_text(encoding="utf-8")
        assert text.count(case["quote"]) == 1, f"{case_id(case)}: the substring must occur once"
        assert case["group"] is None or case["group"] in GROUPS, case
        assert case["expect"] in ("pass", "fail"), case
        fails = case.get("fails", {})
        assert (case["expect"] == "fail") == bool(fails), case
        assert set(fails) <= set(CHECKS) and all(reason.strip() for reason in fails.values()), case
    for name in GROUPS:
        assert sum(c["group"] == name and "group" not in c.get("fails", {}) and "found" not in
                   c.get("fails", {}) for c in CASES) >= 1, f"group {name} has no passing member"


def test_every_quote_attribute_finds_is_a_golden_case(seeds):
    texts, quotes, _ = seeds
    listed = {(c["seed"], find(seeds, c).start) for c in CASES if find(seeds, c) is not None}
    unlisted = [(name, q.text[:50]) for name in SEED_NAMES for q in quotes[name]
                if (name, q.start) not in listed]
    assert not unlisted, f"attribute() finds quotes tests/golden/quotes/seeds.json does not list: {unlisted}"


def check_params():
    """(case, check) pairs; checks a case lists in "fails" must fail (strict xfail)."""
    params = []
    for case in CASES:
        fails = case.get("fails", {})
        for check in CHECKS:
            if check == "group" and case["group"] is None:
                continue
            reason = fails.get(check) or (f"not found: {fails['found']}"
                                          if "found" in fails and check != "found" else None)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(case, check, marks=marks, id=f"{check}-{case_id(case)}"))
    return params


@pytest.mark.parametrize("case, check", check_params())
def test_seed_case(seeds, case, check):
    quote = find(seeds, case)
    assert quote is not None, f"attribute() does not find {case['quote']!r} in {case['seed']}"
    if check == "speaker":
        assert surname(quote.resolved) == surname(case["speaker"]), (quote.resolved, case["speaker"])
    elif check == "group":
        assert cluster_of(seeds, case) == cluster_of(seeds, passing_members(case["group"])[0])


def passing_members(name):
    return [c for c in CASES if c["group"] == name
            and not {"found", "group"} & set(c.get("fails", {}))]


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_seed_group_is_one_cluster_with_its_speaker(seeds, name):
    members = passing_members(name)
    found = {cluster_of(seeds, c) for c in members}
    assert len(found) == 1, f"{name} is split over clusters {found}"
    cluster = seeds[2][found.pop()]
    if len(members) > 1:
        assert len(cluster) >= len(members)
    assert surname(cluster.speaker) == surname(GROUPS[name]["speaker"]), cluster.speaker


def test_seed_groups_are_not_merged(seeds):
    labels: dict[int, set] = {}
    for case in CASES:
        index = cluster_of(seeds, case)
        if index is not None:
            label = case["group"] or f"once:{case_id(case)}"
            labels.setdefault(index, set()).add(label)
    merged = {i: sorted(found) for i, found in labels.items() if len(found) > 1}
    assert not merged, merged


def test_seed_clusters_with_the_default_min_size(seed_texts):
    clusters = quote_clusters(seed_texts)
    assert clusters and all(len(c) >= 2 for c in clusters)
    lavrov = max(clusters, key=len)
    assert len(lavrov) == 9 and len(lavrov.documents) == 5
    assert lavrov.canonical.startswith("The content of the document")  # the longest full quote
    peskov = [c for c in clusters if c.canonical.startswith("The numerous statements")]
    assert len(peskov) == 1 and peskov[0].speaker == "Dmitry Peskov"
    assert peskov[0].documents == [0, 1, 2, 4]


# ---------------------------------------------------------------- linking rules

LONG = ("We can’t say that they took our concerns into account or showed any readiness to take "
        "our concerns into consideration, and the main aspects of the draft agreements were not "
        "addressed at all in the document that the Americans handed over to us on Wednesday.")


def test_truncated_fragment_joins_its_full_quote_by_containment():
    fragment = "they took our concerns into account or showed any readiness"
    docs = [f"“{LONG}” an official said.", f"The agency quoted the phrase “{fragment}” on Monday."]
    assert exact_jaccard(LONG, fragment, shingle="char") < THRESHOLD  # Jaccard alone would miss it
    (cluster,) = quote_clusters(docs)
    assert [o.doc for o in cluster.occurrences] == [0, 1]
    assert cluster.occurrences[1].text == fragment
    assert cluster.canonical == LONG


def test_short_phrase_joins_no_quote():
    docs = [f"“{LONG}” an official said.", "Critics called it “not addressed at all” on Monday."]
    assert quote_clusters(docs) == []  # a phrase under CONTAINMENT_MIN_WORDS words


def test_a_fragment_in_many_quotes_joins_only_the_one_holding_most_of_it():
    phrase = "the main aspects of the draft agreements"
    docs = [f"“{phrase} were never discussed with us in Geneva or anywhere else this winter,” Anna Smith said.",
            f"“We talked about grain prices, the weather in Kyiv and {phrase} for an hour,” Bob Jones said.",
            f"Carl Brown described “{phrase}” as closed."]
    clusters = quote_clusters(docs)
    assert len(clusters) == 1
    # Both hold all of it (and reach THRESHOLD): it joins the one closer in size.
    assert [o.doc for o in clusters[0].occurrences] == [1, 2]


def test_different_statements_by_the_same_speaker_stay_apart(seed_texts):
    clusters = quote_clusters(seed_texts, min_size=1)
    main_issue = [c for c in clusters if c.canonical.startswith("The main issue is our clear")]
    no_reaction = [c for c in clusters if any(o.text.startswith("There is no positive reaction")
                                              for o in c.occurrences)]
    assert len(main_issue) == 1 and len(no_reaction) == 1 and main_issue != no_reaction


A = "We can’t say that they took our concerns into account or showed any readiness to take our concerns into consideration"
B = "You can’t say that our ideas were taken on board or showed any kind of preparedness to listen to our concerns"


@pytest.mark.parametrize("second_speaker, second_doc, joined", [
    ("Peskov", 1, True),            # a surname of the first speaker: the lower bar
    ("Dmitri Peskov", 1, True),     # another transliteration, same surname
    ("Sergei Lavrov", 1, False),    # another speaker: the general bar
    ("Peskov", 0, False),           # same document: translations come from other outlets
])
def test_translations_join_only_when_the_speaker_is_the_same(second_speaker, second_doc, joined):
    assert SPEAKER_THRESHOLD <= exact_jaccard(A, B, shingle="char") < THRESHOLD
    texts = [f"“{A},” Kremlin spokesperson Dmitry Peskov told reporters.", ""]
    texts[second_doc] += f"\n\n“{B},” {second_speaker} said."
    clusters = quote_clusters(texts)
    assert (len(clusters) == 1) is joined
    if joined:
        assert clusters[0].speaker == "Dmitry Peskov"  # the full name, not the surname alone


def test_speaker_merges_surnames_into_the_full_name():
    occurrences = [(QuoteOccurrence(i, 0, 1, "x", mention, resolved), 0.9)
                   for i, (mention, resolved) in enumerate([("Peskov", "Peskov"),
                                                            ("he", "Dmitry Peskov"),
                                                            ("the Kremlin", "the Kremlin"),
                                                            ("Peskov", "Peskov")])]
    assert quote_groups._merged_speaker(occurrences) == "Dmitry Peskov"
    assert quote_groups._merged_speaker(occurrences[2:3]) == "the Kremlin"
    assert quote_groups._merged_speaker([(QuoteOccurrence(0, 0, 1, "x", None, None), 0.0)]) is None
    # Words taken for a speaker at a sentence start are never one.
    assert quote_groups._merged_speaker([(QuoteOccurrence(0, 0, 1, "x", "But", "But"), 0.6)]) is None


def test_canonical_is_the_longest_full_quote_without_the_handover_comma():
    docs = [f"Peskov said “{A.lower()[:60]}” yesterday.",
            f"“{A},” Dmitry Peskov said.", f"“{A}, really,” Dmitry Peskov said."]
    (cluster,) = quote_clusters(docs)
    assert cluster.canonical == f"{A}, really"
    assert [o.kind for o in cluster.occurrences] == ["fragment", "full", "full"]


def test_min_size_one_returns_every_quote(seed_texts):
    everything = quote_clusters(seed_texts, min_size=1)
    assert sum(len(c) for c in everything) == sum(len(attribute(t)) for t in seed_texts)
    assert [c for c in everything if len(c) >= 2] == quote_clusters(seed_texts)


def test_output_is_deterministic_and_ordered(seed_texts):
    first = quote_clusters(seed_texts, min_size=1)
    assert first == quote_clusters(seed_texts, min_size=1)
    assert quote_clusters(seed_texts) == quote_clusters(seed_texts, seed=7)  # verification is exact
    starts = [(c.occurrences[0].doc, c.occurrences[0].start) for c in first]
    assert starts == sorted(starts)
    for cluster in first:
        keys = [(o.doc, o.start) for o in cluster.occurrences]
        assert keys == sorted(keys)


def test_occurrence_offsets_point_into_the_documents(seed_texts):
    for cluster in quote_clusters(seed_texts):
        for o in cluster.occurrences:
            assert seed_texts[o.doc][o.start:o.end] == o.text


def test_lsh_params_are_an_escape_hatch(seed_texts):
    # One band of every slot: only identical signatures meet, here quotes sharing a clause
    # word for word; no translation is found.
    default = [{(o.doc, o.start) for o in c.occurrences} for c in quote_clusters(seed_texts)]
    strict = quote_clusters(seed_texts, params=(1, 128), speaker_params=(1, 128))
    assert 0 < len(strict) < len(default)
    assert all(any({(o.doc, o.start) for o in c.occurrences} <= d for d in default) for c in strict)


# ---------------------------------------------------------------- inputs and errors

DOC = f"“{A},” Dmitry Peskov said."


def test_input_forms_give_the_same_clusters():
    texts = [DOC, DOC.replace("Dmitry Peskov", "Peskov")]
    by_position = quote_clusters(texts)
    assert [o.doc for o in by_position[0].occurrences] == [0, 1]
    pairs = quote_clusters([("a", texts[0]), ("b", texts[1])])
    mappings = quote_clusters([{"id": "a", "text": texts[0]}, {"text": texts[1], "url": "u"}])
    fields = quote_clusters(iter([{"doc": "a", "body": texts[0]}, {"doc": "b", "body": texts[1]}]),
                            text_field="body", id_field="doc")
    given = quote_clusters([("a", t) for t in texts], quotes=[attribute(t) for t in texts])
    assert [o.doc for o in pairs[0].occurrences] == ["a", "b"]
    assert [o.doc for o in mappings[0].occurrences] == ["a", 1]
    assert [o.doc for o in fields[0].occurrences] == ["a", "b"]
    assert [o.doc for o in given[0].occurrences] == ["a", "a"]
    for result in (pairs, mappings, fields, given):
        assert [(c.canonical, c.speaker) for c in result] == [(c.canonical, c.speaker) for c in by_position]
    assert quote_clusters([]) == [] and quote_clusters(["", "no quotes here"]) == []


def test_cluster_records_are_frozen():
    (cluster,) = quote_clusters([DOC, DOC])
    assert isinstance(cluster, QuoteCluster) and len(cluster) == 2 and cluster.documents == [0, 1]
    with pytest.raises(AttributeError):
        cluster.speaker = "x"
    with pytest.raises(AttributeError):
        cluster.occurrences[0].text = "x"


@pytest.mark.parametrize("docs, kwargs, error, message", [
    (DOC, {}, TypeError, "docs must be an iterable of documents, got a single str; wrap it in a list"),
    ({"text": DOC}, {}, TypeError, "got a single mapping; wrap it in a list"),
    (42, {}, TypeError, "docs must be an iterable of str, (id, text) pairs or mappings with a 'text' field, got int"),
    ([DOC, b"bytes"], {}, TypeError, "document 1 must be str, an (id, text) pair or a mapping with a 'text' field, got bytes"),
    ([("a", "b", "c")], {}, TypeError, "document 0 must be str, an (id, text) pair or a mapping with a 'text' field, got a tuple of 3 items"),
    ([("a", b"x")], {}, TypeError, "document 0 (id 'a'): text must be str, got bytes; decode it first"),
    ([{"body": DOC, "id": 3}], {}, ValueError, "document 0 has no 'text' field (fields: body, id); pass text_field= to name the field that holds the text"),
    ([{"text": None}], {}, TypeError, "document 0 (id 0): text must be str, got NoneType"),
    ([DOC], {"threshold": 0}, ValueError, "threshold must be a number in (0, 1], got 0"),
    ([DOC], {"containment": 1.5}, ValueError, "containment must be a number in (0, 1], got 1.5"),
    ([DOC], {"speaker_threshold": True}, ValueError, "speaker_threshold must be a number in (0, 1], got True"),
    ([DOC], {"speaker_containment": "0.5"}, ValueError, "speaker_containment must be a number in (0, 1], got '0.5'"),
    ([DOC], {"min_size": 0}, ValueError, "min_size must be an integer >= 1, got 0"),
    ([DOC], {"n": 0}, ValueError, "n must be an integer >= 1, got 0"),
    ([DOC], {"params": (200, 2)}, ValueError, "params: params (bands=200, rows=2) need bands, rows >= 1 and bands * rows <= num_perm (128)"),
    ([DOC], {"quotes": [[], []]}, ValueError, "quotes has 2 entries for 1 documents; give the attribute() result of each document, in the same order"),
    ([DOC], {"quotes": [["text"]]}, TypeError, "quotes[0][0] must be a Quote from attribute(), got str"),
    ([DOC, "other text"], {"quotes": [[], attribute(DOC)]}, ValueError, "quotes[1][0] ('We can’t say that they took our concerns' at 1:119) is not in document 1 (id 1); pass the quotes attribute() returned for that document's text"),
])
def test_bad_input_raises_a_clear_error(docs, kwargs, error, message):
    with pytest.raises(error) as info:
        quote_clusters(docs, **kwargs)
    assert message in str(info.value)


def test_docstring_examples_pass():
    result = doctest.testmod(quote_groups, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_defaults_are_the_documented_bars():
    assert (THRESHOLD, CONTAINMENT, SPEAKER_THRESHOLD, quote_groups.SPEAKER_CONTAINMENT) == (0.3, 0.8, 0.17, 0.5)
    assert (quote_groups.MIN_WORDS, quote_groups.CONTAINMENT_MIN_WORDS, quote_groups.MIN_SHARED) == (4, 6, 15)
