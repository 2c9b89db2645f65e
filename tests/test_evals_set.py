"""Evaluation-set loading: the shipped set is complete, and a bad set says where and what."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from evals.evalset import SETS, EvalSetError, load_set
from evals.metrics import fact_found
from tests.conftest import CORPUS


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_ITEM = """
  - id: heby-grupper
    question: Vilka grupper prioriteras i Heby?
    answerable: true
    expected_sources: [heby-2016-11-16-samarbete]
    key_facts: [lokal utveckling]
    tags: {kind: list, kommun: Heby}
"""


REAL_KINDS = {"fact", "list", "who", "date", "multi-kommun", "current", "national"}
REAL_KINDS |= {"comparison", "follow-up", "unanswerable"}


def test_the_real_set_and_its_split() -> None:
    """Dev and held-out parts: every kind in both, enough unanswerable and non-plain items,
    gold documents that exist in corpus/, no item in both parts."""
    dev, held = (load_set(SETS / f"real_{part}.yaml").items for part in ("dev", "heldout"))
    items = [*dev, *held]
    assert len(items) >= 150 and len(held) >= 50
    assert len({i.id for i in items}) == len(items)
    for part in (dev, held):
        assert {i.kind for i in part} == REAL_KINDS
    assert sum(not i.answerable for i in items) >= 0.2 * len(items)
    assert sum(i.tags.wording != "plain" for i in items) >= 0.15 * len(items)
    corpus = {yaml.safe_load(p.read_text("utf-8"))["id"] for p in CORPUS.glob("*.meta.yaml")}
    assert {d for i in items for d in i.expected_sources} <= corpus


def test_every_real_part_points_at_text_its_documents_hold() -> None:
    """In every part of the real set, each answerable item's key facts occur in one of its
    gold documents (a slip in a fact or a document id would make the item unpassable), and no
    id or question is in two parts."""
    texts = {
        yaml.safe_load(p.read_text("utf-8"))["id"]: p.with_suffix("").with_suffix(".txt")
        for p in CORPUS.glob("*.meta.yaml")
    }
    parts = sorted(SETS.glob("real_*.yaml"))
    assert len(parts) >= 2
    items = [item for part in parts for item in load_set(part).items]
    assert len({i.id for i in items}) == len(items)
    questions = [i.question or i.turns[-1] for i in items if i.question or i.turns]
    assert len(set(questions)) == len(questions)
    for item in items:
        gold = [texts[d].read_text("utf-8") for d in item.expected_sources]
        for fact in item.key_facts:
            assert any(fact_found(fact, text) for text in gold), (item.id, fact)


def test_the_regression_set_covers_its_kinds() -> None:
    items = load_set(SETS / "corpus_sv.yaml").items
    kinds = Counter(i.kind for i in items)
    assert len(items) >= 40
    assert {"fact", "list", "comparison", "unanswerable", "follow-up"} <= set(kinds)
    assert sum(not i.answerable for i in items) >= 8
    assert len({i.id for i in items}) == len(items)


def test_held_out_set_loads_and_shares_no_question_with_the_shipped_one() -> None:
    held_out = load_set(SETS / "heldout_sv.yaml").items
    shipped = load_set(SETS / "corpus_sv.yaml").items
    assert len(held_out) == 30
    assert not {i.text for i in held_out} & {i.text for i in shipped}


def test_a_valid_item_loads(tmp_path: Path) -> None:
    loaded = load_set(write(tmp_path, "name: t\nitems:" + GOOD_ITEM))
    item = loaded.items[0]
    assert (loaded.name, item.text, item.kind, item.tags.kommun) == (
        "t",
        "Vilka grupper prioriteras i Heby?",
        "list",
        ["Heby"],
    )


def test_turns_score_the_last_question(tmp_path: Path) -> None:
    text = """name: t
items:
  - id: foljd
    turns: ["Vilka grupper prioriteras i Heby?", "Och i Uppsala?"]
    answerable: true
    expected_sources: [uppsala-samverkan]
    key_facts: [unga vuxna]
    tags: {kind: follow-up}
"""
    item = load_set(write(tmp_path, text)).items[0]
    assert item.text == "Och i Uppsala?"
    assert item.history == ["Vilka grupper prioriteras i Heby?"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("kind: list", "item 'heby-grupper' (#1): field 'tags.kind'"),
        ("answerable: true", "field 'answerable'"),
        ("key_facts: [lokal utveckling]", "item 'heby-grupper' (#1): an answerable item needs"),
        ("question: Vilka grupper prioriteras i Heby?", "exactly one of 'question' or 'turns'"),
    ],
)
def test_errors_name_the_item_and_field(tmp_path: Path, change: str, expected: str) -> None:
    broken = {
        "kind: list": "kind: facts",
        "answerable: true": "answerable: kanske",
        "key_facts: [lokal utveckling]": "key_facts: []",
        "question: Vilka grupper prioriteras i Heby?": "tags_typo: 1",
    }[change]
    text = "name: t\nitems:" + GOOD_ITEM.replace(change, broken)
    if change.startswith("question"):
        text = "name: t\nitems:" + GOOD_ITEM.replace(change, "answerable: true").replace(
            "    answerable: true\n    answerable: true\n", "    answerable: true\n"
        )
    with pytest.raises(EvalSetError) as err:
        load_set(write(tmp_path, text))
    assert expected in str(err.value)


def test_every_problem_is_listed_with_its_item(tmp_path: Path) -> None:
    text = """name: t
items:
  - id: ok-one
    question: Vilka grupper prioriteras i Sala?
    answerable: false
    expected_sources: [heby-2016-11-16-samarbete]
    tags: {kind: unanswerable}
  - id: Bad Id
    question: x
    answerable: false
    key_facts: ["re:(unclosed"]
    tags: {kind: fact}
  - question: no id here
    answerable: false
    tags: {kind: fact}
  - id: ok-one
    question: Dubblett?
    answerable: false
    tags: {kind: unanswerable}
"""
    with pytest.raises(EvalSetError) as err:
        load_set(write(tmp_path, text))
    message = str(err.value)
    assert "item 'ok-one' (#1): an unanswerable item cannot have expected_sources" in message
    assert "item 'Bad Id' (#2): field 'id'" in message
    assert "item 'Bad Id' (#2): field 'key_facts': bad regular expression" in message
    assert "item #3 (no id): field 'id': Field required" in message
    assert "item 'ok-one' (#4): field 'id': duplicate id" in message


def test_unanswerable_kind_must_not_be_answerable(tmp_path: Path) -> None:
    text = "name: t\nitems:" + GOOD_ITEM.replace("kind: list", "kind: unanswerable")
    with pytest.raises(EvalSetError, match="needs answerable: false"):
        load_set(write(tmp_path, text))


def test_not_a_set(tmp_path: Path) -> None:
    with pytest.raises(EvalSetError, match="non-empty 'items'"):
        load_set(write(tmp_path, "- just a list\n"))
    with pytest.raises(EvalSetError, match="not valid YAML"):
        load_set(write(tmp_path, "items: [\n"))
    with pytest.raises(EvalSetError, match="cannot read"):
        load_set(tmp_path / "missing.yaml")
