"""Print ingest throughput for PDF and DOCX on this machine and where the time goes.

    python bench/ingest_throughput.py [--pages 40] [--docs 3]

Builds real files (reportlab PDF, python-docx DOCX) of Swedish agreement-like text, then
ingests them into a fresh store, timing parsing (text extraction), chunking and embedding
separately, and the whole add (including the Chroma write).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from assistant import Assistant
from assistant.ingest.documents import load_document
from assistant.settings import PROJECT_ROOT, load_settings

sys.path.insert(0, str(PROJECT_ROOT))
from tests.documents_factory import make_docx, make_pdf

# Numbered so no two paragraphs are identical (the cleaner drops repeated paragraphs).
PARAGRAPH = (
    "Punkt {n}. Överenskommelsen mellan {k} kommun och Arbetsförmedlingen syftar till att fler "
    "personer "
    "ska komma i arbete eller studier. Prioriterade grupper är unga vuxna utan fullföljd "
    "gymnasieutbildning, nyanlända kvinnor och personer som varit arbetslösa längre än ett år. "
    "Parterna följer upp arbetet två gånger per år och redovisar resultaten för nämnden."
)
KOMMUNER = ["Sala", "Enköping", "Tierp", "Knivsta", "Östhammar"]


def build(folder: Path, pages: int, docs: int) -> tuple[list[Path], list[Path]]:
    pdfs, docxs = [], []
    for i in range(docs):
        k = KOMMUNER[i % len(KOMMUNER)]
        sections = [
            (f"Avsnitt {p + 1}", [PARAGRAPH.format(k=k, n=f"{p + 1}.{j + 1}") for j in range(4)])
            for p in range(pages)
        ]
        pdfs.append(make_pdf(folder / f"avtal-{i}.pdf", sections))
        docxs.append(make_docx(folder / f"avtal-{i}.docx", f"Överenskommelse {k}", sections))
    return pdfs, docxs


def measure(assistant: Assistant, files: list[Path], label: str) -> None:
    ingester = assistant.ingester
    parse = chunk = embed = 0.0
    pages = chunks = 0
    for path in files:
        t0 = time.perf_counter()
        doc = load_document(path)
        t1 = time.perf_counter()
        pieces = ingester.chunks_of(doc)
        t2 = time.perf_counter()
        assistant.store.embedder.embed_passages([c.indexed_text for c in pieces])
        t3 = time.perf_counter()
        parse, chunk, embed = parse + t1 - t0, chunk + t2 - t1, embed + t3 - t2
        pages += len(doc.pages) if doc.pages[0].number else 0
        chunks += len(pieces)
    t0 = time.perf_counter()
    ingester.add(files)
    total = time.perf_counter() - t0
    write = max(total - parse - chunk - embed, 0.0)
    per_page = f"{pages / total:.1f} pages/s, " if pages else ""
    print(
        f"{label}: {len(files)} files, {pages or '-'} pages, {chunks} chunks in {total:.1f} s → "
        f"{per_page}{chunks / total:.1f} chunks/s | parse {parse:.1f} s, chunk {chunk:.1f} s, "
        f"embed {embed:.1f} s, store ≈ {write:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=40, help="pages (sections) per document")
    parser.add_argument("--docs", type=int, default=3, help="documents per format")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    pdfs, docxs = build(folder, args.pages, args.docs)
    assistant = Assistant(load_settings(data_dir=folder / "data"))
    measure(assistant, pdfs, "PDF ")
    measure(assistant, docxs, "DOCX")


if __name__ == "__main__":
    main()
