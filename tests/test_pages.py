"""Reading input files: every file is either a decoded page or a rejection with a reason."""

from __future__ import annotations

import gzip
import hashlib
import json
import os

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.pages import decode, list_inputs, looks_binary, page_format, read_page, read_pages

ARTICLE = "Headline of the day\n\nThe minister said on Tuesday that “the plan is working”, and café owners agreed.\n"


def write(folder, name, data: bytes):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_utf8_page_is_read_hashed_and_decoded(tmp_path):
    raw = ARTICLE.encode()
    page = read_page(tmp_path, write(tmp_path, "a.txt", raw))
    assert not page.rejected
    assert page.text == ARTICLE
    assert page.format == "text"
    assert page.source_sha256 == hashlib.sha256(raw).hexdigest()
    assert page.doc_id == page.source_sha256[:16]


@pytest.mark.parametrize(
    "encoded",
    [
        ARTICLE.encode("utf-8-sig"),
        ARTICLE.encode("utf-16"),
        ARTICLE.encode("cp1252"),
    ],
    ids=["utf8-bom", "utf16", "cp1252"],
)
def test_other_encodings_decode_to_the_same_text(encoded):
    assert decode(encoded) == ARTICLE


def test_mojibake_is_repaired_and_correct_text_left_alone():
    broken = ARTICLE.encode("utf-8").decode("latin-1", errors="replace").encode("utf-8")
    assert "Ã©" in broken.decode("utf-8")
    assert decode(broken) == ARTICLE
    assert decode("Alibaba’s “data” — naïve".encode()) == "Alibaba’s “data” — naïve"


@pytest.mark.parametrize(
    ("name", "data", "stage", "words"),
    [
        ("empty.txt", b"", "read", "empty"),
        ("blank.txt", b" \n\n\t \n", "read", "empty"),
        ("binary.txt", bytes(range(256)) * 8, "decode", "binary"),
        ("photo.jpg", b"\xff\xd8\xff", "read", "unsupported file type"),
        ("broken.txt.gz", gzip.compress(ARTICLE.encode())[:20], "read", "corrupt or truncated"),
        ("notgz.html.gz", b"<html>plain</html>", "read", "corrupt or truncated"),
    ],
)
def test_bad_files_are_rejected_with_an_actionable_reason(tmp_path, name, data, stage, words):
    page = read_page(tmp_path, write(tmp_path, name, data))
    assert page.rejected
    assert page.reject_stage == stage
    assert words in page.reject_reason
    assert page.text is None


def test_gzipped_html_is_read_through(tmp_path):
    page = read_page(tmp_path, write(tmp_path, "x.html.gz", gzip.compress(b"<html><p>Hi</p></html>")))
    assert page.format == "html" and page.text == "<html><p>Hi</p></html>"


def test_a_page_over_the_size_limit_is_rejected_before_it_is_read(tmp_path):
    page = read_page(tmp_path, write(tmp_path, "big.txt", b"word " * 100), max_page_bytes=100)
    assert page.reject_stage == "read" and "over the limit of 100" in page.reject_reason


def test_a_gzip_bomb_is_stopped_at_the_size_limit(tmp_path):
    page = read_page(tmp_path, write(tmp_path, "bomb.txt.gz", gzip.compress(b"a" * 10_000)), max_page_bytes=1_000)
    assert page.rejected and "inflates to over 1,000 bytes" in page.reject_reason


def test_sidecar_gives_url_and_fetch_time(tmp_path):
    path = write(tmp_path, "story.txt", ARTICLE.encode())
    write(tmp_path, "story.meta.json", json.dumps({"url": "https://example.org/s", "fetched_at": "2024-01-02"}).encode())
    page = read_page(tmp_path, path)
    assert (page.url, page.fetched_at) == ("https://example.org/s", "2024-01-02")


@pytest.mark.parametrize("sidecar", [b"{not json", b"[1, 2]", b'{"url": 5}'])
def test_a_broken_sidecar_rejects_the_page_naming_the_sidecar(tmp_path, sidecar):
    path = write(tmp_path, "story.txt", ARTICLE.encode())
    write(tmp_path, "story.meta.json", sidecar)
    page = read_page(tmp_path, path)
    assert page.reject_stage == "read" and "story.meta.json" in page.reject_reason


