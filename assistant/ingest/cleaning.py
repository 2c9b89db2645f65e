"""Remove page furniture from received text: repeated captions, bylines, press-room trailers.

Rules are generic (patterns of news sites and press rooms), never tied to one document.
The files in corpus/ stay as received; cleaning happens on every ingest.
"""

from __future__ import annotations

import re

from assistant.swedish import CONTENTS

# Lines that are furniture wherever they appear.
_FURNITURE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(foto|bild|fotograf|illustration)\s*:",
        r"^så jobbar vi med nyheter\b",
        r"^läs mer här!?$",
        r"^(dela|skriv ut|tipsa|kommentera|annons)$",
        r"^(abonnera|prenumerera) på\b",
        r"^följ [\wåäö .-]+$",
        r"^senaste pressmeddelandena\b",
        r"^(i vårt pressrum|besök vårt pressrum)\b",
        r"^https?://\S+$",
        r"^\d{3} ?\d{2} [\wåäöÅÄÖ ]+$",  # postal address: "753 75 Uppsala"
        r"^[\wåäöÅÄÖ]+ ?\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}$",  # dateline: "Heby2016-11-16 18:39"
        # Document-sharing sites (5dok, docplayer, pdfslide …) around a re-published PDF:
        r"^•?\s*no results found$",
        r"^(n/a|protected|copied!|full text|transkript|upload|view|download|citation preview)$",
        r"^academic year:\s*\d{4}$",
        r'^(share|download) ".*"$',
        r"^loading\.+\s*\(view fulltext now\)$",
        r"^(storlek: px|starta visningen från sidan:|embed size \(px\))$",
        r"^\(?[0-9]{1,4}\)?$",  # page numbers and page markers: "21", "(3)"
        r"^[IVX]{1,4}$",  # roman page numbers
        r"^(logotyp på utskrifter|in english)$",
    )
]
# A table of contents: an entry ends in a dot leader and its page ("Projekt ... 12"), or a PDF
# copy runs the entries into one line ("… Innehållsförteckning Inledning... 3 Bakgrund... 4 …
# medskick... 13"). It says what a document covers, and where: its entries become one
# paragraph, "Innehåll: Projekt (sida 12); …", quoted only for a question on the document's
# parts (assistant/answering/evidence.py).
_CONTENTS_LINE = re.compile(r"\.{3,}\s*\d{1,3}$")
_CONTENTS_ENTRY = re.compile(r"(?P<entry>[^.]\S.*?)\s*\.{3,}\s*(?P<page>\d{1,3})(?=\s|$)")
_CONTENTS_HEADING = re.compile(r"^(?:.*\s)?innehåll(?:sförteckning)?\s+", re.IGNORECASE)
# A standalone line that starts a press room's trailer (keywords, contacts, "about us").
_TRAILER_MARKERS = frozenset({"nyckelord", "kontakter", "bilder", "dokument", "om", "relaterat"})
_DOUBLED = re.compile(r"^(.{3,60}?)\s*\1$")  # a short name twice: "Uppsala kommunUppsala kommun"


