"""Run an evaluation set through the real assistant in a store of its own.

Every run gets a fresh embedded Chroma store under its output directory (``OUT/store``);
``corpus_dir`` is ingested into it. The default data directory and any Chroma server named in
the environment are never touched. Each question goes through ``Assistant.ask`` exactly as a
user's would; retrieval metrics come from ``Assistant.search.search(question, k=10, …)`` in
the same scope (kommuner) the answer used.
"""

from __future__ import annotations

import hashlib
import subprocess
import time
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast, get_args

from tqdm import tqdm

from assistant import Answer, Assistant, QuestionError, Settings
from assistant.answering.conversation import Turn, contextualise
from assistant.index.embeddings import Embedder, make_embedder
from assistant.retrieval.search import Mode
from assistant.scope.scoping import resolve
from assistant.settings import PROJECT_ROOT, load_settings
from evals.evalset import EvalItem, EvalSet, EvalSetError, load_set
from evals.scoring import ItemResult, Outcome, all_metrics, score_item

RETRIEVAL_K = 10
MODES: tuple[str, ...] = get_args(Mode)
_RUN_OWNED = ("data_dir", "chroma_url", "collection")  # the run decides where its store lives


class EvalConfigError(Exception):
    """A ``--set-option`` is unknown or invalid (the message names the fix)."""


def parse_options(pairs: list[str]) -> dict[str, str]:
    """``["top_k=4", "mode=dense"]`` → ``{"top_k": "4", "mode": "dense"}``."""
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise EvalConfigError(f"--set-option wants key=value (got {pair!r})")
        options[key.strip()] = value.strip()
    return options


def build_settings(
    options: Mapping[str, str], data_dir: Path, **fixed: object
) -> tuple[Settings, Mode]:
    """Settings from the environment plus ``options``, with the store in ``data_dir``
    (and ``fixed`` settings the caller owns, e.g. the collection)."""
    rest = dict(options)
    mode = rest.pop("mode", "hybrid")
    if mode not in MODES:
        raise EvalConfigError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
    known = set(Settings.model_fields)
    unknown = sorted(set(rest) - known)
    if unknown:
        raise EvalConfigError(
            f"unknown setting(s) {', '.join(unknown)}; known: mode, {', '.join(sorted(known))}"
        )
    owned = sorted(set(rest) & set(_RUN_OWNED))
    if owned:
        raise EvalConfigError(
            f"{', '.join(owned)} cannot be set: every run builds its own store under --out"
        )
    try:
        settings = load_settings(**rest, **fixed, data_dir=data_dir, chroma_url=None)
    except Exception as exc:  # ConfigError with the setting's name and the fix
        raise EvalConfigError(str(exc)) from exc
    return settings, cast(Mode, mode)


def open_assistant(
    settings: Settings, mode: Mode, embedder: Embedder | None = None, reuse_store: bool = False
) -> Assistant:
    """An assistant over a fresh store with the corpus ingested (rejections are errors).

    A store left in the directory by an earlier run is emptied first: the corpus may have
    changed since, and so may the embedder or index encoding it was built with. With
    ``reuse_store`` it is kept and the corpus ingested into it (unchanged files are skipped
    by content hash): for trying answerer changes in a row; a change to chunking or to the
    ingest settings needs a fresh store."""
    assistant = Assistant(settings, embedder=embedder, mode=mode, check_embedder=reuse_store)
    if not reuse_store:
        assistant.store.reset()
    results = assistant.ingester.add([settings.corpus_dir])
    rejected = [f"{r.path.name}: {r.reason}" for r in results if r.status == "rejected"]
    if rejected:
        raise EvalSetError("corpus files were rejected: " + "; ".join(rejected))
    return assistant


def check_sources_exist(eval_set: EvalSet, assistant: Assistant) -> None:
    stored = {d.meta.doc_id for d in assistant.documents()}
    wrong = [
        f"item {i.id!r}: expected source {d!r} is not in the store"
        for i in eval_set.items
        for d in i.expected_sources
        if d not in stored
    ]
    if wrong:
        have = ", ".join(sorted(stored)) or "nothing"
        raise EvalSetError("\n  ".join([f"unknown doc ids (the store holds {have}):", *wrong]))


