"""The admin tab: safe upload names and its tables as pure functions, then the whole round
trip in real Chromium against ``app.py`` with an admin configured: log in, upload a batch,
ask about it in the chat, correct it, delete it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from assistant.index.store import StoredDocument
from assistant.ingest.pipeline import IngestResult
from assistant.records import DocumentMeta
from assistant.settings import load_settings
from assistant.web.admin import LOGIN_FAILED, credentials_ok
from assistant.web.admin_tables import document_rows, result_rows, summary
from assistant.web.admin_uploads import safe_filename, stage_uploads
from assistant.web.chat import ALL_KOMMUNER
from tests.documents_factory import make_docx, make_pdf
from tests.test_web import (
    ANSWER_TIMEOUT_MS,
    RunningApp,
    app_env,
    ask,
    browser,  # noqa: F401 (a fixture, shared)
    choose_kommun,
    free_port,
    serve_app,
)

ADMIN = "admin"
PASSWORD = "Hemligt-lösen-42"
SALA_TITLE = "Överenskommelse om samverkan i Sala"
SALA_PRIORITIES = (
    "De prioriterade grupperna i Sala är unga utan gymnasieexamen och "
    "långtidsarbetslösa över 55 år."
)
SALA_QUESTION = "Vilka grupper prioriteras i Sala?"
BAD_PDF_REASON = "Filen heter .pdf men är inte en PDF (den ser ut att vara HTML)."


# --- safe names for uploaded files ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Överenskommelse Sala.pdf", "Överenskommelse Sala.pdf"),  # å/ä/ö and spaces kept
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Avtal Heby.docx", "Avtal Heby.docx"),
        ("..", "dokument"),
        (".pdf", "dokument.pdf"),
        (".dold fil.md", "dold fil.md"),
        ("Avtal: <Heby> & Tierp?.pdf", "Avtal_ _Heby_ _ Tierp.pdf"),
        ("Sa\u0308la avtal.txt", "Säla avtal.txt"),  # macOS spells ä as a + ring: composed
        ("Avtal\tv1.2  slutlig", "Avtal v1.2 slutlig"),
        ("rad\nbrytning.html", "rad brytning.html"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_long_names_are_cut_but_keep_their_type() -> None:
    safe = safe_filename("ö" * 300 + ".docx")
    assert len(safe) == 120 and safe.endswith("ö.docx")


def test_uploads_are_copied_under_unique_safe_names(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "Avtal Sala.txt").write_text("Första", encoding="utf-8")
    (second / "Avtal Sala.txt").write_text("Andra", encoding="utf-8")
    (second / "Avtal #3.txt").write_text("Tredje", encoding="utf-8")
    folder = tmp_path / "staged"
    folder.mkdir()
    staged = stage_uploads(
        [first / "Avtal Sala.txt", second / "Avtal Sala.txt", second / "Avtal #3.txt"], folder
    )
    assert [s.path.name for s in staged] == ["Avtal Sala.txt", "Avtal Sala-2.txt", "Avtal _3.txt"]
    assert [s.renamed for s in staged] == [False, True, True]
    assert [s.path.read_text(encoding="utf-8") for s in staged] == ["Första", "Andra", "Tredje"]
    assert all(s.path.parent == folder for s in staged)


# --- login and tables -----------------------------------------------------------------------


def test_credentials_must_match_exactly(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, admin_user=ADMIN, admin_password=PASSWORD)
    assert credentials_ok(settings, ADMIN, PASSWORD)
    assert not credentials_ok(settings, ADMIN, PASSWORD.lower())
    assert not credentials_ok(settings, "Admin", PASSWORD)
    assert not credentials_ok(settings, ADMIN, "")
    off = load_settings(data_dir=tmp_path, admin_user="", admin_password="")
    assert not credentials_ok(off, "", "")  # no credentials configured: nobody gets in


def test_results_say_per_file_what_happened_in_swedish(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "Avtal #2.pdf").write_bytes(b"%PDF")
    (tmp_path / "tom.txt").write_bytes(b"")
    staged = stage_uploads([tmp_path / "Avtal #2.pdf", tmp_path / "tom.txt"], folder)
    results = [
        IngestResult(staged[0].path, "added", "avtal-_2", 3),
        IngestResult(staged[1].path, "rejected", reason="Filen är tom."),
    ]
    assert result_rows(results, staged) == [
        ["Avtal #2.pdf", "tillagd", 3, "avtal-_2", "", "Filnamnet ändrades till »Avtal _2.pdf«."],
        ["tom.txt", "avvisad", "", "", "", "Filen är tom."],
    ]
    assert summary(results) == "2 filer: tillagd 1, avvisad 1."
    assert summary([]) == "Inga filer lästes in."


def test_document_rows_show_the_stored_facts() -> None:
    meta = DocumentMeta(
        "sala-avtal", "Avtal i Sala", ("Sala",), date="2023-05-10", valid_from="2023-06-01",
        until_further=True,
    )  # fmt: skip
    doc = StoredDocument(meta, chunks=2, content_hash="ab" * 32, added_at="2026-01-02T03:04:05")
    assert document_rows([doc]) == [
        [
            "Avtal i Sala",
            "Sala",
            "2023-05-10",
            "annat",
            "gäller 2023-06-01 – tills vidare",
            2,
            "2026-01-02 03:04",
            "ab" * 6,
            "sala-avtal",
        ]
    ]


# --- the running app in Chromium, with an admin -----------------------------------------------


@pytest.fixture(scope="module")
def admin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """``python app.py`` with admin credentials in its environment and a store of its own."""
    tmp = tmp_path_factory.mktemp("admin-web")
    env = app_env(
        tmp / "data", free_port(), ASSISTANT_ADMIN_USER=ADMIN, ASSISTANT_ADMIN_PASSWORD=PASSWORD
    )
    with serve_app(tmp, env) as running:
        yield running
    assert PASSWORD not in running.output()  # logged: who did what, never the password


@pytest.fixture
def page(browser: Browser, admin_app: RunningApp) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(locale="sv-SE", viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    page.goto(admin_app.url)
    expect(page.get_by_label("Din fråga")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    yield page
    context.close()


def open_admin(page: Page) -> Locator:
    page.get_by_role("tab", name="Administrera dokument").click()
    return page.locator("#admin-tab")


def open_chat(page: Page) -> None:
    page.get_by_role("tab", name="Fråga underlagen").click()


def log_in(admin: Locator, password: str) -> None:
    admin.get_by_label("Användarnamn").fill(ADMIN)
    admin.get_by_label("Lösenord").fill(password)
    admin.get_by_role("button", name="Logga in").click()


def make_batch(folder: Path) -> list[Path]:
    """A real PDF about Sala (the answer on page 2), a real DOCX, and HTML named .pdf."""
    pdf = make_pdf(
        folder / "Överenskommelse Sala.pdf",
        [
            (SALA_TITLE, ["Sala kommun och Arbetsförmedlingen har tecknat en överenskommelse."]),
            ("Prioriterade grupper", [SALA_PRIORITIES]),
        ],
    )
    docx = make_docx(
        folder / "Samverkan Enköping.docx",
        "Samverkan i Enköping",
        [("Insatser", ["Enköpings kommun och Arbetsförmedlingen erbjuder yrkessvenska."])],
    )
    bad = folder / "trasig.pdf"
    bad.write_text("<html><body><p>Ingen PDF</p></body></html>", encoding="utf-8")
    return [pdf, docx, bad]


def upload(admin: Locator, files: list[Path]) -> Locator:
    """Upload ``files`` in one batch; the table of results once every row is there."""
    admin.locator("#admin-files input[type=file]").set_input_files(files)
    for f in files:  # each file has reached the server before the button is pressed
        cell = admin.locator("#admin-files").get_by_role("cell", name=f.name)
        expect(cell).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    admin.get_by_role("button", name="Lägg till dokumenten").click()
    expect(admin).to_contain_text(f"{len(files)} filer:", timeout=ANSWER_TIMEOUT_MS)
    return admin.get_by_role("grid", name="Resultat per fil")


def row(table: Locator, text: str) -> Locator:
    return table.get_by_role("row").filter(has_text=text)


def check_login(admin: Locator) -> None:
    """A wrong password is refused and opens nothing; the right one opens the panel."""
    expect(admin.get_by_role("button", name="Lägg till dokumenten")).to_have_count(0)
    log_in(admin, "fel-lösenord")
    expect(admin).to_contain_text(LOGIN_FAILED, timeout=ANSWER_TIMEOUT_MS)
    expect(admin.get_by_role("button", name="Lägg till dokumenten")).to_have_count(0)
    expect(admin.locator("input[type=file]")).to_have_count(0)
    log_in(admin, PASSWORD)
    expect(admin.get_by_role("button", name="Lägg till dokumenten")).to_be_visible(
        timeout=ANSWER_TIMEOUT_MS
    )
    expect(admin.get_by_label("Lösenord")).to_be_hidden()
    expect(admin).not_to_contain_text(LOGIN_FAILED)


def check_upload(page: Page, admin: Locator, files: list[Path]) -> None:
    """Two files land, the third is rejected with its reason; the list shows the new ones."""
    results = upload(admin, files)
    expect(row(results, "Överenskommelse Sala.pdf")).to_contain_text("tillagd")
    expect(row(results, "Samverkan Enköping.docx")).to_contain_text("tillagd")
    expect(row(results, "trasig.pdf")).to_contain_text("avvisad")
    expect(row(results, "trasig.pdf")).to_contain_text(BAD_PDF_REASON)
    expect(admin).to_contain_text("3 filer: tillagd 2, avvisad 1.")
    documents = admin.get_by_role("grid", name="Dokument")
    expect(row(documents, SALA_TITLE)).to_contain_text("Sala")
    expect(row(documents, SALA_TITLE)).to_contain_text("överenskommelse-sala")
    expect(row(documents, "Samverkan i Enköping")).to_contain_text("Enköping")
    expect(documents).not_to_contain_text("trasig")
    page.screenshot(path="/tmp/admin.png", full_page=True)  # for a person to look at


def check_sala_is_answered(page: Page) -> None:
    open_chat(page)
    choose_kommun(page, "Sala")  # the filter offers the new kommun
    choose_kommun(page, ALL_KOMMUNER)
    reply = ask(page, SALA_QUESTION)
    expect(reply).to_contain_text("unga utan gymnasieexamen")
    sources = reply.locator("details.source-list")
    expect(sources).to_contain_text(f"[1] {SALA_TITLE}")
    expect(sources).to_contain_text("Sala · datum saknas · överenskommelse · sida 2")


def pick_sala(page: Page, admin: Locator) -> None:
    admin.get_by_role("combobox", name="Valt dokument").click()
    page.get_by_role("option", name=f"{SALA_TITLE} – Sala (överenskommelse-sala)").click()
    expect(admin.get_by_label("Titel", exact=True)).to_have_value(SALA_TITLE)


def check_correction(page: Page, admin: Locator) -> None:
    """A bad date is refused in Swedish and kept for fixing; a good one shows in the list."""
    pick_sala(page, admin)
    date = admin.get_by_label("Datum", exact=True)
    date.fill("i förrgår")
    admin.get_by_role("button", name="Spara ändringar").click()
    expect(admin).to_contain_text("Datumet »i förrgår« kan inte tolkas", timeout=ANSWER_TIMEOUT_MS)
    expect(date).to_have_value("i förrgår")
    date.fill("10 maj 2023")
    admin.get_by_role("button", name="Spara ändringar").click()
    expect(admin).to_contain_text("är sparade", timeout=ANSWER_TIMEOUT_MS)
    expect(date).to_have_value("2023-05-10")  # as stored
    documents = admin.get_by_role("grid", name="Dokument")
    expect(row(documents, SALA_TITLE)).to_contain_text("2023-05-10")


def check_deletion(admin: Locator) -> None:
    """Nothing is deleted until the box is ticked; then the document leaves the list."""
    documents = admin.get_by_role("grid", name="Dokument")
    delete = admin.get_by_role("button", name="Ta bort dokumentet")
    delete.click()
    expect(admin).to_contain_text("för att bekräfta", timeout=ANSWER_TIMEOUT_MS)
    expect(row(documents, SALA_TITLE)).to_have_count(1)
    admin.get_by_label("Jag vill ta bort dokumentet").check()
    delete.click()
    expect(admin).to_contain_text("är borttaget", timeout=ANSWER_TIMEOUT_MS)
    expect(row(documents, SALA_TITLE)).to_have_count(0)
    expect(row(documents, "Samverkan i Enköping")).to_have_count(1)
    expect(admin.get_by_label("Jag vill ta bort dokumentet")).not_to_be_checked()


@pytest.mark.slow
@pytest.mark.browser
def test_admin_uploads_corrects_and_deletes_a_document(page: Page, tmp_path: Path) -> None:
    files = make_batch(tmp_path)
    open_chat(page)
    expect(ask(page, SALA_QUESTION)).to_contain_text("framgår inte")  # nothing on Sala yet
    admin = open_admin(page)
    check_login(admin)
    check_upload(page, admin, files)
    check_sala_is_answered(page)
    check_correction(page, open_admin(page))
    check_deletion(admin)
    open_chat(page)
    reply = ask(page, SALA_QUESTION)
    expect(reply).to_contain_text("framgår inte")
    expect(reply).not_to_contain_text("unga utan gymnasieexamen")


@pytest.mark.slow
@pytest.mark.browser
def test_admin_actions_need_the_login_of_this_browser(page: Page, browser: Browser) -> None:  # noqa: F811
    """Logging in in one browser session opens nothing in another."""
    log_in(open_admin(page), PASSWORD)
    expect(page.get_by_role("button", name="Lägg till dokumenten")).to_be_visible(
        timeout=ANSWER_TIMEOUT_MS
    )
    other = browser.new_context(locale="sv-SE").new_page()
    other.goto(page.url)
    other_admin = open_admin(other)
    expect(other_admin.get_by_label("Lösenord")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(other_admin.get_by_role("button", name="Lägg till dokumenten")).to_have_count(0)
    other.context.close()
