"""Metadata: derived from the text when no sidecar says otherwise, always correctable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import DocumentError
from assistant.ingest.documents import find_parties, guess_doc_type, load_document
from tests.conftest import CORPUS


@pytest.mark.parametrize(
    ("name", "title", "kommun", "date", "doc_type"),
    [
        (
            "heby-2016-11-16-samarbete-arbetsformedlingen.txt",
            "Heby går i bräschen för samarbete",
            "Heby",
            "2016-11-16",
            "nyhetsartikel",
        ),
        (
            "uppsala-samverkan-arbetsformedlingen.txt",
            "Samverkan ska ge bättre stöd för etablering i arbetslivet",
            "Uppsala",
            "",
            "pressmeddelande",
        ),
    ],
)
def test_seed_metadata_derived_without_sidecar(
    tmp_path: Path, name: str, title: str, kommun: str, date: str, doc_type: str
) -> None:
    copy = shutil.copy(CORPUS / name, tmp_path / name)
    meta = load_document(Path(copy)).meta
    assert (meta.title, meta.kommuner, meta.date, meta.doc_type) == (
        title, (kommun,), date, doc_type
    )  # fmt: skip
    assert meta.region == "" and not meta.national


def test_kommun_is_the_party_not_a_passing_mention(tmp_path: Path) -> None:
    doc = tmp_path / "avtal.md"
    doc.write_text(
        "# Lokal överenskommelse om samverkan\n\n"
        "Denna överenskommelse är tecknad mellan Sala kommun och Arbetsförmedlingen, "
        "nedan kallade parterna. Liknande avtal finns i Uppsala, Uppsala och Västerås.\n\n"
        "§ 1 Avtalstid: överenskommelsen gäller från den 3 mars 2021.",
        encoding="utf-8",
    )
    meta = load_document(doc).meta
    assert meta.kommuner == ("Sala",)  # the party, not the places named in passing
    assert meta.parties == "Sala kommun och Arbetsförmedlingen"
    assert meta.doc_type == "överenskommelse"
    assert (meta.date, meta.valid_from) == ("", "2021-03-03")  # a validity, not a signing date


def test_overrides_win_and_are_validated(tmp_path: Path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text("Samverkan i Heby om unga vuxna.", encoding="utf-8")
    meta = load_document(doc, {"kommun": "enköping", "date": "16 november 2016"}).meta
    assert (meta.kommuner, meta.date) == (("Enköping",), "2016-11-16")
    with pytest.raises(DocumentError) as info:
        load_document(doc, {"kommun": "Atlantis"})
    assert "ingen svensk kommun" in info.value.user_message
    with pytest.raises(DocumentError) as info:
        load_document(doc, {"doc_type": "roman"})
    assert "Okänd dokumenttyp" in info.value.user_message


def test_sidecar_metadata(tmp_path: Path) -> None:
    doc = tmp_path / "sala.txt"
    doc.write_text("Text om samverkan.", encoding="utf-8")
    (tmp_path / "sala.meta.yaml").write_text(
        "title: Avtal Sala\nkommun: Sala\ndate: 2021-03-03\ndoc_type: överenskommelse\n",
        encoding="utf-8",
    )
    meta = load_document(doc).meta
    assert (meta.title, meta.kommuner, meta.date, meta.doc_type) == (
        "Avtal Sala", ("Sala",), "2021-03-03", "överenskommelse"
    )  # fmt: skip


def test_parties_and_type_patterns() -> None:
    assert find_parties("I dag har Uppsala kommun och Arbetsförmedlingen undertecknat") == (
        "Uppsala kommun och Arbetsförmedlingen"
    )
    assert find_parties("Inga parter nämns här.") == ""
    assert guess_doc_type("Pressmeddelande: Ny samverkan", "") == "pressmeddelande"
    assert guess_doc_type("Protokoll", "Mötet öppnades.") == "protokoll"
    assert guess_doc_type("Om oss", "Välkommen till vår verksamhet.") == "annat"
