"""The expected answer type: which questions ask for a number, a period, a time or a name,
and which sentences can hold one."""

import pytest

from assistant.answering.answer_types import (
    AnswerType,
    asked_role,
    asks_time_of_day,
    asks_whether,
    expected_type,
    kind_words,
    names_role,
    satisfies,
    two_questions,
    why_missing,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hur många personer ska anställas med OSA i Uppsala under 2024?", AnswerType.COUNT),
        ("Vad är antalet deltagare?", AnswerType.COUNT),
        ("hur mycket folk kom på mötet i Vrigstad?", AnswerType.COUNT),
        ("hur hög är arbetslösheten i Vrigstad?", AnswerType.COUNT),
        ("Vem skrev under avtalet för kommunens räkning?", AnswerType.PERSON),
        ("vem har skrivit på avtalet mellan kommunen och AF?", AnswerType.PERSON),
        ("Hur många år gäller avtalet?", AnswerType.DURATION),
        ("Hur länge gäller överenskommelsen?", AnswerType.DURATION),
        ("Vad är giltighetstiden för avtalet?", AnswerType.DURATION),
        ("Vad är budgeten för samverkan?", AnswerType.AMOUNT),
        ("Vad kostar överenskommelsen för Heby kommun?", AnswerType.AMOUNT),
        ("Hur mycket statsbidrag får Tierps kommun?", AnswerType.AMOUNT),
        ("Hur mycket betalar Tierp till förbundet?", AnswerType.AMOUNT),
        # which of two by the money: not a person, though it asks "vem"
        ("Vem lägger mest pengar, Tierp eller Orsa?", AnswerType.AMOUNT),
        ("Vem lägger mest tid på samverkan?", None),
        ("Hur mycket tid lägger handledarna?", None),
        ("Hur stor andel av de unga i Tierp saknar arbete?", AnswerType.AMOUNT),  # a share
        ("Hur många procent av deltagarna fick jobb?", AnswerType.AMOUNT),
        ("What is the budget of the Heby agreement?", AnswerType.AMOUNT),
        ("När ska målgrupperna följas upp?", AnswerType.TIME),
        ("Och när skrevs den under?", AnswerType.TIME),
        ("Vilken dag skrevs överenskommelsen under?", AnswerType.TIME),
        ("Under vilka år ska pengarna användas?", AnswerType.TIME),  # "vilka år": years
        ("Från när gäller den gemensamma nämnden?", AnswerType.TIME),
        ("Vilka tider har Arbetsförmedlingen öppet?", AnswerType.TIME),
        ("Vad heter projektledaren?", AnswerType.NAMED),
        ("Under vilken period pågick projektet?", AnswerType.DURATION),
        ("Gäller avtalet fortfarande?", AnswerType.DURATION),  # still in force: its period
        ("Pågår projektet än?", AnswerType.DURATION),
        ("Vem betalar för projektledaren?", None),  # who pays: an actor, not an amount
        ("Vem har budgetansvar för samverkan?", None),
        ("Vilken tjänst betalar förbundet för?", None),  # which thing, not how much
        ("Vad har förbundet betalat för i Gislaved?", None),  # what is paid for
        ("Hur mycket betalar förbundet för tjänsten?", AnswerType.AMOUNT),
        ("Vilket belopp betalar kommunen?", AnswerType.AMOUNT),
        ("Vilka kostnader betalar Arbetsförmedlingen?", AnswerType.AMOUNT),
        ("vem är kommunalråd i heby", AnswerType.PERSON),
        ("Vilken arbetsmarknadsminister gav uppdraget?", AnswerType.PERSON),  # a role
        ("vilket kommunalråd skrev under i orsa?", AnswerType.PERSON),
        ("Vilken projektledare har jobbtorget?", AnswerType.PERSON),
        ("Vilket programområde drivs projektet inom?", None),  # "råd" ends no compound here
        ("Vilket råd ger förbundet?", None),  # advice
        ("Who is the contact person in Heby?", AnswerType.PERSON),
        ("vem skrev på avtalet i heby", None),  # who acts: an organisation answers too
        ("Vem ansvarar för registreringen?", None),
        ("Vilka personer skrev under avtalet?", AnswerType.PERSON),
        ("Vilka personer citeras i pressmeddelandet?", AnswerType.SPEAKER),
        ("Vem citeras om skolor i Heby?", AnswerType.SPEAKER),
        ("Vilka uttalar sig om målgrupperna?", AnswerType.SPEAKER),
        ("Vilka kommer till tals i Uppsala?", AnswerType.SPEAKER),
        ("Vem på kommunen kommenterar resultatet?", AnswerType.SPEAKER),
        ("Vem berättar om projektet i Orsa?", AnswerType.SPEAKER),
        ("Vem är chef för enheten, hon som pratar om projektet?", AnswerType.PERSON),
        ("Who is quoted in the press release?", AnswerType.SPEAKER),
        ("Vilket parti representerar hon?", AnswerType.PARTY),
        ("Which party does she represent?", AnswerType.PARTY),
        ("Vilka skolor i Heby deltar i överenskommelsen?", AnswerType.NAMED),
        ("Vilka privata företag i Uppsala deltar?", AnswerType.NAMED),
        ("Vad heter skolan som deltar?", AnswerType.NAMED),
        ("Which private companies in Uppsala have joined?", AnswerType.NAMED),
        ("Vilka grundskolor i Heby deltar?", AnswerType.NAMED),
        ("Vilket gymnasium ingår?", AnswerType.NAMED),
        ("Vem citeras om budgeten i Uppsala?", AnswerType.SPEAKER),  # a speaker, not an amount
        ("Vilka föreningar kan söka bidrag?", None),  # who may: a description answers it
        ("Vilka företag omfattas av stödet?", None),
        ("What do schools need to report?", None),
        ("Vilka grupper prioriteras i Heby?", None),
        ("Vilken roll har skolan i samverkan?", None),  # asks for a role, not a school's name
        ("Vad innebär överenskommelsen för företag i Heby?", None),
        # "när det gäller" is not a question about time
        ("Vilken målsättning finns när det gäller ekonomiskt bistånd?", None),
        ("Hur ligger Orsa till när det gäller unga utan jobb?", None),
        ("Till när gäller avtalet?", AnswerType.DURATION),
        # whom someone interviewed is no question about who is quoted
        ("Vilka intervjuade utvärderarna i Orsa?", None),
        ("Vilka blev intervjuade i Orsa?", AnswerType.SPEAKER),
        ("Vad står OSA för?", None),
    ],
)
def test_expected_type(question: str, kind: AnswerType | None) -> None:
    assert expected_type(question) is kind


