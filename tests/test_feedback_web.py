"""Feedback and sources in the running app (real Chromium), and the app surviving SIGKILL."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from assistant.feedback.store import FeedbackRow, FeedbackStore
from assistant.settings import PROJECT_ROOT
from assistant.web.feedback import ASK_WHY, COMMENT_SAVED
from evals.evalset import EvalSetError, load_set
from tests.conftest import CORPUS
from tests.test_web import (
    ANSWER_TIMEOUT_MS,
    RunningApp,
    app_env,
    ask,
    browser,  # noqa: F401 (a fixture, shared)
    free_port,
    serve_app,
    wait_until_serving,
)

ADMIN, PASSWORD = "admin", "Hemligt-lösen-42"
COMMENT_CHARS = 200
HEBY_QUESTION = "Vilka grupper prioriteras i Heby?"
HEBY_QUOTE = "I överenskommelsen nämns speciellt fyra prioriterade områden"
HOSTILE = '<img src=x onerror="window.pwned=1"><b>fet</b>'
SHIPPED = ("heby-2016-11-16-samarbete-arbetsformedlingen", "uppsala-samverkan-arbetsformedlingen")


def small_corpus(folder: Path) -> Path:
    """Two of the shipped documents (Heby, Uppsala): a quick first start."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem in SHIPPED:
        for suffix in (".txt", ".meta.yaml"):
            (folder / f"{stem}{suffix}").write_bytes((CORPUS / f"{stem}{suffix}").read_bytes())
    return folder


def feedback_env(tmp: Path, port: int) -> dict[str, str]:
    return app_env(
        tmp / "data",
        port,
        ASSISTANT_CORPUS_DIR=str(small_corpus(tmp / "corpus")),
        ASSISTANT_ADMIN_USER=ADMIN,
        ASSISTANT_ADMIN_PASSWORD=PASSWORD,
        ASSISTANT_FEEDBACK_COMMENT_CHARS=str(COMMENT_CHARS),
    )


@pytest.fixture(scope="module")
def feedback_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, Path]]:
    tmp = tmp_path_factory.mktemp("feedback-web")
    with serve_app(tmp, feedback_env(tmp, free_port())) as running:
        yield running, tmp / "data"


