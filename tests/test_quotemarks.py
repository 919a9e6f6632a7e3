"""Quotation spans: textkit.quotemarks.find_quotes over textkit._core.quote_spans."""
import doctest
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textkit.quotemarks
from textkit import _core
from textkit.quotemarks import QUOTE_STYLES, QuoteSpan, find_quotes

MARKS = "\"'`“”„‘’‚«»‹›"
NEWS_CHARS = MARKS + "abs Sn09 \n\n.,;:!?—-()[]…\u00a0é"
news_text = st.text(alphabet=st.sampled_from(NEWS_CHARS), max_size=200)
odd_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
any_text = st.one_of(news_text, odd_text)


def quotes(text):
    """The inner texts of the quotations found."""
    return [q.text for q in find_quotes(text)]


def only(text):
    found = find_quotes(text)
    assert len(found) == 1, found
    return found[0]


# ----------------------------------------------------------------- a pure-Python reference
# The kernel's rules (its docstring) written out plainly, mark by mark.
SPACES = set(" \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200B)}
OPENS_AFTER = SPACES | set("([{-\u2010\u2011\u2012\u2013\u2014\u2015\"'`«»‹›") | {chr(c) for c in range(0x2018, 0x2020)}
ELIDED = ("em", "tis", "twas", "til", "bout", "n")


def _is_word(c):
    return c.isalnum()


def _elision(text, i):
    nxt = text[i + 1:i + 4]
    if len(nxt) >= 2 and nxt[0] in "0123456789" and nxt[1] in "0123456789":
        return 1 if len(nxt) == 2 or nxt[2] in "sS" or not nxt[2].isalnum() else 0
    if len(nxt) >= 2 and nxt[0] in "nN" and nxt[1] in "'’":
        return 3
    for word in ELIDED:
        part = text[i + 1:i + 1 + len(word)]
        after = text[i + 1 + len(word):i + 2 + len(word)]
        if part.isascii() and part.lower() == word and not (after and after.isalnum()):
            return 1
    return 0


def reference_quote_spans(text):
    rows, stack, pending = [], [], []   # stack and pending: row indices, outermost first
    state = {"tentative": None, "linked": 0, "lead": False, "floor": 0}
    n = len(text)

    def style_of(k):
        return rows[stack[k]][4]

    def find(style):
        for k in range(len(stack) - 1, -1, -1):
            if style_of(k) == style:
                return k
        return -1

    def close(k, i, length, irregular=False):
        for j in range(len(stack) - 1, k, -1):
            row = rows[stack[j]]
            if j == len(stack) - 1 and state["tentative"] is not None:
                row[2], row[3] = state["tentative"], state["tentative"] + 1
            else:
                row[2] = row[3] = i
                row[5] |= 2
        state["tentative"] = None
        row = rows[stack[k]]
        row[2], row[3] = i, i + length
        if irregular:
            row[5] |= 2
        del stack[k:]

    def commit():
        if state["tentative"] is not None:
            close(len(stack) - 1, state["tentative"], 1)

    def push(style, i, length, nests=False):
        commit()
        if not nests and stack and style_of(-1) == style and style not in (5, 6, 7):
            close(len(stack) - 1, i, length, style not in (0, 4))
            return -1
        if len(stack) == 8:
            return -1
        rows.append([i, i + length, i + length, i + length, style, 4 if stack else 0])
        stack.append(len(rows) - 1)
        return style

    def close_single(before, after, after2, i):
        if before in "sS" and after in " \u00a0" and after2.isalnum():
            state["tentative"] = i
        else:
            close(len(stack) - 1, i, 1)

    def resolve_pending():
        for r in pending[state["linked"]:]:
            rows[r][5] |= 2
        pending.clear()
        state["linked"], state["lead"] = 0, False

    def paragraph_end(p):
        commit()
        if not stack:
            return
        resolve_pending()
        end = p
        while end > state["floor"] and text[end - 1] in SPACES:
            end -= 1
        for r in stack:
            rows[r][2] = rows[r][3] = max(end, rows[r][1])
        pending[:] = stack
        stack.clear()
        state["linked"], state["lead"] = 0, True

    def mark(i):  # returns (characters taken, style opened or -1)
        c = text[i]
        before = text[i - 1] if i > 0 else "\n"
        after = text[i + 1] if i + 1 < n else "\n"
        after2 = text[i + 2] if i + 2 < n else "\n"
        top = style_of(-1) if stack else -1
        at_start = before in OPENS_AFTER and after not in SPACES
        at_end = before not in SPACES and not _is_word(after)
        if c == '"':
            if top == 0:
                close(len(stack) - 1, i, 1)
            elif at_start and not at_end:
                return 1, push(0, i, 1)
            elif find(0) >= 0:
                close(find(0), i, 1)
            elif at_end and top == 1:  # “…" mixed marks
                close(len(stack) - 1, i, 1)
            elif not at_end or at_start:
                return 1, push(0, i, 1)
            return 1, -1
        if c in "'`":
            if after == c:
                if c == "`" or (before in OPENS_AFTER and after2 not in SPACES):
                    return 2, push(8, i, 2)
                if find(8) >= 0 and before not in SPACES and c == "'" and after2 == "'" and top == 6:
                    close(len(stack) - 1, i, 1)  # ''...'Go home,''': single first, then double
                    return 1, -1
                if find(8) >= 0 and before not in SPACES:
                    close(find(8), i, 2)
                    return 2, -1
                if find(8) >= 0 and before in SPACES and after2 in SPACES and i >= 2 and text[i - 2] in ",.?!'’":
                    close(find(8), i, 2)  # "coalitions, '' said"
                    return 2, -1
                if before in SPACES:
                    return 2, -1
            if c == "`":
                return 1, -1
            if before in OPENS_AFTER and _is_word(after):
                skip = _elision(text, i)
                return (skip, -1) if skip else (1, push(6, i, 1))
            if at_end and top == 6:
                close_single(before, after, after2, i)
            return 1, -1
        if c == "’":
            if at_end and top == 5:
                close_single(before, after, after2, i)
        elif c == "“":
            if find(2) >= 0:
                close(find(2), i, 1)
            elif top != 1 and at_end and before not in OPENS_AFTER:
                if find(1) >= 0:
                    close(find(1), i, 1, True)
            else:
                return 1, push(1, i, 1, top == 1 and at_start and not at_end and i >= 2
                               and before in SPACES and _is_word(text[i - 2]))
        elif c == "”":
            if find(1) >= 0:
                close(find(1), i, 1)
            elif at_end and top in (0, 8):  # "…” mixed marks
                close(len(stack) - 1, i, 1)
            elif not at_end and (at_start or before in "\n\r\u2029"):
                return 1, push(1, i, 1)
        elif c == "„":
            return 1, push(2, i, 1)
        elif c == "‘":
            if find(7) >= 0:
                close(find(7), i, 1)
            elif at_start:
                skip = _elision(text, i)
                return (skip, -1) if skip else (1, push(5, i, 1))
            elif at_end and top == 5:
                close(len(stack) - 1, i, 1, True)
        elif c == "‚":
            if at_start:
                return 1, push(7, i, 1)
        elif c == "«":
            if find(4) >= 0:
                close(find(4), i, 1)
            else:
                return 1, push(3, i, 1)
        elif c == "»":
            if find(3) >= 0:
                close(find(3), i, 1)
            elif top == 4 or after not in SPACES:
                return 1, push(4, i, 1)
        elif c == "‹":
            return 1, push(9, i, 1)
        elif c == "›" and find(9) >= 0:
            close(find(9), i, 1)
        return 1, -1

    i = 0
    while i < n:
        c = text[i]
        if c in "\n\u2029":
            paragraph_end(i)
            i += 1
        elif c in MARKS:
            taken, opened = mark(i)
            i += taken
            state["floor"] = i
            if state["lead"]:
                if opened >= 0 and opened == rows[pending[state["linked"]]][4]:
                    rows[pending[state["linked"]]][5] |= 8
                    rows[stack[-1]][5] |= 1
                    state["linked"] += 1
                    if state["linked"] == len(pending):
                        pending.clear()
                        state["linked"], state["lead"] = 0, False
                else:
                    resolve_pending()
        else:
            if state["lead"] and c not in SPACES:
                resolve_pending()
            i += 1
    paragraph_end(n)
    resolve_pending()
    return rows


# ----------------------------------------------------------------- API and constants
def test_style_and_flag_constants():
    assert [_core.QUOTE_STYLE_DOUBLE_STRAIGHT, _core.QUOTE_STYLE_DOUBLE_CURLY, _core.QUOTE_STYLE_LOW_HIGH,
            _core.QUOTE_STYLE_GUILLEMETS, _core.QUOTE_STYLE_REVERSED_GUILLEMETS,
            _core.QUOTE_STYLE_SINGLE_CURLY, _core.QUOTE_STYLE_SINGLE_STRAIGHT,
            _core.QUOTE_STYLE_LOW_SINGLE, _core.QUOTE_STYLE_DOUBLED_APOSTROPHE,
            _core.QUOTE_STYLE_SINGLE_GUILLEMETS] == list(range(10))
    assert len(QUOTE_STYLES) == 10
    assert (_core.QUOTE_FLAG_CONTINUED, _core.QUOTE_FLAG_RECOVERED, _core.QUOTE_FLAG_NESTED,
            _core.QUOTE_FLAG_CONTINUES) == (1, 2, 4, 8)
    assert _core.QUOTE_MAX_DEPTH == 8


def test_kernel_rows():
    rows = _core.quote_spans('He said "no" and left.')
    assert rows.dtype == np.int64 and rows.shape == (1, 6)
    assert rows.tolist() == [[8, 9, 11, 12, _core.QUOTE_STYLE_DOUBLE_STRAIGHT, 0]]
    assert _core.quote_spans("").shape == (0, 6)
    assert _core.quote_spans("no marks at all").shape == (0, 6)


def test_quote_span_fields():
    text = "He said “no” today."
    assert find_quotes(text) == [QuoteSpan(start=9, end=11, open=8, close_end=12, style="curly",
                                           text="no")]
    with pytest.raises(AttributeError):
        find_quotes(text)[0].start = 0  # frozen


@pytest.mark.parametrize("value, message", [
    (b"bytes", "find_quotes() needs text as a str, got bytes; decode it first, e.g. text.decode('utf-8')"),
    (None, "find_quotes() needs text as a str, got NoneType"),
    (["a list"], "find_quotes() needs text as a str, got list"),
])
def test_non_str_raises_type_error(value, message):
    with pytest.raises(TypeError) as info:
        find_quotes(value)
    assert str(info.value) == message


def test_kernel_rejects_non_str():
    with pytest.raises(TypeError, match="text must be str, got bytes"):
        _core.quote_spans(b"x")


def test_docstring_examples():
    result = doctest.testmod(textkit.quotemarks, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ----------------------------------------------------------------- styles
@pytest.mark.parametrize("text, style, inner", [
    ('He said "no" today.', "double", "no"),
    ("He said “no” today.", "curly", "no"),
    ("Er sagte „nein“ heute.", "low-high", "nein"),
    ("Il a dit «non» hier.", "guillemets", "non"),
    ("Il a dit « non » hier.", "guillemets", " non "),
    ("Han sagde »nej« i dag.", "reversed-guillemets", "nej"),
    ("Hän sanoi »ei» tänään.", "reversed-guillemets", "ei"),
    ("He said ‘no’ today.", "single-curly", "no"),
    ("He said 'no' today.", "single", "no"),
    ("Er sagte ‚nein‘ heute.", "low-single", "nein"),
    ("He said ''no'' today.", "doubled-apostrophe", "no"),
    ("He said ``no'' today.", "doubled-apostrophe", "no"),
    ("Il a dit ‹non› hier.", "single-guillemets", "non"),
    ("Han sa ”nej” i dag.", "curly", "nej"),
])
def test_each_style(text, style, inner):
    span = only(text)
    assert (span.style, span.text) == (style, inner)
    assert span.open < span.start and span.end < span.close_end
    assert text[span.start:span.end] == inner
    assert not (span.nested or span.recovered or span.continued or span.continues)


def test_styles_in_one_text():
    text = "„Ja“, ‚ja‘, «oui», »ja«, ‹oui›, 'yes', ‘yes’, \"yes\", ''yes''."
    assert [(q.style, q.text) for q in find_quotes(text)] == [
        ("low-high", "Ja"), ("low-single", "ja"), ("guillemets", "oui"), ("reversed-guillemets", "ja"),
        ("single-guillemets", "oui"), ("single", "yes"), ("single-curly", "yes"), ("double", "yes"),
        ("doubled-apostrophe", "yes")]


def test_german_nested_low_quotes():
    found = find_quotes("Er sagte: „Sie sagte ‚nein‘ und ging.“")
    assert [(q.style, q.text, q.nested) for q in found] == [
        ("low-high", "Sie sagte ‚nein‘ und ging.", False), ("low-single", "nein", True)]


# ----------------------------------------------------------------- apostrophes
@pytest.mark.parametrize("text", [
    "I don't know.", "It's late.", "Back in the '90s.", "The class of '92.", "Lavrov's remarks.",
    "Rock 'n' roll.", "Rock ’n’ roll.", "The Smiths' new record.", "At 5 o'clock.", "Get 'em all.",
    "'Tis the season.", "'Twas brillig.", "Wait 'til dawn.", "Rock 'n roll.", "Don’t, can’t, won’t.",
    "The Americans’ interests.", "In the ‘90s.", "A 6' fence and a 6'2\" man.", "James' car.",
])
def test_apostrophes_open_no_quote(text):
    assert find_quotes(text) == []


@pytest.mark.parametrize("text, inner", [
    ("He said 'I don't know' and left.", "I don't know"),
    ("'It's Lavrov's call,' he said.", "It's Lavrov's call,"),
    ("'I love rock 'n' roll,' he said.", "I love rock 'n' roll,"),
    ("'Back in the '90s we danced,' she said.", "Back in the '90s we danced,"),
    ("'Get 'em at 5 o'clock,' he said.", "Get 'em at 5 o'clock,"),
    ("‘We can’t say that,’ he said.", "We can’t say that,"),
    ("‘The Americans’ interests matter,’ he said.", "The Americans’ interests matter,"),
    ("'The Smiths' dog barked,' he said.", "The Smiths' dog barked,"),
    ("He said 'the Smiths' dog' was loud.", "the Smiths' dog"),
    ("They called it 'the Joneses' and left.", "the Joneses"),
    ("They called it 'the Joneses'.", "the Joneses"),
])
def test_single_quotes_around_apostrophes(text, inner):
    assert quotes(text) == [inner]


@pytest.mark.parametrize("text, inner", [
    ("x 'opens at a word start' y", ["opens at a word start"]),
    ("x ('after a bracket') y", ["after a bracket"]),
    ("x —'after a dash' y", ["after a dash"]),
    ("x \"'after a double quote'\" y", ["'after a double quote'", "after a double quote"]),
    ("x ' not before a space' y", []),       # not followed by a letter or digit
    ("x 'closes at punctuation'.", ["closes at punctuation"]),
    ("x 'closes at the end'", ["closes at the end"]),
    ("x 'not at a word end' y' z", ["not at a word end"]),
    ("x'no start' y", []),                   # not after a space, bracket, dash or quote
    ("x 'a'b c' d", ["a'b c"]),              # ' between letters is an apostrophe
    ("x 'no close here 'y", ["no close here 'y", "y"]),  # both unclosed
])
def test_single_quote_position_rules(text, inner):
    assert quotes(text) == inner


def test_curly_apostrophe_inside_words_never_closes():
    assert quotes("‘Russia’s demands can’t be met,’ Blinken said.") == ["Russia’s demands can’t be met,"]


# ----------------------------------------------------------------- nesting
def test_single_inside_double():
    found = find_quotes("“He told me ‘never again’ and left,” she said.")
    assert [(q.text, q.nested, q.style) for q in found] == [
        ("He told me ‘never again’ and left,", False, "curly"), ("never again", True, "single-curly")]


def test_double_inside_single():
    found = find_quotes("'He said \"never again\" and left,' she said.")
    assert [(q.text, q.nested) for q in found] == [
        ('He said "never again" and left,', False), ("never again", True)]
    found = find_quotes("‘He said “never again” and left,’ she said.")
    assert [(q.text, q.nested) for q in found] == [
        ("He said “never again” and left,", False), ("never again", True)]


def test_straight_inside_straight_single():
    found = find_quotes("\"He said 'no' and 'yes'\" today")
    assert [(q.text, q.nested) for q in found] == [("He said 'no' and 'yes'", False), ("no", True),
                                                   ("yes", True)]


def test_outer_closer_ends_unclosed_inner_span():
    found = find_quotes("“He said ‘never again and left,” she said.")
    assert [(q.text, q.nested, q.recovered) for q in found] == [
        ("He said ‘never again and left,", False, False), ("never again and left,", True, True)]
    inner = found[1]
    assert inner.end == inner.close_end == found[0].end  # it ends at the outer closing mark


def test_outer_closer_commits_tentative_inner_close():
    found = find_quotes("“He said ‘the Smiths’ dog barked,” she said.")
    assert [(q.text, q.recovered) for q in found] == [
        ("He said ‘the Smiths’ dog barked,", False), ("the Smiths", False)]


def test_depth_is_bounded():
    text = "‘a " * 20 + "end"
    found = find_quotes(text)
    assert len(found) == _core.QUOTE_MAX_DEPTH
    assert all(q.recovered for q in found) and sum(not q.nested for q in found) == 1


# ----------------------------------------------------------------- doubled apostrophe
def test_doubled_apostrophe():
    found = find_quotes("''We will win,'' he said, and ``we will'' she said.")
    assert [(q.style, q.text) for q in found] == [("doubled-apostrophe", "We will win,"),
                                                  ("doubled-apostrophe", "we will")]
    assert found[0].start - found[0].open == 2 and found[0].close_end - found[0].end == 2


def test_three_apostrophes_close_a_single_then_a_doubled_apostrophe_quote():
    found = find_quotes("''They told us, 'Go home,''' said Maria.")
    assert [(q.style, q.text, q.recovered) for q in found] == [
        ("doubled-apostrophe", "They told us, 'Go home,'", False), ("single", "Go home,", False)]
    assert found[0].close_end == found[0].end + 2


def test_two_closing_single_quotes_are_not_a_doubled_apostrophe():
    found = find_quotes("'He said 'no'' she said.")
    assert [(q.style, q.text) for q in found] == [("single", "He said 'no'"), ("single", "no")]


# ----------------------------------------------------------------- paragraphs
def test_quote_running_over_paragraphs():
    text = "“First paragraph runs on.\n\n“Second too.\n\n“Third ends.” He said."
    found = find_quotes(text)
    assert [(q.text, q.continues, q.continued, q.recovered) for q in found] == [
        ("First paragraph runs on.", True, False, False),
        ("Second too.", True, True, False),
        ("Third ends.", False, True, False)]
    assert found[0].close_end == text.index("\n")


def test_straight_quote_running_over_paragraphs():
    found = find_quotes('He said: "One.\n"Two."\nLater "three".')
    assert [(q.text, q.continues, q.continued) for q in found] == [
        ("One.", True, False), ("Two.", False, True), ("three", False, False)]


def test_nested_quote_running_over_paragraphs():
    found = find_quotes("“‘Nested across\n“‘and again,’ he said.”")
    assert [(q.text, q.continues, q.continued, q.nested) for q in found] == [
        ("‘Nested across", True, False, False), ("Nested across", True, False, True),
        ("‘and again,’ he said.", False, True, False), ("and again,", False, True, True)]


def test_unclosed_quote_not_reopened_is_recovered():
    found = find_quotes("“First paragraph runs on.  \r\n\nNo reopening here, “but this”.")
    assert [(q.text, q.recovered, q.continues) for q in found] == [
        ("First paragraph runs on.", True, False), ("but this", False, False)]


def test_reopening_with_another_style_is_not_a_continuation():
    found = find_quotes("“Runs on.\n‘Other.’")
    assert [(q.text, q.recovered, q.continues, q.continued) for q in found] == [
        ("Runs on.", True, False, False), ("Other.", False, False, False)]


def test_unclosed_at_the_end_of_the_text():
    span = only("He said “we will see  ")
    assert (span.text, span.recovered, span.close_end) == ("we will see", True, 20)


def test_paragraph_separator_ends_a_paragraph():
    found = find_quotes("“One\u2029“Two”")
    assert [(q.text, q.continues, q.continued) for q in found] == [("One", True, False), ("Two", False, True)]


# ----------------------------------------------------------------- unbalanced marks
def test_stray_closing_marks_are_ignored():
    assert find_quotes("stray” closer, stray’ apostrophe, stray » and › here, 12\" pipe.") == []
    assert quotes("a stray” then “a quote”.") == ["a quote"]


def test_closing_curly_mark_opens_a_paragraph_even_before_a_space():
    text = "Barabak noted that.\n\n” … he delivered a mix,” Barabak wrote."
    assert quotes(text) == [" … he delivered a mix,"]
    assert quotes("” … at the text's start,” he said.") == [" … at the text's start,"]
    assert quotes("a stray ” closer mid-line, “a quote”.") == ["a quote"]


def test_doubled_apostrophe_closes_after_a_stray_space():
    text = "''The reason is coalitions, '' said Mr. Gunnels. ''He is not 'Manhattan poor,' '' he said."
    assert quotes(text) == ["The reason is coalitions, ", "He is not 'Manhattan poor,' ", "Manhattan poor,"]
    assert quotes("''one '' two'' three") == ["one '' two"]  # after a word, spaced marks stay ignored


def test_curly_quote_at_a_word_start_after_a_word_nests_in_a_curly_quote():
    found = find_quotes("“I’d rather live in what he calls “hell” than live here.” ― Adriana Rodarte")
    assert [(q.text, q.nested, q.recovered) for q in found] == [
        ("I’d rather live in what he calls “hell” than live here.", False, False), ("hell", True, False)]
    # after a comma it is still a closer typed the wrong way
    assert quotes("“You can’t say that, “Dmitry Peskov told reporters.")[0] == "You can’t say that, "


def test_straight_double_quotes_alternate():
    assert quotes('"a" "b" "c"') == ["a", "b", "c"]
    assert quotes('x"y"z') == ["y"]
    assert quotes('He said "yes and then "no" later.') == ["yes and then "]


def test_straight_double_quote_at_word_end_with_nothing_open_is_stray():
    assert quotes('A 12" pipe and "a quote".') == ["a quote"]


def test_straight_double_quote_at_word_start_nests_in_another_style():
    found = find_quotes("‘He said \"no\" twice’ today")
    assert [(q.text, q.nested) for q in found] == [("He said \"no\" twice", False), ("no", True)]


@pytest.mark.parametrize("text, inner", [
    # Seed 001: the closing mark typed as an opening one.
    ("“You can’t say that, “Dmitry Peskov told reporters.", "You can’t say that, "),
    ("“You can’t say that,“ Peskov said.", "You can’t say that,"),
    ("‘little ground for optimism‘ said.", "little ground for optimism"),
    ("„Nein„ sagte er.", "Nein"),
])
def test_closer_typed_the_wrong_way_closes_and_is_recovered(text, inner):
    span = only(text)
    assert (span.text, span.recovered) == (inner, True)


def test_wrong_way_closer_at_a_word_start():
    span = only("“There is no positive reaction on the main issue, ”according to Interfax.")
    assert (span.text, span.recovered) == ("There is no positive reaction on the main issue, ", False)


# ----------------------------------------------------------------- real sentences
@pytest.mark.parametrize("text, inner", [
    ("“We can’t say that they took our concerns into account,” Kremlin spokesperson Dmitry Peskov "
     "told reporters", ["We can’t say that they took our concerns into account,"]),
    ('Richardson said that Rudolph "can\'t antagonize a fight and then claim bullying. … You get '
     'what\'s coming to you."',
     ["can't antagonize a fight and then claim bullying. … You get what's coming to you."]),
    ('said the plan was "a disaster" for the region', ["a disaster"]),
    ("“He told me ‘never again’ and left,” she said.", ["He told me ‘never again’ and left,", "never again"]),
    ("‘Little ground for optimism’: Kremlin says U.S. document doesn’t meet Russian security demands",
     ["Little ground for optimism"]),
    ("“That we will uphold the principle of NATO’s ‘open door,’ and that’s … a commitment that we’re "
     "bound to.”", ["That we will uphold the principle of NATO’s ‘open door,’ and that’s … a commitment "
                    "that we’re bound to.", "open door,"]),
    ("NATO's Open Door Policy, for nations ready and 'willing to undertake the commitments'.",
     ["willing to undertake the commitments"]),
    ("its own response, 'in parallel with the United States' which reiterated earlier responses",
     ["in parallel with the United States"]),
    ("Ryabkov stated \"You know, if that’s what further developments will suggest\".",
     ["You know, if that’s what further developments will suggest"]),
    ("Russia has «little cause for optimism», Peskov said.", ["little cause for optimism"]),
])
def test_news_sentences(text, inner):
    assert quotes(text) == inner


SEED_DOUBLE_SPANS = [8, 6, 11, 11, 15]
SEED_SINGLE_SPANS = [2, 1, 0, 2, 0]


def test_seed_articles(seed_texts):
    for text, doubles, singles in zip(seed_texts, SEED_DOUBLE_SPANS, SEED_SINGLE_SPANS):
        found = find_quotes(text)
        assert sum(q.style in ("double", "curly") for q in found) == doubles
        assert sum(q.style in ("single", "single-curly") for q in found) == singles
        for q in found:
            assert not q.continues and not q.continued
            assert "\n" not in q.text
    # Only seed 001 is malformed: "... to our concerns, “Dmitry Peskov, ... told reporters" has an
    # opening mark where the closing one belongs.
    recovered = [(i, q.text[:20]) for i, text in enumerate(seed_texts) for q in find_quotes(text)
                 if q.recovered]
    assert recovered == [(1, "You can’t say that o")]


def test_seed_article_spans_end_at_closing_marks(seed_texts):
    closers = {"double": '"', "curly": "”“", "single": "'", "single-curly": "’"}
    for text in seed_texts:
        for q in find_quotes(text):
            assert text[q.close_end - 1] in closers[q.style], (q, text[q.open:q.close_end])


# ----------------------------------------------------------------- properties
def check_invariants(text, found):
    opens = [q.open for q in found]
    assert opens == sorted(opens) and len(set(opens)) == len(opens)
    for q in found:
        assert 0 <= q.open < q.start <= q.end <= q.close_end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.style in QUOTE_STYLES
        assert "\n" not in text[q.open:q.close_end]
        if q.continued:  # only spaces and marks since the paragraph's start
            line_start = max(text.rfind("\n", 0, q.open), text.rfind("\u2029", 0, q.open)) + 1
            assert all(c in SPACES or c in MARKS for c in text[line_start:q.open])


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_never_raises_and_offsets_are_valid(text):
    check_invariants(text, find_quotes(text))


@settings(max_examples=500, deadline=None)
@given(news_text)
def test_kernel_matches_reference(text):
    assert _core.quote_spans(text).tolist() == reference_quote_spans(text)


@settings(max_examples=200, deadline=None)
@given(news_text, st.sampled_from(["\u0100", "\u4e2d", "\U0001F600"]))
def test_storage_kind_does_not_change_spans(text, wide):
    """CPython stores a str in 1, 2 or 4 bytes a character; spans ignore that."""
    narrow = text.encode("latin-1", "ignore").decode("latin-1")
    assert (_core.quote_spans(narrow + "\n" + wide).tolist()
            == _core.quote_spans(narrow + "\n").tolist())


@settings(max_examples=200, deadline=None)
@given(st.lists(news_text, min_size=1, max_size=5))
def test_paragraphs_are_independent_unless_reopened(paragraphs):
    """Spans never cross a break: a paragraph's spans are those it gets alone, up to the
    continuation and recovery flags."""
    paragraphs = [p.replace("\n", " ") for p in paragraphs]
    text = "\n".join(paragraphs)
    whole = [(q.open, q.start, q.end, q.style, q.nested) for q in find_quotes(text)]
    parts, offset = [], 0
    for p in paragraphs:
        parts += [(q.open + offset, q.start + offset, q.end + offset, q.style, q.nested)
                  for q in find_quotes(p)]
        offset += len(p) + 1
    assert whole == parts


# ----------------------------------------------------------------- adversarial inputs (linear time)
ONE_MB = 1_000_000


@pytest.mark.parametrize("name, text", [
    ("no marks", "plain words without any quotation marks " * (ONE_MB // 40)),
    ("100k straight double quotes", '"' * 100_000),
    ("100k curly openers", "“" * 100_000),
    ("only apostrophes", "'" * ONE_MB),
    ("apostrophes in words", "don't it's o'clock the Smiths' " * (ONE_MB // 32)),
    ("alternating mixed marks", (MARKS + "a ") * (ONE_MB // (len(MARKS) + 2))),
    ("deep openers", "‘a " * (ONE_MB // 3)),
    ("openers with breaks", "“a\n" * (ONE_MB // 3)),
    ("one long unclosed quote", "“" + "x " * (ONE_MB // 2)),
    ("spaces before a break", "“a" + " " * ONE_MB + "\nb"),
    ("tentative closers", "'the Smiths' dog " * (ONE_MB // 17)),
    ("break storm", "\n" * ONE_MB),
])
def test_adversarial_inputs_run_and_keep_invariants(name, text):
    rows = _core.quote_spans(text)
    assert rows.shape[1] == 6
    if len(rows):
        assert (np.diff(rows[:, 0]) > 0).all()
        assert ((rows[:, 0] < rows[:, 1]) & (rows[:, 1] <= rows[:, 2]) & (rows[:, 2] <= rows[:, 3])).all()
        assert rows[:, 3].max() <= len(text)
    assert len(rows) <= text.count("\n") + sum(text.count(m) for m in MARKS)


def test_deep_openers_keep_only_the_bounded_stack():
    assert len(_core.quote_spans("‘a " * 100_000)) == _core.QUOTE_MAX_DEPTH


def test_large_seed_text_in_one_call(seed_texts):
    text = "\n\n".join(seed_texts) * 60   # about 1 MB
    rows = _core.quote_spans(text)
    assert len(rows) == 60 * sum(len(find_quotes(t)) for t in seed_texts)


def test_threads_match_serial(seed_texts):
    text = "\n\n".join(seed_texts) * 20
    expected = _core.quote_spans(text)
    results = [None] * 4

    def work(i):
        results[i] = _core.quote_spans(text)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(np.array_equal(r, expected) for r in results)



@pytest.mark.parametrize("text, inner", [
    ('"You know, we learned a lot,” he said.', "You know, we learned a lot,"),
    ('“You know, we learned a lot," he said.', "You know, we learned a lot,"),
    ("''Mixed marks,” he said.", "Mixed marks,"),
])
def test_mixed_opening_and_closing_marks_pair(text, inner):
    (span,) = find_quotes(text)
    assert span.text == inner and not span.recovered
