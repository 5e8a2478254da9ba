"""Parsing of the metadata lines printed around an article: bylines, dates, read times.

Small pure functions, no I/O and no models, shared by the text-dump and HTML cleaners.
They work on one short line (or a short block) at a time and return None / () when
the line is not what they look for, so callers can try them on any candidate block.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

# ----------------------------------------------------------------------------- bylines

# "By", "Von", "Par", ... and the longer phrases sites print before author names.
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|reported|words|text|story|article|published|photos?)\s+by"
    r"|(?:veröffentlicht|geschrieben|erstellt|verfasst|gepostet|beitrag|artikel)\s*von"
    r"|(?:eine?\s+)?(?:kommentar|gastkommentar|gastbeitrag|analyse|kolumne|essay|reportage)\s+von"
    r"|(?:commentary|analysis|column|review)\s+by"
    r"|écrit\s+par|scritto\s+da|escrito\s+por"
    r"|publicado\s+por|publié\s+par|by|von|par|por|di|door|przez|autor(?:in)?|author|auteur|text|texte"
    r"|redaktion)\b\s*:?\s*"
    # a byline word glued to a name: case-sensitive, the capital after it too (not "Bye", "Portraits")
    r"|^\s*(?:(?:veröffentlicht|geschrieben|erstellt|verfasst|gepostet)\s*)?"
    r"(?-i:(?:By|Von|von|Por|Par|Door)(?=[A-ZÀ-Ý]))",
    re.IGNORECASE,
)
# Separators between several authors: "A, B and C", "A & B", "A und B", "A et B".
_NAME_SEPARATOR = re.compile(
    r"\s*(?:[,;&|/•·]|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\boraz\b)\s*", re.IGNORECASE
)
# Words that mark a role or an organisation rather than a person.
_ROLE_WORDS = {
    "editor", "reporter", "correspondent", "writer", "columnist", "contributor", "staff",
    "author", "journalist", "producer", "analyst", "chief", "senior", "deputy", "news",
    "desk", "team", "intern", "photographer", "critic", "director", "founder", "ceo",
    "professor", "president", "manager", "host", "opinion", "guest", "special", "associated",
    "press", "agency", "media", "online", "redakteur", "redakteurin", "korrespondent",
    "korrespondentin", "autor", "autorin", "chefredakteur", "experte", "expertin",
    "redaktion", "rédacteur", "journaliste", "envoyé", "spécial", "giornalista",
    "redaktor", "dziennikarz", "updated", "published", "min", "read", "ago", "phd", "md",
    "mba", "posted", "follow",
}
# Lower-case particles allowed inside a person's name.
_NAME_PARTICLES = {
    "von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le", "bin",
    "al", "ter", "zu", "dos", "das", "y",
}
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.\-]*$")
# Parts of a role compound printed before a name: "FOCUS-Online-Experte Jane Roe".
_ROLE_PARTS = {"experte", "expertin", "redakteur", "redakteurin", "autor", "autorin", "korrespondent", "editor"}


def drop_leading_roles(text: str) -> str:
    """The text without leading words that are role compounds ("FOCUS-Online-Experte Jane Roe" -> "Jane Roe")."""
    words = text.split()
    while words and any(w in _ROLE_PARTS for w in re.split(r"[-‐]", words[0].casefold())):
        words.pop(0)
    return " ".join(words)


def strip_byline_prefix(line: str) -> str:
    """Remove a leading "By"/"Von"/"Text:" ... from a byline, keeping the rest as printed."""
    return _BYLINE_PREFIX.sub("", line, count=1).strip()


def has_byline_prefix(line: str) -> bool:
    """True when the line starts with a byline word ("By ", "Von ", "Written by", ...)."""
    return bool(_BYLINE_PREFIX.match(line)) and strip_byline_prefix(line) != line.strip()


def looks_like_name(part: str) -> bool:
    """True for 1-5 capitalised words (particles like "van", "de" allowed) with no role word.

    >>> looks_like_name("Seb Joseph"), looks_like_name("News editor")
    (True, False)
    """
    words = part.split()
    if not 1 <= len(words) <= 5:
        return False
    capitals = 0
    for word in words:
        bare = word.strip(".,'’\"()")
        if not bare or not _NAME_TOKEN.match(bare):
            return False
        if bare.casefold() in _ROLE_WORDS:
            return False
        if bare[0].isupper():
            capitals += 1
        elif bare.casefold() not in _NAME_PARTICLES:
            return False
    # A single all-capitals token ("CNN", "AFP", "DPA") is an agency, not a person.
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
        return False
    return capitals >= 1


# News agencies that credit a story alone, printed in capitals.
_NEWS_AGENCIES = {
    "afp", "ap", "dpa", "reuters", "epa", "ansa", "efe", "apa", "sda", "ats", "kna", "epd", "anp", "belga",
    "pap", "ctk", "mti", "tass", "ria", "xinhua", "kyodo", "jiji", "yonhap", "pti", "ians", "ani", "aap",
    "upi", "sid", "dapd", "ddp", "kap", "bernama", "antara", "notimex", "telam", "ips",
}


def is_news_agency(part: str) -> bool:
    """A news agency's name in capitals ("AFP", "JIJI"), as printed alone to credit a story."""
    return part.isupper() and part.casefold() in _NEWS_AGENCIES


