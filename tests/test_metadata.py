"""Metadata lines: bylines -> authors, printed dates, read times."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.metadata import (
    find_dates,
    is_date_line,
    looks_like_byline,
    looks_like_name,
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
        ("Von Claudia Lindner", ("Claudia Lindner",)),
        ("Written by Tom O'Neil", ("Tom O'Neil",)),
        ("By Ludwig van der Berg, Senior Correspondent", ("Ludwig van der Berg",)),
        ("By Grace Kim | grace.kim@example.com", ("Grace Kim",)),
        ("By Evan HalperStaff Writer", ("Evan Halper",)),
        ("ByAlex Moreno", ("Alex Moreno",)),
        ("Von R. R. am 07.08.2013 um 09:07 Uhr", ("R. R.",)),
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
        ("The minister said on Tuesday that the plan works.", False),
    ],
)
def test_looks_like_byline(line, expected):
    assert looks_like_byline(line) is expected


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Bettina Kugler 19.10.2019, 05:00 Uhr", ("Bettina Kugler",)),
        ("04.02.2022 | 13:10 Uhr | Uta Helkenberg", ("Uta Helkenberg",)),
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
        ("Miércoles, 4 de Mayo de 2022 a las 07:46hrs.", dt.date(2022, 5, 4)),
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
    assert is_date_line("NOVEMBER 20, 2019 10:43")
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
