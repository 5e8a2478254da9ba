"""Direct quotations in an article body, with who said them.

Pure Python, regular expressions and light heuristics only (no parser): the stage must
cost a small fraction of the NER that runs on the same paragraphs.

The work is done in four steps, one paragraph at a time, in reading order:

1. ``scan_quote_spans`` pairs the quote marks of a paragraph. Scraped pages mix curly and
   straight, double and single marks, open with one kind and close with another, and use
   apostrophes that look like closing single marks, so a mark's role comes from what
   stands on either side of it (like Markdown's "flanking" rules), not from its glyph.
   A quote left open at the end of a paragraph runs to the paragraph's end (a quotation
   continued in the next paragraph).
2. ``classify_quote`` decides ``full`` (a clause or more, said by someone), ``partial``
   (a phrase quoted inside reported speech) or no quote at all (scare quotes, titles,
   nicknames without anyone saying them).
3. ``attribute_speaker`` finds the speaker as written and the cue verb: after the quote
   (``," said Ma``, ``," he said``), before it (``Ma said:``), between the parts of a
   split quote, or implied by the quote before it or the previous paragraph.
4. ``resolve_speaker`` maps the attribution to a PERSON entity: a mention under the
   attribution, a surname, a pronoun (the latest gender-compatible person who is the
   subject of a sentence just before, else the latest compatible speaker or person) or a
   definite description (most salient recent speaker); None when it cannot be told.

Non-English pages are handled for their marks (« », „ “, » «) and a few common cue verbs.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pipeline.core.records import FULL, PARTIAL, DocEntities, Quote

__all__ = [
    "find_quotes",
    "scan_quote_spans",
    "classify_quote",
    "attribute_speaker",
    "resolve_speaker",
    "build_context",
    "ArticleContext",
    "QuoteSpan",
    "Attribution",
]

# ----------------------------------------------------------------------------- marks

DOUBLE_MARKS = "\"“”„‟«»〝〞"
SINGLE_MARKS = "'‘’‚‛‹›"
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS
QUOTING_MARKS = set(ALL_MARKS) - {"'", "’"}  # apostrophes may stand inside a name
# Glyphs that, when their surroundings do not decide, lean one way.
OPENING_GLYPHS = {"“", "„", "«", "‘", "‚", "‹", "〝", "‟", "‛"}
CLOSING_GLYPHS = {"”", "»", "’", "›", "〞"}

# '' (NYT style) and ‘‘ / ’’ are double marks made of two singles; ''' is a double and a
# single together, split by ``_split_triple``.
MARK_TOKEN = re.compile(r"'''|''|‘‘|’’|[\"“”„‟«»〝〞'‘’‚‛‹›]")
# Characters that may stand right before an opening mark.
OPEN_CONTEXT = set("([{<—–-/:;,…") | set(ALL_MARKS)
# Characters that may stand right after a closing mark.
CLOSE_CONTEXT = set(".,;:!?)]}>—–-…*") | set(ALL_MARKS)
# Characters that may stand right before a closing mark even when a letter follows.
CLOSING_PUNCT = set(".,!?…")

# Contractions that start with an apostrophe: can ‘t, ’em, '90s, rock ’n’ roll.
LEADING_APOSTROPHE = re.compile(r"(?:t|s|re|ll|ve|d|m|em|n|til|cause|tis|twas|\d\d)s?(?![\w])", re.I)


@dataclass(frozen=True)
class Mark:
    """One quote mark in a paragraph and what its surroundings allow it to be."""

    pos: int
    length: int
    glyph: str
    double: bool
    can_open: bool
    can_close: bool

    @property
    def end(self) -> int:
        return self.pos + self.length

    @property
    def style(self) -> str:
        """Marks of one style nest inside marks of another, not inside their own."""
        if self.glyph in ('"', "''"):
            return self.glyph
        return "curly"


@dataclass(frozen=True)
class QuoteSpan:
    """A top-level quotation found in one paragraph (content offsets without the marks)."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_end: int | None  # offset just after the closing mark; None when left open

    @property
    def closed(self) -> bool:
        return self.close_end is not None

    @property
    def after(self) -> int:
        """Where the text after the quotation begins."""
        return self.close_end if self.close_end is not None else self.end


def _flanking(text: str, pos: int, length: int) -> tuple[bool, bool]:
    """Whether the mark at ``pos`` can open and/or close a quotation, from its neighbours."""
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[pos + length] if pos + length < len(text) else " "
    can_open = not nxt.isspace() and (prev.isspace() or prev in OPEN_CONTEXT)
    can_close = not prev.isspace() and (nxt.isspace() or nxt in CLOSE_CONTEXT or prev in CLOSING_PUNCT)
    glyph = text[pos]
    if glyph in "«‹" and nxt.isspace():  # French « spaced » marks
        can_open = not can_close
    elif glyph in "»›" and prev.isspace():  # « spaced » closer, or German »opener
        can_open, can_close = (True, False) if nxt.isalnum() else (False, True)
    return can_open, can_close


def _is_apostrophe(text: str, pos: int) -> bool:
    """True for a single mark that is an apostrophe: Alibaba’s, they’re, can ‘t, ’90s."""
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    if prev.isalnum() and nxt.isalnum():
        return True
    if nxt.isalnum() and (prev.isspace() or pos == 0):
        # A leading apostrophe only when a letter stands before the gap ("can ‘t").
        i = pos - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        if LEADING_APOSTROPHE.match(text, pos + 1) and (i < 0 or text[i].isalnum()):
            return True
    return False


def _tokenize_marks(text: str) -> list[Mark]:
    """Every quote mark of ``text`` with its possible roles (apostrophes left out)."""
    marks: list[Mark] = []
    for m in MARK_TOKEN.finditer(text):
        tok, pos = m.group(), m.start()
        if tok == "'''":
            marks.extend(_split_triple(text, pos))
            continue
        if len(tok) == 1 and tok in SINGLE_MARKS and _is_apostrophe(text, pos):
            continue
        can_open, can_close = _flanking(text, pos, len(tok))
        marks.append(Mark(pos, len(tok), tok, len(tok) == 2 or tok in DOUBLE_MARKS, can_open, can_close))
    return marks


def _split_triple(text: str, pos: int) -> list[Mark]:
    """''' is '' + ' when it opens and ' + '' when it closes."""
    can_open, can_close = _flanking(text, pos, 3)
    if can_close and not can_open:
        parts = [(pos, 1, "'", False), (pos + 1, 2, "''", True)]
    else:
        parts = [(pos, 2, "''", True), (pos + 2, 1, "'", False)]
    return [Mark(p, n, g, d, can_open, can_close) for p, n, g, d in parts]


def _prefers_close(mark: Mark, inside: bool) -> bool:
    """Decide a mark whose neighbours allow both roles (or neither)."""
    if mark.glyph in OPENING_GLYPHS:
        return False
    if mark.glyph in CLOSING_GLYPHS:
        return True
    return inside


def _pair_marks(marks: Sequence[Mark]) -> list[tuple[Mark, Mark | None, int]]:
    """Pair opening and closing marks; returns (opener, closer or None, depth) triples.

    Marks of another style nest (a curly quote inside a straight one); a new opener of
    the same style while a quote is open means that quote was never closed, so it is
    closed implicitly there and the new one starts.
    """
    stack: list[Mark] = []
    pairs: list[tuple[Mark, Mark | None, int]] = []
    for mark in marks:
        inside = bool(stack)
        if mark.can_open and mark.can_close:
            role = "close" if _prefers_close(mark, inside) and inside else "open"
        elif mark.can_close:
            role = "close" if inside else "stray"
        elif mark.can_open:
            role = "open"
        else:
            role = "close" if inside and _prefers_close(mark, inside) else "stray"
        if role == "close":
            opener = stack.pop()
            pairs.append((opener, mark, len(stack)))
        elif role == "open":
            if stack and stack[-1].style == mark.style:
                # Same style cannot nest: the open quote was never closed.
                opener = stack.pop()
                pairs.append((opener, None, len(stack)))
            stack.append(mark)
    while stack:
        opener = stack.pop()
        pairs.append((opener, None, len(stack)))
    pairs.sort(key=lambda p: p[0].pos)
    return pairs


def _top_level(pairs: list[tuple[Mark, Mark | None, int]], text: str) -> list[tuple[Mark, Mark | None]]:
    """The outermost quotations. An unclosed opener runs to the next quotation of its level
    or to the paragraph's end; one standing mid-sentence before closed quotations is a
    stray mark, so it is dropped and the quotations after it are kept."""
    closed_after = [False] * (len(pairs) + 1)
    for i in range(len(pairs) - 1, -1, -1):
        closed_after[i] = closed_after[i + 1] or pairs[i][1] is not None
    out: list[tuple[Mark, Mark | None]] = []
    limit = -1
    for i, (opener, closer, depth) in enumerate(pairs):
        if opener.pos < limit:
            continue
        if closer is not None:
            out.append((opener, closer))
            limit = closer.end
            continue
        if closed_after[i + 1] and not _starts_sentence(text, opener.pos):
            continue  # a stray opener: keep the quotations after it
        following = pairs[i + 1] if i + 1 < len(pairs) else None
        limit = following[0].pos if following is not None and following[2] <= depth else len(text)
        out.append((opener, None))
    return out


