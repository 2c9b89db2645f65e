"""Each file format through its real parser, and each bad input with its own message."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import DocumentError
from assistant.ingest.loaders import extract
from tests.documents_factory import (
    make_docx,
    make_encrypted_pdf,
    make_html,
    make_pdf,
    make_scanned_pdf,
)

BODY = [
    "Överenskommelsen mellan Sala kommun och Arbetsförmedlingen gäller från den 1 mars 2021.",
    "Prioriterade grupper är unga vuxna, nyanlända och långtidsarbetslösa.",
]


def _extract(path: Path) -> str:
    return extract(path.name, path.read_bytes()).text


def test_pdf_text_and_page_numbers(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf", [("Bakgrund", BODY[:1]), ("Målgrupper", BODY[1:])])
    pages = extract(pdf.name, pdf.read_bytes()).pages
    assert [p.number for p in pages] == [1, 2]
    assert "långtidsarbetslösa" in pages[1].text and "Målgrupper" in pages[1].text
    assert "Överenskommelsen" in pages[0].text


def test_docx_headings_become_markdown(tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "a.docx", "Överenskommelse Sala", [("Målgrupper", BODY)])
    text = _extract(doc)
    assert "# Överenskommelse Sala" in text and "## Målgrupper" in text
    assert "långtidsarbetslösa" in text


def test_html_main_text_only(tmp_path: Path) -> None:
    page = make_html(tmp_path / "a.html", "Sala och Arbetsförmedlingen samverkar", BODY * 3)
    text = _extract(page)
    assert "långtidsarbetslösa" in text
    for furniture in ("Vi använder kakor", "Kontakta oss", "Meny"):
        assert furniture not in text


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_swedish_text_keeps_å_ä_ö(tmp_path: Path, encoding: str) -> None:
    text = "Överenskommelsen gäller för Håbo, Älvkarleby och Örebro. Målgrupper: unga vuxna."
    path = tmp_path / "gammal.txt"
    path.write_bytes(text.encode(encoding))
    assert _extract(path) == text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bild.png", b"\x89PNG\r\n\x1a\n", "Filtypen .png stöds inte"),
        ("tom.txt", b"", "Filen är tom"),
        ("fejk.pdf", b"<!doctype html><html><body>Hej</body></html>", "inte en PDF"),
        ("trasig.docx", b"PK\x03\x04 inte en riktig zip", "Word-filen är skadad"),
        ("trasig2.docx", b"hej hej hej", "Word-filen är skadad"),
        ("trasig.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\ntrailer\n%%EOF", "PDF-filen"),
    ],
)
def test_bad_files_rejected_with_reason(name: str, content: bytes, message: str) -> None:
    with pytest.raises(DocumentError) as info:
        extract(name, content)
    assert message in info.value.user_message


def test_encrypted_pdf_rejected(tmp_path: Path) -> None:
    plain = make_pdf(tmp_path / "a.pdf", [("Rubrik", BODY)])
    locked = make_encrypted_pdf(tmp_path / "låst.pdf", plain)
    with pytest.raises(DocumentError) as info:
        _extract(locked)
    assert "krypterad" in info.value.user_message


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        _extract(make_scanned_pdf(tmp_path / "skannad.pdf"))
    assert "OCR" in info.value.user_message


def test_reflow_joins_wrapped_lines_and_keeps_headings() -> None:
    from assistant.ingest.loaders import reflow

    wrapped = (
        "Prioriterade grupper\n"
        "De prioriterade grupperna i Sala är unga utan gymnasieexamen och\n"
        "långtidsarbetslösa över 55 år. Insatserna följs upp av arbets-\n"
        "marknadsnämnden varje kvartal under hela avtalsperioden fram till 2025.\n"
        "Kort rad."
    )
    assert reflow(wrapped).split("\n\n") == [
        "Prioriterade grupper",
        "De prioriterade grupperna i Sala är unga utan gymnasieexamen och långtidsarbetslösa "
        "över 55 år. Insatserna följs upp av arbetsmarknadsnämnden varje kvartal under hela "
        "avtalsperioden fram till 2025.",
        "Kort rad.",
    ]
