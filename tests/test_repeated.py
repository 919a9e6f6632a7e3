"""RepeatedLineFilter: learning lines repeated across documents of a source, and removing them."""
import json

import pytest

from textkit.repeated import RepeatedLineFilter, normalise_line, source_of

FOOTER = "The Example Times is an independent, reader-funded newsroom."
NEWSLETTER = "Sign up for our daily newsletter"


def article(i, *extra):
    return "\n".join([f"Headline number {i}", f"Body paragraph {i} with its own words."] + list(extra))


def fitted(min_docs=3, n=3, group="example.com", **kwargs):
    f = RepeatedLineFilter(min_docs=min_docs, **kwargs)
    for i in range(n):
        f.update(article(i, FOOTER, NEWSLETTER), group)
    return f


def reference_apply(text, repeated):
    """Pure-Python reference: drop whole lines (with their breaks) whose normalised form is
    repeated; report each as the span of the line without surrounding whitespace."""
    out, removed, pos = [], [], 0
    for line in text.splitlines(keepends=True):
        if " ".join(line.split()) in repeated and line.strip():
            start = pos + len(line) - len(line.lstrip())
            removed.append((start, start + len(line.strip()), line.strip()))
        else:
            out.append(line)
        pos += len(line)
    return "".join(out), removed


def test_lines_in_min_docs_documents_of_a_source_are_removed():
    f = fitted()
    assert f.repeated_lines("example.com") == {FOOTER, NEWSLETTER}
    text = article(9, FOOTER, NEWSLETTER)
    clean, spans = f.apply(text, "example.com")
    assert clean == article(9) + "\n"
    assert [line for _, _, line in spans] == [FOOTER, NEWSLETTER]


def test_other_source_keeps_its_lines():
    f = fitted()
    text = article(9, FOOTER)
    assert f.apply(text, "other.org") == (text, [])
    assert not f.is_repeated(FOOTER, "other.org")
    assert f.repeated_lines("other.org") == frozenset()


@pytest.mark.parametrize("min_docs, n, repeated", [(3, 2, False), (3, 3, True), (5, 4, False), (5, 5, True),
                                                   (2, 2, True)])
def test_threshold_is_min_docs(min_docs, n, repeated):
    f = fitted(min_docs=min_docs, n=n)
    assert f.is_repeated(FOOTER, "example.com") is repeated
    assert f.documents("example.com") == n


def test_a_line_counts_once_per_document():
    f = RepeatedLineFilter(min_docs=3)
    f.update("\n".join([FOOTER] * 5), "a.com")
    f.update(f"{FOOTER}\n  {FOOTER}  \nother", "a.com")
    assert not f.is_repeated(FOOTER, "a.com")
    f.update(FOOTER, "a.com")
    assert f.is_repeated(FOOTER, "a.com")


def test_lines_compare_after_whitespace_normalisation_only():
    f = RepeatedLineFilter(min_docs=2)
    f.update("One\nFollow us  on\tTwitter", "a.com")
    f.update("Two\r\n  Follow us on\u00a0Twitter \r\n", "a.com")
    assert f.repeated_lines("a.com") == {"Follow us on Twitter"}
    assert f.is_repeated("Follow us on Twitter", "a.com")
    assert not f.is_repeated("follow us on twitter", "a.com")  # case is compared
    assert normalise_line(" a \t b\u2003c ") == "a b c"


def test_blank_and_out_of_range_lines_are_ignored():
    f = RepeatedLineFilter(min_docs=2, min_line_chars=4, max_line_chars=20)
    text = "abc\n\n   \nTwenty chars exactly\nThis line is longer than twenty"
    for i in range(2):
        f.update(f"{text}\nDocument {i}", "a.com")
    assert f.repeated_lines("a.com") == {"Twenty chars exactly"}
    assert not f.is_repeated("abc", "a.com") and not f.is_repeated("   ", "a.com")
    clean, spans = f.apply(text, "a.com")
    assert clean == "abc\n\n   \nThis line is longer than twenty"


def test_a_document_learned_again_is_not_counted_again():
    f = RepeatedLineFilter(min_docs=2)
    page = article(1, FOOTER)
    f.fit([(page, "a.com"), (page, "a.com"), ("  " + page.replace("\n", " \r\n") + "\n\n", "a.com")])
    assert f.documents("a.com") == 1 and f.repeated_lines("a.com") == frozenset()
    f.update(page, "b.com")  # the same page in another group counts there
    f.update(article(2, FOOTER), "a.com")
    assert f.documents("a.com") == 2 and f.documents("b.com") == 1
    assert f.repeated_lines("a.com") == {FOOTER}


