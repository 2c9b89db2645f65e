from pathlib import Path

import pytest

from assistant.answering.matching import canonical, damerau, found, misspelt
from assistant.answering.topics import (
    RARE_WORD_FLOOR,
    coverage,
    coverages,
    labelled,
    topic_stems,
    topic_weights,
)
from assistant.swedish import content_stems, split_sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def covers(question: str, sentence: str) -> float:
    """How the answerer scores a sentence for a question (topic words only)."""
    return coverage(topic_stems(question), content_stems(sentence, verbs=True))


def matches(question_word: str, sentence_word: str) -> bool:
    q = canonical(content_stems(question_word, verbs=True))
    have = frozenset(canonical(content_stems(sentence_word, verbs=True), keep=True))
    return all(found(stem, have) for stem in q)


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("insatser", "insats"),  # the stemmer gives "insats" and "insat"
        ("insats", "insatser"),
        ("programmet", "program"),  # a doubled consonant before the ending
        ("biståndet", "bistånd"),
        ("aktivitetsansvar", "aktivitetsansvaret"),
        ("nyanlända", "nyanländ"),
    ],
)
def test_singular_and_plural_match(asked: str, written: str) -> None:
    assert matches(asked, written)


def test_a_word_matches_inside_a_compound_but_not_the_other_way_alone() -> None:
    assert matches("ersättning", "arbetslöshetsersättning")
    # A question about youth unemployment is not answered by unemployment in general …
    assert not matches("ungdomsarbetslöshet", "arbetslösheten")
    # … but a sentence that names both parts of the compound is about it.
    assert covers("ungdomsarbetslöshet", "Arbetslösheten bland unga har sjunkit.") == 1.0
    assert covers("ungdomsarbetslöshet", "Arbetslösheten bland ungdomar har sjunkit.") == 1.0
    assert not matches("ung", "ungefär")  # a short word never inside another


def test_two_swapped_letters_are_a_typo() -> None:
    assert damerau("samordning", "samrodning") == 1
    assert matches("samrodningsförbundet", "samordningsförbundet")
    assert matches("aktivitetsasnvaret", "aktivitetsansvaret")
    # a swap that keeps the stemmer from taking the ending off: "samordningsförbudnet"
    assert matches("samordningsförbudnet", "samordningsförbund")
    assert matches("försäkringsklassan", "Försäkringskassan")  # one edit, 17 letters


def test_edit_distance_has_limits() -> None:
    assert not misspelt("kommun", "kommer")  # the stems kommun / komm, and two edits
    assert not matches("kommun", "kommer")
    assert not misspelt("stöd", "ströd")  # short words are never fuzzy
    assert not misspelt("lön", "lån")
    assert not misspelt("insats", "insets")  # 6 letters: a swap only, not another letter
    assert misspelt("insats", "isnats")
    assert not misspelt("arbetslös", "arbetssök")  # two edits are never a typo
    assert not misspelt("arbetsgiv", "arbetsliv")  # one edit needs 10 letters
    assert not misspelt("landet", "bandet")  # the first letter is never the slip
    assert not misspelt("2015-2016", "2016-2015")  # numbers are never fuzzy


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("AF", "Arbetsförmedlingen"),
        ("unga", "ungdomar"),
        ("försörjningsstöd", "ekonomiskt bistånd"),
        ("DUA", "Delegationen för unga och nyanlända till arbete"),
        ("KAA", "det kommunala aktivitetsansvaret"),
        ("sfi", "svenska för invandrare"),
        ("SKR", "Sveriges Kommuner och Regioner"),
        ("KS", "kommunstyrelsen"),
        ("ordf", "ordförande"),
        ("avtalen", "överenskommelserna"),
        ("betalar", "finansieras"),
    ],
)
def test_synonyms_match_both_ways(one: str, other: str) -> None:
    assert covers(one, other) == 1.0
    assert covers(other, one) == 1.0


def test_an_abbreviation_in_a_hyphenated_compound_matches_the_written_out_form() -> None:
    # "ks-ordförande" is the chair of the kommunstyrelse, as a press release writes it out
    assert covers("vem är ks-ordförande?", "säger Anna Berg, kommunstyrelsens ordförande.") == 1.0


def test_the_everyday_word_for_an_agreement_also_matches_inside_compounds() -> None:
    # "avtal" names the group, so the formal word in a question finds the compound too
    sentence = "Samverkansavtalen gäller i två år."
    assert covers("Vad säger överenskommelserna?", sentence) == 1.0
    assert covers("Vad säger avtalen?", sentence) == 1.0


