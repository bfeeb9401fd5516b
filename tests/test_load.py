"""Concurrency and load through a running server (marked `reliability`; runs in CI too)."""

from __future__ import annotations

import re
import shutil
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.components import Components
from assistant.config import Settings
from assistant.llm import FakeChatModel
from tests.conftest import BUNDLED_CORPUS, write
from tests.test_app import free_port

pytestmark = [pytest.mark.reliability, pytest.mark.slow, pytest.mark.timing]


def echo_question(messages) -> str:
    """Reply with the leader's question, asked back (a question back is not checked against the
    passages), so a reply shows whose question it answered."""
    match = re.search(r"Question: (.+)$", str(messages[-1].content), re.S)
    return f"Did you ask: {match.group(1).strip() if match else ''} [1]?"


@pytest.fixture(scope="module")
def busy_server(embeddings, seed_index, tmp_path_factory):
    from assistant.app import serve

    root = tmp_path_factory.mktemp("load")
    corpus = root / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    settings = Settings(
        data_dir=seed_index(root / "data"), corpus_dir=corpus, llm="fake", concurrency=8, queue_size=200
    )
    components = Components(settings, embeddings=embeddings, llm=FakeChatModel(responder=echo_question))
    components.index.ingest(corpus)
    port = free_port()
    demo = serve(components, "127.0.0.1", port, block=False)
    yield f"http://127.0.0.1:{port}/", components, corpus
    demo.close()


def leader_client(url: str, n: int):
    """A client that the app takes for leader ``n``'s own machine: uvicorn believes
    X-Forwarded-For from 127.0.0.1, as from a reverse proxy on the same host."""
    from gradio_client import Client

    return Client(url, verbose=False, headers={"X-Forwarded-For": f"10.0.{n // 250}.{n % 250 + 1}"})


def _leader(url: str, n: int, turns: int = 5) -> tuple[list[float], list[str], str]:
    client = leader_client(url, n)
    session, token, latencies, problems = "", "", [], []
    for turn in range(turns):
        marker = f"leader-{n}-turn-{turn}"
        started = time.perf_counter()
        reply = client.predict(
            f"How should we consult residents about parks? ({marker})", session, "", token, api_name="/chat"
        )
        latencies.append(time.perf_counter() - started)
        session, token = reply["session_id"], reply["session_token"]
        if reply["error"] or marker not in reply["answer"]:
            problems.append(f"{marker}: {reply['answer'][:120]}")
        others = re.findall(r"leader-(\d+)-turn", reply["answer"])
        if any(int(o) != n for o in others):
            problems.append(f"{marker}: another leader's text in the reply")
    return latencies, problems, session


def test_twenty_concurrent_sessions(busy_server):
    url, components, _ = busy_server
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda n: _leader(url, n), range(20)))
    latencies = sorted(x for r in results for x in r[0])
    problems = [p for r in results for p in r[1]]
    assert problems == []
    assert len(latencies) == 100
    p50, p95 = statistics.median(latencies), latencies[int(0.95 * len(latencies)) - 1]
    print(f"\n20 sessions x 5 turns: p50 {p50:.2f}s, p95 {p95:.2f}s")
    sessions = {r[2] for r in results}
    assert len(sessions) == 20
    for session in sessions:  # every session holds only its own leader's messages
        texts = [m.content for m in components.sessions.messages(session) if m.role == "user"]
        owners = {re.search(r"leader-(\d+)-", t).group(1) for t in texts}
        assert len(texts) == 5 and len(owners) == 1


def test_chats_keep_working_while_a_facilitator_reindexes(busy_server):
    url, components, corpus = busy_server
    stop = threading.Event()
    rounds = []

    def facilitator():
        version = 0
        while not stop.is_set():
            version += 1
            write(
                corpus / "programme" / "rotating-note.md",
                f"# Rotating note\n\n## Version\nVersion {version}: residents co-design park plans with rangers.\n",
            )
            report = components.index.ingest(corpus)
            rounds.append(report.embedded)

    def leader(n: int) -> list[str]:
        """Four turns, then more sessions until the re-index has run twice (on a loaded machine the
        first ingest can outlast four turns), so the chats overlap re-indexing whatever the speed."""
        problems = _leader(url, 100 + n, turns=4)[1]
        while len(rounds) < 2 and time.monotonic() < deadline:
            problems += _leader(url, 100 + n, turns=1)[1]
        return problems

    deadline = time.monotonic() + 600
    worker = threading.Thread(target=facilitator)
    worker.start()
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            results = list(pool.map(leader, range(6)))
    finally:
        stop.set()
        worker.join()
    assert [p for r in results for p in r] == []
    assert len(rounds) >= 2, "the re-index should have run during the chats"
    assert components.index.verify() == []


