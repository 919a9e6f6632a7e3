"""Quote attribution: every quoted span, who said it, and with which verb.

``attribute(text)`` finds the quoted spans (the core's ``quote_spans``), then for
each looks for its speaker in the patterns news prose uses, nearest first:

* after the quote:   “…,” NAME said   /   “…,” said NAME
* before the quote:  NAME said: “…”   /   NAME told reporters “…”   /
  NAME said that … “…”   /   according to NAME, “…”   /   what NAME called “…”
* a quote with no cue of its own continues the previous quote's speaker when
  it follows it in the same or the next paragraph (a split or continued quote).

NAME is a pronoun, a capitalised name with its titles and roles ("Kremlin
spokesperson Dmitry Peskov", "Rep. Elijah E. Cummings (D-Md.)"), or a noun
phrase opened by "the"/"a" ("the Kremlin", "a senior official").  Pronouns are
resolved to the most recent named speaker, and surnames to the full name used
earlier ("Peskov" -> "Dmitry Peskov").
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple, Optional

from textkit import _core

__all__ = ["Quote", "attribute", "CUE_VERBS"]


def _word_trie(words) -> str:
    """A regex matching any of ``words``, longest first, branching letter by
    letter: the regex engine tries one branch per letter instead of every word."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def _words(words) -> str:
    """``_word_trie`` of ``words`` (or of the space-separated words of a str), as one group."""
    return f"(?:{_word_trie(words.split() if isinstance(words, str) else words)})"


# Cue verbs, each with its inflections.  A quote's cue is one of these next to
# its speaker.
_CUE_STEMS = """
say said says saying | tell told tells telling | add added adds adding | warn warned warns warning |
explain explained explains explaining | insist insisted insists insisting | note noted notes noting |
tweet tweeted tweets tweeting | write wrote writes writing written | boast boasted boasts boasting |
call called calls calling | continue continued continues continuing | ask asked asks asking |
reply replied replies replying | claim claimed claims claiming | argue argued argues arguing |
declare declared declares declaring | state stated states stating | recall recalled recalls recalling |
report reported reports reporting | respond responded responds responding |
suggest suggested suggests suggesting | acknowledge acknowledged acknowledges acknowledging |
admit admitted admits admitting | announce announced announces announcing |
assert asserted asserts asserting | complain complained complains complaining |
contend contended contends contending | concede conceded concedes conceding |
describe described describes describing | emphasize emphasized emphasizes emphasizing |
emphasise emphasised emphasises emphasising | stress stressed stresses stressing |
observe observed observes observing | predict predicted predicts predicting |
promise promised promises promising | remark remarked remarks remarking |
repeat repeated repeats repeating | reiterate reiterated reiterates reiterating |
testify testified testifies testifying | urge urged urges urging | joke joked jokes joking |
quip quipped quips quipping | shout shouted shouts shouting | yell yelled yells yelling |
whisper whispered whispers whispering | wonder wondered wonders wondering |
charge charged charges charging | counter countered counters countering |
lament lamented laments lamenting | conclude concluded concludes concluding |
recount recounted recounts recounting | posted | mock mocked mocks mocking |
blast blasted blasts blasting | slam slammed slams slamming | praise praised praises praising |
accuse accused accuses accusing | demand demanded demands demanding | vow vowed vows vowing |
pledge pledged pledges pledging | hint hinted hints hinting | muse mused muses musing |
cite cited cites citing | describe described | tout touted touts touting | deny denied denies denying |
confirm confirmed confirms confirming | point pointed points pointing | read reads |
sing sang sings singing | ruled |
rate rated rates rating | condemn condemned condemns condemning | retort retorted retorts |
exclaim exclaimed exclaims exclaiming | interject interjected | opine opined opines |
scoff scoffed scoffs | snap snapped snaps | sneer sneered sneers | thunder thundered |
agree agreed agrees agreeing | snipe sniped snipes | gush gushed gushes | react reacted reacts |
lash lashed | griped | fumed | disagree disagreed disagrees | estimate estimated estimates |
caution cautioned cautions cautioning | advise advised advises advising | tells |
criticize criticized criticizes criticizing | criticise criticised criticises criticising |
dismiss dismissed dismisses dismissing | brand branded brands branding | bemoan bemoaned bemoans |
denounce denounced denounces denouncing | label labeled labelled labels labeling |
dub dubbed dubs dubbing | termed | characterize characterized characterizes |
decry decried decries | hail hailed hails hailing | questioned |
reply replied | answered | insist insisted | plead pleaded pleads |
threaten threatened threatens threatening | welcome welcomed welcomes | chide chided chides |
object objected objects | attack attacked attacks attacking | defend defended defends defending |
argue argued | claim claimed | warn warned | explain explained | maintain maintained maintains |
allege alleged alleges alleging |
refer referred refers referring | assure assured assures assuring | bark barked barks |
exhort exhorted exhorts | quote quoted quotes quoting | propose proposed proposes |
mention mentioned mentions | grumble grumbled grumbles | chant chanted chants chanting |
scream screamed screams | exclaim | marvel marveled marvelled marvels |
recommend recommended recommends | speculate speculated speculates | surmise surmised |
acknowledge | contend | boast | muse | snap | plead | swear swore swears |
explain | confide confided confides | inform informed informs | lecture lectured |
advise | counsel counseled | add | quip | deadpan deadpanned | intone intoned | sigh sighed |
proclaim proclaimed proclaims | remember remembered remembers | reflect reflected reflects |
reveal revealed reveals revealing | echo echoed echoes echoing |
elaborate elaborated elaborates elaborating | answer answers answering | retaliate retaliated retaliates |
post posts posting | gripe gripes | fume fumes | interjects | thunders |
express expressed expresses expressing | cry cried cries crying | jeer jeered jeers |
grouse groused grouses grousing | roar roared roars | bellow bellowed bellows | holler hollered hollers |
mutter muttered mutters | mumble mumbled mumbles | murmur murmured murmurs | stammer stammered |
beg begged begs | chuckle chuckled chuckles | gasp gasped gasps | scold scolded scolds | rant ranted rants |
vent vented vents | fret fretted frets
"""
CUE_VERBS = frozenset(w for w in _CUE_STEMS.replace("|", " ").split())

def _either(words) -> str:
    """A regex matching any of ``words``, tried in the order given."""
    return "(?:" + "|".join(map(re.escape, words)) + ")"


def _cased(words: str) -> tuple[str, ...]:
    """Each of the space-separated ``words`` capitalised, then as written."""
    return tuple(form for word in words.split() for form in (word.capitalize(), word))


# The word lists of the subject patterns.  The regexes below are built from
# them, and so is _core.SubjectMatcher (see _SUBJECTS), which matches three of
# those patterns without the regex engine.
_PRONOUN_FORMS = _cased("he she they it") + ("I",) + _cased("we")
_TITLE_WORDS = tuple("""Mr Mrs Ms Dr Rep Reps Sen Sens Gov Lt Gen Col Capt Sgt Prof Rev Pres Sec Atty Supt
St Jr Sr""".split())
_PARTICLES = tuple("de del della van von der da di la le al bin ibn el".split())
_NOT_NAME_QUANTIFIERS = tuple("Another Some Several Many Most Both Each Every All Few One".split())
_NOT_NAME_ARTICLES = ("The", "A", "An")
_DETERMINERS = _cased("the a an one some several many two three another most both each every all few "
                      "his her their its our my your")
_QUANTIFIERS_ALONE = _cased("another others both several many some")
_CONTRACTED_WORDS = tuple("It He She That There What Here Who Let This Where Everyone Nobody".split())
# Modals and "do": a noun phrase ends before them, and they may stand between a subject and its cue.
_AUXILIARY_WORDS = tuple("would will could should can cannot may might must did does do".split())
_ENDS_A_NOUN_PHRASE_WORDS = tuple("""and or but then that who which when while said says told added asked
wrote noted called is was has had were are because although though since unless until whereas
if""".split()) + _AUXILIARY_WORDS
_PREPOSITION_WORDS = tuple("""of for at in on from with to by about into over under between among near
inside outside across against like""".split())
_ARTICLE_AND_OBJECT_WORDS = tuple("the a an his her their its him them it".split())

_PRONOUNS = _either(_PRONOUN_FORMS)
_TITLE = _either(_TITLE_WORDS) + r"\."
# A capitalised word: names, initials ("E."), hyphenated and possessive-free.
_UPPER = "A-ZÀ-ÖØ-Þ"
_CAP = rf"(?:[{_UPPER}]\.|[{_UPPER}](?:[^\W\d_]|['’-])*)"
_PARTICLE = _either(_PARTICLES)
# A quantifier or an article opens a noun phrase ("Another source"), not a name.
_NOT_A_NAME_START = rf"(?!{_either(_NOT_NAME_QUANTIFIERS)}\s+[a-z]|{_either(_NOT_NAME_ARTICLES)}\s)"
# "Joseph R. Biden Jr.": a suffix with its full stop after the name.
_NAME_SUFFIX = r"(?:\s+(?:Jr|Sr)\.)"
_NAME = (rf"{_NOT_A_NAME_START}(?:{_TITLE}\s+)?{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{0,4}}{_NAME_SUFFIX}?"
         rf"(?:\s*\([A-Z]{{1,3}}(?:-[A-Z][\w.]*)?\))?")
# "the Kremlin", "a senior official", "the source": a determiner and up to three words.
_ENDS_A_NOUN_PHRASE = _words(_ENDS_A_NOUN_PHRASE_WORDS)
_PREPOSITIONS = _words(_PREPOSITION_WORDS)
_ARTICLES_AND_OBJECTS = _words(_ARTICLE_AND_OBJECT_WORDS)
_NP_WORD = (rf"(?!{_ENDS_A_NOUN_PHRASE}\b)(?![\w'’-]+ly\b)"
            # a word with an article or object after it is a verb ("passed the"), unless a preposition
            rf"(?!(?!{_PREPOSITIONS}\b)[\w'’-]+\s+{_ARTICLES_AND_OBJECTS}\b)[\w'’-]+")
_NOUN_PHRASE = rf"{_either(_DETERMINERS)}\s+(?:{_NP_WORD}\s+){{0,3}}{_NP_WORD}"
# "Clinton’s campaign", "Obama's first five questioners": a name's something.
# "It's", "That's": a contraction, not a possessive.
_CONTRACTED = _words(_CONTRACTED_WORDS)
_POSSESSIVE_PHRASE = (rf"(?!{_CONTRACTED}['’]s\b)"
                      rf"{_CAP}(?:\s+{_CAP}){{0,2}}['’]s\s+(?:{_NP_WORD}\s+){{0,2}}{_NP_WORD}")