def test_a_phrase_synonym_matches_in_any_inflection() -> None:
    assert covers("Vem får försörjningsstöd?", "De som har ekonomiska biståndet.") == 1.0
    assert covers("Vem får ekonomiskt bistånd?", "Hushåll med försörjningsstödet.") == 1.0
    # the phrase is one topic: "ekonomiskt" alone is not "försörjningsstöd"
    assert covers("Vem får försörjningsstöd?", "Ett ekonomiskt stöd ges.") == 0.0
    # a sentence's phrase still holds its own words ("kommuner" in SKR's name)
    sentence = "Roy Rall, chef på Sveriges Kommuner och Regioner."
    assert covers("Vad säger SKR om kommunerna?", sentence) == 1.0


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("kommun", "kommer"),
        ("region", "religion"),
        ("arbetslös", "arbetssökande"),
        ("arbetsgivare", "arbetslivet"),
        ("sammanfattning", "sammansättning"),
        ("perspektiv", "respektive"),
        ("kassan", "Hassan"),
        ("landet", "bandet"),
        ("kontakt", "kontrakt"),
        ("lokal", "lokaler"),  # short: no fuzzy rule reaches it, the stemmer joins it anyway
        ("unga", "ungefär"),
        ("AF", "affär"),
        ("DUA", "duktig"),
        ("sfi", "sfinx"),
        ("projektet", "projektledare"),
    ],
)
def test_false_matches_are_refused(asked: str, written: str) -> None:
    if asked == "lokal":
        assert matches(asked, written)  # the one pair here that is one word
        return
    assert not matches(asked, written)


def test_a_synonym_question_covers_a_real_corpus_sentence() -> None:
    text = (CORPUS / "12-helsingborg-samarbete-forsorjningsstod.txt").read_text(encoding="utf-8")
    sentence = next(
        s
        for s in split_sentences(text.replace("\n", " "))
        if "försörjningsstöd" in s and "Arbetsförmedlingen" in s and "träff" in s
    )
    question = "Får arbetslösa med ekonomiskt bistånd träffa AF?"
    before = {"arbetslös", "träff"}  # what exact stems found: 2 of the 4 topic words
    assert set(topic_stems(question)) & set(content_stems(sentence, verbs=True)) == before
    assert covers(question, sentence) == 1.0


def test_a_topic_word_every_sentence_shares_weighs_least_and_an_absent_one_most() -> None:
    # Of 10 sentences: the first word is in all, the second in one, the third in none.
    common, rare, absent = topic_weights([10, 1, 0], 10)
    assert common == pytest.approx(RARE_WORD_FLOOR, abs=0.05)
    assert rare == absent == 1.0


def test_the_sentence_with_the_rare_topic_word_covers_more_of_the_question() -> None:
    """In Heby's press release most sentences name Arbetsförmedlingen and one says which
    areas are prioritised: counted alike, each covers one of the question's three topic
    words; weighted by rarity, the prioritised areas cover more."""
    text = (CORPUS / "heby-2016-11-16-samarbete-arbetsformedlingen.txt").read_text(encoding="utf-8")
    sentences = split_sentences(text.replace("\n", " "))
    priorities = next(s for s in sentences if "prioriterade områden" in s)
    signing = next(s for s in sentences if "skrivit under" in s and "Arbetsförmedlingen" in s)
    question = "Vilka grupper prioriteras i överenskommelsen med Arbetsförmedlingen i Heby?"
    q = topic_stems(question, frozenset({"heby"}))

    def unweighted(sentence: str) -> float:
        return coverage(q, content_stems(sentence, verbs=True))

    assert unweighted(priorities) == unweighted(signing)  # counted alike: a tie
    weighted = dict(
        zip(sentences, coverages(q, [content_stems(s, verbs=True) for s in sentences]), strict=True)
    )
    assert weighted[priorities] > weighted[signing]


def test_a_capital_letter_after_a_word_is_a_label_that_matches_only_itself() -> None:
    assert labelled("Vilka ingår i målgrupp B i Vänersborg?") == ["#b"]
    assert labelled("Bilaga C och alternativ A gäller.") == ["#c", "#a"]
    # not a label: a name, a word of its own, a hyphenated word, a sentence's first word
    assert labelled("I Vänersborg finns en A-kassa och Arbetsförmedlingen.") == []
    assert not found("#b", frozenset(["#a", "målgrupp"]))
    assert found("#b", frozenset(["#b"]))


def test_a_hyphen_left_by_a_pdf_line_break_does_not_split_the_word() -> None:
    """The corpus's Sundsvall report writes "sam-ordnare" and "informat-ion" (its PDF's line
    breaks); asked "samordnare", the word is found. A real hyphen in the question stays."""
    sentence = "Elin Brännström och Ulrika Larsson har varit sam-ordnare och projektledare."
    have = frozenset(canonical(content_stems(sentence, verbs=True), keep=True))
    [asked] = content_stems("samordnare", verbs=True)
    assert found(asked, have)
    assert not found(asked, frozenset(canonical(content_stems("ordnare och samråd"), keep=True)))