def test_an_ablated_rule_leaves_its_questions_open() -> None:
    question = "Hur många deltagare har projektet?"
    assert expected_type(question) is AnswerType.COUNT
    assert expected_type(question, off=frozenset({AnswerType.COUNT})) is None
    assert expected_type(question, off=frozenset({AnswerType.TIME})) is AnswerType.COUNT


@pytest.mark.parametrize(
    ("kind", "sentence", "ok"),
    [
        (AnswerType.COUNT, "Kommunen ska anställa 25 personer med OSA.", True),
        (AnswerType.COUNT, "Målet är att tre av fyra ska ha arbete.", True),
        (AnswerType.COUNT, "Kommunen ska anställa fler långtidsarbetslösa (OSA).", False),
        (AnswerType.COUNT, "Under 2024 ska fler anställas.", False),  # a year is no count
        (AnswerType.COUNT, "Det gäller 2016-11-16.", False),
        # a season is a point in time; "våra", "vård" are not spring
        (AnswerType.TIME, "Arbetet startade under våren.", True),
        (AnswerType.TIME, "Kommunen anställer inom skola, vård och omsorg.", False),
        (AnswerType.TIME, "Våra resurser ska användas bättre.", False),
        (AnswerType.AMOUNT, "Budgeten är 4,5 miljoner kronor.", True),
        (AnswerType.AMOUNT, "Samverkan ska använda resurserna mer effektivt.", False),
        (AnswerType.AMOUNT, "Kostnaden sjönk med 1,5 miljoner kronor.", True),
        (AnswerType.AMOUNT, "Andelen ökade med 12 procent.", True),
        (AnswerType.AMOUNT, "Satsningen får 30 mkr.", True),
        # a number, but no money: a period and a count answer no "Hur mycket …?"
        (AnswerType.AMOUNT, "Projektet pågår i tre år med 40 platser.", False),
        # an age, a period, a year and an amount of money are no counts
        (AnswerType.COUNT, "Stödet gäller unga i åldern 16-24 år.", False),
        (AnswerType.COUNT, "Verksamheten arbetar med unga vuxna i åldrarna 16–24 år.", False),
        (AnswerType.COUNT, "Även unga upp till 29 år kan få stöd.", False),
        (AnswerType.COUNT, "Verksamheten startade under 2013, för unga utan arbete.", False),
        (AnswerType.COUNT, "Kommunen satsar 300 000 kronor.", False),
        (AnswerType.DURATION, "Överenskommelsen gäller tills vidare.", True),
        (AnswerType.DURATION, "Avtalet gäller till och med 2026.", True),
        (AnswerType.DURATION, "Avtalet löper under tre år.", True),
        (AnswerType.DURATION, "Perioden är 2016–2018.", True),
        (AnswerType.DURATION, "Överenskommelsen skrevs under av båda parterna.", False),
        # a start alone says from when, not for how long
        (AnswerType.DURATION, "Från och med den 1 november ingår femtio ärenden.", False),
        (AnswerType.DURATION, "Avtalet gäller fr.o.m. 2016-01-01 t.o.m. 2018-12-31.", True),
        (AnswerType.TIME, "På tisdagen skrevs det under på det.", True),
        (AnswerType.TIME, "Den följs upp vid bestämda tillfällen.", True),
        (AnswerType.TIME, "Avtalet undertecknades den 3 maj.", True),
        (AnswerType.TIME, "Målet är fler kvinnor i arbete.", False),
        # a statute's number holds no year
        (AnswerType.TIME, "Förbundet bildades enligt lagen (2003:1210) om samordning.", False),
        (AnswerType.TIME, "Förbundet bildades 2003.", True),
        (AnswerType.AMOUNT, "Cirka 80 procent av de arbetslösa är i den gruppen.", True),
        (AnswerType.PERSON, "Det undertecknades av Marie Wilén (C) och Katarina Yng.", True),
        (AnswerType.PERSON, "På tisdagen skrevs det under på det.", False),
        # an organisation or a place's company is no person
        (AnswerType.PERSON, "I dag invigdes Samordningsförbundet Sundbybergs stad.", False),
        (AnswerType.PERSON, "Kommunerna och Region Västernorrland varnar i ett brev.", False),
        (AnswerType.PERSON, "Arbetsförmedlingen Norra Västmanland deltar.", False),
        (AnswerType.PERSON, "Avtalet gäller även Uppsala Vatten.", False),
        (AnswerType.PERSON, "Inom Vetlanda kommun finns 27 personer till.", False),
        (
            AnswerType.PERSON,
            "Upplands Väsby kommun och Arbetsförmedlingen har undertecknat.",
            False,
        ),
        (AnswerType.PERSON, "Avtalet i Lilla Edet gäller tills vidare.", False),
        (AnswerType.PERSON, "– Vi ser risker, säger Anna Berg, förbundschef.", True),
        (AnswerType.PARTY, "Det undertecknades av Marie Wilén (C) och Katarina Yng.", True),
        (AnswerType.PARTY, "Kommunalrådet är moderat sedan 2014.", True),
        (AnswerType.PARTY, "Det undertecknades av Marie Wilén och Katarina Yng.", False),
        (AnswerType.SPEAKER, "Vi behöver samarbeta, säger Marie Wilén.", True),
        (AnswerType.SPEAKER, "Det skapar tydlighet, sade Lena Winterbom, direktör.", True),
        (AnswerType.SPEAKER, "Marie Wilén säger att avtalet är viktigt.", False),  # no quotation
        (AnswerType.SPEAKER, "Det undertecknades av Marie Wilén och Katarina Yng.", False),
    ],
)
def test_satisfies(kind: AnswerType, sentence: str, ok: bool) -> None:
    assert satisfies(kind, sentence) is ok


