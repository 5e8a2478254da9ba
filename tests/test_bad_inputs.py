"""Bad input: every file ends in exactly one of `documents` or `rejects`, with a reason.

One folder holds good pages and every kind of bad input we know of; one build; then
each file's outcome is checked.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import SEED, materialize_dataset

ARTICLE = SEED.read_text(encoding="utf-8")
# A page of real prose with no curly quotes, so that it survives every legacy encoding.
PLAIN = "\n\n".join(
    [
        "City council approves new budget for schools",
        "By Maria Keller",
        "March 3, 2021",
        "The city council approved a new budget on Tuesday that raises spending on schools by four percent, "
        "the largest increase in a decade, after a long debate about teacher salaries and building repairs.",
        "Council member Daniel Ortiz said the vote was a relief for parents who had waited years for the repairs, "
        "and that the money would reach classrooms before the next school year begins in September.",
        "Opponents argued that the plan leaves too little for roads and parks, and promised to bring the question "
        "back to voters at the next election, when three of the nine seats on the council are open.",
    ]
)
ACCENTED = PLAIN.replace("Maria Keller", "Zoë Müller").replace("Daniel Ortiz", "José Peña")

PUBLISHED = "published"
# file name -> (bytes, expected outcome: PUBLISHED, or (stage, words in the reason))
INPUTS: dict[str, tuple[bytes, object]] = {
    "good.txt": (ARTICLE.encode(), PUBLISHED),
    "good.html": (
        (
            "<html><head><title>Budget passes</title></head><body><nav><a href='/'>Home</a></nav>"
            "<article><h1>City council approves new budget</h1>"
            + "".join(f"<p>{p}</p>" for p in PLAIN.split("\n\n")[3:])
            + "</article><footer>© Example News</footer></body></html>"
        ).encode(),
        PUBLISHED,
    ),
    "utf16.txt": (ACCENTED.encode("utf-16"), PUBLISHED),
    "cp1252.txt": (ACCENTED.encode("cp1252"), PUBLISHED),
    "mojibake.txt": (ACCENTED.encode("utf-8").decode("latin-1").encode("utf-8"), PUBLISHED),
    "odd quote marks.txt": (
        (PLAIN + '\n\nShe said "we will "win, and \u201cthen\u201d \u2018more\u201d "\u201d\u2019\u2018 « » „ end.').encode(),
        PUBLISHED,
    ),
    "long line.txt": ((PLAIN + "\n\n" + "word " * 40_000).encode(), PUBLISHED),
    "naïve café ünïcode name.txt": (PLAIN.replace("budget", "plan").encode(), PUBLISHED),
    "gzipped.txt.gz": (gzip.compress(PLAIN.replace("Tuesday", "Monday").encode()), PUBLISHED),
    "with sidecar.txt": (PLAIN.replace("Tuesday", "Friday").encode(), PUBLISHED),
    "empty.txt": (b"", ("read", "empty")),
    "whitespace.txt": (b" \n\n \t\r\n ", ("read", "empty")),
    "binary.txt": (bytes(range(256)) * 16, ("decode", "binary")),
    "truncated.txt.gz": (gzip.compress(ARTICLE.encode())[:200], ("read", "corrupt or truncated")),
    "not really.html.gz": (b"<html>not gzip</html>", ("read", "corrupt or truncated")),
    "no article.html": (b"<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>", ("clean", "article text found")),
    "menu.txt": (b"Home\n\nNews\n\nSport\n\nWeather\n\nContact us\n", ("clean", "article text found")),
    "huge.txt": (b"a" * 600_000, ("read", "over the limit")),
    "later copy.txt": (ARTICLE.encode(), ("read", "duplicate: the same bytes as good.txt")),
    "locked.txt": (PLAIN.replace("Tuesday", "Sunday").encode(), ("read", "cannot read the file")),
    "broken sidecar.txt": (PLAIN.replace("Tuesday", "Thursday").encode(), ("read", "broken sidecar.meta.json")),
    "slides.pdf": (b"%PDF-1.4 ...", ("read", "unsupported file type")),
}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory) -> tuple[pl.DataFrame, pl.DataFrame]:
    pages = tmp_path_factory.mktemp("bad")
    for name, (data, _) in INPUTS.items():
        (pages / name).write_bytes(data)
    (pages / "with sidecar.meta.json").write_text(json.dumps({"url": "https://example.org/budget", "fetched_at": "2021-03-04T10:00:00Z"}))
    (pages / "broken sidecar.meta.json").write_text("{'url': oops")
    unreadable = pages / "locked.txt"
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:  # root reads anything, so deny it here instead of with chmod
        if path == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_bytes", refuse)
        out = tmp_path_factory.mktemp("out")
        materialize_dataset(pages, out, max_page_bytes=500_000)
    return pl.read_parquet(out / "documents/"), pl.read_parquet(out / "rejects/")


def test_every_input_is_in_exactly_one_table(outcome):
    documents, rejects = outcome
    sources = documents.get_column("source").to_list() + rejects.get_column("source").to_list()
    assert sorted(sources) == sorted(INPUTS)


@pytest.mark.parametrize("name", list(INPUTS))
def test_each_input_has_its_outcome(outcome, name):
    documents, rejects = outcome
    expected = INPUTS[name][1]
    if expected == PUBLISHED:
        assert name in documents.get_column("source").to_list(), rejects.filter(pl.col("source") == name).to_dicts()
    else:
        stage, words = expected
        (row,) = rejects.filter(pl.col("source") == name).to_dicts()
        assert row["stage"] == stage
        assert words in row["reason"], row["reason"]


def test_decoded_pages_keep_their_accents(outcome):
    documents, _ = outcome
    for name in ("utf16.txt", "cp1252.txt", "mojibake.txt"):
        (doc,) = documents.filter(pl.col("source") == name).to_dicts()
        assert doc["authors"] == ["Zoë Müller"], (name, doc["authors"])


def test_the_sidecar_gives_url_and_fetch_time(outcome):
    documents, _ = outcome
    (doc,) = documents.filter(pl.col("source") == "with sidecar.txt").to_dicts()
    assert (doc["url"], doc["fetched_at"]) == ("https://example.org/budget", "2021-03-04T10:00:00Z")