def test_ungrouped_documents_are_not_counted_or_changed():
    f = RepeatedLineFilter(min_docs=2)
    f.fit([(FOOTER, None)] * 3)
    assert f.groups() == [] and f.documents(None) == 0
    f.fit([(FOOTER + "\none", "a.com"), (FOOTER + "\ntwo", "a.com")])
    assert f.is_repeated(FOOTER, "a.com")
    assert f.apply(FOOTER, None) == (FOOTER, [])
    assert not f.is_repeated(FOOTER, None)


@pytest.mark.parametrize("text", [
    f"Body\n{FOOTER}\nEnd",
    f"{FOOTER}\nBody",
    f"Body\n{FOOTER}",
    f"Body\r\n  {FOOTER}  \r\nEnd\r\n",
    f"Body\r{FOOTER}\rEnd",
    f"{FOOTER}\n{FOOTER}\n\n{NEWSLETTER}\nBody {FOOTER}\n",
    f"{FOOTER}",
    "",
    "\n\n",
])
def test_spans_are_exact_and_match_a_reference(text):
    f = fitted(min_docs=2, n=2)
    clean, spans = f.apply(text, "example.com")
    for start, end, line in spans:
        assert text[start:end] == line
        assert normalise_line(line) in f.repeated_lines("example.com")
        assert line == line.strip() and "\n" not in line
    # Deleting the whole lines that hold the spans, line breaks included, gives the output.
    rebuilt, last = [], 0
    for start, end, _ in spans:
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        line_end = min((i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0),
                       default=len(text))
        line_end += text.startswith("\r\n", line_end) + 1 if line_end < len(text) else 0
        rebuilt.append(text[last:line_start])
        last = line_end
    assert "".join(rebuilt) + text[last:] == clean
    assert (clean, spans) == reference_apply(text, f.repeated_lines("example.com"))


def test_line_inside_a_paragraph_is_not_removed():
    f = fitted(min_docs=2, n=2)
    text = f"Body {FOOTER}\nThe end."
    assert f.apply(text, "example.com") == (text, [])


def test_fit_on_a_sample_then_stream_the_rest():
    corpus = [(article(i, FOOTER), "a.com") for i in range(10)] + \
             [(article(i, NEWSLETTER), "b.com") for i in range(10)]
    sample = corpus[:4] + corpus[10:12]  # 4 documents of a.com, 2 of b.com
    f = RepeatedLineFilter(min_docs=3).fit(sample)
    assert f.documents("a.com") == 4 and f.documents("b.com") == 2
    results = [f.apply(text, group)[0] for text, group in corpus]
    assert results[:10] == [article(i) + "\n" for i in range(10)]
    assert results[10:] == [article(i, NEWSLETTER) for i in range(10)]  # b.com: too few in the sample
    # One pass over everything (fit all, then apply) removes both.
    f_all = RepeatedLineFilter(min_docs=3).fit(corpus)
    assert [f_all.apply(t, g)[0] for t, g in corpus] == [article(i) + "\n" for i in range(10)] * 2


def test_fit_returns_self_and_equals_updates():
    pairs = [(article(i, FOOTER), "a.com") for i in range(3)]
    f = RepeatedLineFilter()
    assert f.fit(iter(pairs)) is f
    g = RepeatedLineFilter()
    for text, group in pairs:
        g.update(text, group)
    assert f.repeated_lines("a.com") == g.repeated_lines("a.com") == {FOOTER}