@pytest.mark.parametrize(
    ("question", "sentence", "ok"),
    [
        ("Vilka skolor deltar?", "Vittingeskolan och Ösbyskolan tar emot praktikanter.", True),
        ("Vilka skolor deltar?", "Eleverna på Tärnsjö skola får praktik.", True),
        ("Vilka skolor deltar?", "Bland skolorna finns Vittinge skola.", True),
        ("Vilka skolor deltar?", "Gymnasieskolan är viktig för unga.", False),  # a capital only
        ("Vilka skolor deltar?", "Vittingeskolan deltar.", False),  # as far as a capital tells
        ("Vilka skolor deltar?", "I samarbetet ingår skolor som Ösbyskolan.", True),
        ("Vilka skolor deltar?", "Heby kommun arbetar inom skola, vård och omsorg.", False),
        ("Vilka skolor deltar?", "Fler unga ska fullfölja gymnasieskolan.", False),
        ("Vilka skolor deltar?", "Heby skola är en del av samverkan.", False),  # a kommun
        ("Vilka företag deltar?", "Företagen Ikea och Scania deltar.", True),
        ("Vilka företag deltar?", "Även Mälarbygg AB har anställt deltagare.", True),
        ("Vilka företag deltar?", "Det ger trygghet för medborgare och företag i Heby.", False),
        ("Vilka företag deltar?", "Stödet riktar sig till arbetsgivare i Uppsala.", False),
        ("Vilka företag deltar?", "Uppsala företag får stöd.", False),  # a kommun, at the start
        ("Vilka föreningar deltar?", "Idrottsföreningen tar emot deltagare.", False),  # no name
        ("Vilka föreningar deltar?", "Föreningen Hela Heby tar emot deltagare.", True),
        ("Vilka skolor deltar?", "Skolan är Sveriges första med praktik.", False),
        ("Vilka grupper prioriteras?", "Vittingeskolan deltar.", False),  # not a NAMED question
        # "Vad heter …?" of anything: a name the question does not give
        ("Vad heter verksamheten för unga?", "Kommunen driver verksamheten Vägval Ungdom.", True),
        ("Vad heter receptionisten?", "En ny receptionist tar emot besökarna.", False),
        ("Vad heter receptionisten?", "Receptionisten på Arbetsförmedlingen hjälper.", False),
        ("Vad heter projektet i Heby?", "Projektet i Heby startar i höst.", False),
    ],
)
def test_names_the_asked_kind(question: str, sentence: str, ok: bool) -> None:
    assert satisfies(AnswerType.NAMED, sentence, question) is ok


