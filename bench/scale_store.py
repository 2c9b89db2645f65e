"""The synthetic store of bench/scale.py: the corpus's real chunks, and copies of each
kommun's documents about other kommuner (names swapped), up to N chunks."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from itertools import chain, count
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.ingest.documents import load_document
from assistant.ingest.pipeline import expand
from assistant.records import Chunk
from assistant.scope import gazetteer
from assistant.settings import PROJECT_ROOT
from assistant.swedish import quotable_sentences

SETS = sorted((PROJECT_ROOT / "evals" / "sets").glob("*.yaml"))
RESERVED = {"Ydre"}  # the kommun of the document added by add_doc_s


def questions() -> list[str]:
    """The single-turn questions of the evaluation sets (evals/sets/*.yaml)."""
    out: list[str] = []
    for path in SETS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("items", []):
            if isinstance(item.get("question"), str):
                out.append(item["question"])
    return out


def base_chunks(assistant: Any) -> list[Chunk]:
    """The corpus chunked as ingest chunks it."""
    settings = assistant.settings
    chunks: list[Chunk] = []
    for path in expand([settings.corpus_dir]):
        doc = load_document(path, None, settings.max_file_mb * 1_000_000)
        chunks += assistant.ingester.chunks_of(doc)
    return chunks


def base_vectors(assistant: Any, chunks: list[Chunk], cache: Path) -> tuple[np.ndarray, str]:
    """Real vectors of the base chunks, from the disk cache when it has them."""
    embedder = assistant.store.embedder
    texts = [c.indexed_text for c in chunks]
    key = hashlib.sha256("\x00".join([embedder.name, *texts]).encode("utf-8")).hexdigest()[:16]
    path = cache / f"base-vectors-{key}.npy"
    if path.exists():
        return np.load(path), f"cached ({path.name})"
    vectors = np.asarray(embedder.embed_passages(texts))
    np.save(path, vectors)
    return vectors, "computed now and cached"


def base_sentence_vectors(assistant: Any, chunks: list[Chunk], cache: Path) -> list[np.ndarray]:
    """Real sentence vectors (the answerer's, stored at ingest) of the base chunks, one
    matrix per chunk, from the disk cache when it has them."""
    name = assistant.embedder.name
    key = hashlib.sha256("\x00".join([name, *(c.text for c in chunks)]).encode()).hexdigest()
    path = cache / f"base-sentence-vectors-{key[:16]}.npz"
    if path.exists():
        saved = np.load(path)
        return np.split(saved["vectors"], np.cumsum(saved["rows"])[:-1])
    matrices = assistant.ingester.sentence_vectors(chunks)
    rows = np.array([len(m) for m in matrices])
    np.savez(path, vectors=np.concatenate(matrices), rows=rows)
    return matrices


def embed_ms_per_chunk(assistant: Any, chunks: list[Chunk], sample: int = 16) -> float:
    """The store embedder's own cost per chunk, on a sample of the base chunks."""
    texts = [c.indexed_text for c in chunks[:sample]]
    t0 = time.perf_counter()
    assistant.store.embedder.embed_passages(texts)
    return 1000 * (time.perf_counter() - t0) / len(texts)


def _swap(text: str, names: dict[str, str], years: int = 0) -> str:
    for old, new in names.items():
        text = re.sub(rf"\b{re.escape(old)}", new, text)
    if years:
        text = re.sub(r"\b(?:19|20)\d\d\b", lambda m: str(int(m.group()) + years), text)
    return text


def variants(chunks: list[Chunk]) -> Iterator[tuple[list[Chunk], list[int]]]:
    """Copies of every kommun document (with the index of each chunk's base chunk), round
    after round without end: round v gives each document other kommuner of the gazetteer
    (names swapped in its text and title). Once every name pairing of a pass is used, the
    next pass also moves every year in the text on by one per pass (a later agreement of
    the same kommun), so later passes differ from earlier ones in their dates too."""
    used = {k for c in chunks for k in c.meta.kommuner}
    pool = [k.name for k in gazetteer.kommuner() if k.name not in used | RESERVED]
    per_pass = len(pool) // 2
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        if c.meta.kommuner:
            by_doc.setdefault(c.doc_id, []).append(i)
    for v in count(1):
        years = (v - 1) // per_pass
        for d, (doc_id, idx) in enumerate(sorted(by_doc.items())):
            meta = chunks[idx[0]].meta
            names = {
                old: pool[(v * 31 + d * 7 + j) % len(pool)] for j, old in enumerate(meta.kommuner)
            }
            new_meta = replace(
                meta,
                doc_id=f"{doc_id}-v{v}",
                kommuner=tuple(names.values()),
                title=_swap(meta.title, names, years),
                region="",
                duplicate_of="",
            )
            copies = [
                replace(
                    chunks[i],
                    doc_id=new_meta.doc_id,
                    meta=new_meta,
                    text=_swap(chunks[i].text, names, years),
                )
                for i in idx
            ]
            yield copies, idx


def _copied(
    assistant: Any, docs: list[Chunk], base: list[np.ndarray], idx: list[int]
) -> list[np.ndarray]:
    """A copy's sentence vectors: its base chunk's, sentence for sentence; embedded for real
    where the name swap changed how its text splits into sentences."""
    out = []
    for doc, i in zip(docs, idx, strict=False):
        if len(quotable_sentences(doc.text)) == len(base[i]):
            out.append(base[i])
        else:
            out += assistant.ingester.sentence_vectors([doc])
    return out


def build_store(assistant: Any, n: int, cache: Path) -> dict[str, object]:
    """Fill the store to ``n`` chunks (kept when it already holds them)."""
    store = assistant.store
    chunks = base_chunks(assistant)
    per_chunk = embed_ms_per_chunk(assistant, chunks)
    vectors, origin = base_vectors(assistant, chunks, cache)
    sentence_vectors = base_sentence_vectors(assistant, chunks, cache)
    if store.count() == n:
        return {"chunks": n, "store": "reused", "vectors": origin, "embed_ms_per_chunk": per_chunk}
    store.reset()
    t0 = time.perf_counter()
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        by_doc.setdefault(c.doc_id, []).append(i)
    originals = (([chunks[i] for i in idx], idx) for idx in by_doc.values())
    plan = chain(originals, variants(chunks))
    written = 0
    for docs, idx in plan:
        if written >= n:
            break
        take = min(len(docs), n - written)
        part = docs[:take]
        store.upsert_document(
            part, vectors[idx[:take]], "", _copied(assistant, part, sentence_vectors, idx)
        )
        written += take
    return {
        "chunks": store.count(),
        "base_chunks": len(chunks),
        "store": f"built in {time.perf_counter() - t0:.1f} s",
        "vectors": f"base chunks: real, {origin}; copies reuse their base chunk's vectors "
        "(chunk and sentences)",
        "embed_ms_per_chunk": per_chunk,
    }