def _starts_sentence(text: str, pos: int) -> bool:
    """True when nothing but a sentence end, colon or nothing stands before ``pos``."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in ".!?:;…" or text[i] in ALL_MARKS


def scan_quote_spans(text: str) -> list[QuoteSpan]:
    """Top-level quotations of one paragraph, in order, with their content offsets.

    Double marks are paired first; single marks only quote at the top level where no
    double quotation covers them (British style), else they are nested quotes.
    """
    marks = _tokenize_marks(text)
    doubles = [m for m in marks if m.double]
    spans = _spans_from_pairs(text, _top_level(_pair_marks(doubles), text))
    singles = [m for m in marks if not m.double and not _covered(spans, m.pos)]
    spans += _spans_from_pairs(text, _single_pairs(singles, text), allow_open=False)
    spans = [s for s in spans if s.end > s.start]
    spans.sort(key=lambda s: s.open_at)
    return _drop_overlaps(spans)


def _covered(spans: Sequence[QuoteSpan], pos: int) -> bool:
    """True when ``pos`` lies inside one of the (ordered, disjoint) spans."""
    i = bisect.bisect_right([s.open_at for s in spans], pos) - 1
    return i >= 0 and pos < spans[i].after


def _single_pairs(singles: Sequence[Mark], text: str) -> list[tuple[Mark, Mark | None]]:
    """Pair single marks that really quote: an opener with the nearest closer that is not
    a plural possessive (``players’ union``) and lies in the same stretch of text."""
    pairs: list[tuple[Mark, Mark | None]] = []
    i = 0
    while i < len(singles):
        opener = singles[i]
        if not opener.can_open or (opener.can_close and opener.glyph not in OPENING_GLYPHS):
            i += 1
            continue
        closer_at = None
        for j in range(i + 1, len(singles)):
            cand = singles[j]
            if cand.pos - opener.end > 400:
                break
            if cand.can_close and not _looks_possessive(text, cand):
                closer_at = j
                break
            if cand.can_open and not cand.can_close:
                break
        if closer_at is None:
            i += 1
            continue
        pairs.append((opener, singles[closer_at]))
        i = closer_at + 1
    return pairs


def _looks_possessive(text: str, mark: Mark) -> bool:
    """``voters’ concerns``: an s, the mark, a space and a lower-case word."""
    prev = text[mark.pos - 1] if mark.pos > 0 else ""
    rest = text[mark.end : mark.end + 2]
    return prev in "sS" and len(rest) == 2 and rest[0] == " " and rest[1].islower()


def _spans_from_pairs(
    text: str, pairs: Sequence[tuple[Mark, Mark | None]], allow_open: bool = True
) -> list[QuoteSpan]:
    """Content spans of paired marks; an unclosed one ends where the next one opens."""
    spans = []
    next_starts = [o.pos for o, _ in pairs[1:]] + [len(text)]
    for (opener, closer), nxt in zip(pairs, next_starts):
        if closer is None and not allow_open:
            continue
        raw_end = closer.pos if closer else nxt
        start, end = _trim(text, opener.end, raw_end)
        spans.append(QuoteSpan(start, end, opener.pos, closer.end if closer else None))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _drop_overlaps(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Keep the first of any spans that overlap (a single-quoted span never should)."""
    out: list[QuoteSpan] = []
    for s in spans:
        if out and s.open_at < out[-1].after:
            continue
        out.append(s)
    return out


# ------------------------------------------------------------------ attribution words

# Verbs that introduce direct speech, as written.
SPEECH_VERBS = (
    r"said|says|say|saying|told|tells|telling|tell|added|adds|adding|explained|explains|explaining|"
    r"declared|declares|declaring|revealed|reveals|revealing|warned|warns|warning|joked|jokes|joking|"
    r"concluded|concludes|concluding|continued|continues|continuing|wrote|writes|writing|tweeted|tweets|"
    r"tweeting|posted|asked|asks|asking|replied|replies|replying|responded|responds|responding|noted|notes|"
    r"noting|argued|argues|arguing|insisted|insists|insisting|stated|states|claimed|claims|claiming|"
    r"remarked|remarks|recalled|recalls|recalling|acknowledged|acknowledges|admitted|admits|announced|"
    r"announces|observed|observes|suggested|suggests|predicted|predicts|countered|counters|cautioned|"
    r"cautions|emphasized|emphasised|stressed|stresses|conceded|concedes|chanted|chant|shouted|shouts|"
    r"yelled|yells|screamed|whispered|quipped|quips|boasted|boasts|complained|complains|lamented|laments|"
    r"urged|urges|pleaded|vowed|vows|promised|promises|agreed|agrees|confirmed|confirms|repeated|repeats|"
    r"reported|reports|reiterated|reiterates|testified|mused|sighed|laughed|exclaimed|demanded|demands|"
    r"interjected|began|begins|went on|goes on|pointed out|points out|read|reads|recounted|recounts|"
    r"explained|assured|assures|wondered|wonders|thundered|scoffed|snapped|retorted|offered|"
    r"asserted|asserting|asserts|singing|chanting|shouting|yelling|summed up|put it|puts it|"
    r"tweeted out|wrote in|echoed|cried|sings|prayed|"
    # A few cues of the other languages the pipeline meets (fr, de, es, it, pl, nl).
    r"a déclaré|a dit|a affirmé|a expliqué|a ajouté|déclare|explique|ajoute|affirme|selon|"
    r"dit|sagte|sagt|erklärte|erklärt|betonte|betont|meinte|laut|schreibt|schrieb|fragte|"
    r"ergänzte|erzählt|erzählte|"
    r"dijo|afirmó|explicó|añadió|declaró|según|ha detto|ha dichiarato|secondo|"
    r"powiedział|powiedziała|stwierdził|zei|verklaarde|volgens"
)
# Verbs that report speech around a quoted phrase (`called it "a disaster"`).
REPORTING_VERBS = (
    r"called|calls|calling|call|described|describes|describing|dubbed|dubs|labeled|labelled|labels|"
    r"termed|terms|branded|brands|referred to|refers to|referring to|characterized|characterised|"
    r"deemed|cited|cites|citing|denounced|denounces|condemned|condemns|accused|accuses|praised|praises|"
    r"criticized|criticised|criticizes|rated|rates|nicknamed|blasted|slammed|attacked|attacks|touted|"
    r"touts|pledged|pledges|believes|believed|thinks|thought|hoped|hopes|wants|wanted|vowing|promising|"
    r"urging|describing|decried|decries|mocked|mocks|hailed|hails|dismissed|dismisses|questioned|"
    r"recommended|welcomed|applauded|defended|defends|accusing|comparing|compared|framed|frames|"
    r"characterizes|sees|saw|considers|considered|views|viewed|likened|likens|referenced|references|"
    r"proclaimed|proclaims|ruled|rules|announcing|pounding|quoted|quoting"
)
# Nouns that show reported speech without attributing it: `his claim that there were "…"`.
SPEECH_NOUNS = (
    r"claim|statement|statements|remark|remarks|comment|comments|words|phrase|term|label|"
    r"description|promise|pledge|warning|slogan|quote|tweet|speech|interview"
)

