from datetime import date

from assistant.swedish import char_grams, content_stems, parse_date, split_sentences, words


def test_words_keep_swedish_letters() -> None:
    assert words("Älvkarleby och Örnsköldsvik, Håbo!") == [
        "älvkarleby",
        "och",
        "örnsköldsvik",
        "håbo",
    ]


def test_stems_join_inflections_and_drop_stop_words() -> None:
    assert content_stems("prioriteras") == content_stems("prioriterade")
    assert content_stems("målgrupper") == content_stems("målgrupp")
    assert content_stems("och i det som är") == []


def test_sentences_split_but_not_after_abbreviations() -> None:
    text = (
        "Insatser är t.ex. arbetsträning. Här är målet att fler kvinnor deltar! – Bra, säger hon."
    )
    assert split_sentences(text) == [
        "Insatser är t.ex. arbetsträning.",
        "Här är målet att fler kvinnor deltar!",
        "– Bra, säger hon.",
    ]


def test_dates_iso_and_swedish() -> None:
    assert parse_date("Heby2016-11-16 18:39") == date(2016, 11, 16)
    assert parse_date("undertecknades den 16 november 2016 i Heby") == date(2016, 11, 16)
    assert parse_date("den 3 Mars 2021") == date(2021, 3, 3)
    assert parse_date("2016-13-45 är inget datum") is None
    assert parse_date("inget datum här") is None


def test_strong_verb_forms_share_one_stem() -> None:
    # The stemmer alone gives skrev / skrivit / skriv: a question's "skrev" would miss
    # "har skrivit under".
    forms = "skrev skrevs skrivit skriven skriver skriva"
    assert set(content_stems(forms, verbs=True)) == {"skriv"}
    assert len(set(content_stems(forms))) == 3  # what the stemmer alone gives
    assert set(content_stems("fick fått får", verbs=True)) == {"få"}
    assert set(content_stems("tog tagit tar", verbs=True)) == {"ta"}
    # forms that are also common other words are not taken for verbs
    low, lie = content_stems("låg arbetslöshet", verbs=True), content_stems("ligga", verbs=True)
    assert low[0] != lie[0]


def test_character_grams_frame_each_meaningful_word() -> None:
    assert char_grams("om lön") == ["#lön#"]  # "om" is a stop word; a short word is one gram
    assert char_grams("Ersättning") == [
        "#ersä",
        "ersät",
        "rsätt",
        "sättn",
        "ättni",
        "ttnin",
        "tning",
        "ning#",
    ]
    inside = set(char_grams("arbetslöshetsersättning")) & set(char_grams("ersättning"))
    assert inside == {"ersät", "rsätt", "sättn", "ättni", "ttnin", "tning", "ning#"}


def test_function_words_as_typed_in_a_chat_are_no_topic() -> None:
    assert content_stems("Har Orsa nån överenskommelse o sånt med AF, mkt pengar?") == (
        content_stems("Har Orsa överenskommelse med AF, pengar?")
    )
