"""The cleaning stage: a scraped page in, its article body and metadata out (a CleanPage).

Two entry points:

- `clean_text_page(text)` for text dumps: one page block per paragraph, blocks separated
  by blank lines, boilerplate included. Each block is classified with general evidence
  (length, sentence-ness, menu/link-list patterns, repetition, widget phrases in several
  languages, position relative to the title and to the dense run of article text).
  Paragraph texts are slices of the input, with their exact offsets.
- `clean_html_page(html, url)` for raw HTML: trafilatura does the extraction (it is the
  best public extractor); its result is mapped onto a CleanPage. The metadata is chosen by
  agreement of the page's own evidence (<h1> vs <title>/OpenGraph/JSON-LD, JSON-LD authors,
  the byline and date the page prints, read as a text dump), and htmldate runs with fixed
  date bounds so the result never depends on the day of the build.

Pure Python, deterministic, no models.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache, partial

from pipeline.core.metadata import (
    _ROLE_WORDS,
    _MONTHS,
    _NAME_PARTICLES,
    _PUBLISHED_LABEL,
    _UPDATED_WORDS,
    dateline_date,
    drop_leading_roles,
    find_dates,
    has_byline_prefix,
    is_news_agency,
    is_date_line,
    is_desk,
    labelled_published_date,
    looks_like_byline,
    month_year_date,
    parse_authors,
    parse_date,
    parse_iso_date,
    parse_read_time,
    person_line_authors,
    remove_dates,
    starts_with_date,
    strip_byline_prefix,
)
from pipeline.core.records import BODY, CAPTION, CleanPage, Paragraph

# ------------------------------------------------------------------------------ blocks

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# A block "ends like a sentence": terminal punctuation, maybe followed by closing quotes.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»«)\]]*\s*$")
SENTENCE_END_CHARS = 12  # the end of a block that holds its closing punctuation and quote marks
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*(?=\n)")


@dataclass(frozen=True)
class Block:
    """One block of a text dump: its exact text, where it stands, and cheap features."""

    index: int
    start: int
    end: int
    text: str
    n_words: int
    lower_ratio: float  # share of words that start lower-case (menus are Title Case)
    sentence_end: bool  # ends with terminal punctuation
    n_lines: int
    key: str  # the text normalised for spotting repetition


def split_blocks(text: str) -> list[Block]:
    """Cut a dump into blocks at blank lines, with exact offsets of each stripped block."""
    blocks: list[Block] = []
    position = 0
    for separator in _BLANK_LINE.finditer(text + "\n"):
        _add_block(blocks, text, position, min(separator.start(), len(text)))
        position = separator.end()
    _add_block(blocks, text, position, len(text))
    return blocks


_DIGIT = re.compile(r"\d")
_CJK = re.compile("[\u2e80-\u9fff]")


def _count_words(words: list[str], text: str) -> int:
    """Number of words; a run of CJK characters (written without spaces) counts one per 2 characters."""
    if text.isascii() or not _CJK.search(text):
        return len(words)
    return sum(max(1, len(w) // 2) if "\u2e80" <= w[0] <= "\u9fff" else 1 for w in words)


def _add_block(blocks: list[Block], text: str, start: int, end: int) -> None:
    """Append the stripped span text[start:end] as a Block, unless it is blank."""
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped:
        return
    start += len(raw) - len(raw.lstrip())
    end = start + len(stripped)
    words = _WORD.findall(stripped)
    # Caseless scripts (Korean, Chinese, Arabic...) count as lower case: only Title Case marks menus.
    lower = sum(1 for w in words if not w[0].isupper())
    blocks.append(
        Block(
            index=len(blocks),
            start=start,
            end=end,
            text=stripped,
            n_words=_count_words(words, stripped),
            lower_ratio=lower / len(words) if words else 0.0,
            sentence_end=bool(_SENTENCE_END.search(stripped[-SENTENCE_END_CHARS:])),
            n_lines=stripped.count("\n") + 1,
            key=" ".join(stripped.split()).casefold(),
        )
    )


# ------------------------------------------------------------------ boilerplate phrases

# Widget and navigation phrases, several languages. Matched at the start of SHORT blocks
# only, so the same words inside article sentences are harmless.
_WIDGET = re.compile(
    r"^(?:more\s+(?:from|in|on|about|stories|news|articles|like\s+this)|view\s+(?:all|more|comments)"
    r"|see\s+(?:all|more)|show\s+(?:all|more)|load\s+more|trending|most\s+(?:popular|read|viewed|shared)"
    r"|popular|related|recommended|you\s+(?:may|might)\s+(?:also\s+)?like|read\s+(?:more|next|also|this)"
    r"|also\s+read|share|tweet|email|print|copy\s+link|comments?\b|\d+\s+comments?|leave\s+a\s+(?:comment|reply)"
    r"|advertisement|advertising|sponsored|partner\s+content|newsletter|sign\s+(?:up|in)|log\s*in"
    r"|subscribe|follow\s+us|skip\s+to|continue\s+reading|click\s+here|next\s+article|previous\s+article"
    r"|back\s+to\s+top|industry\s+insights|add\s+your\s+own|author\b|tags?\s*:?$|topics?\s*:?$"
    r"|please\s+(?:enter|select|choose|fill)"  # form prompts ("Please enter a search term.")
    r"|filed\s+under|copyright|©|all\s+rights\s+reserved|privacy|cookies?|terms\s+of|contact\s+us"
    r"|about\s+us|home\s*$|menu\s*$|search\s*$|close\s*$|loading|image\s*$|photo\s*$|video\s*$"
    r"|(?:www\.)?[^\W_][\w-]*\.(?:com|net|org|[a-z]{2})\s*$"  # a bare site name ("CITYNEWS.COM")
    r"|watch\b|listen\b|escucha(?:r)?\s+(?:esta\s+|la\s+)?(?:nota|noticia)|(?:artikel|beitrag)\s+(?:anhören|vorlesen)"
    r"|écouter\s+(?:cet\s+)?article|download\b|join\b|register\b|get\s+the|don[’']t\s+miss|editor[’']s\s+picks?"
    r"|top\s+stories|latest(?:\s+news)?\s*$|breaking\s+news\s*$|supported\s+by|site\s+index"
    r"|you\s+are\s+here|sie\s+sind\s+hier|(?:main\s+|haupt)?(?:navigation|menü)\s*$|dark\s+mode"
    # German
    r"|mehr\s+(?:zum\s+thema|aus|zu|von|lesen|artikel|news)|lesen\s+sie\s+(?:auch|mehr)|weiterlesen"
    r"|verwandte\s+(?:artikel|beiträge|themen)"
    r"|auch\s+interessant|das\s+könnte\s+(?:sie|dich|euch)\s+(?:auch\s+)?interessieren|teilen|drucken|anzeige"
    r"|werbung|kommentare?\b|jetzt\s+(?:abonnieren|kommentieren|lesen|anmelden)|zum\s+thema"
    r"|weitere\s+(?:artikel|themen|nachrichten|meldungen)|meistgelesen|themen\s*:?$|schlagworte"
    r"|empfehlungen|newsletter|abonnieren|anmelden|startseite|impressum|datenschutz\w*|nach\s+oben"
    r"|zur\s+startseite|artikel\s+teilen|quelle\s*:|bildquelle|fotostrecke|bildergalerie"
    r"|weiter\s*[»›>]?$|zurück\b|entdecken\s+sie|hier\s+(?:kostenlos|anmelden|klicken)|unterstütze"
    r"|auch\s+lesen|mehr\s+themen|support\s+us|donate|(?:image|photo|bild|foto)\s+\d+\s+(?:of|von|de|/)\s+\d+"
    r"|verpassen?\s+(?:sie\s+)?keine|quellen\s+(?:ausblenden|einblenden|anzeigen)"
    # French / Italian / Spanish / Polish / Dutch
    r"|lire\s+(?:aussi|la\s+suite|plus)|à\s+lire\s+aussi|voir\s+(?:aussi|plus|tout)|partager|publicité"
    r"|leggi\s+anche|condividi|pubblicità|leer\s+más|compartir|publicidad|czytaj\s+(?:też|także|więcej)"
    r"|udostępnij|reklama|lees\s+ook|delen|ne\s+manquez|no\s+te\s+pierdas"
    r")(?!\w)",  # whole words only: "Share" is a widget, "Shares fell" is not
    re.IGNORECASE,
)
# A countdown or a row of bare units ("-d -h -min -sec", "00 : 12 : 45").
MAX_COUNTDOWN_CHARS = 40  # "3d 04h 12m 09s"; longer lines are no countdowns (and would backtrack for long)
_COUNTDOWN = re.compile(r"^[\s\d:\-–.]*(?:[\-–\d]+\s*(?:d|h|m|min|s|sec|days?|hours?|mins?|secs?)\b[\s:]*)+$", re.I)
# Photo credits and caption labels ("Image caption", a video's "Media caption") that mark a caption.
_CAPTION_MARK = re.compile(
    r"(?:credit\s*(?:\.\.\.|:|…)|photo(?:graph)?\s*(?:by|:|credit)|image\s*(?:by|:|credit|source|copyright|caption)|"
    r"media\s*caption|\((?:ap|afp|reuters|epa|dpa)\s+photo[^)]*\)|\(getty[^)]*\)|getty\s+images|\bfoto\s*:|\bbild\s*:|"
    r"\bphoto\s*:|illustration\s*:|\babb\.\s*:|\bquelle\s*:|©|\(c\)\s|/\s*(?:reuters|afp|ap|dpa|epa)\s*$"
    r"|zum\s+vergrößern|click\s+to\s+enlarge|cliquez\s+pour\s+agrandir|\bfot\.\s)",
    re.IGNORECASE,
)


def is_widget(block: Block) -> bool:
    """True for a short block that is a widget, menu item, banner or countdown."""
    return block.n_words <= 12 and (not block.n_words or _is_widget_text(block.text))


@lru_cache(maxsize=8192)
def _is_widget_text(text: str) -> bool:
    """True when a line of the text is a widget phrase or a countdown (cached: blocks repeat)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return any(_WIDGET.match(line) or (len(line) <= MAX_COUNTDOWN_CHARS and _COUNTDOWN.match(line)) for line in lines)


def is_caption_like(block: Block) -> bool:
    """True for a block that carries a photo credit ("Credit...", "Photo: ...", "(AP Photo/...)")."""
    return block.n_words <= 80 and _has_caption_mark(block.text)


@lru_cache(maxsize=8192)
def _has_caption_mark(text: str) -> bool:
    """True when the text carries a photo credit (cached: the headline, byline and body passes
    ask about the same blocks)."""
    return bool(_CAPTION_MARK.search(text))


def is_metadata_line(block: Block) -> bool:
    """True for a byline, a date line or a read-time line."""
    return block.n_words <= 16 and _is_metadata_text(block.text)


@lru_cache(maxsize=8192)
def _is_metadata_text(text: str) -> bool:
    """True for a byline, date or read-time text (cached: called often on the same blocks)."""
    if looks_like_byline(text):
        return True
    # Dates and read times need a digit: skip the date patterns on the many lines without one.
    if not _DIGIT.search(text):
        return False
    return is_date_line(text) or parse_read_time(text) is not None


# -------------------------------------------------------------------- body detection


# A row of menu entries each written as a label ("home: shop: podcast: contact:"): no sentence.
_LABEL_ROW = re.compile(r"^(?:[^\s:]+:\s*)+$")


def is_prose(block: Block) -> bool:
    """Sentence-like text: enough words, mostly not Title Case (nor a row of "label:" words,
    whose closing colon would pass for a sentence end)."""
    if block.n_words < 8 or block.lower_ratio < 0.2 or not (block.sentence_end or block.n_words >= 25):
        return False
    return not _LABEL_ROW.match(block.text)


# Pull of each kind of block on the article region (tuned on the dev pages).
WIDGET_PENALTY = 8.0
SHORT_PENALTY = 12.0
LIST_PENALTY = 4.0
END_PENALTY = 40.0
HEADER_BONUS = 40.0
MAX_BLOCK_SCORE = 120.0

# Lines that close an article: comment sections, post navigation, "related" lists.
_END_MARKER = re.compile(
    r"^(?:\[?\s*\d+\s+(?:comments?|responses?|replies|kommentare?|commentaires?)\s*\]?$"
    r"|(?:\d+\s+)?(?:comments?|kommentare|commentaires|commenti|komentarze)\s*(?:\(\d+\))?:?$"
    r"|(?:leave|post|add|write)\s+a\s+(?:comment|reply|response)|top\s+rated\s+comments|join\s+the\s+discussion"
    # a comment thread's heading: "5 thoughts on “Title”", "11 Antworten zu „Titel“"
    r"|(?:\d+|one|ein|eine|une?)\s+(?:thoughts?|responses?|repl(?:y|ies)|comments?|antworten|kommentare?|gedanken"
    r"|réponses?|commentaires?|respuestas?|comentarios?)\s+(?:on|to|zu|auf|über|à|sur|a|en)\s"
    # the comments' house rules, an "About us" or author box under the article
    r"|house\s+rules|community\s+(?:guidelines|standards)|comment(?:ing)?\s+(?:policy|guidelines|rules)\s*:?$"
    r"|netiquette\s*:?$|(?:kommentar|diskussions)regeln"
    r"|(?:about\s+us|über\s+uns|à\s+propos\s+de\s+nous|sobre\s+nosotros|chi\s+siamo|o\s+nas|over\s+ons)\s*:?$"
    r"|(?:autoreninfo|author\s+(?:info|bio)|zu[mr]\s+autor(?:in)?|über\s+(?:den\s+|die\s+)?autor(?:in)?)\s*:?$"
    r"|previous\s+(?:post|article|story)|next\s+(?:post|article|story)|older\s+post|newer\s+post"
    r"|related\s+(?:posts?|articles?|stories|content|news)|read\s+these\s+next|you\s+(?:may|might)\s+also\s+like"
    r"|recommended\s+(?:for\s+you|stories|articles)|more\s+stories|most\s+(?:popular|read)"
    r"|(?:ähnliche|verwandte)\s+(?:artikel|beiträge)|kommentar\s+schreiben"
    r"|das\s+(?:\w+\s+)?könnte\s+(?:sie|dich|euch)\s+auch\s+interessieren|auch\s+interessant\s*:?$"
    r"|articles?\s+similaires|à\s+lire\s+aussi|sur\s+le\s+même\s+sujet|pour\s+approfondir"
    r"|explore\s+further|more\s*:$|(?:more|other)\s+(?:[\w-]+\s+){0,3}(?:stories|articles|reads|posts)\s*:?$"
    r"|(?-i:More|MORE)\s+(?:from\s+)?(?-i:[A-Z])[\w.-]*(?:\s+[^\W\d_][\w.-]*)?$"
    r"|hinterlasse\s+(?:eine?n?\s+)?(?:antwort|kommentar)|(?:antwort|kommentar)\s+hinterlassen"
    r"|vorschau\s+auf\s+den\s+nächsten|zu\s+allen\s+beiträgen|weitere\s+beiträge|mehr\s+themen"
    r"|auch\s+lesen|otras\s+noticias|más\s+noticias|noticias\s+relacionadas|notizie\s+correlate"
    r"|(?:about|über)\s+(?:the|den|die)\s+(?:author|autor|autorin)|à\s+propos\s+de\s+l.auteur|sobre\s+el\s+autor"
    r"|voc[eê]\s+(?:também\s+)?pode\s+gostar|veja\s+também|leia\s+também|(?:artigos|posts|notícias)\s+relacionad[oa]s"
    r"|(?:también\s+)?te\s+puede\s+interesar|artículos\s+relacionados"
    r"|potrebbe(?:ro)?\s+interessarti|articoli\s+correlati"
    r"|vous\s+(?:aimerez|pourriez\s+aimer)|tinggalkan\s+(?:balasan|komentar)|artikel\s+terkait|berita\s+terkait"
    r"|.{1,60}\s(?:on|am|le)\s.{6,40}\s(?:said|says|sagte|schrieb|wrote|a\s+dit)\s*:?$)",
    re.IGNORECASE,
)