@pytest.mark.parametrize(
    ("question", "sentence", "ok"),
    [
        (
            "Vilka kommuner ingår i Familjen Helsingborg?",
            "Familjen Helsingborg består av Bjuv, Båstad och Helsingborg.",
            True,
        ),
        (
            "Vilka kommuner ingår i Familjen Helsingborg?",
            "Helsingborg tar hjälp av de andra kommunerna i Familjen Helsingborg.",
            False,  # only the kommun the question names
        ),
        (
            "Vilka är de andra nio kommunerna i pilotprojektet med Helsingborg?",
            "Helsingborg är en av tio utsedda kommuner i ett pilotprojekt.",
            False,
        ),
        (
            "Vilka fler kommuner ingår i samma samordningsförbund som Vårgårda?",
            "Kommunerna Vårgårda, Herrljunga och Borås bildar samordningsförbundet.",
            True,
        ),
        ("Vilka kommuner har tecknat överenskommelser?", "261 kommuner har tecknat dem.", False),
        (
            "vilka grannkommuner vill tibro samarbeta med?",  # a compound names them too
            "Vi vill jobba tillsammans med Hjo och Karlsborg, säger kommunalrådet.",
            True,
        ),
    ],
)
def test_which_kommuner_is_answered_by_kommuner_the_question_does_not_name(
    question: str, sentence: str, ok: bool
) -> None:
    assert expected_type(question) is AnswerType.KOMMUNER
    assert satisfies(AnswerType.KOMMUNER, sentence, question) is ok


@pytest.mark.parametrize(
    ("question", "sentence", "ok"),
    [
        ("Var ligger jobbtorget i Borlänge?", "Jobbtorget finns på Röda vägen 50.", True),
        ("Var ligger jobbtorget i Borlänge?", "Jobbtorget flyttar in i stadshuset.", True),
        ("Var ligger jobbtorget i Borlänge?", "Jobbtorget har funnits sedan 2012.", False),
        ("Vilken adress har jobbtorget?", "Jobbtorget finns på Röda vägen 50.", True),
        ("Var i Borlänge ska mötesplatsen öppna?", "Den öppnar i Tjärna Ängar i maj.", True),
        ("Var i Borlänge ska mötesplatsen öppna?", "Borlänge kommun öppnar den i maj.", False),
        ("Vart skickar man ansökan?", "Skicka den till Box 801, 781 28 Borlänge.", True),
        ("Vart skickar man ansökan?", "Ansökan skickas till Arbetsförmedlingen.", False),
        # premises the question names itself are no answer to where they are
        ("Var ligger det nya kontoret?", "Det nya kontoret blir större.", False),
        ("Vilken adress har mötesplatsen?", "Mötesplatsen är öppen för alla.", False),
    ],
)
def test_where_is_answered_by_an_address_premises_or_a_place_the_question_does_not_name(
    question: str, sentence: str, ok: bool
) -> None:
    assert expected_type(question) is AnswerType.PLACE
    assert satisfies(AnswerType.PLACE, sentence, question) is ok


