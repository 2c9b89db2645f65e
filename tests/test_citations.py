"""Citation verification after generation (pure logic)."""

from assistant.answering.citations import (
    cited_numbers,
    drop_invalid,
    invalid_citations,
    uncited_sentences,
)


def test_cited_numbers_in_order_without_repeats() -> None:
    assert cited_numbers("A [2]. B [1][2]. C [2].") == [2, 1]


def test_invalid_markers_removed_and_reported() -> None:
    text, removed = drop_invalid("Unga prioriteras [1][3]. Kvinnor också [5, 2].", {1, 2})
    assert text == "Unga prioriteras [1]. Kvinnor också [2]."
    assert removed == [3, 5]
    assert invalid_citations("Ett [4].", {1}) == [4]


def test_sentences_without_citation_are_found() -> None:
    text = "Unga vuxna prioriteras i Uppsala [1]. Detta är en mening utan källa. Ja."
    assert uncited_sentences(text) == ["Detta är en mening utan källa."]