def is_end_marker(block: Block) -> bool:
    """True for a short block that announces comments, post navigation or related links."""
    return block.n_words <= 14 and _is_end_marker_text(block.text)


@lru_cache(maxsize=8192)
def _is_end_marker_text(text: str) -> bool:
    """True when the text opens with an end marker (cached: every block is asked several times)."""
    return bool(_END_MARKER.match(text))


# A live blog's time stamp over each entry: a clock time ("14:05", "9.30am") or a match minute ("88'", "45+2'").
_LIVE_STAMP = re.compile(r"^(?:\d{1,2}[:.]\d{2}\s*(?:am|pm|uhr|h)?|\d{1,3}(?:\+\d{1,2})?\s*['’′])$", re.IGNORECASE)


def density_score(block: Block, repeats: int) -> float:
    """How much a block pulls the article region towards it (positive) or away (negative)."""
    if is_end_marker(block):
        return -END_PENALTY
    if _LIVE_STAMP.match(block.text):
        return 0.0  # (neutral: the entries of a live blog between their time stamps make one region)
    if is_widget(block):
        return -WIDGET_PENALTY
    if repeats > 1 and block.n_words < 25:
        return -SHORT_PENALTY
    if is_teaser(block):
        return -SHORT_PENALTY
    if is_prose(block):
        # A consent, sign-up or legal sentence reads like prose but pulls no region to it
        # (a neutral score, not a penalty: a story's paragraph that mentions a newsletter
        # stays inside the region its neighbours make).
        return 0.0 if _FOLDED_BOILERPLATE.search(block.key) else float(min(block.n_words, MAX_BLOCK_SCORE))
    if block.n_lines > 2 and block.n_words / block.n_lines < 5:
        return -SHORT_PENALTY * block.n_lines  # a link list pasted as one block
    if is_list_item(block):
        return -LIST_PENALTY
    return -SHORT_PENALTY


# A Title Case headline glued to the sentence after it: "Home Team Loses In The Last MinuteThe visitors ..."
_GLUED_HEADLINE = re.compile(r"^(?P<head>.{15,160}?[a-z]{2}[?!.’'”)]?)(?=[A-Z][a-z])")


def is_teaser(block: Block) -> bool:
    """A teaser card dumped without separators: a Title Case headline glued to its summary."""
    m = _GLUED_HEADLINE.match(block.text)
    if not m:
        return False
    words = [w for w in m["head"].split() if w[0].isalpha()]
    return len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_RUNNING_TEXT_MARK = re.compile(r"[,;(]|\d|--|–")


def is_list_item(block: Block) -> bool:
    """A short block with the texture of running text (lower-case words, numbers, commas),
    like an item of a list inside the article, rather than a Title Case menu entry."""
    if block.n_words < 4:
        return False
    return block.lower_ratio >= 0.3 or bool(_RUNNING_TEXT_MARK.search(block.text))


AFTER_END_FACTOR = 0.3  # weight of prose after an article has visibly ended


CARD_FOOTER_REPEATS = 3
CARD_FOOTER_WORDS = 6


def card_texts(blocks: list[Block]) -> set[int]:
    """Prose blocks that are cards of a list (quotes, teasers): each is followed by the same
    short line ("Read more", share buttons) that follows 3+ texts on the page. An article's
    paragraphs are not each followed by one line."""
    footers = Counter(
        after.key
        for block, after in zip(blocks, blocks[1:])
        if is_prose(block) and 2 <= after.n_words <= CARD_FOOTER_WORDS
        and not (_DIGIT.search(after.text) or is_widget(after))  # not table cells nor ads
    )
    return {
        block.index
        for block, after in zip(blocks, blocks[1:])
        if is_prose(block) and footers[after.key] >= CARD_FOOTER_REPEATS
    }


def block_scores(blocks: list[Block], counts: Counter, list_items: set[int], wrapped: set[int]) -> list[float]:
    """Density scores, plus a bonus for prose that follows a byline/date line (an article start).

    Once prose that followed a byline/date has been closed by an end marker ("Comments",
    "Related articles", "Next post") or by a long run of blocks without text after a good
    run of it (a list of teasers), later prose (comments, teasers, a Q&A box) weighs less.
    """
    # Items of a list announced by "...:" count (slightly) as article text: the region runs through them.
    scores = [INTRODUCED_LIST_SCORE if b.index in list_items else density_score(b, counts[b.key]) for b in blocks]
    for i in card_texts(blocks):
        scores[i] = -SHORT_PENALTY  # like a teaser
    for i in wrapped:
        scores[i] = max(scores[i], float(blocks[i].n_words))  # prose, dumped one line a block
    metadata = [is_metadata_line(b) for b in blocks]
    # An end marker the page prints again further down, over text, links to that section
    # ("Comments" in the share bar): the later copy is the heading that closes the article.
    last_copy = {b.key: b.index for b in blocks}
    article_started = article_ended = False
    started_at: int | None = None
    gap = 0  # blocks since the last one with a positive score
    for i, block in enumerate(blocks):
        gap = gap + 1 if scores[i] <= 0 else 0
        if article_started and gap == GAP_END:
            # A good run of text, then a long list of teasers or links: the article is over.
            article_ended = article_ended or _text_words_before(blocks, scores, i + 1 - gap) >= ENDED_PROSE_WORDS
        if scores[i] > 0:
            if article_ended:
                scores[i] *= AFTER_END_FACTOR
            elif (
                i not in list_items
                and _follows_header(blocks, metadata, i)
                and (started_at is None or i - started_at <= HEADER_SPAN)
            ):
                # Only prose opens an article (not an item of an announced list), and only once:
                # a later byline ("Researched by: ...", a comment's date) starts no second article.
                scores[i] += HEADER_BONUS
                article_started = True
                started_at = i if started_at is None else started_at
        elif is_end_marker(block) and not _links_to_later_section(blocks, last_copy[block.key], i) and (
            article_started or _closes_text_run(blocks, i)
        ):
            article_ended = True
    return scores


MIN_WRAPPED_LINE_WORDS = 4
MIN_WRAPPED_LINES = 3  # two lines could be a headline over a lower-case byline ("von Jane Roe, 1.1.23")


def wrapped_lines(blocks: list[Block]) -> set[int]:
    """Indexes of the lines of a text wrapped at a fixed width and dumped one line a block:
    runs of 3+ lines, each but the first continuing the sentence the line above leaves open."""
    lines: set[int] = set()
    run: list[int] = []
    for i, block in enumerate(blocks):
        if not (run and _continues_sentence(blocks[i - 1], block)):
            lines.update(run if len(run) >= MIN_WRAPPED_LINES else ())
            run = []
        run.append(i)
    lines.update(run if len(run) >= MIN_WRAPPED_LINES else ())
    return lines


def _continues_sentence(before: Block, block: Block) -> bool:
    """True when `block` starts in lower case the sentence that the line `before` leaves open."""
    if min(before.n_words, block.n_words) < MIN_WRAPPED_LINE_WORDS or before.sentence_end or "\n" in before.text:
        return False
    return block.text[0].islower() and not any(
        is_widget(b) or is_end_marker(b) or is_metadata_line(b) for b in (before, block)
    )


GAP_END = 30  # blocks without any text after an article that end it (no article pauses that long)
HEADER_REACH = 8  # blocks between a byline/date line and the first paragraph (headline, tags, caption)


def _follows_header(blocks: list[Block], metadata: list[bool], i: int) -> bool:
    """True when blocks[i] follows a byline/date line: within 3 blocks, or as the first prose
    under it after a few header lines (a headline, a tag row, a photo credit)."""
    if any(metadata[max(0, i - 3) : i]):
        return True
    for j in range(i - 1, max(-1, i - HEADER_REACH - 1), -1):
        if metadata[j]:
            return True
        if is_prose(blocks[j]):
            return False
    return False


def past_page_top_text(blocks: list[Block], start: int, end: int) -> int:
    """The start of the region past a lone paragraph at its top that a long run of header
    lines (a menu printed again, the headline's byline/date) parts from the article's first
    paragraph: text in the page's top (a site blurb), not the article's. (A standfirst stands
    only a few header lines above the text.)"""
    if not is_prose(blocks[start]):
        return start
    after = next((i for i in range(start + 1, end) if is_prose(blocks[i])), end)
    if after - start - 1 < HEADER_REACH or after == end:
        return start
    metadata = [is_metadata_line(b) for b in blocks[: after + 1]]
    if _follows_header(blocks, metadata, start):
        return start  # the paragraph under its own byline or date is the lede
    return after if _follows_header(blocks, metadata, after) else start


def _links_to_later_section(blocks: list[Block], last_copy: int, i: int) -> bool:
    """True when the end marker blocks[i] is printed again further down as the heading of a
    section of text (the comments under "Comments"), not amid a footer's links."""
    return last_copy > i and last_copy + 1 < len(blocks) and is_prose(blocks[last_copy + 1])


ENDED_PROSE_WORDS = 100  # article text just above an end marker that lets it close the article


def _closes_text_run(blocks: list[Block], i: int) -> bool:
    """True when the end marker blocks[i] is a section heading ("You may also like", not an
    inline "Related post: Title" link) right after a good run of article text."""
    if re.search(r":\s*\w", blocks[i].text):
        return False
    return sum(b.n_words for b in blocks[max(0, i - 4) : i] if is_prose(b)) >= ENDED_PROSE_WORDS


def _text_words_before(blocks: list[Block], scores: list[float], i: int) -> int:
    """Words of the article text (positive scores: not teasers) among the 4 blocks above blocks[i]."""
    return sum(b.n_words for b in blocks[max(0, i - 4) : i] if scores[b.index] > 0)


INTRODUCED_LIST_SCORE = 2.0  # a list item announced by "...:" belongs to the text above it
HEADER_SPAN = 3  # blocks after the first article start that may still follow its header lines
MAX_INTRODUCED_LIST = 400  # a table dumped one cell a block runs to hundreds of items


def introduced_list_items(blocks: list[Block]) -> set[int]:
    """Indexes of the items of lists that a prose block announces with a colon ("Tour dates:")."""
    items: set[int] = set()
    i = 0
    while i < len(blocks):
        block = blocks[i]
        i += 1
        if not (is_prose(block) and block.text.rstrip().endswith(":")):
            continue
        for j in range(i, min(len(blocks), i + MAX_INTRODUCED_LIST)):
            item = blocks[j]
            if is_prose(item) or item.n_words > 40 or is_widget(item) or is_end_marker(item):
                break
            items.add(j)
            i = j + 1
    return items


# "1. Intro", "3.Tips", "3.2 Tools", "3.2.Tools", "4 History" (the number, then the entry's text)
_CONTENTS_NUMBER = re.compile(r"^(\d{1,2})(?:\.(?:\d{1,2}\.?)?(?!\d)\s*|\s+(?=[^\W\d_]))(?P<entry>\S.*)$")
MIN_CONTENTS_ENTRIES = 3


def contents_entries(blocks: list[Block]) -> set[int]:
    """Indexes of the entries of a table of contents: 3+ short blocks in a row numbered 1, 2,
    2.1, 3 ... from 1 on, at least half of them printed again further down as the headings of
    the article's sections (a numbered list of teasers has no such headings)."""
    headings = {b.key: b.index for b in blocks}  # the last copy of each text
    runs: list[list[int]] = [[]]
    last = 0
    for block in blocks:
        m = _CONTENTS_NUMBER.match(block.text) if block.n_words <= MAX_CELL_WORDS else None
        number = int(m[1]) if m else 0
        if not (runs[-1] and number in (last, last + 1)):
            runs.append([])  # a new run, which only an entry numbered 1 opens
        if runs[-1] or number == 1:
            runs[-1].append(block.index)
            last = number
    return {
        i
        for run in runs
        if len(run) >= MIN_CONTENTS_ENTRIES and 2 * sum(_heads_below(blocks[i], headings) for i in run) >= len(run)
        for i in run
    }


def unnumbered_contents(blocks: list[Block]) -> set[int]:
    """Indexes of the entries of a table of contents without numbers: 3+ short lines in a row,
    each printed again further down, in the same order, at least half of them as the heading of
    a section of text (prose right under it). A menu printed again in the footer has its copies
    in a row, over no text."""
    last_copy = {b.key: b.index for b in blocks}
    # For each short line, where the page prints it again below (-1: nowhere).
    copies = [
        last_copy[b.key] if last_copy[b.key] > b.index and b.n_words <= MAX_CELL_WORDS and not is_prose(b) else -1
        for b in blocks
    ]
    entries: set[int] = set()
    run: list[int] = []
    for i, copy in enumerate([*copies, -1]):
        if copy > 0 and run and copy > copies[run[-1]]:
            run.append(i)  # (its copy stands below the copy of the entry above it)
            continue
        if len(run) >= MIN_CONTENTS_ENTRIES and _heads_sections(blocks, [copies[j] for j in run]):
            entries.update(run)
        run = [i] if copy > 0 else []
    return entries


def _heads_sections(blocks: list[Block], copies: list[int]) -> bool:
    """True when the lines at `copies` head sections of text: most do not stand right under the
    one before (a menu or a share bar printed again has its copies in a row; a section may
    open with a subheading), and at least half have prose within two blocks under them."""
    if 2 * sum(b == a + 1 for a, b in zip(copies, copies[1:])) > len(copies) - 1:
        return False
    return 2 * sum(any(is_prose(b) for b in blocks[i + 1 : i + 3]) for i in copies) >= len(copies)


def _heads_below(entry: Block, headings: dict[str, int]) -> bool:
    """True when the text of a numbered contents entry is printed again below it, without its number."""
    key = " ".join(_CONTENTS_NUMBER.match(entry.text)["entry"].split()).casefold()
    return headings.get(key, -1) > entry.index


MIN_SHORT_POST_LINES = 3  # fewer lines under a byline are a teaser, not a post
MAX_SHORT_POST_WORDS = 40


def short_post(blocks: list[Block]) -> tuple[int, int]:
    """For a page without any prose: the lines under its first dated byline ("Posted 11 April
    2018 by Jane Roe") up to the first widget or end marker, a post of notes or photo data;
    (0, 0) when there is no such post."""
    byline = next((b.index for b in blocks if _is_dated_byline(b)), None)
    if byline is None:
        return 0, 0
    end = byline + 1
    while end < len(blocks) and blocks[end].n_words <= MAX_SHORT_POST_WORDS and not (
        is_widget(blocks[end]) or is_end_marker(blocks[end]) or is_metadata_line(blocks[end])
    ):
        end += 1
    return (byline + 1, end) if end - byline - 1 >= MIN_SHORT_POST_LINES else (0, 0)


def _is_dated_byline(block: Block) -> bool:
    """A short line that prints a date and an author: "Posted 11. April 2018 by Jane Roe"."""
    if block.n_words > 16 or not _DIGIT.search(block.text) or not find_dates(block.text):
        return False
    undated = " ".join(remove_dates(block.text).split())
    return looks_like_byline(undated) or bool(person_line_authors(block.text))


MIN_TABLE_ROWS = 3  # data rows under the header row: fewer could be a coincidence of two teasers
MAX_TABLE_COLUMNS = 8
MAX_LABEL_WORDS = 4  # a column label is a word or two ("Pos", "Player", "Points scored")
MAX_CELL_WORDS = 20
MAX_GROUP_LABEL_WORDS = 6  # a label over a group of rows ("Ages 1 to 4", "Group A")
MIN_GROUP_ROWS = 2  # rows under a group label (a label over each row is a list's kicker: "Sport", "Economy")
# "63", "85%", "1,204", "3:45", or with a unit: "2.3 GB/s", "72 kg", "370 €"
_BARE_NUMBER = re.compile(r"^[-+–]?\d[\d.,:/ ]*(?:%|\s?[$£€]|\s?[^\W\d_]{1,3}(?:/[^\W\d_]{1,2})?)?$")


