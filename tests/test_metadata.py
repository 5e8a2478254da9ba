"""Metadata lines: bylines -> authors, printed dates, read times."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.metadata import (
    dateline_date,
    drop_leading_roles,
    find_dates,
    has_byline_prefix,
    is_date_line,
    looks_like_byline,
    looks_like_name,
    month_year_date,
    parse_authors,
    parse_date,
    parse_iso_date,
    parse_read_time,
    person_line_authors,
    strip_byline_prefix,
)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Seb Joseph, News editor", ("Seb Joseph",)),
        ("By Jane Doe and John Smith", ("Jane Doe", "John Smith")),
        ("By Jane Doe, John Smith & Ann Lee", ("Jane Doe", "John Smith", "Ann Lee")),
        ("BY MARIA GARCIA", ("MARIA GARCIA",)),
        ("Von Anna Schmidt und Max Müller", ("Anna Schmidt", "Max Müller")),
        ("Von Marta Lindgren", ("Marta Lindgren",)),
        ("Written by Tom O'Neil", ("Tom O'Neil",)),
        ("By Ludwig van der Berg, Senior Correspondent", ("Ludwig van der Berg",)),
        ("By Grace Kim | grace.kim@example.com", ("Grace Kim",)),
        ("By Ann CorbettStaff Writer", ("Ann Corbett",)),
        ("ByAlex Moreno", ("Alex Moreno",)),
        ("Von T. K. am 05.06.2014 um 10:21 Uhr", ("T. K.",)),
        ("Par Jeanne Dubois", ("Jeanne Dubois",)),
        ("Author: Karl Weber, Datum: 03.03.19", ("Karl Weber",)),
        ("By Reuters staff", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_parse_authors(byline, authors):
    assert parse_authors(byline) == authors


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Seb Joseph, News editor", True),
        ("Von Anna Schmidt", True),
        ("By continuing to use this site you agree to our terms", False),
        ("Bylines are hard", False),
        ("Portraits", False),  # "Por" glued to a word is no byline word
        ("Bye Bye Berlin, hello Hamburg!", False),  # nor "By" glued to a lower-case letter
        ("The minister said on Tuesday that the plan works.", False),
    ],
)
def test_looks_like_byline(line, expected):
    assert looks_like_byline(line) is expected


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Greta Lindqvist 21.10.2020, 06:30 Uhr", ("Greta Lindqvist",)),
        ("07.03.2023 | 11:20 Uhr | Greta Lindqvist", ("Greta Lindqvist",)),
        ("Jan Koch", ("Jan Koch",)),
        ("Read the full story", ()),
        ("January 18, 2017", ()),
    ],
)
def test_person_line_authors(line, authors):
    assert person_line_authors(line) == authors


def test_name_and_prefix_helpers():
    assert looks_like_name("Seb Joseph")
    assert not looks_like_name("News editor")
    assert not looks_like_name("CNN")
    assert strip_byline_prefix("By Seb Joseph") == "Seb Joseph"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("January 18, 2017", dt.date(2017, 1, 18)),
        ("January 18, 2017 | 6 min read", dt.date(2017, 1, 18)),
        ("18 January 2017", dt.date(2017, 1, 18)),
        ("2017-01-18", dt.date(2017, 1, 18)),
        ("2017-01-18T10:42:00+01:00", dt.date(2017, 1, 18)),
        ("18.01.2017", dt.date(2017, 1, 18)),
        ("18.01.2017, 14:05 Uhr", dt.date(2017, 1, 18)),
        ("Jan. 18, 2017", dt.date(2017, 1, 18)),
        ("Sept. 2, 2019 at 4 pm", dt.date(2019, 9, 2)),
        ("18. Januar 2017", dt.date(2017, 1, 18)),
        ("6. Oktober 2022", dt.date(2022, 10, 6)),
        ("Jueves, 9 de Marzo de 2023 a las 08:15hrs.", dt.date(2023, 3, 9)),
        ("mardi 18 janvier 2017", dt.date(2017, 1, 18)),
        ("2nd August 2019", dt.date(2019, 8, 2)),
        ("11/20/2019 01:14 PM", dt.date(2019, 11, 20)),
        ("Published January 18, 2017 | Updated March 2, 2017", dt.date(2017, 1, 18)),
        ("Updated: March 2, 2017 Published: January 18, 2017", dt.date(2017, 1, 18)),
        ("Updated March 2, 2017", dt.date(2017, 3, 2)),
        ("Posted 3 hours ago", None),
        ("31.02.2017", None),
        ("", None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_date_helpers():
    assert is_date_line("OCTOBER 14, 2020 09:25")
    assert not is_date_line("In 2019 the company sold more cars than in any year before, the report said.")
    assert [d for _, d in find_dates("from 2017-01-18 to 18.02.2017")] == [dt.date(2017, 1, 18), dt.date(2017, 2, 18)]
    assert parse_iso_date("2017-01-18") == dt.date(2017, 1, 18)
    assert parse_iso_date("2017-13-45") is None
    assert parse_iso_date(None) is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("6 min read", 6),
        ("January 18, 2017 | 6 min read", 6),
        ("12 minute read", 12),
        ("Lesezeit: 4 Minuten", 4),
        ("3 Min. Lesezeit", 3),
        ("Reading time: 5 min", 5),
        ("6 minutes ago", None),
        ("", None),
    ],
)
def test_parse_read_time(text, minutes):
    assert parse_read_time(text) == minutes


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parsers_never_raise(text):
    parse_authors(text)
    parse_date(text)
    parse_read_time(text)
    person_line_authors(text)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        # parts separated by " - ", "/", "|", with times, counts, "um" and photo credits around the name
        ("23.06.2016 um 16:14 Uhr - Max Beispiel - 12 Kommentare", ("Max Beispiel",)),
        ("Erika Muster / 22.04.2020 / 06:15 / Foto: Beispiel.de / 150 /", ("Erika Muster",)),
        ("Oct 30 2020 by Jane Roe", ("Jane Roe",)),
        ("Stadtwerke Beispielstadt informieren", ()),
    ],
)
def test_person_line_authors_with_separators_and_counts(line, authors):
    assert person_line_authors(line) == authors


def test_byline_name_stops_at_a_photo_credit():
    assert parse_authors("von Karl Beispiel Foto: © Agentur") == ("Karl Beispiel",)
    assert looks_like_byline("von Karl Beispiel Foto: © Agentur")


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Posted by T. V. Example at 2:33 PM", ("T. V. Example",)),
        ("By Lukas Beispiel 11 February 2020", ("Lukas Beispiel",)),
        ("By Mara Beispiel On December 5, 2022", ("Mara Beispiel",)),
        ("Geschrieben vonElisa Beispiel", ("Elisa Beispiel",)),
        ("Veröffentlicht von KarlM", ("KarlM",)),
        ("By Perry Example Jr.", ("Perry Example Jr.",)),
    ],
)
def test_parse_authors_more_byline_shapes(byline, authors):
    assert parse_authors(byline) == authors


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Clara Beispiel, Sid Muster & Klaus Probe", ("Clara Beispiel", "Sid Muster", "Klaus Probe")),
        ("Swantje Beispiel     Feelings", ()),  # a name and a word set apart: not a name line
        ("27. Mai 201812. März 2019 | Klaus Beispiel-Muster", ("Klaus Beispiel-Muster",)),
    ],
)
def test_person_line_authors_lists_and_glued_dates(line, authors):
    assert person_line_authors(line) == authors


def test_glued_published_and_updated_dates():
    # WordPress dumps glue the published and the updated date: "...201914. Januar 2020".
    assert [d for _, d in find_dates("27. Mai 201812. März 2019")] == [dt.date(2018, 5, 27), dt.date(2019, 3, 12)]
    assert parse_date("Veröffentlicht am 12. März 20218. März 2021") == dt.date(2021, 3, 12)
    assert find_dates("im Jahr 2019 wurden 15 Anlagen gebaut") == ()


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("12/05/2021 by Ilse 17 Comments", ("Ilse",)),  # one word after "by", a comment count
        ("Veröffentlicht am 10. Februar 2019 von Heiko", ("Heiko",)),
        ("erstellt von Valentin — veröffentlicht 17.02.2023 07:00", ("Valentin",)),
        ("Heiko", ()),  # one bare word is no byline
        ("Accueil | Par Jeanne Dubois | 30 septembre 2018", ()),  # "Accueil" is no name
    ],
)
def test_person_line_authors_prefixes_inside_and_counts(line, authors):
    assert person_line_authors(line) == authors


def test_byline_stops_at_a_time_after_a():
    assert parse_authors("Publié par Jeanne Dubois à 08:00") == ("Jeanne Dubois",)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("19.10.19, 08:00 Uhr", dt.date(2019, 10, 19)),  # German two-digit year
        ("Erstellt am 02.02.23 um 07:45", dt.date(2023, 2, 2)),
        ("Version 2.10.19.4", None),  # a version number, not a date
        ("17/11/201917/11/2019", dt.date(2019, 11, 17)),  # two numeric dates glued
    ],
)
def test_parse_date_short_years_and_glued_numeric_dates(text, date):
    assert parse_date(text) == date


def test_person_line_with_a_tilde_separator():
    assert person_line_authors("17/11/2019 ~ Cem Beispiel") == ("Cem Beispiel",)


def test_glued_foreign_prefix_comment_words_and_word_lists():
    assert parse_authors("PorRodolfo Beispiel") == ("Rodolfo Beispiel",)
    assert parse_authors("Portugal gewinnt") == ()
    assert person_line_authors("11. März 2021 Frau Lindholm Kommentare 3 Kommentare") == ("Frau Lindholm",)
    # "von" as a preposition before a list of plain words is no byline
    assert parse_authors("von Malern, Chören, Bands") == ()
    assert not looks_like_byline("von Malern, Chören, Bands")


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("FOCUS-Online-Experte Laura Brandt", ("Laura Brandt",)),  # a role compound before the name
        ("Laura Brandt , 03. Mai 2021, 09:15 Uhr 4 min LesezeitKommentare7", ("Laura Brandt",)),
        ("- Laura Brandt", ("Laura Brandt",)),  # a signature dash
        ("March 3, 2021 by AFP", ("AFP",)),  # an agency credited after "by"
        ("AFP", ()),  # a bare acronym without "by" is not an author
    ],
)
def test_person_lines_with_roles_counters_dashes_and_agencies(line, authors):
    assert person_line_authors(line) == authors


def test_article_by_prefix_and_agency_credits():
    assert parse_authors("Artikel von Laura Brandt") == ("Laura Brandt",)
    assert parse_authors("Article by Laura Brandt") == ("Laura Brandt",)
    assert parse_authors("By AFP") == ("AFP",)
    assert parse_authors("AFP") == ()  # without "By" a bare acronym is not taken as an author
    assert drop_leading_roles("Redakteurin Laura Brandt") == "Laura Brandt"
    assert drop_leading_roles("Laura Brandt") == "Laura Brandt"


def test_numeric_date_with_spaces_after_the_dots():
    assert parse_date("18. 05. 2014 22:38") == dt.date(2014, 5, 18)


@pytest.mark.parametrize(
    "text, date",
    [
        ("Tom BrennanMarch 4, 2022", dt.date(2022, 3, 4)),  # a month glued to the name before it
        ("forumuser14.03.2112:05", dt.date(2021, 3, 14)),  # two-digit year glued to a time
        ("jueves, 3 de marzo de 202210:30 hs", dt.date(2022, 3, 3)),  # four-digit year glued to a time
        ("7 / März / 2021", dt.date(2021, 3, 7)),  # day / month / year with slashes
        ("Seite 12/ März 2021", None),  # a page count, not a date
        ("3 марта 2021, 09:15", dt.date(2021, 3, 3)),  # Russian month
        ("Apr 042013", dt.date(2013, 4, 4)),  # day and year boxes of a blog theme, read without a space
        ("Mai 2021", None),  # a month and year only
    ],
)
def test_parse_date_glued_and_slashed_forms(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text, date",
    [
        ("Press release of 4 March 2021 | Hamburg – The harbour authority announced on Thursday ...",
         dt.date(2021, 3, 4)),
        ("AUSTIN, Texas, March 4, 2021 /PRNewswire/ -- A local maker of solar panels said ...", dt.date(2021, 3, 4)),
        ("BONN, 4. März 2021 – Die Stadtwerke haben am Donnerstag ...", dt.date(2021, 3, 4)),
        ("The council met on 4 March 2021 and voted – after a long debate – for the plan.", None),  # no dateline
    ],
)
def test_dateline_opening_a_paragraph(text, date):
    assert dateline_date(text) == date


@pytest.mark.parametrize(
    "byline, authors",
    [
        ("von lupa", ("lupa",)),  # a user name after the byline word
        ("By: anna.k", ("anna.k",)),
        ("Posted by admin", ()),  # a placeholder account
        ("Author: Kai3fan am 14.11.2011, 10:12 Uhr", ("Kai3fan",)),  # a digit inside the user name
        ("By Jane Roe3 hours ago", ("Jane Roe",)),  # a number glued to the name is not part of it
        ("Autor:innen gesucht", ()),
        ("Von Jana Staff am 16.11.2022", ("Jana Staff",)),  # a surname that is also a role word
        ("von: Flinker Reporter", ("Flinker Reporter",)),  # a pen name or desk after the byline word
        ("By Metro Desk staff and the newsroom of the Daily", ()),  # too long for a desk name
    ],
)
def test_user_names_after_a_byline_word(byline, authors):
    assert parse_authors(byline) == authors


@pytest.mark.parametrize(
    "line, authors",
    [
        ("jdoe — 2. Februar 2022", ("jdoe",)),  # a forum's meta line: user name and date
        ("19.10.2019 11:36 redbird", ("redbird",)),
        ("26 Mai, 2008 | Dark_Wolf | Kommentare 34 |", ("Dark_Wolf",)),  # the shape of a user name
        ("26 Mai, 2008 | Berlin | Kommentare 34 |", ()),  # a capitalised word is no user name
        ("19.2.2020 klo 14.00", ()),  # a word that announces the time
        ("2. Februar 2022 — updated", ()),
        ("heute 2. Februar 2022", ()),  # no time or dash: a lower-case word, not a user name
    ],
)
def test_lower_case_user_name_with_a_date_and_time(line, authors):
    assert person_line_authors(line) == authors


@pytest.mark.parametrize(
    "line, authors",
    [
        ("Jane Roe1, John Doe2", ("Jane Roe", "John Doe")),  # footnote marks of a paper's authors
        ("Marta H. Weiss1,2", ("Marta H. Weiss",)),
        ("Kommentare4 | Jane Roe", ("Jane Roe",)),  # a comment counter stays a counter
    ],
)
def test_person_lines_with_affiliation_marks(line, authors):
    assert person_line_authors(line) == authors


def test_a_sentence_opened_by_a_byline_word_names_no_author():
    assert parse_authors("Par ailleurs, le ministre a démissionné.") == ()
    assert parse_authors("Por ejemplo, el gobierno anunció recortes.") == ()
    assert parse_authors("von lupa | 12. März 2021") == ("lupa",)  # a separator sets a user name apart


def test_placeholder_accounts_are_no_authors_but_names_that_contain_them_are():
    assert parse_authors("By wpadmin") == ()
    assert parse_authors("By admin2") == ()
    assert parse_authors("von Hauser") == ("Hauser",)


@pytest.mark.parametrize(
    "text, date",
    [
        ("Datum: 14.Mär.23", dt.date(2023, 3, 14)),  # day.month word.two-digit year
        ("03-Mar-2019 10:00", dt.date(2019, 3, 3)),  # day-month word-year with hyphens
        ("3-March-19", dt.date(2019, 3, 3)),
        ("2019年3月3日", dt.date(2019, 3, 3)),  # Chinese and Japanese
        ("2019년 3월 3일", dt.date(2019, 3, 3)),  # Korean
        ("3rd of March, 2019", dt.date(2019, 3, 3)),
        ("3 de março de 2019", dt.date(2019, 3, 3)),  # Portuguese month
        ("3 березня 2019", dt.date(2019, 3, 3)),  # Ukrainian month
        ("von jdoe am 26/10/13, 03:48 pm", dt.date(2013, 10, 26)),  # two-digit year with slashes
        ("12/31/19", dt.date(2019, 12, 31)),  # month first when day first is impossible
        ("Posted 04/05/19", None),  # April 5 or 4 May: not guessed
        ("12.31.19", None),  # dots stay German: day first only
        ("Rated 4-Star-2019", None),  # no month word
    ],
)
def test_more_printed_date_formats(text, date):
    assert parse_date(text) == date


def test_month_and_year_alone():
    assert month_year_date("Januar 2022") == dt.date(2022, 1, 1)
    assert month_year_date(" March, 2019 ") == dt.date(2019, 3, 1)
    assert month_year_date("Januar 2022 in Berlin") is None
    assert month_year_date("Jahr 2022") is None


@pytest.mark.parametrize(
    "line, authors",
    [
        ("Jana Beispiel 06 PM | 18 Mai", ("Jana Beispiel",)),  # a time and a date without the year
        ("Jana Beispiel | May 18", ("Jana Beispiel",)),
        ("Redaktion - 14. März 2023", ("Redaktion",)),  # a newsroom credited with a date
        ("Redaktion", ()),  # without a date: a menu entry
        ("2. Februar 20202. Februar 2020 Jana Beispiel 1 Kommentar Politik, Wahlen", ("Jana Beispiel",)),
        ("Jana Beispiel 11/08/2020 Feelings", ("Jana Beispiel",)),  # the section after the date
        ("Eure Jana Beispiel", ("Jana Beispiel",)),  # a blogger's sign-off
        ("Euer JanBeispiel", ("JanBeispiel",)),  # ... before a user name
        ("Deine Meinung", ()),  # a menu entry
    ],
)
def test_person_lines_with_partial_dates_desks_categories_and_sign_offs(line, authors):
    assert person_line_authors(line) == authors


def test_theme_labels_and_desk_credits_after_a_byline_word():
    assert parse_authors("Author Jana BeispielCategories") == ("Jana Beispiel",)  # a theme's glued labels
    assert parse_authors("Von: det/dpa") == ("det/dpa",)  # a desk's initials and an agency
    assert parse_authors("Von Text/Bild") == ()


@pytest.mark.parametrize(
    "byline, authors",
    [
        ("Ein Kommentar von Jana Beispiel", ("Jana Beispiel",)),  # the kind of piece before the byline word
        ("Gastbeitrag von Jana Beispiel", ("Jana Beispiel",)),
        ("Analysis by Jane Roe", ("Jane Roe",)),
        ("Kommentar von Lesern ist erwünscht", ()),
    ],
)
def test_byline_word_after_the_kind_of_piece(byline, authors):
    assert parse_authors(byline) == authors
    assert has_byline_prefix(byline)


@pytest.mark.parametrize(
    "line, authors",
    [
        ("Jana Beispiel Transport editor", ("Jana Beispiel",)),  # a job title after the name
        ("Jana Beispiel, Chief political correspondent", ("Jana Beispiel",)),
        ("Transport editor", ()),
    ],
)
def test_person_line_with_a_job_title_after_the_name(line, authors):
    assert person_line_authors(line) == authors


def test_a_capitalised_beat_after_a_longer_name_is_not_cut():
    assert person_line_authors("Jane Roe New York correspondent") == ()  # not "Jane Roe New"
    assert person_line_authors("Richard Roe Education editor") == ("Richard Roe",)


def test_a_whole_page_is_not_kept_in_the_date_cache():
    # (short lines are looked up once per page; a page's full text would only fill memory)
    from pipeline.core.metadata import _cached_dates

    before = _cached_dates.cache_info().currsize
    assert find_dates("The council met. " * 100 + "3 March 2021") == ((1700, dt.date(2021, 3, 3)),)
    assert _cached_dates.cache_info().currsize == before