PRONOUN = r"(?:he|she|they|we|I|it|He|She|They|We|It)"
# A capitalised name: "Ma", "Mr. Obama", "House Speaker Paul D. Ryan", "Jo-Renee Formicola".
NAME_TOKEN = r"(?:[A-Z][\w’'\-]*\.?|[A-Z]\.)"
PARTICLE = r"(?:de|del|della|der|van|von|da|di|dos|du|la|le|bin|ibn|al|el)"
NAME = rf"{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)?{NAME_TOKEN}){{0,6}}"
DETERMINER = (
    r"(?:the|The|a|A|an|An|his|His|her|Her|their|Their|one|One|another|Another|"
    r"le|la|les|un|une|der|die|das|ein|eine|el|los|il|lo)"  # fr, de, es, it
)
# A word of a description ("the 34-year-old mother of three"), not a clause word or pronoun.
DESC_WORD = (
    r"(?!(?:who|whom|which|that|while|when|where|and|but|or|as|if|because|then|he|she|they|we|it|I)\b)"
    r"[\w’'][\w’'\-.]*"
)
# Prepositions and clause words that end a description after an inverted cue.
DESC_STOP = (
    r"in|at|on|during|after|before|while|when|who|whom|which|that|to|from|with|as|about|for|"
    r"of|last|this|on|earlier|later|recently|told|said|adding"
)
CLAUSE_OPENERS = {
    "which", "that", "who", "whom", "whose", "as", "if", "because", "when", "while", "where", "and",
    "but", "or", "so", "though", "although", "since", "until", "after", "before", "what", "how", "why",
    "then", "than", "to", "of", "in", "on", "at", "for", "with", "from", "by", "is", "was", "are", "were",
}
# `” ― Sonya Herridge` (a signature line under a quotation).
DASH_SIGNATURE = re.compile(
    r"[\s\u00a0]*[―—–]+[\s\u00a0]*(?P<np>[A-Z][\w’'.\-]*(?:[ \u00a0]+[A-Z][\w’'.\-]*){0,4})[.\s\u00a0]*(?:\n|$)"
)
# `"PENCE: And that's why…` (a transcript: the speaker in capitals, then a colon).
TRANSCRIPT_LABEL = re.compile(r"(?P<np>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3}):\s")
# An opening adverbial before the subject: "On July 6, 2015, Sanders made…".
INTRO_PHRASE = re.compile(
    r"\s*(?:In|On|At|After|Before|During|When|While|As|Since|Last|This|Earlier|Later|Speaking|"
    r"Asked|With|For|From|Under|Over|Meanwhile|Then|Now|Still|However|Yesterday|Today|Although|"
    r"Though|Despite|Because|If|Once|Like|Unlike|Amid|Given)\b"
)
PREPOSITIONS = {
    "through", "of", "in", "at", "on", "for", "with", "from", "by", "to", "about", "into", "over",
    "under", "after", "before", "during", "against", "among", "between", "behind", "across", "near",
}
# Capitalised words that never name a speaker on their own.
NOT_SPEAKER_WORDS = {
    "The", "A", "An", "His", "Her", "Their", "Its", "Our", "My", "Your", "Once", "Some", "Many",
    "Most", "All", "Both", "Each", "Every", "No", "Not", "Just", "Only", "Such", "Other", "Another",
}
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"}
ADVERB = r"(?:has|had|have|would|will|also|later|then|once|recently|previously|repeatedly|often|" \
         r"again|once|simply|just|\w+ly)"

# Attribution right after a closing mark: `," said Ma` / `," declared the entrepreneur`.
AFTER_INVERTED = re.compile(
    rf"^[ \t\u00a0,;—–-]*(?P<cue>{SPEECH_VERBS})\s+(?P<np>{PRONOUN}\b|{NAME}|{DETERMINER}\s+{DESC_WORD}"
    rf"(?:\s+(?!(?:{DESC_STOP})\b){DESC_WORD}){{0,6}})"
)
# `," he said` / `," Ma said` / `,'' Douglas Holtz-Eakin, an economist, said`.
AFTER_SUBJECT = re.compile(
    rf"^[ \t\u00a0,;—–-]*(?P<np>{PRONOUN}|{NAME}|{DETERMINER}\s+(?:{DESC_WORD}\s+){{0,7}}?{DESC_WORD}|"
    rf"{NAME}[’']s\s+(?:[a-z][\w\-]*\s+){{0,2}}[a-z][\w\-]*)"
    rf"(?P<appos>,[^,.;“”\"]{{1,160}},)?(?:\s+{ADVERB})*\s+(?P<cue>{SPEECH_VERBS})\b"
)
AFTER_INVERTED_LOOSE = re.compile(
    rf"[ \t\u00a0,;—–-]*(?P<cue>{SPEECH_VERBS})[ \u00a0]+"
    rf"(?P<np>[^.,;:!?()“”\"\n]{{1,80}}?)[ \u00a0]*(?:[.,;:!?(]|$)"
)
SHORT_DESC = rf"{DETERMINER}\s+{DESC_WORD}(?:\s+{DESC_WORD}){{0,4}}"
AFTER_ACCORDING = re.compile(rf"^[ \t\u00a0,;—–-]*(?P<cue>according to)\s+(?P<np>{NAME}|{SHORT_DESC})")

# The subject standing right before a cue verb (searched backwards from the cue).
SUBJECT_BEFORE_CUE = re.compile(
    rf"(?:(?P<pron>\b{PRONOUN})"
    rf"|(?P<name>{NAME})(?:\s+\([^()]{{1,30}}\))?(?P<appos>,[^,;“”\"]{{1,160}},)?"
    rf"|(?P<desc>\b{DETERMINER}\s+(?:{DESC_WORD}\s+){{0,6}}?{DESC_WORD}"
    rf"|{NAME}[’']s\s+(?:[a-z][\w\-]*\s+){{0,2}}[a-z][\w\-]*))"
    rf"(?:\s+{ADVERB})*\s*$"
)
# The speaker right after a cue in the text before a quote: `said Ma, "…` / `according to Ma, "…`.
SUBJECT_AFTER_CUE = re.compile(rf"^\s+(?P<np>{NAME}|{SHORT_DESC})\s*[,:]\s*$")

# Capitalised words that start sentences but are not part of a name.
NOT_NAME_WORDS = {
    "But", "And", "Then", "So", "Yet", "Or", "Now", "Still", "Also", "However", "Later", "When",
    "While", "After", "Before", "In", "On", "At", "As", "If", "Yesterday", "Today", "Tonight",
    "Earlier", "Meanwhile", "Instead", "Asked", "Speaking", "There", "This", "That", "These",
    "Those", "Here", "Again", "Finally", "First", "Last", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "Indeed", "Because", "Although", "Since", "Even",
    "For", "With", "From", "By", "Of", "To", "Why", "What", "How", "Where", "Who", "Well",
}
MINOR_TITLE_WORDS = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by", "with", "or", "from",
                     "as"}
ACCORDING_NP = re.compile(rf"\s+(?P<np>{NAME}|{SHORT_DESC})")
ACCORDING_TAIL = re.compile(rf"\b[Aa]ccording to\s+(?:{NAME}|{SHORT_DESC})$")
# Words after which a quotation is the object of a clause, not introduced speech.
CLAUSE_TAIL = re.compile(r"\b(?:that|if|whether|to|of)\s*$")
POSSESSIVE = re.compile(r"[’']s\b")
LEADING_PRONOUN = re.compile(rf"{PRONOUN}\b")
DETERMINER_WORD = re.compile(DETERMINER)
PRONOUN_OR_DETERMINER = re.compile(rf"(?:{PRONOUN}|{DETERMINER})$")
# What may stand between a subject and its verb: "Mica (R-Fla.) also said".
SUBJECT_TO_VERB = re.compile(rf"(?:[\s,]|{ADVERB}\b|\([^()]*\))*")
POSSESSOR = re.compile(r"[’']s\s+[a-z]")  # "Trump’s campaign" is not Trump
PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
INNER_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?]\s+\S")
DESCRIPTION_CUT = re.compile(r"[,;:()“”\"]|\.(?=\s|$)")
LOOK_BACK = 600  # characters searched around a quote for its sentence and attribution
SENTENCE_SUBJECT = re.compile(rf"\s*(?P<np>{PRONOUN}\b|{NAME})")
SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*\s+(?=[\"“‘'«(\[]{0,2}[A-Z0-9])")
# A full stop that ends an abbreviation or an initial, not a sentence.
ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|Rev|Prof|Pres|No|Vol|Inc|Corp|Co|Ltd|"
    r"U\.S|U\.N|U\.K|D\.C|vs|Mt|Ft|Adm|Maj|Cmdr|Supt|Atty|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec)|\b[A-Z])\.$"
)
PRONOUNS_MALE = {"he", "him", "his"}
PRONOUNS_FEMALE = {"she", "her", "hers"}
WORD = re.compile(r"[\w’'\-]+")


@dataclass(frozen=True)
class Attribution:
    """Who a quote is attributed to, as written, and where that stands in the paragraph."""

    speaker: str | None = None
    cue: str | None = None
    start: int | None = None  # offsets of the speaker in the paragraph, when written there
    end: int | None = None
    how: str = "none"  # after | before | split | implied | continued | none


# ------------------------------------------------------------------ sentence helpers


def _sentence_start(text: str, pos: int, floor: int = 0) -> int:
    """Offset where the sentence holding ``pos`` begins (not before ``floor``; sentences
    are looked for at most LOOK_BACK characters back, which keeps long paragraphs linear)."""
    floor = start = max(floor, pos - LOOK_BACK)
    # Search a little past pos: the boundary's look-ahead must see the opening mark.
    for m in SENTENCE_END.finditer(text, floor, min(len(text), pos + 3)):
        if m.end() > pos:
            break
        if ABBREVIATION.search(text[max(floor, m.start() - 6) : m.start() + 1]):
            continue
        start = m.end()
    return start