@pytest.mark.parametrize(
    "question",
    ["Var ser kommunen störst behov?", "Var det Borlänge som började?", "Hur många var där?"],
)
def test_var_as_was_or_where_in_the_work_asks_for_no_place(question: str) -> None:
    assert expected_type(question) is not AnswerType.PLACE


def test_why_missing_names_the_asked_kind() -> None:
    assert why_missing(AnswerType.NAMED, "Vilka skolor deltar?") == (
        "Underlagen nämner inga skolor vid namn."
    )
    assert why_missing(AnswerType.COUNT, "Hur många?") == AnswerType.COUNT.missing


@pytest.mark.parametrize(
    ("question", "sentence", "ok"),
    [
        ("När skrevs den under?", "I dag har kommunen undertecknat avtalet.", True),
        ("Vilken dag skrevs den under?", "På tisdagen skrevs det under på det.", True),
        ("Vilken dag skrevs den under?", "I dag har kommunen undertecknat avtalet.", True),
        ("Vilken dag skrevs den under?", "Den följs upp vid bestämda tillfällen.", False),
        ("Vilket datum hålls mötet?", "Mötet hålls den 3 maj.", True),
        ("Vilket datum hålls mötet?", "Mötet hålls 2024-05-03.", True),
        ("Vilket datum hålls mötet?", "I dag har kommunen undertecknat avtalet.", False),
        ("Vilket datum hålls mötet?", "Mötet hålls på tisdag.", False),
        ("Vilket år skrevs den under?", "Avtalet skrevs under 2016.", True),
        ("Vilket år skrevs den under?", "På tisdagen skrevs det under på det.", False),
        ("Vilken månad skrevs den under?", "Det skrevs under i november.", True),
        ("Vilken månad skrevs den under?", "Det skrevs under 2016-11-16.", True),
        ("Vilken dag hålls mötet?", "Mötet hålls i morgon.", True),
        ("Vilka år pågår projektet?", "Projektet pågår under åren 2023-2026.", True),
        ("Vilka tider har de öppet?", "Kontoret har öppet måndag–fredag 8:00–16:30.", True),
        ("Vilka tider har de öppet?", "Kontoret har förlängt öppethållande.", False),
        ("Vilka tider har de öppet?", "Efter sommaren har de gemensamt öppethållande nu.", False),
        ("Vilka tider har de öppet?", "Receptionen är öppen klockan 9 till 15.", True),
    ],
)
def test_time_answers_the_asked_unit(question: str, sentence: str, ok: bool) -> None:
    assert satisfies(AnswerType.TIME, sentence, question) is ok


@pytest.mark.parametrize(
    ("question", "sentence", "ok"),
    [
        # a time of another event of the same matter does not say when this one happened
        (
            "Vilket år undertecknade de överenskommelsen?",
            "Uppdraget ligger hos regionen sedan 2017.",
            False,
        ),
        ("Vilket år undertecknade de överenskommelsen?", "Överenskommelsen tecknades 2017.", True),
        ("När skrev Heby på?", "Avtalet undertecknades den 15 november 2016.", True),
        (
            "Vilket datum fattade utskottet beslut?",
            "Den ska senast den 30 oktober 2015 skickas in.",
            False,
        ),
        (
            "Vilket datum fattade utskottet beslut?",
            "Utskottet beslutade den 19 oktober 2015.",
            True,
        ),
        ("När börjar instruktionen att gälla?", "Den träder i kraft den 1 december 2022.", True),
        ("När startade verksamheten?", "Verksamheten invigdes 2014.", False),
        # "klubbas" is decided; "efter årsskiftet" is a point in time
        ("När ska planen klubbas?", "Planen ska beslutas av styrelsen efter årsskiftet.", True),
        ("När ska planen klubbas?", "Planen ska skickas ut efter årsskiftet.", False),
        # no event asked: any time of the asked unit
        ("Vilket år?", "Uppdraget ligger hos regionen sedan 2017.", True),
    ],
)
def test_time_of_an_event_is_a_time_of_that_event(question: str, sentence: str, ok: bool) -> None:
    assert satisfies(AnswerType.TIME, sentence, question) is ok


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Vilken dag skrevs överenskommelsen under?", {"dag"}),
        ("vilken dag i veckan skrevs avtalet under?", {"dag", "veckan"}),
        ("Vilka personer citeras i pressmeddelandet?", {"personer"}),
        ("Vilket parti representerar hon?", {"parti"}),
        ("När ska målgrupperna följas upp?", set()),
        ("Vad är budgeten för samverkan?", set()),  # the budget is the topic too
        ("Vilken satsning får mest pengar, X eller Y?", {"pengar"}),  # "30 miljoner" is it
        ("Vilka skolor deltar?", set()),
    ],
)
def test_kind_words_only_say_what_kind_of_answer(question: str, words: set[str]) -> None:
    assert kind_words(question) == words


