"""attribute(): cue patterns, speakers, resolution, split and continued quotes, seeds."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit import attribute

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def one(text):
    quotes = attribute(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


_CUE_CASES = [
    ('"We will win," Trump said.', "Trump", "said"),
    ('"We will win," said Trump.', "Trump", "said"),
    ('“We will win,” said Kremlin spokesperson Dmitry Peskov.', "Kremlin spokesperson Dmitry Peskov", "said"),
    ('Trump said: "We will win."', "Trump", "said"),
    ('Peskov told reporters "there are always prospects".', "Peskov", "told"),
    ('Lavrov said that although talks went on, the document "contains no positive response."', "Lavrov", "said"),
    ('According to Lavrov, "there is no positive response."', "Lavrov", "According to"),
    ('"It is a disaster," he warned.', "he", "warned"),
    ('"It is a disaster," she tweeted on Monday.', "she", "tweeted"),
    ('Rep. Elijah E. Cummings (D-Md.) said the plan was "a disaster" for the city.',
     "Rep. Elijah E. Cummings (D-Md.)", "said"),
    # A suffix with its full stop ends a name.
    ("Vice President Joseph R. Biden Jr. responded to the claim that not paying taxes made him ''smart.''",
     "Vice President Joseph R. Biden Jr.", "responded"),
    ('"We cannot accept it," the Kremlin said.', "the Kremlin", "said"),
    ('"It was the least bad outcome," Mr. Morgan of the Sierra Club said.', "Mr. Morgan of the Sierra Club", "said"),
    ('A cashier who “steals a handful of $20s” is held accountable, Warren said.', "Warren", "said"),
    ('“Donald Trump is not fit to be president.” ― Martha Aguilar', "Martha Aguilar", "―"),
    ('Clinton boasted that the plan was "the best ever".', "Clinton", "boasted"),
    ('Rep. Trey Gowdy (R-S.C.): "Who told you that?"', "Rep. Trey Gowdy (R-S.C.)", ":"),
    ('Pollsters agree - Carl Bialik: “Keep on contacting voters as late as possible.”', "Carl Bialik", ":"),
    # "who" after a comma and two spaces, as scraped text has them.
    ('The decision would involve Attorney General Loretta E. Lynch,  who told Congress when asked about it: '
     '"That matter is being handled by career agents."', "who", "told"),
    # The noun after "told" is whom the speaker tells, even after a clause that ends in a comma.
    ('Clinton, who called Sanders shortly after, told her supporters, "I still love New Hampshire."', "Clinton",
     "told"),
    ('Dick Dever, a delegate, told POLITICO, “Of the three, I like John Kasich the best.”', "Dick Dever", "told"),
    # The name in the clause that names the quote said it, before a cue after the quote.
    ("In 2009, under what Mr. Hedge called ''the prior economy model,'' the club charged members.", "Mr. Hedge",
     "called"),
    ('In a clip that Judge Michael W. Mosman called "distasteful," Santilli expressed a wish to run.',
     "Judge Michael W. Mosman", "called"),
    # A pronoun there stands for the sentence's subject.
    ('Clinton praised Sanders for what she called “an extraordinary campaign.”', "Clinton", "called"),
    ('Raphael Lemkin, who coined the word genocide, once said, “It happened so many times.”',
     "Raphael Lemkin", "said"),
    ('“We are playing with a different set of rules,” Trump shot back.', "Trump", "shot back"),
    # A time or a medium between the subject and the cue.
    ('Beck on Wednesday called him “a horrible, despicable human being.”', "Beck", "called"),
    ('Clinton in a statement said the ruling was “a victory for families.”', "Clinton", "said"),
    # An appositive between dashes.
    ('Jason Sims — a teacher from Mount Pleasant — says the endorsement was “a big deal.”',
     "Jason Sims", "says"),
    # A participle after a cue speaks with the cue's subject; one after a name, with the name.
    ('Ryan and Trump will meet next week, Spicer said, adding, "They need to sit down and talk."',
     "Spicer", "said"),
    ('Both men issued a statement – Ryan saying he was “very encouraged” by the talks.', "Ryan",
     "saying"),
    # A lead-in clause before the subject; a sentence opening with an adverb.
    ('On the other side, Sen. Ted Cruz (R-Tex.), a candidate, tweeted: "Remember in November."',
     "Sen. Ted Cruz (R-Tex.)", "tweeted"),
    ('Shortly after the call ended, Rubio released a statement saying Murphy owes '
     '“Florida an explanation for his votes.”', "Rubio", "saying"),
    # A participle's clause or a dateline before the subject.
    ('Reached by phone on Monday, Bennett was upbeat, explaining that he was “taking a day off.”',
     "Bennett", "explaining"),
    ('Washington (AFP) – Democrat Hillary Clinton has taken a swipe at Donald Trump, saying that '
     '“bombastic comments” do more harm than good.', "Democrat Hillary Clinton", "saying"),
    ('BOSTON, March 3 (Reuters) — Mayor Ortiz issued a statement, calling the plan '
     '“a step backwards.”', "Mayor Ortiz", "calling"),
    # Lead-ins a subject may follow: an adverb with its phrase, a time span, a sentence adverb.
    ('Immediately after the vote, Warren released a statement, saying “the fight goes on.”',
     "Warren", "saying"),
    ('Three weeks before the primary, Ortiz held a rally, declaring that “this is our year.”',
     "Ortiz", "declaring"),
    ('Moreover, Ortiz sent a letter, warning that the bill “hurts small farms.”', "Ortiz", "warning"),
    # A noun phrase stops before a verb with its object ("passed the measure").
    ('The city council passed the measure, calling it “long overdue.”', "The city council", "calling"),
    # A word that opens a clause is not the subject ("When asked", "As Politico reported").
    ('When asked why, Ortiz responded in an email: “The numbers speak for themselves.”',
     "Ortiz", "responded"),
    ('As Reuters reported, “the deal was signed on Friday night.”', "Reuters", "reported"),
    ('Ever since the vote, Ortiz has been touring the state, saying the bill is “a disgrace.”',
     "Ortiz", "saying"),
    # A single quote closing inside a doubled-apostrophe quote: three marks.
    ("''They told us, 'Go home,''' said Maria Ortiz, a nurse.", "Maria Ortiz", "said"),
    # A quantifier standing alone for a person.
    ('One voter called the plan a joke. Yet another said, “It will work.”', "another", "said"),
    # A party tag without a state.
    ('State Sen. Maria Lopez (R) asserted that the plan was “dead on arrival.”',
     "Sen. Maria Lopez (R)", "asserted"),
    # A title in quote marks before the quote neither speaks nor hides the speaker.
    ("As Dana Reyes, author of ''The Long Road,'' put it, ''Nobody wins a trade war.''",
     "Dana Reyes", "put it"),
    ('On “Meet the Press,” the senator defended the bill as “a good start.”', "the senator", "defended"),
    # An inverted cue set off by commas inside the sentence.
    ('The plan will not be published, says Ortiz, but its aim is “a fair deal for everyone.”',
     "Ortiz", "says"),
    # The pronoun of a contraction: "He’s".
    ('He’s insisting that the deal is “the best we could get.”', "He", "insisting"),
    # "and called": the subject of the clause the verb belongs to.
    ('There were pointed references, such as when Cruz knocked Rubio on trade and called him a '
     '"moderate," a subtle dig.', "Cruz", "called"),
    # The quote's sentence goes on after it and ends with ", said NAME".
    ("''To see the number of cases that could change is stunning,'' since so many were decided "
     "by 5-to-4 votes, said Lee Epstein, who teaches law.", "Lee Epstein", "said"),
    ("As Professor Foner put it: ''The United States does a better job at accepting immigrants.''",
     "Professor Foner", "put it"),
    ('“Go back to Univision,” Trump barked and a guard escorted him out.', "Trump", "barked"),
    ('Peskov echoed the point: “We are ready.”', "Peskov", "echoed"),
    # A time word opening the sentence is no subject; the clause's subject speaks.
    ('Last month, when I asked Sanders if he would endorse her, he looked into my camera and said, '
     '"I am gonna endorse YOU!"', "he", "said"),
    ('Minutes later, she sent an email saying, “done and done.”', "she", "saying"),
    # "what he called “…”": the clause's subject, whom the pronoun stands for, speaks.
    ('Secretary General Ban Ki-moon condemned what he called a "brazen breach" of resolutions.',
     "Secretary General Ban Ki-moon", "called"),
    ('Cruz has railed against what he calls the “Washington cartel” for months.', "Cruz", "calls"),
    # A name after "what" speaks for itself; "we" is anybody.
    ('Cleveland sought to shed what Gilbert called "a perception problem" last year.', "Gilbert", "called"),
    ('The plan funds roads and what we call "infrastructure" in general.', "we", "call"),
    # A clause after the quote that opens with "though" holds no speaker of it.
    ('She said she speaks about race because "you talk about the issues in front of you," though '
     'she noted she has long done so.', "She", "said"),
    # A pronoun's clause inside what a name says: the name is the source ...
    ('The longtime senator said he rarely asks surrogates to stump for him, “except for people I '
     'am close to.”', "The longtime senator", "said"),
    # ... unless another name stands between them, whom the pronoun may mean.
    ('Hewitt asked Trump about statements he had made, when he claimed Obama was “the founder” of ISIS.',
     "he", "claimed"),
    # Only a verb of saying makes the name before it the source.
    ('Ortiz praised the plan; he said it was “a big step.”', "he", "said"),
    # A noun phrase ends before "because", "although", "if" and like words.
    ('Ortiz praised the plan because he said it was “a big step.”', "he", "said"),
    # A possessive determiner opens a noun-phrase subject; "her" after a verb is its object.
    ('His campaign said the ad was "a lie from start to end."', "His campaign", "said"),
    ('Their spokesman said the ad was "a lie from start to end."', "Their spokesman", "said"),
    ('Her economic plan promises to "lift up participation in the workforce."', "Her economic plan",
     "promises"),
    ('Clinton told her aides "we will win this."', "Clinton", "told"),
    ("As The Post's Dana Milbank puts it, \"Senate Republicans are unmoved.\"", "The Post's Dana Milbank",
     "puts it"),
    # A cue word right after "the" is a noun; the mention runs on to the cue.
    ("''Current immigrants are integrating into society,'' the report concluded.", "the report",
     "concluded"),
    # More verbs of saying, in every inflection.
    ('“France will always be France,” an angry Hollande retaliated.', "an angry Hollande", "retaliated"),
    ('“I can point to only two accomplishments,” Bozell answers.', "Bozell", "answers"),
    # "Once", "Contrary" open a sentence without naming anybody; "one point" is a noun.
    ('Once in my early 20s, when my mother mentioned the devil, I laughed and said, "I do not believe '
     'in the devil."', "I", "said"),
    ('Lynch recalled the partner being supportive of her - at one point even admonishing the client: '
     '"You know, look at her."', "Lynch", "recalled"),
    # More verbs of saying.
    ('“Nobody ever questioned his sacrifice,” she elaborated.', "she", "elaborated"),
    ('She expressed hope that the talks would bring "a real change."', "She", "expressed"),
    # A cue after the quote's sentence, then a name with five words of role before it.
    ('Clinton “drew quite well from white, working-class Democrats” in the 2008 primary, said Ohio '
     'State University professor Paul Beck.', "Ohio State University professor Paul Beck", "said"),
    # A name's role after an inverted cue.
    ('"It is about time," exhorted Clinton\'s introducer, actress Jamie Lee Curtis.',
     "Clinton's introducer", "exhorted"),
    # An auxiliary, "not" or "now" between the subject and the cue is no part of the mention.
    ('A spokesman did not say "yes" to that.', "A spokesman", "say"),
    ('The senator would later say "no" to that.', "The senator", "say"),
    ('The White House has not said "no" yet.', "The White House", "said"),
    ('In normal times, a reader would now ask: "Why?"', "a reader", "ask"),
    ('The aides cannot say "yes" to that.', "The aides", "say"),
    ('Carter however said he would welcome China’s role in a “principled security network” for Asia.',
     "Carter", "said"),
    # A participle's noun is its object, not the speaker, after the quote too.
    ('Trump has hailed the vote as “fantastic,” telling reporters during a visit that it was great.',
     "Trump", "hailed"),
    # A participle's noun is its object, not the speaker.
    ('Clinton seemed ready to riff on it in Iowa, telling the crowd, “Some people get carried away.”',
     "Clinton", "telling"),
    ('Back in 1999, Mr. Trump voiced admiration for his skills, telling CNBC: “I wish I could be like that.”',
     "Mr. Trump", "telling"),
    # A cue that closes the quote's sentence, after five words of role.
    ('Lawyers met. "The agency intends to search them for records" that would respond to requests, Justice '
     'Department senior trial counsel Caroline Wolverton wrote in a court filing.',
     "Justice Department senior trial counsel Caroline Wolverton", "wrote"),
    # "and" with adverbs before the cue: the sentence's subject speaks.
    ('Wilkerson brought up the bombing and later said, “It’s not just Muslims shooting people.”',
     "Wilkerson", "said"),
    # A full stop after a title or an initial, or inside "U.S.", does not end the sentence.
    ("But Mrs. Clinton would do well to begin ''building bridges'' to Mr. Sanders, said David Axelrod, a "
     "strategist.", "David Axelrod", "said"),
    ("Students held up a sign, “Build a wall,” referring to the vow to build a wall along the U.S.-Mexican border, the "
     "Chicago Tribune reports.", "the Chicago Tribune", "reports"),
    ("The plan's “first steps” were modest, said James B. Comey, the director.", "James B. Comey", "said"),
    ("A sign read “Build a wall,” a $1.5 billion promise, said Ann Lee.", "Ann Lee", "said"),
    ("The plan's “first steps” were modest, according to Sen. Warren.", "Sen. Warren", "according to"),
    # "according to X" before the quote, with up to five role words before the name.
    ('According to conservative talk radio host Rush Limbaugh, the move reeks of “fear” and desperation.',
     "Rush Limbaugh", "According to"),
    # A cue that introduces the quote with a comma or colon beats a stronger one before it.
    ('When Clinton noted that Trump had not paid taxes, Trump boasted, “That makes me smart.”', "Trump",
     "boasted"),
    ('She said the plan was effective, to which O’Malley interjected: "It is just not true."', "O’Malley",
     "interjected"),
    # A cue after ", but", ", and" or "; " speaks for the quote before any cue ahead of that break.
    ('Stevens says it depends, but she cautions that she sees "two different flip sides to it."', "she",
     "cautions"),
    ('Mr. Khan said Mr. Trump had shown disrespect, and he accused Mr. Trump of running a campaign "of '
     'hatred."', "he", "accused"),
    # A verb after "but" shares the sentence's subject.
    ('Carson did not mention his opponents by name, but told his supporters, “our nation is in trouble.”',
     "Carson", "told"),
    # A cue's base form right after a singular subject is a noun ("his home state"); after a
    # plural, "and", "to" or a possessive it stands.
    ('Bernie Sanders, celebrating a victory in the primary in his home state of Vermont, is pledging to '
     '“win many hundreds of delegates” on Tuesday.', "Bernie Sanders", "pledging"),
    ('When terrorists strike, Obama and Clinton call them "lone wolves" and move on.', "Clinton", "call"),
    ('Perhaps young voters prefer Sanders’ call for "revolution" over that.', "Sanders’", "call"),
    ('Critics say the plan is "a disaster."', "Critics", "say"),
    ('The two write that it was "a felony."', "The two", "write"),
    # After "of", a plural or a pronoun ends the subject: the word after it is the verb.
    ('Many of his supporters say “the system is rigged.”', "Many of his supporters", "say"),
    ('One of them says “the system is rigged.”', "One of them", "says"),
    # A cue's base form after a possessive and before "is" or "was" is the noun that is the
    # subject of that verb.
    ('President Park said Kim\'s mental state is "spiraling out of control."', "President Park", "said"),
    ('Aides said Trump’s latest claim was "false" then.', "Aides", "said"),
    # A pronoun inside what a name with an appositive says cites that name.
    ("President Obama, dedicating the museum on Saturday, said it would tell an American story, one of "
     "''suffering and delight.''", "President Obama", "said"),
    # A place after a preposition ends a lead-in: the subject with its appositive comes after it.
    ('In a panel discussion this weekend in Washington, Marc H. Morial, the chief executive of the National '
     'Urban League, forcefully told a young woman that "not voting is not a viable strategy."',
     "Marc H. Morial", "told"),
    # A cue after the quote followed by "that" takes a clause, not an inverted speaker.
    ('City Attorney Brad Holm said in the letter that the ad “unmistakably and wrongfully” suggests that '
     'Phoenix and its officers support Trump.', "City Attorney Brad Holm", "said"),
    # "who" with a time between it and the cue.
    ('Obama has a frosty relationship with McConnell, who in 2010 said the goal was to make Obama a '
     '"one-term president."', "who", "said"),
    # "One" opens a noun phrase, not a name.
    ('One operative inside Trump Tower tried to downplay Ryan’s comments, saying they were “not a big deal.”',
     "One operative inside Trump Tower", "saying"),
    # A lowercase count of time after a sentence adverb is a lead-in.
    ("But a few days later, Trump reversed himself, telling CBS that the laws “are set.”", "Trump", "telling"),
    # A state after a town belongs to the lead-in, not the subject.
    ("At a campaign event in Ames, Iowa, on Sunday, Mrs. Clinton tried to expand on it, saying the U.S. "
     "should ''be rallying our partners.''", "Mrs. Clinton", "saying"),
    # Verbs of crying out and grumbling.
    ('"Nooooo!" the crowd cried out, booing.', "the crowd", "cried"),
    ("Freddy circled it as his friends jeered, ''Do svidaniya!''", "his friends", "jeered"),
    # "As … put it" after role words.
    ('At the time, as anti-terrorist prosecutor Marc Trevidic put it, "there was not much to complain '
     'about."', "Marc Trevidic", "put it"),
    # The past participle of "write".
    ("As Louella Parsons had written just a few years earlier, ''We could not have a motion picture "
     "industry without him.''", "Louella Parsons", "written"),
    # A bare "NAME said." after a quote that ends its sentence.
    ('“Russia, if you’re listening, I hope you find the emails.” Trump said.', "Trump", "said"),
]


@pytest.mark.parametrize("text, speaker, cue", _CUE_CASES)
def test_cue_patterns(text, speaker, cue):
    quote = one(text)
    assert (quote.speaker, quote.cue) == (speaker, cue)
    assert text[quote.speaker_start:quote.speaker_end] == speaker
    assert text[quote.cue_start:quote.cue_end] == cue
    assert text[quote.start:quote.end] == quote.text


def test_a_pronoun_skips_nouns_that_look_like_cues():
    # "Trump’s remarks" names no speaker: "he" is the last one who said something.
    text = ('Joe Biden said the plan was “a mess.” Trump’s remarks drew fire in Ohio. '
            '“It’s a bunch of malarkey,” he said.')
    first, second = attribute(text)
    assert (second.speaker, second.resolved) == ("he", "Joe Biden")


def test_a_pronoun_names_the_subject_of_a_reporting_verb_before_it():
    # "he" is Lavrov, who revealed something, not Peskov, quoted last.
    text = ('Sergey Lavrov called it “a start.” Dmitry Peskov said “talks go on.” Lavrov also revealed '
            'that the talks stalled. However, he added, “nothing is final.”')
    assert [(q.speaker, q.resolved) for q in attribute(text)] == [
        ("Sergey Lavrov", "Sergey Lavrov"), ("Dmitry Peskov", "Dmitry Peskov"), ("he", "Sergey Lavrov")]


def test_a_role_names_the_latest_person_who_said_something():
    text = ('Ryabkov said “we will see.” Russian Foreign Minister Sergey Lavrov has confirmed that '
            'a response came.\nSpeaking on Thursday, the top diplomat said, “there has been no '
            'positive response.”')
    quote = attribute(text)[-1]
    assert (quote.speaker, quote.resolved) == ("the top diplomat", "Russian Foreign Minister Sergey Lavrov")


@pytest.mark.parametrize("before, speaker", [
    ("According to Lavrov, the document failed to address these points.", "Lavrov"),
    ("Lavrov also revealed that the talks had stalled.", "Lavrov"),
])
def test_a_paragraph_of_only_a_quotation_speaks_for_the_paragraph_before(before, speaker):
    quote = one(f"{before}\n“It is significant that they chose to ignore it.”")
    assert (quote.speaker, quote.confidence) == (speaker, 0.4)


def test_a_paragraph_that_reports_nobody_does_not_speak_for_the_next():
    assert one("The weather was cold all week.\n“Building it? Not negotiable.”").speaker is None


def test_pronoun_and_surname_resolution():
    text = ('Russian Foreign Minister Sergey Lavrov spoke on Thursday. "There is no positive response," '
            'Lavrov said. "We will study it," he added.')
    first, second = attribute(text)
    assert first.speaker == "Lavrov" and first.resolved == "Russian Foreign Minister Sergey Lavrov" or \
        first.resolved == "Lavrov"
    assert second.speaker == "he" and second.resolved == first.resolved


def test_surname_links_to_full_name_used_earlier():
    text = ('"We see little ground for optimism," Dmitry Peskov told reporters.\n\n'
            '"Prospects for dialogue remain," Peskov said.')
    first, second = attribute(text)
    assert first.resolved == "Dmitry Peskov" and second.resolved == "Dmitry Peskov"


def test_split_quote_inherits_the_speaker():
    text = '"The first half," Peskov said, "and the second half."'
    first, second = attribute(text)
    assert first.speaker == second.speaker == "Peskov"
    assert second.text == "and the second half."


def test_continued_quote_in_next_paragraph_inherits_the_speaker():
    text = ('"The talks went well," Blinken said.\n\n"We will meet again next week."\n\n'
            'Officials gave no date.')
    first, second = attribute(text)
    assert second.speaker == "Blinken" and second.cue is None
    assert second.confidence < first.confidence


def test_a_quote_running_on_into_a_paragraph_with_its_own_cue_takes_that_mention():
    text = '"We are leaving," Ortiz said. "They keep people apart.\n\n"This is still my family," he said.'
    quotes = attribute(text)
    assert [q.speaker for q in quotes] == ["Ortiz", "Ortiz", "he"]
    assert text[quotes[2].speaker_start:quotes[2].speaker_end] == "he" and quotes[2].cue == "said"


def test_a_quote_opening_a_sentence_that_ends_with_its_cue_takes_that_cue():
    text = ('"Many would call that an embarrassment" if she did not win by more, said David Wasserman, '
            'an analyst at the Cook Political Report. "And yet it would seal the deal" because she '
            'would lead, he said.')
    first, second = attribute(text)
    assert (first.speaker, second.speaker, second.cue) == ("David Wasserman", "he", "said")
    assert text[second.speaker_start:second.speaker_end] == "he"


def test_fragments_and_full_quotes():
    full = one('"We will win," Trump said.')
    fragment = one('Trump called the ruling "a disgrace" on Monday.')
    assert full.kind == "full" and fragment.kind == "fragment"


@pytest.mark.parametrize("text", ["", "no quotes at all", '"' * 5000, "'" * 5000, "“" * 3000,
                                  "don't it's the Smiths' rock 'n' roll"])
def test_degenerate_inputs_do_not_raise(text):
    assert isinstance(attribute(text), list)


def test_seed_quotes_and_speakers():
    text = (SEEDS / "000_c7a9f116a715d257.txt").read_text(encoding="utf-8")
    quotes = attribute(text)

    def about(prefix):
        (quote,) = [q for q in quotes if q.text.startswith(prefix)]
        return quote.speaker, quote.resolved

    assert about("We can’t say that they took") == ("Kremlin spokesperson Dmitry Peskov", "Dmitry Peskov")
    assert about("there always are prospects")[1] == "Dmitry Peskov"
    assert about("it’s in the interests of")[1] == "Dmitry Peskov"
    assert about("contains no positive response")[0] == "Russian Foreign Minister Sergey Lavrov"
    assert about("little ground for optimism")[0] == "the Kremlin"


def test_bad_input():
    with pytest.raises(TypeError, match="text must be str, got bytes"):
        attribute(b"x")


def test_quotation_running_over_paragraphs_keeps_its_speaker():
    text = 'Blinken said: “The talks went well.\n\n“We will meet again next week, in Geneva.”\n\nNo date was set.'
    first, second = attribute(text)
    assert first.speaker == "Blinken" and second.speaker == "Blinken"
    assert second.text == "We will meet again next week, in Geneva."


def test_single_quotes_inside_a_quotation_are_part_of_it():
    (quote,) = attribute('“He told me ‘never again’ and left,” she said.')
    assert quote.text == "He told me ‘never again’ and left," and quote.speaker == "she"


def test_a_lead_in_paragraph_names_the_speaker_of_the_next():
    text = ("In a press release, the convention committee said about the draft:\n\n"
            '"The platform goes further than previous platforms on this issue."')
    (quote,) = attribute(text)
    assert quote.speaker == "the convention committee" and quote.cue == "said"


def test_a_role_description_resolves_to_the_person_last_quoted():
    text = ('"There is no positive response," Russian Foreign Minister Sergey Lavrov said.\n\n'
            '"The main issue is our clear position," the top diplomat explained.\n\n'
            '"We will not comment," the Kremlin said.')
    first, second, third = attribute(text)
    assert second.speaker == "the top diplomat" and second.resolved == first.resolved
    assert third.resolved == "the Kremlin"


def test_a_pronoun_names_the_last_person_who_spoke_even_unquoted():
    text = ('"We expect nothing," Deputy Minister Sergei Ryabkov said.\n\n'
            'Kremlin Press Secretary Dmitry Peskov said Russia is now contemplating its response. '
            '"There are always prospects for dialogue," he said.')
    quotes = attribute(text)
    assert quotes[-1].speaker == "he" and quotes[-1].resolved.endswith("Dmitry Peskov")


@pytest.mark.parametrize("text", [
    'He said as much on “Meet the Press.”',
    'The band played "Eye of the Tiger" as Clinton took the stage, aides said.',
    'Trump tweeted "783491630540001280".',
    # A title that opens a sentence before a comma stays a title when no cue follows it.
    'Ratings rose. "Face the Nation," the CBS show, led the morning.',
    # A title after a comma is not a sentence's first words.
    "In his 2002 book, ''Make Your Kid a Millionaire,'' Mr. McKinley said saving is key.",
])
def test_titles_and_numbers_are_not_quotations(text):
    assert attribute(text) == []


@pytest.mark.parametrize("text, quote, speaker", [
    # The first words of a sentence in title case, split off by the cue after them.
    ('Clinton spoke. “As President,” she said, “I will oppose efforts to privatize jobs.”', "As President,",
     "she"),
    ("''In Fisher,'' Dean Amar said, ''even though the dissent was sharp.''", "In Fisher,", "Dean Amar"),
])
def test_title_case_opening_a_split_quote_is_a_quotation(text, quote, speaker):
    first = attribute(text)[0]
    assert (first.text, first.speaker) == (quote, speaker)


@pytest.mark.parametrize("text, speaker, cue", [
    # Title case after a naming word is what somebody calls somebody: their words.
    ('Trump again called him “Little Marco” at the rally.', "Trump", "called"),
    ('Trump called the 1996 pageant winner “Miss Piggy” on air.', "Trump", "called"),
    ('Clinton says the Ohio native nicknamed “King James” is a dedicated advocate.', "Clinton", "says"),
    ('Sanders has dubbed the system "Wall Street Greed" in his speeches.', "Sanders", "dubbed"),
    ('Clinton described the plan as “Trumped-Up Trickle Down” on Monday.', "Clinton", "described"),
])
def test_title_case_after_a_naming_word_is_a_quotation(text, speaker, cue):
    quote = one(text)
    assert (quote.speaker, quote.cue) == (speaker, cue)


def test_title_case_after_is_or_was_is_a_quotation():
    quote = one("PolitiFact looked at the claim and concluded his comments were “Mostly False.”")
    assert quote.text == "Mostly False."


@pytest.mark.parametrize("joint", [" and ", ", ", " or ", ", and "])
def test_a_title_listed_after_a_quotation_is_one_too(joint):
    quotes = attribute(f"Clinton cited his references to her as “Miss Piggy”{joint}“Miss Housekeeping” in the debate.")
    assert [(q.text, q.speaker) for q in quotes] == [("Miss Piggy", "Clinton"), ("Miss Housekeeping", "Clinton")]


def test_a_title_after_a_title_stays_a_title():
    assert attribute("She watches “Meet the Press” and “Face the Nation” each week.") == []


@pytest.mark.parametrize("text, quote, speaker", [
    # "States" and "state" are not cues; the verb is "said".
    ('Rubio said the United States "must increase our efforts at home and abroad."',
     "must increase our efforts at home and abroad.", "Rubio"),
    ('McCaskill said Sanders has pushed the former secretary of state to be a "stronger" candidate.',
     "stronger", "McCaskill"),
    # Naming, not speaking: "a class called “…”" has no speaker in the class.
    ('Carson shared a syllabus for a class called “the science of seeing” on his Facebook page.',
     "the science of seeing", "Carson"),
    # A cue word after "of" and up to two words of a noun phrase is a noun.
    ('Hillary Clinton says Donald Trump’s flurry of late-night tweets was “unhinged, even for him.”',
     "unhinged, even for him.", "Hillary Clinton"),
    ('The secretary of states says it was “unhinged, even for him.”', "unhinged, even for him.",
     "The secretary of states"),
])
def test_words_that_look_like_cues_are_not(text, quote, speaker):
    found = [q for q in attribute(text) if q.text == quote]
    assert found and found[0].speaker == speaker, found


def test_a_signature_line_after_the_quote_paragraph_speaks():
    text = ('"Boeing and GE and other multinationals pay zero taxes."\n\n- Sanders.\n\n'
            'This is a complex issue.')
    quote = one(text)
    assert quote.speaker == "Sanders" and text[quote.speaker_start:quote.speaker_end] == "Sanders"


@pytest.mark.parametrize("dash", ["―", "—", "–"])
def test_a_name_after_a_dash_signs_the_quote(dash):
    text = f"“Donald Trump is not fit to be president.”  {dash} Martha Aguilar"
    assert (one(text).speaker, one(text).cue) == ("Martha Aguilar", dash)


@pytest.mark.parametrize("dash", ["―", "—", "–", "-"])
@pytest.mark.parametrize("gap", ["\n", "\n\n", " \n \u00a0", "\r\n"])
def test_a_signature_line_takes_any_dash_after_any_line_break(dash, gap):
    text = f'"Boeing and GE pay zero taxes."{gap}{dash}Sanders.\n\nThis is a complex issue.'
    assert one(text).speaker == "Sanders"
    if dash == "-":  # a hyphen signs only on a line of its own
        assert attribute(text.replace(gap, "  ", 1))[0].speaker is None


def test_a_participle_after_a_quote_is_not_its_cue():
    text = 'Miller hopes the bill can be “the best of both worlds,” giving states more power.'
    quote = one(text)
    assert quote.speaker != "giving" and quote.cue != "giving"


def test_a_one_word_quote_in_the_same_sentence_keeps_the_speaker():
    text = 'And, Kasich tells the crowd, he’s been known to be “brusk” and “tough” in his home state.'
    first, second = attribute(text)
    assert (first.text, second.text) == ("brusk", "tough")
    assert first.speaker == second.speaker == "Kasich"


@pytest.mark.parametrize("text, speaker", [
    # "remarks", "the report": nouns, not cues.
    ("Speaker Paul D. Ryan on Tuesday called Donald J. Trump's remarks about a judge ''racist,'' "
     "an extraordinary indictment.", "Speaker Paul D. Ryan"),
    # "told WEEI:": WEEI heard it; the subject said it.
    ("Schilling told WEEI: ''I replied to the post. I didn't post that.''", "Schilling"),
    # A name after a preposition is no subject ("to Fox News said").
    ("Another intelligence source speaking to Fox News said, “The agents are investigating.”",
     "Another intelligence source"),
])
def test_subjects_not_confused_with_objects(text, speaker):
    # A noun phrase may run on past its head ("… source speaking to Fox News").
    assert one(text).speaker.startswith(speaker)


def test_a_relative_pronoun_is_the_mention_and_resolves_to_its_name():
    text = ("Mr. Scott, who has called Mr. Trump's comments ''racially toxic,'' portrayed the "
            "nominee as a temporary affliction.")
    quote = one(text)
    assert (quote.speaker, quote.cue, quote.resolved) == ("who", "called", "Mr. Scott")
    assert text[quote.speaker_start:quote.speaker_end] == "who"


@pytest.mark.parametrize("text, cue, name", [
    # A clause set off by commas, or "in the past", between "who" and the cue.
    ('First there was Bret Stephens, who, after trading insults with Mr. Hannity, said on the show '
     'that “too much of the party became an echo chamber.”', "said", "Bret Stephens"),
    ('Beck, who has in the past described Trump as “a pathological narcissistic sociopath,” spoke.',
     "described", "Beck"),
])
def test_who_with_an_aside_before_its_cue_is_the_mention(text, cue, name):
    quote = one(text)
    assert (quote.speaker, quote.cue, quote.resolved) == ("who", cue, name)


def test_a_cue_word_after_a_determiner_after_the_quote_is_a_noun():
    # "the attacks" after the quote is no "…," NAME said.
    text = 'Ortiz warned that while “the data look good,” the attacks “may scare off investors.”'
    assert [(q.speaker, q.cue) for q in attribute(text)] == [("Ortiz", "warned"), ("Ortiz", None)]


@pytest.mark.parametrize("text, speaker, cue", [
    # After "a", "an", "another", "each" or "every" and up to two lowercase
    # words, a cue's base form is a noun: a verb there would read "calls".
    ('Sanders delivered a snappy retort: "No one is tearing this up."', "Sanders", None),
    ('In another tweet, Trump called him "a loser."', "Trump", "called"),
    ('Trump launched a pre-emptive attack on Obama, calling him "the most ignorant president."',
     "Trump", "calling"),
    ('Sanders sent out a new fundraising call: "Donate $3 to our campaign now."', "Sanders", None),
    # An auxiliary leaves the verb a verb, and so does a plural subject past an adverb.
    ('A spokesman would only say "no comment" to that.', "A spokesman", "say"),
    ('A source would deny "the story" on Monday.', "A source", "deny"),
    ('Voters quickly add "and the economy" to that.', "Voters", "add"),
    # After the quote, a participle's noun is its object, not an inverted speaker.
    ('Cruz got a rating, “A-plus,” rating from the National Rifle Association.', "Cruz", None),
    # An inflected form agrees with a singular noun: a verb.
    ('An aide called it "a disgrace."', "An aide", "called"),
])
def test_a_cue_base_form_after_a_singular_noun_is_a_noun(text, speaker, cue):
    quote = one(text)
    assert (quote.speaker.startswith(speaker), quote.cue) == (True, cue)


@pytest.mark.parametrize("text, speaker", [
    # "according to X" after the quote, in its sentence, names the source
    # before the sentence's subject does (that subject says nothing here).
    ("The visit became ''the high-water mark in their relationship,'' according to Mr. Rhodes.",
     "Mr. Rhodes"),
    ('The campaign pays "dozens" of canvassers $15 an hour, according to campaign manager Jeff Weaver.',
     "Jeff Weaver"),
    ('The plan was “a total failure” (according to the report).', "the report"),
    # A quote that ends its sentence hands nothing to a capitalised next sentence.
    ('Clinton’s response was: “Is he from Ohio or Wisconsin?” Brody is a store in Washington, '
     'according to the filing.', "Clinton’s response"),
])
def test_according_to_after_the_quote_names_its_source(text, speaker):
    assert one(text).speaker == speaker


def test_a_quote_after_a_relative_clause_sentence_goes_on_with_the_name():
    text = ('“We will appeal,” said Maria Ortiz, who said the ruling ignored the record. '
            '“The court never read our brief.”')
    first, second = attribute(text)
    assert first.speaker == second.speaker == "Maria Ortiz"
    assert (second.speaker_start, second.speaker_end) == (first.speaker_start, first.speaker_end)


def test_an_html_attribute_value_is_not_a_quote():
    text = 'Watch the latest video at <a href="http://video.foxnews.com">video.foxnews.com</a>.'
    assert attribute(text) == []


def test_a_participle_after_a_quote_in_between_speaks_with_the_sentence_subject():
    text = ("Starr said the case reminds him of the book \"The Tragedy of Lyndon Johnson,\" "
            "explaining, \"because what could have been and so there are certain tragic elements.\"")
    quotes = attribute(text)
    assert quotes[-1].speaker == "Starr" and text[quotes[-1].speaker_start:quotes[-1].speaker_end] == "Starr"
    assert quotes[-1].cue == "explaining"


# The words and marks subjects are made of, and the ones that end them.
_SUBJECT_PIECES = ["Rep. ", "Mrs. ", "Elijah ", "E. ", "Cummings", " (D-Md.)", " (R)", " (AB-C_d.)", "the ",
                   "a ", "An ", "The ", "Another ", "another ", "others ", "Kremlin ", "spokesperson ",
                   "Peskov", "Trump's ", "It’s ", "Here's ", "campaign", "he ", "She ", "It ", "I ", "Iran ",
                   "also ", "later ", "publicly ", "early-morning ", "went on to ", "on Monday ", "Monday",
                   "last week ", "on Fox  News ", "on Fox ", "in a statement ", "in a written statement ",
                   "at the rally ", "said ", "told ", "passed ", "to ", "of ", "and ", "who ", "them ",
                   ",", ", a spokesman,", ", who", ",'' ", ",’’ ", " — ", " —", "—", "– ", "; ", ": ", '"',
                   "“", "”", "! ", "? ", "’", "'", "Smith", " de la ", "van ", "Élodie ", "ß", "x²", "٣",
                   " Jr.", " Sr. ", "Jr", " Jr", ".",
                   "_", "9", "\n", " ", "  ", "\u00a0"]


def _subject_reference(pattern, text, lo, at):
    from textkit import quotes
    found = (pattern.match if pattern is quotes._SENTENCE_SUBJECT else pattern.search)(text, lo, at)
    return found and found.span("speaker" if "speaker" in pattern.groupindex else 0)


def _matcher_modes():
    """Each SubjectMatcher mode and the regex it stands for."""
    from textkit import quotes
    return (("adverbs", quotes._SUBJECT_NEAR_CUE), ("alone", quotes._SUBJECT_HEAD),
            ("appositive", quotes._SUBJECT_BEFORE_CUE), ("name", quotes._NAME_TAIL),
            ("sentence", quotes._SENTENCE_SUBJECT))


# Lead-ins of a sentence's subject, their limits, and letters IGNORECASE folds.
_SENTENCE_PIECES = _SUBJECT_PIECES + [
    "On ", "on ", "ON ", "Tuesday", ", ", ",” ", ",' ", ",’ ", "Ever ", "Even ", "Not  long ", "Not long", "before ",
    "since ", "during ", "A few ", "A ", "An ", "Two ", "12 ", "٣ ", "years ", "year ", "hours", "days ",
    "ago", "after ", "into ", "Immediately ", "Finally, ", "Fly ", "Reportedly ", "Reached ", "Asked ",
    "by ", "about ", "in ", "WASHINGTON", " D.C.", ", D.C. ", "NEW YORK ", "(AFP) ", "(AFP)", "- ", "— ",
    "But ", "Moreover, ", "Still,", "’re ", "'s ", "’d ", "’ll", "ſince ", "İn ", "ın ", "\u212aill", "x" * 60,
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=25), st.data())
def test_the_sentence_subject_matcher_finds_what_the_pattern_finds(pieces, data):
    from textkit import quotes
    text = "".join(pieces)
    lo = data.draw(st.integers(0, len(text)))
    at = data.draw(st.integers(lo, len(text)))
    assert quotes._SUBJECTS.before(text, lo, at, "sentence") == \
        _subject_reference(quotes._SENTENCE_SUBJECT, text, lo, at)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_SUBJECT_PIECES), max_size=30), st.data())
def test_the_subject_matcher_finds_what_the_subject_patterns_find(pieces, data):
    """_core.SubjectMatcher, which _subject_near uses, against the regexes it
    replaces: the same speaker, or none, in every mode."""
    from textkit import quotes
    text = "".join(pieces)
    cues = [i for i in range(len(text)) if text.startswith(("said", "told"), i)] or [len(text)]
    at = data.draw(st.sampled_from(cues))
    lo = data.draw(st.integers(0, at))
    for mode, pattern in _matcher_modes():
        found = quotes._subject_near(text, lo, at, mode)
        assert (found and (found.start("speaker"), found.end("speaker"))) == \
            _subject_reference(pattern, text, lo, at), mode


_AT_THE_LIMITS = [
    "Anna Bella Carla Dora Emma said", "Anna Bella Carla Dora Emma Fay said",  # five capitalised words at most
    "Rep. Joe Smith (ABC) said", "Rep. Joe Smith (ABCD) said", "Joe Smith (AB-Cd.) said", "Joe (A-) said",
    "Joe Smith Jr. said", "Joe Smith Jr. (D-Md.) said", "Joe Smith  Sr. said", "Joe Smith Jr said", "Joe Jr. Jr. said",
    *(f"So Peskov, {'x' * n}, said" for n in (1, 199, 200, 201)),  # an appositive of 1-200 characters
    *(f"So Peskov — {'y' * n} — said" for n in (199, 200, 201)),
    "So Peskov —  — said", "So Peskov,, said", "So Peskov, a spokesman,’’ later said",
    "the early-morning crowd said", "the early crowd said", "the crowd passed the said",
    "Dmitry Peskov\nsaid", "Dmitry Peskov\n\nsaid", "The Kremlin said", "xPeskov said",  # where a name ends
    # a lead-in's clause: its comma at most 120 characters on (80 after a participle); a dateline's five words
    *(f"On {'x' * n}, Peskov said" for n in (118, 119, 120)),
    *(f"Two years after {'x' * n},’ Peskov said" for n in (118, 119, 120)),
    *(f"Reached by {'x' * n}, Peskov said" for n in (78, 79, 80)),
    "NEW YORK CITY OF GOD — Peskov said", "NEW YORK CITY OF GOD NOW — Peskov said",
    "ONE, TWO, THREE, FOUR (AFP) - Peskov said", "Not \n long since then, Peskov said",
    "ın May, Peskov said", "İN May, Peskov said", "ſince May, Peskov said", "as\u212aed why, Peskov said",
    "Holy, Peskov said", "Fly, Peskov said", "Finally, Peskov said", "Two years after it, Peskov said",
    "٣ years ago, Peskov said", "12 hours later, Peskov said", "Moreover, Peskov said", "Moreover Peskov said",
]


@pytest.mark.parametrize("text", _AT_THE_LIMITS)
def test_the_subject_matcher_agrees_with_the_patterns_at_their_limits(text):
    from textkit import quotes
    for at in (text.rindex("said"), len(text)):  # up to the cue; or on, for a sentence's subject
        for mode, pattern in _matcher_modes():
            found = quotes._SUBJECTS.before(text, 0, at, mode)
            assert found == _subject_reference(pattern, text, 0, at), (mode, at)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.integers(-5, 90), st.integers(-5, 90))
def test_the_subject_matcher_takes_any_text_and_offsets(text, lo, at):
    from textkit import quotes
    for mode, pattern in _matcher_modes():
        found = quotes._SUBJECTS.before(text, lo, at, mode)
        assert found == _subject_reference(pattern, text, max(lo, 0), max(at, 0)), mode


def test_the_subject_matcher_checks_its_word_lists_and_mode():
    from textkit import _core, quotes
    lists = {name: () for name in _core.SUBJECT_LISTS}
    with pytest.raises(ValueError, match="not a non-empty ASCII word"):
        _core.SubjectMatcher({**lists, "pronouns": ("Él",)})
    _core.SubjectMatcher({**lists, "adverbs": tuple(f"w{i}" for i in range(128))})
    with pytest.raises(ValueError, match="at most 128"):
        _core.SubjectMatcher({**lists, "adverbs": tuple(f"w{i}" for i in range(129))})
    with pytest.raises(KeyError):
        _core.SubjectMatcher({"pronouns": ("he",)})
    with pytest.raises(ValueError, match="mode must be one of"):
        quotes._SUBJECTS.before("he said", 0, 3, "sideways")


_LETTERS = st.text(alphabet="abs ", min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.sets(_LETTERS, min_size=1, max_size=12), st.lists(_LETTERS, max_size=6))
def test_word_trie_matches_what_the_longest_first_alternation_matches(words, probes):
    import re

    from textkit import quotes
    trie = re.compile(quotes._word_trie(words))
    alternation = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    for text in [*words, *probes, "".join(probes)]:
        assert (trie.fullmatch(text) is not None) == (text in words)
        found, expected = trie.match(text), alternation.match(text)
        assert (found and found.group()) == (expected and expected.group())


def test_a_quote_record_is_immutable_and_named():
    quote = attribute('“We will not back down,” Peskov said.')[0]
    assert (quote.speaker, quote.cue) == ("Peskov", "said")
    with pytest.raises(AttributeError):
        quote.speaker = "somebody else"
    assert quote._replace(speaker="X").speaker == "X" and quote.speaker == "Peskov"


def test_one_capitalised_word_in_marks_with_no_cue_is_a_name_not_a_quote():
    text = "Kerry Washington, star of television’s “Scandal,” thanked Obama for the invitation."
    assert [q.text for q in attribute(text)] == []
    # with a cue it is somebody's word
    quotes = attribute("The plan is “Ridiculous,” Peskov said of it.")
    assert [(q.text, q.speaker) for q in quotes] == [("Ridiculous,", "Peskov")]


@pytest.mark.parametrize("text, kept", [
    # One word in marks, with no cue word in its sentence: a scare quote.
    ("He has been investigated by Congress for promoting “quack” medical cures.", []),
    ('He bought a restaurant in Roanoke, Va. - a "philanthropub" that closed in March.', []),
    # ... even right after somebody else's quote.
    ('"We will win," Cruz said. He won among "somewhat conservative" voters and 9 percent of the '
     '"moderate" vote.', ["We will win,", "somewhat conservative"]),
    # A verb or noun of saying in the sentence makes it somebody's word.
    ("Angela Merkel heralded the deal with Turkey as a “breakthrough.”", ["breakthrough."]),
    ("He implied a federal judge was “hostile” because he is Hispanic.", ["hostile"]),
    ("Mr. Pence used his speech to offer ''encouragement'' - a word he used several times.",
     ["encouragement"]),
    ("Trump's assertion that \"thousands\" celebrated was false.", ["thousands"]),
    ("The plan, he said, was “unworkable” from the start.", ["unworkable"]),
    ("Sanders renewed his call for a “revolution” on Monday.", ["revolution"]),
    # Two words are kept either way.
    ("She promoted “magic pills” on television.", ["magic pills"]),
])
def test_one_word_in_marks_needs_a_word_of_saying_in_its_sentence(text, kept):
    assert [q.text for q in attribute(text)] == kept


def test_a_participle_after_an_inverted_cue_takes_the_name_after_that_cue():
    text = ('“It’s not new,” said Rep. Bobby Scott (D-Va.) at the time, adding that “we’ve been electing '
            'them for a long time.”')
    second = attribute(text)[1]
    assert (second.speaker, second.cue) == ("Rep. Bobby Scott (D-Va.)", "said")
    assert text[second.speaker_start:second.speaker_end] == second.speaker


def test_what_he_called_after_an_earlier_quote_in_the_sentence_cites_its_subject():
    text = ("Trump took to Twitter to accuse the campaign of being “duped” and to urge Americans to check out "
            "what he called Machado’s “sex tape.”")
    last = attribute(text)[-1]
    assert (last.text, last.speaker, last.cue) == ("sex tape.", "Trump", "called")


def test_a_noun_after_a_preposition_of_place_is_no_subject():
    quote = one('Protesters marching through the streets chanted "What curfew?" and kept going.')
    assert quote.speaker == "Protesters"


def _source_module():
    """quotes.py loaded from its source as plain Python, beside the module
    ``import`` found (compiled by setup.py unless built with TEXTKIT_PURE_PYTHON=1)."""
    import importlib.util
    import sys

    from textkit import quotes
    path = Path(quotes.__file__).with_name("quotes.py")
    spec = importlib.util.spec_from_file_location("textkit._quotes_source", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # NamedTuple classes look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def quotes_source():
    return _source_module()


def test_quotes_module_is_compiled_unless_built_pure():
    import os

    from textkit import quotes
    if os.environ.get("TEXTKIT_PURE_PYTHON", "") not in ("", "0"):
        pytest.skip("built with TEXTKIT_PURE_PYTHON=1")
    assert not quotes.__file__.endswith(".py"), quotes.__file__


def test_compiled_quotes_attribute_the_seeds_as_the_source_does(quotes_source):
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert [tuple(q) for q in attribute(text)] == [tuple(q) for q in quotes_source.attribute(text)], path.name


_QUOTE_PIECES = _SUBJECT_PIECES + ['“We will win,” ', '"It is over." ', "“…", "”", " said ", " said.", ", said ",
                                   " told reporters: ", "According to ", " he added. ", ". ", "\n\n", "''",
                                   " ― ", "\n— ", "(AP) — ", "Asked why, ", " saying ", " with the campaign ",
                                   ", who has called ", "Said Ellis: ", " as Foner put it: "] + \
    [text + " " for text, _, _ in _CUE_CASES]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_QUOTE_PIECES), max_size=40))
def test_compiled_quotes_attribute_any_text_as_the_source_does(quotes_source, pieces):
    text = "".join(pieces)
    assert [tuple(q) for q in attribute(text)] == [tuple(q) for q in quotes_source.attribute(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ R\u00a0\t\n,.É"), max_size=12))
def test_is_one_name_is_one_capitalised_word(quotes_source, inner):
    words = inner.split()
    assert quotes_source._is_one_name(inner) == (len(words) == 1 and words[0][:1].isupper())


def test_has_letters_is_the_regex_letter_class_on_every_code_point():
    import re

    from textkit import quotes
    letter = re.compile(r"[^\W\d_]")
    differ = [hex(code) for code in range(0x110000)
              if quotes._has_letters(chr(code)) != (letter.match(chr(code)) is not None)]
    assert differ == []
    assert quotes._has_letters("2_٣ x") and not quotes._has_letters("2_٣ -")
    assert quotes._has_letters("²")  # a digit to str.isdigit, not a decimal: re's \w without \d


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["'", "''", " ", ",", "—", "–", "-", "―", "\n", "\u00a0", "x", "said", "’"]),
                max_size=12).map("".join), st.integers(0, 14), st.integers(0, 14))
def test_lead_end_ends_where_the_after_close_pattern_does(text, at, end):
    import re

    from textkit import quotes
    at, end = min(at, len(text)), min(end, len(text))
    expected = re.compile(quotes._AFTER_CLOSE).match(text, at, end).end() if at <= end else at
    assert quotes._lead_end(text, at, end) == expected
