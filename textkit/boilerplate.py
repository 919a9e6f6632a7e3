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
from typing import Callable, Optional


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
                 r"you must be logged in to post a comment|cancel reply|click here to cancel reply|"
                 r"log in to (reply|comment)|reply|report|what do you think\??|have your say|"
                 r"share your thoughts)[.:!]*$", 30),
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
                     r"file photo)\s*[:/]", 25),
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
_WHOLE_LINE_RE = re.compile("|".join(f"(?P<w{i}>{p})" for i, (_, p, _) in enumerate(_WHOLE_LINE)),
                            re.IGNORECASE)
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
_CHROME_SCORE = {"tweet": 0.0, "advertisement": -1.0, "repeated-line": -2.0}
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
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _first_rule(patterns, rules, line: str, words: int, anywhere: bool) -> Optional[str]:
    """The first rule whose pattern matches and whose word limit the line meets."""
    for (rule, _, max_words), pattern in zip(rules, patterns):
        if words <= max_words and (pattern.search(line) if anywhere else pattern.match(line)):
            return rule
    return None


# Cheap gates in front of the regular expressions, which cost far more per
# line: a whole-line rule can only match a line whose first word is one of
# these (or that starts with a digit, "©" or "(", or ends with ":"), and an
# anywhere rule only a line holding one of these substrings.
# tests/test_boilerplate.py checks every lexicon example passes the gates.
_FIRST_WORDS = frozenset("""
share sharing click tweet email e-mail print facebook twitter whatsapp linkedin pinterest reddit tumblr
telegram copy messenger flipboard pocket follow like find connect join subscribe sign log login register
create already become support get download enter type your thanks thank unlimited donate start leave
post add no comments comment view show hide be discussion reader you cancel reply report what have
required notify save responses response replies reactions thoughts privacy terms cookie contact about
advertise advertisement advertising site sitemap accessibility careers faq help corrections copyright
all sponsored ad ads promoted story continue article skip paid partner source go via read full more
originally related recommended most popular trending top latest editor's editors further see also
up next previous in around from don't dont photo photos image images picture pictures video videos
graphic graphics illustration illustrations credit photograph file by written words published reported
author tags tag tagged topic topics categories category filed keywords label labels home menu search
close back prev load open toggle main navigation breadcrumb just first updated last rate rating
""".split())


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


def _lexicon_rule(line: str, words: int) -> Optional[str]:
    """Name of the chrome rule ``line`` matches, or None."""
    if words > _MAX_WORDS:
        return None
    body = line.lstrip(_BULLETS)
    if not body:
        return None
    # One combined pattern first; the per-rule loop only when it matched a
    # rule whose word limit the line exceeds (another rule may still apply).
    if _whole_line_candidate(body):
        match = _WHOLE_LINE_RE.match(body)
        if match:
            index = int(match.lastgroup[1:])
            if words <= _WHOLE_LINE[index][2]:
                return _WHOLE_LINE[index][0]
            rule = _first_rule(_WHOLE_LINE_SINGLE, _WHOLE_LINE, body, words, anywhere=False)
            if rule:
                return rule
    low = body.lower()
    if _has_anywhere_key(low):
        match = _ANYWHERE_RE.search(body)
        if match:
            index = int(match.lastgroup[1:])
            if words <= _ANYWHERE[index][2]:
                return _ANYWHERE[index][0]
            rule = _first_rule(_ANYWHERE_SINGLE, _ANYWHERE, body, words, anywhere=True)
            if rule:
                return rule
    if words <= 14 and (_HAS_DIGIT(body) or _has_date_key(low)):
        if not is_sentence(body) and _DATE.search(body):
            if words <= 8 or _TIMESTAMP_TOKEN.search(body):
                return "byline"
    return None


# --------------------------------------------------------------------- the body
def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


_LIST_MARKER = re.compile(r"^([-•·▪●◦‣∙*–—]|\d{1,2}[.)]|[a-z][.)])\s")


def _prose_score(line: str, words: int) -> float:
    """How strongly a line looks like article prose (negative: like chrome)."""
    if words == 0:
        return -1.0
    sentence = is_sentence(line)
    if sentence and words >= 8:
        return float(words)
    if sentence and words >= 4:
        return words / 2.0
    if words >= 20:  # a long paragraph without final punctuation
        return words / 2.0
    if line[-1] == ":" and words >= 4:  # a lead-in to a quote or a list
        return words / 4.0
    if _LIST_MARKER.match(line):  # a list item: neither for nor against
        return 0.0
    if sentence and words >= 2:  # a short one-sentence paragraph
        return 0.5
    return -1.5 - min(words, 10) * 0.15


def _best_segment(scores: list[float]) -> tuple[int, int]:
    """Maximum-sum contiguous run of ``scores`` (Kadane); (0, 0) if none is positive."""
    best, best_span = 0.0, (0, 0)
    running, start = 0.0, 0
    for i, score in enumerate(scores):
        if running <= 0:
            running, start = score, i
        else:
            running += score
        if running > best:
            best, best_span = running, (start, i + 1)
    return best_span


