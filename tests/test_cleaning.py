from assistant.ingest.cleaning import clean_text
from tests.conftest import CORPUS


def _clean(name: str) -> str:
    return clean_text((CORPUS / name).read_text(encoding="utf-8"))


def test_heby_furniture_removed_and_content_kept() -> None:
    text = _clean("heby-2016-11-16-samarbete-arbetsformedlingen.txt")
    assert "Så jobbar vi med nyheter" not in text
    assert "Foto:" not in text
    assert "Heby2016-11-16 18:39" not in text
    assert text.count("Överens. Marie Wilén (C)") == 1  # the caption appeared twice
    assert "fyra prioriterade områden: kompetenshöjning i kommunsektorn" in text
    assert text.rstrip().endswith("få riktiga jobb, säger Marie Wilén.")


def test_uppsala_press_room_trailer_removed() -> None:
    text = _clean("uppsala-samverkan-arbetsformedlingen.txt")
    for furniture in (
        "Uppsala kommunUppsala kommun",
        "Abonnera på våra pressmeddelanden",
        "Besök vårt pressrum",
        "Nyckelord",
        "753 75 Uppsala",
        "https://www.uppsala.se/",
        "Sveriges fjärde största stad",
    ):
        assert furniture not in text, furniture
    assert "\nDela\n" not in text
    assert "kvinnor födda utanför Europa" in text
    assert "säger Maria Haglund, enhetschef för Arbetsförmedlingen i Uppsala län." in text


def test_marker_in_first_half_is_not_a_trailer() -> None:
    raw = "Titel\n\nOm\n\n" + "En lång mening om samverkan i kommunen. " * 20
    assert "samverkan" in clean_text(raw)


def test_a_sentence_wrapped_at_hard_line_breaks_is_one_paragraph_again() -> None:
    """The corpus's press release wraps its lead at about 80 characters, blank lines and all
    in PDF copies: one sentence, not a heading and two fragments."""
    text = _clean("12-helsingborg-samarbete-forsorjningsstod.txt")
    assert (
        "I november inleder Helsingborgs stad och Arbetsförmedlingen ett nytt samarbete kring "
        "arbetslösa helsingborgare som har försörjningsstöd. De arbetslösa ska få en gemensam "
        "kontakt med kommunen och arbetsförmedlingen för att komma snabbaste vägen från bidrag "
        "till jobb." in text
    )
    blank = clean_text(
        "... undertecknade Kalmar kommun och arbetsförmedlingen en\n\navsiktsförklaring om "
        "samverkan.\n\nNästa stycke."
    )
    assert blank.split("\n\n")[0].endswith("arbetsförmedlingen en avsiktsförklaring om samverkan.")


def test_short_lines_of_a_list_stay_apart() -> None:
    """A short line without punctuation is a heading or a list item: the next line in lower
    case does not continue it."""
    text = clean_text("Insatser\n\nspråkutbildning\n\nstudier och praktik\n\nMer text här.")
    assert text.split("\n\n") == [
        "Insatser",
        "språkutbildning",
        "studier och praktik",
        "Mer text här.",
    ]


def test_table_cells_glued_together_are_read_as_a_label_and_its_value() -> None:
    """A web page's fact table, copied as text, lost the space between label and value."""
    text = _clean("22-ostersund-navigatorcentrum.txt")
    for row in (
        "Kontaktperson: Håkan Printz.",
        "Beviljat ESF-stöd: 6 281 132 kr.",
        "Projektperiod: 2008-11-01 till 2011-10-30.",
        "E-post: hakan.printz@ostersund.se.",  # an address glued to its label
    ):
        assert f"\n\n{row}\n\n" in text, row
    assert "KontaktpersonHåkan" not in text
    # brand names and ordinary lines are left alone
    for line in ("Filmen finns på YouTube", "Pressmeddelande från MyNewsdesk", "Målgrupp B"):
        assert clean_text(line) == line


def test_a_form_label_and_its_value_on_the_next_line_are_one_sentence() -> None:
    """A tjänsteskrivelse's header puts each label above its value; a heading above a list
    item or a paragraph is no label."""
    text = _clean("01-kalmar-dua-tjansteskrivelse.txt").split("\n\n")
    for row in (
        "Handläggare: Ann-Mari Nilsson.",
        "Datum: 2015-10-19.",
        "Ärendebeteckning: KS 2015/0548.",
    ):
        assert row in text, row
    assert "TJÄNSTESKRIVELSE" in text  # the document's kind, in capitals, is no label
    plain = clean_text(
        "Bakgrund\n\nDen 16 juni 2015 undertecknade Kalmar kommun och "
        "arbetsförmedlingen en avsiktsförklaring om samverkan."
    )
    assert plain.startswith("Bakgrund\n\n")


def test_a_line_ending_on_a_word_no_sentence_ends_on_goes_on_into_the_next() -> None:
    """ "… godkänner att lokal överenskommelse mellan" / "Kalmar kommun och …": the next line
    opens with a name, but "mellan" ends no sentence."""
    text = _clean("01-kalmar-dua-tjansteskrivelse.txt")
    assert (
        "godkänner att lokal överenskommelse mellan Kalmar kommun och arbetsförmedlingen "
        "skickas till DUA" in text
    )
    # a heading in capitals after such a line stays apart
    assert clean_text(
        "Lokal överenskommelse mellan Kalmar kommun och de andra\n\nTJÄNSTESKRIVELSE"
    ).endswith("\n\nTJÄNSTESKRIVELSE")


def test_a_table_of_contents_becomes_one_paragraph() -> None:
    """The corpus's annex lists its sections with dot leaders and pages, a PDF copy runs them
    into one line after its page header: each becomes one paragraph, "Innehåll: …"."""
    text = _clean("02-trollhattan-vanersborg-grastorp-verksamhet-i-samverkan.txt")
    assert "... " not in text and "\n\nInnehåll\n\n" not in text
    assert (
        "\n\nInnehåll: Beskrivning av målgruppen (sida 2); Kartläggning av målgruppens behov "
        "(sida 2); Organisering av samverkan (sida 3);" in text
    )
    assert "Uppföljning av samverkan (sida 20).\n\nBeskrivning av målgruppen\n\n" in text
    one_line = _clean("06-eskilstuna-dua-socioekonomisk-analys.txt")
    assert "\n\nInnehåll: Inledning (sida 3); Evidensbaserade metoder" in one_line
    assert "Diarienummer 2 (15)" not in one_line  # the page header before it
    assert (
        clean_text("Det kostar 5 miljoner.\n\nRustande insatser ... 7")
        == "Det kostar 5 miljoner.\n\nInnehåll: Rustande insatser (sida 7)."
    )


def test_an_image_file_name_glued_to_a_line_is_furniture() -> None:
    """ "A08_6.jpg– Det är …": without the file name the quotation's dash opens the line, so
    the quotation is read as one (with who says it)."""
    text = _clean("16-goteborg-nyanlanda-overenskommelse.txt")
    assert ".jpg" not in text
    assert "\n\n– Det är ett framgångskoncept" in text
    assert "\n\nProjektledaren finansieras gemensamt av parterna." in text
