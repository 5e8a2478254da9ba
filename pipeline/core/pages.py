"""Reading input pages: find them, read their bytes, decode them, or say why not.

Every file under the input folder becomes exactly one `PageRead`: either a decoded
page, or a rejection with a stage and a reason a person can act on.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import charset_normalizer
import ftfy
from charset_normalizer.md import mess_ratio

from pipeline.core.parallel import ordered_map

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SIDECAR_SUFFIX = ".meta.json"
DEFAULT_MAX_PAGE_BYTES = 5_000_000

DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
# Control characters that never occur in a text page (tab, newline, CR, FF are fine).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# What ftfy's encoding fixer repairs always leaves one of these: UTF-8 read as a one-byte
# encoding turns each non-ASCII character into two or more non-ASCII ones (or a Latin-1
# lead and a space, where a no-break space was lost), and Latin-1 leaves C1 controls.
# Text without any is left as it is, without running ftfy's much slower scan.
_MAYBE_MOJIBAKE = re.compile(r"[^\x00-\x7f]{2}|[\u00c2-\u00f4] |[\x80-\x9f]")


@dataclass(frozen=True)
class PageRead:
    """One input file after reading: decoded text, or the reason it was rejected."""

    source: str  # path relative to the input folder, with forward slashes
    source_sha256: str | None = None
    text: str | None = None
    format: str | None = None  # "text" or "html"
    url: str | None = None
    fetched_at: str | None = None
    reject_stage: str | None = None
    reject_reason: str | None = None

    @property
    def doc_id(self) -> str | None:
        """First 16 hex digits of the file's SHA-256: stable across runs and machines."""
        return self.source_sha256[:16] if self.source_sha256 else None

    @property
    def rejected(self) -> bool:
        return self.reject_stage is not None


def list_inputs(folder: Path) -> list[Path]:
    """Every input file under `folder`, sorted by relative path.

    Sidecars (`*.meta.json`) belong to their page, and hidden files (`.DS_Store`,
    `.gitkeep`) are never pages, so neither is listed. Symbolic links are listed so
    that `read_page` can refuse the ones pointing outside the folder.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"input folder {folder} does not exist or is not a folder")
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def page_format(name: str) -> str | None:
    """'text' or 'html' from the file name (a `.gz` suffix is looked through), else None."""
    lower = name.lower().removesuffix(".gz")
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    return None


def read_pages(
    folder: Path,
    files: Iterable[Path] | None = None,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
    processes: int = 1,
) -> Iterator[PageRead]:
    """Read the input files under `folder` (all of them, or `files`), over `processes`
    workers, in order; a file whose bytes were already seen is a duplicate."""
    first_source_of: dict[str, str] = {}
    paths = list_inputs(folder) if files is None else files
    for page in ordered_map(partial(read_page, folder, max_page_bytes=max_page_bytes), paths, processes):
        if page.source_sha256 and not page.rejected:
            first = first_source_of.setdefault(page.source_sha256, page.source)
            if first != page.source:
                page = reject(
                    page, "read", f"duplicate: the same bytes as {first}, which is published once under that name"
                )
        yield page


def reject(page: PageRead, stage: str, reason: str) -> PageRead:
    """The same page, rejected at `stage` for `reason` (its text is dropped)."""
    return PageRead(source=page.source, source_sha256=page.source_sha256, reject_stage=stage, reject_reason=reason)


def read_page(folder: Path, path: Path, max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> PageRead:
    """Read, hash, decompress and decode one input file."""
    source = path.relative_to(folder).as_posix()
    fmt = page_format(path.name)
    if fmt is None:
        return PageRead(
            source,
            reject_stage="read",
            reject_reason=f"unsupported file type {''.join(path.suffixes) or '(no suffix)'}: "
            "pages must be .txt, .html or .htm, optionally gzipped (.gz)",
        )
    if not path.resolve().is_relative_to(folder.resolve()):
        return PageRead(
            source, reject_stage="read", reject_reason="the file is a link to outside the input folder; copy the page in"
        )
    try:
        size = path.stat().st_size
        if size > max_page_bytes:
            return PageRead(
                source,
                reject_stage="read",
                reject_reason=f"file is {size:,} bytes, over the limit of {max_page_bytes:,} "
                "(raise NEWSPARTS_MAX_PAGE_BYTES if this page is genuine)",
            )
        raw = path.read_bytes()
    except OSError as err:
        return PageRead(source, reject_stage="read", reject_reason=f"cannot read the file: {err.strerror or err}")
    page = PageRead(source, source_sha256=hashlib.sha256(raw).hexdigest(), format=fmt)
    if path.name.lower().endswith(".gz"):
        try:
            raw = gunzip(raw, max_page_bytes)
        except (OSError, EOFError, zlib.error, ValueError) as err:
            return reject(page, "read", f"the .gz file is corrupt or truncated ({err}); download the page again")
    try:
        text = decode(raw)
    except ValueError as err:
        return reject(page, "decode", str(err))
    if not text.strip():
        return reject(page, "read", "the page is empty (no visible text); scrape it again")
    try:
        url, fetched_at = read_sidecar(path)
    except ValueError as err:
        return reject(page, "read", str(err))
    return PageRead(source, page.source_sha256, text, fmt, url, fetched_at)


def gunzip(raw: bytes, max_bytes: int) -> bytes:
    """Decompress gzip bytes, refusing anything that inflates past `max_bytes`."""
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"it inflates to over {max_bytes:,} bytes")
    return data


def decode(raw: bytes) -> str:
    """Decode page bytes to text: a BOM, UTF-8, a declared HTML charset, else the detected encoding.

    Mojibake (UTF-8 read as Latin-1 somewhere upstream) is repaired with ftfy's
    encoding fixer only, which leaves correct text untouched. Raises ValueError with
    an actionable reason when the bytes are not text.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = decode_legacy(raw)
    if looks_binary(text):
        raise ValueError("the file holds binary data, not page text; check what was saved under this name")
    return ftfy.fix_encoding(text) if _MAYBE_MOJIBAKE.search(text) else text


