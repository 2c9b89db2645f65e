"""The expected answer type: which questions ask for a number, a period, a time or a name,
and which sentences can hold one."""

import pytest

from assistant.answer_types import AnswerType, expected_type, satisfies


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hur många personer ska anställas med OSA i Uppsala under 2024?", AnswerType.COUNT),
        ("Vad är antalet deltagare?", AnswerType.COUNT),
        ("Hur många år gäller avtalet?", AnswerType.DURATION),
        ("Hur länge gäller överenskommelsen?", AnswerType.DURATION),
        ("Vad är giltighetstiden för avtalet?", AnswerType.DURATION),
        ("Vad är budgeten för samverkan?", AnswerType.AMOUNT),
        ("Vad kostar överenskommelsen för Heby kommun?", AnswerType.AMOUNT),
        ("What is the budget of the Heby agreement?", AnswerType.AMOUNT),
        ("När ska målgrupperna följas upp?", AnswerType.TIME),
        ("Och när skrevs den under?", AnswerType.TIME),
        ("Vilken dag skrevs överenskommelsen under?", AnswerType.TIME),
        ("vem skrev på avtalet i heby", AnswerType.PERSON),
        ("Who signed the Heby agreement?", AnswerType.PERSON),
        ("Vilka personer skrev under avtalet?", AnswerType.PERSON),
        ("Vilka personer citeras i pressmeddelandet?", AnswerType.SPEAKER),
        ("Vem citeras om skolor i Heby?", AnswerType.SPEAKER),
        ("Vilka uttalar sig om målgrupperna?", AnswerType.SPEAKER),
        ("Vilka kommer till tals i Uppsala?", AnswerType.SPEAKER),
        ("Who is quoted in the press release?", AnswerType.SPEAKER),
        ("Vilket parti representerar hon?", AnswerType.PARTY),
        ("Which party does she represent?", AnswerType.PARTY),
        ("Vilka grupper prioriteras i Heby?", None),
        # "när det gäller" is not a question about time
        ("Vilken målsättning finns när det gäller ekonomiskt bistånd?", None),
        ("Vad står OSA för?", None),
    ],
)
def test_expected_type(question: str, kind: AnswerType | None) -> None:
    assert expected_type(question) is kind


@pytest.mark.parametrize(
    ("kind", "sentence", "ok"),
    [
        (AnswerType.COUNT, "Kommunen ska anställa 25 personer med OSA.", True),
        (AnswerType.COUNT, "Målet är att tre av fyra ska ha arbete.", True),
        (AnswerType.COUNT, "Kommunen ska anställa fler långtidsarbetslösa (OSA).", False),
        (AnswerType.COUNT, "Under 2024 ska fler anställas.", False),  # a year is no count
        (AnswerType.COUNT, "Det gäller 2016-11-16.", False),
        (AnswerType.AMOUNT, "Budgeten är 4,5 miljoner kronor.", True),
        (AnswerType.AMOUNT, "Samverkan ska använda resurserna mer effektivt.", False),
        (AnswerType.DURATION, "Överenskommelsen gäller tills vidare.", True),
        (AnswerType.DURATION, "Avtalet gäller till och med 2026.", True),
        (AnswerType.DURATION, "Avtalet löper under tre år.", True),
        (AnswerType.DURATION, "Perioden är 2016–2018.", True),
        (AnswerType.DURATION, "Överenskommelsen skrevs under av båda parterna.", False),
        (AnswerType.TIME, "På tisdagen skrevs det under på det.", True),
        (AnswerType.TIME, "Den följs upp vid bestämda tillfällen.", True),
        (AnswerType.TIME, "Avtalet undertecknades den 3 maj.", True),
        (AnswerType.TIME, "Målet är fler kvinnor i arbete.", False),
        (AnswerType.PERSON, "Det undertecknades av Marie Wilén (C) och Katarina Yng.", True),
        (AnswerType.PERSON, "På tisdagen skrevs det under på det.", False),
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