# "Yet another said": a quantifier standing alone for a person.
_QUANTIFIER_ALONE = rf"{_either(_QUANTIFIERS_ALONE)}\b"
_SPEAKER = rf"(?P<speaker>{_PRONOUNS}|{_POSSESSIVE_PHRASE}|{_NAME}|{_NOUN_PHRASE}|{_QUANTIFIER_ALONE})"
# Cues matched only right after a quote: phrases ("…," Trump shot back) and
# verbs that speak only there ("…,” Hannity started).
_PHRASAL_CUES = ("shot back", "fired back", "hit back", "pushed back", "went on", "chimed in",
                 "piped up", "spoke up", "weighed in", "started", "began", "riffed", "laughed",
                 "cracked", "offered", "sniffed")
_CUE = rf"(?P<cue>{_word_trie(CUE_VERBS | set(_PHRASAL_CUES))})\b"
# Words between a speaker and the cue ("Peskov later said", "he has said",
# "Beck on Wednesday called", "Clinton in a statement said").
_ADVERB_PHRASES = ("later also then again once recently previously simply quickly bluntly flatly repeatedly "
                   "publicly privately earlier firmly angrily has had have was is were are not never now "
                   "still just however though too meanwhile instead nonetheless nevertheless therefore "
                   "indeed similarly likewise").split() + list(_AUXILIARY_WORDS) + ["went on to", "continued to"]
_DAY_LEADS = ("on", "last", "this")
_WEEKDAYS = tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_PERIOD_LEADS = ("last", "this", "next")
_PERIODS = ("week", "month", "year", "night", "weekend")
_MEDIA = tuple("Twitter Facebook Instagram television TV CNN MSNBC NBC CBS ABC NPR".split())
_MEDIA_WITH_TAIL, _MEDIA_TAIL = ("Fox",), ("News",)
_STATEMENT_OWNERS = ("a", "an", "his", "her", "their", "its")
_STATEMENTS = tuple("""statement interview tweet email e-mail speech post letter op-ed memo video report
release appearance address""".split())
_EVENT_OWNERS = ("a", "the", "his", "her")
_EVENTS = tuple("rally debate hearing event briefing conference forum".split())
_WEEKDAY = _either(_WEEKDAYS) + r"\b"
_MONTHS = tuple("January February March April May June July August September October November December".split())
_ADVERB = (rf"(?:\s+(?:{_word_trie(_ADVERB_PHRASES)}|[a-z]+ly|"
           rf"(?:{_either(_DAY_LEADS)}\s+)?{_WEEKDAY}|{_either(_PERIOD_LEADS)}\s+{_either(_PERIODS)}|"
           rf"on\s+(?:{_either(_MEDIA)}|{_either(_MEDIA_WITH_TAIL)}(?:\s+{_either(_MEDIA_TAIL)})?)|"
           rf"in\s+{_either(_STATEMENT_OWNERS)}\s+(?:\w+\s+)?{_either(_STATEMENTS)}|"
           rf"at\s+{_either(_EVENT_OWNERS)}\s+(?:\w+\s+)?{_either(_EVENTS)}))*")

# “…,” said NAME  /  “…,” NAME said  (text right after the closing mark)
# "Tina Tchen, Mrs. Obama's chief of staff," / "Jason Sims — a teacher from Mount Pleasant —"
# (one ending in a title, "author of ''The Long Road,''", closes with its marks)
_APPOSITIVE = r"(?:,[^!?\"“”]{1,200}?,(?:''|’’)?|\s*[—–]\s*[^!?\"“”—–]{1,200}?\s*[—–])?"
# Between a closing mark and its cue: spaces, commas, dashes, and the last
# mark of three apostrophes (a single quote closing inside a doubled-apostrophe quote).
_AFTER_CLOSE = r"'?[\s,—–-]*"
# said NAME: the name with the roles and titles in front of it ("said 9/11
# widow Terry Strada", "said Kremlin spokesperson Dmitry Peskov").
_AFTER_INVERTED = re.compile(
    rf"{_AFTER_CLOSE}{_CUE}{_ADVERB}\s+(?!that\b)(?P<speaker>{_PRONOUNS}\b|{_NOUN_PHRASE}(?=[\s,.;:!?]|$)|"
    rf"{_POSSESSIVE_PHRASE}(?=\s*[,.;:!?]|$)|"
    rf"(?:[\w'’/.-]+\s+){{0,6}}?{_NAME}(?=\s*[,.;:!?)—–]|\s*$|\s+(?:on|in|at|of|who|after|during|to|"
    rf"from|with|last|this|earlier|when|while|as|before|and|but|in)\b))")
# After a quote the words up to the cue are the speaker, titles, roles and
# "of the Sierra Club" included: at most eight of them.
_MENTION_WORD = r"[\w.'’()/&-]+"
_NOT_A_SUBJECT = (r"(?![a-z]+ing\b)(?!" + _words("according in on at for with by from as and but or which that "
                                                 "while when because after before if so than to of "
                                                 "though although since unless until whereas") + r"\b)")
# A cue word right after a determiner is a noun ("the report"): the mention
# goes on past it ("the report concluded").
_NOUN_DETERMINERS = "the a an his her their its my our your these those this whose every each no"
_NOT_AFTER_A_DETERMINER = "".join(rf"(?<!\b{word}\s)" for word in _cased(_NOUN_DETERMINERS))
_AFTER_PLAIN = re.compile(rf"{_AFTER_CLOSE}{_NOT_A_SUBJECT}(?P<speaker>{_PRONOUNS}\b|(?:{_MENTION_WORD}\s+){{0,7}}?{_MENTION_WORD})"
                          rf"{_APPOSITIVE}{_ADVERB}\s+{_CUE}")
# The same past a noun (tried only when _AFTER_PLAIN stops at one: it is slower).
_AFTER_PLAIN_PAST_A_NOUN = re.compile(_AFTER_PLAIN.pattern.replace(r"\s+(?P<cue>", rf"\s+{_NOT_AFTER_A_DETERMINER}(?P<cue>"))
_AFTER_PLAIN_NAME = re.compile(rf"{_AFTER_CLOSE}{_SPEAKER}{_APPOSITIVE}{_ADVERB}\s+{_CUE}")
# A full stop that does not end the sentence: inside "U.S." or "1.5", or
# after a title or an initial ("Mr. Sanders", "James B. Comey").
_INNER_STOP = (r"\.(?:(?=[^\s\"“”])|"
               + "|".join(rf"(?<=\b{word}\.)" for word in _TITLE_WORDS + ("[A-Z]",)) + ")")
_TITLE_WORD_SET = frozenset(_TITLE_WORDS)


def _sentence_end_patterns(in_sentence: str, in_sentence_or_quote: str) -> tuple[re.Pattern, ...]:
    """The three patterns that find a cue closing the quote's sentence, where
    ``in_sentence`` matches up to 200 of its characters (without quotation
    marks; ``in_sentence_or_quote`` with them)."""
    # “…” is held accountable, Warren said.  (the cue closes the quote's sentence)
    cue = re.compile(
        rf"{in_sentence_or_quote},\s+(?P<speaker>{_PRONOUNS}\b|{_NOUN_PHRASE}|"
        rf"(?:[\w'’.-]+\s+){{0,5}}?{_NAME}){_ADVERB}\s+{_CUE}[^.!?\"“”]{{0,40}}[.!?]")
    # “…” that Sanders can catch Clinton, said Steve Elmendorf.
    inverted = re.compile(
        rf"{in_sentence},\s+{_CUE}{_ADVERB}\s+(?P<speaker>{_PRONOUNS}\b|{_NOUN_PHRASE}|"
        rf"(?:[\w'’.-]+\s+){{0,5}}?{_NAME})(?=\s*[,.;:!?(—–]|\s*$)")
    # “…,” according to X  /  “…” has sold 235,000 copies, according to Nielsen.
    according = re.compile(rf"(?:{in_sentence},)?\s*\(?(?P<cue>[Aa]ccording to)\s+"
                           rf"(?:[a-z][\w'’-]*\s+){{0,3}}{_SPEAKER}")
    return cue, inverted, according


_SENTENCE_END = _sentence_end_patterns(r"[^.!?\"“”]{0,200}?", r"[^.!?]{0,200}?")
# Past up to three inner full stops; runs of plain characters keep the regex
# engine's fast single-character loop.
_SENTENCE_END_PAST_INNER_STOPS = _sentence_end_patterns(
    rf"(?:[^.!?\"“”]{{0,200}}?{_INNER_STOP}){{0,3}}?[^.!?\"“”]{{0,200}}?",
    rf"(?:[^.!?]{{0,200}}?{_INNER_STOP}){{0,3}}?[^.!?]{{0,200}}?")


def _sentence_end(after: str) -> tuple[re.Pattern, ...]:
    """The sentence-end patterns for the text ``after`` a quote: the slower
    ones that read past inner full stops only when the first full stop, in
    200 characters and before any ? or !, may be one (_INNER_STOP)."""
    dot = after.find(".", 0, 201)
    if dot < 0 or 0 <= after.find("!", 0, dot) or 0 <= after.find("?", 0, dot):
        return _SENTENCE_END
    if dot + 1 < len(after) and not after[dot + 1].isspace() and after[dot + 1] not in "\"“”":
        return _SENTENCE_END_PAST_INNER_STOPS  # "U.S.", "1.5"
    start = dot
    while start > 0 and after[start - 1].isalpha():
        start -= 1
    word = after[start:dot]
    if word in _TITLE_WORD_SET or (len(word) == 1 and "A" <= word <= "Z"):
        return _SENTENCE_END_PAST_INNER_STOPS  # "Mr. Sanders", "James B. Comey"
    return _SENTENCE_END


# “…” ― Name  (a signature after a dash, alone to the end of the paragraph)
_AFTER_DASH = re.compile(rf"\s*(?P<cue>[―—–])\s*{_SPEAKER}[\s.]*$")
# “…end.” Trump said.  A sentence of only a name and a cue speaks for the quote before it.
_BARE_CUE_SENTENCE = re.compile(rf"(?:\s+(?:on\s+)?{_WEEKDAY}|\s+(?:later|then|afterward|afterwards|"
                                rf"too|again|earlier))?\s*\.(?:\s|$)")
