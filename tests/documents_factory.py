"""Real PDF, DOCX and HTML files made in the tests (reportlab, pypdf, python-docx)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _styles() -> tuple[object, object]:
    styles = getSampleStyleSheet()
    if _FONT.exists():  # a Unicode font keeps å/ä/ö as real text
        pdfmetrics.registerFont(TTFont("DejaVu", str(_FONT)))
        styles["Normal"].fontName = "DejaVu"
        styles["Heading2"].fontName = "DejaVu"
    return styles["Heading2"], styles["Normal"]


def make_pdf(path: Path, pages: list[tuple[str, list[str]]]) -> Path:
    """One page per (heading, paragraphs)."""
    heading_style, body_style = _styles()
    story: list[object] = []
    for i, (heading, paragraphs) in enumerate(pages):
        story.append(Paragraph(heading, heading_style))
        story.extend(Paragraph(p, body_style) for p in paragraphs)
        if i < len(pages) - 1:
            story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def make_encrypted_pdf(path: Path, source: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemligt", owner_password="hemligt", algorithm="RC4-128")
    with path.open("wb") as f:
        writer.write(f)
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF with only drawings and no text layer, like a scan."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()
    return path


def make_docx(path: Path, title: str, sections: list[tuple[str, list[str]]]) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for heading, paragraphs in sections:
        document.add_heading(heading, level=2)
        for p in paragraphs:
            document.add_paragraph(p)
    document.save(str(path))
    return path


def make_html(path: Path, title: str, paragraphs: list[str]) -> Path:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    path.write_text(
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'><title>"
        f"{title}</title></head><body>"
        "<nav><a href='/'>Start</a> | <a href='/nyheter'>Nyheter</a> | Meny</nav>"
        "<div class='cookie-banner'>Vi använder kakor för att förbättra webbplatsen. "
        "Godkänn kakor</div>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        "<footer>Kontakta oss · Telefon 018-00 00 00 · Om webbplatsen</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    return path
