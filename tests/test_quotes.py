"""Direct quotations and their speakers (pipeline.core.quotes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.quotes import find_quotes, scan_quote_spans
from pipeline.core.records import FULL, PARTIAL, DocEntities, Entity, Mention, Quote

SEED = Path(__file__).resolve().parent.parent / "data" / "pages" / "000_6bc9709fabf6f591.txt"


# ----------------------------------------------------------------------------- helpers


def people(paragraphs: list[str], *names: str) -> DocEntities:
    """PERSON entities for `names`, with a mention for every full name and lone surname."""
    entities = tuple(Entity(n, "PERSON", "person:" + n.lower().replace(" ", "-")) for n in names)
    mentions = []
    for k, text in enumerate(paragraphs):
        for i, name in enumerate(names):
            pattern = rf"\b(?:{re.escape(name)}|{re.escape(name.split()[-1])})\b"
            for m in re.finditer(pattern, text):
                mentions.append(Mention(i, k, m.start(), m.end(), m.group(), "PERSON"))
    mentions.sort(key=lambda m: (m.paragraph, m.start))
    return DocEntities(entities, tuple(mentions))


def quotes_of(paragraphs: list[str], *names: str) -> list[Quote]:
    found = find_quotes(paragraphs, people(paragraphs, *names))
    for q in found:  # every quote slices back out of its paragraph
        assert paragraphs[q.paragraph][q.start : q.end] == q.text
    return found


def texts(found: list[Quote], kind: str | None = None) -> list[str]:
    return [q.text for q in found if kind is None or q.kind == kind]


# ----------------------------------------------------------------------------- marks


def test_curly_quote_with_inverted_attribution():
    paras = ["“We are a data company,” said Ma at the forum in Davos."]
    (q,) = quotes_of(paras, "Jack Ma")
    assert (q.text, q.kind, q.speaker, q.speaker_name, q.cue) == (
        "We are a data company,", FULL, "Ma", "Jack Ma", "said")
    assert (q.start, q.end) == (1, 23)


def test_opened_with_one_kind_closed_with_another():
    paras = [
        "“The profit they’ve made is much more than the four largest banks in China,\" said Ma.",
        "He added: \"You can ‘t finish it, but you have to continue to fight. Our data can track them.”",
    ]
    first, second = quotes_of(paras, "Jack Ma")
    assert first.text.endswith("in China,") and first.speaker == "Ma"
    assert second.text.startswith("You can ‘t finish it") and second.text.endswith("track them.")
    assert (second.speaker, second.speaker_name, second.cue) == ("He", "Jack Ma", "added")


def test_apostrophes_are_not_quote_marks():
    text = "Alibaba’s founder said they’re ‘not being like Amazon’ and the players’ union can ‘t agree."
    spans = scan_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["not being like Amazon"]


def test_nyt_double_apostrophes_and_nested_single_quote():
    paras = ["''We told them, 'Don't worry about it,' and they listened,'' Mr. Kamin said. ''It worked.''"]
    found = quotes_of(paras, "Robert Kamin")
    assert texts(found) == ["We told them, 'Don't worry about it,' and they listened,", "It worked."]
    assert all(q.speaker_name == "Robert Kamin" and q.kind == FULL for q in found)


def test_nested_curly_inside_straight_quote_is_one_quote():
    paras = ["\"I will read you the question: “Do you think it matters?” Most said yes,\" Caddell said."]
    (q,) = quotes_of(paras, "Pat Caddell")
    assert q.text.startswith("I will read") and q.text.endswith("Most said yes,")
    assert q.speaker_name == "Pat Caddell"


def test_guillemets_and_german_low_high_marks():
    (fr,) = find_quotes(["«Nous allons gagner cette bataille», a déclaré le ministre."])
    assert (fr.text, fr.kind, fr.speaker) == ("Nous allons gagner cette bataille", FULL, "le ministre")
    (de,) = find_quotes(["„Wir schaffen das“, sagte Merkel am Montag in Berlin."])
    assert (de.text, de.kind, de.speaker, de.cue) == ("Wir schaffen das", FULL, "Merkel", "sagte")


def test_british_single_quotes():
    (q,) = find_quotes(["‘We expect a strong year,’ she said, as the company’s shares rose."])
    assert (q.text, q.kind, q.speaker) == ("We expect a strong year,", FULL, "she")


def test_odd_number_of_marks_keeps_the_other_quotes():
    paras = ["Warren said the bank \"failed its customers. She added: “This is not the end,” and left."]
    found = quotes_of(paras, "Elizabeth Warren")
    assert "This is not the end," in texts(found, FULL)
    (q,) = [q for q in found if q.text == "This is not the end,"]
    assert q.speaker_name == "Elizabeth Warren"


# ----------------------------------------------------------------------------- attribution


def test_speaker_before_after_and_between_split_quote():
    paras = [
        "Clinton said: “We need a plan that works for everyone.”",
        "“It is not enough,” she added, “to simply promise change.”",
        "“Nobody has done more,” Clinton told reporters in Ohio.",
    ]
    found = quotes_of(paras, "Hillary Clinton")
    assert [(q.speaker, q.cue) for q in found] == [
        ("Clinton", "said"), ("she", "added"), ("she", "added"), ("Clinton", "told")]
    assert [q.kind for q in found] == [FULL] * 4
    assert {q.speaker_name for q in found} == {"Hillary Clinton"}


@pytest.mark.parametrize("cue", ["declared", "explained", "revealed", "warned", "joked", "concluded"])
def test_cue_verbs_beyond_said(cue):
    paras = [f"“The market will recover within a year,” {cue} the entrepreneur, smiling."]
    (q,) = quotes_of(paras, "Jack Ma")
    assert (q.cue, q.speaker, q.kind) == (cue, "the entrepreneur", FULL)


def test_according_to():
    paras = ["The talks failed, according to Smith, who said: “Nobody wanted to give an inch.”",
             "“There will be no deal this year,” according to Jones."]
    first, second = quotes_of(paras, "Adam Smith", "Mary Jones")
    assert first.speaker_name == "Adam Smith"
    assert (second.cue, second.speaker, second.speaker_name) == ("according to", "Jones", "Mary Jones")


def test_appositive_and_title_before_the_verb():
    paras = ["“Subpoenas are not optional,” panel Chairman Rep. Jason Chaffetz (R-Utah) said on Tuesday.",
             "“That is a fair question,” Douglas Holtz-Eakin, an economist, said."]
    first, second = quotes_of(paras, "Jason Chaffetz", "Douglas Holtz-Eakin")
    assert "Jason Chaffetz" in first.speaker and first.speaker_name == "Jason Chaffetz"
    assert second.speaker == "Douglas Holtz-Eakin" and second.speaker_name == "Douglas Holtz-Eakin"


def test_implied_speaker_from_previous_quote_and_paragraph():
    paras = [
        "“We will cut taxes for the middle class,” Obama said. “And we will do it this year.”",
        "“Nobody should doubt that we can get it done.”",
    ]
    found = quotes_of(paras, "Barack Obama")
    assert len(found) == 3
    assert {q.speaker_name for q in found} == {"Barack Obama"}
    assert found[1].cue is None  # implied: no verb of its own


def test_implied_speaker_from_previous_sentence():
    paras = ["Obama spoke with Putin for ninety minutes. He did not threaten Moscow. "
             "“Our goal is not to start a new cycle of escalation in the cyber arena.”"]
    (q,) = quotes_of(paras, "Barack Obama", "Vladimir Putin")
    assert q.kind == FULL and q.speaker_name == "Barack Obama" and q.cue is None


def test_narration_between_quotes_changes_the_implied_speaker():
    paras = ["“We will win this state,” Clinton said. Trump shook his head. “Nobody believes that anymore.”"]
    first, second = quotes_of(paras, "Hillary Clinton", "Donald Trump")
    assert (first.speaker_name, second.speaker_name) == ("Hillary Clinton", "Donald Trump")


def test_closing_glyph_used_as_opener():
    paras = ["”Mr. Trump embodies the lasting legacy of racism in the United States.” ― Sonya Herridge"]
    (q,) = find_quotes(paras)
    assert q.text.startswith("Mr. Trump embodies") and q.text.endswith("United States.")
    assert q.kind == FULL and q.speaker == "Sonya Herridge"


def test_colon_paragraph_introduces_the_next():
    paras = ["On Monday, Sanders made the following comment:",
             "“For young people who have dropped out of high school, the unemployment rate is 51 percent.”"]
    (q,) = quotes_of(paras, "Bernie Sanders")
    assert q.speaker_name == "Bernie Sanders"


def test_quote_over_several_paragraphs_continues_with_speaker():
    paras = [
        "Limbaugh continued: “The left is saying this time is different. They say the rules do not apply.",
        "“And the media is going along with every word of it.”",
        "The host then moved on to other topics.",
    ]
    first, second = quotes_of(paras, "Rush Limbaugh")
    assert first.text.endswith("rules do not apply.") and not first.continues
    assert second.continues and second.speaker == first.speaker == "Limbaugh"
    assert second.speaker_name == "Rush Limbaugh"


def test_run_of_paragraphs_attributed_at_its_end_gets_the_speaker():
    paras = ["“The first thing to know is that the system works.",
             "“The second is that it can be improved,” Graham said."]
    first, second = quotes_of(paras, "Lindsey Graham")
    assert second.continues
    assert first.speaker_name == second.speaker_name == "Lindsey Graham"


def test_transcript_labels_name_the_speaker():
    (q,) = find_quotes(["\"PENCE: Well, look, the question really should be why was it allowed.\""])
    assert q.speaker == "PENCE" and q.kind == FULL


# ----------------------------------------------------------------------------- resolution


def test_pronouns_resolve_to_compatible_recent_person():
    paras = [
        "Hillary Clinton spoke first. “I am ready for this job,” she said.",
        "Donald Trump answered. “We will win and win big,” he said.",
        "“It is over for him,” she said.",
    ]
    found = quotes_of(paras, "Hillary Clinton", "Donald Trump")
    assert [q.speaker_name for q in found] == ["Hillary Clinton", "Donald Trump", "Hillary Clinton"]
    assert [q.speaker_entity for q in found] == [0, 1, 0]


def test_description_resolves_to_salient_speaker():
    paras = [
        "Jack Ma spoke in Davos on Tuesday about the future of his company.",
        "“We are a data company,” declared the entrepreneur.",
    ]
    (q,) = quotes_of(paras, "Jack Ma")
    assert (q.speaker, q.speaker_name, q.speaker_entity) == ("the entrepreneur", "Jack Ma", 0)


def test_description_resolves_to_the_person_with_that_title():
    paras = [
        "President Barack Obama met Josh Earnest before the briefing.",
        "“We are looking at every option,” Earnest said. “Nothing is off the table,” the president said.",
    ]
    first, second = quotes_of(paras, "Barack Obama", "Josh Earnest")
    assert first.speaker_name == "Josh Earnest"
    assert (second.speaker, second.speaker_name) == ("the president", "Barack Obama")


def test_unresolvable_speaker_is_none():
    paras = ["“The polls will tighten before November,” a spokesman said."]
    (q,) = quotes_of(paras, "Donald Trump")
    assert q.speaker == "a spokesman" and q.speaker_name is None and q.speaker_entity is None
    (alone,) = find_quotes(["“We have nothing more to say about this matter,” he said."])
    assert alone.speaker == "he" and alone.speaker_entity is None


def test_person_inside_a_title_with_an_organisation():
    text = "“We have been clear about this from the start,” White House Press Secretary Josh Earnest said."
    entities = DocEntities(
        (Entity("White House", "ORG", "org:white-house"), Entity("Josh Earnest", "PERSON", "person:josh-earnest")),
        (Mention(0, 0, 48, 59, "White House", "ORG"), Mention(1, 0, 76, 88, "Josh Earnest", "PERSON")),
    )
    assert text[48:59] == "White House" and text[76:88] == "Josh Earnest"
    (q,) = find_quotes([text], entities)
    assert q.speaker == "White House Press Secretary Josh Earnest"
    assert (q.speaker_name, q.speaker_entity) == ("Josh Earnest", 1)


def test_organisation_speaker_is_kept_as_written():
    paras = ["Jack Ma spoke to investors on Tuesday.",
             "“Sales rose sharply in the third quarter,” the company said in a statement.",
             "“We expect more growth next year,” the officials said."]
    first, second = quotes_of(paras, "Jack Ma")
    assert first.speaker == "the company" and first.speaker_entity is None
    assert second.speaker == "the officials" and second.speaker_entity is None


# ----------------------------------------------------------------------------- kinds


def test_partial_quotes_inside_reported_speech():
    paras = ["Ma said it was a “powerful” example, and called the fake goods “a war against human greed”."]
    found = quotes_of(paras, "Jack Ma")
    assert [(q.text, q.kind) for q in found] == [
        ("powerful", PARTIAL), ("a war against human greed", PARTIAL)]
    assert {q.speaker_name for q in found} == {"Jack Ma"}


def test_scare_quotes_titles_and_nicknames_are_not_quotes():
    paras = [
        "The so-called “experts” were wrong again this year.",
        "Johnson appeared on “Morning Joe” on Friday.",
        "The report, titled “How to Foster Long-Term Innovation Investment”, came out in May.",
    ]
    assert find_quotes(paras) == []


def test_mid_sentence_clause_attributed_after_is_partial():
    paras = ["The country “has made dramatic changes for the better,” McConnell said in June."]
    (q,) = quotes_of(paras, "Mitch McConnell")
    assert q.kind == PARTIAL and q.speaker_name == "Mitch McConnell"


# ----------------------------------------------------------------------------- seed page


def seed_body() -> list[str]:
    if not SEED.exists():
        pytest.skip(f"seed page {SEED} not in this checkout")
    blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", SEED.read_text(encoding="utf-8")) if b.strip()]
    first = next(i for i, b in enumerate(blocks) if b.startswith("Alibaba’s data rather than"))
    last = blocks.index("Technology Alibaba Jack Ma", first)
    return blocks[first:last]


def test_seed_page_quotes_spans_kinds_and_speakers():
    body = seed_body()
    found = quotes_of(body, "Jack Ma", "Donald Trump")
    got = [(q.text[:30], q.kind) for q in found]
    assert got == [
        ("We are a data company,", FULL),
        ("Eight years ago we said Alibab", FULL),
        ("bank the unbanked", PARTIAL),
        ("powerful", PARTIAL),
        ("We’ve given five million busin", FULL),
        ("In three minutes we can decide", FULL),
        ("3,1,0", PARTIAL),
        ("if you sell or buy products th", FULL),
        ("war against human greed", PARTIAL),
        ("You can ‘t finish it, but you ", FULL),
        ("Five years ago we had a big de", FULL),
        ("We believe the movie industry ", FULL),
        ("always dies", PARTIAL),
        ("heroes never die", PARTIAL),
        ("if all the heroes died then no", FULL),
        ("I want to make our company som", FULL),
        ("we agreed on small business an", FULL),
        ("inclusive", PARTIAL),
        ("America’s international compan", FULL),
        ("These are companies that have ", FULL),
    ]
    assert all(q.speaker_name == "Jack Ma" and q.speaker_entity == 0 for q in found)
    by_text = {q.text[:12]: q for q in found}
    assert (by_text["We are a dat"].speaker, by_text["We are a dat"].cue) == ("the entrepreneur", "declared")
    assert by_text["You can ‘t f"].text.endswith("our data can track them.")
    assert (by_text["America’s in"].speaker, by_text["America’s in"].cue) == ("Ma", "said")
    assert by_text["America’s in"].text.endswith("four largest banks in China,")
    assert not any(q.continues for q in found)


# ----------------------------------------------------------------------------- properties

MARKS = list("\"'“”‘’«»„") + ["''", " ", ".", ",", ":", "\n"]
fragment = st.one_of(
    st.sampled_from(MARKS),
    st.sampled_from(["he said", "said Ma", "Ma", "she added", "the entrepreneur declared", "We", "can ‘t",
                     "Alibaba’s", "according to Smith", "called it"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)
paragraph = st.lists(fragment, max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph, min_size=0, max_size=4))
def test_any_text_never_raises_and_offsets_slice_back(paragraphs):
    found = find_quotes(paragraphs, people(paragraphs, "Jack Ma"))
    last = (-1, -1)
    for q in found:
        assert 0 <= q.paragraph < len(paragraphs)
        assert 0 <= q.start < q.end <= len(paragraphs[q.paragraph])
        assert paragraphs[q.paragraph][q.start : q.end] == q.text
        assert q.kind in (FULL, PARTIAL)
        assert (q.paragraph, q.start) > last  # reading order, no overlaps
        last = (q.paragraph, q.end - 1)
        assert q.speaker_entity is None or q.speaker_name == "Jack Ma"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph, min_size=1, max_size=3), st.data())
def test_odd_entities_never_raise(paragraphs, data):
    """Mentions may point anywhere (other labels, stale offsets): resolution must cope."""
    names = data.draw(st.lists(st.sampled_from(["Jack Ma", "", "Ma", "Alibaba", "He"]), min_size=1, max_size=3))
    labels = data.draw(st.lists(st.sampled_from(["PERSON", "ORG"]), min_size=len(names), max_size=len(names)))
    entities = tuple(Entity(n, lab, "k") for n, lab in zip(names, labels))
    mention = st.builds(
        lambda e, p, a, n: Mention(e, p, a, a + n, "x", "PERSON"),
        st.integers(0, len(entities) - 1), st.integers(0, len(paragraphs)), st.integers(0, 60), st.integers(0, 8),
    )
    mentions = tuple(data.draw(st.lists(mention, max_size=6)))
    for q in find_quotes(paragraphs, DocEntities(entities, mentions)):
        assert paragraphs[q.paragraph][q.start : q.end] == q.text
        assert q.speaker_entity is None or entities[q.speaker_entity].label == "PERSON"


@settings(max_examples=200, deadline=None)
@given(paragraph)
def test_spans_are_ordered_and_disjoint(text):
    spans = scan_quote_spans(text)
    for a, b in zip(spans, spans[1:]):
        assert a.after <= b.open_at
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text)


def test_is_deterministic():
    paras = ["“We will win,” he said. “And we will win big.”", "“Believe me,” Trump added."]
    ents = people(paras, "Donald Trump")
    assert find_quotes(paras, ents) == find_quotes(list(paras), ents)