def _find_body(lines: list[tuple[int, int, str]], words: list[int],
               rules: list[Optional[str]]) -> tuple[int, int]:
    """[start, end) line indices of the article body."""
    base = [_CHROME_SCORE.get(rules[i], -4.0) if rules[i] else _prose_score(line, words[i])
            for i, (_, _, line) in enumerate(lines)]
    scores = list(base)
    # A prose line between two fragments (a teaser summary between its
    # headline and its timestamp) counts for much less than a paragraph
    # among paragraphs.  Chrome lines (ads, tweets) are looked past.
    plain = [i for i in range(len(base)) if rules[i] is None]
    for k, i in enumerate(plain):
        if base[i] > 0:
            before = base[plain[k - 1]] if k > 0 else -1.0
            after = base[plain[k + 1]] if k + 1 < len(plain) else -1.0
            if before <= 0 and after <= 0:
                scores[i] = base[i] * 0.3
    start, end = _best_segment(scores)
    if start == end:
        # No line reads as prose (a title, a list, a table): there is no body
        # to find, so position removes nothing; the lexicon still applies.
        return 0, len(lines)
    # Cut at a comment section or copyright footer once real prose came
    # before it; cut at other chrome (a byline footer, a related header, a
    # share bar) when what follows holds little prose next to what came before.
    prose = [words[i] if base[i] > 0 else 0 for i in range(len(base))]
    total = sum(prose[start:end])
    before = 0
    for i in range(start, end):
        if before >= _HARD_END_MIN_WORDS:
            if rules[i] in _END_RULES:
                end = i
                break
            if rules[i] in _SOFT_END_RULES and total - before < _SOFT_END_SHARE * before:
                end = i
                break
        before += prose[i]
    # Fragments at either edge of the run (headline, byline, "Share") are not body.
    while start < end and base[start] <= 0:
        start += 1
    while end > start and base[end - 1] <= 0:
        end -= 1
    return start, end


def boilerplate_lines(text: str, *, keep_tweets: bool = False, trim_to_body: bool = True,
                      use_lexicon: bool = True) -> list[LineDecision]:
    """Decide, for every non-blank line of ``text``, whether it is article or chrome.

    >>> rows = boilerplate_lines("Share this:\\nThe minister said talks would resume on Monday.\\n"
    ...                          "Leave a Reply")
    >>> [(r.keep, r.rule) for r in rows]
    [(False, 'share'), (True, None), (False, 'comments')]
    """
    lines, keep, rules = _decide(text, keep_tweets, trim_to_body, use_lexicon)
    return [LineDecision(s, e, line, k, r) for (s, e, line), k, r in zip(lines, keep, rules)]


def _decide(text: str, keep_tweets: bool, trim_to_body: bool, use_lexicon: bool,
            is_repeated: Optional[Callable[[str], bool]] = None):
    """(lines as (start, end, stripped text), keep flags, rules) for the non-blank lines.

    ``is_repeated`` marks lines a corpus-level filter knows (rule "repeated-line").
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    lines: list[tuple[int, int, str]] = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = raw.find(stripped[0])
            lines.append((position + lead, position + lead + len(stripped), stripped))
        position += len(raw) + 1
    words = [len(line.split()) for _, _, line in lines]
    if use_lexicon:
        rules: list[Optional[str]] = [_lexicon_rule(line, n) for (_, _, line), n in zip(lines, words)]
    else:
        rules = [None] * len(lines)
    if is_repeated is not None:
        for i, (_, _, line) in enumerate(lines):
            if rules[i] is None and is_repeated(line):
                rules[i] = "repeated-line"

    # Embedded tweets: the signature line, the link, and the tweet text above them.
    for i, (_, _, line) in enumerate(lines):
        if line[:1] in "—–-" and _TWEET_SIGNATURE.match(line):
            rules[i] = "tweet"
            if i > 0 and rules[i - 1] is None and words[i - 1] <= 60:
                rules[i - 1] = "tweet"
        elif "twitter.com/" in line and words[i] <= 60 and _TWEET_LINK.search(line):
            rules[i] = "tweet"
    if keep_tweets:
        rules = [None if r == "tweet" else r for r in rules]

    keep = [r is None for r in rules]
    if trim_to_body and lines:
        body_start, body_end = _find_body(lines, words, rules)
        for i in range(len(lines)):
            if keep[i] and not body_start <= i < body_end:
                keep[i] = False
                rules[i] = "before-body" if i < body_start else "after-body"
    return lines, keep, rules


def strip_boilerplate(text: str, *, keep_tweets: bool = False, trim_to_body: bool = True,
                      use_lexicon: bool = True) -> str:
    """The article lines of ``text``: page chrome removed, paragraphs kept.

    Kept lines are joined by the line breaks that separated them in the input
    (a blank line between paragraphs stays one blank line).

    >>> strip_boilerplate("Top Stories\\n\\nThe talks ended without a deal, officials said.\\n\\n"
    ...                   "Source link")
    'The talks ended without a deal, officials said.'
    """
    lines, keep, _ = _decide(text, keep_tweets, trim_to_body, use_lexicon)
    return join_kept(text, [(s, e, line) for (s, e, line), k in zip(lines, keep) if k])


def join_kept(text: str, kept: list[tuple[int, int, str]]) -> str:
    """Join kept lines ((start, end, text) in input order): a blank line where
    the input had one between them, else a single newline."""
    out: list[str] = []
    previous_end = -1
    for start, end, line in kept:
        if previous_end >= 0:
            out.append("\n\n" if _BLANK_LINE.search(text, previous_end, start) else "\n")
        out.append(line)
        previous_end = end
    return "".join(out)