@dataclass(frozen=True)
class _Cue:
    """A speech or reporting verb found in a paragraph (read like a regex match)."""

    begin: int
    stop: int
    text: str
    speech: bool  # a verb that introduces direct speech (not only a reporting verb)
    noun: bool = False  # a noun that shows reported speech but attributes nothing

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop

    def group(self) -> str:
        return self.text


PhraseTable = tuple[set[str], dict[str, list[re.Pattern]]]


def _phrase_table(alternation: str) -> PhraseTable:
    """One-word cues as a set; longer cues by their first word, with a pattern for the rest."""
    single: set[str] = set()
    multi: dict[str, list[re.Pattern]] = {}
    for phrase in alternation.split("|"):
        first, _, rest = phrase.partition(" ")
        if rest:
            rest_pattern = r"\s+" + re.escape(rest).replace(r"\ ", r"\s+") + r"\b"
            multi.setdefault(first, []).append(re.compile(rest_pattern, re.I))
        else:
            single.add(phrase)
    return single, multi


SPEECH_TABLE = _phrase_table(SPEECH_VERBS)
REPORT_TABLE = _phrase_table(REPORTING_VERBS + "|according to")
NOUN_TABLE = _phrase_table(SPEECH_NOUNS)
# Words are looked up lower-cased ("Said Ellis: …"); "so-called" is not "called".
CUE_WORD = re.compile(r"(?<![\w\-])[^\W\d_]+")


def _match_table(text: str, word: re.Match, table: PhraseTable) -> int | None:
    """End offset of the cue starting at ``word`` when the table holds it, else None."""
    low = word.group().lower()
    for rest in table[1].get(low, ()):
        m = rest.match(text, word.end())
        if m:
            return m.end()
    return word.end() if low in table[0] else None


@functools.lru_cache(maxsize=64)
def _paragraph_cues(text: str) -> tuple[list[int], list[_Cue]]:
    """Every cue of a paragraph, found once by looking its words up (a long regex
    alternation would be tried at every character)."""
    cues = []
    for word in CUE_WORD.finditer(text):
        if word.group()[:1].isupper() and not _starts_sentence(text, word.start()):
            continue  # "the United States", "Reads Hall": capitalised mid-sentence, a name
        end = _match_table(text, word, SPEECH_TABLE)
        speech = end is not None
        if end is None:
            end = _match_table(text, word, REPORT_TABLE)
        noun = end is None
        if end is None:
            end = _match_table(text, word, NOUN_TABLE)
        if end is not None:
            cues.append(_Cue(word.start(), end, text[word.start() : end], speech, noun))
    return [c.begin for c in cues], cues


def _cues_between(
    text: str,
    start: int,
    end: int,
    relative: bool = False,
    speech_only: bool = False,
    verbs_only: bool = False,
) -> list[_Cue]:
    """The cues lying wholly inside text[start:end] (offsets relative to start if asked)."""
    starts, cues = _paragraph_cues(text)
    i = bisect.bisect_left(starts, max(0, start))
    out = []
    while i < len(cues) and cues[i].stop <= end:
        c = cues[i]
        i += 1
        if (speech_only and not c.speech) or (verbs_only and c.noun):
            continue
        out.append(_Cue(c.begin - start, c.stop - start, c.text, c.speech, c.noun) if relative else c)
    return out


def _has_sentence_end(text: str, start: int, end: int) -> bool:
    """True when a sentence ends somewhere in text[start:end]."""
    return _sentence_start(text, end, start) > start


def _sentence_end(text: str, pos: int) -> int:
    """Offset where the sentence holding ``pos`` ends (exclusive)."""
    stop = min(len(text), pos + LOOK_BACK)
    for m in SENTENCE_END.finditer(text, pos, stop):
        if ABBREVIATION.search(text[max(0, m.start() - 6) : m.start() + 1]):
            continue
        return m.start() + 1
    return stop