@pytest.mark.parametrize("counts", [True, False])
def test_save_load_round_trip(tmp_path, counts):
    f = RepeatedLineFilter(min_docs=3, min_line_chars=2, max_line_chars=500)
    f.fit([(article(i, FOOTER), "a.com") for i in range(3)])
    f.fit([("Sólo una línea\nÜber uns", "ß.de"), ("Otra línea\nÜber uns", "ß.de")])
    path = tmp_path / "filter.json"
    f.save(path, counts=counts)
    assert [p.name for p in tmp_path.iterdir()] == ["filter.json"]  # no temporary file left
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "textkit-repeated-lines" and data["version"] == 1
    assert data["groups"]["a.com"]["repeated"] == [FOOTER]
    assert ("counts" in data["groups"]["a.com"]) is counts
    g = RepeatedLineFilter.load(path)
    assert (g.min_docs, g.min_line_chars, g.max_line_chars) == (3, 2, 500)
    assert g.groups() == ["a.com", "ß.de"]
    for group in g.groups():
        assert g.repeated_lines(group) == f.repeated_lines(group)
        assert g.documents(group) == f.documents(group)
    text = article(7, FOOTER)
    assert g.apply(text, "a.com") == f.apply(text, "a.com")
    assert ("seen" in data["groups"]["a.com"]) is counts
    # With counts, a loaded filter continues learning exactly where it stopped.
    g.update("Sólo una línea\nÜber uns", "ß.de")  # learned before saving
    assert g.documents("ß.de") == 2 + (not counts)
    g.update("Über uns", "ß.de")
    f.update("Über uns", "ß.de")
    assert g.is_repeated("Über uns", "ß.de") is counts
    assert f.is_repeated("Über uns", "ß.de")


def test_load_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    with pytest.raises(ValueError, match="is not a textkit repeated-line filter"):
        RepeatedLineFilter.load(bad)
    bad.write_text("not json")
    with pytest.raises(ValueError, match="not UTF-8 JSON"):
        RepeatedLineFilter.load(bad)
    bad.write_text('{"format": "textkit-repeated-lines", "version": 99}')
    with pytest.raises(ValueError, match="format version 99; this textkit reads version 1"):
        RepeatedLineFilter.load(bad)
    bad.write_text('{"format": "textkit-repeated-lines", "version": 1, "min_docs": 3, '
                   '"min_line_chars": 1, "max_line_chars": 10, "groups": {"a": {}}}')
    with pytest.raises(ValueError, match="damaged repeated-line filter"):
        RepeatedLineFilter.load(bad)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"min_docs": 1}, ValueError, r"min_docs must be >= 2 \(a line seen in one document is not repeated\), got 1"),
    ({"min_docs": 2.5}, TypeError, "min_docs must be an int, got float: 2.5"),
    ({"min_docs": True}, TypeError, "min_docs must be an int, got bool"),
    ({"min_line_chars": 0}, ValueError, "min_line_chars must be >= 1, got 0"),
    ({"min_line_chars": 10, "max_line_chars": 5}, ValueError,
     r"max_line_chars \(5\) must be >= min_line_chars \(10\)"),
])
def test_bad_parameters(kwargs, error, message):
    with pytest.raises(error, match=message):
        RepeatedLineFilter(**kwargs)


def test_bad_arguments_name_what_was_received():
    f = RepeatedLineFilter()
    with pytest.raises(TypeError, match="text must be str, got bytes"):
        f.update(b"bytes", "a.com")
    with pytest.raises(TypeError, match="group must be a str .* got int: 3"):
        f.update("text", 3)
    with pytest.raises(TypeError, match="pairs must be an iterable of .* got a str"):
        f.fit("text")
    with pytest.raises(TypeError, match=r"pairs\[0\] must be a \(text, group\) tuple, got str"):
        f.fit(["text"])
    with pytest.raises(ValueError, match="line must be a single line"):
        f.is_repeated("two\nlines", "a.com")
    with pytest.raises(TypeError, match="text must be str, got NoneType"):
        f.apply(None, "a.com")


@pytest.mark.parametrize("record, field, expected", [
    ({"source": "Reuters", "url": "https://www.reuters.com/a"}, "source", "Reuters"),
    ({"site": 42}, "site", "42"),
    ({"source": "", "url": "https://www.example.com/a"}, "source", "example.com"),
    ({"source": None, "url": "http://News.Example.CO.UK:8080/x?y=1"}, "source", "news.example.co.uk"),
    ({"url": "https://WWW.Example.com/path"}, None, "example.com"),
    ({"url": "//www.example.com/path"}, "source", "example.com"),
    ({"url": "https://www2.example.com/"}, None, "www2.example.com"),
    ({"url": "example.com/no-scheme"}, None, None),
    ({"url": "http://[::1"}, None, None),
    ({"url": 12}, None, None),
    ({"text": "nothing"}, "source", None),
    ({}, None, None),
])
def test_source_of(record, field, expected):
    assert source_of(record, field) == expected


def test_source_of_url_field_and_type_check():
    assert source_of({"link": "https://www.a.org/x"}, url_field="link") == "a.org"
    with pytest.raises(TypeError, match="record must be a mapping .* got list"):
        source_of(["https://a.org"])