@pytest.fixture
def page(browser: Browser, feedback_app: tuple[RunningApp, Path]) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(locale="sv-SE", viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    page.goto(feedback_app[0].url)
    expect(page.get_by_label("Din fråga")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    yield page
    context.close()


def answered(page: Page, question: str) -> Locator:
    reply = ask(page, question)
    expect(reply).to_contain_text("Källor", timeout=ANSWER_TIMEOUT_MS)
    return reply


def open_feedback_list(page: Page) -> Locator:
    page.get_by_role("tab", name="Administrera dokument").click()
    admin = page.locator("#admin-tab")
    admin.get_by_label("Användarnamn").fill(ADMIN)
    admin.get_by_label("Lösenord").fill(PASSWORD)
    admin.get_by_role("button", name="Logga in").click()
    admin.get_by_role("button", name="Visa återkoppling").click()
    return admin


@pytest.mark.slow
@pytest.mark.browser
def test_feedback_down_vote_with_comment_is_listed_and_exported(
    page: Page, feedback_app: tuple[RunningApp, Path], tmp_path: Path
) -> None:
    reply = answered(page, HEBY_QUESTION)
    reply.hover()  # the thumbs show under the message
    page.get_by_role("button", name="Ogilla").last.click()  # Gradio's Swedish 👎
    expect(page.locator("#feedback-message")).to_contain_text(ASK_WHY)
    comment = f"Fel källa {HOSTILE} " + "x" * COMMENT_CHARS
    page.get_by_label("Vad var fel?").fill(comment)
    page.get_by_role("button", name="Skicka kommentaren").click()
    message = page.locator("#feedback-message")
    expect(message).to_contain_text(COMMENT_SAVED)
    expect(message).to_contain_text(f"längre än {COMMENT_CHARS} tecken och har kortats")

    admin = open_feedback_list(page)
    table = admin.locator("#feedback-table")
    expect(table).to_contain_text(HEBY_QUESTION, timeout=ANSWER_TIMEOUT_MS)
    expect(table).to_contain_text("👎")
    admin.locator("#feedback-vote").get_by_label("👍").check()
    expect(table).not_to_contain_text(HEBY_QUESTION, timeout=ANSWER_TIMEOUT_MS)
    admin.locator("#feedback-vote").get_by_label("👎").check()
    expect(table).to_contain_text(HEBY_QUESTION, timeout=ANSWER_TIMEOUT_MS)
    admin.get_by_role("combobox", name="Öppna återkoppling").click()
    page.get_by_role("option", name="Nr 1").click()
    detail = admin.locator("#feedback-detail")
    expect(detail).to_contain_text(HOSTILE)  # shown as text, not run
    expect(detail).to_contain_text("heby-2016-11-16-samarbete")  # the cited document's id
    assert page.evaluate("window.pwned") is None

    out = tmp_path / "kandidater.yaml"
    env = {**feedback_env(tmp_path, 0), "ASSISTANT_DATA_DIR": str(feedback_app[1])}
    done = subprocess.run(
        [sys.executable, "-m", "evals", "feedback", "export", "--out", str(out)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with pytest.raises(EvalSetError, match="'feedback-1' \\(#1\\): field 'answerable': still TODO"):
        load_set(out)
    filled = (
        out.read_text(encoding="utf-8")
        .replace("answerable: TODO", "answerable: true")
        .replace("- TODO", "- heby-2016-11-16-samarbete", 1)
        .replace("- TODO", "- lokal utveckling", 1)
        .replace("kind: TODO", "kind: list")
    )
    out.write_text(filled, encoding="utf-8")
    (item,) = load_set(out).items
    assert item.question == HEBY_QUESTION and item.expected_sources == ["heby-2016-11-16-samarbete"]


@pytest.mark.slow
@pytest.mark.browser
def test_source_opens_the_document_with_the_passage_highlighted(page: Page) -> None:
    reply = answered(page, HEBY_QUESTION)
    reply.locator("details.source-list summary").click()
    with page.context.expect_page() as opened:
        reply.get_by_role("link", name="Visa hela dokumentet [1]").click()
    for doc in (opened.value, phone(page, opened.value.url)):
        expect(doc.locator("h1")).to_have_text("Heby går i bräschen för samarbete")
        mark = doc.locator("mark#citat")
        expect(mark).to_contain_text(HEBY_QUOTE)
        expect(mark).to_be_in_viewport()
        expect(doc.locator("p.facts")).to_contain_text("Heby · 2016-11-16 · nyhetsartikel")
    wide = doc.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 1  # no sideways scrolling at phone width


def phone(page: Page, url: str) -> Page:
    """``url`` opened at a phone's width, in the same browser."""
    chromium = page.context.browser
    assert chromium is not None
    small = chromium.new_context(locale="sv-SE", viewport={"width": 375, "height": 700})
    opened = small.new_page()
    opened.goto(url)
    return opened


@pytest.mark.slow
@pytest.mark.browser
def test_feedback_html_in_a_question_is_shown_as_text(page: Page) -> None:
    ask(page, f"{HOSTILE} {HEBY_QUESTION}")
    expect(page.get_by_test_id("user").last).to_contain_text(HOSTILE)
    assert page.evaluate("window.pwned") is None


@pytest.mark.slow
def test_feedback_is_intact_after_the_app_is_killed(tmp_path: Path) -> None:
    """SIGKILL the app with a vote stored, start it again on the same data directory."""
    env = feedback_env(tmp_path, free_port())
    data = Path(env["ASSISTANT_DATA_DIR"])
    url = f"http://127.0.0.1:{env['ASSISTANT_PORT']}/"
    log = tmp_path / "app.log"
    for start in range(2):
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out
            )
        try:
            wait_until_serving(url, proc, log)
            store = FeedbackStore.in_dir(data)
            if start == 0:  # written while the app runs, from another process
                store.add(FeedbackRow(vote="down", question="Fråga?", answer="Svar."))
            assert [r.question for r in store.rows()] == ["Fråga?"]
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=20)
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
