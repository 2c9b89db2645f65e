"""👎 votes as candidate items of an evaluation set (the YAML schema of evals/evalset.py).

What only a developer can say — whether the question is answerable, the documents a correct
answer cites, the facts it must contain, the kind of question — is written as ``TODO``;
``python -m evals run`` refuses an item until every ``TODO`` is filled in. What the vote
recorded (comment, answer, cited sources) comes along as YAML comments above the item.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from assistant.feedback.store import FeedbackRow

TODO = "TODO"
ANSWER_CHARS = 400  # of the criticised answer, in the comment above the item
HEADER = """\
# Candidate evaluation items from 👎 feedback (python -m evals feedback export).
# Fill in every TODO (answerable: true/false; expected_sources: doc ids, [] when
# unanswerable; key_facts; tags.kind), then move the items into a set under evals/sets/.
name: feedback-candidates
description: Frågor som fick 👎 i chatten; TODO-fälten fylls i av en utvecklare.
items:
"""


def candidate_item(row: FeedbackRow) -> dict[str, Any]:
    """The evaluation item for one vote, its unknown fields ``TODO``."""
    item: dict[str, Any] = {"id": f"feedback-{row.id}"}
    if row.previous_question:
        item["turns"] = [row.previous_question, row.question]
    else:
        item["question"] = row.question
    item.update(answerable=TODO, expected_sources=[TODO], key_facts=[TODO])
    if row.kommuner:
        item["kommun_filter"] = list(row.kommuner)
    item["tags"] = {"kind": TODO, "kommun": list(row.kommuner)}
    return item


def _one_line(text: str) -> str:
    """``text`` safe inside a YAML comment: every kind of line break becomes a space."""
    return " ".join(" ".join(text.splitlines()).split())


def _comments(row: FeedbackRow) -> list[str]:
    cited = ", ".join(f"{s.get('doc_id', '')} ({s.get('chunk_id', '')})" for s in row.sources)
    answer = _one_line(row.answer)
    if len(answer) > ANSWER_CHARS:
        answer = answer[:ANSWER_CHARS] + " …"
    lines = [
        f"👎 {row.created_at} · kommun: {row.kommun_label} · {row.answerer} {row.model}".rstrip(),
        f"Kommentar: {_one_line(row.comment) or '(ingen)'}",
        f"Svaret: {answer}",
        f"Citerade källor: {cited or '(inga)'}",
    ]
    return [f"  # {_one_line(line)}" for line in lines]


def candidates_yaml(rows: Sequence[FeedbackRow]) -> str:
    """An evaluation-set file holding one candidate item per 👎 row in ``rows``."""
    parts = [HEADER]
    for row in rows:
        if row.vote != "down":
            continue
        dumped = yaml.safe_dump(
            [candidate_item(row)], allow_unicode=True, sort_keys=False, width=10_000
        )
        body = "\n".join(f"  {line}" for line in dumped.splitlines())
        parts.append("\n".join([*_comments(row), body]) + "\n\n")
    return "".join(parts)
