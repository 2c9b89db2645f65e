"""Evaluation sets: YAML files of questions with what a correct answer must cite and contain.

    name: corpus_sv
    description: …
    items:
      - id: heby-prioriterade-omraden          # unique, lower case, digits and hyphens
        question: Vilka grupper prioriteras i Heby?   # or turns: [first, …, scored question]
        answerable: true
        expected_sources: [heby-2016-11-16-samarbete]   # doc ids; empty when unanswerable
        key_facts: [lokal utveckling, "re:nyanlända med särskilda\\s+behov"]
        kommun_filter: [Heby]                   # optional: the UI's kommun filter
        tags: {kind: list, kommun: [Heby], wording: plain}   # wording: plain|informal|typo|synonym
        note: "the second paragraph lists them"                  # optional, for a reviewer

A key fact is a string the answer must contain, or ``re:`` and a regular expression it must
match; both case-insensitive (see metrics.fact_found). Loading validates every item and reports
all problems at once, each with the item's id and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from evals.metrics import REGEX_PREFIX

Kind = Literal[
    "fact",
    "list",
    "who",
    "date",
    "multi-kommun",
    "current",
    "national",
    "comparison",
    "unanswerable",
    "follow-up",
    "other-language",
    "typo-informal",
]
KINDS: tuple[str, ...] = get_args(Kind)
# How the question is worded against the document: its own words, informal, with a typo in a
# topic word, or a synonym for the document's word (AF, ungdomar, ekonomiskt bistånd, …).
Wording = Literal["plain", "informal", "typo", "synonym"]
WORDINGS: tuple[str, ...] = get_args(Wording)
SETS = Path(__file__).resolve().parent / "sets"
DEFAULT_SET = SETS / "real_dev.yaml"  # the dev part of the real set: what a change is tried on


class EvalSetError(Exception):
    """The evaluation set cannot be read or has invalid items (the message lists them all)."""


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Tags(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    kommun: list[str] = Field(default_factory=list)
    wording: Wording = "plain"

    @field_validator("kommun", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return _as_list(value)


class EvalItem(BaseModel):
    """One question (or conversation) and what a correct answer looks like."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    question: str | None = None
    turns: list[str] | None = None
    answerable: bool
    expected_sources: list[str] = Field(default_factory=list)
    key_facts: list[str] = Field(default_factory=list)
    kommun_filter: list[str] = Field(default_factory=list)
    tags: Tags
    note: str = ""  # where in the gold document the answer is (for a reviewer)

    @field_validator("kommun_filter", "expected_sources", "key_facts", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("key_facts")
    @classmethod
    def _patterns_compile(cls, facts: list[str]) -> list[str]:
        for fact in facts:
            if not fact.strip() or fact.strip() == REGEX_PREFIX:
                raise ValueError("a key fact is empty")
            if fact.startswith(REGEX_PREFIX):
                try:
                    re.compile(fact[len(REGEX_PREFIX) :])
                except re.error as exc:
                    raise ValueError(f"bad regular expression {fact!r}: {exc}") from None
        return facts

    @model_validator(mode="after")
    def _consistent(self) -> EvalItem:
        if (self.question is None) == (self.turns is None):
            raise ValueError("give exactly one of 'question' or 'turns'")
        if self.turns is not None and (not self.turns or not all(t.strip() for t in self.turns)):
            raise ValueError("'turns' must be a list of non-empty questions")
        if self.question is not None and not self.question.strip():
            raise ValueError("'question' is empty")
        if self.answerable and not (self.expected_sources and self.key_facts):
            raise ValueError("an answerable item needs expected_sources and key_facts")
        if not self.answerable and self.expected_sources:
            raise ValueError("an unanswerable item cannot have expected_sources")
        if self.tags.kind == "unanswerable" and self.answerable:
            raise ValueError("tags.kind 'unanswerable' needs answerable: false")
        if self.tags.kind == "follow-up" and len(self.turns or []) < 2:
            raise ValueError("tags.kind 'follow-up' needs 'turns' with at least two questions")
        return self

    @property
    def text(self) -> str:
        """The question that is scored: ``question``, or the last of ``turns``."""
        return self.question if self.question is not None else (self.turns or [""])[-1]

    @property
    def history(self) -> list[str]:
        """Earlier turns of a conversation (empty for a single question)."""
        return list(self.turns[:-1]) if self.turns else []

    @property
    def kind(self) -> str:
        return self.tags.kind


class EvalSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    description: str = ""
    items: list[EvalItem]


def load_set(path: Path) -> EvalSet:
    """Read and validate an evaluation set; :class:`EvalSetError` lists every problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalSetError(f"{path}: cannot read the evaluation set ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise EvalSetError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list) or not raw["items"]:
        raise EvalSetError(f"{path}: expected a mapping with 'name' and a non-empty 'items' list")
    problems: list[str] = []
    items: list[EvalItem] = []
    seen: set[Any] = set()
    for number, entry in enumerate(raw["items"], start=1):
        label = _label(entry, number)
        item_id = entry.get("id") if isinstance(entry, dict) else None
        if item_id is not None and item_id in seen:
            problems.append(f"{label}: field 'id': duplicate id")
        seen.add(item_id)
        todo = [f"{label}: field '{f}': still TODO; fill it in" for f in _todo_fields(entry)]
        if todo:  # a candidate exported from feedback that a developer has not finished
            problems.extend(todo)
            continue
        try:
            items.append(EvalItem.model_validate(entry))
        except ValidationError as exc:
            problems.extend(f"{label}: {_describe(err)}" for err in exc.errors())
    if problems:
        shown = "\n  ".join(problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise EvalSetError(f"{path}: {len(problems)} problem(s):\n  {shown}{more}")
    name = str(raw.get("name") or path.stem)
    return EvalSet(name=name, description=str(raw.get("description") or ""), items=items)


def _todo_fields(value: Any, path: str = "") -> list[str]:
    """The fields of an entry whose value (or an element of it) is still "TODO"."""
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _todo_fields(v, f"{path}{k}.")]
    values = value if isinstance(value, list) else [value]
    return [path.rstrip(".")] if any(v == "TODO" for v in values) else []


def _label(entry: Any, number: int) -> str:
    item_id = entry.get("id") if isinstance(entry, dict) else None
    return f"item {item_id!r} (#{number})" if item_id else f"item #{number} (no id)"


def _describe(err: Any) -> str:
    """One pydantic error as "field 'tags.kind': message (got 'facts')"."""
    field = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
    message = str(err["msg"]).removeprefix("Value error, ")
    got = "" if err["type"] in ("missing", "value_error") else f" (got {err['input']!r})"
    return f"field '{field}': {message}{got}" if field else f"{message}{got}"