def _clean_name(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Trim a written speaker: sentence-opening words ("But Trump" -> "Trump"), spaces,
    commas, and a full stop that ends the sentence rather than an abbreviation."""
    words = list(WORD.finditer(text, start, end))
    while len(words) > 1 and words[0].group() in NOT_NAME_WORDS:
        start = words[1].start()
        words = words[1:]
    while start < end and text[start] in " ,\u00a0\t":
        start += 1
    while end > start and text[end - 1] in " ,\u00a0\t":
        end -= 1
    if end > start and text[end - 1] == "." and not ABBREVIATION.search(text[max(start, end - 6) : end]):
        end -= 1
    return text[start:end], start, end


def _word_count(text: str) -> int:
    """Words of a text (digits and hyphenated words count)."""
    return len(WORD.findall(text))


# ------------------------------------------------------------------ classification


def classify_quote(text: str, span: QuoteSpan, attribution: Attribution) -> str | None:
    """``full``, ``partial`` or None (not a quotation of anyone: scare quotes, titles).

    A quote is full when it stands as a sentence of its own (starts a sentence, follows a
    colon, or is introduced by a speech verb) or is attributed right after it; a phrase
    inside a sentence is partial. One to three words with no speech verb or speaker in
    their sentence are not quotes; nor are Title Case names nobody is said to say.
    """
    content = text[span.start : span.end]
    words = _word_count(content)
    if words == 0:
        return None
    sentence_start, sentence_end = _sentence_start(text, span.open_at), _sentence_end(text, span.after)
    attributed = attribution.how in ("after", "before", "split")
    has_speech = attributed or bool(_cues_between(text, sentence_start, sentence_end))
    if _looks_like_title(content):
        return PARTIAL if has_speech and attribution.how != "after" else None
    starts_upper = content[:1].isupper() or content[:1] in ALL_MARKS or content[:1] == "["
    lead = text[max(0, span.open_at - LOOK_BACK) : span.open_at].rstrip(" \t\u00a0")
    if attribution.how == "split" and (words >= 2 or starts_upper):
        return FULL
    stands_alone = _opens_sentence(lead) or lead.endswith(":")
    if attribution.how == "after" and (words >= 2 or starts_upper) and stands_alone:
        return FULL
    if _opens_sentence(lead) and _ends_freely(text, span):
        # The quotation stands as a sentence of its own.
        if words >= 4 or (starts_upper and words >= 2 and _ends_sentence(content)):
            return FULL if starts_upper or words >= 6 else PARTIAL
    elif lead.endswith(":") and (words >= 3 or starts_upper):
        return FULL
    elif _introduced_by_speech(text, span.open_at, lead) and starts_upper and (
        words >= 3 or words == 2 and _ends_sentence(content)
    ):
        return FULL
    elif words >= 4 and _directly_after_cue(text, span.open_at):  # `with Ma warning "if you sell…"`
        return FULL
    if words <= 3 and not has_speech:
        return None
    return PARTIAL


def _opens_sentence(lead: str) -> bool:
    """Nothing, a sentence end, a line break or a closing mark stands before the quote."""
    return not lead or lead[-1] in ".!?…;\n" or lead[-1] in ALL_MARKS


def _introduced_by_speech(text: str, open_at: int, lead: str) -> bool:
    """The text before the mark ends with a speech verb: ``she said,`` / ``Ma warning`` /
    ``joked of the museum,`` / ``according to Limbaugh,``."""
    if not lead or lead[-1] in ".!?…":  # "Warren said. “You …”": that sentence is over
        return False
    comma = lead.endswith((",", ":"))
    tail = lead.rstrip(" ,:")
    cues = _cues_between(text, open_at - 60, open_at, speech_only=True)
    if not cues:
        return bool(comma and ACCORDING_TAIL.search(tail))
    between = WORD.findall(text[cues[-1].end() : open_at])
    if CLAUSE_TAIL.search(tail):
        return False
    return len(between) <= (7 if comma else 2)


def _directly_after_cue(text: str, open_at: int) -> bool:
    """The quotation is the object of a speech verb, with nothing in between."""
    cues = _cues_between(text, open_at - 40, open_at, speech_only=True)
    return bool(cues) and not text[cues[-1].end() : open_at].strip()


def _ends_freely(text: str, span: QuoteSpan) -> bool:
    """After the closing mark the sentence ends, or an attribution or new quote follows."""
    if not span.closed:
        return True
    rest = text[span.close_end : span.close_end + 40].lstrip()
    if not rest or rest[0] in ".!?,;:—–-)" or rest[0] in ALL_MARKS:
        return True
    content = text[span.start : span.end].rstrip()
    return bool(content) and content[-1] in ".!?,…—–-"


def _ends_sentence(content: str) -> bool:
    """The quoted words end with sentence punctuation (or the comma before an attribution)."""
    return content.rstrip()[-1:] in ".!?,…" if content.strip() else False


def _looks_like_title(content: str) -> bool:
    """Title Case words of a name, show, book or headline: "The Steve Harvey Show",
    "Make Your Kid a Millionaire", "All Bets Are Off." (two words or more)."""
    words = [w for w in WORD.findall(content) if w.lower() not in MINOR_TITLE_WORDS]
    if len(words) < 2 or len(words) > 12 or (len(words) == 2 and _ends_sentence(content)):
        return False
    if INNER_SENTENCE_END.search(content):  # "The Donald. Big Daddy.": two sentences, not a title
        return False
    return all(w[:1].isupper() or w[:1].isdigit() for w in words)


# ------------------------------------------------------------------ attribution


def attribute_speaker(text: str, span: QuoteSpan, floor: int = 0) -> Attribution:
    """The speaker and cue written next to one quotation of a paragraph.

    Looks right after the closing mark first (``," said Ma``, ``," he said``), then at the
    sentence before the opening mark (``Ma said:``, ``she added, "…``); ``floor`` is where
    the previous quotation of the paragraph ended, so its words are not searched.
    """
    found = _attribution_after(text, span) or _transcript_label(text, span)
    if found:
        return found
    found = _attribution_before(text, span.open_at, floor)
    if found.speaker and floor and _between_parts(text, floor, span.open_at):
        return replace(found, how="split")
    return found


def _between_parts(text: str, floor: int, open_at: int) -> bool:
    """True when only an attribution separates two parts of one quotation:
    `"…," she added, "…"`."""
    between = text[floor:open_at]
    return (
        _word_count(between) <= 25
        and between.rstrip().endswith((",", ":"))
        and not _has_sentence_end(text, floor, open_at)
        and bool(_cues_between(text, floor, open_at, verbs_only=True))
    )


def _attribution_after(text: str, span: QuoteSpan) -> Attribution | None:
    """An attribution right after the closing mark, strict patterns first."""
    if not span.closed:
        return None
    base = span.close_end
    window = text[base : base + 260]
    for pattern in (AFTER_INVERTED, AFTER_SUBJECT, AFTER_ACCORDING):
        m = pattern.match(window)
        if not m:
            continue
        np_start, np_end = base + m.start("np"), base + m.end("np")
        if pattern is AFTER_INVERTED:
            np_start, np_end = _trim_description(text, np_start, np_end)
        speaker, s, e = _clean_name(text, np_start, np_end)
        if _bad_speaker(speaker):
            continue
        return Attribution(speaker, m.group("cue"), s, e, "after")
    return (
        _attribution_after_inverted_loose(text, base)
        or _attribution_after_loose(text, base)
        or _attribution_after_dash(text, base)
    )


def _attribution_after_inverted_loose(text: str, base: int) -> Attribution | None:
    """`," said 9/11 widow Terry Strada.`: a cue, then a subject up to the punctuation."""
    m = AFTER_INVERTED_LOOSE.match(text, base)
    if not m or not _reads_as_subject(m.group("np")):
        return None
    speaker, s, e = _clean_name(text, m.start("np"), m.end("np"))
    if _bad_speaker(speaker) or speaker in NOT_NAME_WORDS:
        return None
    return Attribution(speaker, m.group("cue"), s, e, "after")


def _attribution_after_loose(text: str, base: int) -> Attribution | None:
    """`," panel Chairman Rep. Jason Chaffetz (R-Utah) said`: whatever stands between the
    closing mark and the first speech verb of the same sentence, when it reads as a subject."""
    stop = min(len(text), base + 250, _sentence_end(text, base))
    cues = _cues_between(text, base, stop, speech_only=True)
    if not cues:
        return None
    cue = cues[0]
    start, end = base, cue.start()
    while start < end and text[start] in " ,;—–-\u00a0":
        start += 1
    subject = text[start:end]
    if "\n" in subject or not _reads_as_subject(subject):
        return None
    comma = subject.find(",")
    if comma > 0:  # an appositive follows the name: keep the name
        end = start + comma
    pronoun = LEADING_PRONOUN.match(subject)
    if pronoun:  # "it further wrote": the pronoun is the speaker
        end = start + pronoun.end()
    end = start + len(text[start:end].rstrip())
    speaker, s, e = _clean_name(text, start, end)
    if _bad_speaker(speaker):
        return None
    return Attribution(speaker, cue.group(), s, e, "after")


def _reads_as_subject(words: str) -> bool:
    """A short noun phrase: no quote marks, no clause openers, a name, pronoun or determiner."""
    tokens = WORD.findall(words)
    if not tokens or len(tokens) > 25 or any(ch in words for ch in QUOTING_MARKS):
        return False
    if tokens[0].lower() in CLAUSE_OPENERS:
        return False
    return any(t[:1].isupper() for t in tokens) or PRONOUN_OR_DETERMINER.match(tokens[0]) is not None


def _attribution_after_dash(text: str, base: int) -> Attribution | None:
    """`” ― Sonya Herridge`: a dash and a name after a quotation sign it."""
    m = DASH_SIGNATURE.match(text, base)
    if not m:
        return None
    speaker, s, e = _clean_name(text, m.start("np"), m.end("np"))
    return Attribution(speaker, None, s, e, "after")


def _transcript_label(text: str, span: QuoteSpan) -> Attribution | None:
    """`"PENCE: And that's why…`: a transcript names the speaker in capitals before a colon."""
    m = TRANSCRIPT_LABEL.match(text, span.start)
    if not m:
        return None
    return Attribution(m.group("np"), None, m.start("np"), m.end("np"), "after")


def _trim_description(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut an inverted speaker at the first punctuation: "Kenneth Baer, a former…"."""
    for cut in DESCRIPTION_CUT.finditer(text, start, end):
        if cut.group() == "." and ABBREVIATION.search(text[max(start, cut.start() - 6) : cut.end()]):
            continue  # "Mr. Kamin", "Paul D. Ryan"
        if cut.start() > start:
            return start, cut.start()
    return start, end


def _bad_speaker(speaker: str) -> bool:
    """Words the patterns can catch that are not speakers."""
    return not speaker or speaker.lower() in {"this", "that", "there", "which", "what"} or (
        speaker in NOT_SPEAKER_WORDS
    )


def _attribution_before(text: str, open_at: int, floor: int) -> Attribution:
    """The speaker of the last speech verb in the sentence before the opening mark: its
    subject (``Ma said:``), the sentence's subject (``He made light …, joking that``) or
    the name after it (``said Ma, "…``); a colon after the subject alone also introduces."""
    start = _sentence_start(text, open_at, floor)
    segment = text[start:open_at]
    for cue in reversed(_cues_between(text, start, open_at, relative=True, verbs_only=True)):
        if cue.group().lower() == "according to":
            m = ACCORDING_NP.match(segment, cue.end())
            if m:
                s, e = _trim_description(text, start + m.start("np"), start + m.end("np"))
                speaker, s, e = _clean_name(text, s, e)
                return Attribution(speaker, cue.group(), s, e, "before")
            continue
        head = segment[max(0, cue.start() - 200) : cue.start()]
        offset = start + max(0, cue.start() - 200)
        m = SUBJECT_BEFORE_CUE.search(head)
        if m:
            group = next(g for g in ("pron", "name", "desc") if m.group(g))
            s, e = offset + m.start(group), offset + m.end(group)
            if group == "desc":
                s, e = _tidy_description(text, s, e)
            speaker, s, e = _clean_name(text, s, e)
            if speaker and not (
                _bad_speaker(speaker) or _is_object_pronoun(speaker) or _after_preposition(text, s, cue.group())
            ):
                return Attribution(speaker, cue.group(), s, e, "before")
        # "She then urges … and repeatedly says", "He made light of …, joking that":
        # the subject of the whole sentence (which may begin before an earlier quote).
        subject = _subject_of_sentence(text, _sentence_start(text, open_at), start + cue.start())
        if subject is not None:
            return replace(subject, cue=cue.group(), how="before")
        m = SUBJECT_AFTER_CUE.match(segment[cue.end() :])
        if m:
            s, e = start + cue.end() + m.start("np"), start + cue.end() + m.end("np")
            speaker, s, e = _clean_name(text, s, e)
            return Attribution(speaker, cue.group(), s, e, "before")
    if text[max(0, open_at - 10) : open_at].rstrip().endswith(":"):  # "Obama rolls out a new message: "…""
        subject = _subject_of_sentence(text, start, open_at)
        if subject is not None:
            return replace(subject, how="before")
    return Attribution()


def _tidy_description(text: str, start: int, end: int) -> tuple[int, int]:
    """A description found before a verb may run over a clause: keep what follows its last
    verb-like word ("the next president has the chance to be" -> nothing), and prefer a
    name it ends with ("footage of Hillary Clinton" -> "Hillary Clinton")."""
    for word in reversed(list(WORD.finditer(text, start, end))):
        if word.group().lower() in NOT_IN_DESCRIPTION:
            start = word.end()
            break
    name = TRAILING_NAME.search(text, start, end)
    if name and name.start() > start:
        return name.start(), end
    tail = text[start:end].split()
    if not tail or (not DETERMINER_WORD.fullmatch(tail[0]) and not tail[0][:1].isupper()):
        return end, end  # nothing left that reads as a speaker
    return start, end


def _after_preposition(text: str, pos: int, cue: str) -> bool:
    """"marching through the streets chanted": an object of a preposition is no subject
    (but it is the subject of an -ing verb: "with Ma warning", "footage of Trump saying")."""
    before = WORD.findall(text[max(0, pos - 20) : pos])
    if not before or before[-1].lower() not in PREPOSITIONS:
        return False
    return not cue.endswith("ing")


def _is_object_pronoun(word: str) -> bool:
    """him/her/them/us/me are objects, never the speaker."""
    return word.lower() in {"him", "her", "them", "us", "me"}


def _subject_of_sentence(text: str, start: int, end: int) -> Attribution | None:
    """The person a sentence is about, from its first words: "He didn't suggest…" -> He,
    "On July 6, 2015, Sanders made the following comment:" -> Sanders (the subject
    follows an opening adverbial at one of its commas)."""
    starts = [start]
    if INTRO_PHRASE.match(text, start, end):
        starts = [k + 1 for k in range(start, min(end, start + 200)) if text[k] == ","]
    for at in starts:
        m = SENTENCE_SUBJECT.match(text, at, end)
        if not m:
            continue
        speaker, s, e = _clean_name(text, m.start("np"), m.end("np"))
        if speaker.lower() in {"it", "they", "we", "i"} or speaker in NOT_NAME_WORDS or speaker in MONTHS:
            continue
        if _bad_speaker(speaker):
            continue
        return Attribution(speaker, None, s, e, "implied")
    return None


def _intro_of_paragraph(text: str) -> Attribution | None:
    """A paragraph that ends with a colon introduces the next one: "Caddell continued:"."""
    stripped = text.rstrip()
    if not stripped.endswith(":"):
        return None
    found = _attribution_before(text, len(stripped), 0)
    return found if found.speaker else None


# ------------------------------------------------------------------ resolution


@dataclass
class ArticleContext:
    """What speaker resolution knows about the article read so far (built by
    ``build_context``; ``find_quotes`` adds each resolved speaker to ``speakers``)."""

    entities: DocEntities
    person_ids: set[int]
    paragraphs: Sequence[str] = ()
    by_paragraph: dict[int, list] = field(default_factory=dict)
    genders: dict[int, str] = field(default_factory=dict)
    speakers: list[tuple[int, int]] = field(default_factory=list)  # (paragraph, entity)


def build_context(paragraphs: Sequence[str], entities: DocEntities) -> ArticleContext:
    """Index the document's PERSON mentions by paragraph and guess each person's gender."""
    person_ids = {i for i, e in enumerate(entities.entities) if e.label == "PERSON"}
    ctx = ArticleContext(entities, person_ids, paragraphs)
    for m in entities.mentions:
        ctx.by_paragraph.setdefault(m.paragraph, []).append(m)
    for ms in ctx.by_paragraph.values():
        ms.sort(key=lambda m: m.start)
    ctx.genders = _guess_genders(paragraphs, entities, person_ids)
    return ctx


# Words a description before a verb cannot contain (they belong to a clause).
NOT_IN_DESCRIPTION = {
    "to", "by", "be", "been", "has", "have", "had", "is", "was", "were", "are", "will", "would", "can",
    "could", "should", "may", "might", "must", "do", "does", "did", "uses", "used", "issued", "began",
    "concludes", "includes", "shows", "showed", "features", "says", "said", "with", "from", "into",
}
TRAILING_NAME = re.compile(rf"(?<![\w’'.-]){NAME}$")
# Heads of descriptions that speak but are not a person.
NON_PERSON_HEADS = {
    "statement", "report", "letter", "memo", "study", "survey", "poll", "company", "campaign", "group",
    "committee", "agency", "department", "ministry", "government", "administration", "court", "ruling",
    "article", "paper", "magazine", "newspaper", "website", "site", "network", "organization",
    "organisation", "association", "party", "union", "council", "office", "team", "firm", "bank",
    "lawsuit", "complaint", "document", "filing", "release", "email", "post", "tweet", "video", "ad",
    "book", "piece", "story", "editorial", "board", "commission", "panel", "house", "state",
    "city", "country", "embassy", "military", "army", "police", "service", "bureau", "center", "centre",
    "institute", "foundation", "university", "school", "hospital", "club", "league", "federation",
    "note", "message", "announcement", "summary", "analysis", "index", "data", "figures", "plan",
    "clip", "spot", "footage", "commercial", "blog", "account", "page", "feed", "transcript", "guidance",
    "rule", "law", "bill", "measure", "order", "policy", "program", "programme", "proposal", "narrator",
    "announcer", "voice", "caption", "headline", "sign", "banner", "slogan",
}
# "Clinton said she …", "Ma explained how he …".
SAID_PRONOUN = re.compile(rf"\s+(?:{ADVERB}\s+)*(?:{SPEECH_VERBS})\s+(?:that\s+|how\s+)?(?P<p>he|she|his|her)\b")
# Heads of descriptions that tell the person's gender.
MALE_HEADS = {"man", "businessman", "congressman", "chairman", "spokesman", "father", "husband", "son",
              "brother", "king", "prince", "actor", "boy", "gentleman", "uncle", "grandfather", "councilman"}
FEMALE_HEADS = {"woman", "businesswoman", "congresswoman", "chairwoman", "spokeswoman", "mother", "wife",
                "daughter", "sister", "queen", "princess", "actress", "girl", "lady", "aunt", "grandmother",
                "councilwoman", "widow"}
# Titles as printed before names: "the governor" is "Gov. Mike Pence".
TITLE_ABBREVIATIONS = {"governor": "gov", "senator": "sen", "representative": "rep", "general": "gen",
                       "doctor": "dr", "professor": "prof", "reverend": "rev", "president": "pres",
                       "lieutenant": "lt", "colonel": "col", "sergeant": "sgt", "captain": "capt"}
HONORIFIC = re.compile(r"\b(?P<h>Mr|Mrs|Ms|Miss|Sir|Lady|Lord|Madam|Mister|Dame)\.?\s+$")
# Common given names (most frequent in English-language records); a person whose name or
# mentions start with one of these gets that grammatical gender.
MALE_FIRST = {
    "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
    "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua",
    "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward", "jason", "jeffrey", "ryan",
    "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott", "brandon",
    "benjamin", "samuel", "gregory", "alexander", "frank", "patrick", "raymond", "jack", "dennis",
    "jerry", "tyler", "aaron", "jose", "adam", "nathan", "henry", "douglas", "zachary", "peter", "kyle",
    "walter", "ethan", "jeremy", "harold", "keith", "christian", "roger", "noah", "gerald", "carl",
    "terry", "sean", "austin", "arthur", "lawrence", "jesse", "dylan", "bryan", "joe", "jordan", "billy",
    "bruce", "albert", "willie", "gabriel", "logan", "alan", "juan", "wayne", "roy", "ralph", "randy",
    "eugene", "vincent", "russell", "elijah", "louis", "bobby", "philip", "johnny", "mike", "bill", "tom",
    "jim", "bob", "steve", "chris", "tim", "ted", "ben", "dan", "tony", "greg", "jeff", "matt", "rick",
    "luis", "carlos", "pierre", "hans", "klaus", "ahmed", "mohammed", "muhammad", "ali", "vladimir",
}
FEMALE_FIRST = {
    "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
    "lisa", "nancy", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle",
    "carol", "amanda", "dorothy", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura",
    "cynthia", "kathleen", "amy", "angela", "shirley", "anna", "brenda", "pamela", "emma", "nicole",
    "helen", "samantha", "katherine", "christine", "debra", "rachel", "carolyn", "janet", "catherine",
    "maria", "heather", "diane", "ruth", "julie", "olivia", "joyce", "virginia", "victoria", "kelly",
    "lauren", "christina", "joan", "evelyn", "judith", "megan", "andrea", "cheryl", "hannah", "jacqueline",
    "martha", "gloria", "teresa", "ann", "anne", "sara", "madison", "frances", "kathryn", "janice",
    "jean", "abigail", "alice", "judy", "sophia", "grace", "denise", "amber", "doris", "marilyn",
    "danielle", "beverly", "isabella", "theresa", "diana", "natalie", "brittany", "charlotte", "marie",
    "kayla", "alexis", "lori", "hillary", "melanie", "claire", "jane", "kate", "katie", "jill", "sue",
    "marine", "angelique", "fatima", "aisha", "ana", "carmen", "monica", "veronica", "valerie", "tina",
}
def _guess_genders(paragraphs: Sequence[str], entities: DocEntities, person_ids: set[int]) -> dict[int, str]:
    """Grammatical gender of each person: honorifics and common given names count double,
    a pronoun right after the person's speech verb ("Clinton said she") once."""
    votes: dict[int, Counter] = {}
    for m in entities.mentions:
        if m.entity not in person_ids or m.paragraph >= len(paragraphs):
            continue
        text = paragraphs[m.paragraph]
        h = HONORIFIC.search(text[max(0, m.start - 8) : m.start])
        first = (WORD.findall(m.text) or [""])[0].lower()
        honor = (h.group("h") if h else (WORD.findall(m.text) or [""])[0]).lower()
        vote = None
        if honor in {"mr", "sir", "lord", "mister"} or first in MALE_FIRST:
            vote = "m"
        elif honor in {"mrs", "ms", "miss", "lady", "madam", "dame"} or first in FEMALE_FIRST:
            vote = "f"
        if vote:
            votes.setdefault(m.entity, Counter())[vote] += 2
        said = SAID_PRONOUN.match(text, m.end)  # "Clinton said she …": a weaker hint
        if said:
            votes.setdefault(m.entity, Counter())["m" if said.group("p") in PRONOUNS_MALE else "f"] += 1
    for i in person_ids:  # the canonical name's given name counts too
        first = (WORD.findall(entities.entities[i].name) or [""])[0].lower()
        if first in MALE_FIRST or first in FEMALE_FIRST:
            votes.setdefault(i, Counter())["m" if first in MALE_FIRST else "f"] += 2
    return {e: c.most_common(1)[0][0] for e, c in sorted(votes.items())}


def resolve_speaker(
    attribution: Attribution, paragraph: int, at: int, ctx: ArticleContext
) -> int | None:
    """The PERSON entity an attribution names, or None when it cannot be told.

    A mention under the written speaker wins; a name resolves by its words; he/she to
    the latest compatible sentence subject, speaker or person (``_resolve_pronoun``); a
    definite description ("the entrepreneur") to the most salient recent speaker;
    indefinite ones ("a spokesman") and organisations to None. ``at`` is the offset of
    the quotation in paragraph ``paragraph``: only what stands before it is considered.
    """
    speaker = attribution.speaker
    if not speaker:
        return None
    if attribution.start is not None:
        hit = _mention_under(ctx, paragraph, attribution.start, attribution.end)
        if hit is not None:
            return hit if hit in ctx.person_ids else None
    low = speaker.lower()
    if low in PRONOUNS_MALE or low in PRONOUNS_FEMALE:
        return _resolve_pronoun("m" if low in PRONOUNS_MALE else "f", paragraph, at, ctx)
    first, last = low.split()[0], speaker.split()[-1]
    if first in {"the", "this", "that"} and last[:1].islower():  # "the former reality TV star"
        head = _description_head(speaker)
        if not _names_one_person(head) or POSSESSIVE.search(speaker):  # "the ad’s narrator"
            return None
        return _resolve_description(head, paragraph, at, ctx)
    if speaker[:1].isupper() and first not in {"the", "a", "an"} and not POSSESSOR.search(speaker):
        return _resolve_name(speaker, paragraph, at, ctx)
    return None  # an indefinite description ("a spokesman"), or "Trump’s campaign"


def _description_head(description: str) -> str:
    """The head noun: "the 34-year-old mother of three" -> "mother"."""
    words = description.split(" of ")[0].split()
    return words[-1].strip("’'.,").lower() if words else ""


def _names_one_person(head: str) -> bool:
    """A description's head noun can name one person: not a plural ("the officials") nor
    a thing or body that speaks ("the statement", "the company")."""
    head = head.lower().strip("’'.,")
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
    return not plural and head not in NON_PERSON_HEADS


def _mention_under(ctx: ArticleContext, paragraph: int, start: int, end: int) -> int | None:
    """The entity written under [start, end): the last PERSON there ("White House Press
    Secretary Josh Earnest"), else any other entity ("The New York Times"), else None."""
    under = [m for m in ctx.by_paragraph.get(paragraph, ()) if m.start < end and start < m.end]
    people = [m.entity for m in under if m.entity in ctx.person_ids]
    if people:
        return people[-1]
    return under[-1].entity if under else None


def _resolve_name(speaker: str, paragraph: int, at: int, ctx: ArticleContext) -> int | None:
    """A written name to the person it names: "Ma", "Mr. Kamin", "Rep. Gwen Moore (D-Wis.)".

    Tried in turn: same last word; the speaker's last word anywhere in the person's name;
    the person's surname among the words of a name-like speaker. Ties go to the person
    mentioned last.
    """
    plain = PARENTHETICAL.sub("", POSSESSIVE.sub("", speaker))
    words = [w.strip("’'.").lower() for w in WORD.findall(plain)]
    words = [w for w in words if w]
    if not words:
        return None
    name_like = plain.split()[-1][:1].isupper()
    rules = (
        lambda toks: toks[-1] == words[-1],
        lambda toks: words[-1] in toks,
        lambda toks: name_like and toks[-1] in words,
    )
    for rule in rules:
        candidates = [i for i in sorted(ctx.person_ids) if rule(_name_tokens(ctx.entities.entities[i].name))]
        if candidates:
            return _most_recent(candidates, paragraph, at, ctx)
    return None


def _name_tokens(name: str) -> list[str]:
    """Lower-cased words of a person's name, without dots and apostrophes."""
    return [w.strip("’'.").lower() for w in WORD.findall(name)] or [""]


def _most_recent(candidates: list[int], paragraph: int, at: int, ctx: ArticleContext) -> int:
    """Of several entities, the one mentioned last before (paragraph, at), else the first."""
    best, best_pos = candidates[0], (-1, -1)
    for m in ctx.entities.mentions:
        pos = (m.paragraph, m.start)
        if m.entity in candidates and best_pos < pos <= (paragraph, at):
            best, best_pos = m.entity, pos
    return best


def _resolve_pronoun(gender: str, paragraph: int, at: int, ctx: ArticleContext) -> int | None:
    """he/she: the latest compatible person who is the subject of a sentence (or of a
    speech verb) just before the quote, else the latest compatible speaker nearby, else
    the latest compatible person mentioned."""
    compatible = lambda entity: ctx.genders.get(entity, gender) == gender  # noqa: E731
    for m in reversed(_subject_mentions(ctx, paragraph, at)):
        if compatible(m.entity):
            return m.entity
    for para, entity in reversed(ctx.speakers):
        if paragraph - para > 3:
            break
        if compatible(entity):
            return entity
    for m in reversed(_mentions_before(ctx, paragraph, at, back=3)):
        if m.entity in ctx.person_ids and compatible(m.entity):
            return m.entity
    return None


def _subject_mentions(ctx: ArticleContext, paragraph: int, at: int) -> list:
    """Person mentions, outside quotations, that are the subject of their sentence or
    stand right before a speech verb, in this paragraph (before ``at``) and the previous."""
    out = []
    for p in (paragraph - 1, paragraph):
        if p < 0 or p >= len(ctx.paragraphs):
            continue
        text = ctx.paragraphs[p]
        spans = _cached_spans(text)
        for m in ctx.by_paragraph.get(p, ()):
            if m.entity not in ctx.person_ids or (p == paragraph and m.start >= at):
                continue
            if not _covered(spans, m.start) and _is_subject(text, m.start, m.end):
                out.append(m)
    return out


def _is_subject(text: str, start: int, end: int) -> bool:
    """The words at [start, end) open their sentence's subject, or a speech verb follows."""
    subject = _subject_of_sentence(text, _sentence_start(text, start), end)
    if subject is not None and subject.start is not None and subject.start <= start < subject.end:
        return True
    cues = _cues_between(text, end, end + 30, verbs_only=True)
    return bool(cues) and SUBJECT_TO_VERB.fullmatch(text, end, cues[0].start()) is not None


@functools.lru_cache(maxsize=64)
def _cached_spans(text: str) -> tuple[QuoteSpan, ...]:
    """``scan_quote_spans``, once per paragraph text (resolution looks back at paragraphs)."""
    return tuple(scan_quote_spans(text))


def _resolve_description(head: str, paragraph: int, at: int, ctx: ArticleContext) -> int | None:
    """A definite description ("the president", "the entrepreneur"): the person the article
    names with that word ("President Obama", "Ma, the entrepreneur,"), else the most
    salient speaker of the last paragraphs, else the person mentioned most so far; a
    gendered head ("the businessman", "the mother") rules out the other gender."""
    gender = "m" if head in MALE_HEADS else "f" if head in FEMALE_HEADS else None
    fits = lambda entity: gender is None or ctx.genders.get(entity, gender) == gender  # noqa: E731
    titled = Counter({e: n for e, n in _persons_titled(head, paragraph, at, ctx).items() if fits(e)})
    if titled:
        return titled.most_common(1)[0][0]
    recent = [e for p, e in ctx.speakers if paragraph - p <= 4 and fits(e)]
    if recent:
        return Counter(recent).most_common(1)[0][0] if len(set(recent)) > 1 else recent[-1]
    so_far = _mentions_before(ctx, paragraph, at, back=paragraph + 1)
    counts = Counter(m.entity for m in so_far if m.entity in ctx.person_ids and fits(m.entity))
    if counts:
        return counts.most_common(1)[0][0]
    return None


@functools.lru_cache(maxsize=256)
def _title_patterns(word: str, abbreviation: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A title or role as written in a mention, right before it ("President Barack Obama",
    "Vermont Sen. Bernie Sanders", "founder Jack Ma") or in an apposition after it
    ("Ma, the entrepreneur,")."""
    title = rf"(?:{re.escape(word)}\b|{re.escape(abbreviation)}\.)"
    inside = re.compile(rf"\b{title}", re.I)
    before = re.compile(rf"\b{title}\s+(?:[A-Z][\w.’'-]*\s+){{0,3}}$", re.I)
    after = re.compile(rf",\s+(?:(?:the|a|an|his|her)\s+)?(?:[\w’'-]+\s+){{0,4}}?{title}", re.I)
    return inside, before, after


def _persons_titled(head: str, paragraph: int, at: int, ctx: ArticleContext) -> Counter:
    """How often each person, up to here, is written with ``head`` (a title or role)."""
    inside, before, after = _title_patterns(head, TITLE_ABBREVIATIONS.get(head, head))
    counts: Counter = Counter()
    for m in _mentions_before(ctx, paragraph, at, back=paragraph + 1):
        if m.entity not in ctx.person_ids or m.paragraph >= len(ctx.paragraphs):
            continue
        text = ctx.paragraphs[m.paragraph]
        if (
            inside.search(m.text)
            or before.search(text[max(0, m.start - 40) : m.start])
            or after.match(text, m.end, m.end + 60)
        ):
            counts[m.entity] += 1
    return counts


def _mentions_before(ctx: ArticleContext, paragraph: int, at: int, back: int) -> list:
    """Mentions of the last ``back`` paragraphs and of this one before ``at``, in order."""
    out = []
    for p in range(max(0, paragraph - back), paragraph + 1):
        out += [m for m in ctx.by_paragraph.get(p, ()) if p < paragraph or m.start < at]
    return out


# ------------------------------------------------------------------ the document


@dataclass
class _Carry:
    """Attribution carried from one quotation or paragraph to the next."""

    quote: Quote | None = None  # the last attributed quotation
    open_quote: Quote | None = None  # a quotation left open at the end of the paragraph
    intro: Attribution | None = None  # "Caddell continued:" ending the previous paragraph
    intro_entity: int | None = None


def find_quotes(paragraphs: Sequence[str], entities: DocEntities = DocEntities()) -> list[Quote]:
    """Direct quotations of one document, in reading order, with speakers resolved.

    ``paragraphs`` are the body paragraphs in reading order; ``entities`` the document's
    named entities with their mentions (offsets into those paragraphs).
    """
    ctx = build_context(paragraphs, entities)
    carry = _Carry()
    quotes: list[Quote] = []
    for index, text in enumerate(paragraphs):
        found = _quotes_of_paragraph(index, text, ctx, carry)
        quotes += found
        _update_carry(carry, index, text, found, ctx)
    return _backfill_open_quotes(quotes)


def _quotes_of_paragraph(index: int, text: str, ctx: ArticleContext, carry: _Carry) -> list[Quote]:
    """Scan, attribute, classify and resolve the quotations of one paragraph."""
    out: list[Quote] = []
    floor = 0
    previous: Quote | None = None
    for span in _cached_spans(text):
        attribution = attribute_speaker(text, span, floor)
        kind = classify_quote(text, span, attribution)
        floor = span.after
        if kind is None:
            continue
        continues = not out and carry.open_quote is not None and not text[: span.open_at].strip()
        quote = _make_quote(index, text, span, kind, attribution, continues, previous, ctx, carry)
        if quote.speaker_entity is not None:
            ctx.speakers.append((index, quote.speaker_entity))
        if quote.speaker:
            previous = quote
        out.append(quote)
    return out


def _make_quote(
    index: int,
    text: str,
    span: QuoteSpan,
    kind: str,
    attribution: Attribution,
    continues: bool,
    previous: Quote | None,
    ctx: ArticleContext,
    carry: _Carry,
) -> Quote:
    """Build the Quote, falling back to an implied speaker when none is written."""
    base = Quote(index, span.start, span.end, text[span.start : span.end], kind=kind, continues=continues)
    if attribution.speaker:
        entity = resolve_speaker(attribution, index, span.open_at, ctx)
        return replace(base, speaker=attribution.speaker, speaker_name=_name_of(entity, ctx),
                       speaker_entity=entity, cue=attribution.cue)
    if kind == FULL:
        source = _implied_source(index, text, span, previous, carry, continues, ctx)
        cue = source.cue if source is not None and continues else None
    else:
        # A phrase quoted in the same sentence as an attributed quotation: same speaker.
        same_sentence = previous is not None and not _has_sentence_end(text, previous.end, span.open_at)
        source = previous if same_sentence else None
        cue = source.cue if source is not None else None
    if source is None:
        return base
    return replace(base, speaker=source.speaker, speaker_name=source.speaker_name,
                   speaker_entity=source.speaker_entity, cue=cue)


def _implied_source(
    index: int,
    text: str,
    span: QuoteSpan,
    previous: Quote | None,
    carry: _Carry,
    continues: bool,
    ctx: ArticleContext,
) -> Quote | None:
    """Who says an unattributed full quotation: the quotation it continues, the one before
    it in the paragraph (unless a sentence of narration about someone stands between),
    the subject of the sentence before it, or the previous paragraph's speaker."""
    if continues and carry.open_quote is not None and carry.open_quote.speaker:
        return carry.open_quote
    sentence_start = _sentence_start(text, span.open_at)
    prev_start = _sentence_start(text, sentence_start - 1) if sentence_start > 0 else 0
    narration_between = previous is not None and prev_start >= previous.end
    if previous is not None and not narration_between:
        return previous
    if sentence_start > 0:
        subject = _subject_of_sentence(text, prev_start, sentence_start)
        if subject is not None:
            entity = resolve_speaker(subject, index, span.open_at, ctx)
            if entity is not None or subject.speaker.lower() in PRONOUNS_MALE | PRONOUNS_FEMALE:
                return Quote(index, 0, 0, "", speaker=subject.speaker, speaker_name=_name_of(entity, ctx),
                             speaker_entity=entity)
    if previous is not None:
        return previous
    if not text[: span.open_at].strip():
        if carry.intro is not None:
            return Quote(index, 0, 0, "", speaker=carry.intro.speaker, speaker_entity=carry.intro_entity,
                         speaker_name=_name_of(carry.intro_entity, ctx), cue=carry.intro.cue)
        if carry.quote is not None and index - carry.quote.paragraph <= 1:
            return carry.quote
    return None


def _name_of(entity: int | None, ctx: ArticleContext) -> str | None:
    """The canonical name of an entity index, or None."""
    return ctx.entities.entities[entity].name if entity is not None else None


def _update_carry(carry: _Carry, index: int, text: str, found: list[Quote], ctx: ArticleContext) -> None:
    """Remember what the next paragraph may inherit."""
    attributed = [q for q in found if q.speaker and q.kind == FULL]
    if attributed:
        carry.quote = attributed[-1]
    last = found[-1] if found else None
    spans = _cached_spans(text) if last else ()
    left_open = bool(spans) and not spans[-1].closed and last is not None and last.end == spans[-1].end
    carry.open_quote = last if left_open else None
    carry.intro = _intro_of_paragraph(text)
    carry.intro_entity = (
        resolve_speaker(carry.intro, index, len(text), ctx) if carry.intro is not None else None
    )
    if not found and carry.intro is None and carry.quote is not None and index - carry.quote.paragraph > 0:
        # A paragraph of narration between quotations breaks the implied chain.
        carry.quote = None


def _backfill_open_quotes(quotes: list[Quote]) -> list[Quote]:
    """A quotation run over several paragraphs is often attributed only in a later one:
    give the earlier parts of the run that speaker."""
    out = list(quotes)
    for i in range(len(out) - 2, -1, -1):
        nxt = out[i + 1]
        if nxt.continues and not out[i].speaker and nxt.speaker:
            out[i] = replace(out[i], speaker=nxt.speaker, speaker_name=nxt.speaker_name,
                             speaker_entity=nxt.speaker_entity, cue=nxt.cue)
    return out
