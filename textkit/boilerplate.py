"""Line-level page-chrome removal for scraped article text.

``strip_boilerplate`` keeps the article body and drops the rest, line by line,
saying for every dropped line which rule dropped it:

1. **lexicon**: lines that are page chrome whatever their position: share,
   follow and subscribe prompts, newsletter and account prompts, comment
   sections, cookie and privacy notices, "Advertisement", "Source link",
   "Go To Source", related-content headers, copyright and legal footers,
   photo credits, bylines with timestamps, tag lists;
2. **tweets**: an embedded tweet as a unit: its text, the
   "— Name (@handle) date" line and the pic.twitter.com link;
3. **position**: the article body is the run of lines with the most prose
   (a maximum-sum segment over per-line scores: sentences count for it,
   short fragments against it).  Headline, standfirst, captions and menus
   before it and teasers, related headlines and reader comments after it are
   dropped; inside it subheadings, lead-ins ending in a colon, list items and
   short one-sentence paragraphs stay.

A line counts as a sentence when it ends in . ! ? or … possibly followed by
closing quotes or brackets (” ’ » " ' ) ]): unlike C4's rule, a paragraph that
ends with a quotation is prose.  The rules use no word lists of any one
language beyond the chrome lexicon, which is English.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

try:  # the regex parser's internals, to split the lexicon by first character
    import re._constants as _sre
    import re._parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse
from typing import Callable, NamedTuple, Optional

import numpy as np

from textkit import _core

__all__ = ["LineDecision", "strip_boilerplate", "boilerplate_lines", "is_sentence"]


@dataclass(frozen=True)
class LineDecision:
    """What ``boilerplate_lines`` decided for one non-blank line.

    ``start``/``end`` are offsets in the text given (``text[start:end]`` is
    the line); ``rule`` says why a dropped line was dropped (None if kept).
    """

    start: int
    end: int
    text: str
    keep: bool
    rule: Optional[str] = None


# --------------------------------------------------------------------- line features
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = "\"'”’»)]"


def is_sentence(line: str) -> bool:
    """True when a line ends like a sentence, closing quotes and brackets allowed.

    >>> is_sentence("He said: “we can’t say that.”"), is_sentence("Share this")
    (True, False)
    """
    line = line.rstrip()
    last = line[-1:]
    if last in _SENTENCE_END:
        return True
    return last != "" and last in _CLOSERS and line.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


# --------------------------------------------------------------------- chrome lexicon
# Rules that match a whole line from its start (after bullets): one pattern
# each, with the most words a line may have for the rule to apply, so an
# article sentence that merely begins with "Subscribe" stays.
_WHOLE_LINE: list[tuple[str, str, int]] = [
    ("comments", r"(your email address will not be published|required fields are marked|"
                 r"notify me of (new|follow-up) (comments|posts)|save my name|"
                 r"(\d+ )?(comments?|responses?|replies|reactions|thoughts) (to|on) )", 40),
    ("share", r"(share|share (this|the) (article|story|post|page)|share on \w+|share via \w+|"
              r"share this|sharing is caring|click to (share|email|print)\b.*|tweet this|"
              r"email this( article)?|print this( article| page)?|print|email|facebook|twitter|"
              r"whatsapp|linkedin|pinterest|reddit|tumblr|telegram|copy link|copy url|share article)"
              r"[.:!]*$", 12),
    ("share", r"(facebook|twitter|whatsapp|linkedin|pinterest|reddit|email|print|messenger|telegram|"
              r"flipboard|pocket)( (facebook|twitter|whatsapp|linkedin|pinterest|reddit|email|print|"
              r"messenger|telegram|flipboard|pocket|share))+$", 12),
    ("follow", r"(follow (us|me|him|her|them)\b|like us on facebook|find us on \w|connect with us|"
               r"join us on \w)", 14),
    ("subscribe", r"(subscribe\b|sign up\b|sign in\b|log ?in\b|register\b|create (an|your|a free) account|"
                  r"already (a subscriber|have an account)|become a (member|subscriber|patron)|"
                  r"support (us|our journalism)|get (the|our) (newsletter|app|daily)|"
                  r"download (the|our) app|(enter|type) your e-?mail|your e-?mail address|"
                  r"e-?mail address|thanks? (you )?for (signing up|subscribing)|unlimited (digital )?access|"
                  r"donate\b|start your free trial)", 30),
    ("comments", r"(leave a (reply|comment)|leave comment|post a comment|add (a|your) comment|"
                 r"no comments?( yet)?|\d+ comments?|comments?( \(\d+\))?|view comments|show comments|"
                 r"hide comments|join the (discussion|conversation)|(be the first to )?comment( on this)?"
                 r"( (article|story|post))?|comments are closed|discussion|reader comments|"
                 r"you must be logged in to post a comment|what do you think\??|have your say|"
                 r"share your thoughts)[.:!]*$", 30),
    # Buttons of a comment or an embedded post: they also sit inside articles,
    # so unlike a comment header they do not end the body.
    ("reply-button", r"(reply|report|cancel reply|click here to cancel reply|log in to (reply|comment)|"
                     r"like|retweet|quote tweet)[.:!]*$", 5),
    ("comments", r"[\w.@-]{2,40} (says|said|wrote|commented)( on [^\n]{0,40})?:$", 8),
    ("legal", r"(privacy( policy| notice)?|terms( of (use|service))?|terms (and|&) conditions|"
              r"cookie policy|contact us|about us|advertise( with us)?|site ?map|accessibility|careers|"
              r"faq|help|corrections)(\s*[|·•/-]\s*\w.*)?$", 20),
    ("copyright", r"(©|\(c\)|copyright\b|all rights reserved)", 40),
    ("advertisement", r"(advertisement|advertising|sponsored( content)?|ad|ads|promoted|"
                      r"story continues below( advertisement)?|continue reading below|"
                      r"article continues (below|after advertisement)|skip advert(isement)?|"
                      r"paid (content|post|partner)|partner content)[.:!]*$", 6),
    ("source-link", r"(source link|go to source|source|via|read more|read the full (story|article)|"
                    r"read the original|continue reading|click here to read|full story|more|read on|"
                    r"originally published\b.*)[.:!»>…]*( \S+)?$", 12),
    ("related", r"(related( articles| posts| stories| content| coverage| news| links| topics| reading|"
                r" videos?)?|more (stories|articles|news|from|on|like this)( \w+){0,4}|"
                r"you (may|might) (also )?like|recommended( for you| stories| reading)?|"
                r"(most )?(popular|read|viewed|shared)( (stories|articles|now|today|news))?|"
                r"trending( now| stories| news)?|top stories|latest( news| stories| articles)?|"
                r"editor'?s picks|further reading|see also|also read|read also|what to read next|up next|"
                r"next (article|story|post)|previous (article|story|post)|in (other|case you missed)\b.*|"
                r"around the web|from the web|sponsored stories|promoted stories|don'?t miss)[.:!»>]*$", 10),
    ("photo-credit", r"((photo|image|picture|video|graphic|illustration)s?( credit)?|credit|photograph|"
                     r"file photo)\s*[:/]|(photo|image|picture)s? (copyright|source|credit)\b", 25),
    ("caption", r"(image|photo|picture|video)? ?caption\b", 60),
    ("byline", r"(by|written by|words by|posted by|published by|reported by|story by|author)[: ]+"
               r"(?-i:[A-ZÀ-ÖØ-Þ])[^\s.!?]*( \S+){0,6}$", 14),
    ("tags", r"(tags?|tagged( with)?|topics?|categories|category|filed under|keywords|labels?)\s*:", 40),
    ("navigation", r"(home|menu|search|close|skip to (main )?content|back to top( button)?|top|next|"
                   r"previous|prev|load more|show more|view all|see all|open|toggle navigation|"
                   r"main menu|navigation|breadcrumb|you are here:?.*)[.:!»>▲↑]*$", 6),
    ("byline", r"(\d+\s?(s|m|h|d|min|mins|minutes?|hrs?|hours?|days?|weeks?) ago|just now|"
               r"(first )?(published|posted|updated|last updated)( on| at)? [^\n]{0,60})$", 12),
    ("rating", r"(rate this|rating|\d(\.\d)? out of 5|\d+ (likes?|views|shares|reactions))[.:!]*$", 6),
]

# Rules that look for a phrase anywhere in a (short enough) line.
_ANYWHERE: list[tuple[str, str, int]] = [
    ("newsletter", r"\bnewsletters?\b", 25),
    ("cookies", r"\b(we|this (site|website)|our (site|website)) uses? cookies\b|"
                r"\bcookies? (policy|settings|preferences|consent)\b|\baccept (all )?cookies\b|"
                r"\bby (continuing|using) (to (use|browse) )?(this|our) (site|website|service)", 80),
    ("copyright", r"©|\ball rights reserved\b", 40),
    ("photo-credit", r"/\s*(getty( images)?|ap|afp|reuters|epa|shutterstock|istock|alamy|bloomberg|"
                     r"xinhua|sipa|zuma|dpa|pa|anadolu)\b[^()\n]{0,20}\)\s*$", 60),
    ("photo-credit", r"\b(getty images|shutterstock|istockphoto|ap photo|afp via getty|photo by|"
                     r"photo credit|photo courtesy)\b", 45),
]

_BULLETS = "•·▪●◦‣∙*>–—- "


def _first_chars(items) -> Optional[set]:
    """Lowercase characters a parsed regex sequence can start with, or None
    when it cannot tell (a class like \\w, an empty match)."""
    out: set = set()
    for op, av in items:
        if op is _sre.LITERAL:
            return out | {chr(av).lower()}
        if op is _sre.IN:
            for kind, value in av:
                if kind is _sre.LITERAL:
                    out.add(chr(value).lower())
                elif kind is _sre.RANGE and value[1] - value[0] < 128:
                    out.update(chr(c).lower() for c in range(value[0], value[1] + 1))
                elif kind is _sre.CATEGORY and value is _sre.CATEGORY_DIGIT:
                    out.update("0123456789")
                else:
                    return None
            return out
        if op is _sre.BRANCH:
            for alternative in av[1]:
                first = _first_chars(alternative)
                if first is None:
                    return None
                out |= first
            return out
        if op is _sre.SUBPATTERN:
            first = _first_chars(av[-1])
            return None if first is None else out | first
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            first = _first_chars(av[2])
            if first is None:
                return None
            out |= first
            if av[0] == 0:  # optional: what follows may come first
                continue
            return out
        return None
    return None


def _whole_line_dispatch() -> tuple[dict[str, re.Pattern], re.Pattern]:
    """One combined pattern per first character, holding only the rules that
    can start with it (in table order), plus one for any other character."""
    firsts = [_first_chars(list(_sre_parse.parse(p, re.IGNORECASE))) for _, p, _ in _WHOLE_LINE]

    def combined(indices: list[int]) -> re.Pattern:
        return re.compile("|".join(f"(?P<w{i}>{_WHOLE_LINE[i][1]})" for i in indices) or "(?!)",
                          re.IGNORECASE)

    chars = sorted(set().union(*(f for f in firsts if f)))
    anywhere = [i for i, f in enumerate(firsts) if f is None]
    table = {c: combined([i for i, f in enumerate(firsts) if f is None or c in f]) for c in chars}
    return table, combined(anywhere)


_WHOLE_BY_FIRST, _WHOLE_ANY_FIRST = _whole_line_dispatch()
_ANYWHERE_RE = re.compile("|".join(f"(?P<a{i}>{p})" for i, (_, p, _) in enumerate(_ANYWHERE)),
                          re.IGNORECASE)
_WHOLE_LINE_SINGLE = [re.compile(p, re.IGNORECASE) for _, p, _ in _WHOLE_LINE]
_ANYWHERE_SINGLE = [re.compile(p, re.IGNORECASE) for _, p, _ in _ANYWHERE]
_MAX_WORDS = max(n for _, _, n in _WHOLE_LINE + _ANYWHERE)

# Lines after which the article does not go on: a comment section, a
# copyright footer.  The body is cut at the first of them that follows real prose.
_END_RULES = frozenset({"comments", "copyright"})
# Score of a chrome line in the search for the body: most push the body's
# edge away; tweets and ads sit inside articles, so they are neutral.
_CHROME_SCORE = {"tweet": 0.0, "advertisement": -1.0, "reply-button": -1.0, "caption": -1.0,
                 "source-tag": -1.0, "embedded-headline": -1.0, "repeated-line": -2.0}
_HARD_END_MIN_WORDS = 40
# Chrome that ends an article when little prose follows it.
_SOFT_END_RULES = frozenset({"byline", "related", "source-link", "share", "tags", "follow",
                             "subscribe", "newsletter"})
_SOFT_END_SHARE = 0.25

# A date or time in a short line that is not a sentence marks a byline or dateline.
_DATE = re.compile(
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|"
    r"\b\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{4}|"
    r"\b(updated|published|posted|last modified)\b|\b\d+ (minutes?|hours?|days?) ago\b", re.IGNORECASE)
_TIMESTAMP_TOKEN = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b\d{1,2}:\d{2}\b|"
                              r"\b(ET|GMT|UTC|EST|PST|CET|BST)\b", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d").search
_TWEET_SIGNATURE = re.compile(r"^[—–-]\s*[^\n]{1,80}\(@\w{1,30}\)\s+\w+\.? \d{1,2},? \d{4}\s*$")
_TWEET_LINK = re.compile(r"\bpic\.twitter\.com/\w+|\btwitter\.com/\w+/status/\d+")


def _first_rule(patterns, rules, line: str, words: int, anywhere: bool) -> Optional[str]:
    """The first rule whose pattern matches and whose word limit the line meets."""
    for (rule, _, max_words), pattern in zip(rules, patterns):
        if words <= max_words and (pattern.search(line) if anywhere else pattern.match(line)):
            return rule
    return None


# Cheap gates in front of the regular expressions, which cost far more per
# line: a whole-line rule can only match a line whose first word is one of
# these, within the word limit of the rules that start with it (or a line
# that starts with a digit, "©" or "(", or ends with ":"); an anywhere rule
# only a line holding one of _GATE_KEYS or ending with ")".
# tests/test_boilerplate.py checks every lexicon example passes the gates.
_FIRST_WORD_LIMITS: dict[str, int] = {}
for _limit, _words in [
    (60, "caption image images photo photos picture pictures"),
    (40, "your required notify save responses response replies reactions thoughts comments comment "
         "tags tag tagged topic topics categories category filed keywords label labels copyright"),
    (30, "subscribe sign log login register create already become support get download enter type "
         "thanks thank unlimited donate start leave post add no show hide join be discussion "
         "reader you cancel click reply report have share e email"),
    (25, "video videos graphic graphics illustration "
         "illustrations credit photograph file"),
    (20, "privacy terms cookie contact about advertise site sitemap accessibility careers faq help "
         "corrections"),
    (14, "follow like find connect by written words posted published reported story author"),
    (12, "sharing tweet print facebook twitter whatsapp linkedin pinterest reddit tumblr telegram copy "
         "messenger flipboard pocket source go via read full more originally continue just first "
         "updated last retweet quote"),
    (10, "related recommended most popular trending top latest editor editors further see also up next "
         "previous in around from don dont sponsored promoted"),
    (6, "what view ad ads advertisement advertising article skip paid partner home menu search close back prev "
        "load open toggle main navigation breadcrumb rate rating"),
]:
    for _word in _words.split():
        _FIRST_WORD_LIMITS.setdefault(_word, _limit)
_FIRST_WORDS = frozenset(_FIRST_WORD_LIMITS)


def _gate_arrays() -> tuple[np.ndarray, np.ndarray]:
    """First-token hashes of the gate words (sorted) and their word limits."""
    limits: dict[int, int] = {}
    for word, limit in _FIRST_WORD_LIMITS.items():
        key = int(_core.token_hashes(word)[0])
        limits[key] = max(limit, limits.get(key, 0))
    keys = sorted(limits)
    return np.array(keys, dtype=np.uint64), np.array([limits[k] for k in keys], dtype=np.int32)


_GATE_HASHES, _GATE_WORDS = _gate_arrays()
_GATE_KEYS = ("newsletter", "cookie", "©", "rights reserved", "getty", "shutterstock", "istock",
              "photo", "by continuing", "by using", "updated", "published", "posted", "modified", "ago")


def _has_anywhere_key(low: str) -> bool:
    # Plain substring tests: several times cheaper than any() or a regex here.
    return ("newsletter" in low or "cookie" in low or "©" in low or "rights reserved" in low or "/" in low
            or "getty" in low or "shutterstock" in low or "istock" in low or "photo" in low
            or "by continuing" in low or "by using" in low)


def _has_date_key(low: str) -> bool:
    return "updated" in low or "published" in low or "posted" in low or "modified" in low or " ago" in low

_PUNCT = ".,:;!?»>()[]\"'“”‘’"


def _whole_line_candidate(body: str) -> bool:
    first = body.split(None, 1)[0].lower().strip(_PUNCT)
    return (first in _FIRST_WORDS or first[:1].isdigit() or body[0] in "©(" or body[-1] == ":")


_WHOLE_GATES = _core.LINE_GATE | _core.LINE_LEAD | _core.LINE_COLON
_ANYWHERE_GATES = _core.LINE_KEY | _core.LINE_PAREN_END  # (a credit also needs LINE_SLASH)


@lru_cache(maxsize=1 << 16)
def _lexicon_rule(line: str, words: int, flags: Optional[int] = None) -> Optional[str]:
    """Name of the chrome rule ``line`` matches, or None.

    ``flags`` are the line's ``_core.line_features`` flags when the caller has
    them: the core's gates then stand in for the Python ones.  Cached: menus,
    footers and share bars repeat within a page and across a site's pages,
    and the verdict depends on the line alone.
    """
    if words > _MAX_WORDS:
        return None
    body = line.lstrip(_BULLETS)
    if not body:
        return None
    if flags is not None:
        return _lexicon_rule_gated(body, words, flags)
    # One combined pattern first; the per-rule loop only when it matched a
    # rule whose word limit the line exceeds (another rule may still apply).
    if _whole_line_candidate(body):
        rule = _whole_line_rule(body, words)
        if rule:
            return rule
    low = body.lower()
    if _has_anywhere_key(low):
        rule = _anywhere_rule(body, words)
        if rule:
            return rule
    if words <= 14 and (_HAS_DIGIT(body) or _has_date_key(low)) and not is_sentence(body):
        return _dateline_rule(body, words)
    return None


def _lexicon_rule_gated(body: str, words: int, flags: int) -> Optional[str]:
    if flags & _WHOLE_GATES:
        rule = _whole_line_rule(body, words)
        if rule:
            return rule
    if flags & _ANYWHERE_GATES:
        rule = _anywhere_rule(body, words)
        if rule:
            return rule
    if (words <= 14 and flags & (_core.LINE_DATEISH | _core.LINE_KEY)
            and not flags & _core.LINE_SENTENCE):
        return _dateline_rule(body, words)
    return None


def _whole_line_rule(body: str, words: int) -> Optional[str]:
    match = _WHOLE_BY_FIRST.get(body[0].lower(), _WHOLE_ANY_FIRST).match(body)
    if match:
        index = int(match.lastgroup[1:])
        if words <= _WHOLE_LINE[index][2]:
            return _WHOLE_LINE[index][0]
        return _first_rule(_WHOLE_LINE_SINGLE, _WHOLE_LINE, body, words, anywhere=False)
    return None


def _anywhere_rule(body: str, words: int) -> Optional[str]:
    match = _ANYWHERE_RE.search(body)
    if match:
        index = int(match.lastgroup[1:])
        if words <= _ANYWHERE[index][2]:
            return _ANYWHERE[index][0]
        return _first_rule(_ANYWHERE_SINGLE, _ANYWHERE, body, words, anywhere=True)
    return None


def _dateline_rule(body: str, words: int) -> Optional[str]:
    if (words <= 8 or _TIMESTAMP_TOKEN.search(body)) and _DATE.search(body):
        return "byline"
    return None


# --------------------------------------------------------------------- the body
# Line scores for the body search (the core's find_body): a sentence of at
# least 8 words counts its words, one of 4 to 7 half of them, a long line
# without final punctuation half, a lead-in ending in a colon a quarter, a
# list item nothing, a short sentence 0.5, and any other fragment
# -1.5 - 0.15 a word (at most 10 words).  A prose line between two fragments
# counts 0.3 of its score; a hard end after 40 words of prose, a soft end when
# less than 0.25 of the prose before it follows.
_BODY_PARAMS = (8, 4, 20, 4, 0.0, 0.5, -1.5, 0.15, 10, 0.3, _HARD_END_MIN_WORDS, _SOFT_END_SHARE)


def _find_body(words: np.ndarray, flags: np.ndarray, rules: dict[int, str]) -> tuple[int, int]:
    """[start, end) line indices of the article body (``rules``: chrome lines by index)."""
    count = len(words)
    chrome_scores = np.full(count, np.nan)
    end_kinds = np.zeros(count, dtype=np.int8)
    for i, rule in rules.items():
        chrome_scores[i] = _CHROME_SCORE.get(rule, -4.0)
        end_kinds[i] = 1 if rule in _END_RULES else 2 if rule in _SOFT_END_RULES else 0
    return _core.find_body(words, flags, chrome_scores, end_kinds, _BODY_PARAMS)


def boilerplate_lines(text: str, *, keep_tweets: bool = False, trim_to_body: bool = True,
                      use_lexicon: bool = True) -> list[LineDecision]:
    """Decide, for every non-blank line of ``text``, whether it is article or chrome.

    >>> rows = boilerplate_lines("Share this:\\nThe minister said talks would resume on Monday.\\n"
    ...                          "Leave a Reply")
    >>> [(r.keep, r.rule) for r in rows]
    [(False, 'share'), (True, None), (False, 'comments')]
    """
    lines = _decide(text, keep_tweets, trim_to_body, use_lexicon)
    return [LineDecision(a, b, text[a:b], k, lines.rule_of(i)) for i, (a, b, k)
            in enumerate(zip(lines.starts.tolist(), lines.ends.tolist(), lines.keep.tolist()))]


def _lexicon_candidates(words: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """Lines that pass one of ``_lexicon_rule``'s gates, found without a
    Python loop over lines: a superset of the lines the lexicon can match."""
    gate = (flags & _core.LINE_GATE) != 0
    gate |= ((flags & _core.LINE_LEAD) != 0) & (words <= 20)
    gate |= ((flags & _core.LINE_COLON) != 0) & (words <= 8)  # "name says:"
    credit = _core.LINE_PAREN_END | _core.LINE_SLASH
    gate |= ((flags & credit) == credit) & (words <= 60)  # "(Name/AP)" credits
    # The dateline test: a short line with a time, date or year that is not a sentence.
    gate |= (((flags & _core.LINE_DATEISH) != 0) & (words <= 14) & ((flags & _core.LINE_SENTENCE) == 0))
    gate |= (flags & _core.LINE_KEY) != 0
    return gate & (words <= _MAX_WORDS)


def _mark_source_tags(words: np.ndarray, flags: np.ndarray, rules: dict[int, str]) -> None:
    """An outlet's tag alone on a line ("RT", "AFP") is chrome, and so is the
    headline right above it: together they head an article a page embeds."""
    tags = np.flatnonzero(((flags & _core.LINE_UPPER) != 0) & (words <= 2)
                          & ((flags & (_core.LINE_SENTENCE | _core.LINE_LIST)) == 0))
    for i in tags.tolist():
        if i in rules:
            continue
        rules[i] = "source-tag"
        above = i - 1
        if (above >= 0 and above not in rules and 3 <= words[above] <= 15
                and not flags[above] & (_core.LINE_SENTENCE | _core.LINE_COLON | _core.LINE_LIST)):
            rules[above] = "embedded-headline"


class _Lines(NamedTuple):
    """The non-blank lines of a text and what was decided for each.

    ``rules`` holds the lines chrome rules matched, by index; lines outside
    ``body`` (start, end) were dropped for their position.
    """

    starts: np.ndarray
    ends: np.ndarray
    flags: np.ndarray
    keep: np.ndarray
    rules: dict
    body: tuple[int, int]

    def rule_of(self, i: int) -> Optional[str]:
        """Why line ``i`` was dropped (None if kept)."""
        rule = self.rules.get(i)
        if rule is not None or self.keep[i]:
            return rule
        return "before-body" if i < self.body[0] else "after-body"


def _decide(text: str, keep_tweets: bool, trim_to_body: bool, use_lexicon: bool,
            is_repeated: Optional[Callable[[str], bool]] = None) -> _Lines:
    """Lines of ``text`` with keep flags and rules.

    ``is_repeated`` marks lines a corpus-level filter knows (rule "repeated-line").
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    starts, ends, words, flags, _ = _core.line_features(text, _GATE_HASHES, _GATE_WORDS, _GATE_KEYS)
    count = len(starts)
    start_list, end_list = starts.tolist(), ends.tolist()
    rules: dict[int, str] = {}
    if use_lexicon and count:
        candidates = np.flatnonzero(_lexicon_candidates(words, flags))
        for i, n, f in zip(candidates.tolist(), words[candidates].tolist(), flags[candidates].tolist()):
            rule = _lexicon_rule(text[start_list[i]:end_list[i]], n, f)
            if rule is not None:
                rules[i] = rule
    if is_repeated is not None:
        for i, (a, b) in enumerate(zip(start_list, end_list)):
            if i not in rules and is_repeated(text[a:b]):
                rules[i] = "repeated-line"

    # Embedded tweets: the signature line, the link, and the tweet text above them.
    if use_lexicon and ("(@" in text or "twitter.com/" in text):
        for i, (a, b) in enumerate(zip(start_list, end_list)):
            line = text[a:b]
            if line[:1] in "—–-" and _TWEET_SIGNATURE.match(line):
                rules[i] = "tweet"
                if i > 0 and i - 1 not in rules and words[i - 1] <= 60:
                    rules[i - 1] = "tweet"
            elif "twitter.com/" in line and words[i] <= 60 and _TWEET_LINK.search(line):
                rules[i] = "tweet"
        if keep_tweets:
            rules = {i: r for i, r in rules.items() if r != "tweet"}

    if use_lexicon:
        _mark_source_tags(words, flags, rules)

    keep = np.ones(count, dtype=bool)
    if rules:
        keep[np.fromiter(rules, dtype=np.int64, count=len(rules))] = False
    body = (0, count)
    if trim_to_body and count:
        body = _find_body(words, flags, rules)
        keep[:body[0]] = False
        keep[body[1]:] = False
    return _Lines(starts, ends, flags, keep, rules, body)