# “…”  (next paragraph:)  - Hillary Clinton.  /  -President Obama, tweeting after …
_SIGNATURE_LINE = re.compile(rf"\s*\n\s*(?P<cue>[―—–-])\s*{_SPEAKER}\s*(?:[.,]|$)")
# NAME said: “…”  /  NAME said that … “…”  (the nearest cue before the opening mark, in its sentence)
_STRONG_CUES = frozenset("""say said says saying tell told tells telling add added adds adding write wrote
writes writing state stated states explain explained explains insist insisted insists argue argued argues
claim claimed claims note noted notes ask asked asks reply replied replies tweet tweeted tweets declare
declared declares warn warned warns continue continued continues allege alleged alleges""".split())
# Where a subject can start: a word's first letter, capitalised or that of a
# pronoun or determiner.  A search that tries only there skips most positions
# at the first character.
_AT_SUBJECT_START = rf"(?<![\w'’])(?=[{_UPPER}hstiwaom])"
# A name and a colon before the quote, opening a sentence or after a dash
# ("Pollsters agree - Carl Bialik: “…”"): a transcript's or a digest's label.
_SPEAKER_LABEL = re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=\s[-–—]\s))(?P<speaker>{_NAME})\s*(?P<cue>:)\s*$")
# The subject right before a cue: a speaker, then adverbs.  _SUBJECTS
# finds what these three patterns find without the regex engine (each a
# mode of _subject_near); they stay as its specification, and the tests
# compare the two.
_SUBJECT_NEAR_CUE = re.compile(rf"{_AT_SUBJECT_START}{_SPEAKER}{_ADVERB}\s*$")
_SUBJECT_HEAD = re.compile(rf"{_AT_SUBJECT_START}{_SPEAKER}\s*$")
_SUBJECT_BEFORE_CUE = re.compile(rf"{_AT_SUBJECT_START}{_SPEAKER}{_APPOSITIVE}{_ADVERB},?\s*$")


def _subject_matcher() -> _core.SubjectMatcher:
    lists = {
        "pronouns": _PRONOUN_FORMS, "titles": tuple(word + "." for word in _TITLE_WORDS),
        "particles": _PARTICLES, "not_name_quantifiers": _NOT_NAME_QUANTIFIERS,
        "not_name_articles": _NOT_NAME_ARTICLES, "determiners": _DETERMINERS,
        "quantifiers_alone": _QUANTIFIERS_ALONE, "contracted": _CONTRACTED_WORDS,
        "ends_a_noun_phrase": _ENDS_A_NOUN_PHRASE_WORDS, "prepositions": _PREPOSITION_WORDS,
        "articles_and_objects": _ARTICLE_AND_OBJECT_WORDS, "adverbs": tuple(_ADVERB_PHRASES),
        "day_leads": _DAY_LEADS, "weekdays": _WEEKDAYS, "period_leads": _PERIOD_LEADS, "periods": _PERIODS,
        "media": _MEDIA, "media_with_tail": _MEDIA_WITH_TAIL, "media_tail": _MEDIA_TAIL,
        "statement_owners": _STATEMENT_OWNERS, "statements": _STATEMENTS, "event_owners": _EVENT_OWNERS,
        "events": _EVENTS, "sentence_adverbs": _SENTENCE_ADVERBS, "lead_ins": _LEAD_IN_WORD_LIST,
        "intensifiers": _INTENSIFIERS, "counts": _COUNTS, "time_units": _TIME_UNITS,
        "time_relations": _TIME_RELATIONS, "participle_prepositions": _PARTICIPLE_PREPOSITIONS,
    }
    return _core.SubjectMatcher(lists)


def _subject_near(text: str, lo: int, at: int, mode: str = "adverbs") -> Optional[_Place]:
    """The leftmost subject in ``text[lo:at]`` that runs to ``at``, starting
    at a word start; None if there is none.  ``mode`` says what may follow it:
    "adverbs" (_SUBJECT_NEAR_CUE), "alone" (spaces only, _SUBJECT_HEAD) or
    "appositive" (also an appositive and a comma, _SUBJECT_BEFORE_CUE).
    Mode "sentence" is the subject opening ``text[lo:at]`` instead, past its
    lead-in (_SENTENCE_SUBJECT); "name" the name ending it (_NAME_TAIL)."""
    found = _SUBJECTS.before(text, lo, at, mode)
    # tuple.__new__ builds the named tuple without its __new__, a Python-level
    # function: this runs for most quotes.
    return tuple.__new__(_Place, (found[0], found[1], text[found[0]:found[1]])) if found else None


def _sentence_subject(text: str, lo: int, at: int) -> Optional[_Place]:
    """The subject opening ``text[lo:at]`` past its lead-in (_subject_near's
    mode "sentence"); a state after a town ("In Ames, Iowa, on Sunday,
    Mrs. Clinton …") belongs to the lead-in."""
    subject = _subject_near(text, lo, at, "sentence")
    if subject is not None and text.startswith(", ", subject.end("speaker")) and \
            subject.group("speaker").count(" ") <= 1 and \
            _TOWN_BEFORE.search(text, max(lo, subject.start("speaker") - 40), subject.start("speaker")):
        return _subject_near(text, subject.end("speaker") + 2, at, "sentence")
    return subject


def _subject_before_a_quote(doc: _Document, open_at: int, para_lo: int, paragraph_start: int):
    """The subject of the sentence that began before the quote ending at
    ``para_lo`` ('Starr said the book “…,” explaining, “…”'), or None."""
    start = doc.sentence_start(max(paragraph_start, open_at - 400), para_lo)
    subject = _sentence_subject(doc.text, start, para_lo)
    return subject if subject and _plausible_subject(subject.group("speaker")) else None


# "in Ames, ": a place, with the state (or country) to come after the comma.
_TOWN_BEFORE = re.compile(r"\b(?:in|at|of|from|near)\s+(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*,\s+$")


# Up to the last character no subject holds: a comma, a colon, a quote mark.
_LAST_BREAK = re.compile(r"(?s).*[^\w\s'’.()-]")
_WITH_SUBJECT = re.compile(rf"\bwith\s+(?P<speaker>{_NAME}|{_NOUN_PHRASE}(?:\s+of\s+(?:[\w'’-]+\s+){{0,4}}[\w'’-]+)?)\s*$")
# The subject opening a sentence: a name, a pronoun or a noun phrase, after
# an optional lead-in ("On Tuesday, ", "But ").
# Words that open a sentence before its subject ("Moreover, Ortiz said").
_SENTENCE_ADVERBS = """But And Still However Instead Meanwhile Yet So Then Now Later Earlier Also Today
Yesterday Tonight Together Indeed Moreover Furthermore Additionally Likewise Similarly Nevertheless
Nonetheless Finally Ultimately Separately Overall Initially Otherwise""".split()
# Words opening a lead-in before a sentence's subject ("On Tuesday, ", "Asked why, ").
_LEAD_IN_WORD_LIST = tuple("""on in at during after before since last this earlier when while as asked
speaking responding pressed later hours days shortly soon once although though if because with without
despite following amid like unlike under for from by throughout within over until upon given writing
addressing appearing citing referring ahead back across outside inside beyond around against among
between toward towards through along aside beside near alongside""".split())
_LEAD_IN_WORDS = _words(_LEAD_IN_WORD_LIST)
# "Ever since …, ", "Even before …, ": an intensifier before a lead-in.
_INTENSIFIERS = ("Ever", "Even", "Just", "Long", "Right", "Only", "Not long")
# "Two years before …, ", "A few days after …, " (or any number: \d+).
# Capitalised to open a sentence, lowercase after a sentence adverb ("But a few days later, …").
_COUNTS = _cased("one two three four five six seven eight nine ten a an several") + ("A few", "a few")
_TIME_UNITS = ("year", "month", "week", "day", "hour", "minute", "decade")  # each with an optional "s"
_TIME_RELATIONS = ("after", "before", "ago", "later", "earlier", "into")
# "Reached by POLITICO, Bennett denied": a participle's clause.
_PARTICIPLE_PREPOSITIONS = ("by", "about", "on", "for", "with", "at", "in")


def _spaced(words) -> str:
    """``_either`` of ``words``, each space in a word standing for ``\\s+``."""
    return "(?:" + "|".join(re.escape(word).replace("\\ ", r"\s+") for word in words) + ")"


# A lead-in's comma may close a quote it ends with (on “Meet the Press,” …).
_CLOSING = "[”\"’']?"
_SENTENCE_SUBJECT = re.compile(
    rf"\s*(?:{_word_trie(_SENTENCE_ADVERBS)}\b,?\s+)?"
    rf"(?:(?:{_spaced(_INTENSIFIERS)}\s+)?"
    rf"(?i:{_LEAD_IN_WORDS})\b[^,]{{0,120}},{_CLOSING}\s+|"
    # "Immediately after the attacks, ", "Two years before …, "
    rf"(?:[A-Z][a-z]+ly|(?:{_spaced(_COUNTS)}|\d+)\s+"
    rf"(?:{'|'.join(re.escape(unit) + 's?' for unit in _TIME_UNITS)}))\s+{_either(_TIME_RELATIONS)}"
    rf"\b[^,]{{0,120}},{_CLOSING}\s+|"
    rf"[A-Z][a-z]+ly,?\s+|"
    rf"[A-Z][a-z]+ed\s+{_either(_PARTICIPLE_PREPOSITIONS)}\b[^,]{{0,80}},\s+|"
    # a dateline: "Washington (AFP) – ", "NEW YORK — "
    rf"[A-Z][\w.]*(?:[ ,]+[A-Z0-9][\w.]*){{0,4}}\s*(?:\([A-Za-z]+\)\s*)?[—–-]\s+)?"
    # "He’s claiming …": the pronoun of a contraction
    rf"{_SPEAKER}(?=\s+[a-z]|\s*[,(]|\s+[—–]|['’](?:s|re|ve|ll|d)\s+[a-z])")

