"""Document administration from a terminal.

    python -m ingest add PATH… [--kommuner "A, B"] [--region R] [--national] [--date D]
                               [--valid-from D] [--valid-to D|"tills vidare"] [--type T] [--title T]
    python -m ingest list
    python -m ingest remove DOC_ID…
    python -m ingest set DOC_ID [the same options; --not-national undoes --national]
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
from typing import Any

from assistant.cli import tqdm_progress
from assistant.errors import AssistantError, DocumentError, DocumentNotFoundError
from assistant.ingest.pipeline import STATUS_SV
from assistant.records import DOC_TYPES
from assistant.service import Assistant
from assistant.settings import load_settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SOME_REJECTED, EXIT_NO_SUCH = 0, 1, 2, 3, 4
_META_FLAGS = {
    "kommuner": "kommuner",
    "region": "region",
    "national": "national",
    "date": "date",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "type": "doc_type",
    "title": "title",
}


def _meta_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kommuner",
        "--kommun",
        help="the kommuner the document concerns, e.g. 'Trollhättan, Vänersborg' ('' = none)",
    )
    parser.add_argument("--region", help="its region or kommunalförbund, e.g. Fyrbodal")
    national = parser.add_mutually_exclusive_group()
    national.add_argument(
        "--national", action="store_const", const=True, help="a national text (no kommun)"
    )
    national.add_argument(
        "--not-national", dest="national", action="store_const", const=False, help="not national"
    )
    parser.add_argument("--date", help="date, e.g. 2016-11-16, '16 november 2016' or 2021")
    parser.add_argument("--valid-from", help="valid from, e.g. 2021-03-01")
    parser.add_argument("--valid-to", help="valid to, e.g. 2024-12-31, or 'tills vidare'")
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
    changes = {
        f: getattr(args, a) for a, f in _META_FLAGS.items() if getattr(args, a, None) is not None
    }
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


def _add(assistant: Assistant, paths: list[Path], changes: dict[str, Any]) -> int:
    progress, bar = tqdm_progress("Läser in")
    results = assistant.ingester.add(paths, progress, overrides=changes or None)
    bar.close()
    for r in results:
        if r.status == "rejected":
            detail = r.reason
        else:
            scope = r.meta.scope_label if r.meta else ""
            detail = f"{r.doc_id}, {r.chunks} delar, {scope}"
        print(f"{STATUS_SV[r.status]:<10} {r.path}  ({detail})")
        for notice in r.notices:
            print(f"           obs: {notice}")
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


def _set(assistant: Assistant, doc_id: str, changes: dict[str, Any]) -> int:
    if not changes:
        options = " ".join(f"--{a.replace('_', '-')}" for a in _META_FLAGS)
        print(f"error: give at least one of {options}", file=sys.stderr)
        return EXIT_USAGE
    try:
        n, notices = assistant.ingester.update_meta(doc_id, changes)
    except DocumentNotFoundError as exc:
        print(f"error: {exc.user_message}", file=sys.stderr)
        return EXIT_NO_SUCH
    except DocumentError as exc:
        print(f"error: {exc.user_message}", file=sys.stderr)
        return EXIT_USAGE
    print(f"uppdaterad {doc_id} ({n} delar)")
    for notice in notices:
        print(f"obs: {notice}")
    return EXIT_OK


def _rebuild(assistant: Assistant, corpus: Path) -> int:
    assistant.store.reset()
    print(f"Tömde dokumentlagret; läser in {corpus} igen med {assistant.store.embedder.name}.")
    return _add(assistant, [corpus], {})


def _list(assistant: Assistant) -> int:
    for d in assistant.documents():
        m = d.meta
        print(
            f"{m.doc_id}\t{m.title}\t{m.scope_label}\t{m.date or '-'}\t{m.doc_type}\t"
            f"{d.chunks} delar\t{d.added_at}\t{d.content_hash[:12]}"
        )
    return EXIT_OK
