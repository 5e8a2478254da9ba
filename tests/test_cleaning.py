"""The cleaning stage: text dumps and HTML pages in, article body and metadata out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.cleaning import clean_html_page, clean_text_page, guess_language, is_teaser, split_blocks
from pipeline.core.records import BODY, CAPTION

SEED = Path(__file__).resolve().parent.parent / "data" / "pages" / "000_6bc9709fabf6f591.txt"

LEDE = (
    "The city council voted on Tuesday to expand the tram network into the northern districts, "
    "ending a debate that had dragged on for more than a decade."
)
SECOND = (
    "Supporters said the new line would cut commuting times in half, while opponents warned that "
    "the budget had been drawn up without a proper study of the costs."
)
THIRD = (
    "Construction is expected to begin next spring and to last about four years, the mayor said, "
    "adding that local shops would be compensated for the disruption."
)
ARTICLE = "\n\n".join(
    [
        "Home", "News", "Sport", "Culture", "Weather", "Sign in",
        "Council approves tram extension after decade of debate",
        "By Maria Keller, City reporter",
        "March 3, 2021 | 4 min read",
        LEDE,
        "The new tram stop planned at the main station.",
        "The new tram stop planned at the main station.",
        SECOND,
        "What happens next",
        THIRD,
        "Share", "More from News", "Trending", "Privacy policy", "Contact us",
    ]
)


def offsets_hold(text: str, page) -> bool:
    return all(text[p.source_start : p.source_end] == p.text for p in page.paragraphs)


def test_seed_page():
    text = SEED.read_text(encoding="utf-8")
    page = clean_text_page(text)
    assert page.title == "Hollywood, data and ‘not being like Amazon': Alibaba’s Jack Ma on his vision for the future"
    assert page.byline == "By Seb Joseph, News editor"
    assert page.authors == ("Seb Joseph",)
    assert page.published == dt.date(2017, 1, 18)
    assert page.read_time_minutes == 6
    assert page.section == "Technology"
    assert page.tags == ("Alibaba", "Jack Ma")
    assert page.language == "en"
    body = [p for p in page.paragraphs if p.kind == BODY]
    captions = [p for p in page.paragraphs if p.kind == CAPTION]
    assert len(body) == 15
    assert body[0].text.startswith("Alibaba’s data rather than its sprawling e-commerce business")
    assert body[-1].text.startswith("“These are companies that have seen their market cap grow")
    assert [c.text for c in captions] == ["Jack Ma, Alibaba's chief executive, was speaking at The World Economic Forum"]
    texts = {p.text for p in page.paragraphs}
    for junk in ("-d -h -min -sec", "Technology Alibaba Jack Ma", "Author", "More from Technology", "View all",
                 "Trending", "Industry insights", "The Drum Awards for Marketing - Extended Deadline"):
        assert junk not in texts
    assert not any("Add your own content" in t for t in texts)
    assert offsets_hold(text, page)


def test_small_article_body_metadata_and_caption():
    page = clean_text_page(ARTICLE)
    assert page.title == "Council approves tram extension after decade of debate"
    assert page.authors == ("Maria Keller",)
    assert page.published == dt.date(2021, 3, 3)
    assert page.read_time_minutes == 4
    assert [p.text for p in page.paragraphs if p.kind == BODY] == [LEDE, SECOND, "What happens next", THIRD]
    assert [p.text for p in page.paragraphs if p.kind == CAPTION] == ["The new tram stop planned at the main station."]
    assert offsets_hold(ARTICLE, page)


def test_windows_newlines_and_trailing_spaces_keep_exact_offsets():
    text = ARTICLE.replace("\n", "  \r\n")
    page = clean_text_page(text)
    assert [p.text for p in page.paragraphs if p.kind == BODY][0] == LEDE
    assert offsets_hold(text, page)


def test_german_page_widgets_and_byline():
    body = [
        "Die Stadt hat am Dienstag beschlossen, das Straßenbahnnetz in die nördlichen Stadtteile zu verlängern. "
        "Damit endet eine Debatte, die mehr als zehn Jahre gedauert hat.",
        "Befürworter sagen, die neue Linie halbiere die Pendelzeiten, während Gegner warnen, dass die Kosten "
        "nie ordentlich geprüft worden seien und der Haushalt deshalb wackle.",
    ]
    text = "\n\n".join(
        ["Startseite", "Politik", "Wirtschaft", "Stadtrat beschließt neue Straßenbahnlinie", "Von Anna Schmidt",
         "18.01.2017, 14:05 Uhr", body[0], "Lesen Sie auch", "Mehr zum Thema", body[1], "Artikel teilen",
         "Kommentare", "Impressum"]
    )
    page = clean_text_page(text)
    assert page.title == "Stadtrat beschließt neue Straßenbahnlinie"
    assert page.authors == ("Anna Schmidt",)
    assert page.published == dt.date(2017, 1, 18)
    assert [p.text for p in page.paragraphs] == body
    assert page.language == "de"


def test_comment_section_after_article_is_dropped():
    comment = (
        "I completely disagree with this decision, the trams are always late and the money should have "
        "gone to the buses instead, which everybody in my street actually uses every single day."
    )
    text = ARTICLE.split("\n\nShare")[0] + "\n\n3 Comments\n\nLeave a Reply\n\n" + "\n\n".join([comment] * 1)
    page = clean_text_page(text)
    assert comment not in {p.text for p in page.paragraphs}


def test_list_announced_by_a_colon_stays_in_the_body():
    intro = "The band will play the following dates next summer, the promoter said on Monday:"
    items = ["June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL", "June 10 -- Arena Park, Tampa, FL",
             "June 14 -- Lakewood Amphitheatre, Atlanta, GA"]
    text = "\n\n".join(["Home", "Music", "Band announces summer tour", "By Jo Park", "May 2, 2019",
                        LEDE, intro, *items, SECOND, "Related stories", "Other band tours Europe"])
    page = clean_text_page(text)
    assert [p.text for p in page.paragraphs] == [LEDE, intro, *items, SECOND]


def test_caption_above_a_credit_line_and_furniture_at_the_end():
    caption = "The mayor at the opening of the first tram line in 1998."
    signup = "Sign up for our newsletter to get the best stories in your inbox every morning, free of charge."
    text = "\n\n".join(["Council approves tram extension after decade of debate", "By Maria Keller",
                        LEDE, caption, "(Photo credit: City Archive)", SECOND, THIRD, signup])
    page = clean_text_page(text)
    assert [p.text for p in page.paragraphs if p.kind == BODY] == [LEDE, SECOND, THIRD]
    assert [p.text for p in page.paragraphs if p.kind == CAPTION] == [caption, "(Photo credit: City Archive)"]


def test_teasers_link_lists_and_signup_boxes_inside_the_article_are_dropped():
    teasers = [
        "Harvick Fails To Rally Overmatched Ford In NASCAR FinaleFord v Toyota flopped for the blue oval at the track.",
        "Is Violence In Sports On The Rise?Violence is part of the game in many sports, but one player crossed a line.",
    ]
    signup = "Get breaking news alerts and special reports delivered to your inbox every weekday morning."
    # A long article: the run of prose after the "More:" links outweighs them.
    rest = [SECOND + " " + THIRD, THIRD + " " + LEDE, LEDE + " " + SECOND]
    text = "\n\n".join([*teasers, "Council approves tram extension after decade of debate", "By Maria Keller",
                        LEDE, signup, SECOND, "More:", "Tram fares to rise next year", "Bus drivers strike again",
                        *rest])
    page = clean_text_page(text)
    assert [p.text for p in page.paragraphs] == [LEDE, SECOND, *rest]


@pytest.mark.parametrize(
    ("text", "teaser"),
    [
        ("Tape Gaffe Ends Hamlin's Title RunDenny Hamlin's championship run was foiled by the tape.", True),
        ("Apple's new MacBook Pro arrives with a scissor keyboard, the company said on Monday.", False),
        ("The McDonald's chain said its YouTube channel and PowerPoint decks would be updated.", False),
    ],
)
def test_is_teaser(text, teaser):
    assert is_teaser(split_blocks(text)[0]) is teaser


def test_no_section_or_tags_without_a_repeated_tag_row():
    page = clean_text_page(ARTICLE)
    assert page.section is None and page.tags == ()


@pytest.mark.parametrize("text", ["", "   \n\n  \r\n", "Home\n\nNews\n\nSport", "-d -h -min -sec"])
def test_pages_without_article(text):
    page = clean_text_page(text)
    assert [p for p in page.paragraphs if p.kind == BODY] == []


def test_split_blocks_offsets():
    text = "  First block \r\n\r\nSecond\nblock  \n\n\n\nThird"
    blocks = split_blocks(text)
    assert [b.text for b in blocks] == ["First block", "Second\nblock", "Third"]
    assert all(text[b.start : b.end] == b.text for b in blocks)


def test_guess_language():
    assert guess_language(LEDE + " " + SECOND) == "en"
    assert guess_language("short") is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(["\n\n", "\r\n\r\n", "\n", "  ", "By Jane Doe", "January 18, 2017", "Share", LEDE]),
        ),
        max_size=30,
    ).map("".join)
)
def test_clean_text_page_never_raises_and_offsets_are_exact(text):
    page = clean_text_page(text)
    for p in page.paragraphs:
        assert p.kind in (BODY, CAPTION)
        assert p.text and text[p.source_start : p.source_end] == p.text


HTML = f"""<!doctype html><html lang="en"><head>
<title>Council approves tram extension | City Paper</title>
<meta property="og:title" content="Council approves tram extension after decade of debate">
<meta name="author" content="Maria Keller">
<meta property="article:published_time" content="2021-03-03T09:00:00Z">
<link rel="canonical" href="https://example.com/news/tram">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Council approves tram extension after decade of debate</h1>
<p class="byline">By Maria Keller</p>
<p>{LEDE}</p><p>{SECOND}</p><h2>What happens next</h2><p>{THIRD}</p>
</article>
<footer><p>Privacy policy</p><p>Contact us</p></footer>
</body></html>"""


def test_clean_html_page_maps_trafilatura_result():
    page = clean_html_page(HTML, url="https://example.com/news/tram")
    texts = [p.text for p in page.paragraphs]
    assert LEDE in texts and SECOND in texts and THIRD in texts
    assert "Privacy policy" not in texts
    assert all(p.source_start is None and p.source_end is None for p in page.paragraphs)
    assert page.title == "Council approves tram extension after decade of debate"
    assert page.authors == ("Maria Keller",)
    assert page.published == dt.date(2021, 3, 3)
    assert page.url == "https://example.com/news/tram"


def test_clean_html_page_on_empty_document():
    page = clean_html_page("<html><body></body></html>")
    assert page.paragraphs == ()