def table_cells(blocks: list[Block]) -> set[int]:
    """Indexes of the cells of tables dumped one cell a block (a stats table between two
    paragraphs, announced without a colon): a header row of short labels, then rows of as
    many cells, the same columns holding bare numbers in every row."""
    numbers = [bool(_BARE_NUMBER.match(b.text)) for b in blocks]
    if sum(numbers) < MIN_TABLE_ROWS:
        return set()
    labels = [_is_label_cell(b) for b in blocks]
    # Numbers seen before each block: a header needs some within reach of its first rows.
    seen = [0]
    for number in numbers:
        seen.append(seen[-1] + number)
    reach = 3 * MAX_TABLE_COLUMNS  # the header, a copy of it, the first row
    cells: set[int] = set()
    i = 0
    while i < len(blocks) - 1:
        header_here = labels[i] and labels[i + 1] and seen[min(len(blocks), i + reach)] > seen[i]
        end = _table_end(blocks, labels, numbers, i) if header_here else i
        cells.update(range(i, end))
        i = max(end, i + 1)
    return cells


def _is_label_cell(block: Block) -> bool:
    """A column label: a word or two without digits, not a menu or widget phrase."""
    if block.n_words > MAX_LABEL_WORDS or _DIGIT.search(block.text) or "\n" in block.text:
        return False
    return not block.n_words or not (is_widget(block) or is_end_marker(block))


def _table_end(blocks: list[Block], labels: list[bool], numbers: list[bool], start: int) -> int:
    """The end of a table whose header row starts at `start` (see `table_cells`), else `start`."""
    for columns in range(2, MAX_TABLE_COLUMNS + 1):
        if start + columns > len(blocks) or not labels[start + columns - 1]:
            return start
        header = [b.key for b in blocks[start : start + columns]]
        first = start + columns
        while [b.key for b in blocks[first : first + columns]] == header:
            first += columns  # the header printed again (a sticky copy)
        for grouped in (0, int(_is_group_label(blocks[first]))):  # (a group label over the first row?)
            end, rows, groups = _table_rows(blocks, numbers, first + grouped, columns)
            # (a label over the first row needs more labels further down: alone, it heads a box)
            if rows >= MIN_TABLE_ROWS and (groups or not grouped):
                return end
    return start


def _table_rows(blocks: list[Block], numbers: list[bool], first: int, columns: int) -> tuple[int, int, int]:
    """The end of the rows shaped like the one at `first` (the bare-number columns the same),
    how many rows, and how many group labels printed across the table between them."""
    shape = numbers[first : first + columns]
    if len(shape) < columns or not any(shape):
        return first, 0, 0
    end, rows, groups = first, 0, 0
    while True:
        if _is_row(blocks, numbers, end, columns, shape):
            end, rows = end + columns, rows + 1
        elif rows and end < len(blocks) and _is_group_label(blocks[end]) and all(
            _is_row(blocks, numbers, end + 1 + k * columns, columns, shape) for k in range(MIN_GROUP_ROWS)
        ):
            end, groups = end + 1, groups + 1
        else:
            return end, rows, groups


def _is_row(blocks: list[Block], numbers: list[bool], i: int, columns: int, shape: list[bool]) -> bool:
    """True when blocks[i : i + columns] are a data row of the table's `shape`."""
    return i + columns <= len(blocks) and numbers[i : i + columns] == shape and _short_cells(blocks[i : i + columns])


def _is_group_label(block: Block) -> bool:
    """A label printed across a table over a group of its rows ("up to 4 years", "Group A"), not
    a widget or an end marker over the page's footer ("Follow us", "Related")."""
    if block.n_words > MAX_GROUP_LABEL_WORDS or "\n" in block.text or _BARE_NUMBER.match(block.text):
        return False
    return not (is_widget(block) or is_end_marker(block))


def _short_cells(row: list[Block]) -> bool:
    """True when every cell of the row is a short one-line text, not an end marker."""
    return all(b.n_words <= MAX_CELL_WORDS and "\n" not in b.text and not is_end_marker(b) for b in row)


MIN_LIST_RUN = 3
LIST_SHAPE_SHARE = 0.6
_PUNCTUATION = re.compile(r"[^\w\s]")


def _shape(text: str) -> str:
    """The punctuation skeleton of a line, without its final stop: "England (Group A): 10th" -> "():"."""
    return "".join(_PUNCTUATION.findall(text.rstrip(".?!… ")))


def trailing_list_run(blocks: list[Block], end: int) -> int:
    """How many blocks right after the article region form a list that belongs to it: an
    optional subheading, then 3+ short items with the texture of running text that mostly
    share one punctuation skeleton ("Norway (Group C): 4th appearance", ...). Teaser and
    menu lists have no such common shape."""
    j = end
    if j < len(blocks) and _is_subheading(blocks[j]) and not (is_widget(blocks[j]) or is_end_marker(blocks[j])):
        j += 1
    k = j
    while (
        k < len(blocks)
        and blocks[k].n_words <= 25
        and is_list_item(blocks[k])
        and not (is_widget(blocks[k]) or is_end_marker(blocks[k]) or is_metadata_line(blocks[k]))
    ):
        k += 1
    if k - j < MIN_LIST_RUN:
        return 0
    shape, count = Counter(_shape(b.text) for b in blocks[j:k]).most_common(1)[0]
    return k - end if shape and count >= LIST_SHAPE_SHARE * (k - j) else 0


_ITEM_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+\S")  # "12. What do you call ...", "3) Tram stop"
MAX_ITEM_GAP = 6  # blocks between two numbered items of a list (an answer, a photo credit, an ad)
MAX_ITEM_WORDS = 60  # a numbered item may be a question or a tip of a sentence or two


def _item_number(block: Block) -> int:
    """The number a list item opens with ("7. ..."), else 0 (also for a date: "15. April: Market")."""
    m = _ITEM_NUMBER.match(block.text) if block.n_words <= MAX_ITEM_WORDS else None
    if not m:
        return 0
    first_word = block.text[m.end() - 1 :].split(maxsplit=1)[0].strip(".,:;").casefold()
    return 0 if first_word in _MONTHS else int(m[1])


def numbered_list_run(blocks: list[Block], start: int, end: int) -> int:
    """How many blocks after the article region continue a numbered list that the region
    opens with item 1 and cuts short (items of short lines score too little to hold the
    region: "24. Question?", "Answer."): up to its last item and the lines under it. The
    numbers only need to count up: long lists skip or misprint some now and then (a "15." that
    opens a date, "15. April: Market", is no item)."""
    last = next((i for i in range(end - 1, max(start, end - MAX_ITEM_GAP) - 1, -1) if _item_number(blocks[i])), None)
    if last is None or not _numbered_from_one(blocks, start, last):
        return 0
    gap = end - last
    while True:
        number = _item_number(blocks[last])
        nxt = next(
            (j for j in range(last + 1, min(len(blocks), last + MAX_ITEM_GAP + 2)) if _item_number(blocks[j])), None
        )
        if nxt is None or _item_number(blocks[nxt]) <= number or any(
            is_end_marker(b) for b in blocks[last + 1 : nxt]
        ):
            break
        gap, last = nxt - last, nxt
    k = last + 1
    while k < min(len(blocks), last + gap) and not (is_end_marker(blocks[k]) or _item_number(blocks[k])):
        if not blocks[k].sentence_end and blocks[k].n_words <= SHORT_FURNITURE_WORDS // 3:
            break  # a short line that is no sentence: the page's furniture under the list ("Imprint")
        k += 1  # (the lines of the last item: as many as under the one before it)
    return max(0, k - end)


def _numbered_from_one(blocks: list[Block], start: int, last: int) -> bool:
    """True when the numbered item blocks[last] is reached from an item 1 in [start, last]
    by items counting up one by one."""
    want = _item_number(blocks[last])
    for i in range(last, start - 1, -1):
        number = _item_number(blocks[i])
        if number and number != want:
            return False
        if number:
            if want == 1:
                return True
            want -= 1
    return False


MAX_CLOSING_LINES = 2  # a last remark or two; a longer run of short lines is a list or furniture
MIN_CLOSING_WORDS = 4  # fewer words make a sign-off or a button ("Viel Glück!", "Read more.")
MAX_CLOSING_WORDS = 25  # (longer text is prose: it scores for the region itself)
# A remark may end on a smiley or emoji, a quote on its author in brackets: "... (Mark Twain)".
_CLOSING_END = re.compile(r"(?:\)|[\u2600-\u27bf\U0001f300-\U0001faff]\ufe0f?|[:;]-?[)DP])\s*$")


def closing_lines(blocks: list[Block], counts: Counter, end: int) -> int:
    """How many short sentences right after the article region close the article: a last
    remark printed once under its last paragraph ("I hope you like it.")."""
    if end == 0 or not is_prose(blocks[end - 1]):
        return 0
    k = end
    while k < min(len(blocks), end + MAX_CLOSING_LINES) and _is_closing_line(blocks[k], counts):
        k += 1
    return k - end


def _is_closing_line(block: Block, counts: Counter) -> bool:
    """A short statement of running text that is no furniture: no widget, byline, caption or
    sign-up, nor a question to the reader ("Was this article helpful?")."""
    return (
        (block.sentence_end or bool(_CLOSING_END.search(block.text)))
        and not (block.text.endswith("?") or block.text.startswith("("))  # (a link or note in brackets)
        and MIN_CLOSING_WORDS <= block.n_words < MAX_CLOSING_WORDS
        and block.lower_ratio >= 0.3
        and counts[block.key] == 1
        and not (is_widget(block) or is_end_marker(block) or is_metadata_line(block) or is_caption_like(block))
        and not _BOILERPLATE_PROSE.search(block.text)
    )


def densest_region(scores: list[float]) -> tuple[int, int]:
    """The run [start, end) with the largest total score (Kadane); (0, 0) if none is positive."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


# Sentences that are site furniture even when they read like prose (sign-up forms,
# consent notes, disclaimers): trimmed when they stand at the edges of the article.
_BOILERPLATE_PROSE = re.compile(
    r"newsletter|datenschutz(?:erklärung|hinweise|bestimmungen)|privacy\s+(?:policy|statement|notice)"
    r"|\bcookies?\b|akismet|\bsubscribe\b|\babonnieren\b|rights\s+reserved|rechte\s+vorbehalten|©"
    r"|\bsign\s+up\b|e-?mail[- ]adresse|email\s+address|advertisers?\b|affiliate|werbepartner"
    r"|terms\s+of\s+(?:use|service)|nutzungsbedingungen|disclaimer|haftungsausschluss|subject\s+to\s+copyright"
    r"|\binbox\b|recaptcha|delivered\s+(?:weekday|daily|every|straight\s+to)|an\s+error\s+(?:has\s+)?occurred"
    r"|try\s+again\s+later|non-commercial\s+use\s+only"
    # the messages of a login or subscription box ("Thank you for registering.", "Vielen Dank für Ihre Anmeldung.")
    r"|^(?:vielen\s+)?dank\s+für\s+ihre\s+(?:registrierung|anmeldung|bestellung)\b"
    r"|^thanks?\s+(?:you\s+)?for\s+(?:registering|signing\s+up|subscribing|your\s+(?:order|registration|subscription))\b"
    r"|download\s+(?:the|our)\s+(?:[\w.-]+\s+){0,3}apps?\s+for\b|angaben\s+ohne\s+gewähr"
    r"|not\s+responsible\s+for\s+(?:the\s+)?(?:opinions|views|statements)|n.engagent\s+que\s+leurs?\s+auteurs?"
    r"|enable\s+javascript|javascript\s+(?:is\s+)?(?:disabled|required)"
    # a site footer's credits: "Design by ...", "Theme von ...", "Powered by ..."
    r"|^(?:web\s?)?(?:design|theme|template|powered)\s+(?:by|von|par|por|da)\s(?:[^\s,;]+\s?){1,4}(?:$|[|.•·]|and\b|und\b)",
    re.IGNORECASE,
)
# The same, for casefolded text (the block keys): without IGNORECASE it runs much faster.
_FOLDED_BOILERPLATE = re.compile(_BOILERPLATE_PROSE.pattern)
_FOLLOW = re.compile(r"^(?:follow|folgen?|suivez|síguenos|seguici|siga|obserwuj)\b", re.IGNORECASE)
_SOCIAL = re.compile(r"facebook|twitter|instagram|linkedin|whatsapp|youtube|pinterest|telegram", re.IGNORECASE)


def is_furniture(block: Block, authors: tuple[str, ...] = (), list_items: set[int] = frozenset()) -> bool:
    """A block that belongs to the page around the article: short non-prose (except the
    items of a list the article announces), a sign-up or consent sentence, a social-media
    invitation, or the author's bio ("Jane Doe is a ...")."""
    if not is_prose(block):
        return block.index not in list_items
    # Two networks make a row of share or follow links; one named twice is the text's subject.
    if _BOILERPLATE_PROSE.search(block.text) or len({m.casefold() for m in _SOCIAL.findall(block.text)}) >= 2:
        return True
    return any(block.text.startswith(name) for name in authors if " " in name)


# An author's bio: a line that opens with a name, then "is a/the ... writer" ("Jane Roe is the
# founder & editor of ...", not "Docker Engine is an open source ...").
_AUTHOR_BIO = re.compile(
    r"^(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){0,2})\s+(?:is|was|ist|war|est|es|è)\s+"
    r"(?:an?|the|ein|eine|der|die|un|une|el|la)?\s*(?:[\w&-]+\s+){0,4}"
    r"(?i:founder|editor|writer|journalist|author|reporter|columnist|consultant|correspondent|contributor|blogger"
    r"|critic|autor|autorin|journalistin|journaliste|redakteur|redakteurin|korrespondent|periodista|escritor)",
    re.MULTILINE,
)


def trim_edges(
    blocks: list[Block], start: int, end: int, authors: tuple[str, ...], list_items: set[int]
) -> tuple[int, int]:
    """Narrow [start, end) so that it neither starts nor ends on page furniture (an author's
    bio only at the end: a lede may well open with the name of its subject)."""
    end = _before_author_box(blocks, start, end, authors)
    while end > start and (
        is_furniture(blocks[end - 1], authors, list_items) or _AUTHOR_BIO.match(blocks[end - 1].text)
    ):
        end -= 1
    while start < end and is_furniture(blocks[start], (), list_items):
        start += 1
    return start, end


AUTHOR_BOX_LINES = 4  # the author's name line and the bio, links or list under it that close the region
MIN_TEXT_ABOVE_BOX = 3  # paragraphs above the name line: fewer, and the name is the story's subject


def _before_author_box(blocks: list[Block], start: int, end: int, authors: tuple[str, ...]) -> int:
    """The end of the region before an author box: a line that prints only the author's name
    among its last lines, after the article text (its bio or a product list follows)."""
    names = {" ".join(name.split()).casefold() for name in authors if " " in name}
    for i in range(max(start + MIN_TEXT_ABOVE_BOX, end - AUTHOR_BOX_LINES), end):
        if blocks[i].key in names:
            return i
    return end


# ---------------------------------------------------------------------------- headers