def decode_legacy(raw: bytes) -> str:
    """Decode bytes that are not UTF-8: the declared charset, else windows-1252 unless another
    encoding reads clearly better (detectors misjudge short Western pages, and windows-1252
    is what browsers assume for them)."""
    declared = DECLARED_CHARSET.search(raw[:4096])
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
    best = charset_normalizer.from_bytes(raw).best()
    try:
        western = raw.decode("cp1252")
        if best is None or mess_ratio(western[:20_000]) <= best.chaos + 0.01:
            return western
    except UnicodeDecodeError:
        pass
    if best is None:
        raise ValueError("the file is not text in any known encoding (binary data?); check what was saved")
    return str(best)


def looks_binary(text: str) -> bool:
    """True when the text is full of control characters that no web page has."""
    sample = text[:4096]
    controls = len(_BINARY_CONTROLS.findall(sample))
    return "\x00" in sample or controls > max(2, len(sample) // 100)


def sidecar_of(page_path: Path) -> Path:
    """Where the sidecar of a page would be: `story.txt.gz` -> `story.meta.json`."""
    stem = page_path.name.removesuffix(".gz").rsplit(".", 1)[0]
    return page_path.with_name(stem + SIDECAR_SUFFIX)


def read_sidecar(page_path: Path) -> tuple[str | None, str | None]:
    """`url` and `fetched_at` from `<name>.meta.json` beside the page, when there is one."""
    sidecar = sidecar_of(page_path)
    if not sidecar.exists():
        return None, None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"the sidecar {sidecar.name} is not valid UTF-8 JSON ({err}); fix or remove it") from None
    if not isinstance(meta, dict):
        raise ValueError(f"the sidecar {sidecar.name} must hold a JSON object with 'url' and 'fetched_at'")
    url, fetched_at = meta.get("url"), meta.get("fetched_at")
    for key, value in (("url", url), ("fetched_at", fetched_at)):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"the sidecar {sidecar.name} has a non-text {key!r}; it must be a string")
    return url, fetched_at