def test_why_missing_names_the_asked_unit() -> None:
    assert why_missing(AnswerType.TIME, "Vilket datum hålls mötet?") == (
        "Underlagen anger inget datum."
    )
    assert why_missing(AnswerType.TIME, "När hålls mötet?") == AnswerType.TIME.missing
    assert why_missing(AnswerType.TIME, "Vilka tider har de öppet?") == (
        "Underlagen anger inga tider (klockslag eller veckodagar)."
    )
    # the texts may give a time of another event: none is given of the asked one
    assert why_missing(AnswerType.TIME, "Vilket datum beslutades det?") == (
        "Underlagen anger inget datum för just det."
    )
    assert why_missing(AnswerType.TIME, "När startade projektet?") == (
        "Underlagen anger ingen tidpunkt för just det."
    )


def test_a_heading_run_into_the_next_sentence_is_no_persons_name() -> None:
    # a PDF's heading "Bakgrund" before "Inom Nacka kommun har …": two capitals, no name
    sentence = (
        "Avtal mellan Nacka och Arbetsförmedlingen Bakgrund Inom Nacka kommun har nämnden ansvar."
    )
    assert not satisfies(AnswerType.PERSON, sentence, "Vem skrev under avtalet?")
    assert satisfies(AnswerType.PERSON, "Avtalet skrevs under av Anna Berg.", "Vem skrev under?")


SIGNED = (
    "Marie Wilén (C), kommunalråd i Heby kommun, och Katarina Yng, chef för Arbetsförmedlingen "
    "Norra Västmanland, har skrivit under."
)


@pytest.mark.parametrize(
    ("question", "sentence", "ok"),
    [
        ("Vilket parti representerar Katarina Yng?", SIGNED, False),  # Wilén's (C), not Yng's
        ("Vilket parti representerar Marie Wilén?", SIGNED, True),
        ("Vilket parti tillhör ordföranden?", SIGNED, True),  # no one named: any party
        ("Vilket parti tillhör Anna Berg?", "Anna Berg är moderat sedan 2014.", True),
        ("Vilket parti tillhör Anna Berg?", "Anna Berg och Per Ek (S) deltog.", False),
        ("Vilket parti tillhör Katarina Yng?", "Katarina Yng ersätter Marie Wilén (C).", False),
        ("Vilket parti tillhör Katarina Yng?", "Marie Wilén (C) och Katarina Yng deltog.", False),
        ("Vilket parti tillhör Katarina Yng?", "Moderaten Katarina Yng deltog.", True),
        ("Vilket parti tillhör Katarina Yng?", "Katarina Yng, kommunalråd (M), deltog.", True),
        ("Vilket parti tillhör Katarina Yng?", "Katarina Yng, Moderaterna, deltog.", True),
        ("Vilket parti styr Region Uppsala?", "Socialdemokraterna styr Region Uppsala.", True),
    ],
)
def test_party_of_the_person_asked_about(question: str, sentence: str, ok: bool) -> None:
    assert satisfies(AnswerType.PARTY, sentence, question) is ok


def test_why_missing_names_the_person_asked_about() -> None:
    assert why_missing(AnswerType.PARTY, "Vilket parti representerar Katarina Yng?") == (
        "Underlagen nämner inget parti för Katarina Yng."
    )


