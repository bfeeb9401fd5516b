"""The web app over HTTP: gradio_client for the API, headless Chromium for the page."""

from __future__ import annotations

import base64
import os
import shutil
import socket
from pathlib import Path

import pytest

from assistant.components import Components
from assistant.config import Settings
from assistant.llm import FakeChatModel
from tests.builders import make_pdf
from tests.conftest import BUNDLED_CORPUS

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery staple"


def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: COACH_SCREENSHOTS_DIR when set (to refresh the README's), else the test's folder."""
    folder = Path(os.environ.get("COACH_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(embeddings, seed_index, tmp_path_factory):
    """The app on 127.0.0.1 with the fake model and real retrieval over a copy of the corpus."""
    from assistant.app import serve

    root = tmp_path_factory.mktemp("app")
    corpus = root / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    # Every test here calls from 127.0.0.1, so one address makes all the requests of the module.
    settings = Settings(
        data_dir=seed_index(root / "data"),
        corpus_dir=corpus,
        llm="fake",
        facilitator_password=PASSWORD,
        rate_per_minute=0,
    )
    components = Components(settings, embeddings=embeddings, llm=FakeChatModel())
    components.index.ingest(corpus)
    port = free_port()
    demo = serve(components, "127.0.0.1", port, block=False)
    yield f"http://127.0.0.1:{port}/", components, root
    demo.close()


@pytest.fixture
def client(server):
    from gradio_client import Client

    return Client(server[0], verbose=False)


def test_api_lists_named_endpoints(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/chat", "/search", "/review", "/export"} <= set(endpoints)


def test_chat_turn_returns_an_answer_with_sources(client):
    result = client.predict("How can residents decide how part of the city budget is spent?", "", "", api_name="/chat")
    assert result["answer"] and not result["refused"] and result["error"] is None
    assert result["citations"] and result["citations"][0]["doc_id"].startswith(("case-studies/", "programme/"))
    assert result["session_token"]
    again = client.predict(
        "What about equity between neighbourhoods?", result["session_id"], "", result["session_token"], api_name="/chat"
    )
    assert again["session_id"] == result["session_id"]


def test_review_and_export(client):
    card = client.predict("We will improve services for citizens.", "objectives", api_name="/review")
    assert card["score"] < 0.5 and any(c["name"] == "measurable" and not c["passed"] for c in card["checks"])
    opened = client.predict("draft", "", "objectives", api_name="/chat")
    session, token = opened["session_id"], opened["session_token"]
    client.predict("done", session, "", token, api_name="/chat")
    path = client.predict(session, "docx", token, api_name="/export")
    import docx

    document = docx.Document(path)
    assert "Strategic objectives" in [p.text for p in document.paragraphs]


def test_facilitator_upload_is_searchable_and_leaders_are_refused(client, server, tmp_path):
    from gradio_client.exceptions import AppError

    _, components, _ = server
    pdf = make_pdf(
        tmp_path / "allotments.pdf", ["Allotment waiting lists in Northby fell after the council split plots in half."]
    )
    payload = base64.b64encode(pdf.read_bytes()).decode()
    with pytest.raises(AppError, match="Facilitator login required"):
        client.predict("allotments.pdf", payload, "", api_name="/upload_document")
    with pytest.raises(AppError, match="Facilitator login required"):
        client.predict("programme/writing-objectives.md", "leader-guess", api_name="/delete_document")
    with pytest.raises(AppError, match="plain file name"):
        client.predict(
            "../../etc/x.md", base64.b64encode(b"# x\n\ntext").decode(), PASSWORD, api_name="/upload_document"
        )
    result = client.predict(
        "allotments.pdf",
        payload,
        PASSWORD,
        "case-study",
        "Northby allotments",
        "engagement",
        api_name="/upload_document",
    )
    assert result == {"doc_id": "case-studies/allotments.pdf", "status": "added", "chunks": 1}
    hits = components.retriever.search("allotment waiting lists split plots", k=1)
    assert hits[0].doc_id == "case-studies/allotments.pdf"
    found = client.predict("allotment waiting lists split plots", 3, api_name="/search")
    assert found[0]["doc_id"] == "case-studies/allotments.pdf" and len(found) == 3 and found[0]["text"]
    answer = client.predict("How did Northby shorten allotment waiting lists?", "", "", api_name="/chat")
    assert any(c["doc_id"] == "case-studies/allotments.pdf" for c in answer["citations"])
    assert any(s["doc_id"] == "case-studies/allotments.pdf" for s in answer["sources"])
    again = client.predict(
        "allotments.pdf",
        payload,
        PASSWORD,
        "case-study",
        "Northby allotments",
        "engagement",
        api_name="/upload_document",
    )
    assert again["status"] == "unchanged"
    docs = client.predict(PASSWORD, api_name="/documents")
    assert any(d["doc_id"] == "case-studies/allotments.pdf" for d in docs)


def chromium_driver(download_dir: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert binary and driver, (
        "headless Chromium is missing: run 'make browser' (installs Debian's chromium and chromium-driver)"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={download_dir / 'profile'}")
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def test_browser_sends_a_message_and_sees_answer_and_sources(server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    url = server[0]
    browser = chromium_driver(tmp_path)
    try:
        browser.get(url)
        wait = WebDriverWait(browser, 300)  # generous: the first answer trains the guard on a busy machine
        box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#message textarea")))
        box.send_keys("How can residents decide how part of the city budget is spent?")
        browser.find_element(By.CSS_SELECTOR, "#send").click()
        wait.until(lambda b: "Sources:" in b.find_element(By.CSS_SELECTOR, "#chat").text)
        wait.until(lambda b: "[1]" in b.find_element(By.CSS_SELECTOR, "#sources").text)
        assert "participatory" in browser.find_element(By.CSS_SELECTOR, "#sources").text.lower()
        shot = screenshot_dir(tmp_path) / "coach-tab.png"
        browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        browser.find_element(By.XPATH, "//button[@role='tab' and contains(., 'Plan')]").click()
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#plan-objectives textarea")))
        browser.save_screenshot(str(screenshot_dir(tmp_path) / "plan-tab.png"))
    finally:
        browser.quit()


@pytest.mark.timing
def test_browser_facilitator_logs_in_uploads_a_pdf_and_asks_about_it(server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    url = server[0]
    pdf = make_pdf(
        tmp_path / "harbour-ferries.pdf",
        ["Harbour ferry ridership in Eastmouth doubled after the city let residents co-design the timetable."],
    )
    browser = chromium_driver(tmp_path)
    try:
        browser.get(url)
        wait = WebDriverWait(browser, 90)
        wait.until(EC.element_to_be_clickable((By.XPATH, "//button[@role='tab' and contains(., 'Corpus')]"))).click()
        wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#password input"))).send_keys(PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "#login").click()
        wait.until(lambda b: "Logged in" in b.find_element(By.CSS_SELECTOR, "#login-status").text)
        browser.find_element(By.CSS_SELECTOR, "#upload-files input[type=file]").send_keys(str(pdf))
        # The file has reached the server once its preview links to it.
        wait.until(
            EC.presence_of_element_located(
                (By.CSS_SELECTOR, "#upload-files a[download='harbour-ferries.pdf'][href*='file=']")
            )
        )
        browser.find_element(By.CSS_SELECTOR, "#upload").click()
        wait.until(lambda b: "harbour-ferries.pdf" in b.find_element(By.CSS_SELECTOR, "#upload-result").text)
        outcome = browser.find_element(By.CSS_SELECTOR, "#upload-result").text
        assert "added" in outcome and "corpus check" in outcome  # the upload's findings beside it
        browser.save_screenshot(str(screenshot_dir(tmp_path) / "corpus-tab.png"))
        browser.find_element(By.XPATH, "//button[@role='tab' and contains(., 'Coach')]").click()
        box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#message textarea")))
        box.send_keys("How did Eastmouth get more people onto the harbour ferries?")
        browser.find_element(By.CSS_SELECTOR, "#send").click()
        wait.until(lambda b: "harbour" in b.find_element(By.CSS_SELECTOR, "#sources").text.lower())
    finally:
        browser.quit()


def test_draft_panel_follows_the_interview(server):
    from assistant.app import CoachApp

    _, components, _ = server
    app = CoachApp(components)
    assert "Strategic objectives" in app.tasks and app.tasks["Strategic objectives"] == "objectives"
    history, session_id, own, _, _, panel = app.start_task("Strategic objectives", None, [])
    assert "Question 1 of 7" in panel and "Which service" in history[-1]["content"]
    for message in (
        "Adult social care; our council plan priority is living well at home",
        "Too many older people move into residential care straight after a hospital stay",
    ):
        *_, last = app.respond(message, history, session_id, "Strategic objectives", own)
        history = last[0]
    panel = last[-1]
    assert "Question 3 of 7" in panel and "Too many older people" in panel
    *_, last = app.respond("skip", history, session_id, "Strategic objectives", own)
    panel = last[-1]
    assert (
        "(#fill-indicator)" in panel and "<a id='fill-indicator'></a>" in panel
    )  # the placeholder links to its question
    *_, last = app.respond("draft", last[0], session_id, "Strategic objectives", own)
    assert "Refining the draft" in last[-1] and "of checks pass" in last[-1]
