from collections import Counter

import pytest

from assistant import gazetteer

PER_LAN = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5,
    "12": 33, "13": 6, "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7,
    "23": 8, "24": 15, "25": 14,
}  # fmt: skip


def test_all_290_kommuner_and_21_lan() -> None:
    kommuner = gazetteer.kommuner()
    assert len(kommuner) == 290
    assert len({k.code for k in kommuner}) == 290
    assert len({k.name for k in kommuner}) == 290
    assert len(gazetteer.lan()) == 21
    assert Counter(k.lan_code for k in kommuner) == PER_LAN
    for k in kommuner:
        assert len(k.code) == 4 and k.code.isdigit() and k.code[:2] == k.lan_code
        assert k.lan.endswith(" län")


@pytest.mark.parametrize(
    ("name", "code", "lan"),
    [
        ("Heby", "0331", "Uppsala län"),  # moved from Västmanlands län in 2007
        ("Stockholm", "0180", "Stockholms län"),
        ("Göteborg", "1480", "Västra Götalands län"),
        ("Malmö", "1280", "Skåne län"),
        ("Uppsala", "0380", "Uppsala län"),
        ("Gotland", "0980", "Gotlands län"),
        ("Kiruna", "2584", "Norrbottens län"),
        ("Umeå", "2480", "Västerbottens län"),
        ("Örebro", "1880", "Örebro län"),
        ("Sala", "1981", "Västmanlands län"),
        ("Enköping", "0381", "Uppsala län"),
        ("Älvkarleby", "0319", "Uppsala län"),
        ("Örnsköldsvik", "2284", "Västernorrlands län"),
        ("Håbo", "0305", "Uppsala län"),
        ("Malung-Sälen", "2023", "Dalarnas län"),
    ],
)
def test_known_codes(name: str, code: str, lan: str) -> None:
    kommun = gazetteer.kommun_by_name(name)
    assert kommun is not None and (kommun.code, kommun.lan) == (code, lan)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Vilka grupper prioriteras i Heby?", ["Heby"]),
        ("Vilka målgrupper är särskilt prioriterade i Uppsala?", ["Uppsala"]),
        ("vilka grupper prioriteras i sala", ["Sala"]),
        ("Jämför Heby och Uppsala", ["Heby", "Uppsala"]),
        ("Hebys kommun och Uppsalas politiker", ["Heby", "Uppsala"]),
        ("Vad ska det vara?", []),
        ("den första i sitt slag i Uppsalas och Västmanlands län", []),
        ("Region Uppsala ansvarar för vården", []),
        ("Upplands Väsby", ["Upplands Väsby"]),
        ("Salabacke och Hebygatan", []),
        ("Mark är viktig, men i Mark kommun bor många", ["Mark"]),
        ("Jag bor i Vara.", ["Vara"]),
    ],
)
def test_find_kommuner(text: str, names: list[str]) -> None:
    assert [k.name for k in gazetteer.find_kommuner(text)] == names


def test_find_lan_in_coordinated_phrase() -> None:
    found = gazetteer.find_lan("den första i sitt slag i Uppsalas och Västmanlands län")
    assert [x.name for x in found] == ["Uppsala län", "Västmanlands län"]
    assert [x.code for x in gazetteer.find_lan("i Stockholms län")] == ["01"]
    assert {k.name for k in gazetteer.kommuner_in_lan("03")} >= {"Heby", "Uppsala", "Knivsta"}