# The subject patterns above, without the regex engine (see _subject_near).
_SUBJECTS = _subject_matcher()
_NOT_SUBJECT_WORDS = frozenset({"it", "this", "that", "there", "the", "a"})
# Capitalised words that open sentences without naming anybody.
_NOT_NAMES = frozenset("""the a an by for at in on having these this that those and but or check if
when while as with from to of after before so yet it there here what why how who where his her
their its our my your one some all most many every each no not also still however meanwhile
instead later earlier now then thus such other another more less both either neither among
nothing something everything good ask see consider remember note shortly soon just will
editor's afterward afterwards immediately since although though because unless until whether
whereas despite during amid following ever even alongside just last first next second third
finally today tonight yesterday tomorrow seconds minutes hours days weeks months years decades
moments maybe perhaps once contrary whatever whoever""".split()
                     + [d.lower() for d in "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()]
                     + [w.lower() for w in _SENTENCE_ADVERBS])


def _plausible_subject(speaker: str) -> bool:
    """A sentence's first words that can be a speaker: a pronoun, a noun
    phrase, or a name that is not a function word or a possessive."""
    words = speaker.split()
    if words[0].lower() in _NOT_SUBJECT_WORDS and len(words) == 1:
        return False
    if speaker.endswith(("’s", "'s")):
        return False
    if len(words) == 1 and (words[0].lower() in _NOT_NAMES or words[0].endswith("ing")):
        return False  # "Declaring that …", "Among …": not a name
    first = words[0].lower()
    if len(words) >= 2 and first in _QUANTIFIERS and words[1][:1].islower():
        return True  # "Another intelligence source", "Some students"
    return first not in _NOT_NAMES or first in ("the", "a", "an")


_DETERMINERS_AND_PRONOUNS = frozenset("the a an it this that one his her their its our my your".split())


def _opens_a_clause(speaker: str) -> bool:
    """"When", "Ever", "In": a capitalised first word that opens a clause, not a subject."""
    first = speaker.split(None, 1)[0]
    word = first.lower()
    return first[:1].isupper() and word in _NOT_NAMES and word not in _DETERMINERS_AND_PRONOUNS \
        and word not in _QUANTIFIERS


_QUANTIFIERS = frozenset("another some one many several most both each every all two three few".split())
# ", adding", ", told reporters, adding": a participle after a cue with its subject.
_ADDING_AFTER_CUE = re.compile(r"[A-Za-z]+(?:\s+[\w'’.]+){0,2},\s*$")
# Where a clause opens: a subject follows.
_CLAUSE_OPENER = re.compile(r"(?:^|[,;:]\s+|\s[—–]\s+|\b(?:when|as|while|after|because|since|if|that|"
                            r"but|although|though|where|and|so)\s+)(?=[A-Za-z])")
_SUBJECT_HERE = re.compile(rf"{_SPEAKER}(?=\s+[a-z])")


def _clause_subject(sentence: str, before: int) -> Optional[re.Match]:
    """The subject of the last clause opening before ``before`` that has one."""
    found = None
    for opener in _CLAUSE_OPENER.finditer(sentence, 0, before):
        subject = _SUBJECT_HERE.match(sentence, opener.end(), before)
        if subject and _plausible_subject(subject.group("speaker")):
            found = subject
    return found


# What somebody's words are called: "called him “Little Marco”", "in what Mr. Hedge called ''…''".
_NAMING_VERBS = frozenset({"called", "dubbed", "labeled", "labelled", "titled", "branded", "termed"})
_NAMING_CUES = _NAMING_VERBS | {"calls", "dubs", "described"}
_NAMING_GAP = re.compile(r"\s+(?:as\s+)?(?:(?:a|an|the)\s+)?")
_RELATIVE_WORD = re.compile(r"(?<![\w'’-])(?:what|which|that|whom)\s+")
_NAMING_SUBJECT = re.compile(rf"{_SPEAKER}\s+(?:(?:had|has|have|once|later|also|then|now)\s+)?")


def _named_in_a_clause(doc: _Document, open_at: int, para_lo: int):
    """The speaker of a quote right after "what/which/that/whom SUBJECT called"
    (or dubbed, labeled, described as …), or None.  A pronoun there ("what she
    calls") stands for the sentence's subject: None too."""
    text = doc.text
    i = bisect_left(doc.cue_starts, open_at) - 1  # the last cue word before the quote
    if i < 0:
        return None
    at = doc.cue_starts[i]
    if at < para_lo or at < open_at - 20:
        return None
    stop = doc.cue_ends[i]
    if text[at:stop] not in _NAMING_CUES or not _NAMING_GAP.fullmatch(text, stop, open_at):
        return None
    clause = _naming_clause(text, max(para_lo, at - 100), at)
    if clause is None or clause.group("speaker").lower() in _PRONOUN_WORDS:
        return None
    return _attributed(clause, 0, text[at:stop], at, stop, 0.8)


def _naming_clause(text: str, lo: int, at: int):
    """The subject of the clause "what/which/that/whom SUBJECT" that ends at
    ``at`` (where its naming verb starts), or None."""
    relative = None
    for relative in _RELATIVE_WORD.finditer(text, lo, at):
        pass
    return _NAMING_SUBJECT.fullmatch(text, relative.end(), at) if relative else None


# Said Ellis: “…”  (a cue, then its subject, right before the quote)
_BEFORE_INVERTED = re.compile(rf"\b(?P<cue>[A-Za-z]+)\s+{_SPEAKER}\s*[:,]\s*$")
# "according to conservative talk radio host Rush Limbaugh": up to five role words.
_ACCORDING = re.compile(rf"\b(?P<cue>[Aa]ccording to)\s+(?:[a-z][\w'’-]*\s+){{0,5}}{_SPEAKER}")



class Quote(NamedTuple):
    """One quoted span and its attribution: an immutable named tuple, cheap to
    make by the thousand.

    Attributes:
        text: the words inside the quote marks.
        start, end: offsets of ``text`` in the input.
        speaker: the speaker mention as written (the pronoun for "he said"), or None.
        speaker_start, speaker_end: its offsets (-1 when there is none).
        cue: the cue verb or phrase ("said", "according to"), or None.
        cue_start, cue_end: its offsets (-1 when there is none).
        resolved: the speaker's full name when the mention is a pronoun or a
            surname that an earlier mention resolves, else the mention.
        kind: "full" (a whole sentence or more) or "fragment" (inside a sentence).
        confidence: 0-1, how sure the attribution is.
    """

    text: str
    start: int
    end: int
    speaker: Optional[str] = None
    speaker_start: int = -1
    speaker_end: int = -1
    cue: Optional[str] = None
    cue_start: int = -1
    cue_end: int = -1
    resolved: Optional[str] = None
    kind: str = "full"
    confidence: float = 0.0


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, (len(text) if hi < 0 else hi)


# Double-quote styles: what a news quotation is written in.  Single quotes
# inside them are quotes within the quotation, not quotations of their own.
_QUOTE_FLAG_NESTED, _QUOTE_FLAG_CONTINUED = _core.QUOTE_FLAG_NESTED, _core.QUOTE_FLAG_CONTINUED
_DOUBLE_STYLES = frozenset({_core.QUOTE_STYLE_DOUBLE_STRAIGHT, _core.QUOTE_STYLE_DOUBLE_CURLY,
                            _core.QUOTE_STYLE_LOW_HIGH, _core.QUOTE_STYLE_GUILLEMETS,
                            _core.QUOTE_STYLE_REVERSED_GUILLEMETS,
                            _core.QUOTE_STYLE_DOUBLED_APOSTROPHE})


def _quote_spans(text: str) -> list[list[int]]:
    """[open, inner_start, inner_end, close_end, style, flags] of the outermost
    double-quoted spans, from the core's scanner."""
    return [row for row in _core.quote_spans(text).tolist()
            if row[4] in _DOUBLE_STYLES and not row[5] & _QUOTE_FLAG_NESTED]


# A quote of this many words or fewer with no speaker is a scare quote or a
# name ("magic", "13th"), not a quotation.
_SCARE_QUOTE_WORDS = 3
_MINOR_WORDS = frozenset("a an and as at by for from in of on or the to with vs".split())


def _has_letters(inner: str) -> bool:
    """A letter in ``inner``: what ``re`` calls ``[^\\W\\d_]``, a word
    character that is no digit and no underscore."""
    for char in inner:  # a character loop in C when compiled (quotes.pxd)
        if char.isalnum() and not char.isdecimal():
            return True
    return False


def _has_a_lowercase_word(inner: str) -> bool:
    """A word of ``inner`` that starts with a lowercase letter and is no minor
    word ("of", "the"): no title has one.  A character loop that answers most
    quotes at their first words, before _is_title splits them."""
    at = 0
    end = len(inner)
    while at < end:
        while at < end and inner[at].isspace():
            at += 1
        start = at
        while at < end and not inner[at].isspace():
            at += 1
        if start < at and inner[start].islower() and inner[start:at].strip(",.").lower() not in _MINOR_WORDS:
            return True
    return False


def _is_title(inner: str, kind: str = "full") -> bool:
    """A short span in title case ("Face the Nation", "Larry King Now"): a
    show, a book or a film, not something somebody said.  Inside a sentence
    a full stop may follow it ("…on “Meet the Press.”")."""
    if len(inner) > 120 or _has_a_lowercase_word(inner):  # too long, or not in title case
        return False
    words = inner.strip(" ,.").split(None, 6)  # a seventh word is enough to say no
    if not 1 <= len(words) <= 6 or _last_char(inner, len(inner)) in ("!?" if kind == "fragment" else ".!?"):
        return False
    significant = [w for w in words if w.lower() not in _MINOR_WORDS]
    return len(words) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in significant)


# What somebody calls somebody or something, in title case or not, is their words.
_NAMING_BEFORE = re.compile(r"(?<![\w'’-])(?:(?:called|calls|calling|dubbed|dubs|dubbing|labeled|labelled|"
                            r"branded|nicknamed)(?:\s+[\w'’-]+){0,4}|as)\s+$")


# His comments were “Mostly False”: what something is said to be, not a title.
_COPULA_BEFORE = re.compile(r"(?<![\w'’-])(?:is|was|are|were|be|been|being)\s+$")
# “Miss Piggy” and “Miss Housekeeping”: a quote listed right after a quote is one too.
_LISTED_AFTER = re.compile(r"[\"”']{1,2}\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)")


def _is_one_name(inner: str) -> bool:
    """One capitalised word ("Scandal", "R"): a name or a title when nobody is said to say it."""
    return _is_one_word(inner) and inner[_space_end(inner, 0, len(inner))].isupper()


# Words of reported speech beyond the cue verbs: nouns for what somebody said
# and verbs that cast somebody "as" something.
_SPEECH_WORD = re.compile(r"\b(?:[Aa]ccording to|" + _words("""assertion assertions contention
contentions accusation accusations allegation allegations phrase phrases term terms word words admission
implication implications pronouncement pronouncements remark remarks comment comments statement
statements rhetoric language nickname nicknamed slogan motto epithet insult insults insulted heralded
heralds portrayed portrays portraying implied implies presenting presented touting dubbing
so-called""") + r")\b")


def _is_one_word(inner: str) -> bool:
    """No space inside ``inner`` once its ends are stripped ("quack", "R")."""
    start = _space_end(inner, 0, len(inner))
    end = len(inner)
    while end > start and inner[end - 1].isspace():
        end -= 1
    for at in range(start, end):
        if inner[at].isspace():
            return False
    return end > start


def _opens_a_sentence(text: str, open_at: int) -> bool:
    """The mark at ``open_at`` opens a paragraph or follows a sentence's end
    (a full stop, ? or !, or the closing mark of a quote)."""
    at = open_at
    while at > 0 and text[at - 1] == " ":
        at -= 1
    return at == 0 or text[at - 1] in ".!?\n\"”'"


def _is_fragment(text: str, open_at: int, inner: str) -> bool:
    """A quote that neither starts a sentence nor reads as one is a fragment."""
    before = text[max(0, open_at - 3):open_at].rstrip()
    starts_sentence = (not before or before[-1] in ".!?:\n—–-" or before.endswith(","))
    return not (starts_sentence and inner[:1].isupper())


