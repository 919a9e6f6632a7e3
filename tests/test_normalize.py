"""Character normalisation and mojibake repair: the kernels against a
pure-Python reference, every character class, offsets, and ftfy's use."""
import doctest
import importlib
import sys
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit import _core
from textkit.normalize import (normalize, normalize_with_offsets, repair_mojibake,
                               repair_mojibake_with_offsets)

# The module, not the function textkit re-exports under the same name.
tn = importlib.import_module("textkit.normalize")

# ---------------------------------------------------------------- the rules, spelled out
SPACES = ["\t", " ", "\u00a0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000"]
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028"]
DROPPED = (["\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u200e", "\u200f", "\u061c"]
           + [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
           + [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)]
           + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0) if c != 0x85])
DOUBLE_QUOTES = "“”„‟«»″〝〞〟＂"
SINGLE_QUOTES = "‘’‚‛‹›′"
DASHES = "‐‑‒–—―−"
FOLDS = {**{q: '"' for q in DOUBLE_QUOTES}, **{q: "'" for q in SINGLE_QUOTES},
         **{d: "-" for d in DASHES}, "…": "..."}


def ref_normalize_chars(text, fold_quotes=False, fold_dashes=False, fold_ellipsis=False):
    """Pure-Python reference of _core.normalize_chars: (out, offsets).

    Works line by line, unlike the kernel's single pass: map characters to
    (char, source index) items, split at breaks, trim and collapse each line,
    then join non-blank lines with one break, or two where blank lines were.
    """
    items, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\r" and text[i + 1:i + 2] == "\n":
            items.append(("\n", i))
            i += 2
            continue
        if c in BREAKS:
            items.append(("\n", i))
        elif c == "\u2029":
            items += [("\n", i), ("\n", i)]
        elif c in SPACES:
            items.append((" ", i))
        elif c in DROPPED:
            pass
        elif (c in DOUBLE_QUOTES or c in SINGLE_QUOTES) and fold_quotes:
            items.append((FOLDS[c], i))
        elif c in DASHES and fold_dashes:
            items.append(("-", i))
        elif c == "…" and fold_ellipsis:
            items += [(".", i)] * 3
        else:
            items.append((c, i))
        i += 1
    lines, newlines, line = [], [], []
    for item in items:
        if item[0] == "\n":
            lines.append(line)
            newlines.append(item)
            line = []
        else:
            line.append(item)
    lines.append(line)
    cleaned = []
    for line in lines:
        while line and line[0][0] == " ":
            line = line[1:]
        while line and line[-1][0] == " ":
            line = line[:-1]
        cleaned.append([it for j, it in enumerate(line) if it[0] != " " or line[j - 1][0] != " "])
    out, previous = [], None
    for k, line in enumerate(cleaned):
        if not line:
            continue
        if previous is not None:
            out.append(newlines[previous])
            if k > previous + 1:  # blank lines between: one paragraph break
                out.append(newlines[previous + 1])
        out += line
        previous = k
    return "".join(c for c, _ in out), [src for _, src in out] + [len(text)]


def test_space_list_is_every_unicode_space():
    zs = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"}
    assert set(SPACES) == zs | {"\t"}
    assert set(map(chr, _core.NORMALIZE_SPACES)) == set(SPACES)
    assert set(map(chr, _core.NORMALIZE_DROPPED)) == set(DROPPED)
    assert "".join(map(chr, _core.NORMALIZE_DOUBLE_QUOTES)) == "“”„‟«»″〝〞〟＂"