def is_headline_like(block: Block, full_stop: bool = False, one_word: bool = False, dated: bool = False) -> bool:
    """A short block that could be a headline: a few words, not a sentence ending in '.'
    (unless `full_stop`: a blog headline written as one short sentence; `one_word` lets a
    single word be a headline, "Vereinsgeschichte", "Hope!"; `dated` lets a date stand in it,
    "Report on the tram works of 22.04.2020: what now?")."""
    text = block.text
    if not (1 if one_word else 2) <= block.n_words <= 30 or len(text) > 250 or "\n" in text:
        return False
    # Every word capitalised: a headline in Title Case, even with a full stop ("Fares Rise. Why
    # Riders Need Not Panic."); captions and prose are written in sentence case (and a line in
    # capitals is a tagline: "DELAYS. DEBATE. NEW TRAMS.").
    title_case = block.n_words >= MIN_HEADLINE_WORDS and _is_title_case(text)
    stops = (".", "。", ":", ";", ",")
    if (full_stop or title_case) and block.n_words <= MAX_PROSE_HEADLINE_WORDS:
        stops = (":", ";", ",")
    if text.rstrip("\"'”’»").endswith(stops) and not text.endswith("..."):
        return False
    second = _NEW_SENTENCE.search(text)
    if second and not title_case and len(_WORD.findall(text[: second.start()])) >= MIN_CAPTION_SENTENCE_WORDS:
        return False  # a full sentence and more: a caption ("... in winter. Name / Agency") or prose
    if "@" in text or len(_CRUMB_SEPARATOR.findall(text)) >= 2 or _is_time_line(text):
        return False  # an e-mail address, a breadcrumb trail, a month or a time stamp
    if is_metadata_line(block) and not (dated and not looks_like_byline(text)):
        return False
    return not (is_widget(block) or is_caption_like(block))


_LINK = re.compile(r"\bhttps?://|\bwww\.\w")
# A site's domain name in lower case ("example.co.uk"; not "Node.js" nor "Booking.com").
_SITE_DOMAIN = re.compile(r"(?<![\w.-])[a-z\d][a-z\d-]+\.(?:[a-z]{2,3}\.)?(?:[a-z]{2,3}|info)(?![\w.])")
DOMAIN_LINE_WORDS = 4  # "Review of example.co.uk"; longer lines may be headlines naming a site or a library
# A keyword list: four or more items of a word or two, separated by commas ("Politics, Berlin,
# Tax, Trams"; three make headlines: "Eat, Pray, Love", "Stocks, bonds, gold fall").
_KEYWORD_LIST = re.compile(r"^[^\W\d_][\w-]*(?:\s[\w-]+)?(?:,\s[^\W\d_][\w-]*(?:\s[\w-]+)?){3,}$")
# A reference work's cited fact ("Charm[1]", "Born 1901[12]") or a bracketed link label alone ("[Source]").
_REFERENCE_MARK = re.compile(r"\[\d{1,3}\]|^\[[^\[\]]+\]$")


def _near_headline_furniture(block: Block) -> bool:
    """Lines printed around a headline that never are one: a link, a short line naming a site's
    domain, a keyword list, a "Updated ... / Original ..." line of two dates, the credit line of
    a reviewed book that names its editor ("Jane Roe (Hrsg.) • Title"), a line with a footnote
    mark (an infobox's cited value: a heading cites nothing) or a bracketed link label ("[Source]")."""
    text = block.text
    if _LINK.search(text) or _KEYWORD_LIST.match(text) or _BOOK_EDITOR.search(text) or _REFERENCE_MARK.search(text):
        return True
    if len(text.split()) <= DOMAIN_LINE_WORDS and _SITE_DOMAIN.search(text):
        return True
    return len(find_dates(text)) >= 2


TITLE_CASE_WORDS = 3  # long words that show the case: "Internship at the T.R.A.M." shows none


def _is_title_case(text: str) -> bool:
    """Every word of four letters or more capitalised, as English headlines are written ("Half of
    the Riders Are New to Trams"); not a line in capitals, nor a German sentence (its
    verbs and adjectives are lower case)."""
    words = [w for w in _WORD.findall(text) if len(w) >= 4]
    return len(words) >= TITLE_CASE_WORDS and all(w[0].isupper() for w in words) and not text.isupper()


_CRUMB_SEPARATOR = re.compile(r"\s(?:/|»|›|>|\\)\s")
# The end of a sentence and the start of the next (not "Bros. role", "St. Johannes", nor a
# title before a name: "Rep. Jane Roe", "Prof. Dr. Roe", nor a German address or legal
# reference: "Hauptstr. 5", "Nr. 12", "Abs. 2", "Art. 3").
_NEW_SENTENCE = re.compile(
    r"(?<![^\W\d_])(?!(?:Rep|Sen|Gov|Gen|Col|Sgt|Capt|Prof|Mrs|Rev|Hon|Str|Dipl|Nr|Abs|Art)\.)"
    r"[^\W\d_]{2}[a-zäöüß]+\.\s+(?![a-zäöüß])\S"
)
MIN_CAPTION_SENTENCE_WORDS = 6  # shorter first sentences open headlines ("Vegetarier zu sein. Bedarf ...?")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_TIME_WORDS = re.compile(r"\d+|\b(?:uhr|am|pm|h)\b", re.IGNORECASE)


def _is_time_line(text: str) -> bool:
    """A line that is only a date, a month and year, or a time stamp ("Januar 2022",
    "21 сентября 2018, 09:12", "Jan 04 09:34 2021"): numbers and at most one other word."""
    if not _DIGIT.search(text):
        return False
    months = any(w.casefold().rstrip(".") in _MONTHS for w in text.split())
    if not (months or _CLOCK.search(text) or find_dates(text)):
        return False  # "Commerce 3.0", "Ferienhaus 2": a name with a number
    words = _WORD.findall(_TIME_WORDS.sub(" ", remove_dates(text)))
    return len(words) <= 1


TITLE_WINDOW = 25  # blocks before the body searched for the headline


def _content_words(text: str) -> set[str]:
    """Casefolded words of 4+ letters (the ones a headline shares with its article)."""
    return {w.casefold() for w in _WORD.findall(text) if len(w) >= 4}


LEAD_BLOCKS = 8  # the article's first blocks, whose words its headline shares


def _lead_words(blocks: list[Block], start: int, stop: int, skip: int | None = None) -> set[str]:
    """Content words of the article's first blocks `start:stop`, without block `skip`: a
    headline candidate among them shares all its words with itself, which is no evidence."""
    return _content_words(" ".join(b.text for b in blocks[start:stop] if b.index != skip))


def headline_score(block: Block, distance: int, repeats: int, body_words: set[str], before_anchor: bool) -> float:
    """How much a headline-like block looks like this article's headline.

    Evidence: it shares words with the article, it sits close above the body (or just
    above the byline/date), the site prints it twice (breadcrumb, share box), it has a
    headline's length and is not a bare person name (an author line without "By").
    """
    words = _content_words(block.text)
    overlap = len(words & body_words) / len(words) if words else 0.0
    score = 3.0 * overlap - 0.12 * distance + min(block.n_words, 8) / 8
    if repeats >= 2 and block.n_words > 2:
        score += 0.5  # (a word or two printed twice is a menu entry or section label: "Energy & Climate")
    if before_anchor:
        score += 1.0
    if block.n_words <= 2:
        score -= 1.0
    if looks_like_person(block.text):
        score -= 2.0
    if "|" in block.text or block.text.endswith(("-", "»", "›")):
        score -= 1.0
    return score


def looks_like_person(text: str) -> bool:
    """2-4 capitalised words and nothing else: an author's name printed without "By"."""
    words = text.split()
    return 2 <= len(words) <= 4 and parse_authors(text) == (text.strip(),)


_JOB_TITLE = re.compile(
    r",\s+(?:[\w.&-]+\s+){0,4}(?i:writer|editor|reporter|correspondent|columnist|critic|contributor"
    r"|photographer|redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|journaliste?|rédact(?:eur|rice))\s*$"
)


def _credited_person(blocks: list[Block], i: int) -> bool:
    """A name and a job title next to a byline or date line: the byline ("Jane Roe, Senior
    Political Writer" over "Updated 9:14 am"). Elsewhere such a line may be a headline ("Meet
    Jane Roe, Food Critic")."""
    role = _JOB_TITLE.search(blocks[i].text)
    if not role or not looks_like_person(blocks[i].text[: role.start()]):
        return False
    return any(0 <= j < len(blocks) and is_metadata_line(blocks[j]) for j in (i - 1, i + 1))


DEK_BONUS = 1.2
CRUMB_BONUS = 1.0
HEADLINE_OVERLAP = 0.5  # share of its words a headline shares with the article's first paragraphs
MIN_HEADLINE_WORDS = 4  # fewer words above a standfirst make a kicker or section label, not a headline
MAX_PROSE_HEADLINE_WORDS = 15


def _is_dek(block: Block, headline: Block) -> bool:
    """True when `block` reads like the standfirst under `headline`: longer, lower-case text."""
    return headline.n_words < block.n_words <= 60 and block.lower_ratio >= 0.3 and not is_widget(block)


def _kicker_of(block: Block, below: Block) -> bool:
    """True when `block` is a kicker of a few words over the headline `below` (not a headline
    over its standfirst): the longer line is headline-like, not a sentence."""
    return block.n_words < MIN_HEADLINE_WORDS and not below.sentence_end and is_headline_like(below)


def _could_head(block: Block, body_words: set[str], counts: Counter) -> bool:
    """A headline-like block of a few words that shares most of them with the article: not a
    section label ("Higher education"), a credit ("Symbolbild / Agentur") or a tag row that
    the page prints again below the article ("Technology Alibaba Jack Ma")."""
    words = _content_words(block.text)
    return _headline_shaped(block, counts) and len(words & body_words) >= HEADLINE_OVERLAP * max(1, len(words))


def _headline_shaped(block: Block, counts: Counter) -> bool:
    """A headline-like block of a few words, printed once and without a breadcrumb's separators."""
    if block.n_words < MIN_HEADLINE_WORDS or counts[block.key] > 1:
        return False
    return not (_CRUMB_SEPARATOR.search(block.text) or "|" in block.text) and is_headline_like(block)


def _heads_standfirst(blocks: list[Block], i: int, anchor: int | None, body_words: set[str], counts: Counter) -> bool:
    """True when block `i` is a headline over the standfirst below it: it could head the article
    (see _could_head), or the two stand right above the byline/date line, the slot of a headline and
    its standfirst, where a feature's headline may share no word with the text ("Vom Winde verweht").
    Not when a headline-like line of a few words stands above it too: that is a column of teasers."""
    if _could_head(blocks[i], body_words, counts):
        return True
    teasers = i > 0 and _headline_shaped(blocks[i - 1], counts)
    return i + 2 == anchor and not teasers and _headline_shaped(blocks[i], counts)


UNDER_ANCHOR_BONUS = 2.0
KICKER_PENALTY = 1.0
ECHO_BONUS = 1.5
HEADED_BONUS = 1.0


def _alone(blocks: list[Block], counts: Counter, i: int) -> bool:
    """True when the lines next to block `i` (past copies of it right next to it) are printed
    once: not an entry of a menu that the page prints twice."""
    key = blocks[i].key
    before = next((j for j in range(i - 1, -1, -1) if blocks[j].key != key), None)
    after = next((j for j in range(i + 1, len(blocks)) if blocks[j].key != key), None)
    return all(j is None or counts[blocks[j].key] == 1 for j in (before, after))


def _printed_again_alone(blocks: list[Block], counts: Counter, i: int, body_start: int) -> bool:
    """True when block `i` stands alone and the page prints it again alone above the text: a
    headline repeated by a breadcrumb or a share box. (A menu printed twice repeats each entry
    between other repeated entries; below the text, a tag row or a teaser is printed again.)"""
    if not _alone(blocks, counts, i):
        return False
    key = blocks[i].key
    return any(b.key == key and b.index != i and _alone(blocks, counts, b.index) for b in blocks[:body_start])


def _echoed_nearby(blocks: list[Block], i: int, body_start: int) -> bool:
    """True when a copy of block `i` stands a few lines from it above the text, between other
    lines than block `i` itself: a breadcrumb trail ending in the headline over the heading, or
    a headline printed twice. (A menu printed twice repeats its entries' neighbours too.)"""

    def neighbours(j: int) -> tuple[str | None, str | None]:
        return (blocks[j - 1].key if j > 0 else None, blocks[j + 1].key if j + 1 < len(blocks) else None)

    before, after = neighbours(i)
    for j in range(max(0, i - HEADER_SPAN), min(body_start, i + HEADER_SPAN + 1)):
        if j != i and blocks[j].key == blocks[i].key:
            other_before, other_after = neighbours(j)
            if other_before != before and other_after != after:
                return True
    return False


def _under_anchor(blocks: list[Block], i: int, anchor: int | None, body_start: int) -> bool:
    """True when block `i` stands between the date/byline line and the article's first paragraph
    ("3 March 2021" / "Headline" / text): the headline printed under its date. Not when a
    headline-like line stands above the date (then block `i` is its subtitle or a caption),
    unless that line is the start of block `i` (a shortened title above the full one)."""
    if anchor is None or i != anchor + 1:
        return False
    above = blocks[anchor - 1] if anchor > 0 else None
    if above is not None and is_headline_like(above) and not blocks[i].text.startswith(above.text):
        return False
    return i + 1 == body_start or (i + 1 < len(blocks) and is_prose(blocks[i + 1]))


_CONTENTS_LABEL = re.compile(
    r"^(?:(?:table\s+of\s+)?contents|inhalt|inhaltsverzeichnis|inhaltsübersicht|sommaire|table\s+des\s+matières"
    r"|índice|indice|contenidos|spis\s+treści|inhoud(?:sopgave)?|abstract|zusammenfassung|résumé|resumen)\s*:?$",
    re.IGNORECASE,
)


# "Label: short value" ("Publisher: Northern Press", "Band 3: Heimweh", "Release date: 2020").
_FIELD_ROW = re.compile(r"^[^\W\d_][\w.-]*(?:\s[\w.-]+)?\s?:\s+(?P<value>\S.*)$")
FIELD_VALUE_WORDS = 6  # longer values make a "Kicker: headline" line
FACT_BOX_ROWS = 3


def _is_field_row(block: Block) -> bool:
    """A "Label: value" row of a fact box (not a byline or date line: "By: ...", "Updated: ...")."""
    if is_metadata_line(block):
        return False
    m = _FIELD_ROW.match(block.text)
    return bool(m) and len(m["value"].split()) <= FIELD_VALUE_WORDS


def _in_fact_box(blocks: list[Block], i: int) -> bool:
    """True when block `i` is in a run of "Label: value" rows: a fact box (a book's publisher
    and pages, a product's specs), not a headline. (One such line next to it may be a date
    line under a "Kicker: headline".)"""
    if not _is_field_row(blocks[i]):
        return False
    first = next((j + 1 for j in range(i - 1, -1, -1) if not _is_field_row(blocks[j])), 0)
    last = next((j for j in range(i + 1, len(blocks)) if not _is_field_row(blocks[j])), len(blocks))
    return last - first >= FACT_BOX_ROWS


def _opens_text(block: Block) -> bool:
    """True for a prose block that may be the article's first paragraph: not a photo caption
    ("... - Foto: Name"), which a page may print above its headline."""
    return is_prose(block) and not is_caption_like(block)


# A slide show's buttons printed as one line ("Previous Next", "ZurückWeiter").
_CAROUSEL_CONTROL = re.compile(r"^(?:previous|prev|zurück|vorherige?)\s*(?:next|weiter|nächste?)$", re.IGNORECASE)


def below_carousel(blocks: list[Block], lo: int, limit: int, anchor: int | None) -> int:
    """The top of the headline search: under a slide show's buttons when a headline-like line
    stands between them and the text. The headline-like lines above the buttons are its
    slides' captions, not the article's headline. (Not when the byline/date line stands above
    the buttons: the headline is over it, and the slides belong to the article.)"""
    for i in range(limit - 1, lo - 1, -1):
        if _CAROUSEL_CONTROL.match(blocks[i].text):
            if anchor is not None and anchor < i:
                return lo
            return i + 1 if any(is_headline_like(b) for b in blocks[i + 1 : limit]) else lo
    return lo


