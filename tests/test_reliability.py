"""Reliability: crashes, bad input, faults and load. Marked `reliability`; they run in CI too."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from assistant.components import Components
from assistant.config import Settings
from assistant.filelock import held
from tests.conftest import BUNDLED_CORPUS, write

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def _corpus(root, version: int, n: int = 24):
    """n documents whose text depends on ``version``, so each run has real work to do."""
    for i in range(n):
        body = "\n\n".join(
            f"## Section {s}\nVersion {version} of document {i}: residents, partners and budgets, point {s} "
            + "detail " * 60
            for s in range(6)
        )
        write(
            root / "programme" / f"doc-{i:02d}.md",
            f"---\ntitle: Document {i}\nthemes: [strategy]\n---\n# Document {i}\n\n{body}\n",
        )


def _ingest_stage(index) -> dict:
    """What an ingest has visibly done so far: whether it holds the index lock, the size of the
    vector store's files, the snapshot versions on disk and the manifest's identity."""
    locked = held(index / ".lock")
    stored = _bytes_under(index / "chroma")
    snapshots = {p.name for p in (index / "snapshots").iterdir()} if (index / "snapshots").exists() else set()
    try:
        manifest = (index / "manifest.json").stat()
        ident = (manifest.st_ino, manifest.st_mtime_ns)
    except FileNotFoundError:
        ident = None
    return {"locked": locked, "stored": stored, "snapshots": snapshots, "manifest": ident}


def _bytes_under(folder) -> int:
    """The size of the files under ``folder`` (0 when there is none). The ingest being watched
    creates and removes files meanwhile (SQLite's journal): one gone before it is measured counts
    as nothing, not as an error."""
    total = 0
    for top, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.stat(os.path.join(top, name)).st_size
            except FileNotFoundError:
                pass
    return total


# Where each kill lands, chosen by what the ingest has done (never by the clock): while it reads
# and embeds (it holds the lock), once new vectors reach the store, once the new snapshot is on
# disk, and once the manifest has been replaced (old vectors being deleted).
KILL_POINTS = ["locked", "storing", "snapshot", "manifest"]


def _reached(point: str, before: dict, now: dict) -> bool:
    if point == "locked":
        return now["locked"]
    if point == "storing":
        return now["locked"] and now["stored"] != before["stored"]
    if point == "snapshot":
        return bool(now["snapshots"] - before["snapshots"])
    return now["manifest"] != before["manifest"]


@pytest.mark.timing
def test_killing_ingestion_never_leaves_a_half_indexed_document(tmp_path, embeddings):
    root = tmp_path / "corpus"
    data = tmp_path / "data"
    env = {**os.environ, "COACH_DATA_DIR": str(data)}
    _corpus(root, 0)
    # The first version goes in here (the model is loaded already); the killed ingests and the
    # recovery after them are separate `coach ingest` processes, as a facilitator would run them.
    first = Components(Settings(data_dir=data), embeddings=embeddings).index.ingest(root)
    assert first.documents == 24 and not first.failed
    killed: dict[str, int] = {}
    index = data / "index"
    for attempt in range(1, 2 * len(KILL_POINTS) + 1):
        _corpus(root, attempt)
        point = KILL_POINTS[(attempt - 1) % len(KILL_POINTS)]
        before = _ingest_stage(index)
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "ingest", str(root), "--json"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 600
        while process.poll() is None and not _reached(point, before, _ingest_stage(index)):
            assert time.monotonic() < deadline, f"ingest {attempt} never reached '{point}'"
            time.sleep(0.005)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed[point] = killed.get(point, 0) + 1
        process.wait()
        components = Components(Settings(data_dir=data), embeddings=embeddings)
        assert components.index.verify() == [], f"after kill {attempt}"
        manifest = components.index.manifest()
        for doc_id, entry in manifest["documents"].items():
            chunks = [c for c in components.index.snapshot().chunks if c.doc_id == doc_id]
            versions = {c.text.split(" of document")[0] for c in chunks}
            assert len(versions) == 1 and len(chunks) == entry["chunks"], (attempt, doc_id, versions)
    assert sum(killed.values()) >= 5 and {"locked", "storing", "snapshot"} <= set(killed), killed
    final = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(root), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert final.returncode == 0, final.stderr
    report = json.loads(final.stdout)
    components = Components(Settings(data_dir=data), embeddings=embeddings)
    assert report["documents"] == 24 and report["failed"] == []
    assert report["chunks"] == len(components.store.all_ids()) == len(components.index.snapshot().chunks)
    assert components.index.verify() == []
    assert all(f"Version {2 * len(KILL_POINTS)} of" in c.text for c in components.index.snapshot().chunks)


# --- bad input --------------------------------------------------------------------------------

from assistant.desk import CorpusDesk, UploadError  # noqa: E402
from tests.builders import make_pdf, make_scanned_pdf  # noqa: E402

KNOWN_QUERY = "influence and interest grid for stakeholders"


@pytest.fixture
def desk(tmp_path, make_components):
    root = tmp_path / "corpus"
    write(
        root / "programme" / "grid.md",
        "---\ntitle: Stakeholder grid\nthemes: [partnership]\n---\n# Stakeholder grid\n\n## Mapping\nPlace "
        "stakeholders on an influence and interest grid.\n",
    )
    write(
        root / "case-studies" / "paris.md",
        "---\ntitle: Paris budget\nthemes: [engagement]\n---\n# Paris budget\n\n## Voting\nResidents vote on part of "
        "the investment budget.\n",
    )
    make_pdf(root / "programme" / "juries.pdf", ["Citizens' juries are chosen by lot and deliberate for days."])
    components = make_components(max_upload_mb=0.05)
    components.index.ingest(root)
    return CorpusDesk(components.index, root, int(0.05 * 1024 * 1024)), components


def _state(components):
    snapshot = components.index.snapshot()
    return len(snapshot.documents), len(snapshot.chunks), components.retriever.search(KNOWN_QUERY, k=1)[0].doc_id


def _bad_inputs(tmp_path):
    return [
        ("corrupt.pdf", b"%PDF-1.4\n1 0 obj garbage", "not a readable PDF"),
        ("empty.md", b"", "empty"),
        ("picture.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        ("latin.txt", "Budget participatif à Paris".encode("latin-1"), "not UTF-8"),
        ("front.md", b"---\ntitle: [unclosed\n---\n# Body\n", "malformed front matter"),
        ("slides.pptx", b"PK\x03\x04", "not a readable PowerPoint (.pptx) file"),
        ("notes.odt", b"PK\x03\x04", "not a readable OpenDocument text (.odt) file"),
        ("slides.key", b"PK\x03\x04", "unsupported file type"),
        ("big.md", b"# Big\n\n" + b"budget " * 20000, "upload limit"),
        ("scan.pdf", make_scanned_pdf(tmp_path / "scan.pdf").read_bytes(), "no extractable text"),
        ("../../etc/x.md", b"# x\n\ntext", "plain file name"),
        ("..", b"# x", "plain file name"),
        (".hidden.md", b"# x\n\ntext", "plain file name"),
    ]


def test_bad_uploads_are_named_and_change_nothing(desk, tmp_path):
    desk_, components = desk
    before = _state(components)
    files_before = sorted(p.relative_to(desk_.corpus_dir) for p in desk_.corpus_dir.rglob("*"))
    for name, data, reason in _bad_inputs(tmp_path):
        with pytest.raises(UploadError) as info:
            desk_.upload(name, data, "programme")
        assert reason in str(info.value), (name, str(info.value))
        assert _state(components) == before, name
    assert sorted(p.relative_to(desk_.corpus_dir) for p in desk_.corpus_dir.rglob("*")) == files_before
    assert not (tmp_path / "etc").exists()
    assert components.index.verify() == []


def test_same_document_twice(desk, tmp_path):
    desk_, components = desk
    data = make_pdf(tmp_path / "ferries.pdf", ["Harbour ferries doubled ridership."]).read_bytes()
    assert desk_.upload("ferries.pdf", data, "case-study").status == "added"
    assert desk_.upload("ferries.pdf", data, "case-study").status == "unchanged"
    with pytest.raises(UploadError, match="already in the corpus as 'case-studies/ferries.pdf'"):
        desk_.upload("ferries-copy.pdf", data, "case-study")
    newer = make_pdf(tmp_path / "ferries2.pdf", ["Harbour ferries tripled ridership."]).read_bytes()
    assert desk_.upload("ferries.pdf", newer, "case-study").status == "replaced"
    hits = components.retriever.search("harbour ferries tripled", k=1)
    assert hits[0].doc_id == "case-studies/ferries.pdf" and "tripled" in hits[0].text
    assert components.index.verify() == []


def test_bad_questions(desk):
    _, components = desk
    from assistant.coach import Coach
    from assistant.llm import FakeChatModel

    coach = Coach(
        components.retriever,
        FakeChatModel(),
        components.prompts,
        components.workflows,
        components.settings,
        sessions=components.sessions,
    )
    with pytest.raises(ValueError, match="empty"):
        coach.ask("")
    session_id, _ = coach.start(None)
    huge = coach.turn(session_id, "stakeholders " * 10_000)  # 130,000 characters
    assert huge.answer and not huge.error
    assert len(components.sessions.messages(session_id)[-2].content) == 4000  # kept to its first 4,000 characters
    session_id, _ = coach.start(None)
    answer = coach.turn(session_id, "What about\x00 the <script>alert('x')</script> grid\x07?")
    stored = components.sessions.messages(session_id)[-2].content
    assert "\x00" not in stored and "\x07" not in stored and answer.answer


def test_question_markup_is_escaped_by_the_ui(make_components):
    import gradio as gr

    from assistant.app import CoachApp, sources_html

    chatbots = [block for block in CoachApp(make_components()).build().blocks.values() if isinstance(block, gr.Chatbot)]
    assert chatbots and all(chatbot.sanitize_html for chatbot in chatbots)  # the app's own chat escapes markup
    html = sources_html(
        [
            {
                "n": 1,
                "title": "<img src=x onerror=alert(1)>",
                "section": "<b>s</b>",
                "doc_id": "d.md",
                "text": "<script>x</script>",
                "score": 0.5,
            }
        ]
    )
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html


# --- faults in the parts we depend on ----------------------------------------------------------

import logging  # noqa: E402

from pydantic import SecretStr  # noqa: E402

from tests.fault_server import FaultServer  # noqa: E402

SECRET = "sk-test-secret-never-logged"


def _openai_coach(components, url, **overrides):
    from assistant.coach import Coach
    from assistant.llm import make_chat_model

    settings = components.settings.model_copy(
        update={
            "llm": "openai:fault",
            "openai_base_url": url,
            "openai_api_key": SecretStr(SECRET),
            "request_timeout_s": 1.0,
            "retries": 1,
            **overrides,
        }
    )
    llm = make_chat_model("openai:fault", settings)
    return Coach(
        components.retriever,
        llm,
        components.prompts,
        components.workflows,
        settings,
        sessions=components.sessions,
        llm_spec="openai:fault",
    )


@pytest.mark.parametrize(
    "mode, words",
    [
        ("down", "is the server running"),
        ("slow", "did not answer within"),
        ("garbage", "failed"),
        ("error", "temporary fault"),
    ],
)
def test_model_server_faults_are_clear_and_the_session_survives(desk, mode, words, caplog):
    _, components = desk
    caplog.set_level(logging.DEBUG)
    with FaultServer() as server:
        url = server.url if mode != "down" else "http://127.0.0.1:9/v1"
        server.mode = mode
        coach = _openai_coach(components, url)
        session_id, _ = coach.start(None)
        broken = coach.turn(session_id, "How do I map stakeholders?")
        assert broken.error and words in broken.error and "openai:fault" in broken.error, broken.error
        assert "\n" not in broken.error and SECRET not in broken.error
        assert broken.answer.startswith("The model could not answer just now")
        server.mode = "ok"
        coach = _openai_coach(components, server.url)
        fixed = coach.turn(session_id, "How do I map stakeholders?")
        assert fixed.error is None and "influence" in fixed.answer and fixed.citations
        if mode != "down":
            assert server.requests[-1]["body"]["stream"] is True
    roles = [m.role for m in components.sessions.messages(session_id)]
    assert roles == ["assistant", "user", "assistant", "user", "assistant"]
    assert SECRET not in caplog.text


def test_unreachable_chroma_server_is_a_clear_startup_error(tmp_path):
    env = {
        **os.environ,
        "COACH_DATA_DIR": str(tmp_path / "data"),
        "COACH_CHROMA_HOST": "127.0.0.1",
        "COACH_CHROMA_PORT": "9",
    }
    doctor = subprocess.run(
        [sys.executable, "-m", "assistant", "doctor"], env=env, capture_output=True, text=True, timeout=300
    )
    assert doctor.returncode == 1
    assert "FAIL  vector store" in doctor.stdout and "http://127.0.0.1:9" in doctor.stdout
    serve = subprocess.run(
        [sys.executable, "-m", "assistant", "serve", "--port", "7999", "--llm", "fake"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert serve.returncode == 2
    assert "cannot open the Chroma store at http://127.0.0.1:9" in serve.stderr and "Traceback" not in serve.stderr


def test_unusable_data_dir_is_a_clear_error(tmp_path):
    blocker = write(tmp_path / "not-a-folder", "x")
    env = {**os.environ, "COACH_DATA_DIR": str(blocker / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(BUNDLED_CORPUS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "data directory" in result.stderr and str(blocker) in result.stderr and "Traceback" not in result.stderr


def test_disk_full_during_ingest_is_a_clear_error_and_keeps_the_index(tmp_path, embeddings):
    """A file-size limit makes every write past it fail, as on a full disk."""
    import resource

    root = tmp_path / "corpus"
    data = tmp_path / "data"
    env = {**os.environ, "COACH_DATA_DIR": str(data)}
    _corpus(root, 0, n=6)
    first = Components(Settings(data_dir=data), embeddings=embeddings).index.ingest(root)
    assert first.documents == 6 and not first.failed
    before = Components(Settings(data_dir=data), embeddings=embeddings).index.manifest()["version"]

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    _corpus(root, 1, n=6)
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=full_disk,
    )
    assert result.returncode == 2, result.stderr
    assert "error:" in result.stderr and "Traceback" not in result.stderr
    components = Components(Settings(data_dir=data), embeddings=embeddings)
    assert components.index.manifest()["version"] == before
    assert components.index.verify() == []
    assert all("Version 0 of" in c.text for c in components.index.snapshot().chunks)
    again = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(root), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0 and json.loads(again.stdout)["failed"] == []