# ---------------------------------------------------------------- one case per character
@pytest.mark.parametrize("space", SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_every_space_becomes_one_space(space):
    assert _core.normalize_chars(f"a{space}b") == "a b"
    assert _core.normalize_chars(f"a {space}{space} b") == "a b"
    assert normalize(f"{space}a{space}") == "a"


@pytest.mark.parametrize("brk", BREAKS, ids=repr)
def test_every_line_break_becomes_newline(brk):
    assert _core.normalize_chars(f"a{brk}b") == "a\nb"
    assert _core.normalize_chars(f"a{brk}{brk}b") == "a\n\nb"
    assert _core.normalize_chars(f"a{brk}{brk}{brk}{brk}b") == "a\n\nb"


def test_paragraph_separator_is_a_paragraph_break():
    assert _core.normalize_chars("a\u2029b") == "a\n\nb"
    assert _core.normalize_chars("a\n\u2029\nb") == "a\n\nb"
    assert _core.normalize_chars("\u2029a\u2029") == "a"


@pytest.mark.parametrize("char", DROPPED, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_and_control_characters_are_removed(char):
    assert _core.normalize_chars(f"a{char}b") == "ab"
    assert _core.normalize_chars(f"a {char} b") == "a b"
    assert _core.normalize_chars(f"a\n{char}\n\nb") == "a\n\nb"  # a line of nothing is blank


@pytest.mark.parametrize("char", ["\u200c", "\u200d"], ids=["ZWNJ", "ZWJ"])
def test_zero_width_joiners_are_kept(char):
    # ZWJ holds emoji sequences together; ZWNJ is spelling in Persian and Indic scripts.
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # mi-khaham
    for text in (f"a{char}b", family, persian):
        assert normalize(text) == text


@pytest.mark.parametrize("char", [*DOUBLE_QUOTES, *SINGLE_QUOTES, *DASHES, "…"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_folding_is_off_by_default_and_on_when_asked(char):
    text = f"x{char}y"
    assert normalize(text) == text
    flag = ("fold_quotes" if char in DOUBLE_QUOTES + SINGLE_QUOTES
            else "fold_dashes" if char in DASHES else "fold_ellipsis")
    assert normalize(text, **{flag: True}) == f"x{FOLDS[char]}y"
    others = {f: True for f in ("fold_quotes", "fold_dashes", "fold_ellipsis") if f != flag}
    assert normalize(text, **others) == text


@pytest.mark.parametrize("text, expected", [
    ("a\r\nb\rc\nd", "a\nb\nc\nd"),
    ("a\r\r\nb", "a\n\nb"),            # old Mac break, then a Windows one: a blank line
    ("a\n\r\nb", "a\n\nb"),
    ("a\x85b\u2028c\x0bd\x0ce", "a\nb\nc\nd\ne"),
    ("a \r\n b", "a\nb"),
    ("a\r", "a"),
])
def test_line_ending_variants(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("one\n\n\n\n\ntwo", "one\n\ntwo"),
    ("one\n \t\n\u00a0\u3000\n\ntwo", "one\n\ntwo"),
    ("one\n\u200b\ntwo", "one\n\ntwo"),
    ("  one  \n  two  ", "one\ntwo"),
    ("\n\n  one\n\ntwo\n\n\n  ", "one\n\ntwo"),
    ("one  two\t\tthree", "one two three"),
])
def test_blank_lines_and_spaces_collapse(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("text", [
    "ÉCOLE Straße İstanbul ΣΟΦΙΑ", "café naïve Ångström", "AT&amp;T &lt;b&gt;", "caf\\u00e9 \\n",
    "%C3%A9 &#233; &eacute;", "ＡＢＣ ﬁ ½", "Ǆ ǅ ǆ",
])
def test_never_lowercases_strips_accents_or_decodes_escapes(text):
    assert normalize(text) == text
    assert normalize(text, fold_quotes=True, fold_dashes=True, fold_ellipsis=True) == text


@pytest.mark.parametrize("text, expected", [
    ("", ""), (" ", ""), ("\n\r\n\t \u00a0\u200b\u2029\u3000", ""), ("x", "x"),
    ("One line, no change.", "One line, no change."), ("  padded  ", "padded"),
])
def test_empty_whitespace_only_and_one_line(text, expected):
    assert normalize(text) == expected
    out, offsets = normalize_with_offsets(text)
    assert out == expected
    assert offsets.tolist()[-1] == len(text) and len(offsets) == len(out) + 1


def test_ten_megabyte_input_in_one_call():
    line = "Kremlin  says\u00a0talks\u200b “stalled” — again…\r\n"
    text = line * (10_000_000 // len(line.encode("utf-8")) + 1)
    assert len(text.encode("utf-8")) > 10_000_000
    expected_line = "Kremlin says talks “stalled” — again…"
    out = normalize(text)
    assert out == "\n".join([expected_line] * (len(text) // len(line)))
    out, offsets = normalize_with_offsets(text, fold_ellipsis=True)
    assert len(offsets) == len(out) + 1 and offsets[-1] == len(text)
    assert np.all(np.diff(offsets) >= 0)
    assert out.count("...") == len(text) // len(line)


def test_output_longer_than_input_grows_the_buffer():
    for text, kw in [("…" * 5000, {"fold_ellipsis": True}), ("x\u2029" * 5000, {}),
                     ("\u2026\u2029" * 3000 + "é" + "😀…" * 3000, {"fold_ellipsis": True})]:
        out, offsets = _core.normalize_chars(text, offsets=True, **kw)
        ref_out, ref_offsets = ref_normalize_chars(text, **kw)
        assert out == ref_out and offsets.tolist() == ref_offsets
        assert _core.normalize_chars(text, **kw) == ref_out


def test_storage_kind_of_output_is_the_narrowest():
    # Folding can leave an all-ASCII text from a 2-byte one: it must compare equal.
    assert _core.normalize_chars("“a” — b", True, True) == '"a" - b'
    assert _core.normalize_chars("😀\u200bx") == "😀x"


# ---------------------------------------------------------------- against the reference
NEWS_CHARS = ("abcXYZ019 \n\r\t\x0b\x0c\x85.,;:!?'\"“”‘’«»„—–-‒―−…_/()ßé\u0301\u0327\u00a0\u200b"
              "\u200c\u200d\u2028\u2029\u3000\u202f\u00ad\ufeff\x00\x1f\x7f\x9f가\u11a8\u1100\u1161😀")
odd_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
news_text = st.text(alphabet=st.sampled_from(NEWS_CHARS), max_size=120)
any_text = st.one_of(odd_text, news_text)
flags = st.fixed_dictionaries({"fold_quotes": st.booleans(), "fold_dashes": st.booleans(),
                               "fold_ellipsis": st.booleans()})


@settings(max_examples=400, deadline=None)
@given(any_text, flags)
def test_kernel_matches_reference(text, kw):
    ref_out, ref_offsets = ref_normalize_chars(text, **kw)
    assert _core.normalize_chars(text, **kw) == ref_out
    out, offsets = _core.normalize_chars(text, offsets=True, **kw)
    assert out == ref_out
    assert offsets.dtype == np.int64 and offsets.tolist() == ref_offsets


def _produced(text, k, kw):
    """Characters the input character at ``k`` may turn into: itself, its
    folding, " " or "\\n" for a space or break, and anything normalising the
    stretch around it (to the neighbouring ASCII characters) gives, which
    covers NFC composing it with the marks next to it."""
    c = text[k]
    a = k
    # Dropped ASCII controls do not end the stretch: "A\x00\u0300" composes.
    while a > 0 and not (text[a].isascii() and text[a].isprintable()):
        a -= 1
    b = k + 1
    while b < len(text) and not (text[b].isascii() and text[b].isprintable()):
        b += 1
    window = text[a:b]
    chars = {c, *unicodedata.normalize("NFC", window), *normalize(window, **kw)}
    chars |= {f for ch in list(chars) for f in FOLDS.get(ch, "")}
    if c in SPACES:
        chars.add(" ")
    if c in BREAKS or c in "\r\u2029":
        chars.add("\n")
    return chars


@settings(max_examples=400, deadline=None)
@given(any_text, flags)
def test_offsets_point_at_the_character_that_produced_each_output(text, kw):
    out, offsets = normalize_with_offsets(text, **kw)
    assert out == normalize(text, **kw)
    assert offsets.dtype == np.int64 and len(offsets) == len(out) + 1
    assert offsets[-1] == len(text)
    assert np.all(np.diff(offsets) >= 0)
    for i, ch in enumerate(out):
        assert 0 <= offsets[i] < len(text)
        assert ch in _produced(text, int(offsets[i]), kw), (i, ch, text[offsets[i]])
        if ch.isascii() and ch.isalnum():  # letters and digits map to themselves
            assert text[offsets[i]] == ch


@settings(max_examples=300, deadline=None)
@given(any_text, flags)
def test_normalize_is_nfc_and_idempotent(text, kw):
    out = normalize(text, **kw)
    assert unicodedata.is_normalized("NFC", out)
    assert normalize(out, **kw) == out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ae \u0301\u0327\u0316\u0344\u1100\u1161\u11a8가"
                                        "\u2000\u2126\u212b\uac00Å\u0958\u0915\u093c"), max_size=40))
def test_nfc_by_segments_equals_nfc_of_the_whole(text):
    composed, nfc_map = tn._nfc_with_offsets(text)
    assert composed == unicodedata.normalize("NFC", text)
    if nfc_map is not None:
        assert len(nfc_map) == len(composed) + 1 and nfc_map[-1] == len(text)
        assert np.all(np.diff(nfc_map) >= 0)


def test_offsets_examples():
    out, offsets = normalize_with_offsets("  A\u00a0 b\r\n\r\n\r\nc\u2026", fold_ellipsis=True)
    assert out == "A b\n\nc..."
    assert offsets.tolist() == [2, 3, 5, 6, 8, 12, 13, 13, 13, 14]
    text = "cafe\u0301 \u200bx"
    out, offsets = normalize_with_offsets(text)
    assert out == "café x" and offsets.tolist() == [0, 1, 2, 3, 5, 7, 8]


# ---------------------------------------------------------------- mojibake
MOJIBAKE = [
    "donâ€™t", "cafÃ©", "Â\u00a0", "SÃ£o Paulo", "â€œquotedâ€\x9d", "emoji ðŸ˜€ here",
    "Ã\u00a0 la carte", "ÐŸÑ€Ð¸Ð²ÐµÑ‚", "lost byte: â€ here", "lossy â€\ufffd here",
    "Å‚Ã³dÅº", "日本 æ—¥æœ¬", "😀 cafÃ©",
]
CLEAN = [
    "", "plain ascii", "NÃO", "São Paulo", "à »", "Je pense à « vous »", "« C’est fermé\u00a0»",
    "Il est allé\u00a0! Où\u00a0?", "José’s café", "“Canción” — sí", "Straße ÄÖÜ äöü ß",
    "Ça coûte 5\u00a0€", "façade, naïve, rôle, Noël", "¿Qué? ¡Sí! El niño", "Ελληνικά Русский 中文 😀",
    "AÇÃO, INFORMAÇÕES, NÃO É", "température de 30\u00a0°C", "Ø Æ Å ø æ å", "l’été",
]


@pytest.mark.parametrize("text", MOJIBAKE)
def test_mojibake_is_flagged(text):
    assert _core.mojibake_suspects([text]).tolist() == [True]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_multilingual_text_is_not_flagged(text):
    assert _core.mojibake_suspects([text]).tolist() == [False]


def test_mojibake_suspects_batch_and_errors():
    flags = _core.mojibake_suspects(CLEAN + MOJIBAKE)
    assert flags.dtype == np.bool_ and flags.tolist() == [False] * len(CLEAN) + [True] * len(MOJIBAKE)
    assert _core.mojibake_suspects([]).shape == (0,)
    assert _core.mojibake_suspects(iter(["cafÃ©"])).tolist() == [True]
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, got int"):
        _core.mojibake_suspects(["a", 3])


def ref_mojibake_suspect(text):
    """Reference: map each candidate back to bytes and ask Python's UTF-8 decoder."""
    def byte(ch):
        if 0x80 <= ord(ch) <= 0xBF:
            return ord(ch)
        return 0x80 + _core.CP1252_HIGH.index(ord(ch)) if ord(ch) in _core.CP1252_HIGH else None

    def valid(seq):
        try:
            bytes(seq).decode("utf-8")
            return True
        except UnicodeDecodeError:
            return False

    for i, lead in enumerate(text[:-1]):
        b1 = byte(text[i + 1])
        if not 0xC2 <= ord(lead) <= 0xF4 or b1 is None:
            continue
        need = 1 if ord(lead) <= 0xDF else 2 if ord(lead) <= 0xEF else 3
        if not valid([ord(lead), b1] + [0x80] * (need - 1)):  # a well-formed start?
            continue
        if need == 1 or (lead == "â" and b1 == 0x80):  # "â€" or Latin-1 "â\x80"
            return True
        if text[i + 1] == "\u00a0":
            continue
        seq = [ord(lead), b1]
        for ch in text[i + 2:i + 1 + need]:
            if ch == "\ufffd":
                return True
            if byte(ch) is None:
                break
            seq.append(byte(ch))
        if len(seq) == need + 1 and valid(seq):
            return True
    return False


mojibake_text = st.text(alphabet=st.sampled_from(
    "aé à\u00a0»ÂÃâðíÐÅ€™œ“”’–—…\x80\x9d\xa9\xb3\xbf\ufffdßxO"), max_size=30)


@settings(max_examples=500, deadline=None)
@given(st.one_of(mojibake_text, odd_text))
def test_mojibake_suspects_matches_reference(text):
    assert _core.mojibake_suspects([text])[0] == ref_mojibake_suspect(text)


@pytest.mark.parametrize("text, expected", [
    ("donâ€™t", "don’t"),
    ("cafÃ©", "café"),
    ("SÃ£o Paulo", "São Paulo"),
    ("â€œquotedâ€\x9d", "“quoted”"),
    ("Ã\u00a0 la carte", "à la carte"),
    ("emoji ðŸ˜€ here", "emoji 😀 here"),
])
def test_repair_mojibake(text, expected):
    assert repair_mojibake(text) == expected
    out, offsets = repair_mojibake_with_offsets(text)
    assert out == expected and offsets[-1] == len(text) and np.all(np.diff(offsets) >= 0)


def test_repair_touches_only_flagged_lines_and_maps_them_back(monkeypatch):
    import ftfy

    seen = []
    real_fix_text = ftfy.fix_text

    def recording_fix_text(text, config=None, **kwargs):
        seen.append(text)
        return real_fix_text(text, config, **kwargs)

    monkeypatch.setattr(ftfy, "fix_text", recording_fix_text)
    text = "São Paulo, 3 Jan\r\ndonâ€™t panic\n\n  cafÃ© &amp; “bar” ﬁne\nlast line"
    out, offsets = repair_mojibake_with_offsets(text)
    assert out == "São Paulo, 3 Jan\r\ndon’t panic\n\n  café &amp; “bar” ﬁne\nlast line"
    assert out == repair_mojibake(text)
    assert seen == ["donâ€™t panic", "  cafÃ© &amp; “bar” ﬁne"] * 2
    # untouched lines and every "\n" map to themselves
    first = len("São Paulo, 3 Jan\r\n")
    assert offsets[:first].tolist() == list(range(first))
    tail = out.index("\nlast")
    assert offsets[tail:].tolist() == list(range(text.index("\nlast"), len(text) + 1))
    # the repaired lines, character by character
    don = [first + k for k in (0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12)]
    assert offsets[first:first + len("don’t panic")].tolist() == don
    line3_in, line3_out = text.index("  caf"), out.index("  caf")
    cafe = [0, 1, 2, 3, 4, 5, 7, 8, 9]  # "  café &a" <- "  cafÃ© &a"
    assert offsets[line3_out:line3_out + 9].tolist() == [line3_in + k for k in cafe]
    for a in range(len(out)):  # every unchanged character maps to an equal one
        if out[a] not in "’é":
            assert text[offsets[a]] == out[a]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=st.sampled_from("ab éàãçü’“”—…😀€\r\u00a0"), max_size=25),
                          st.sampled_from(["keep", "cp1252", "latin-1"])), max_size=6))