def clean_text(raw: str) -> str:
    """Text without furniture, one paragraph per block, paragraphs separated by a blank line."""
    lines = [_normalise(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _cut_trailer(lines)
    kept: list[str] = []
    seen: set[str] = set()
    contents: list[str] = []
    for line in lines:
        if _CONTENTS_LINE.search(line):
            contents += _contents_entries(line)
            continue
        if not line or _is_furniture(line):
            continue
        if contents:
            kept.append(_contents_paragraph(contents, kept))
            contents = []
        line = _unglue_cell(_strip_furniture_tail(line))
        key = line.casefold()
        if key in seen:  # a repeated photo caption or pull quote
            continue
        seen.add(key)
        if kept and _goes_on(kept[-1], line):
            kept[-1] = f"{kept[-1]} {line}"
        else:
            kept.append(line)
    if contents:
        kept.append(_contents_paragraph(contents, kept))
    return "\n\n".join(_form_rows(kept))


def _contents_entries(line: str) -> list[str]:
    """The entries of a table of contents line, each "Section (sida N)"; whatever stands
    before the word "Innehållsförteckning" on a PDF copy's one line is a page header."""
    bare = line.lstrip("•·▪ ").strip()
    entries = [(m.group("entry").strip(), m.group("page")) for m in _CONTENTS_ENTRY.finditer(bare)]
    if entries:
        first, page = entries[0]
        entries[0] = (_CONTENTS_HEADING.sub("", first), page)
    return [f"{entry} (sida {page})" for entry, page in entries if entry]


def _contents_paragraph(entries: list[str], kept: list[str]) -> str:
    """One paragraph of a table of contents; a heading "Innehåll" before it is taken in."""
    if kept and kept[-1].rstrip(":").casefold() in ("innehåll", "innehållsförteckning"):
        kept.pop()
    return f"{CONTENTS} {'; '.join(entries)}."


def _form_rows(paragraphs: list[str]) -> list[str]:
    """Each form label joined with the value after it (:func:`_labels`)."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and _labels(out[-1], paragraph):
            out[-1] = f"{out[-1]}: {paragraph}{'' if paragraph[-1] in '.!?' else '.'}"
        else:
            out.append(paragraph)
    return out


# A form (a protocol's or tjänsteskrivelse's header) puts a label on one line and its value on
# the next: "Handläggare" / "Ann-Mari Nilsson", "Ärendebeteckning" / "KS 2015/0548". A label is
# one to three words of letters, capitalised but not in capitals ("TJÄNSTESKRIVELSE" is the
# document's kind), and its value a short paragraph opening with a capital or a digit (a name,
# a date, a number; lines wrapped inside a sentence are joined first; a list item under a
# heading opens in lower case or with a bullet) and no lead-in: the pair is written
# "Handläggare: Ann-Mari Nilsson." so that it is read and quoted as one sentence.
_LABEL = re.compile(r"^[A-ZÅÄÖ][a-zåäöé-]+(?: [a-zåäöé-]+){0,2}$")
MAX_LABEL_CHARS = 30
MAX_VALUE_CHARS = 40


def _labels(line: str, following: str) -> bool:
    """Whether ``line`` is a form's label and ``following`` its value."""
    return (
        len(line) <= MAX_LABEL_CHARS
        and _LABEL.match(line) is not None
        and len(following) <= MAX_VALUE_CHARS
        and (following[:1].isupper() or following[:1].isdigit())  # "språkutbildning": an item
        and not following.endswith(":")
        and _LABEL.match(following) is None  # two labels, or a heading and a label
    )


# A table row copied from a web page loses the space between its cells: "KontaktpersonHåkan
# Printz", "Beviljat ESF-stöd6 281 132 kr", "Projektperiod2008-11-01 till 2011-10-30". In a
# short line, a label of one to three words whose last letters (four or more, lower case)
# run straight into a capital or a digit is such a row; "YouTube" (two lower-case letters)
# is not. The row is written as a sentence, "Kontaktperson: Håkan Printz.", so that it is
# read and quoted as one (a bare label and value would read as a heading).
_GLUED_CELL = re.compile(
    r"^(?P<label>[A-ZÅÄÖ][\w-]*(?: [\w-]+){0,2}?[a-zåäö]{4})(?P<value>[A-ZÅÄÖ0-9]\S*.*)$"
)
MAX_ROW_CHARS = 80


# … and "E-posthakan.printz@ostersund.se": an e-mail address glued to its label.
_GLUED_MAIL = re.compile(r"^(?P<label>E-post|E-mail|Epost|Mejl|Mail)(?P<value>[\w.+-]+@[\w.-]+)$")


def _unglue_cell(line: str) -> str:
    """ "Label: value." for a table row whose cells were glued together; else the line."""
    short = len(line) <= MAX_ROW_CHARS
    glued = (_GLUED_CELL.match(line) or _GLUED_MAIL.match(line)) if short else None
    if glued is None:
        return line
    value = glued.group("value")
    end = "" if value[-1] in ".!?" else "."
    return f"{glued.group('label')}: {value}{end}"


# A line at least this long that ends without punctuation, followed by one opening in lower
# case, is a sentence wrapped at a hard line break (PDF exports, press pages): one paragraph.
# Shorter lines are list items or headings, which may well be followed by one in lower case.
WRAPPED_LINE_CHARS = 40


# Words a Swedish sentence or heading does not end on: a line ending on one was cut in the
# middle ("… godkänner att lokal överenskommelse mellan" / "Kalmar kommun och …"), whatever
# the case of the next line's first letter.
_CANNOT_END = frozenset(
    "och eller samt men att som mellan med för av till i på om från inom under vid hos genom "
    "efter utan än en ett den det de dess deras vars".split()
)


def _goes_on(line: str, following: str) -> bool:
    """Whether ``following`` continues the sentence ``line`` was cut in."""
    if len(line) < WRAPPED_LINE_CHARS or line[-1] in ".!?:;" or not following[:1].isalnum():
        return False
    if following[:1].isalpha() and following[:1].islower():
        return True
    last = line.rsplit(maxsplit=1)[-1].lower()
    return last in _CANNOT_END and not following.isupper()


def _normalise(line: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", line).strip()


def _is_furniture(line: str) -> bool:
    bare = line.lstrip("•·▪ ").strip()  # a bullet in front changes nothing
    return any(p.search(bare) for p in _FURNITURE) or bool(_DOUBLED.match(line))


# An image's file name left in front of the text beside it: "A08_6.jpg– Det är …".
_IMAGE_NAME = re.compile(r"^[\w.-]+\.(?:jpe?g|png|gif|webp|svg)\s*", re.IGNORECASE)


def _strip_furniture_tail(line: str) -> str:
    """Drop "Så jobbar vi med nyheter …" glued to the end of a real line, and an image's file
    name glued to its start (a quotation's dash then opens the line again)."""
    line = _IMAGE_NAME.sub("", line)
    return re.split(r"\s*Så jobbar vi med nyheter", line, maxsplit=1)[0].strip()


def _cut_trailer(lines: list[str]) -> list[str]:
    """Cut everything from the first trailer marker in the second half of the text (by size)."""
    total = sum(len(line) for line in lines)
    seen = 0
    for i, line in enumerate(lines):
        if seen >= total / 2 and line.casefold() in _TRAILER_MARKERS:
            return lines[:i]
        seen += len(line)
    return lines