def test_listing_skips_sidecars_and_hidden_files_and_sorts_by_path(tmp_path):
    for name in ["b/2.txt", "a.html", "b/1.txt.gz", ".DS_Store", "a.meta.json", ".hidden/x.txt"]:
        write(tmp_path, name, b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in list_inputs(tmp_path)] == ["a.html", "b/1.txt.gz", "b/2.txt"]


def test_same_bytes_under_two_names_are_published_once(tmp_path):
    write(tmp_path, "first.txt", ARTICLE.encode())
    write(tmp_path, "sub/copy of first.txt", ARTICLE.encode())
    first, second = read_pages(tmp_path)
    assert not first.rejected
    assert second.source == "sub/copy of first.txt"
    assert second.reject_stage == "read" and "duplicate" in second.reject_reason and "first.txt" in second.reject_reason


def test_a_link_to_outside_the_input_folder_is_refused(tmp_path):
    outside = write(tmp_path, "secret.txt", b"top secret words here")
    pages = tmp_path / "pages"
    pages.mkdir()
    os.symlink(outside, pages / "link.txt")
    (page,) = read_pages(pages)
    assert page.rejected and "outside the input folder" in page.reject_reason


def test_missing_input_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        list_inputs(tmp_path / "nope")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "text"), ("a.TXT.gz", "text"), ("a.htm", "html"), ("a.html.gz", "html"), ("a.pdf", None), ("a.gz", None)],
)
def test_page_format_from_the_name(name, fmt):
    assert page_format(name) == fmt


def test_a_cyrillic_legacy_page_is_not_read_as_western():
    text = "Министр заявил во вторник, что план работает, и владельцы кафе согласились с ним."
    assert decode(text.encode("cp1251")) == text


def test_a_declared_html_charset_is_honoured():
    html = '<html><head><meta charset="iso-8859-7"></head><body><p>Καλημέρα κόσμε</p></body></html>'
    assert decode(html.encode("iso-8859-7")) == html


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_either_decode_or_raise_a_clear_value_error(raw):
    try:
        text = decode(raw)
    except ValueError as err:
        assert "binary" in str(err) or "encoding" in str(err)
    else:
        assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_any_utf8_text_decodes_to_itself_or_its_repaired_form(text):
    text = text.removeprefix("\ufeff")  # a leading BOM is an encoding mark, not text
    if looks_binary(text):
        with pytest.raises(ValueError, match="binary"):
            decode(text.encode("utf-8"))
    else:
        assert decode(text.encode("utf-8")) == ftfy.fix_encoding(text)


# Letters, spaces, and the characters mojibake is made of (UTF-8 read as cp1252 or Latin-1).
MOJIBAKE_ALPHABET = "ab \n.’“”éüÃÂâ€™œ©Ã©Å¡\x93\x94\xa0"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*MOJIBAKE_ALPHABET, "Ã©", "â€™", "Ã ", "Ã¼", "â€œ", "Ã¶"]), max_size=60).map("".join))
def test_skipping_ftfy_on_text_without_mojibake_changes_nothing(text):
    assert decode(text.encode("utf-8")) == ftfy.fix_encoding(text)


def test_reading_over_worker_processes_gives_the_same_pages_in_the_same_order(tmp_path):
    for index in range(40):
        (tmp_path / f"{index:02d}.txt").write_text(f"Page {index}.\n\nSome text of page {index % 30}.\n", encoding="utf-8")
    (tmp_path / "40.txt").write_text("Page 3.\n\nSome text of page 3.\n", encoding="utf-8")  # a duplicate of 03.txt
    (tmp_path / "41.txt").write_bytes(b"\x00\x01\x02" * 50)
    one = list(read_pages(tmp_path, processes=1))
    two = list(read_pages(tmp_path, processes=2))
    assert one == two
    assert [p.source for p in two] == [f"{i:02d}.txt" for i in range(42)]
    assert two[40].reject_reason.startswith("duplicate: the same bytes as 03.txt")
    assert two[41].reject_stage == "decode"
