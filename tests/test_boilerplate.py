"""strip_boilerplate: the chrome lexicon, tweets, the sentence rule and the body's position."""
import pytest

from textkit.boilerplate import _WHOLE_LINE, _lexicon_rule, boilerplate_lines, is_sentence, strip_boilerplate

# Every lexicon rule with lines it must catch, as scrapers leave them.
LEXICON_CASES = [
    ("share", ["Share this:", "Share", "Share on Facebook", "Click to share on Twitter (Opens in new window)",
               "Facebook Twitter WhatsApp Email", "Print this article", "• Share this story"]),
    ("follow", ["Follow us on Twitter", "Like us on Facebook to see similar stories",
                "Follow him on Instagram @jdoe"]),
    ("subscribe", ["Subscribe", "Subscribe to our channel", "Sign up for free", "Sign In",
                   "Already a subscriber? Log in", "Enter your email address",
                   "Support our journalism with a donation"]),
    ("newsletter", ["Get the best of the week in our weekly newsletter",
                    "Sign-up to our daily newsletter now"]),
    ("comments", ["Leave a Reply", "Leave comment", "No comments:", "Post a Comment", "34 Comments",
                  "Comments (12)", "Join the discussion", "Your email address will not be published.",
                  "34 responses to “Anthony Lynn: We needed to win this game”", "thelastchargersfan says:",
                  "What do you think?"]),
    ("cookies", ["We use cookies to personalise content and ads. Learn more.",
                 "By continuing to use this site you agree to our use of cookies."]),
    ("legal", ["Privacy Policy", "Terms of Use | Privacy Policy | Contact Us", "About Us"]),
    ("copyright", ["© 2019 CBS Interactive Inc. All Rights Reserved.", "Copyright 2022 Top One Magazine",
                   "Content © 2022 the Example Times"]),
    ("advertisement", ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
                       "Sponsored Content"]),
    ("source-link", ["Source link", "Go To Source", "Read more", "Continue reading…", "Read More »"]),
    ("related", ["Related Articles", "Related", "More from World", "You may also like",
                 "Recommended for you", "Trending News", "Most Popular", "Up next:"]),
    ("photo-credit", ["Photo: Reuters", "Image credit: NASA/JPL", "File photo / AP",
                      "Image copyright Getty Images", "Image Copyright @BigMachine @BigMachine",
                      "The president arrives in Kyiv. (Manu Fernandez/AP)",
                      "Protesters gather outside the embassy. Getty Images"]),
    ("byline", ["By Bryan DeArdo", "Written by Jane Smith and Ali Khan",
                "Tyler Durden Thu, 01/27/2022 – 09:25", "Nov 18, 2019 at 9:24 pm ET • 2 min read",
                "Updated: 3:15 PM", "32M ago", "First published on November 19, 2019 / 8:16 AM"]),
    ("reply-button", ["Reply", "Report", "Cancel reply", "Retweet"]),
    ("caption", ["Image caption Scooter Braun has managed Justin Bieber, among others",
                 "Caption: Delegates arrive in Geneva"]),
    ("tags", ["Tags: Russia, NATO, Ukraine", "Filed under: Khawarij |", "Topics: politics"]),
    ("navigation", ["Home", "Menu", "Back to top button", "Skip to main content", "Load more"]),
]


@pytest.mark.parametrize("rule, line", [(rule, line) for rule, lines in LEXICON_CASES for line in lines])
def test_lexicon_catches_chrome(rule, line):
    assert _lexicon_rule(line, len(line.split())) == rule
    # The same verdict through the core's gates, as strip_boilerplate runs it.
    (decision,) = boilerplate_lines(line)
    assert decision.rule == rule and not decision.keep


@pytest.mark.parametrize("line", [
    "Secretary of State Antony Blinken said on Wednesday that he would not make public the details.",
    "Share prices fell 3% on Tuesday after the company cut its forecast for the year.",
    "“We can’t say that they took our concerns into account,” Peskov told reporters.",
    "Subscribers to the service will see the change next month, the company said.",
    "The newsletter, which has 2 million readers, was sold to a rival publisher last year for a sum "
    "that neither side would disclose, according to two people familiar with the deal.",
    "Related reading suggests the issue is older than the company admits, the report said.",
    "He was born on Nov. 18, 1961 and grew up in Ohio.",
])
def test_lexicon_leaves_article_sentences(line):
    assert _lexicon_rule(line, len(line.split())) is None
    assert boilerplate_lines(line)[0].keep


def test_every_whole_line_rule_is_reachable_through_the_gate():
    """Every rule of the whole-line table has a case above, so a gate that
    blocks a rule's first word would fail a test."""
    covered = {rule for rule, _ in LEXICON_CASES}
    assert {rule for rule, _, _ in _WHOLE_LINE} <= covered | {"rating"}
    assert _lexicon_rule("Rate this", 2) == "rating"


@pytest.mark.parametrize("line, expected", [
    ("He left.", True), ("Did he?", True), ("Wow!", True), ("And then…", True),
    ("He said: “we can’t.”", True), ("She said, ‘no.’", True), ("«Nyet.»", True),
    ('"It was a difficult situation for us," Lopez said.', True),
    ("(This was later denied.)", True),
    ("Share this", False), ("The headline of a story", False), ("Ingredients:", False),
])
def test_sentence_rule_knows_closing_quotes(line, expected):
    assert is_sentence(line) is expected