def test_repair_offsets_are_exact_outside_repaired_lines(parts):
    lines = [t if how == "keep" else t.encode("utf-8").decode(how, errors="replace")
             for t, how in parts]
    text = "\n".join(lines)
    out, offsets = repair_mojibake_with_offsets(text)
    assert out == repair_mojibake(text)
    assert len(offsets) == len(out) + 1 and offsets[-1] == len(text)
    assert np.all(np.diff(offsets) >= 0) and (len(out) == 0 or offsets[0] >= 0)
    assert out.count("\n") == text.count("\n")
    in_start = out_start = 0
    for line, fixed in zip(text.split("\n"), out.split("\n")):
        local = offsets[out_start:out_start + len(fixed) + 1] - in_start
        if fixed == line:  # untouched lines (and their "\n") map to themselves
            assert local.tolist() == list(range(len(line) + 1))[:len(local)]
        else:  # repaired lines map into themselves
            assert np.all((local[:len(fixed)] >= 0) & (local[:len(fixed)] < len(line)))
        in_start += len(line) + 1
        out_start += len(fixed) + 1


def test_clean_text_never_calls_ftfy(monkeypatch):
    import ftfy

    def fail(*args, **kwargs):
        raise AssertionError("ftfy.fix_text called on clean text")

    monkeypatch.setattr(ftfy, "fix_text", fail)
    for text in CLEAN + ["\n".join(CLEAN), "x\n" * 1000]:
        assert repair_mojibake(text) is text
        out, offsets = repair_mojibake_with_offsets(text)
        assert out is text and offsets.tolist() == list(range(len(text) + 1))