def attribute(text: str) -> list[Quote]:
    """Every quote of ``text`` with its speaker mention, cue verb and resolved name.

    >>> qs = attribute('“We can’t say that they took our concerns into account,” '
    ...                'Kremlin spokesperson Dmitry Peskov told reporters.')
    >>> [(q.speaker, q.cue, q.resolved) for q in qs]
    [('Kremlin spokesperson Dmitry Peskov', 'told', 'Dmitry Peskov')]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    quotes: list[Quote] = []
    names: list[str] = []  # full names seen, most recent last
    previous: Optional[Quote] = None
    previous_paragraph = -1
    last_close = -1
    speaking: dict[int, Optional[str]] = {}  # cue offset -> the name saying it
    spans = _quote_spans(text)
    doc = _Document(text) if spans else None
    for open_at, start, end, close_end, _, flags in spans:
        inner = text[start:end]
        if not _has_letters(inner) or (open_at and text[open_at - 1] == "="):
            continue  # an id or a number in quote marks; an HTML attribute (href="…")
        kind = "fragment" if _is_fragment(text, open_at, inner) else "full"
        title = _is_title(inner, kind) and not _NAMING_BEFORE.search(text, max(0, open_at - 50), open_at) \
            and not (quotes and _LISTED_AFTER.fullmatch(text, quotes[-1].end, open_at)) \
            and not _COPULA_BEFORE.search(text, max(0, open_at - 12), open_at)
        if title and not (_last_char(inner, len(inner)) == "," and _opens_a_sentence(text, open_at)):
            continue  # a show, a book or a film, whoever mentions it; not "called him “Little Marco”"
        para_lo, para_hi = _paragraph_bounds(text, start, end)
        # Words inside an earlier quote of the paragraph are not its cue.
        search_lo = max(para_lo, last_close) if last_close > para_lo else para_lo
        found = _find_speaker(doc, open_at, end, close_end, search_lo, para_hi, para_lo)
        if title and (found is None or found[3] is None):
            # “As President,” she said, “…”: a sentence's first words, split off
            # by a cue, are a quote in title case; a title has no cue.
            continue
        if kind == "fragment" and (found is None or found[3] is None) and (
                (found is not None and _is_one_name(inner)) or
                (_is_one_word(inner) and not doc.cue_in_sentence(open_at, close_end, para_hi))):
            # No cue (found[3]): “Trainwreck,” “R” name a film or a party inside
            # a sentence; one word in a sentence with no word of saying is a
            # scare quote, whoever spoke before.
            continue
        last_close = close_end
        cue_after = found is not None and found[1] >= close_end  # “…,” he said: its own cue
        if flags & _QUOTE_FLAG_CONTINUED and previous is not None and previous.speaker is not None \
                and not cue_after:
            # A quotation running on from the previous paragraph: same speaker.
            quotes.append(tuple.__new__(Quote, (inner, start, end, previous.speaker, previous.speaker_start,
                                                previous.speaker_end, None, -1, -1, previous.resolved, kind, 0.6)))
            previous, previous_paragraph, last_close = quotes[-1], para_lo, close_end
            continue
        if found is None and previous is not None and previous.speaker is not None:
            # A continued or split quote with no cue of its own.
            if (para_lo <= previous_paragraph or _starts_next_paragraph(text, previous_paragraph, para_lo)) \
                    and not (kind == "fragment" and len(inner.split()) == 1
                             and not doc.same_sentence(previous.end, open_at)):
                quotes.append(tuple.__new__(Quote, (inner, start, end, previous.speaker, previous.speaker_start,
                                                    previous.speaker_end, None, -1, -1, previous.resolved, kind,
                                                    0.5)))
                previous = quotes[-1]
                previous_paragraph = para_lo
                continue
        if found is None and not text[para_lo:open_at].strip() and not text[close_end:para_hi].strip():
            # A paragraph of only a quotation, after one that reports somebody
            # without quoting them ("According to Lavrov, the document …").
            found = _reporter_before(doc, para_lo)
        if found is None:
            if len(inner.split()) > _SCARE_QUOTE_WORDS:
                quotes.append(Quote(inner, start, end, kind=kind))
            previous_paragraph = para_lo
            continue
        speaker, s_start, s_end, cue, c_start, c_end, confidence = found
        if speaker in _RELATIVE_PRONOUNS:
            # "Mr. Scott, who has called …": the name before the comma.
            head = _subject_near(text, max(0, s_start - 80), s_start - 2, "alone")
            resolved = _resolve(head.group("speaker"), names) if head else None
        elif speaker.lower() in _PRONOUN_WORDS or _is_role(speaker):
            # A pronoun or a role ("the top diplomat") names the latest person
            # who said something in the text, quoted or not ("Peskov said
            # Russia is … ‘…,’ he said").
            antecedent = _last_speaking_name(doc, s_start, speaking)
            if antecedent:
                resolved = _resolve(antecedent, names)
            else:
                resolved = _resolve(speaker, names)
        else:
            resolved = _resolve(speaker, names)
        if resolved and resolved not in names and resolved[:1].isupper():
            names.append(resolved)
        # tuple.__new__ builds the record without Quote.__new__, a Python-level function.
        quote = tuple.__new__(Quote, (inner, start, end, speaker, s_start, s_end, cue, c_start, c_end, resolved,
                                      kind, confidence))
        quotes.append(quote)
        previous, previous_paragraph = quote, para_lo
    return quotes


def _reporter_before(doc: _Document, para_lo: int):
    """Who the paragraph before ``para_lo`` reports, when it quotes nobody:
    the subject of its last cue verb, or X in "according to X"."""
    text = doc.text
    end = para_lo
    while end > 0 and text[end - 1].isspace():
        end -= 1
    lo = text.rfind("\n", 0, end) + 1
    paragraph = text[lo:end]
    if not paragraph or _OPENING_MARK.search(paragraph):
        return None
    according = _ACCORDING.search(paragraph) if "ccording to" in paragraph else None
    if according:
        return _found(according, lo, 0.4)
    for at, stop in reversed(list(doc.verbs(lo, end))):
        subject = _subject_near(text, max(lo, at - 60), at)
        if subject is None and _HAS_APPOSITIVE.search(text, max(lo, at - 260), at):
            subject = _subject_near(text, max(lo, at - 260), at, "appositive")
        if subject and _plausible_subject(subject.group("speaker")):
            return (subject.group("speaker"), subject.start("speaker"), subject.end("speaker"),
                    text[at:stop], at, stop, 0.4)
    return None


_OPENING_MARK = re.compile('["“„«»]|\'\'')


def _starts_next_paragraph(text: str, previous_paragraph: int, para_lo: int) -> bool:
    if previous_paragraph < 0:
        return False
    next_start = text.find("\n", previous_paragraph)
    while 0 <= next_start < len(text) and text[next_start] == "\n":
        next_start += 1
    return next_start == para_lo


# Cue verbs and the first words of phrasal cues ("shot back"): a quote with
# none of them near it needs none of the patterns that end in a cue.
_CUE_HASHES = _core.TokenHashSet(_core.token_hashes(" ".join(sorted(CUE_VERBS | {p.split()[0] for p in _PHRASAL_CUES}))))
# A cue word is no verb when capitalised ("the United States"), in "so-called",
# or after a determiner or a possessive ("Trump's remarks", "the report").
_DETERMINER_HASHES = _core.TokenHashSet(_core.token_hashes(_NOUN_DETERMINERS))
# A cue word in lowercase is a verb (TOKEN_VERB) unless capitalised ("the United
# States"), in "so-called", or after a determiner or a possessive ("Trump's
# remarks", "the report"); "’s" after these words is "is" or "has" ("He’s claiming").
_VERB_HASHES = _core.TokenHashSet(_core.token_hashes(" ".join(sorted(CUE_VERBS))))
# The base form of each cue ("call" of "call called calls calling"): after a
# singular noun it is a noun too ("a fundraising call", "another tweet").
_BASE_CUE_FORMS = frozenset(forms[0] for forms in (group.split() for group in _CUE_STEMS.split("|"))
                            if len(forms) > 1 and not forms[0].endswith("ed"))
_BASE_CUE_HASHES = _core.TokenHashSet(_core.token_hashes(" ".join(sorted(_BASE_CUE_FORMS))))
_AUXILIARIES = frozenset(_AUXILIARY_WORDS + ("not", "to", "also", "shall"))
_SINGULAR_DETERMINERS = frozenset(_cased("a an another each every one"))
_NO_WORDS: frozenset = frozenset()
_OF = frozenset({"of"})
# Words that end a noun phrase before a verb rather than stand inside one:
# "the kind of person who says", "one of them says" have a verb after all.
_CLAUSE_WORDS = frozenset("who whom whose which that what he she it they we you i there them us him her me".split())
_IS_OR_WAS = re.compile(r"\s+(?:is|was)\b")


def _after_a_singular_noun(text: str, at: int) -> bool:
    """The word at ``at`` follows "a", "an", "another", "each", "every" or "one"
    and up to two lowercase words that are no auxiliary ("a snappy retort", "at
    one point"), so it is a noun: a verb there would agree ("calls")."""
    return _after_a_determiner(text, at, _SINGULAR_DETERMINERS, False)


def _subject_of_is(text: str, at: int, end: int) -> bool:
    """The word at [at, end) follows a possessive and up to two lowercase
    words, and "is" or "was" follows it ("Kim's mental state is"): a noun, the
    subject of that verb, not a verb of saying."""
    return _IS_OR_WAS.match(text, end) is not None and _after_a_determiner(text, at, _NO_WORDS, True)


def _after_a_determiner(text: str, at: int, determiners: frozenset, possessive: bool) -> bool:
    """The word at ``at`` follows one of ``determiners`` (or, if ``possessive``,
    a word ending in 's) and up to two lowercase words that are no auxiliary
    and no pronoun."""
    end = at
    for back in range(3):  # the word before, then up to two more
        stop = end
        while stop > 0 and text[stop - 1].isspace():
            stop -= 1
        if stop == end:
            return False  # no space: a word the token is glued to
        start = stop
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        if stop - start <= 7 and text[start:stop] in determiners:
            return True
        if possessive and stop - start > 2 and text[stop - 2] in "'’" and text[stop - 1] == "s":
            return True
        if back == 2 or not _is_plain_lowercase_word(text, start, stop):
            return False
        word = text[start:stop]
        if word in _AUXILIARIES or word.endswith("ly") or word in _CLAUSE_WORDS or \
                (word[-1] == "s" and word not in ("his", "its", "this")):
            return False  # "many of his supporters say": a plural is the verb's subject
        end = start
    return False


def _is_plain_lowercase_word(text: str, start: int, stop: int) -> bool:
    """text[start:stop] is a word of letters, digits and hyphens that starts with a-z."""
    if not "a" <= text[start] <= "z":
        return False
    for at in range(start, stop):
        if not (text[at].isalnum() or text[at] == "-"):
            return False
    return True


_CONTRACTION_HASHES = _core.TokenHashSet(_core.token_hashes("he she it that there who what here"))
# "the attacks", "Trump's remarks": a cue word as a noun, even right after a quote.
_AFTER_A_DETERMINER = _core.TOKEN_AFTER_LISTED | _core.TOKEN_AFTER_POSSESSIVE


class _Place(NamedTuple):
    """Words found at [at, stop) of a text: a cue verb, or a speaker joined
    from two matches.  Answers like the ``re.Match`` objects it stands beside
    (the group name is ignored)."""

    at: int
    stop: int
    words: str

    def start(self, group: str = "") -> int:
        return self.at

    def end(self, group: str = "") -> int:
        return self.stop

    def group(self, group: str = "") -> str:
        return self.words


_TOKEN_VERB, _TOKEN_MARKED = _core.TOKEN_VERB, _core.TOKEN_MARKED


def _of_shortly_before(text: str, at: int) -> bool:
    """The word "of" in the 60 characters before ``at``: one search, far
    cheaper than reading the words back, that most cue words answer no to."""
    lo = max(0, at - 60)
    k = text.rfind("of", lo, at - 1)
    while k >= 0:
        if text[k + 2].isspace() and (k == 0 or text[k - 1].isspace()):
            return True
        k = text.rfind("of", lo, k + 1)
    return False


def _sort_cue_words(text: str, starts: list, ends: list, flags: list, verb_starts: list, verb_ends: list,
                    noun_starts: set) -> None:
    """Append each cue word in use as a verb to ``verb_starts``/``verb_ends``
    and each one after a determiner or a possessive to ``noun_starts``."""
    for i in range(len(starts)):
        at = starts[i]
        end = ends[i]
        flag = flags[i]
        if not flag & _TOKEN_VERB:
            if flag & _AFTER_A_DETERMINER:
                noun_starts.add(starts[i])
            continue
        if flag & _TOKEN_MARKED and (_after_a_singular_noun(text, at) or _subject_of_is(text, at, end)):
            continue  # "a fundraising call", "Kim's mental state is"
        if (flag & _TOKEN_MARKED or text[end - 1] == "s") and _of_shortly_before(text, at) and \
                _after_a_determiner(text, at, _OF, False):
            continue  # "the secretary of state", "a flurry of late-night tweets": nouns
        verb_starts.append(starts[i])
        verb_ends.append(ends[i])


class _Document:
    """What every quote of one text looks up: where the cue verbs and the
    sentence breaks are.  Both come from one pass over the text (the cue
    verbs from the core's tokens and hashes), not one search a quote."""

    __slots__ = ("text", "cue_starts", "cue_ends", "verb_starts", "verb_ends", "noun_starts", "breaks")

    def __init__(self, text: str):
        self.text = text
        words = _core.token_spans_in(text, _CUE_HASHES, _DETERMINER_HASHES, _VERB_HASHES, _CONTRACTION_HASHES,
                                     _BASE_CUE_HASHES)
        starts, ends, flags = words.T.tolist()
        self.cue_starts: list[int] = starts
        self.cue_ends: list[int] = ends
        self.noun_starts: set[int] = set()
        self.verb_starts: list[int] = []
        self.verb_ends: list[int] = []
        _sort_cue_words(text, starts, ends, flags, self.verb_starts, self.verb_ends, self.noun_starts)
        self.breaks: list[int] = _core.sentence_starts(text).tolist()

    def verbs(self, lo: int, hi: int):
        """(start, end) of each cue word inside [lo, hi) in use as a verb (TOKEN_VERB)."""
        i = bisect_left(self.verb_starts, lo)
        j = bisect_left(self.verb_starts, hi, i)
        return zip(self.verb_starts[i:j], self.verb_ends[i:j])

    def cues(self, lo: int, hi: int):
        """(start, end) of each cue word inside [lo, hi)."""
        i = bisect_left(self.cue_starts, lo)
        j = bisect_left(self.cue_starts, hi, i)
        return zip(self.cue_starts[i:j], self.cue_ends[i:j])

    def cue_in_sentence(self, open_at: int, close_end: int, hi: int) -> bool:
        """A cue word (a verb of saying or its noun) in the sentence around the
        quote from ``open_at`` to ``close_end``, outside the quote, before ``hi``."""
        lo = self.sentence_start(max(0, open_at - 400), open_at)
        i = bisect_left(self.breaks, close_end + 1)
        if i < len(self.breaks) and self.breaks[i] < hi:
            hi = self.breaks[i]
        for at, _ in self.cues(lo, hi):
            if at < open_at or at >= close_end:
                return True
        return _SPEECH_WORD.search(self.text, lo, open_at) is not None or \
            _SPEECH_WORD.search(self.text, close_end, hi) is not None

    def same_sentence(self, lo: int, hi: int) -> bool:
        """No sentence starts in (lo, hi]."""
        i = bisect_left(self.breaks, lo + 1)
        return i >= len(self.breaks) or self.breaks[i] > hi

    def first_cue(self, lo: int) -> int:
        """Start of the first cue word at or after ``lo`` (-1 if none)."""
        i = bisect_left(self.cue_starts, lo)
        return self.cue_starts[i] if i < len(self.cue_starts) else -1

    def sentence_start(self, lo: int, at: int) -> int:
        """Where the sentence holding ``at`` starts, no earlier than ``lo``."""
        # A sentence starting right at ``at`` (the opening mark) is the quote's
        # own: the words before it belong to the sentence before.
        i = bisect_left(self.breaks, at) - 1
        if i >= 0 and self.breaks[i] > lo:
            return self.breaks[i]
        return lo


def _space_end(text: str, at: int, end: int) -> int:
    """The first offset in [at, end) that holds no space (``end`` if none)."""
    while at < end and text[at].isspace():
        at += 1
    return at


def _lead_end(text: str, at: int, end: int) -> int:
    """Where _AFTER_CLOSE's match at ``at`` ends: an apostrophe, then spaces,
    commas and dashes, up to ``end``."""
    if at < end and text[at] == "'":
        at += 1
    while at < end and (text[at].isspace() or text[at] in ",—–-"):
        at += 1
    return at


def _last_char(text: str, end: int) -> str:
    """The last non-space character before ``end`` ("" if none)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end else ""


def _find_speaker(doc: _Document, open_at: int, inner_end: int, close_end: int, para_lo: int,
                  para_hi: int, paragraph_start: int):
    """The speaker of the quote at ``open_at``: (mention, start, end, cue,
    cue_start, cue_end, confidence), or None.  Cues are looked for from
    ``para_lo`` (the paragraph's start, or the end of the quote before);
    a sentence's subject may stand before that, back to ``paragraph_start``."""
    text = doc.text
    after_hi = min(para_hi, close_end + 300)
    next_cue = doc.first_cue(close_end)
    cue_after = 0 <= next_cue < after_hi  # else no pattern that ends in a cue can match
    if cue_after:
        # "under what Mr. Hedge called ''…,'' the club charged": the name in the
        # clause that names the quote said it, not the cue after the quote.
        # (With no cue after it the search before the quote finds that name.)
        named = _named_in_a_clause(doc, open_at, para_lo)
        if named is not None:
            return named
    after = text[close_end:after_hi]
    match = None
    if cue_after and next_cue == _lead_end(text, close_end, after_hi) and next_cue not in doc.noun_starts:
        match = _AFTER_INVERTED.match(after)
    if match and not match.group("cue").endswith("ing"):
        return _found(match, close_end, 0.9)  # '“…,” describing the team as': an object
    # "…end of a sentence." Capitalised words after it start the next sentence.
    last = _last_char(text, inner_end)
    ended = last == "."  # “…?” Sanders replied: ? and ! hand over
    # “…,” the long mention said: any words up to the cue, only after a quote
    # that hands over with a comma (or ? !); else a name or pronoun right there.
    hands_over = last != "" and last in ",?!"
    match = (_AFTER_PLAIN if hands_over else _AFTER_PLAIN_NAME).match(after) if cue_after else None
    if match and hands_over and close_end + match.start("cue") in doc.noun_starts:
        match = _AFTER_PLAIN_PAST_A_NOUN.match(after)  # '' the report concluded
    # After a quote that ends its sentence, a capitalised "She said …" opens
    # the next sentence and speaks for what follows, not for this quote.
    if match and (match.group("cue").endswith("ing") or close_end + match.start("cue") in doc.noun_starts):
        match = None  # “…,” giving states more power: a participle, not a cue; '' the attacks
    if match and not (ended and match.group("speaker")[:1].isupper()
                      and not _BARE_CUE_SENTENCE.match(after, match.end())):
        return _found(match, close_end, 0.9)
    # Both patterns below need a dash first, past spaces: most quotes have none.
    first = _space_end(text, close_end, after_hi)
    match = _AFTER_DASH.match(after) if first < after_hi and text[first] in "―—–" else None
    if match:
        return _found(match, close_end, 0.8)
    if first == after_hi:  # nothing else in the paragraph: a signature line may follow
        bound = min(len(text), close_end + 300)
        dash = _space_end(text, close_end, bound)
        match = _SIGNATURE_LINE.match(text, close_end, bound) \
            if dash < bound and text[dash] in "―—–-" and "\n" in text[close_end:dash] else None
        if match:
            return _found(match, 0, 0.8)
    # The sentence the quote sits in, up to its opening mark; for a quote that
    # opens a paragraph after a lead-in ("Caddell continued:"), that lead-in.
    if para_lo >= 2 and not text[para_lo:open_at].strip():
        lead_end = para_lo  # the previous non-blank paragraph
        while lead_end > 0 and text[lead_end - 1].isspace():
            lead_end -= 1
        previous_lo = text.rfind("\n", 0, lead_end) + 1
        lead_in = text[previous_lo:lead_end]
        if lead_in.endswith(":"):
            para_lo, open_at = previous_lo, lead_end
    offset = doc.sentence_start(max(para_lo, open_at - 400), open_at)
    sentence = text[offset:open_at]
    match = None
    if "ccording to" in sentence:
        for match in _ACCORDING.finditer(sentence):
            pass
    if match:
        return _found(match, offset, 0.7)
    # The nearest cue verb before the quote with a subject in front of it;
    # words are looked up in a set, far cheaper than a regex of every verb.
    sentence_last = _last_char(sentence, len(sentence))
    if cue_after and sentence_last != "" and sentence_last in ".!?":
        # The quote opens its own sentence, and that sentence ends with its
        # cue (“…” because she would lead, he said.): before the last sentence's.
        end_cue, end_inverted, _ = _sentence_end(after)
        match = end_cue.match(after) or end_inverted.match(after)
        if match:
            return _found(match, close_end, 0.7)
    label = _SPEAKER_LABEL.search(sentence, max(0, len(sentence) - 80)) if sentence_last == ":" else None
    if label:  # a transcript: "Rep. Trey Gowdy (R-S.C.): “…”"
        return _found(label, offset, 0.8)
    if "put it" in sentence or "puts it" in sentence:  # "As Professor Foner put it: “…”"
        match = _AS_PUT_IT.search(sentence)
        if match:
            return _found(match, offset, 0.8)
    if sentence_last in ":," and any(doc.cues(max(offset, open_at - 120), open_at)):
        # "Said Ellis: “…”" ends in a colon or comma
        window = max(0, len(sentence) - 120)
        # The cue and the name hold no comma or mark: start after the last one.
        last_break = _LAST_BREAK.match(sentence, window, len(sentence.rstrip()) - 1)
        inverted = _BEFORE_INVERTED.search(sentence, last_break.end() if last_break else window)
        # Inverted only with nothing before the cue but a clause's end:
        # "Said Ellis:", "…, added Ellis:"; in "Schilling told WEEI:" WEEI is heard.
        # A participle's noun is its object: "…, telling the crowd: “…”"; so is
        # the noun after "told" ("Clinton, who called Sanders, told her supporters,").
        if inverted and inverted.group("cue").lower() in CUE_VERBS and \
                not inverted.group("cue").endswith("ing") and inverted.group("cue") not in _TELL and \
                sentence[:inverted.start("cue")].rstrip()[-1:] in ("", ",", ";", ":", "—", "–"):
            return _found(inverted, offset, 0.8)
    cues = [(a - offset, b - offset, text[a:b])
            for a, b in doc.verbs(max(offset, open_at - 200), open_at)
            if not (text[a:b] in _NAMING_VERBS and _names_the_quote(sentence, a - offset, b - offset))]
    if len(cues) > 1:
        # A cue after ", but", ", and" or "; " has a clause of its own: the
        # cues before that break speak for something else ("Stevens says it
        # depends, but she cautions that …").
        boundary = max(sentence.rfind(", but "), sentence.rfind("; "), sentence.rfind(", and "))
        if boundary > cues[0][0] and cues[-1][0] > boundary:
            cues = [cue for cue in cues if cue[0] > boundary]
    # Verbs of saying speak for the quote before any other cue nearer to it
    # ("Emanuel said the city “welcomes” …": Emanuel, not the city).
    # A cue that introduces the quote is its cue, strong or not ('Trump boasted,
    # “…”'; a participle right before it, '…, explaining “…”').
    if len(cues) > 1:
        cues.sort(key=lambda c: (_introduces(sentence, c[1], c[2]), c[2] in _STRONG_CUES))
    for at, stop, verb in reversed(cues):
        lead = sentence[max(0, at - 6):at]
        if verb.endswith("ing") and lead.endswith(", ") and _ADDING_AFTER_CUE.search(
                sentence, max(0, at - 30), at) and any(
                at - 30 <= other[1] < at for other in cues):
            continue  # "Spicer said, adding …": the earlier cue's subject speaks
        if verb.endswith("ing"):
            # "– Ryan saying he was …": a name right before the participle is its subject.
            named = _subject_near(sentence, max(0, at - 60), at)
            if named and named.group("speaker")[:1].isupper() and \
                    _plausible_subject(named.group("speaker")) and \
                    named.group("speaker").split()[0].lower() not in _PRONOUN_WORDS:
                return _attributed(named, offset, verb, offset + at, offset + stop, 0.8)
        with_subject = verb.endswith("ing") and _WITH_SUBJECT.search(
            sentence, max(0, at - 80), at)
        if with_subject:
            # "…, with the campaign saying …": the noun after "with" speaks.
            return _attributed(with_subject, offset, verb, offset + at, offset + stop, 0.8)
        inverted = lead.endswith(", ") and not verb.endswith("ing") and verb not in _TELL and \
            _INVERTED_ASIDE.match(sentence, stop)
        if inverted:
            # "The answer will not be made public, says Blinken, but …"
            return _attributed(inverted, offset, verb, offset + at, offset + stop, 0.8)
        if verb.endswith("ing") or lead.endswith((", ", " and ", " to ", " but ")) or (
                lead.endswith(" ") and _conjoined_past_adverbs(sentence, at)):
            # ", telling Reuters, …" / "… and said": the sentence's subject speaks.
            subject = _sentence_subject(sentence, 0, len(sentence))
            if subject is None or not _plausible_subject(subject.group("speaker")):
                opening = _AFTER_INVERTED.match(sentence, 0, at)
                if opening and opening.end("speaker") <= at and not opening.group("cue").endswith("ing"):
                    # '“…,” said Rep. Bobby Scott at the time, adding that “…”': the
                    # name after the cue that opens the sentence.
                    return _found(opening, offset, 0.8)
                # "… such as when Cruz knocked Rubio and called him": the clause's subject.
                subject = _clause_subject(sentence, at)
            if subject is None and para_lo > paragraph_start and not sentence[:at].strip(" ,"):
                # 'Starr said the book “…,” explaining, “…”': the sentence began
                # before the quote in between.
                subject = _subject_before_a_quote(doc, open_at, para_lo, paragraph_start)
                if subject:
                    return _attributed(subject, 0, verb, offset + at, offset + stop, 0.8)
            if subject and subject.end("speaker") <= at and \
                    _plausible_subject(subject.group("speaker")):
                return _attributed(subject, offset, verb, offset + at, offset + stop, 0.8)
        what = sentence.find("what", max(0, at - 60), at) >= 0 and _WHAT_SUBJECT_CALLS.search(
            sentence, max(0, at - 60), at)
        if what:
            # "Ban condemned what he called “a brazen breach”": the words are
            # the clause's subject's, and so is the attribution.
            subject = _sentence_subject(sentence, 0, what.start())
            if subject and _plausible_subject(subject.group("speaker")):
                return _attributed(subject, offset, verb, offset + at, offset + stop, 0.8)
            if subject is None and para_lo > paragraph_start:
                # The sentence began before a quote in between ('Trump accused them
                # of being “duped” and urged them to see what he called “…”').
                subject = _subject_before_a_quote(doc, open_at, para_lo, paragraph_start)
                if subject:
                    return _attributed(subject, 0, verb, offset + at, offset + stop, 0.8)
        relative = sentence.find("wh", max(0, at - 130), at) >= 0 and _RELATIVE_SUBJECT.search(
            sentence, max(0, at - 130), at)
        if relative:
            # "Mr. Scott, who has called …": "who" is the mention nearest the
            # quote; attribute() resolves it to the name before it.
            if doc.same_sentence(offset + stop, open_at):
                return _attributed(relative, offset, verb, offset + at, offset + stop, 0.8)
            # '“…,” said Pardo, who said he would not vote. “…”': the quote
            # after the clause's sentence goes on with the name.
            head = _subject_near(sentence, max(0, relative.start() - 80), relative.start() - 2,
                                 "alone")
            if head:
                return _attributed(head, offset, verb, offset + at, offset + stop, 0.8)
        # The subject right before the cue fits in 60 characters; one with an
        # appositive ("X, a senior official, said") ends in a comma and fits in 260.
        subject = _subject_near(sentence, max(0, at - 60), at)
        if subject and _opens_a_clause(subject.group("speaker")):
            # "As Politico reported": the words after the opener; "When asked
            # why, Sembler responded": "When" alone asks nothing.
            rest = subject.group("speaker").split(None, 1)[1:]
            subject = _Place(subject.end("speaker") - len(rest[0]), subject.end("speaker"), rest[0]) \
                if rest else None
        preposition = subject and _OBJECT_OF_PREPOSITION.search(
            sentence, max(0, subject.start() - 9), subject.start())
        if preposition:
            # "The Open Door policy from NATO states": the phrase before the
            # preposition is the subject's head; "on Friday described" and
            # "speaking to Fox News said" have no subject there.
            head = _subject_near(sentence, max(0, preposition.start() - 60), preposition.start(),
                                 "alone")
            subject = _Place(head.start("speaker"), subject.end("speaker"),
                             sentence[head.start("speaker"):subject.end("speaker")]) \
                if head and _plausible_subject(head.group("speaker")) else None
        if subject is None and _HAS_APPOSITIVE.search(sentence, max(0, at - 260), at):
            subject = _subject_near(sentence, max(0, at - 260), at, "appositive")
            if subject and _OBJECT_OF_PREPOSITION.search(sentence, max(0, subject.start() - 9),
                                                         subject.start()):
                # "In a panel in Washington, Marc H. Morial, the chief executive, told":
                # the place ends a lead-in; the subject comes after its comma.
                subject = _subject_near(sentence, subject.end("speaker") + 1, at, "appositive")
        if subject and subject.group("speaker").lower() in _PRONOUN_WORDS:
            # "The senator said he rarely asks …, “…”": the pronoun's clause is
            # what a name before it says; that name is the quote's source.
            outer = _outer_speaker(sentence, cues, subject.start("speaker"))
            if outer is not None:
                subject, at, stop, verb = outer
        if subject and verb in _BASE_CUE_FORMS and _singular_before_base_form(sentence, subject, at):
            continue  # "Kim's mental state is": a noun after a singular subject
        if subject:
            return _attributed(subject, offset, verb, offset + at, offset + stop, 0.8)
    end_cue, end_inverted, end_according = _sentence_end(after)
    if cue_after:
        match = end_cue.match(after) or end_inverted.match(after)
        if match:
            return _found(match, close_end, 0.7)
    # "…,” according to X": the source named after the quote, before a
    # subject with no cue.
    match = end_according.match(after) if "ccording to" in after else None
    between = after[:match.start("cue")].strip(" ,(") if match else ""
    if match and not (between[:1].isupper() and last != "" and last in ".?!"):
        # Words between the quote and "according to" only if the quote's
        # sentence goes on, not after “…?” Capitalised words.
        return _found(match, close_end, 0.7)
    # A fragment inside a sentence with no cue: its subject speaks
    # ("Sanders has pushed his promise of “free college”").
    if sentence.strip():
        subject = _sentence_subject(sentence, 0, len(sentence))
        if subject and _plausible_subject(subject.group("speaker")):
            return _attributed(subject, offset, None, -1, -1, 0.6)
    return None


_PLURAL_PRONOUNS = frozenset({"i", "we", "you", "they"})
_POSSESSIVE_MARK = re.compile(r"\w(?:['’]s|s['’])(?:\s|$)")
_PLURAL_HEADS = frozenset("""people men women children police folk staff media two three four five both
all many several few some most others""".split())
_AUXILIARIES_BEFORE_A_BASE_FORM = frozenset(_AUXILIARY_WORDS + ("to", "shall", "not", "never"))


def _singular_before_base_form(sentence: str, subject, at: int) -> bool:
    """The cue at ``at`` is a base form ("state", "call") right after a singular
    ``subject`` with no auxiliary between ("her home state and"): a noun, not a
    verb, since the verb would be "states".  After a possessive the noun still
    names who speaks ("Sanders' call for “…”"), so the cue stands."""
    speaker = subject.group("speaker")
    last = speaker[speaker.rfind(" ") + 1:].lower()
    if last in _PLURAL_PRONOUNS or last in _PLURAL_HEADS or " and " in speaker or \
            (last.endswith("s") and not last.endswith("ss")) or _POSSESSIVE_MARK.search(speaker) or \
            last in _AUXILIARIES_BEFORE_A_BASE_FORM or \
            sentence.endswith(" and ", 0, subject.start("speaker")):  # "Obama and Clinton call"
        return False
    return _AUXILIARIES_BEFORE_A_BASE_FORM.isdisjoint(sentence[subject.end("speaker"):at].split())


def _introduces(sentence: str, stop: int, verb: str) -> bool:
    """The cue ending at ``stop`` ends ``sentence`` (up to the quote) but for a
    comma or a colon; a participle, but for nothing or either."""
    rest = sentence[stop:]
    return rest.strip() in (",", ":") or (verb.endswith("ing") and not rest.strip(" ,:"))


def _outer_speaker(sentence: str, cues: list, before: int):
    """The first verb of saying before ``before`` in ``sentence`` with a name or
    noun phrase right before it: (subject, start, stop, verb), or None."""
    for at, stop, verb in sorted(cues):
        if at >= before:
            break
        if verb not in _STRONG_CUES:
            continue
        if _NAME_BETWEEN.search(sentence, stop, before):
            return None  # "Hewitt asked Trump about what he claimed": he may be Trump
        subject = _subject_near(sentence, max(0, at - 60), at)
        if subject is None and sentence.endswith(", ", 0, at):
            # "President Obama, dedicating the museum on Saturday, said it …"
            subject = _subject_near(sentence, max(0, at - 260), at, "appositive")
        if subject and subject.group("speaker").lower() not in _PRONOUN_WORDS and \
                _plausible_subject(subject.group("speaker")):
            return subject, at, stop, verb
    return None


_NAME_BETWEEN = re.compile(rf"\b(?!{_WEEKDAY}|(?:{_either(_MONTHS)})\b)[{_UPPER}]")


def _names_the_quote(sentence: str, start: int, end: int) -> bool:
    """A naming verb right before the quote names it ("a class called “Perception”");
    "what Jen Psaki called “…”" and "what he called “…”" speak."""
    if not _QUOTE_NEXT.match(sentence, end):
        return False
    previous = sentence[max(0, start - 30):start].split()
    return bool(previous) and previous[-1][:1].islower() and \
        previous[-1].lower() not in _PRONOUN_WORDS and "what" not in previous


_HAS_APPOSITIVE = re.compile(r"[,—–]")
# "… and later said": a cue after "and" or "to" past adverbs has the sentence's subject.
_CONJOINED_PAST_ADVERBS = re.compile(rf"(?:and|to){_ADVERB}\s+$")
# The words an _ADVERB phrase can end with ("-ly" words aside).
_LAST_ADVERB_WORDS = frozenset([phrase.split()[-1] for phrase in _ADVERB_PHRASES] + list(
    _WEEKDAYS + _PERIODS + _MEDIA + _MEDIA_TAIL + _STATEMENTS + _EVENTS))


def _conjoined_past_adverbs(sentence: str, at: int) -> bool:
    """"and" or "to", then adverbs, right before the cue at ``at`` ("and later
    said").  The regex is matched from the last "and" or "to", not searched
    for, which would try every position."""
    space = sentence.rfind(" ", 0, at - 1)
    word = sentence[space + 1:at - 1]
    if not (word in _LAST_ADVERB_WORDS or word.endswith("ly")):
        return False  # the word before the cue ends no adverb: over at once
    lo = max(0, at - 50)
    start = max(sentence.rfind(" and ", lo, at), sentence.rfind(" to ", lo, at))
    return start >= 0 and _CONJOINED_PAST_ADVERBS.match(sentence, start + 1, at) is not None


# ", says Blinken, …": a cue and the name after it, set off by commas.
_INVERTED_ASIDE = re.compile(rf"\s+(?P<speaker>{_NAME})\s*[,;]")
_AS_PUT_IT = re.compile(rf"\b[Aa]s\s+(?:[a-z][\w'’-]*\s+){{0,3}}?{_SPEAKER}{_APPOSITIVE}\s+"
                        rf"(?P<cue>puts? it)\b[^.!?]{{0,60}}$")
_RELATIVE_SUBJECT = re.compile(r"(?<=[\w.)],\s)\s*(?P<speaker>who|which)(?:,[^,\"“”]{1,80},)?"
                               r"(?:\s+(?:has|have|had|also|later|then|once|previously|recently|"
                               r"repeatedly|earlier|in\s+the\s+past|at\s+the\s+time|in\s+\d{4}|"
                               r"(?:last|this)\s+(?:week|month|year)|on\s+[A-Z][a-z]+day|[a-z]+ly))*\s+$")
# "what he called": he is the clause's subject, who speaks ("what we call" is anybody).
_WHAT_SUBJECT_CALLS = re.compile(r"\bwhat\s+(?:he|she|it|they)\s+(?:[a-z]+\s+){0,2}$")
_OBJECT_OF_PREPOSITION = re.compile(r"\b(?:on|in|at|to|with|from|by|for|of|about|into|than|through|across|"
                                    r"outside|inside|near|around|against|over|under|behind|along|toward|"
                                    r"towards|among|beside)\s+$")
# Verbs whose noun after them is whom they speak to, never an inverted speaker.
_TELL = frozenset(_cased("tell tells told"))
_QUOTE_NEXT = re.compile(r"\s+(?:the\s+)?$")


def _attributed(subject, offset: int, cue: Optional[str], cue_start: int, cue_end: int,
                confidence: float):
    """The answer of _find_speaker for a subject match found at ``offset``."""
    return (subject.group("speaker"), offset + subject.start("speaker"),
            offset + subject.end("speaker"), cue, cue_start, cue_end, confidence)


def _found(match: re.Match, offset: int, confidence: float):
    """The answer of _find_speaker for a match with a speaker and a cue."""
    return _attributed(match, offset, match.group("cue"), offset + match.start("cue"),
                       offset + match.end("cue"), confidence)


_PRONOUN_WORDS = {"he", "she", "they", "it", "i", "we", "you"}
_RELATIVE_PRONOUNS = frozenset({"who", "which"})


# The name that ends a mention; _SUBJECTS finds it (mode "name"), and the
# tests compare the two.
_NAME_TAIL = re.compile(rf"{_NAME}$")
_ROLE_WORDS = frozenset("""spokesman spokeswoman spokesperson diplomat minister secretary president
senator governor leader chief head director ambassador envoy lawmaker congressman congresswoman
candidate nominee mayor chairman chairwoman premier chancellor""".split())


_ADVERB_WORDS = frozenset("""later also then again once recently previously simply quickly bluntly
flatly repeatedly publicly privately earlier firmly angrily has had have would will did does was is
could""".split())


def _name_before_cue(text: str, at: int) -> Optional[str]:
    """The name right before the cue verb at ``at`` (an appositive allowed), or None."""
    # Cheap test first: the word before the cue (past an adverb or two) must
    # be capitalised or close an appositive; "he said" is over at once.
    words = text[max(0, at - 40):at].split()
    while words and (words[-1] in _ADVERB_WORDS or words[-1].endswith("ly")):
        words.pop()
    if not words or not (words[-1][:1].isupper() or words[-1].endswith(",")):
        return None
    subject = _subject_near(text, max(0, at - 60), at)
    if subject is None and text[max(0, at - 3):at].rstrip().endswith(","):
        subject = _subject_near(text, max(0, at - 260), at, "appositive")
    if subject is None:
        return None
    name = subject.group("speaker")
    first = name.split()[0].lower()
    if name[:1].isupper() and first not in _PRONOUN_WORDS and first not in _NOT_NAMES \
            and not first.endswith(("'s", "’s")):  # "He's", "That's", "Trump's remarks"
        return name
    return None


def _last_speaking_name(doc: _Document, before: int, seen: dict[int, Optional[str]]) -> Optional[str]:
    """The name before the last cue verb in the 400 characters before ``before``.

    ``seen`` memoises the answer for each cue position across the document's quotes.
    """
    text = doc.text
    for at, end in reversed(list(doc.verbs(max(0, before - 400), before))):
        if at not in seen:
            seen[at] = _name_before_cue(text, at)
        if seen[at]:
            return seen[at]
    return None


@lru_cache(maxsize=4096)
def _name_at_end(speaker: str) -> str:
    """The name ending ``speaker`` (what _NAME_TAIL finds), or ``speaker`` if none."""
    found = _SUBJECTS.before(speaker, 0, len(speaker), "name")
    return speaker[found[0]:found[1]] if found else speaker


def _is_role(speaker: str) -> bool:
    """"the top diplomat", "the Kremlin spokesman": a role, not a name."""
    word = speaker.lower()
    return word.startswith(("the ", "a ", "an ")) and \
        not _ROLE_WORDS.isdisjoint(word.replace("’", " ").split())


def _resolve(speaker: str, names: list[str]) -> Optional[str]:
    """A pronoun to the most recent name; a mention to the name at its end
    ("Kremlin spokesperson Dmitry Peskov" -> "Dmitry Peskov"); a surname to the
    full name used earlier ("Peskov" -> "Dmitry Peskov")."""
    word = speaker.lower()
    if word in _PRONOUN_WORDS:
        return names[-1] if names else None
    if word.startswith(("the ", "a ", "an ")):
        # "the top diplomat", "the Kremlin spokesman": a role names the person
        # last quoted; "the Kremlin", "a source" stay as they are.
        if names and _is_role(speaker):
            return names[-1]
        return speaker
    name = _name_at_end(speaker)
    # Drop leading role words that are capitalised too ("Kremlin spokesperson"
    # is cut by the lowercase word; "Foreign Minister Sergey Lavrov" keeps its
    # title, and a later "Lavrov" still resolves to it).
    last = name.split()[-1]
    for earlier in reversed(names):
        # endswith() first: a cheap test that passes few of the names.
        if earlier.endswith(last) and len(earlier) > len(name) and earlier.split()[-1] == last:
            return earlier
    return name