ARTICLE = """Top 1 Magazine

Kremlin says U.S. document doesn’t meet Russian security demands

By Jane Smith
Jan 27, 2022 at 9:24 am ET

Written responses from the United States and NATO have left “little ground for optimism,” the Kremlin said on Thursday.

“We can’t say that they took our concerns into account,” Kremlin spokesperson Dmitry Peskov told reporters.

What Lavrov said

Russian Foreign Minister Sergey Lavrov listed three demands:

- no further NATO expansion;
- no strike weapons near Russia’s borders;
- NATO forces back to 1997 positions.

He was blunt.

The document “contains no positive response on the main issue,” Lavrov said in a televised statement.

Amid allegations of an impending invasion, @cnn has already altered the country’s borders. pic.twitter.com/rhJiwp1uVt
— Bryan MacDonald (@27khv) January 26, 2022

Secretary of State Antony Blinken said that he would not make public the details of the written response.

Share this:
Facebook Twitter

Related Articles

Russia sends 20 warships to the Black Sea to contain NATO
UK Defence Secretary reveals hopes for imminent Moscow showdown

Leave a Reply
Your email address will not be published."""


def test_article_body_is_kept_and_chrome_removed():
    out = strip_boilerplate(ARTICLE)
    lines = out.split("\n")
    assert lines[0].startswith("Written responses")
    for kept in ["What Lavrov said", "Russian Foreign Minister Sergey Lavrov listed three demands:",
                 "- no further NATO expansion;", "He was blunt.",
                 "Secretary of State Antony Blinken said that he would not make public the details of the written response."]:
        assert kept in lines, kept
    for dropped in ["Top 1 Magazine", "Kremlin says U.S. document doesn’t meet Russian security demands",
                    "By Jane Smith", "Share this:", "Related Articles", "Leave a Reply",
                    "— Bryan MacDonald (@27khv) January 26, 2022",
                    "Russia sends 20 warships to the Black Sea to contain NATO"]:
        assert dropped not in out, dropped
    assert "pic.twitter.com" not in out
    assert out.endswith("the details of the written response.")


def test_removed_lines_name_their_rule():
    rules = {d.text: d.rule for d in boilerplate_lines(ARTICLE) if not d.keep}
    assert rules["Top 1 Magazine"] == "before-body"
    assert rules["By Jane Smith"] == "byline"
    assert rules["— Bryan MacDonald (@27khv) January 26, 2022"] == "tweet"
    assert rules["Share this:"] == "share"
    assert rules["Related Articles"] == "related"
    assert rules["Russia sends 20 warships to the Black Sea to contain NATO"] == "after-body"
    assert rules["Leave a Reply"] == "comments"


def test_tweets_kept_on_request():
    out = strip_boilerplate(ARTICLE, keep_tweets=True)
    assert "— Bryan MacDonald (@27khv) January 26, 2022" in out
    assert "pic.twitter.com/rhJiwp1uVt" in out


def test_reader_comments_after_the_body_are_cut():
    page = ("The council voted 5-2 on Tuesday to approve the new budget after a long debate.\n\n"
            "The mayor said the plan would be reviewed again next spring by the finance committee.\n\n"
            "Opponents said the budget does too little for the city's roads and public transport.\n\n"
            "3 Comments\n\njoe123 says:\n\nThis is the worst budget I have seen in twenty years of living here.\n\n"
            "anna says:\n\nI think the mayor did the best she could with the money the city actually has.")
    out = strip_boilerplate(page)
    assert out.endswith("public transport.")


def test_teasers_after_the_body_are_trimmed():
    page = ("Police released video showing the rescue of a girl who was kidnapped in broad daylight.\n\n"
            "The man who kidnapped the child was sentenced to life in federal prison on Monday.\n\n"
            "“We believe that justice has been served in this case,” the U.S. attorney said.\n\n"
            "© 2019 CBS Interactive Inc. All Rights Reserved.\n\nWorld\n\n"
            "Why farmers may want to paint their cows with zebra stripes\n\n"
            "Some people thought the stripy cattle were a practical joke, but the science could save money\n\n"
            "32M ago\n\nTwo U.S. troops killed in helicopter crash in Afghanistan\n\n"
            "Officials dismiss a claim that it downed the craft but say the cause is being investigated.\n\n1H ago")
    out = strip_boilerplate(page)
    assert out.endswith("the U.S. attorney said.")


@pytest.mark.parametrize("text", ["", "   \n\n  ", "One line without a full stop", "Just one sentence."])
def test_degenerate_inputs(text):
    out = strip_boilerplate(text)
    assert out == text.strip()


def test_position_off_keeps_everything_but_lexicon():
    out = strip_boilerplate(ARTICLE, trim_to_body=False)
    assert "Top 1 Magazine" in out and "Share this:" not in out


def test_offsets_point_at_the_lines():
    for d in boilerplate_lines(ARTICLE):
        assert ARTICLE[d.start:d.end] == d.text


def test_embedded_article_header_is_dropped_but_its_text_kept():
    page = ("The blog post opens with a long sentence about the talks in Geneva this week.\n"
            "It quotes the ministry at length and then reposts a wire story in full.\n"
            "Russia reveals US response to security proposals\n"
            "RT\n"
            "Russian Foreign Minister Sergey Lavrov has confirmed that Moscow has received a written response.\n"
            "Speaking on Thursday, the top diplomat said there has been no positive response.")
    decisions = {d.text: d for d in boilerplate_lines(page)}
    assert decisions["RT"].rule == "source-tag"
    assert decisions["Russia reveals US response to security proposals"].rule == "embedded-headline"
    assert decisions["Speaking on Thursday, the top diplomat said there has been no positive response."].keep
    assert decisions["Russian Foreign Minister Sergey Lavrov has confirmed that Moscow has received "
                     "a written response."].keep


def test_capitalised_words_inside_sentences_are_not_tags():
    out = strip_boilerplate("NATO and the EU met on Monday to discuss the proposals in detail.\n"
                            "USA\nThe talks will resume next week, officials said on Tuesday.")
    assert "NATO and the EU met" in out and "USA" not in out.split("\n")