def ask_item(assistant: Assistant, item: EvalItem) -> Outcome:
    """Ask the item as a user would: earlier turns first (a chat session), then the question.

    Only the last ask is timed and scored. Its retrieval ranking searches the same standalone
    query and kommuner the chain used (a follow-up carries the earlier turns' context).
    """
    history: list[Turn] = []
    for text in item.history:
        history.append(earlier_turn(assistant, text, item.kommun_filter, history))
    started = time.perf_counter()
    try:
        answer: Answer | None = assistant.ask(item.text, item.kommun_filter, history)
        error = ""
    except QuestionError as exc:
        answer, error = None, exc.user_message
    latency_ms = 1000 * (time.perf_counter() - started)
    query = contextualise(item.text, history, assistant.generator).query
    places = resolve(list(answer.kommuner) if answer else item.kommun_filter)
    hits = assistant.search.search(query, RETRIEVAL_K, places)
    ranked = list(dict.fromkeys(h.chunk.doc_id for h in hits))
    if answer is None:
        return Outcome(error, True, [], [], ranked, latency_ms, error=error)
    sources = [
        {k: s.to_json()[k] for k in ("n", "doc_id", "title", "scope", "date", "quote")}
        for s in answer.sources
    ]
    return Outcome(
        answer=answer.text,
        abstained=answer.abstained,
        sources=sources,
        cited=answer.citations,
        retrieved=ranked,
        latency_ms=latency_ms,
        notice=answer.notice,
        history_used=bool(history),
        fallback=answer.fallback,
        removed_citations=len(set(answer.removed_citations)),
    )


def earlier_turn(assistant: Assistant, text: str, kommuner: list[str], history: list[Turn]) -> Turn:
    """One earlier turn of a conversation, remembered with the scope its answer had."""
    try:
        answer = assistant.ask(text, kommuner, history)
    except QuestionError:
        return Turn(text)
    return Turn.of(text, answer)


def run_set(
    eval_set: EvalSet, assistant: Assistant, progress: bool = True
) -> tuple[list[ItemResult], float]:
    """Score every item; returns the results and the wall time in seconds."""
    check_sources_exist(eval_set, assistant)
    ask_item(assistant, eval_set.items[0])  # warm-up: lazy indexes and caches, not timed
    started = time.perf_counter()
    results = [
        score_item(item, ask_item(assistant, item))
        for item in tqdm(
            eval_set.items, desc=f"eval {eval_set.name}", unit="fråga", disable=not progress
        )
    ]
    return results, time.perf_counter() - started


def evaluate(
    set_path: Path,
    out_dir: Path,
    options: Mapping[str, str],
    embedder: Embedder | None = None,
    progress: bool = True,
    beside_extractive: bool = False,
    reuse_store: bool = False,
) -> dict[str, Any]:
    """Load the set, build a fresh store under ``out_dir``, run, and return the report dict.

    ``beside_extractive``: the configuration has a language model; also run the extractive
    default (the same options with ``llm_backend=none``, its own store under ``out_dir``)
    and keep it in the report as ``baseline``, so one report compares the two.
    """
    eval_set = load_set(set_path)
    settings, mode = build_settings(options, out_dir / "store")
    if beside_extractive and settings.llm_backend == "none":
        raise EvalConfigError(
            "--beside-extractive compares a language model with the extractive default: "
            "configure one (ASSISTANT_LLM_BACKEND=… or -o llm_backend=openai -o llm_model=… "
            "-o llm_base_url=…)"
        )
    embedder = embedder or make_embedder(settings)  # loaded once, shared by both runs
    report = _run(eval_set, set_path, settings, mode, options, embedder, progress, reuse_store)
    if beside_extractive:
        plain = {**options, "llm_backend": "none"}
        base_settings, _ = build_settings(plain, out_dir / "store-extractive")
        report["baseline"] = _run(
            eval_set, set_path, base_settings, mode, plain, embedder, progress, reuse_store
        )
    return report


def _run(
    eval_set: EvalSet,
    set_path: Path,
    settings: Settings,
    mode: Mode,
    options: Mapping[str, str],
    embedder: Embedder,
    progress: bool,
    reuse_store: bool = False,
) -> dict[str, Any]:
    assistant = open_assistant(settings, mode, embedder, reuse_store)
    results, seconds = run_set(eval_set, assistant, progress)
    llm = settings.llm_backend != "none"
    return {
        "schema": 1,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(seconds, 2),
        "set": {
            "name": eval_set.name,
            "path": str(set_path),
            "sha256": hashlib.sha256(set_path.read_bytes()).hexdigest(),
            "items": len(eval_set.items),
        },
        "config": {
            "mode": mode,
            "options": dict(options),
            "embedder": assistant.store.embedder.name,
            "answerer": assistant.generator.name if assistant.generator else "extractive",
            "git": _git_revision(),
            "settings": settings.model_dump(mode="json"),
        },
        "metrics": all_metrics(results, llm),
        "items": [asdict(r) for r in results],
    }


def _git_revision() -> str:
    """The commit the run measured, with "+dirty" for uncommitted changes; "" without git."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + ("+dirty" if dirty else "")


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