def test_flagged_line_that_ftfy_keeps_is_returned_unchanged():
    text = "Fuß“ and more\nsecond"  # flagged (DF 93 is valid UTF-8) but fine
    assert _core.mojibake_suspects([text]).tolist() == [True]
    assert repair_mojibake(text) is text


def test_ftfy_config_repairs_encoding_only():
    import ftfy

    config = tn._ftfy_config()
    assert isinstance(config, ftfy.TextFixerConfig)
    on = ("fix_encoding", "restore_byte_a0", "replace_lossy_sequences", "decode_inconsistent_utf8",
          "fix_c1_controls")
    off = ("unescape_html", "remove_terminal_escapes", "fix_latin_ligatures", "fix_character_width",
           "uncurl_quotes", "fix_line_breaks", "fix_surrogates", "remove_control_chars", "explain")
    assert all(getattr(config, name) is True for name in on)
    assert all(getattr(config, name) is False for name in off)
    assert config.normalization is None
    assert set(on + off + ("normalization", "max_decode_length")) == set(config._fields)


# ---------------------------------------------------------------- API
@pytest.mark.parametrize("call, message", [
    (lambda: normalize(b"bytes"), "text must be str, got bytes; decode it first"),
    (lambda: normalize_with_offsets(None), "text must be str, got NoneType"),
    (lambda: repair_mojibake(3), "text must be str, got int"),
    (lambda: repair_mojibake_with_offsets(["a"]), "text must be str, got list"),
    (lambda: normalize("x", fold_quotes="yes"), "fold_quotes must be True or False, got 'yes' (str)"),
    (lambda: normalize_with_offsets("x", fold_ellipsis=1), "fold_ellipsis must be True or False, got 1 (int)"),
    (lambda: _core.normalize_chars(3), "text must be str, got int"),
])
def test_argument_errors(call, message):
    with pytest.raises(TypeError) as info:
        call()
    assert message in str(info.value)


def test_flags_are_keyword_only():
    with pytest.raises(TypeError):
        normalize("x", True)


def test_deterministic():
    text = "  cafe\u0301\u00a0donâ€™t\r\n\r\n“x” — y…  "
    assert {normalize(text, fold_quotes=True) for _ in range(5)} == {normalize(text, fold_quotes=True)}
    a, b = normalize_with_offsets(text), normalize_with_offsets(text)
    assert a[0] == b[0] and np.array_equal(a[1], b[1])


def test_docstring_examples_pass():
    result = doctest.testmod(tn, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
    for name in tn.__all__:
        assert ">>>" in (getattr(tn, name).__doc__ or ""), f"{name}'s docstring has no example"