def is_agency(part: str) -> bool:
    """A single all-capitals short word ("AFP", "IWB"): an agency or desk, an author only after "By"."""
    return bool(re.fullmatch(r"[^\W\d_]{2,6}", part)) and part.isupper()


# A user name: one token of letters, maybe digits, dots, "_" or "-" ("marc", "anna.k", "Kai3fan").
_HANDLE = re.compile(r"[^\W\d_][\w.\-]{2,29}")
# Placeholder accounts that blogs print instead of a person.
_NOT_HANDLES = {"admin", "administrator", "user", "guest", "anonymous", "unknown", "webmaster"}


def is_handle(part: str) -> bool:
    """A user name printed as the author: an author only after "By"/"Von" ("von lupa", "by marc")."""
    bare = part.casefold().strip("0123456789._-")
    placeholder = bare in _NOT_HANDLES or bare.endswith("admin")  # "user1", "wpadmin"; not "Hauser"
    return bool(_HANDLE.fullmatch(part)) and part[-1] not in ".-" and not placeholder


# Where the names in a byline stop: a date, a time, "on"/"am" before a date, an e-mail.
_BYLINE_TAIL = re.compile(
    r"\s+[|–—-]\s+|\s{2,}|\n|\s(?-i:on|for|am|at|um|le|el|il)\s|\s(?:on|am|at|um|le|el|il|à)\s*$|\sà\s"
    r"|\s(?:updated|published|aktualisiert)\s|\S+@\S+"
    # a number or a date ("November 6", "Jan. 18", "On 12. Dezember"); a digit inside a user name ("Kai3fan") stays
    r"|(?<![^\W\d_])\d|(?<=[^\W\d_])\d(?![\w.-]*[^\W\d_])|\b[^\W\d_]{2,9}\.?\s+\d"
    r"|\b(?:erstellt|geändert|veröffentlicht|aktualisiert|publié|mis\s+à\s+jour)\b"
    r"|\b(?:foto|fotos|bild|photo|photos|image)\s*:"  # a photo credit after the name
    r"|(?-i:Categories|Category|Tags|Kategorien|Kategorie|Schlagwörter)\b"  # a theme's next label
    r"|\b(?:" + "|".join(sorted(_ROLE_WORDS | {"staff", "writer"}, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


# A role word or month glued to the name before it ("CorbettStaff Writer", "LindgrenNovember 6").
_JAMMED = re.compile(
    r"(?<=[a-zß-ÿ])(?=(?:"
    + "|".join(w.capitalize() for w in sorted(_ROLE_WORDS, key=len, reverse=True))
    + r"|January|February|March|April|May|June|July|August|September|October|November|December)\b)"
)


def _unjam(text: str) -> str:
    """Split a role or month a scraper glued to a name: "CorbettStaff Writer" -> "Corbett Staff Writer".
    Names such as "DeFino" or "McDonald" stay whole."""
    return _JAMMED.sub(" ", text)


def parse_authors(byline: str | None) -> tuple[str, ...]:
    """The person names in a byline, without "By" and without roles.

    >>> parse_authors("By Seb Joseph, News editor")
    ('Seb Joseph',)
    >>> parse_authors("Von Anna Schmidt und Max Müller")
    ('Anna Schmidt', 'Max Müller')
    """
    if not byline:
        return ()
    prefixed = has_byline_prefix(byline)
    text = re.sub(r"\(.*?\)", " ", _unjam(strip_byline_prefix(byline)))  # "(dpa)", "(Reuters)"
    text = remove_dates(text)  # "By Jane Roe 11 February 2020": the date is not part of the name
    names: list[str] = []
    for part in _NAME_SEPARATOR.split(text):
        # Cut each part at its tail: "Jane Doe | Jan 18", "Ann Corbett Staff Writer".
        tail = _BYLINE_TAIL.search(part)
        if tail:
            # One word before a role is an agency or desk ("Reuters staff"), not a person.
            if tail[0].strip().casefold() in _ROLE_WORDS and len(part[: tail.start()].split()) == 1:
                continue
            part = part[: tail.start()]
        if ":" in part:  # a label such as "Datum: 03.03.19" or "Foto: ..."
            continue
        part = part.strip(" ;,-–—")
        if not re.search(r"\b(?:\w|Jr|Sr)\.$", part):  # keep the dot of a final initial ("R. R.", "Jr.")
            part = part.rstrip(".")
        if part and (looks_like_name(part) or (prefixed and is_agency(part))) and part not in names:
            names.append(part)
    if len(names) >= 2 and all(" " not in n for n in names):
        return ()  # "von Malern, Chören, Bands": a list of words after a preposition, not names
    if not names and prefixed:
        return _credit_after_prefix(byline, text)
    return tuple(names)


def _credit_after_prefix(byline: str, rest: str) -> tuple[str, ...]:
    """When a byline word names no person: a user name ("von lupa", "By: marc") or a desk or
    pen name with a role word ("Von: Flinker Reporter") set apart from the byline word (not
    "Portraits", where "Por" is no byline word)."""
    stripped = byline.strip()
    prefix = stripped[: len(stripped) - len(strip_byline_prefix(stripped))]
    if not re.search(r"\w(?::?\s+|\s*:\s+)$", prefix):  # "Autor:innen" is a plural, not a byline
        return ()
    desk = _DESK_CREDIT.fullmatch(rest.strip())
    if desk:
        return (desk[0],)
    tail = _BYLINE_TAIL.search(rest)
    if tail and tail[0].strip().casefold() in _ROLE_WORDS:
        return _desk(rest)  # the names were cut at a role word: "Flinker Reporter", "Jane Staff"
    handle = (rest[: tail.start()] if tail else rest).strip(" ;,-–—")
    # One word after "Par"/"By" may open a sentence ("Par ailleurs, le ministre ..."): it is
    # a user name when a separator or only a date or time follows it ("by marc | Leave a
    # comment"), the byline word has a colon, or it is shaped like one ("dark_wolf", "BoMan").
    after = remove_dates(rest[tail.start() :]) if tail else ""
    shaped = _HANDLE_SHAPE.search(handle)
    set_apart = ":" in prefix or shaped or _SEGMENT_END.match(after) or not _MORE_WORDS.search(after)
    return (handle,) if set_apart and is_handle(handle) else ()


# A desk's initials and an agency ("det/dpa", "mkr / rtr"), each part in one case.
_DESK_CREDIT = re.compile(r"(?:[a-zß-ÿ]{2,5}|[A-ZÀ-Þ]{2,5})(?:\s*/\s*(?:[a-zß-ÿ]{2,7}|[A-ZÀ-Þ]{2,7}))+")
_HANDLE_SHAPE = re.compile(r"[_\d]|[a-z][A-Z]")
_SEGMENT_END = re.compile(r"\s+[|–—-]\s+|\s{2,}|\n")
_MORE_WORDS = re.compile(r"(?![Uu]hr\b)[^\W\d_]{3,}")  # a word, not "am", "at", "um", "Uhr"


_DESK_END = re.compile(_SEGMENT_END.pattern + r"|\s(?:am|um|on|at|le|el|il)\s|[,;(|]|\d")
MAX_DESK_WORDS = 3


def _desk(rest: str) -> tuple[str, ...]:
    """A desk or pen name of a few capitalised words after a byline word, role words included
    ("Von: Flinker Reporter", "By Sports Desk"); () for anything longer."""
    words = _DESK_END.split(rest, maxsplit=1)[0].strip(" .:").split()
    if 1 <= len(words) <= MAX_DESK_WORDS and all(w[0].isupper() and w.isalpha() for w in words):
        return (" ".join(words),)
    return ()


# Segments of a metadata line that are not names: a time, a count ("37 Ergänzungen", "150"),
# "um"/"at", a labelled credit ("Foto: ...").
_NOT_NAME_SEGMENT = re.compile(
    r"^(?:\d+(?:\s+[^\W\d_]+)?|um|at|uhr|(?:foto|fotos|bild|photo|photos|image|quelle|source)\s*:.*"
    r"|(?:veröffentlicht|published|posted|aktualisiert|updated|erstellt|geändert|publié)(?:\s+(?:am|on|le))?)$",
    re.IGNORECASE,
)
# A count printed next to the byline: "24 Comments", "3 Kommentare", "37 Ergänzungen".
_COUNT_PHRASE = re.compile(
    r"\b\d+\s+(?:comments?|kommentare?|antworten|replies|responses|ergänzungen|shares?|reactions?|réactions?)\b",
    re.IGNORECASE,
)
_CONNECTOR_TAIL = re.compile(r"\s+(?:am|um|on|at|à|le|el|il)\s*$", re.IGNORECASE)
# A job title after the name, in lower case but for its beat: "Jane Roe Education editor",
# "Jane Roe, Chief political correspondent".
_BEAT_ROLE = re.compile(
    r"(?:^|\s+)(?P<beat>[A-ZÀ-Þ][a-zß-ÿ]+\s+)?(?:[a-zß-ÿ]+\s+)?"
    r"(?:editor|correspondent|reporter|writer|columnist|critic|redakteur(?:in)?|korrespondent(?:in)?)$"
)


def _without_beat_role(part: str) -> str:
    """The name without the job title after it; "" when the line is only a job title, and the
    part unchanged when a capitalised beat may be the end of a longer name ("Jane Roe New York
    correspondent": the beat is "New York", not "York")."""
    m = _BEAT_ROLE.search(part)
    if not m:
        return part
    name = part[: m.start()]
    return name if not (name and m["beat"]) or len(name.split()) == 2 else part


def person_line_authors(line: str) -> tuple[str, ...]:
    """Authors of a line that is only names and perhaps a date/time, printed without "By"
    (or with "by"/"von" inside the line), its parts separated by "|", "/", "-", ",".

    >>> person_line_authors("Greta Lindqvist 21.10.2020, 06:30 Uhr")
    ('Greta Lindqvist',)
    >>> person_line_authors("23.06.2016 um 16:14 Uhr - Markus Reuter - 91 Kommentare")
    ('Markus Reuter',)
    """
    line = line.strip()
    if not line or len(line) > 100 or "\n" in line:
        return ()
    # Remove dates, times and separators; what is left must be nothing but names.
    rest = remove_dates(_without_section(_unjam(line)))
    if _MARKED_NAME.search(rest):  # "Jane Roe1,2": a paper's footnote marks (not a user name's "jdoe42")
        rest = _AFFILIATION_MARK.sub("", rest)
    rest = _PARTIAL_DATE.sub(lambda m: " " if (m["month"] or m["month2"]).casefold() in _MONTHS else m[0], rest)
    rest = _TIME.sub(" ", rest)
    # After a count that follows the name, themes print the post's categories ("Jane Roe 1 Kommentar Politik").
    rest = re.sub(r"(?<=[^\W\d_])\s+(?:" + _COUNT_PHRASE.pattern + r").*$", " , ", rest, flags=re.IGNORECASE)
    rest = _COUNT_PHRASE.sub(" , ", re.sub(r"(?<!\S)@\w+", " , ", rest))  # counts, "@handle"
    # "Kommentare4", "Comments (3)": a comment counter; "3 min Lesezeit": a read time
    rest = re.sub(r"(?:comments?|kommentare?|antworten|replies)\s*(?:\(\d+\)|\d*)(?!\w)", " , ", rest, flags=re.I)
    rest = _READ_TIME.sub(" , ", rest)
    rest = re.sub(r"[|,•·/»«~]+|(?:^|\s+)[-–—]\s+|\s{3,}", " , ", rest).strip(" ,")
    if _is_dated_desk(rest, line):
        return (rest,)
    parts: list[tuple[str, bool]] = []  # (text, printed after a byline word)
    for part in re.split(r",|\s(?:&|and|und|et)\s", rest):
        part = _CONNECTOR_TAIL.sub("", _without_beat_role(part.strip()))
        if part and not _NOT_NAME_SEGMENT.match(part):
            signed = _SIGN_OFF.sub("", part)
            bare = drop_leading_roles(strip_byline_prefix(signed))
            # (a sign-off is no byline word: one word after it is a name only when shaped like a
            # user name, "Euer FritzFroh", not "Deine Meinung")
            prefixed = bare != signed or (signed != part and bool(_HANDLE_SHAPE.search(bare)))
            parts.append((_CONNECTOR_TAIL.sub("", bare), prefixed))
    if not parts or len(parts) > 3 or any(re.search(r"\d", p) for p, _ in parts):
        return ()
    if len(parts) == 1 and _is_dated_handle(parts[0][0], line):
        return (parts[0][0],)
    # A one-word name ("von Heiko") needs a byline word in front of it.
    names = tuple(
        p
        for p, prefixed in parts
        if ((1 if prefixed else 2) <= len(p.split()) <= 4 and looks_like_name(p)) or (prefixed and is_agency(p))
    )
    return names if len(names) == len(parts) else ()


# A time: "06 PM", "10:00 am", "14:05 Uhr".
_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b|\b\d{1,2}[:.]\d{2}\s*(?:uhr|h)?\b|\buhr\b", re.I)
# A date printed without its year ("18 Mai", "May 18"), when the word is a month.
_PARTIAL_DATE = re.compile(
    r"\b[0-3]?\d\.?\s+(?P<month>[^\W\d_]{3,10})\.?(?!\w)|\b(?P<month2>[^\W\d_]{3,10})\.?\s+[0-3]?\d\b(?![.:]?\d)"
)
# A blogger's sign-off before the name ("Euer Jan Roe", "Eure JaneRoe").
_SIGN_OFF = re.compile(r"^(?:euer|eure|dein|deine|yours|cheers)\s+(?=\S)", re.IGNORECASE)
_LAST_WORD = re.compile(r"\s+[|·•–—-]?\s*[A-ZÀ-Þ][^\W\d_]+\s*$")


def _without_section(line: str) -> str:
    """The line without one word that closes it right after a date that follows a name: the
    story's section ("Jane Roe 11/08/2020 Feelings")."""
    dates = find_dates(line)
    last = _LAST_WORD.search(line)
    if not dates or not last or dates[0][0] == 0 or not line[: dates[0][0]].strip():
        return line
    between = remove_dates(line[dates[-1][0] : last.start()])
    return line[: last.start()] if not between.strip(" ,|") else line


_MARKED_NAME = re.compile(r"\b[A-ZÀ-Þ][a-zß-ÿ]+\d{1,2}(?:,\d{1,2})*(?![\w.:/])")
_AFFILIATION_MARK = re.compile(r"(?<=[a-zß-ÿ])\d{1,2}(?:,\d{1,2})*(?![\w.:/])")


# A newsroom credited as the author: "Redaktion - 14. März 2023", "Newsdesk | 3 March 2021".
_DESKS = {"redaktion", "newsdesk", "newsroom", "rédaction", "redazione", "redacción", "redactie"}


def is_desk(part: str) -> bool:
    """A newsroom's name ("Redaktion", "Newsdesk"), credited as a story's author."""
    return part.casefold() in _DESKS and part[:1].isupper()


def _is_dated_desk(part: str, line: str) -> bool:
    """A newsroom's name printed alone with a date, as a story's byline."""
    return is_desk(part) and bool(find_dates(line))


def _is_dated_handle(part: str, line: str) -> bool:
    """A lower-case user name printed with a date and a time or a dash, as forums and blogs
    print their posts' meta line ("waldkauz — 3. März 2023", "19.10.2019 11:36 jdoe")."""
    # (lower case, or with the "_", digits or inner capitals of a user name: "Jo_Rider", "FritzFroh")
    handle_shape = part[:1].islower() or _HANDLE_SHAPE.search(part)
    if not (handle_shape and is_handle(part)) or part in _NAME_PARTICLES or part in _ROLE_WORDS:
        return False
    if re.search(re.escape(part) + r"\s+\d{1,2}[:.]\d\d", line):
        return False  # a word that announces the time ("klo 14.00", "à 10:00")
    return bool(find_dates(line)) and bool(re.search(r"\d[:.]\d\d(?!\.\d)|\s[—–|]\s", line))


def looks_like_byline(line: str) -> bool:
    """True for a short line that names authors after "By"/"Von"/... ("By Seb Joseph, News editor")."""
    line = line.strip()
    if not line or len(line) > 120 or "\n" in line:
        return False
    return has_byline_prefix(line) and bool(parse_authors(line))


# ------------------------------------------------------------------------------- dates

_MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12, "jän": 1, "mär": 3, "okt": 10, "dez": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "avr": 4, "juil": 7,
    # Italian
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "dicembre": 12,
    # Spanish
    "enero": 1, "febrero": 2, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # Polish (genitive, as printed in dates)
    "stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6,
    "lipca": 7, "sierpnia": 8, "września": 9, "października": 10, "listopada": 11,
    "grudnia": 12,
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    # Portuguese
    "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "dezembro": 12,
    # Russian (genitive, as printed in dates)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    # Ukrainian (genitive, as printed in dates)
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
    "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}
# One case after the first letter, so a month glued to a name ("BrennanMarch") is read alone.
_MONTH = r"(?P<month>[^\W\d_](?:[^\W\d_A-Z]{2,11}|[^\W\d_a-z]{2,11}))\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# A year ends at a non-digit, or where a scraper glued the next date to it
# ("27. Mai 201812. März 2019": published, then updated).
# A time glued to the year ("9 de marzo de 202300:00") ends it too.
_YEAR_END = r"(?:(?!\d)|(?=[0-3]?\d\.?\s*[^\W\d_]{3})|(?=[0-2]\d:[0-5]\d))"
_DATE_PATTERNS = [
    # 2017-01-18, 2017/01/18, 2017-01-18T10:00
    re.compile(r"(?<!\d)" + _YEAR + r"[-/.](?P<mnum>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"),
    # 18.01.2017, 18/01/2017, 01/18/2017, 18. 01. 2017 (day/month order resolved later)
    re.compile(
        r"(?:(?<![\d.])|(?<=(?:19|20)\d\d))(?P<a>[0-3]?\d)(?:[./-]|\.\s)(?P<b>[0-3]?\d)(?:[./-]|\.\s)" + _YEAR
        + r"(?:(?!\d|:\d)|(?=[0-3]?\d[./-][0-3]?\d[./-]))"  # "17/11/201917/11/2019": two dates glued
    ),
    # January 18, 2017 / Jan. 18 2017
    # (also glued to the name before it: "Marta LindgrenNovember 6, 2023")
    re.compile(r"(?:\b|(?<=[a-zß-ÿ])(?=[A-Z]))" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _YEAR_END),
    # 18 January 2017 / 18th of January 2017 / 18. Januar 2017 / 18 janvier 2017 / 18 de enero de 2017
    # / 18 / Januar / 2017
    re.compile(
        r"(?:(?<![\d.])|(?<=(?:19|20)\d\d))" + _DAY + r"(?:(?P<slash>\s*/\s*)|\s*(?:(?:de|of)\s+)?)" + _MONTH
        + r"(?(slash)\s*/\s*|,?\s+(?:de\s+)?)" + _YEAR + _YEAR_END
    ),
    # Apr 042013: a blog theme's day and year boxes read without the space between them
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>[0-3]\d)" + _YEAR + r"(?!\d)"),
    # 03-Mar-2019, 03-Mar-19, 03.Mär.19: a day, a month word and a year joined by hyphens or dots
    re.compile(
        r"(?<![\d.\-])(?P<day>[0-3]?\d)(?P<sep>[-.])" + _MONTH
        + r"(?P=sep)(?:" + _YEAR + r"|(?P<yy>\d\d))(?![\d.\-]\d|\d)"
    ),
    # 2019年3月3日, 2019년 3월 3일 (Chinese, Japanese, Korean)
    re.compile(_YEAR + r"\s*[年년]\s*(?P<mnum>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]"),
    # 19.10.19 (German day.month.two-digit year; dots only, so not US month/day/year)
    # (also glued to a time: "28.09.1912:44" is 28.09.19, 12:44)
    re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)\.(?P<b>[01]?\d)\.(?P<yy>\d\d)(?:(?![\d.]|\.\d)|(?=[0-2]?\d:[0-5]\d))"),
    # 26/10/13, 12/31/19 (two-digit year with slashes: only when the day tells the order)
    re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<yy>\d\d)(?![\d/])"),
]
# Words that introduce the date a story was first published vs. last updated.
_PUBLISHED_WORDS = re.compile(
    r"\b(?:published|posted|erschienen|veröffentlicht|publié|publicado|pubblicato|opublikowano|on)\b",
    re.IGNORECASE,
)
_UPDATED_WORDS = re.compile(
    r"\b(?:updated?|modified|last\s+modified|aktualisiert|zuletzt|mis\s+à\s+jour|actualizado|aggiornato|edited)\b",
    re.IGNORECASE,
)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the numbers do not form one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_from_match(m: re.Match) -> dt.date | None:
    """Turn a match of one of the _DATE_PATTERNS into a date."""
    groups = m.groupdict()
    if groups.get("yy"):
        yy = int(groups["yy"])
        year = 2000 + yy if yy < 70 else 1900 + yy
        if groups.get("a"):
            a, b = int(groups["a"]), int(groups["b"])
            if "/" in m[0] and max(a, b) <= 12:
                return None  # "04/05/19": April 5 on a US site, 4 May elsewhere; a guess would be a wrong date
            month_first = _safe_date(year, a, b) if "/" in m[0] else None  # dots: German, day first only
            return _safe_date(year, b, a) or month_first
    else:
        year = int(groups["year"])
    if groups.get("mnum"):
        return _safe_date(year, int(groups["mnum"]), int(groups["day"]))
    if groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        # Day first (European) unless that is impossible and month first works (US).
        return _safe_date(year, b, a) or _safe_date(year, a, b)
    month = _MONTHS.get(groups["month"].casefold().rstrip("."))
    if month is None:
        return None
    return _safe_date(year, month, int(groups["day"]))


