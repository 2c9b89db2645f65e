"""``python -m ingest add PATH…`` adds or updates documents; ``list`` shows what is stored;
``rebuild`` empties the store and ingests corpus/ again."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.cli import tqdm_progress
from assistant.errors import AssistantError
from assistant.ingestion import STATUS_SV
from assistant.service import Assistant
from assistant.settings import load_settings

EXIT_OK, EXIT_ERROR, EXIT_SOME_REJECTED = 0, 1, 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add or update documents (files or folders)")
    add.add_argument("paths", nargs="+", type=Path)
    sub.add_parser("list", help="list stored documents")
    sub.add_parser(
        "rebuild", help="drop the store and ingest corpus/ again with the configured embedder"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
        if args.command == "rebuild":
            return _rebuild(Assistant(settings, check_embedder=False), settings.corpus_dir)
        assistant = Assistant(settings)
        if args.command == "list":
            return _list(assistant)
        return _add(assistant, args.paths)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _add(assistant: Assistant, paths: list[Path]) -> int:
    progress, bar = tqdm_progress("Läser in")
    results = assistant.ingester.add(paths, progress)
    bar.close()
    for r in results:
        detail = r.reason if r.status == "rejected" else f"{r.doc_id}, {r.chunks} delar"
        print(f"{STATUS_SV[r.status]:<10} {r.path}  ({detail})")
    rejected = sum(r.status == "rejected" for r in results)
    return EXIT_SOME_REJECTED if rejected else EXIT_OK


def _rebuild(assistant: Assistant, corpus: Path) -> int:
    assistant.store.reset()
    print(f"Tömde dokumentlagret; läser in {corpus} igen med {assistant.embedder.name}.")
    return _add(assistant, [corpus])


def _list(assistant: Assistant) -> int:
    for d in assistant.documents():
        m = d.meta
        print(
            f"{m.doc_id}\t{m.title}\t{m.kommun}\t{m.date or '-'}\t{m.doc_type}\t"
            f"{d.chunks} delar\t{d.content_hash[:12]}"
        )
    return EXIT_OK
