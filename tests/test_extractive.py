"""Pure parts of the extractive answerer."""

from assistant.extractive import complete_clipped

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