_TWO_DIGITS = re.compile(r"\d\d")  # every date form prints a year or a day of two digits or more


CACHED_DATE_TEXT = 300  # characters: the lines that the header, byline and date passes all ask about


def find_dates(text: str) -> tuple[tuple[int, dt.date], ...]:
    """Every printed date in the text, as (position, date), in reading order. (Short lines
    are looked up once; a whole page's text is not kept in the cache.)"""
    return _cached_dates(text) if len(text) <= CACHED_DATE_TEXT else _dates(text)


@lru_cache(maxsize=16384)
def _cached_dates(text: str) -> tuple[tuple[int, dt.date], ...]:
    return _dates(text)


def _dates(text: str) -> tuple[tuple[int, dt.date], ...]:
    if not _TWO_DIGITS.search(text):
        return ()
    found: dict[int, dt.date] = {}
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            date = _date_from_match(m)
            if date is not None:
                found[m.start()] = date
                taken.append(m.span())
    return tuple(sorted(found.items()))


def remove_dates(text: str) -> str:
    """The text with every printed date replaced by a space."""
    for pattern in _DATE_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def parse_date(text: str | None) -> dt.date | None:
    """The publication date printed in a short line, preferring "Published" over "Updated".

    >>> parse_date("Updated March 2, 2017 | Published January 18, 2017")
    datetime.date(2017, 1, 18)
    >>> parse_date("18.01.2017, 14:05 Uhr")
    datetime.date(2017, 1, 18)
    """
    if not text:
        return None
    dates = find_dates(text)
    if not dates:
        return None
    if len(dates) == 1:
        return dates[0][1]
    # Several dates: take the one announced as published, else skip those announced as
    # updated, else the earliest (an update is never before the publication).
    published, other = [], []
    for position, date in dates:
        before = text[max(0, position - 30) : position]
        if _UPDATED_WORDS.search(before) and not _PUBLISHED_WORDS.search(before.split(":")[-1]):
            continue
        (published if _PUBLISHED_WORDS.search(before) else other).append(date)
    if published:
        return published[0]
    return min(other) if other else min(date for _, date in dates)