def test_a_count_must_stand_near_what_the_question_counts() -> None:
    """A number answers "Hur många X …?" only beside X or another topic word of the question
    (sentences in the style of the corpus, not its questions)."""
    question = "Hur många handledare finns på jobbtorget i Vrigstad?"
    assert satisfies(AnswerType.COUNT, "På jobbtorget arbetar i dag fyra handledare.", question)
    assert satisfies(AnswerType.COUNT, "Antal handledare på jobbtorget: 12", question)
    assert satisfies(AnswerType.COUNT, "Jobbtorget har 5 handledaren anställda.", question)
    assert not satisfies(  # a number, but it counts kommuner
        AnswerType.COUNT, "Samtliga sju kommuner i länet står bakom satsningen.", question
    )
    assert not satisfies(  # beside the place name only
        AnswerType.COUNT, "I Vrigstad bor 2 300 invånare och satsningen är ny.", question
    )
    assert not satisfies(  # beside the place only, named in lower case as typed in a chat
        AnswerType.COUNT,
        "Samtliga fem kommuner i Jämtlands län varnar för att kontoren stängs.",
        "hur många kontor har stängts i jämtland?",
    )
    # How often is no count of handledare, but it answers how many times.
    assert not satisfies(
        AnswerType.COUNT, "Jobbtorget följs upp två gånger om året av handledarna.", question
    )
    assert satisfies(
        AnswerType.COUNT,
        "Jobbtorget följs upp två gånger om året av handledarna.",
        "Hur många gånger om året följs jobbtorget upp?",
    )
    # No countable noun after "hur många": any number still counts, as before.
    assert satisfies(AnswerType.COUNT, "Det var 40 i gruppen.", "Hur många av dem fick jobb?")


def test_a_name_beside_the_asked_role_is_evidence_of_who_holds_it() -> None:
    role = asked_role("Vem är förbundschef för samordningsförbundet i Tierp?")
    assert role == ("förbundschef",)
    assert asked_role("Vem är kommunstyrelsens ordförande i Tierp?") == ("kommunstyr", "ordför")
    assert asked_role("Vem ansvarar för registreringen?") == ()
    said = "Det ska ge stöd i rätt tid, säger den nytillträdde förbundschefen Anna Berg."
    assert names_role(role, said)
    assert not names_role(role, "Förbundschefen ska anställas under hösten.")  # no name
    far = "Anna Berg inledde mötet och sedan talade många om stödet och om förbundschefen."
    assert not names_role(role, far)  # the name stands far from the role
    assert not names_role(role, "Förbundschefen och Region Västernorrland samverkar.")


def test_a_round_count_counts_and_a_decade_does_not() -> None:
    question = "hur mycket folk kom på mötet på jobbtorget?"
    assert satisfies(AnswerType.COUNT, "På mötet fanns ett 100-tal åhörare.", question)
    assert satisfies(AnswerType.COUNT, "På mötet fanns 100-talet åhörare.", question)
    assert not satisfies(AnswerType.COUNT, "Mötet på jobbtorget hölls på 1990-talet.", question)


def test_a_count_the_question_gives_itself_is_no_answer() -> None:
    """ "Hur många av de 300 har fått jobb?" is not answered by "300 av dem"."""
    question = "Hur många av de 300 i modellen har fått jobb?"
    assert not satisfies(
        AnswerType.COUNT, "Men nu ska 300 av dem in i en annan tillvaro.", question
    )
    assert satisfies(AnswerType.COUNT, "Av de 300 har 120 personer fått jobb.", question)


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("Projektperiod: 2008-11-01 till 2011-10-30.", True),
        ("Avtalet gäller 1 mars – 31 december 2021.", True),
        ("Därför förlängs nu uppdraget till den 28 februari 2021.", True),
        ("Avtalet tecknades den 28 februari 2021.", False),
    ],
)
def test_a_period_may_run_from_one_date_to_another(sentence: str, ok: bool) -> None:
    assert satisfies(AnswerType.DURATION, sentence) is ok


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Vad är det senaste samarbetet i Orsa, och hur länge pågår det?",
            ("Vad är det senaste samarbetet i Orsa?", "Hur länge pågår det?"),
        ),
        (
            "Hur mycket satsar Orsa och hur många ska omfattas?",
            ("Hur mycket satsar Orsa?", "Hur många ska omfattas?"),
        ),
        (
            "Vad händer om man säger nej till aktiviteterna, får man behålla bidraget?",
            ("Vad händer om man säger nej till aktiviteterna?", "Får man behålla bidraget?"),
        ),
        (  # how long passed between two events: when each happened
            "Hur länge hade jobbtorget i Orsa funnits när avtalet skrevs under?",
            ("När jobbtorget i Orsa funnits?", "När avtalet skrevs under?"),
        ),
        (
            "hur lång tid hade Orsa på sig från beslutet tills ansökan skulle vara inne?",
            ("När Orsa på sig från beslutet?", "När ansökan skulle vara inne?"),
        ),
        ("Om man har försörjningsstöd, kan man få hjälp av AF?", ()),  # a condition
        ("Vilka kommuner och myndigheter ingår?", ()),  # one question listing two things
        ("Vad gör Orsa och vad?", ()),  # no second question of three words
        ("Vilka grupper prioriteras i Orsa?", ()),
    ],
)
def test_a_question_of_two_parts_is_split_at_the_second_question_word(
    question: str, parts: tuple[str, ...]
) -> None:
    assert two_questions(question) == parts