def find_title(
    blocks: list[Block],
    counts: Counter,
    body_start: int,
    anchor: int | None,
    body_words: set[str],
    wrapped: set[int] = frozenset(),
) -> int | None:
    """Index of the headline: the best-scoring headline-like block above the body (never a
    line of a `wrapped` text)."""
    best, best_score = None, float("-inf")
    # Inside the body region only the header lines before its first prose block are candidates,
    # and that block too when it is short and headline-like (a question: "Leasen oder kaufen?").
    # (A photo caption opening the region is no lede: the headline may stand under it.)
    limit = next((i for i in range(body_start, len(blocks)) if _opens_text(blocks[i]) or i in wrapped), len(blocks))
    if limit < len(blocks) and limit not in wrapped and blocks[limit].n_words <= MAX_PROSE_HEADLINE_WORDS:
        limit += 1
    header_limit = limit
    if anchor is not None and anchor > limit:
        limit = anchor  # the lines above the byline/date line are the header, also inside the region
    lo = reach_above(blocks, body_start, TITLE_WINDOW, _is_header_filler)
    lo = below_carousel(blocks, lo, limit, anchor)
    # A byline beyond find_anchor's first reach was found under its headline (see headed_byline).
    headed = anchor is not None and anchor < reach_above(blocks, body_start, ANCHOR_REACH)
    # The lines under a table of contents or an "Abstract" label are the article's own section headings.
    toc = next((i for i in range(body_start - 1, lo - 1, -1) if _CONTENTS_LABEL.match(blocks[i].text)), None)
    if toc is not None:
        lo = max(0, lo - (body_start - toc))  # (its lines do not count: a long one pushes the headline up)
    for i in range(lo, limit):
        block = blocks[i]
        if toc is not None and toc < i < body_start:
            continue
        # Right above the byline/date line, a short sentence may be the headline (blogs), and
        # right above the body or the byline a single word the page prints nowhere else (a
        # word that the menu prints too is a section label) or that names the page.
        one_word = i + 1 in (anchor, body_start) and (counts[block.key] == 1 or _names_page(block, counts, body_words))
        under_anchor = _under_anchor(blocks, i, anchor, body_start)
        full_stop = i + 1 == anchor or under_anchor
        # Under the page's date line, a sentence that prints a date names that date in its words
        # ("Report of 22.04.2020: what now?"); the page's date line stands above it (unless the
        # sentence labels the date itself: "Posted on 12 March 2024 in News").
        dated = anchor is not None and anchor < i and is_prose(block) and not _PUBLISHED_LABEL.search(block.text)
        if i in wrapped or not is_headline_like(block, full_stop=full_stop, one_word=one_word, dated=dated):
            continue
        if i >= header_limit and looks_like_person(block.text):
            continue  # inside the region, a name line above the date is the byline
        if _in_fact_box(blocks, i) or _near_headline_furniture(block) or _credited_person(blocks, i):
            continue
        before_anchor = anchor is not None and 0 < anchor - i <= 3
        distance = min(abs(body_start - i), abs(anchor - i) if anchor is not None else len(blocks))
        # A line inside the region (a header line, a short first line) is one of the lead's blocks:
        # only the words it shares with the others count.
        shared = body_words
        if body_start <= i < body_start + LEAD_BLOCKS:
            shared = body_words & _lead_words(blocks, body_start, body_start + LEAD_BLOCKS, skip=i)
        score = headline_score(block, distance, counts[block.key], shared, before_anchor)
        if (counts[block.key] > 1 and block.n_words > 2) and (
            _printed_again_alone(blocks, counts, i, body_start) or _echoed_nearby(blocks, i, body_start)
        ):
            score += ECHO_BONUS  # (a word or two printed twice is a section label: see headline_score)
        if under_anchor:
            score += UNDER_ANCHOR_BONUS  # a date line above and the text right below: a strong headline slot
        if any(_glued_onto(b.text, block) for b in blocks[max(0, i - HEADER_SPAN) : i + HEADER_SPAN]):
            score += CRUMB_BONUS  # the site also prints it at the end of its breadcrumb trail
        standfirst = i + 1 < len(blocks) and i + 1 != body_start  # (the body's first paragraph is its lede)
        if standfirst and _is_dek(blocks[i + 1], block) and not _kicker_of(block, blocks[i + 1]):
            score += DEK_BONUS  # a headline is often followed by its longer standfirst
        if headed and i + 2 == anchor:
            score += HEADED_BONUS  # that headline: not a box's heading between the header and the text
        if i > 0 and _is_dek(block, blocks[i - 1]) and _heads_standfirst(blocks, i - 1, anchor, body_words, counts):
            score -= DEK_BONUS  # ... and that standfirst is not the headline
        below = blocks[i + 1] if i + 1 < len(blocks) and i + 1 != body_start else None
        if below is not None and below.n_words > block.n_words and _kicker_of(block, below):
            score -= KICKER_PENALTY  # a few words over a longer headline line are its kicker ("City council")
        if score > best_score:
            best, best_score = i, score
    return best


PAGE_NAME_REPEATS = 3  # menu entry, breadcrumb and heading: a word printed twice is a menu's section label


def _names_page(block: Block, counts: Counter, body_words: set[str]) -> bool:
    """True for a block the page prints three times that the article itself talks about: the
    name of the place, product or topic the page is about ("Ischgl", "Design")."""
    words = _content_words(block.text)
    return counts[block.key] >= PAGE_NAME_REPEATS and bool(words) and words <= body_words


MIN_UNGLUED_WORDS = 3


def _glued_onto(text: str, tail: Block) -> bool:
    """True when `text` is `tail` with a kicker or breadcrumb glued in front
    ("Forum>iPhone>Headline", "Home » News » Headline", "Section Headline"), not "15. Forum"."""
    if tail.n_words < MIN_UNGLUED_WORDS or len(tail.text) >= len(text) or not text.endswith(tail.text):
        return False
    glued = text[: -len(tail.text)]
    return not glued[-1].isalnum() and any(c.isalpha() for c in glued)


_LINK_ARROW = re.compile(r"^\[?[>›»]+\s+")  # "[> Headline", "› Headline": a link's arrow, not a quote ("»Zitat«")


def unglued_title(blocks: list[Block], best: int) -> str:
    """The headline as printed alone elsewhere on the page (the share box, the breadcrumb, the
    footer) when the chosen line has a kicker glued in front; without an arrow printed before it."""
    text = _LINK_ARROW.sub("", blocks[best].text)
    return next((b.text for b in blocks if _glued_onto(text, b)), None) or _without_kicker(text, blocks)


def _without_kicker(text: str, blocks: list[Block]) -> str:
    """`text` without the kicker glued in front of it when the page's document title prints that
    kicker as its own segment before a short form of the headline: "Kicker - Short headline"
    over "Kicker Short headline in full" gives "Short headline in full"."""
    first = text.split(maxsplit=1)[0]
    for block in blocks:
        if not block.text.startswith(first):
            continue
        parts = _SEGMENT_SEPARATOR.split(block.text, maxsplit=1)
        if len(parts) < 2 or not text.startswith(parts[0] + " "):
            continue
        rest = text[len(parts[0]) + 1 :]
        if rest.startswith(parts[1]) and len(_WORD.findall(parts[1])) >= MIN_UNGLUED_WORDS:
            return rest
    return text


MIN_COLON_KICKER_WORDS = 3  # "Lesen Sie:", "Aktuelle Seite:" are labels; a kicker names the story's subject


def with_colon_kicker(blocks: list[Block], counts: Counter, best: int, title: str) -> str:
    """The headline with the kicker the page printed on the line above it, ending in a colon
    ("Tram works on Main Street:" / "Council halts the digging"): the two parts of one heading,
    split by the dump, which the headline reads with ("Tram works on Main Street: Council halts
    the digging"). A label of a word or two ("Related:") or a line printed more than once is no kicker."""
    kicker = blocks[best - 1] if best > 0 else None
    if kicker is None or not kicker.text.endswith(":") or counts[kicker.key] > 1:
        return title
    if kicker.n_words < MIN_COLON_KICKER_WORDS or not is_headline_like(replace(kicker, text=kicker.text[:-1])):
        return title
    return f"{kicker.text} {title}"


# The heading of a comment section quotes the article's title: '5 thoughts on “Title”',
# '4 Gedanken zu „Title“', '6 Kommentare zu “Title”'; so does a shop's review section
# ('Customer reviews for “Product”', 'Kundenbewertungen für "Product"').
_COMMENTS_ON = re.compile(
    r"^\W{0,2}(?:\d+\s+(?:comments?|thoughts|responses|replies|kommentare?|gedanken|antworten|réponses?|commentaires?)"
    r"|(?:\d+\s+)?(?:customer\s+|kunden)?(?:reviews|bewertungen|rezensionen))"
    r"\s+(?:on|to|zu|auf|à|sur|for|of|für)\s+[“„\"«»‘'](?P<title>[^“”„\"«»]{3,200})[”“\"«»’']\s*$",
    re.IGNORECASE,
)


def commented_title(blocks: list[Block]) -> str | None:
    """The article's title as its comment section quotes it, printed as the page prints it
    elsewhere when a block holds the same words ("Monday Notes" / "MONDAY NOTES")."""
    for block in blocks:
        m = _COMMENTS_ON.match(block.text) if block.n_words <= 45 else None
        if m:
            return _as_printed_on_page(m["title"].strip(), blocks)
    return None


def _as_printed_on_page(quoted: str, blocks: list[Block]) -> str:
    """`quoted` as a block of the page prints the same words, else as quoted."""
    key = " ".join(quoted.split()).casefold()
    return next((b.text for b in blocks if b.key == key), quoted)


# A forum reply's subject line quotes its thread's title: "Re: Title", "AW: Title".
_REPLY_SUBJECT = re.compile(r"^(?:re|aw|sv|antw)\s*:\s*(?P<title>\S.{2,200})$", re.IGNORECASE)
MIN_REPLIES = 2  # one "Re:" line may be a teaser for another thread


def replied_title(blocks: list[Block], start: int) -> str | None:
    """The thread's title as the subject lines of its replies quote it ("Re: Title" printed over
    two replies or more in or under the article region) and the page prints it alone above
    the region (the thread's heading; not a sidebar's list of other threads), as printed there."""
    subjects = Counter(  # (the thread's replies: in or under the region, not a sidebar above it)
        " ".join(m["title"].split()) for b in blocks[start:] if ":" in b.text[:8] and (m := _REPLY_SUBJECT.match(b.text))
    )
    quoted = next((text for text, n in subjects.most_common(1) if n >= MIN_REPLIES), None)
    if quoted is None:
        return None
    return next((b.text for b in blocks[:start] if b.key == quoted.casefold()), None)


ANCHOR_REACH = 12  # blocks above the body start searched for the byline/date line
SHARE_BUTTON_WORDS = 4  # "Facebook", "Share this with Twitter"
SHARE_PANEL_FACTOR = 4  # a share panel may stretch the header's reach this many times over


def _is_share_button(block: Block) -> bool:
    """A widget or a social network's button ("Share this with Facebook", "WhatsApp"): a share
    panel prints dozens of them between the header and the text."""
    return is_widget(block) or (block.n_words <= SHARE_BUTTON_WORDS and bool(_SOCIAL.search(block.text)))


def _is_header_filler(block: Block) -> bool:
    """A share button, or a label or bare value of a fact box dumped one field a line
    ("Kalorien:", "434"): a box of forty such lines parts the headline from the text no
    more than one row does."""
    return _is_share_button(block) or block.text.endswith(":") or bool(_BARE_NUMBER.match(block.text))


def reach_above(
    blocks: list[Block], start: int, reach: int, uncounted: Callable[[Block], bool] = _is_share_button
) -> int:
    """The index `reach` blocks above `start`, not counting share buttons and widgets: a share
    panel of thirty lines parts the header from the text no more than one line does. (Never
    more than SHARE_PANEL_FACTOR times `reach` blocks up: the header search stays short.)"""
    counted, top = 0, max(0, start - SHARE_PANEL_FACTOR * reach)
    for i in range(start - 1, top - 1, -1):
        counted += not uncounted(blocks[i])
        if counted == reach:
            return i
    return top


def find_anchor(blocks: list[Block], start: int, counts: Counter) -> int | None:
    """The first byline/date line around the start of the body (the header's last line)."""
    lo = reach_above(blocks, start, ANCHOR_REACH)
    first = None
    for i in range(lo, min(len(blocks), start + 6)):
        if i >= start and blocks[i].n_words >= 40:
            break
        if is_metadata_line(blocks[i]):
            first = i if first is None else first
    if first is None:
        first = headed_byline(blocks, lo, reach_above(blocks, start, TITLE_WINDOW), counts)
    return first


def headed_byline(blocks: list[Block], below: int, top: int, counts: Counter) -> int | None:
    """A byline further above the body than the header usually reaches (a verdict box, a fact
    box or share buttons stand between), taken only when it names an author and a date right
    under a headline printed once and its standfirst: the head of the article itself, not a
    teaser's date line nor a form's heading and prompt (a calendar's title over "Please choose a date")."""
    for i in range(below - 1, max(1, top + 1), -1):  # (the nearest first; its headline no higher than `top`)
        headline, standfirst = blocks[i - 2], blocks[i - 1]
        if not _is_dated_byline(blocks[i]) or counts[headline.key] > 1 or is_metadata_line(standfirst):
            continue
        if is_prose(standfirst) and is_headline_like(headline) and _is_dek(standfirst, headline):
            return i
    return None


MIN_STANDFIRST_WORDS = 4
MIN_LEAD_IN_WORDS = 2  # one word with a colon is a label ("Summary:", "Inhalt:")


def _is_standfirst(blocks: list[Block], counts: Counter, i: int, title_index: int | None, anchor: int | None) -> bool:
    """True when blocks[i], right above the first paragraph and below the headline and the
    byline/date line, is the article's own standfirst or subheading, not page furniture."""
    block = blocks[i]
    if any(j is not None and j >= i for j in (title_index, anchor)) or counts[block.key] > 1:
        return False
    if _continues_sentence(block, blocks[i + 1]):
        return True  # the first words of the lede, printed apart ("The poster contest / is open to ...")
    if block.text.endswith(":") and block.n_words >= MIN_LEAD_IN_WORDS:
        # A lead-in that announces the first paragraph ("Die Leitsätze des Gerichts:").
        return not (is_widget(block) or is_end_marker(block) or is_metadata_line(block))
    if block.n_words < MIN_STANDFIRST_WORDS or block.lower_ratio < 0.3:
        return False  # a label, a name, a button row ("Social Share", "Sicherer Download")
    if is_widget(block) or is_end_marker(block) or is_metadata_line(block) or is_caption_like(block):
        return False
    return is_headline_like(block, full_stop=True) or (is_prose(block) and not _BOILERPLATE_PROSE.search(block.text))


def standfirst_above_byline(
    blocks: list[Block], counts: Counter, title_index: int | None, start: int
) -> Block | None:
    """The standfirst right under the headline, when only header lines (byline, date, photo
    and its credit, share buttons) part it from the body: a sentence printed once, not a
    breadcrumb nor a sign-up line. It is the article's own summary, kept with its text."""
    if title_index is None or title_index + 1 >= start:
        return None
    block = blocks[title_index + 1]
    if not is_prose(block) or counts[block.key] > 1 or any(is_prose(b) for b in blocks[block.index + 1 : start]):
        return None
    return None if _CRUMB_SEPARATOR.search(block.text) or _BOILERPLATE_PROSE.search(block.text) else block


def header_end(blocks: list[Block], start: int) -> int:
    """Index just past the header lines (bylines, dates, roles) at the top of the body region."""
    end = start
    for i in range(start, min(len(blocks), start + 6)):
        if is_prose(blocks[i]):
            break
        if is_metadata_line(blocks[i]):
            end = i + 1
    return end


def header_blocks(blocks: list[Block], title_index: int | None, anchor: int | None, start: int) -> list[Block]:
    """The blocks around the headline and above the first body paragraph, where bylines and dates sit."""
    top = min(i for i in (title_index, anchor, start) if i is not None)
    first_prose = next((i for i in range(start, len(blocks)) if is_prose(blocks[i])), start)
    return blocks[max(0, top - 3) : first_prose + 3]