def strip_boilerplate(text: str, *, keep_tweets: bool = False, trim_to_body: bool = True,
                      use_lexicon: bool = True) -> str:
    """The article lines of ``text``: page chrome removed, paragraphs kept.

    Kept lines are joined by the line breaks that separated them in the input
    (a blank line between paragraphs stays one blank line).

    >>> strip_boilerplate("Top Stories\\n\\nThe talks ended without a deal, officials said.\\n\\n"
    ...                   "Source link")
    'The talks ended without a deal, officials said.'
    """
    return join_kept(text, _decide(text, keep_tweets, trim_to_body, use_lexicon))


def join_kept(text: str, lines: _Lines) -> str:
    """Join the kept lines: a blank line where the input had one between
    them, else a single newline."""
    kept = np.flatnonzero(lines.keep)
    if kept.size == 0:
        return ""
    starts, ends = lines.starts[kept].tolist(), lines.ends[kept].tolist()
    out = [text[starts[0]:ends[0]]]
    for separator, a, b in zip(kept_separators(lines, kept).tolist(), starts[1:], ends[1:]):
        out.append(separator)
        out.append(text[a:b])
    return "".join(out)


def kept_separators(lines: _Lines, kept: np.ndarray) -> np.ndarray:
    """The separator before each kept line but the first: two line breaks
    where a blank line lies anywhere between it and the previous kept line,
    else one."""
    blank = np.cumsum((lines.flags & _core.LINE_AFTER_BLANK) != 0)
    between = blank[kept[1:]] - blank[kept[:-1]]
    return np.where(between > 0, "\n\n", "\n")
