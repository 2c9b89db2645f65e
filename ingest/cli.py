"""Document administration from a terminal.

    python -m ingest add PATH… [--kommun K] [--date D] [--type T] [--title T]
    python -m ingest list
    python -m ingest remove DOC_ID…
    python -m ingest set DOC_ID [--kommun K] [--date D] [--type T] [--title T]
    python -m ingest rebuild

Exit codes: 0 done; 1 error (nothing changed); 2 bad arguments; 3 some files rejected (the
others were added); 4 no such document.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.cli import tqdm_progress
from assistant.errors import AssistantError, DocumentError, DocumentNotFoundError
from assistant.ingest.pipeline import STATUS_SV
from assistant.records import DOC_TYPES
from assistant.service import Assistant
from assistant.settings import load_settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SOME_REJECTED, EXIT_NO_SUCH = 0, 1, 2, 3, 4
_META_FLAGS = {"kommun": "kommun", "date": "date", "type": "doc_type", "title": "title"}


def _meta_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kommun", help="the kommun the document is about, e.g. Heby")
    parser.add_argument("--date", help="date, e.g. 2016-11-16 or '16 november 2016'")
    parser.add_argument("--type", choices=DOC_TYPES, help="document type")
    parser.add_argument("--title", help="title shown in citations")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add or update documents (files or folders)")
    add.add_argument("paths", nargs="+", type=Path)
    _meta_options(add)
    sub.add_parser("list", help="list stored documents")
    remove = sub.add_parser("remove", help="remove documents by id (see list)")
    remove.add_argument("doc_ids", nargs="+")
    correct = sub.add_parser("set", help="correct a stored document's metadata")
    correct.add_argument("doc_id")
    _meta_options(correct)
    sub.add_parser("rebuild", help="empty the store and ingest corpus/ again")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    changes = {f: getattr(args, a) for a, f in _META_FLAGS.items() if getattr(args, a, None)}
    try:
        settings = load_settings()
        if args.command == "rebuild":
            return _rebuild(Assistant(settings, check_embedder=False), settings.corpus_dir)
        assistant = Assistant(settings)
        if args.command == "list":
            return _list(assistant)
        if args.command == "remove":
            return _remove(assistant, args.doc_ids)
        if args.command == "set":
            return _set(assistant, args.doc_id, changes)
        return _add(assistant, args.paths, changes)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _add(assistant: Assistant, paths: list[Path], changes: dict[str, str]) -> int:
    progress, bar = tqdm_progress("Läser in")
    results = assistant.ingester.add(paths, progress, overrides=changes or None)
    bar.close()
    for r in results:
        detail = r.reason if r.status == "rejected" else f"{r.doc_id}, {r.chunks} delar"
        print(f"{STATUS_SV[r.status]:<10} {r.path}  ({detail})")
    rejected = sum(r.status == "rejected" for r in results)
    return EXIT_SOME_REJECTED if rejected else EXIT_OK


def _remove(assistant: Assistant, doc_ids: list[str]) -> int:
    code = EXIT_OK
    for doc_id in doc_ids:
        removed = assistant.store.delete_document(doc_id)
        if removed:
            print(f"borttagen  {doc_id} ({removed} delar)")
        else:
            print(f"finns inte {doc_id}", file=sys.stderr)
            code = EXIT_NO_SUCH
    return code


def _set(assistant: Assistant, doc_id: str, changes: dict[str, str]) -> int:
    if not changes:
        print("error: give at least one of --kommun --date --type --title", file=sys.stderr)
        return EXIT_USAGE
    try:
        n = assistant.ingester.update_meta(doc_id, changes)
    except DocumentNotFoundError as exc:
        print(f"error: {exc.user_message}", file=sys.stderr)
        return EXIT_NO_SUCH
    except DocumentError as exc:
        print(f"error: {exc.user_message}", file=sys.stderr)
        return EXIT_USAGE
    print(f"uppdaterad {doc_id} ({n} delar)")
    return EXIT_OK


def _rebuild(assistant: Assistant, corpus: Path) -> int:
    assistant.store.reset()
    print(
        f"Tömde dokumentlagret; läser in {corpus} igen med {assistant.store.embedder.name}."
    )
    return _add(assistant, [corpus], {})


def _list(assistant: Assistant) -> int:
    for d in assistant.documents():
        m = d.meta
        print(
            f"{m.doc_id}\t{m.title}\t{m.kommun or '-'}\t{m.date or '-'}\t{m.doc_type}\t"
            f"{d.chunks} delar\t{d.added_at}\t{d.content_hash[:12]}"
        )
    return EXIT_OK
