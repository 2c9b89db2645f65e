"""Answer units beyond one sentence: a lead-in with its whole list, a section under a heading
naming what is asked, and the sentences around a chosen one that it cannot be read without
(one it points back to, one that goes on from it, qualifies it, or names who says it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answering.evidence import numbers, row_label
from assistant.answering.matching import canonical, found
from assistant.answering.passages import (
    BACK_REFERENCES,
    POINTS_BACK,
    QUOTE_OPENERS,
    Scored,
    flat_sentences,
)
from assistant.answering.topics import coverage
from assistant.records import Chunk
from assistant.swedish import (
    QUESTION_WORDS,
    STOP_WORDS,
    content_stems,
    is_list_item,
    paragraph_sentences,
    stem,
    words,
)

MAX_LIST_ITEMS = 12  # quoted of a list; of a longer one, those around the item chosen
LONGEST_LIST = 60  # items read to find where a list ends
NextChunk = Callable[[Chunk], "Chunk | None"]  # the chunk after one, in its document
_Item = tuple[Chunk, int, str]  # a list's sentence: its chunk, position in it, and text


_LISTED = re.compile(r"^\W*(?:och\s+)?vilka\s+(?P<noun>\w+)(?:\s+(?P<next>\w+))?", re.IGNORECASE)


def listed_noun(question: str) -> str:
    """The stem of what a "Vilka X …?" question asks to list ("målsättningar" →
    "målsättning"), or "" for another question."""
    match = _LISTED.match(question)
    if match is None:
        return ""
    noun = match.group("noun")
    following = match.group("next")
    if following and noun.lower().endswith("a") and not following.lower().endswith("a"):
        noun = following  # "Vilka stora förändringar …": a plural adjective ends in -a
    stems = content_stems(noun, QUESTION_WORDS)
    return stems[0] if stems else ""


# A sentence opening with one of these qualifies the one before it ("Undantaget de med …",
# "Dock …"): quoted without it, the chosen sentence claims more than the source does.
QUALIFIERS = frozenset("undantaget undantag dock däremot men utom förutom".split())


def names_again(sentence: str, following: str) -> bool:
    """Whether ``following`` opens by naming again, in the definite form, a thing
    ``sentence`` introduced: "… att starta ett arbetsmarknadsråd …" / "I rådet kommer …",
    "… en ny modell …" / "Modellen innebär …"."""
    introduced = [stem(w) for w in words(sentence) if w not in STOP_WORDS]
    for w in words(following)[:3]:
        if w in STOP_WORDS or not w.endswith(("en", "et", "n", "t")) or len(w) < 5:
            continue
        base = stem(w)
        if len(base) >= 3 and base != w and any(t.endswith(base) for t in introduced):
            return True
    return False


# A sentence whose meaning words are this much (share of its own) in one quoted already, with
# no number of its own, says nothing new: a page header repeating the title, a lead repeating
# the headline (docs/evaluation.md, "Session 13").
REPEAT_SHARE = 0.85


def repeats(sentence: str, earlier: str) -> bool:
    """Whether ``sentence`` only repeats ``earlier``: its letters and digits stand there as
    they are (a title copied twice, once with its words run together: "… ungdoms-
    arbetslösheten Rapport …", "… ungdoms-arbetslöshetenRapport …"), or nearly all its
    content words and all its numbers are there."""
    if _letters(sentence) and _letters(sentence) in _letters(earlier):
        return True
    own = set(content_stems(sentence))
    if not own or not numbers(sentence) <= numbers(earlier):
        return False
    return len(own & set(content_stems(earlier))) >= REPEAT_SHARE * len(own)


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def distinct(chosen: Sequence[Scored]) -> list[Scored]:
    """The chosen sentences (best first) without those that repeat one kept before them; a
    list's items do not repeat each other ("• Arbetsträning", "• Förstärkt arbetsträning")."""
    kept: list[Scored] = []
    for s in chosen:
        item = is_list_item(s.sentence)
        if not any(
            repeats(s.sentence, k.sentence) and not (item and is_list_item(k.sentence))
            for k in kept
        ):
            kept.append(s)
    return kept


def _by_place(scored: Sequence[Scored]) -> dict[tuple[str, int], Scored]:
    """The scored sentences by where they stand: chunk id and position in it."""
    return {(s.chunk.chunk_id, s.position): s for s in scored}


def with_continuations(chosen: list[Scored], scored: Sequence[Scored]) -> list[Scored]:
    """Add the next sentence of the same chunk after a lead-in (short, or ending in ":"), or
    when it goes on from the chosen one (opens with "Här", "Detta" …) and shares a word with
    the question, or qualifies it (opens with "Undantaget", "Dock" …): quoted alone, either
    would leave out what it refers to, or claim more than the source. A chosen sentence that
    points back ("Här är målet …") brings the one before it, and a sentence of a quotation
    the sentence that names the speaker."""
    by_place = _by_place(scored)
    out = list(chosen)
    for s in chosen:
        if s.said_at is not None:  # a quotation is quoted with who says it
            speaker = by_place.get((s.chunk.chunk_id, s.said_at))
            if speaker is not None and speaker not in out:
                out.append(speaker)
        if (words(s.sentence) or [""])[0] in POINTS_BACK:  # "Här är målet …": what is "här"?
            before = by_place.get((s.chunk.chunk_id, s.position - 1))
            if before is not None and before not in out:
                out.append(before)
        following = by_place.get((s.chunk.chunk_id, s.position + 1))
        if following is None or following in out:
            continue
        # a short sentence announces what follows, unless it is a row ("Label: value.") or a
        # heading (position 0: its section goes on with a sentence of its own)
        short = len(s.sentence.split()) <= 6 and not row_label(s.sentence) and s.position > 0
        lead_in = s.sentence.endswith(":") or short
        first = (words(following.sentence) or [""])[0]
        goes_on = first in BACK_REFERENCES or names_again(s.sentence, following.sentence)
        qualifies = first in QUALIFIERS
        if lead_in or qualifies or (goes_on and following.coverage > 0):
            out.append(following)
    return out


QUOTATION_SENTENCES = 3  # a short quotation is one unit; a longer one is a speech


def whole_quotations(chosen: list[Scored], scored: Sequence[Scored], floor: float) -> list[Scored]:
    """For an open question, a chosen sentence that takes up the question (relevance from
    ``floor``) and names who says the quotation it ends ("Det öppnar nya dörrar, säger
    Richard Lundberg.") brings the quotation's sentences before it (at most
    ``QUOTATION_SENTENCES``): what the speaker says is one statement, and its last sentence
    alone often only concludes it. ("Vem …?" wants the name: not used.)"""
    by_place = _by_place(scored)
    out = list(chosen)
    for s in chosen:
        if s.relevance >= floor:
            out += [t for t in _quoted_before(s, by_place) if t not in out]
    return out


def _quoted_before(s: Scored, by_place: dict[tuple[str, int], Scored]) -> list[Scored]:
    """The sentences of the quotation ``s`` ends, when ``s`` names its speaker and the
    quotation is short; else []."""
    before = []
    for back in range(1, QUOTATION_SENTENCES + 1):
        t = by_place.get((s.chunk.chunk_id, s.position - back))
        if t is None or t.said_at != s.position:
            break
        before.append(t)
    quotation_opens = before and before[-1].sentence.startswith(QUOTE_OPENERS)
    return before if quotation_opens else []


def whole_section(
    question: str, chosen: list[Scored], scored: Sequence[Scored], max_sentences: int
) -> list[Scored]:
    """For "Vilka målsättningar …?", when a chosen sentence stands under a heading naming
    what is asked for ("Flera gemensamma målsättningar"), the section is the list: its
    retrieved sentences in reading order (at most ``max_sentences``; no quotations)
    replace the other sentences chosen from that document. A list's items rarely repeat
    the question's words, so each alone may fall below the bar."""
    asked = listed_noun(question)
    if not asked or not chosen:
        return chosen
    for s in chosen:
        heading = s.chunk.heading
        if heading == s.chunk.meta.title or coverage([asked], content_stems(heading)) < 1:
            continue
        section = sorted(  # the section's own text: quotations in it only comment
            (
                t
                for t in scored
                if (t.chunk.doc_id, t.chunk.heading) == (s.chunk.doc_id, heading) and not t.speaker
            ),
            key=lambda t: (t.chunk.number, t.position),
        )
        if s not in section:  # a quotation was chosen: the section does not hold it
            continue
        # A long section: the window of max_sentences around the chosen sentence (one
        # before it, for a lead-in), so the sentence that answers is never cut.
        at = section.index(s)
        start = max(0, min(at - 1, len(section) - max_sentences))
        others = [t for t in chosen if t.chunk.doc_id != s.chunk.doc_id]  # comparisons
        return section[start : start + max_sentences] + others
    return chosen


LEAD_IN_WORDS = 8  # "Målsättningarna för samverkan är flera.": a short sentence announces


def announced_paragraph(
    question: str, relevant: Sequence[Scored], scored: Sequence[Scored], max_sentences: int
) -> list[Scored]:
    """For "Vilka X …?", a short sentence that names X and opens its paragraph
    ("Målsättningarna för samverkan är flera. Övergripande handlar det om …") announces the
    list: it and the rest of its paragraph (at most ``max_sentences``) answer, though the
    items rarely repeat the question's words. ``relevant``: the sentences that may answer,
    best first; [] when none announces."""
    asked = listed_noun(question)
    if not asked:
        return []
    known = _by_place(scored)
    for s in relevant:
        if len(s.sentence.split()) > LEAD_IN_WORDS or row_label(s.sentence):
            continue
        if not found(asked, frozenset(canonical(content_stems(s.sentence), keep=True))):
            continue
        paragraph = _paragraph_from(s)
        if len(paragraph) < 2:
            continue
        unit = [known.get((s.chunk.chunk_id, n)) for n in paragraph[:max_sentences]]
        return [t for t in unit if t is not None]
    return []


RUNNING_TEXT_WORDS = 8  # a shorter sentence is a caption, a link or a row, not text


def with_neighbours(chosen: list[Scored], scored: Sequence[Scored]) -> list[Scored]:
    """For an open question, the sentences just before and after the best supported one, each
    when it is running text (a full sentence of ``RUNNING_TEXT_WORDS`` or more, no row, no
    list item): a text names its subject in one sentence and says what it does or means in
    the next ("Filipstad, Kristinehamn och Storfors kan få en gemensam arbetsmarknadsnämnd.
    Förslaget … har nu gått ut på remiss …"), and the sentence that shares the question's
    words is often only one of them (docs/evaluation.md, "The sentences around")."""
    if not chosen:
        return chosen
    best = max(chosen, key=lambda t: t.support)
    known = _by_place(scored)
    out = list(chosen)
    for step in (-1, 1):
        near = known.get((best.chunk.chunk_id, best.position + step))
        if near is not None and near not in out and _running_text(near.sentence):
            out.append(near)
    return out


def _running_text(sentence: str) -> bool:
    """A full sentence in ordinary case: not a caption, row, list item, nor a banner in
    capitals (nor an instruction shouted into a document)."""
    letters = [c for c in sentence if c.isalpha()]
    return (
        len(sentence.split()) >= RUNNING_TEXT_WORDS
        and sum(c.isupper() for c in letters) <= len(letters) / 2
        and sentence.rstrip('”"») ')[-1:] in ".!?"
        and not row_label(sentence)
        and not is_list_item(sentence)
    )


def _paragraph_from(s: Scored) -> list[int]:
    """The positions of ``s`` and the sentences after it in its paragraph, when ``s`` opens
    the paragraph; [] otherwise."""
    position = 0
    for sentences in paragraph_sentences(s.chunk.text):
        if position + 1 == s.position:
            return list(range(position + 1, position + 1 + len(sentences)))
        position += len(sentences)
    return []


def whole_lists(
    chosen: list[Scored], scored: Sequence[Scored], next_chunk: NextChunk | None
) -> list[Scored]:
    """A chosen lead-in ("Projektet består av fyra delar:") or list item brings the whole
    list: the lead-in and every item after it, into the document's next chunk when the
    list goes on there (items alone rarely share the question's words)."""
    out: list[Scored] = []
    for s in chosen:
        listed = s.sentence.endswith(":") or is_list_item(s.sentence)
        unit = (_list_of(s, scored, next_chunk) if listed else None) or [s]
        have = {t.sentence for t in out}
        out += [u for u in unit if u.sentence not in have]
    return out


def _list_of(
    s: Scored, scored: Sequence[Scored], next_chunk: NextChunk | None
) -> list[Scored] | None:
    """The lead-in and items of the list ``s`` belongs to, or None when it is none."""
    known = {(t.chunk.chunk_id, t.sentence): t for t in scored}
    sentences = flat_sentences(s.chunk)
    start = s.position - 1
    if not 0 <= start < len(sentences) or sentences[start] != s.sentence:
        return None
    while is_list_item(sentences[start]):  # back to its lead-in, within the chunk
        if start == 0:
            return None
        start -= 1
    if not sentences[start].endswith(":"):
        return None
    unit: list[_Item] = [(s.chunk, start + 1, sentences[start])]
    chunk: Chunk | None = s.chunk
    at = start + 1
    while chunk is not None and len(unit) <= LONGEST_LIST:
        texts = flat_sentences(chunk)
        seen = {text for _, _, text in unit}
        while at < len(texts) and (texts[at] in seen or is_list_item(texts[at])):
            if texts[at] not in seen and len(unit) <= LONGEST_LIST:
                unit.append((chunk, at + 1, texts[at]))
            at += 1
        if at < len(texts) or next_chunk is None:
            break  # the list ended in this chunk
        chunk, at = next_chunk(chunk), 0
    if len(unit) == 1:
        return None
    return [
        known.get((c.chunk_id, text)) or Scored(text, c, 0.0, 0.0, position)
        for c, position, text in [unit[0], *_around(unit[1:], s.sentence)]
    ]


def _around(items: list[_Item], chosen: str) -> list[_Item]:
    """A list's items to quote: all, or of a longer list the ``MAX_LIST_ITEMS`` around the
    chosen one (the first ones would leave out the item that answers)."""
    if len(items) <= MAX_LIST_ITEMS:
        return items
    here = next((i for i, (_, _, text) in enumerate(items) if text == chosen), 0)
    first = max(0, min(here - MAX_LIST_ITEMS // 2, len(items) - MAX_LIST_ITEMS))
    return items[first : first + MAX_LIST_ITEMS]