# A label that announces the publication date: "Published:", "Erschienen am", "Posted on".
_PUBLISHED_LABEL = re.compile(
    r"\b(?:published|posted\s+on|first\s+published|erschienen|veröffentlicht|erscheinungsdatum|publiziert"
    r"|eingetragen|publié|publicado|pubblicato|opublikowano|gepubliceerd)\b",
    re.IGNORECASE,
)


def labelled_published_date(text: str) -> dt.date | None:
    """The date of a line that says it is the publication date ("Erschienen am 01.11.2023"), else None."""
    m = _PUBLISHED_LABEL.search(text)
    if not m:
        return None
    dates = [d for position, d in find_dates(text) if position >= m.start()]
    return dates[0] if dates else None


_MONTH_YEAR = re.compile(r"\s*" + _MONTH + r",?\s+" + _YEAR + r"\s*")


def month_year_date(text: str) -> dt.date | None:
    """The first day of the month of a line that is only a month and a year ("Januar 2022"), else None."""
    m = _MONTH_YEAR.fullmatch(text)
    month = _MONTHS.get(m["month"].casefold()) if m else None
    return dt.date(int(m["year"]), month, 1) if month else None


def starts_with_date(text: str) -> dt.date | None:
    """The date a paragraph opens with (a dateline: "31. Oktober 2023. Dragqueens ..."), else None."""
    dates = find_dates(text[:40])
    return dates[0][1] if dates and dates[0][0] <= 2 else None


