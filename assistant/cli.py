"""``python -m assistant ask "…" [--json]``: answer one question in the terminal."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from tqdm import tqdm

from assistant.errors import AssistantError, QuestionError
from assistant.ingest.pipeline import Progress
from assistant.records import Answer
from assistant.service import Assistant
from assistant.settings import load_settings


def tqdm_progress(desc: str) -> tuple[Progress, tqdm]:
    bar = tqdm(total=0, desc=desc, unit="fil", file=sys.stderr, leave=False)

    def update(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(name)
        bar.refresh()

    return update, bar


def open_assistant() -> Assistant:
    """Settings from the environment, the store opened, corpus ingested on first start."""
    assistant = Assistant(load_settings())
    if assistant.store.count() == 0:
        progress, bar = tqdm_progress("Läser in corpus/ (första start)")
        assistant.ensure_corpus(progress)
        bar.close()
    return assistant


def format_answer(answer: Answer) -> str:
    lines = [answer.text]
    if answer.unsaid_notice:
        lines += ["", f"Obs: {answer.unsaid_notice}"]
    if answer.sources:
        lines += ["", "Källor:"]
    for s in answer.sources:
        page = f", s. {s.page}" if s.page else ""
        lines.append(
            f"[{s.n}] {s.title} — {s.scope}, {s.date or 'datum saknas'}, "
            f"{s.doc_type}{page}{', ' + s.validity if s.validity else ''} ({s.doc_id})"
        )
        lines.append(f"    »{s.quote}«")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question and print it with its sources")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--kommun", action="append", default=[], help="limit to a kommun")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        answer = open_assistant().ask(args.question, args.kommun)
    except QuestionError as exc:
        print(exc.user_message, file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer))
    return 0