def test_a_yes_no_question_opens_with_its_verb() -> None:
    assert asks_whether("Har Orsa tecknat en överenskommelse?")
    assert asks_whether("Finns det ett jobbcentrum i Orsa?")
    assert asks_whether("Och är Mora med?")
    assert not asks_whether("Vad har Orsa tecknat?")
    assert not asks_whether("Hur länge gäller avtalet?")


def test_a_time_of_day_is_asked_by_the_clock() -> None:
    """ "Vilken tid på dagen gick pressmeddelandet ut?" is answered by a clock time, not by
    "på tisdagen" nor by the document's date (which has no time of day); when none is
    there, the answer says which is missing."""
    question = "Vilken tid på dagen gick pressmeddelandet om avtalet ut?"
    assert expected_type(question) is AnswerType.TIME
    assert asks_time_of_day(question)
    assert asks_time_of_day("När kom nyheten ut, datum och klockslag?")
    assert not asks_time_of_day("När kom nyheten ut?")
    assert not satisfies(AnswerType.TIME, "På tisdagen skrevs det under.", question)
    assert satisfies(AnswerType.TIME, "Mötet börjar kl. 10.00 i stadshuset.", question)
    assert why_missing(AnswerType.TIME, question) == "Underlagen anger inget klockslag."
    assert "dagen" in kind_words(question)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Vilket nummer ringer man för att nå henne?", AnswerType.CONTACT),
        ("Vilken e-postadress har enheten?", AnswerType.CONTACT),  # no address on a map
        ("Hur når man samordnaren?", AnswerType.CONTACT),
        ("Vilket telefonnummer har växeln?", AnswerType.CONTACT),
        ("vilket faxnummer har kontoret?", AnswerType.CONTACT),
        ("Vilket nummer har bilagan?", None),  # a document's number, not how to reach someone
        ("Vilken adress har kontoret?", AnswerType.PLACE),
        ("var ligger jobbtorget?", AnswerType.PLACE),
        ("var har orsa fått pengarna ifrån till projektet?", None),  # whence: a source
        ("Var kommer pengarna från?", None),
    ],
)
def test_how_to_reach_someone_asks_for_a_phone_number_or_an_e_mail(
    question: str, kind: AnswerType | None
) -> None:
    assert expected_type(question) is kind


def test_the_medium_asked_decides_what_reaches_someone() -> None:
    line = "Tel 0480-45 00 00 vx │ Fax 480-45 00 47│[email protected]"
    assert not satisfies(AnswerType.CONTACT, line, "Vilken e-postadress har enheten?")
    assert satisfies(AnswerType.CONTACT, line, "vilket faxnummer har enheten?")
    assert satisfies(AnswerType.CONTACT, line, "Hur når man enheten?")
    mail = "E-post: eva.lind@orsa.se."
    assert satisfies(AnswerType.CONTACT, mail, "Vilken mejladress har hon?")
    assert not satisfies(AnswerType.CONTACT, mail, "Vilket nummer når man henne på?")


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("Telefonnummer: 063-14 31 17.", True),
        ("Växel 0480-45 00 00", True),
        ("Ring 08-123 456 78.", True),
        ("E-post: info@orsa.se", True),
        ("Kontaktperson: Anna Berg.", False),
        ("Adress Box 611, 391 26 Kalmar", False),  # a postcode is no phone number
        ("Överenskommelsen gäller 2015-12-23 till 2017-12-31.", False),
        ("Förordning (2015:502) om samverkan", False),
    ],
)
def test_a_contact_is_a_phone_number_or_an_e_mail_address(sentence: str, ok: bool) -> None:
    assert satisfies(AnswerType.CONTACT, sentence, "Hur når man henne?") is ok
