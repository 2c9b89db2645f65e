"""Follow-up questions through the real chain (extractive mode)."""

from assistant import Assistant
from assistant.conversation import Turn, contextualise, leans_on_context


def test_rule_carries_kommun_and_topic() -> None:
    history = [Turn("Vilka grupper prioriteras i Uppsala?", ("Uppsala",))]
    standalone = contextualise("Vilka insatser finns för dem?", history)
    assert standalone.kommuner == ("Uppsala",)
    assert "Uppsala" in standalone.query
    fresh = contextualise("Vilka grupper prioriteras i Heby?", history)
    assert fresh.kommuner == () and fresh.query == "Vilka grupper prioriteras i Heby?"
    assert leans_on_context("Och där?")
    assert not leans_on_context("Vilka insatser omfattar samverkan om skyddad anställning?")


def test_follow_up_answers_about_the_previous_kommun(corpus_assistant: Assistant) -> None:
    first = corpus_assistant.ask("Vilka grupper prioriteras i Uppsala?")
    assert first.kommuner == ("Uppsala",)
    history = [Turn(first.question, first.kommuner)]
    follow = corpus_assistant.ask("Vilka insatser finns för dem?", history=history)
    assert follow.kommuner == ("Uppsala",)
    assert not follow.abstained
    assert {s.doc_id for s in follow.sources} == {"uppsala-samverkan"}
    assert "arbetsträning" in follow.text or "skyddad anställning" in follow.text