def test_a_full_queue_says_busy_instead_of_failing(embeddings, tmp_path):
    """With one model slot and a short queue, extra requests (from eight leaders) are told to try again."""

    import threading

    from assistant.app import serve

    refused = threading.Event()

    def slow(messages):
        refused.wait(120)  # the model holds its slot until a request has been turned away
        return "A considered reply [1]."

    corpus = tmp_path / "corpus"
    write(corpus / "a.md", "# Parks\n\n## Consulting\nConsult residents about park plans and report back.\n")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, llm="fake", concurrency=1, queue_size=2)
    components = Components(settings, embeddings=embeddings, llm=FakeChatModel(responder=slow))
    components.index.ingest(corpus)
    port = free_port()
    demo = serve(components, "127.0.0.1", port, block=False)
    try:
        url = f"http://127.0.0.1:{port}/"

        def ask(n):
            try:
                leader_client(url, n).predict(f"How do we consult about parks? {n}", "", "", api_name="/chat")
                return "ok"
            except Exception as exc:  # the client raises its own error types
                refused.set()
                return str(exc)

        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(ask, range(8)))
    finally:
        demo.close()
    assert outcomes.count("ok") >= 1
    busy = [o for o in outcomes if o != "ok"]
    assert busy, outcomes
    assert all("full" in o.lower() or "try again" in o.lower() for o in busy), busy


def test_killing_the_server_keeps_sessions_and_plans(tmp_path):
    """SIGKILL mid-conversation: after a restart the session, its messages and its plan reload."""
    import os
    import signal
    import subprocess
    import sys

    from gradio_client import Client

    corpus = tmp_path / "corpus"
    write(
        corpus / "a.md",
        "# Objectives\n\n## SMART\nCut missed bin collections from 4.1 to 1.5 per 1,000 by March 2027.\n",
    )
    env = {**os.environ, "COACH_DATA_DIR": str(tmp_path / "data"), "COACH_CORPUS_DIR": str(corpus), "COACH_LLM": "fake"}

    def start():
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert "running at" in process.stdout.readline()
        return process, Client(f"http://127.0.0.1:{port}/", verbose=False)

    process, client = start()
    try:
        opened = client.predict("draft", "", "objectives", api_name="/chat")
        session, token = opened["session_id"], opened["session_token"]
        client.predict("done", session, "", token, api_name="/chat")
        client.predict("How do I set a baseline?", session, "", token, api_name="/chat")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    process, client = start()
    try:
        reply = client.predict("And a target?", session, "", token, api_name="/chat")
        assert reply["session_id"] == session and not reply["error"]
        path = client.predict(session, "md", token, api_name="/export")
        assert "## Strategic objectives" in open(path, encoding="utf-8").read()
    finally:
        process.terminate()
        process.wait(timeout=30)
    from assistant.sessions import SessionStore

    messages = SessionStore(f"sqlite:///{tmp_path / 'data' / 'sessions.db'}").messages(session)
    assert [m.content for m in messages if m.role == "user"] == [
        "draft",
        "done",
        "How do I set a baseline?",
        "And a target?",
    ]


def test_embedded_model_requests_queue_rather_than_fail(embeddings, tmp_path):
    """Several leaders at once on the in-process model: each waits its turn and gets an answer."""
    from gradio_client import Client

    from assistant.app import serve

    corpus = tmp_path / "corpus"
    write(
        corpus / "a.md",
        "# Parks\n\n## Consulting\nConsult residents about park plans, then report back how their views were used.\n",
    )
    settings = Settings(
        data_dir=tmp_path / "data", corpus_dir=corpus, llm="llamacpp", max_tokens=32, concurrency=4, queue_size=16
    )
    components = Components(settings, embeddings=embeddings)
    components.index.ingest(corpus)
    port = free_port()
    demo = serve(components, "127.0.0.1", port, block=False)
    try:
        url = f"http://127.0.0.1:{port}/"
        with ThreadPoolExecutor(max_workers=3) as pool:
            replies = list(
                pool.map(
                    lambda n: Client(url, verbose=False).predict(
                        f"How should we consult residents about parks? ({n})", "", "", api_name="/chat"
                    ),
                    range(3),
                )
            )
    finally:
        demo.close()
    assert all(r["answer"] and r["error"] is None for r in replies)