# Where a dateline ends and the story begins: "BERLIN, 5. Mai 2020 – ...", "Press release of
# Jan. 5, 2020 | Berlin ...", "NEW YORK, Jan. 5, 2020 /PRNewswire/ -- ...".
_DATELINE_END = re.compile(r"\s(?:--|[–—|])\s|\s/[^/\s]+/\s")
MAX_DATELINE_WORDS = 4  # a place or a label before the date ("Pressemitteilung vom", "SAN JOSE, Calif.")
DATELINE_CHARS = 80


def dateline_date(text: str) -> dt.date | None:
    """The date of a dateline that opens a paragraph, up to a dash, bar or wire credit, after a
    place or a label of a few words ("BERLIN, 5. Mai 2020 – Die ..."), else None."""
    end = _DATELINE_END.search(text[:DATELINE_CHARS])
    if not end:
        return None
    dates = find_dates(text[: end.start()])
    if not dates or len(text[: dates[0][0]].split()) > MAX_DATELINE_WORDS:
        return None
    # The date closes the dateline: words between it and the dash make it a sentence.
    after = remove_dates(text[dates[0][0] : end.start()])
    return None if re.search(r"[^\W\d_]{2}", after) else dates[0][1]


def parse_iso_date(value: str | None) -> dt.date | None:
    """A date from an ISO string such as trafilatura's "2017-01-18" (time part ignored)."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    return _safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None


# --------------------------------------------------------------------------- read time

_READ_TIME = re.compile(
    r"(?P<n>\d{1,3})\s*(?:-\s*)?(?:min(?:ute)?s?|minuten?|mn)\.?\s*"
    r"(?:read|reading|lesezeit|lesen|de\s+lecture|di\s+lettura|czytania)"
    r"|(?:lesezeit|reading\s+time|read\s+time|temps\s+de\s+lecture)\s*:?\s*(?P<m>\d{1,3})\s*min",
    re.IGNORECASE,
)


def parse_read_time(text: str | None) -> int | None:
    """Minutes from "6 min read", "Lesezeit: 4 Minuten", "Reading time 3 min"; else None.

    >>> parse_read_time("January 18, 2017 | 6 min read")
    6
    """
    if not text:
        return None
    m = _READ_TIME.search(text)
    if not m:
        return None
    return int(m["n"] or m["m"])


def is_date_line(line: str, max_words: int = 14) -> bool:
    """True for a short line whose job is to print a date (and maybe a read time or time)."""
    words = line.split()
    return 0 < len(words) <= max_words and bool(find_dates(line))