PERSON_LINE_WINDOW = 8  # blocks around the headline where a bare name line is taken as the byline
TRAILING_CREDIT_WINDOW = 3  # blocks after the body where an author credit may stand
DATED_NAME_WINDOW = 30  # blocks around the header searched for a "name + date" line
# Blocks around the body's end where an author box may start (the body may end on a list).
AUTHOR_BOX_BEFORE, AUTHOR_BOX_AFTER = 5, 6


def find_byline(
    blocks: list[Block], header: list[Block], title_index: int | None, end: int, page: str
) -> tuple[str | None, tuple[str, ...]]:
    """The byline as printed and its authors, by decreasing evidence: a "By ..." line in the
    header; a line of names (or an agency) printed with a date near the header ("Jane Doe |
    19.10.2019"); a "By ..."/"Posted by ..." line further down the article or just after it; a
    line of bare names near the headline (not amid menu items).

    A bare name line is rejected when one of its words also appears in lower case on the
    page: then it is a Title Case phrase ("Aktuelle Meldungen"), not a person's name.
    """
    for block in header:
        segment = _byline_segment(block) or _name_under_byline_word(blocks, block)
        if segment:
            return segment, parse_authors(segment)
    read_lower_words = cache(partial(lower_case_words, page))  # (read only when a name line turns up)

    def person_line(block: Block) -> tuple[str, ...]:
        return _person_line(block, read_lower_words)

    if not header:
        return None, ()
    # A line that prints names together with a date ("Jane Doe | 19.10.2019, 05:00 Uhr") is a
    # byline even a little away from the header (the dump may put a teaser in between).
    lo, hi = max(0, header[0].index - DATED_NAME_WINDOW), min(len(blocks), header[-1].index + DATED_NAME_WINDOW)
    for block in blocks[lo:hi]:
        if block.n_words <= 16 and _DIGIT.search(block.text) and find_dates(block.text):
            names = person_line(block)
            if names:
                return block.text, names
            # The dump may print the name and the date of one byline as two lines (above the
            # article's end: below it, such pairs head comments).
            split = 0 < block.index < end and is_date_line(block.text, max_words=8)
            above = blocks[block.index - 1] if split else None
            names = person_line(above) if above and above.n_words <= 6 else ()
            names = names or _agency_line(above)
            if names:
                return above.text, names
    # A line with a byline word ("Posted by", "Von", "Text:") inside or just after the article,
    # else a little above the header.
    below = blocks[header[-1].index : end + TRAILING_CREDIT_WINDOW]
    above = blocks[max(0, header[0].index - DATED_NAME_WINDOW) : header[0].index]
    for block in below + above[::-1]:
        segment = None if _COMMENT_AUTHOR.search(block.text) else _byline_segment(block)
        segment = segment or _name_under_byline_word(blocks, block)
        if segment:
            return segment, parse_authors(segment)
    if title_index is not None:
        lo, hi = max(0, title_index - PERSON_LINE_WINDOW), min(len(blocks), title_index + PERSON_LINE_WINDOW + 1)
        near = [b for b in blocks[lo:hi] if b.index != title_index and b.n_words <= 12 and not _in_menu(blocks, b)]
        for block in sorted(near, key=lambda b: (b.index < title_index, abs(b.index - title_index))):
            names = person_line(block)
            if names:
                return block.text, names
    # An author box right under the article: its first line is the author's name.
    for block in blocks[max(0, end - AUTHOR_BOX_BEFORE) : end + AUTHOR_BOX_AFTER]:
        names = person_line(block) if block.n_words <= 6 else ()
        if names:
            return block.text, names
    return None, ()


def _agency_line(block: Block | None) -> tuple[str, ...]:
    """The agency a line prints alone ("JIJI", "AFP") above the date line of a byline, else ()."""
    text = block.text.strip() if block else ""
    return (text,) if is_news_agency(text) else ()


MENU_RUN = 2  # short lines on each side of a line that make it a menu item
MENU_ITEM_WORDS = 3


def _in_menu(blocks: list[Block], block: Block) -> bool:
    """True for a line amid menu items: at least MENU_RUN short lines of words (no date, no
    count) just above it and just below it ("National", "Asia Pacific", "Business", "World")."""

    def short(i: int) -> bool:
        return 0 <= i < len(blocks) and blocks[i].n_words <= MENU_ITEM_WORDS and not _DIGIT.search(blocks[i].text)

    return all(short(block.index - k) and short(block.index + k) for k in range(1, MENU_RUN + 1))


FAR_CREDIT_BLOCKS = 25  # blocks under the article where a byline the dump split off may stand


def page_credit(blocks: list[Block], end: int) -> tuple[str | None, tuple[str, ...]]:
    """The author when nothing around the article names one, from the blocks just under it
    (further down, a byline is another story's): a byline ("Posted by Jane Roe at 2:33 PM",
    split off from a post's text), else the name under an "About the author" heading."""
    below = blocks[end : end + FAR_CREDIT_BLOCKS]
    for block in below:
        segment = None if _COMMENT_AUTHOR.search(block.text) else _byline_segment(block)
        # (a post's meta line may run on into its tags: "Posted by Jane Roe at 18:52 Tagged with: ...")
        tags = _TAGS_LABEL.search(block.text)
        if not segment and tags and looks_like_byline(block.text[: tags.start()]):
            segment = block.text[: tags.start()]
        if segment:
            return segment, parse_authors(segment)
    # Else the name an author box's heading announces ("About the author - Jane Roe", or on the next line).
    for block in below:
        m = _ABOUT_AUTHOR.match(block.text)
        if not m:
            continue
        named = m["name"] or (blocks[block.index + 1].text if block.index + 1 < len(blocks) else "")
        names = person_line_authors(named)
        if names:
            return named, names
    return None, ()


_TAGS_LABEL = re.compile(r"\s(?:tagged\s+with|tags|filed\s+under|categories|kategorien|schlagwörter)\s*:", re.I)
_ABOUT_AUTHOR = re.compile(
    r"(?:about\s+the\s+author|über\s+(?:den|die)\s+autor(?:in)?|à\s+propos\s+de\s+l['’]auteur|sobre\s+el\s+autor)"
    r"\s*(?:[:|–—-]\s*)?(?P<name>.*)",
    re.IGNORECASE,
)
def lower_case_words(page: str) -> set[str]:
    """The words the page prints in lower case (not counting those of addresses such as
    jane.doe@example.com, which print names in lower case, nor the name an author's bio opens
    with: "Bill Carter is a senior writer" makes "Bill Carter" a name, though "bill" is a word)."""
    bio_names = {w.casefold() for m in _AUTHOR_BIO.finditer(page) if " " in m["name"] for w in m["name"].split()}
    return set(re.findall(r"\b[a-zß-ÿ][\w-]*", _ADDRESS.sub(" ", page))) - bio_names


# The label of a photo credit: "Foto:", "Photo:", "Fot." (Polish), "Bild:".
_PHOTO_LABEL = re.compile(r"\s*(?:foto|fot|photo|bild|image|picture)s?\s*[:.]", re.IGNORECASE)

# The mark of a book's editor ("Jane Roe (Hrsg.)", "(eds.)"): a reviewed book's credit, not a byline.
_BOOK_EDITOR = re.compile(r"\((?:hrsg|hg|eds?|éd|dir)\.?\)", re.IGNORECASE)


def _person_line(block: Block, lower_words: Callable[[], set[str]]) -> tuple[str, ...]:
    """The names of a line that prints only names (and maybe a date), unless they are a Title
    Case phrase: a word of theirs the page (`lower_words()`) also prints in lower case."""
    if _COMMENT_AUTHOR.search(block.text) or is_widget(block) or _BOOK_EDITOR.search(block.text):
        return ()  # "Jane Doe sagt:" heads a comment; "Privacy Policy" is a link; "Jane Roe (Hrsg.)" edited a book
    if _PHOTO_LABEL.match(block.text):
        return ()  # "Foto: Jane Roe / Agentur" credits a picture
    names = person_line_authors(block.text)
    if not names or (len(names) == 1 and is_desk(names[0])):
        return names  # (a newsroom, "Redaktion", has a noun's ending)
    words = [w.casefold().strip(".,") for n in names for w in n.split()]
    # (a user name printed in lower case, "jdoe", is found in lower case on the page by definition;
    # so is a capitalised particle inside a name, "Ana De Vita", on a page in its language)
    lower = lower_words() if not (len(names) == 1 and " " not in names[0]) else set()
    particles = {w.casefold() for n in names for w in n.split()[1:] if w.istitle() and w.casefold() in _NAME_PARTICLES}
    lower = lower - particles
    if any(w in lower or w in _NOT_NAME_WORDS or _NOT_NAME_SHAPE.search(w) for w in words):
        return ()  # a Title Case phrase ("Aktuelle Meldungen", "Recent Posts"), not a name
    return names


# Words of site furniture that a Title Case line of two or three words ("Recent Posts",
# "Grüne Jobs", "GFDL Lizenz") has where a person's name would stand.
_NOT_NAME_WORDS = {
    "posts", "post", "blog", "jobs", "job", "policy", "tipp", "tipps", "tips", "map", "lizenz", "license",
    "become", "recent", "popular", "archive", "archiv", "archives", "beiträge", "beitrag", "kategorien",
    "categories", "links", "profil", "profile", "games", "shop", "store", "app", "apps", "online", "homestorys",
    "magazin", "magazine", "newsletter", "podcast", "video", "videos", "galerie", "gallery", "service",
    "services", "kontakt", "contact", "impressum", "events", "termine", "login", "account", "konto",
    "previous", "next", "entry", "vorheriger", "nächster", "eintrag", "artikel", "article",
}
# Name-unlike shapes: a dot inside a word ("Press.org"), a possessive ("Weselpower's"),
# German noun endings ("Anforderungen", "Gemeinschaft").
_NOT_NAME_SHAPE = re.compile(r"\w\.\w|['’]s$|(?:ung|ungen|keit|heit|schaft|tion|ismus)$")

_ADDRESS = re.compile(r"(?<!\S)\S*(?:@|://|www\.|/|\w\.\w)\S*")  # (tried at word starts only: 3x faster)
_SEGMENT_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+")


def _byline_segment(block: Block) -> str | None:
    """The byline of a short block: the block itself ("By Jane Roe"), or one of its parts
    ("Accueil | Par Jane Roe | 30 septembre 2018" -> "Par Jane Roe")."""
    if block.n_words > 20 or "\n" in block.text:
        return None
    if looks_like_byline(block.text):
        return block.text
    segment = next((seg for seg in _SEGMENT_SEPARATOR.split(block.text) if seg and looks_like_byline(seg)), None)
    if segment is None and _DIGIT.search(block.text) and find_dates(block.text):
        # A date before the byline word: "Posted 11. April 2018 by Jane Roe", "Posted on 2016-05-06 by jens".
        inner = _INNER_BYLINE_WORD.search(block.text)
        segment = block.text[inner.start() :] if inner and looks_like_byline(block.text[inner.start() :]) else None
    return segment


_INNER_BYLINE_WORD = re.compile(
    r"(?<=\s)(?:by|von|par|por|door)\s+(?=\S)"
    r"|(?<=[\s\d])(?-i:Author|Autor)\s+(?=\S)",  # glued to a theme's date: "Posted on <date>Author <name>"
    re.IGNORECASE,
)


def _name_under_byline_word(blocks: list[Block], block: Block) -> str | None:
    """The names printed in the block after a bare byline word ("By:" / "Joe S."), else None."""
    if block.n_words > 2 or not has_byline_prefix(block.text) or strip_byline_prefix(block.text):
        return None
    after = blocks[block.index + 1] if block.index + 1 < len(blocks) else None
    return after.text if after and after.n_words <= 6 and parse_authors(after.text) else None


_COMMENT_AUTHOR = re.compile(
    r"\b(?:sagt|says|said|schreibt|wrote|antwortete|replied|dit|écrit)\s*:?\s*$|\breply\b", re.IGNORECASE
)


DATE_SEARCH_WINDOW = 30  # blocks above the body searched for a date when the header has none


def find_published(
    blocks: list[Block], header: list[Block], start: int, end: int, title: str | None = None
) -> dt.date | None:
    """The publication date, by decreasing evidence: a header line that labels its date as the
    publication date (not the update); such a line above the article (its label and date maybe
    printed as two lines); a short date line in the header (the one nearest the body when
    several stand above it); a line below that labels its date as the publication date
    ("Erschienen am ..."); a dateline opening the header or first paragraphs; the nearest
    date line above the body; one just below it; the date of a line that lists the headline; a
    month-and-year line next to the headline or byline; a date line around the article."""
    labelled = next((d for b in header if b.n_words <= 20 and (d := labelled_published_date(b.text))), None)
    if labelled:
        return labelled
    # A line above the article that labels its date outranks the header's bare dates (which
    # may be teasers' when the header is misread).
    for block in blocks[:start]:
        if block.n_words <= 20 and _PUBLISHED_LABEL.search(block.text):
            date = labelled_published_date(_with_split_date(blocks, block))
            if date:
                return date
    dated = [b for b in header if b.n_words <= 20 and find_dates(b.text)]
    # Several date lines above the body are mostly other stories' (a teaser list, today's
    # date); the article's own is the one nearest its text, unless that is an update line.
    above = [b for b in dated if b.index < start and not _UPDATED_WORDS.search(b.text)]
    if len(above) >= TEASER_DATES:
        return parse_date(above[-1].text)
    if dated:
        return parse_date(dated[0].text)
    for block in blocks[start:]:
        if block.n_words <= 20:
            date = labelled_published_date(block.text)
            if date:
                return date
    # A dateline may also open a body paragraph below an intro (a press release's).
    for block in header + blocks[start : start + DATELINE_PARAGRAPHS]:
        date = starts_with_date(block.text) or dateline_date(block.text)
        if date:
            return date
    for i in range(start - 1, max(-1, start - DATE_SEARCH_WINDOW), -1):
        if is_date_line(blocks[i].text, max_words=8):
            return parse_date(blocks[i].text)
    for block in blocks[start : min(len(blocks), start + 10)] + blocks[end : end + 5]:
        if is_date_line(block.text, max_words=8):
            return parse_date(block.text)
    # The page lists this very article with its date ("Headline 12 December, 2015" in the
    # archive or recent-posts box).
    listed = _listed_title_date(blocks, title)
    if listed:
        return listed
    # A line of only a month and a year just above the text ("Januar 2022"): the month of
    # publication (further up, such a line is an archive's menu entry).
    month = next((d for b in blocks[max(0, start - MONTH_LINE_REACH) : start] if (d := month_year_date(b.text))), None)
    if month:
        return month
    # Last resort: the first date printed in a short line around the article (a comment or
    # post date, a "Stand" line), which is far more often the article's date than not.
    for block in blocks[max(0, start - FALLBACK_DATE_BEFORE) : end + FALLBACK_DATE_AFTER]:
        if block.n_words <= FALLBACK_DATE_WORDS and _DIGIT.search(block.text):
            dates = find_dates(block.text)
            if dates:
                return parse_date(block.text) or dates[0][1]
    return None


def _with_split_date(blocks: list[Block], block: Block) -> str:
    """The block's text, and the next block's when the block is a bare label of a few words and
    the next a date line: the dump printed "Erschienen am" and its date as two lines."""
    below = blocks[block.index + 1] if block.index + 1 < len(blocks) else None
    if block.n_words <= SPLIT_LABEL_WORDS and below and is_date_line(below.text, max_words=LISTED_DATE_WORDS):
        return block.text + " " + below.text
    return block.text


