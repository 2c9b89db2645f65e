"""The page a numbered source opens: the whole document, the passage marked, text escaped."""

from __future__ import annotations

from pathlib import Path

from assistant.records import Chunk, DocumentMeta, Source
from assistant.web.answer import OPEN_DOCUMENT, render_source
from assistant.web.document_page import (
    ANCHOR,
    document_url,
    keep_original,
    original_path,
    remove_original,
    render_document,
)
from tests.conftest import make_settings

META = DocumentMeta(
    doc_id="sala-avtal",
    title="Överenskommelse <Sala>",
    kommuner=("Sala",),
    date="2021-03-01",
    doc_type="överenskommelse",
    valid_from="2021-03-01",
    until_further=True,
    source="sala.pdf",
)
OVERLAP = "Den gäller unga mellan 16 och 24 år."
FIRST = f"Sala kommun och Arbetsförmedlingen har tecknat en överenskommelse. {OVERLAP}"
SECOND = f"{OVERLAP} Prioriterade grupper är unga utan gymnasieexamen <script>x()</script>."


def chunks() -> list[Chunk]:
    return [
        Chunk("sala-avtal", 1, SECOND, META, content_hash="abc", page=2),
        Chunk("sala-avtal", 0, FIRST, META, content_hash="abc", page=1),
    ]


def test_the_whole_document_is_shown_with_the_quote_marked_once() -> None:
    target = chunks()[0]
    html = render_document(chunks(), target.chunk_id, "unga utan gymnasieexamen", "/dl")
    assert html.count(f'<mark id="{ANCHOR}">unga utan gymnasieexamen</mark>') == 1
    assert html.index("Sala kommun och") < html.index("<mark")  # whole text, in order
    assert (
        html.count("Den gäller unga mellan 16 och 24 år.") == 1
    )  # the chunks' overlap is shown once
    assert "<script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<h1>Överenskommelse &lt;Sala&gt;</h1>" in html
    assert "Sala · 2021-03-01 · överenskommelse · gäller 2021-03-01 – tills vidare" in html
    assert "citatet står på sida 2" in html and '<p class="page-no">Sida 2</p>' in html
    assert '<a href="/dl" download>Ladda ned originalfilen</a>' in html
    assert 'name="viewport" content="width=device-width' in html  # readable on a phone


def test_a_quote_across_line_breaks_is_still_found_and_a_lost_one_marks_the_chunk() -> None:
    target = chunks()[0]
    html = render_document(chunks(), target.chunk_id, "unga utan\n gymnasieexamen")
    assert f'<mark id="{ANCHOR}">unga utan gymnasieexamen</mark>' in html
    assert "Ladda ned" not in html
    lost = render_document(chunks(), target.chunk_id, "står inte här")
    assert f'<mark id="{ANCHOR}">Den gäller unga mellan 16 och 24 år.' in lost
    gone = render_document(chunks(), "sala-avtal:old:0009", "x")
    assert "finns inte längre" in gone


def test_section_headings_are_shown_and_a_quoted_heading_is_marked() -> None:
    heading = "Nytt arbetssätt provas i Sala"
    first, second = chunks()[1], chunks()[0]
    parts = [
        Chunk("sala-avtal", 0, first.text, META, content_hash="abc", heading=META.title),
        Chunk("sala-avtal", 1, second.text, META, content_hash="abc", heading=heading),
    ]
    html = render_document(parts, parts[1].chunk_id, heading)
    assert f'<h2><mark id="{ANCHOR}">{heading}</mark></h2>' in html
    assert html.count("<h2>") == 1  # the title is the page's h1, not repeated
    assert html.index("tecknat en överenskommelse") < html.index(heading)
    assert html.count(f'<mark id="{ANCHOR}">') == 1
    html = render_document(parts, parts[1].chunk_id, f"{heading} … unga utan gymnasieexamen")
    assert f'<mark id="{ANCHOR}">unga utan gymnasieexamen</mark>' in html


def test_each_source_links_to_its_passage() -> None:
    source = Source.of(1, chunks()[0], "unga utan gymnasieexamen")
    html = render_source(source)
    url = document_url("sala-avtal", source.chunk_id, "unga utan gymnasieexamen")
    assert url.startswith("/dokument/sala-avtal?chunk=sala-avtal%3Aabc%3A0001&q=unga+utan")
    assert url.endswith(f"#{ANCHOR}")
    assert f'href="{url.replace("&", "&amp;")}"' in html and f"{OPEN_DOCUMENT} [1]" in html


def test_an_uploaded_original_is_kept_until_deleted(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", corpus_dir=tmp_path / "corpus")
    upload = tmp_path / "Sala.PDF"
    upload.write_bytes(b"%PDF-1.4 original")
    kept = keep_original(settings, "sala-avtal", upload)
    assert original_path(settings, META) == kept and kept.read_bytes() == b"%PDF-1.4 original"
    remove_original(settings, "sala-avtal")
    assert original_path(settings, META) is None
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "sala.pdf").write_bytes(b"shipped")
    assert original_path(settings, META) == tmp_path / "corpus" / "sala.pdf"
    outside = DocumentMeta(doc_id="x", title="x", source="../../etc/passwd")
    assert original_path(settings, outside) is None