def _listed_title_date(blocks: list[Block], title: str | None) -> dt.date | None:
    """The date of a line that prints the headline followed by a date and nothing else."""
    if not title or len(title.split()) < MIN_UNGLUED_WORDS:
        return None
    for block in blocks:
        rest = block.text[len(title) :] if block.text.startswith(title) else ""
        if rest[:1].isspace() and is_date_line(rest, max_words=LISTED_DATE_WORDS):
            return parse_date(rest)
    return None


LISTED_DATE_WORDS = 6  # "12 December, 2015", "Dec 12, 2015 at 10:04 pm"
SPLIT_LABEL_WORDS = 3  # "Erschienen am", "Published on:" printed on a line of its own
FALLBACK_DATE_BEFORE, FALLBACK_DATE_AFTER, FALLBACK_DATE_WORDS = 40, 10, 25
TEASER_DATES = 2  # date lines above the body from which the nearest is taken
MONTH_LINE_REACH = 3  # blocks above the text where a month-and-year line dates the story
DATELINE_PARAGRAPHS = 5  # body paragraphs searched for an opening dateline


# ----------------------------------------------------------------------- section, tags

_MORE_FROM = re.compile(r"^(?:more\s+(?:from|in)|mehr\s+(?:aus|zu)|plus\s+de|más\s+de|altro\s+da)\s+(.{2,40})$", re.I)


def find_tag_row(blocks: list[Block], body: tuple[int, int], title_index: int | None) -> Block | None:
    """A row of Title Case words printed both above and below the body (a topic/tag row)."""
    after = {b.key for b in blocks[body[1] :]}
    for block in blocks[: body[0]]:
        if (
            block.index != title_index
            and 2 <= block.n_words <= 12
            and "\n" not in block.text
            and block.key in after
            and all(word[0].isupper() for word in block.text.split())
            and not (block.sentence_end or is_widget(block) or is_metadata_line(block))
        ):
            return block
    return None


def _mentions(body_text: str, phrase: str, times: int = 1) -> bool:
    """True when the article text contains the phrase as whole words (case as printed), `times` times."""
    return len(re.findall(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", body_text)) >= times


def split_tag_row(words: list[str], body_text: str) -> list[str]:
    """Split a run of tag words into tags: the longest word runs the article itself mentions."""
    tags, i = [], 0
    while i < len(words):
        j = next((j for j in range(len(words), i, -1) if _mentions(body_text, " ".join(words[i:j]))), i + 1)
        tags.append(" ".join(words[i:j]))
        i = j
    return tags


def section_and_tags(
    blocks: list[Block], body: tuple[int, int], title_index: int | None, body_text: str
) -> tuple[str | None, tuple[str, ...]]:
    """The site section and the topic tags, from a tag row repeated above and below the body.

    Tags are topics, so every tag must be mentioned in the article (a one-word tag at least
    twice: a topic recurs, a menu word such as "Latest" does not). The row may start with
    one item the article does not mention: the section (a category label such as
    "Technology"), taken when a "More from X" widget names the same X, or when at least two
    tags follow it. Without such a row a text dump gives no general evidence: both stay empty.
    """
    row = find_tag_row(blocks, body, title_index)
    if row is None:
        return None, ()
    words = row.text.split()
    named = [m[1].strip() for b in blocks if (m := _MORE_FROM.match(b.text))]
    section = next((x for x in named if words[: len(x.split())] == x.split()), None)
    if section:
        words = words[len(section.split()) :]
    elif not _mentions(body_text, words[0]):
        section, words = words[0], words[1:]
    tags = split_tag_row(words, body_text)
    if not tags or not all(_mentions(body_text, tag, 1 if " " in tag else 2) for tag in tags):
        return None, ()
    if section and section not in named and len(tags) < 2:
        return None, ()  # an unconfirmed first item with one word after it: a menu label
    return section, tuple(tags)


# ------------------------------------------------------------------------- language

_STOPWORDS = {
    "en": {"the", "and", "of", "to", "is", "in", "that", "it", "was", "for", "with", "he", "on"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "mit", "sich", "auf", "den"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "que", "pour", "dans", "pas", "qui", "du"},
    "es": {"el", "los", "las", "y", "que", "es", "una", "por", "para", "con", "del", "se", "como"},
    "it": {"il", "che", "di", "è", "una", "per", "non", "con", "della", "gli", "sono", "del", "le"},
    "pl": {"i", "w", "nie", "się", "na", "jest", "że", "z", "do", "to", "jak", "od", "przez"},
    "nl": {"de", "het", "een", "van", "en", "is", "niet", "dat", "op", "met", "zijn", "voor", "te"},
}


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language whose stopwords are most frequent (None if too little text)."""
    words = [w.casefold() for w in _WORD.findall(text[:5000])]
    if len(words) < 20:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    lang, score = max(scores.items(), key=lambda item: item[1])
    return lang if score >= 0.1 * len(words) else None


# ------------------------------------------------------------------------ text pages


SHORT_FURNITURE_WORDS = 30


TABLE_CELL_WORDS = 2  # repeated blocks this short are table cells, not captions printed twice

# A "read also" label inside the article. Bare, the links to other stories follow it; with a
# headline after its colon, the line is such a link ("Lesen Sie hier: Headline", "MIRA: Headline").
_READ_ALSO = re.compile(
    r"^(?:read\s+(?:also|more)|also\s+read|see\s+also|related|siehe\s+auch|auch\s+interessant|zum\s+weiterlesen"
    r"|lesen\s+sie\s+(?:auch|hier|dazu|mehr|außerdem)|(?:[^\W\d_]+\s+){1,4}zum\s+thema|(?:à\s+)?lire\s+aussi"
    r"|l(?:ee|ea)\s+también|vea\s+también|te\s+puede\s+interesar|mira(?=\s*:)|leia\s+também|leggi\s+anche"
    r"|czytaj\s+(?:też|także)|lees\s+ook)(?!\w)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_LABEL_ONLY = re.compile(r"^[:.…]*$")
# A link to the previous or next post, its headline often glued on ("Previous articleThe Best ...").
_POST_NAVIGATION = re.compile(
    r"^(?:(?:previous|next)\s+(?:post|article|story)|article\s+(?:suivant|pr[ée]c[ée]dent)"
    r"|(?:vorheriger|nächster)\s+(?:artikel|beitrag)|artículo\s+(?:anterior|siguiente))",
    re.IGNORECASE,
)
READ_ALSO_LABEL, READ_ALSO_LINK = "label", "link"


def _read_also(block: Block) -> str | None:
    """READ_ALSO_LABEL for a bare "read also" label, READ_ALSO_LINK for a link line to another
    story (a label and a headline, a headline behind a link's arrow: ">> Headline <<", or the
    link to the previous or next post)."""
    if block.n_words > SHORT_FURNITURE_WORDS:
        return None
    if (_LINK_ARROW.match(block.text) and not block.sentence_end) or _POST_NAVIGATION.match(block.text):
        return READ_ALSO_LINK
    m = _READ_ALSO.match(block.text)
    if not m:
        return None
    rest = m["rest"].strip()
    if _LABEL_ONLY.match(rest):
        return READ_ALSO_LABEL
    return READ_ALSO_LINK if rest.startswith(":") and not block.sentence_end else None


def body_paragraphs(blocks: list[Block], start: int, end: int) -> list[Paragraph]:
    """The body and caption paragraphs of blocks[start:end]: boilerplate and metadata dropped,
    repeated blocks kept once (a block printed twice in a row is a photo caption)."""
    paragraphs, seen = [], set()
    in_link_list = False  # after "More:" / "Related", short lines are links until prose resumes
    for block in blocks[start:end]:
        if block.key in seen and block.n_words > TABLE_CELL_WORDS:
            continue
        seen.add(block.key)
        read_also = _read_also(block)
        if is_end_marker(block) or read_also == READ_ALSO_LABEL:
            in_link_list = True
            continue
        if read_also == READ_ALSO_LINK:
            continue
        in_link_list = in_link_list and not is_prose(block)
        if in_link_list or is_widget(block) or is_metadata_line(block) or _is_role_line(block):
            continue
        if block.n_words <= SHORT_FURNITURE_WORDS and (
            _BOILERPLATE_PROSE.search(block.text) or (_FOLLOW.match(block.text) and _SOCIAL.search(block.text))
        ):
            continue  # a sign-up or consent box, a "Follow us on ..." line inside the article
        if (
            is_caption_like(block)
            or _printed_twice_in_a_row(blocks, block.index)
            or _precedes_credit(blocks, block.index)
        ):
            kind = CAPTION
        else:
            kind = BODY
        paragraphs.append(Paragraph(block.text, kind, block.start, block.end))
    return paragraphs


def _printed_twice_in_a_row(blocks: list[Block], index: int) -> bool:
    """True for a block the page prints twice in a row (an image's alt text and its caption)."""
    block = blocks[index]
    return index + 1 < len(blocks) and blocks[index + 1].key == block.key and not _is_subheading(block)


_CREDIT_LINE = re.compile(r"^\(?\s*(?:image|photo|picture|foto|bild)?\s*(?:credit|courtesy|source|quelle|©)", re.I)


def _precedes_credit(blocks: list[Block], index: int) -> bool:
    """True for a short block followed by a bare photo-credit line: it is that photo's caption."""
    if index + 1 >= len(blocks) or blocks[index].n_words > 60:
        return False
    after = blocks[index + 1]
    credit = _CREDIT_LINE.match(after.text) if after.n_words <= 10 else None
    # A credit names its source: a bare "Quelle" / "Source" is the label of a link, not a credit.
    return bool(credit and _WORD.search(after.text, credit.end()))


def _is_subheading(block: Block) -> bool:
    """A short non-sentence block (a subheading, which may legitimately repeat a phrase)."""
    return block.n_words <= 8 and not block.sentence_end


def _is_role_line(block: Block) -> bool:
    """A bare role line under a byline ("Opinion Columnist", "News editor")."""
    return block.n_words <= 4 and bool(
        re.match(r"^(?:(?:senior|chief|staff|opinion|guest|deputy|contributing)\s+)?(?:\w+\s+)?"
                 r"(?:editor|writer|columnist|correspondent|reporter|contributor)s?$", block.text, re.I)
    )


def clean_text_page(text: str, credits_below: bool = True) -> CleanPage:
    """Clean a text dump: keep the article body (and captions, once), read its metadata.

    With `credits_below`, a byline printed a little under the article is taken when none is
    near it (off for an HTML page, whose markup names its authors better).

    Paragraph texts are exact slices of `text`: text[p.source_start:p.source_end] == p.text.
    """
    blocks = split_blocks(text)
    if not blocks:
        return CleanPage(paragraphs=())
    # 1. The article is the densest run of sentence-like blocks.
    counts = Counter(b.key for b in blocks)
    list_items = introduced_list_items(blocks) | table_cells(blocks) | contents_entries(blocks)
    list_items |= unnumbered_contents(blocks)
    wrapped = wrapped_lines(blocks)
    start, end = densest_region(block_scores(blocks, counts, list_items, wrapped))
    if end == 0:
        start, end = short_post(blocks)
        list_items |= set(range(start, end))
    if end == 0:
        return CleanPage(paragraphs=(), language=guess_language(text))
    list_items |= wrapped  # (kept at the edges of the body like list items)
    run = trailing_list_run(blocks, end) or numbered_list_run(blocks, start, end)
    list_items |= set(range(end, end + run))
    end += run
    closing = 0 if run else closing_lines(blocks, counts, end)
    list_items |= set(range(end, end + closing))  # (not trimmed as short non-prose furniture)
    end += closing

    start = past_page_top_text(blocks, start, end)  # (a site blurb above the article's header)

    # 2. Its header: the byline/date lines and the headline above (or at the top of) it.
    anchor = find_anchor(blocks, start, counts)
    body_words = _lead_words(blocks, start, min(end, start + LEAD_BLOCKS))
    title_index = find_title(blocks, counts, start, anchor, body_words, wrapped)
    start = max(start, header_end(blocks, start))
    if title_index is not None and title_index >= start:
        start = title_index + 1
    header = header_blocks(blocks, title_index, anchor, start)
    byline, authors = find_byline(blocks, header, title_index, end, text)

    # 3. The body: the run without furniture at its edges, widgets and metadata lines dropped.
    start, end = trim_edges(blocks, start, end, authors, list_items)
    if 0 < start < end and _is_standfirst(blocks, counts, start - 1, title_index, anchor):
        start -= 1  # (trimmed as a short non-prose line, but the article's own)
    paragraphs = body_paragraphs(blocks, start, end)
    dek = standfirst_above_byline(blocks, counts, title_index, start)
    if dek is not None:
        paragraphs = [Paragraph(dek.text, BODY, dek.start, dek.end), *paragraphs]
    if not authors and credits_below:
        byline, authors = page_credit(blocks, end)  # (after trimming: so far from the article, it shapes no body)

    title = commented_title(blocks) or replied_title(blocks, start)
    if title is None and title_index is not None:
        title = with_colon_kicker(blocks, counts, title_index, unglued_title(blocks, title_index))
    published = find_published(blocks, header, start, end, title)
    read_time = next((parse_read_time(b.text) for b in header if parse_read_time(b.text)), None)
    body_text = "\n".join(p.text for p in paragraphs)
    section, tags = section_and_tags(blocks, (start, end), title_index, body_text)
    return CleanPage(
        paragraphs=tuple(paragraphs),
        title=title,
        byline=byline,
        authors=authors,
        published=published,
        read_time_minutes=read_time,
        section=section,
        tags=tags,
        language=guess_language(body_text),
    )


# ------------------------------------------------------------------------ HTML pages


# htmldate rejects dates after its `max_date`, which defaults to *today*: a rebuild on another
# day could then change a page's date. Fixed bounds make the result depend on the page only.
DATE_EXTRACTION_PARAMS = {
    "original_date": True,  # the publication date, not the last update
    "extensive_search": True,
    "min_date": "1995-01-01",
    "max_date": "2099-12-31",
}


def clean_html_page(html: str, url: str | None = None) -> CleanPage:
    """Clean raw HTML with trafilatura and map its result onto a CleanPage (no source offsets).

    The metadata is chosen by agreement of the page's own evidence: the <h1> that the
    <title>/OpenGraph/JSON-LD titles confirm is the headline as printed; the author names
    as the page prints them (meta/JSON-LD) when trafilatura's reading agrees; the date
    from htmldate with fixed bounds.
    """
    import trafilatura  # imported here: text-only users need not pay for it
    from trafilatura.utils import load_html

    tree = load_html(html) if html and html.strip() else None
    if tree is None:
        return CleanPage(paragraphs=(), url=url)
    signals = html_signals(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=dict(DATE_EXTRACTION_PARAMS),
    )
    if doc is None:
        return CleanPage(paragraphs=(), url=url)
    site_names = _site_names(doc.sitename, doc.hostname)
    authors = authors_from_trafilatura(_unescape(doc.author), doc.sitename, doc.hostname)
    if signals["people"] and authors:
        # The article's JSON-LD names its authors one by one, as printed ("det/dpa"), without
        # the publisher that trafilatura may add from <meta name="author">.
        authors = tuple(_unescape(n) for n in signals["people"][:MAX_LD_AUTHORS])
    visible = html_to_dump(tree)
    authors = tuple(_printed_in(_as_printed(name, signals["authors"]), visible) for name in authors)
    byline, published = doc.author or None, parse_iso_date(doc.date)
    # The page as a reader sees it, read like a text dump: its byline and its printed date.
    dumped = clean_text_page(visible, credits_below=False)
    page_letters = _squash(visible)
    printed = all(_squash(name) in page_letters for name in authors)
    if dumped.authors and (not authors or not printed or (dumped.byline and has_byline_prefix(dumped.byline))):
        # trafilatura found no author in the markup, or one the page never shows, or the page
        # prints a "By ..." line: the byline as readers see it ("By Perry Bacon Jr.") is the better evidence.
        byline, authors = dumped.byline, dumped.authors
    if not authors:
        # No byline in the text either: the first credit in the author markup that the page prints.
        credited = (authors_from_trafilatura(c, doc.sitename, doc.hostname) for c in signals["credits"])
        authors = next((c for c in credited if c and all(_squash(n) in page_letters for n in c)), ())
    if dumped.published and (published is None or published not in {d for _, d in find_dates(visible)}):
        # htmldate's date (often from invisible markup) is nowhere on the page: the date the
        # page prints near its headline is the one readers see.
        published = dumped.published
    # The headline as printed: an <h1> the metadata titles confirm, else an <h2> they confirm.
    title = choose_html_title(signals["h1"], signals["titles"], site_names) or choose_html_title(
        signals["h2"], signals["titles"], site_names
    )
    title = title or strip_site_from_title(doc.title, site_names)
    lines = [line.strip() for line in (doc.text or "").split("\n") if line.strip()]
    paragraphs = tuple(Paragraph(line, BODY) for line in drop_leftover_widgets(lines, (title, doc.title)))
    body_text = "\n".join(p.text for p in paragraphs)
    return CleanPage(
        paragraphs=paragraphs,
        title=title,
        byline=byline,
        authors=authors,
        published=published,
        read_time_minutes=None,
        section=(doc.categories[0] if doc.categories else None),
        tags=tuple(doc.tags or ()),
        url=doc.url or url,
        language=doc.language or guess_language(body_text),
    )


_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section summary table td th tr ul title".split()
)
_SKIPPED_TAGS = frozenset("script style noscript template svg iframe head select option button".split())


def html_to_dump(tree) -> str:
    """The visible text of a parsed page as a text dump: one block per paragraph-like element,
    blocks separated by blank lines (what `clean_text_page` reads). Iterative, so a deeply
    nested page cannot exhaust the recursion limit."""
    from lxml import etree

    body = tree.find(".//body")
    root = body if body is not None else tree
    parts: list[str] = []
    skipping = 0  # depth inside <script>, <style>, ...
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if skipping or tag in _SKIPPED_TAGS or not tag:
                skipping += 1
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if element.text:
                parts.append(element.text)
        else:
            if skipping:
                skipping -= 1
            elif tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if not skipping and element.tail and element is not root:
                parts.append(element.tail)
    blocks = (" ".join(chunk.split()) for chunk in "".join(parts).split("\n\n"))
    return "\n\n".join(b for b in blocks if b)


def _text_of(element) -> str:
    """The element's text with runs of white space made single spaces."""
    return " ".join(element.text_content().split())


MAX_KICKER_WORDS = 5
MAX_LD_AUTHORS = 5


def _headline_text(h1) -> str:
    """The text of an <h1> without a kicker printed in its own leading element
    (<h1><span>Corona-Pandemie</span><span>Headline ...</span></h1>); formatting children
    (<b>, <i>, <em>, <strong>) are part of the headline."""
    text = _text_of(h1)
    kids = [k for k in h1 if isinstance(k.tag, str) and _text_of(k)]
    if not kids or (h1.text or "").strip() or kids[0].tag not in ("span", "div", "a", "small", "p"):
        return text
    kicker = _text_of(kids[0])
    rest = text[len(kicker) :].strip(" :|-–—") if text.startswith(kicker) else ""
    if len(kicker.split()) <= MAX_KICKER_WORDS and len(rest.split()) >= 3:
        return rest
    return text


_ARTICLE_TYPES = re.compile(r"article|posting|report|story|review|recipe|webpage", re.I)


def _json_ld_objects(tree) -> list[dict]:
    """Every JSON object (also nested in lists and @graph) of the page's JSON-LD scripts."""
    import json

    found: list[dict] = []

    def walk(value, depth=0):
        if depth > 6:
            return
        if isinstance(value, dict):
            found.append(value)
            for key in ("@graph", "mainEntity", "itemListElement"):
                walk(value.get(key), depth + 1)
        elif isinstance(value, list):
            for item in value[:50]:
                walk(item, depth + 1)

    for script in tree.xpath('//script[@type="application/ld+json"]')[:10]:
        try:
            walk(json.loads(script.text or ""))
        except (ValueError, RecursionError):
            continue
    return found


def _ld_people(value) -> list[str]:
    """The names of the JSON-LD author objects typed "Person" (not organisations)."""
    if isinstance(value, dict):
        return [value["name"]] if value.get("@type") == "Person" and isinstance(value.get("name"), str) else []
    if isinstance(value, list):
        return [n for item in value[:10] for n in _ld_people(item)]
    return []


def _ld_names(value) -> list[str]:
    """Person names from a JSON-LD author value: a string, an object with "name", or a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [value["name"]] if isinstance(value.get("name"), str) else []
    if isinstance(value, list):
        return [n for item in value[:10] for n in _ld_names(item)]
    return []


def html_signals(tree) -> dict[str, list[str]]:
    """The page's own metadata evidence: <h1> texts, the titles of <title>, OpenGraph, Twitter
    and JSON-LD, the author names of <meta name="author"> and JSON-LD, and the credits of the
    author markup (author links, a "Written by" Twitter-card label)."""
    h1 = [t for t in (_headline_text(e) for e in tree.iter("h1")) if t][:10]
    h2 = [t for t in (_text_of(e) for e in tree.iter("h2")) if t][:20]
    titles = [
        " ".join(str(t).split())
        for t in tree.xpath(
            '//meta[@property="og:title"]/@content|//meta[@name="twitter:title"]/@content'
            '|//meta[@name="title"]/@content|//head/title/text()'
        )
    ]
    authors = [str(a) for a in tree.xpath('//meta[@name="author"]/@content|//meta[@name="dc.creator"]/@content')]
    # Author markup trafilatura may not read: links to an author's archive page (blog themes)
    # and the "Written by" label that SEO plugins give Twitter cards.
    links = tree.xpath('//a[contains(concat(" ", @rel, " "), " author ")]|//a[contains(@href, "/author/")]')
    credits = [_text_of(a) for a in links]
    for label in tree.xpath('//meta[starts-with(@name, "twitter:label")]'):
        if has_byline_prefix(label.get("content") or ""):
            credits += tree.xpath('//meta[@name=$n]/@content', n=label.get("name").replace("label", "data"))
    people: list[str] = []
    for obj in _json_ld_objects(tree):
        kind = obj.get("@type")
        kind = " ".join(kind) if isinstance(kind, list) else str(kind or "")
        if _ARTICLE_TYPES.search(kind):
            if isinstance(obj.get("headline"), str):
                titles.append(" ".join(obj["headline"].split()))
            authors.extend(_ld_names(obj.get("author")))
            people.extend(_ld_people(obj.get("author")))
    return {
        "h1": h1,
        "h2": h2,
        "titles": [t for t in titles if t],
        "authors": [" ".join(a.split()) for a in authors if a],
        "credits": [" ".join(str(c).split()) for c in credits if str(c).strip()][:20],
        # JSON-LD names may carry the printed byline word and role ("Von FOCUS-Online-Experte Jane Roe").
        "people": list(dict.fromkeys(drop_leading_roles(strip_byline_prefix(a)) for a in people if a.strip())),
    }


def _title_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


H1_AGREEMENT = 0.5  # share of words an <h1> must share with a metadata title
MIN_CONTAINED_WORDS = 3  # an <h1> of this many words that a title contains whole agrees with it


def choose_html_title(h1s: list[str], titles: list[str], site_names: list[str]) -> str | None:
    """The <h1> that the page's metadata titles confirm (the headline as printed, with its own
    quote marks and hyphens), without a site name glued to it; None when none agrees.

    Agreement is the share of words an <h1> and a title have in common, over the longer of
    the two: a site-name <h1> ("The Daily") does not agree with "Headline | The Daily".
    """
    best, best_score = None, 0.0
    for h1 in h1s:
        words = _title_words(h1)
        if not 1 <= len(words) <= 40 or _names_the_site(h1, site_names):
            continue
        for title in titles:
            other = _title_words(title)
            if other:
                score = len(words & other) / max(len(words), len(other))
                if len(words) >= MIN_CONTAINED_WORDS and words <= other:
                    score = max(score, H1_AGREEMENT)  # the <title> adds a kicker or a site name
                if score > best_score:
                    best, best_score = h1, score
    if best is None or best_score < H1_AGREEMENT:
        return None
    return strip_site_from_title(best, site_names)


def _unescape(text: str | None) -> str | None:
    """Text with HTML character references resolved ("Redacci&Oacute;n" -> "Redacción")."""
    import html

    return html.unescape(text) if text and "&" in text else text


def _plain(char: str) -> str:
    """The base letter of an accented character ("é" -> "e"), one character for one."""
    import unicodedata

    return unicodedata.normalize("NFKD", char)[:1] or char


def _printed_in(name: str, text: str) -> str:
    """The name as the page's text prints it, when trafilatura normalised it: initials keep
    their dots ("T V Raman" -> "T. V. Raman"), letters their accents ("Gabor" -> "Gàbor")."""
    words = name.split()
    if not words or not text:
        return name
    plain_name = [("".join(_plain(c) for c in w)).rstrip(".") for w in words]
    initial_dot = r"\.?" if len(plain_name[-1]) == 1 else ""
    # Words may be joined by "_" as in user names ("Dark_Wolf"), which trafilatura reads as spaces.
    pattern = r"(?<!\w)" + r"\.?[\s_]*".join(re.escape(w) for w in plain_name) + initial_dot
    plain_text = "".join(_plain(c) for c in text)  # same length as text: offsets carry over
    m = re.search(pattern + r"(?!\w)", plain_text)
    if not m:
        return name
    printed = " ".join(text[m.start() : m.end()].split())
    return printed if _squash("".join(_plain(c) for c in printed)) == _squash("".join(plain_name)) else name


def _as_printed(name: str, printed: list[str]) -> str:
    """The author's name as the page's metadata prints it ("Marwan H. Adwan"), when trafilatura's
    reading of it ("Marwan H Adwan") has the same letters."""
    squashed = _squash(name)
    for candidate in printed:
        for part in re.split(r"\s*[;,]\s*", candidate):
            part = part.strip()
            if part and _squash(part) == squashed and len(part) <= len(name) + 6:
                return part
    return name


def drop_leftover_widgets(lines: list[str], titles: tuple[str | None, ...] = ()) -> list[str]:
    """trafilatura's paragraphs without the few widget lines and sign-up boxes it lets through
    ("Advertisement", "- Print Article", "Sign up for our newsletter ..."), without
    the headline repeated as the first paragraph, and without what follows an end marker
    ("Related articles") in the second half of the text."""
    blocks = split_blocks("\n\n".join(lines))
    if len(blocks) != len(lines):
        return lines
    # An end marker ("Related articles", "Comments") in the last part of the text closes the article.
    for i, block in enumerate(blocks):
        if i >= len(blocks) * 0.5 and is_end_marker(block):
            blocks = blocks[:i]
            break
    if blocks and _squash(blocks[0].text) in {_squash(t) for t in titles if t}:
        blocks = blocks[1:]  # the headline is metadata, not a paragraph
    return [
        b.text
        for b in blocks
        if not (
            (b.n_words <= 12 and (not b.n_words or _is_widget_text(_LIST_MARK.sub("", b.text))))
            or (b.n_words <= SHORT_FURNITURE_WORDS and _BOILERPLATE_PROSE.search(b.text))
        )
    ]


_LIST_MARK = re.compile(r"^\s*[-–•·*]\s+")  # "- Print Article": a widget printed as a list item


def _squash(text: str) -> str:
    """Letters and digits only, casefolded: "INTERSCENAR.IO" and "Interscenario" compare equal."""
    return "".join(c for c in text.casefold() if c.isalnum())


_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)


def _is_site_name(text: str, site_names: list[str]) -> bool:
    """True when the text is the site's name (or its host name) written some other way,
    or a bare domain name ("FASSETTE.NET")."""
    if _DOMAIN.match(text.strip()):
        return True
    squashed = _squash(text)
    return bool(squashed) and any(
        squashed == name or (len(squashed) >= 4 and (squashed in name or name in squashed)) for name in site_names
    )


def _names_the_site(text: str, site_names: list[str]) -> bool:
    """True when the text is the site's name or a part of it (a logo heading), or a domain; a
    headline that merely contains the site's name ("Stille Bienen ..." on "Bienen") is not."""
    squashed = _squash(text)
    return bool(_DOMAIN.match(text.strip())) or (bool(squashed) and any(squashed in name for name in site_names))


def _site_names(sitename: str | None, hostname: str | None) -> list[str]:
    """Squashed forms of the site's name and of its host name without "www." and the TLD."""
    names = [_squash(sitename)] if sitename else []
    if hostname:
        host = re.sub(r"^www\.", "", hostname.casefold())
        names.append(_squash(host.rsplit(".", 1)[0]))
    return [n for n in names if n]


# Separators between a headline and the site's name; CJK titles write them without spaces.
_TITLE_SEPARATOR = re.compile(
    r"\s+[|–—·»:-]{1,2}\s+|\s+::\s+|(?<=[\u3000-\u9fff\uff00-\uffef])[-_|](?=[\u3000-\u9fff])"
)


_END_SEPARATORS = re.compile(r"^\s*(?:[|\-–—·:»]+(?:\s+|$))+|(?:(?:^|\s+)[|\-–—·:»]+)+\s*$")


def _strip_separators(text: str) -> str:
    """The text without separators standing apart at its ends ("Headline |", "» Headline");
    a mark written against a word is a quote mark and stays ("»frag.jetzt«", "«Liebe»")."""
    return _END_SEPARATORS.sub("", text).strip()


def strip_site_from_title(title: str | None, site_names: list[str]) -> str | None:
    """The headline without the site name that <title> tags add: "Headline | The Paper" -> "Headline"."""
    if not title:
        return None
    parts = _TITLE_SEPARATOR.split(title.strip())
    if len(parts) < 2:
        return _strip_separators(title) or None
    kept = [p for p in parts if not _is_site_name(p, site_names)]
    if not kept or len(kept) == len(parts):
        return _strip_separators(title) or None
    # Rebuild from the original text so the kept part keeps its own separators.
    first, last = kept[0], kept[-1]
    start, end = title.find(first), title.rfind(last) + len(last)
    return _strip_separators(title[start:end]) or None


_AUTHOR_NOISE = re.compile(r"^(?:view\s+all\s+posts|posts|articles|more)\s+by\s+|^(?:posted|follow|no\s+author)$", re.I)


def authors_from_trafilatura(
    author: str | None, sitename: str | None = None, hostname: str | None = None
) -> tuple[str, ...]:
    """Person names from trafilatura's "A; B" author string, without the site's own name,
    widget words ("View all posts by") or roles glued in front ("FOCUS-Online-Experte")."""
    if not author:
        return ()
    site_names = _site_names(sitename, hostname)
    names: list[str] = []
    for part in author.split(";"):
        part = _AUTHOR_NOISE.sub("", part.strip())
        if not part or _squash(part) in site_names:
            continue
        # Drop leading role compounds and cut at the site's name: "Adam Lee PhillyVoice Staff".
        words = drop_leading_roles(part).split()
        for k, word in enumerate(words):
            if k >= 2 and _squash(word) in site_names:
                words = words[:k]
                break
        # trafilatura read this from the page's author markup: when it is not a person's name
        # (a desk such as "Redaktion", an agency such as "IWB"), keep it as the site printed it.
        for name in parse_authors(" ".join(words)) or _short_credit(" ".join(words)):
            if name not in names and "admin" not in name.casefold():
                names.append(name)
    return tuple(names)


def _short_credit(text: str) -> tuple[str, ...]:
    """A short author credit without digits or punctuation ("Redaktion", "Support Team"), else ()."""
    text = text.strip()
    if any(w.casefold().strip(".") in _ROLE_WORDS for w in text.split()):
        return ()  # a role or degree ("PhD"), not a credit
    if 1 <= len(text.split()) <= 3 and re.fullmatch(r"[^\W\d_]+(?:[ .'’-][^\W\d_]+)*\.?", text):
        return (text,)
    return ()

