"""llama.cpp's OpenAI-compatible server on 127.0.0.1, used through ``openai:``, streaming included."""

from __future__ import annotations

import json
import secrets

import pytest

from assistant.components import Components
from assistant.config import Settings
from tests.servers import llama_server
from tests.test_cli import coach

pytestmark = [pytest.mark.integration, pytest.mark.slow]

KEY = f"sk-test-{secrets.token_hex(8)}"
QUESTION = "How can residents decide how part of the city budget is spent?"


@pytest.fixture(scope="module")
def model_server(tmp_path_factory):
    with llama_server(tmp_path_factory.mktemp("llama-server"), KEY) as base_url:
        yield base_url


def served_components(bundled_index, embeddings, tmp_path, key: str = KEY, **overrides) -> Components:
    """The bundled index (read-only) with the model behind the server and this test's own sessions."""
    settings = Settings(
        data_dir=bundled_index.settings.data_dir,
        llm="openai:smollm2",
        openai_api_key=key,
        database_url=f"sqlite:///{tmp_path / 'sessions.db'}",
        retries=0,
        **overrides,
    )
    return Components(settings, embeddings=embeddings)


def test_answers_stream_token_by_token_from_the_server(model_server, bundled_index, embeddings, tmp_path):
    components = served_components(bundled_index, embeddings, tmp_path, openai_base_url=model_server)
    events = list(components.coach.ask_stream(QUESTION))
    kinds = [e.kind for e in events]
    tokens = [e.text for e in events if e.kind == "token"]
    answer = events[-1].answer
    assert kinds[0] == "sources" and events[0].passages and kinds[-1] == "answer"
    assert len(tokens) >= 5, "the reply arrived in one piece, not streamed"
    assert answer.error is None and answer.answer.strip()
    assert "".join(tokens).strip() and answer.raw.startswith("".join(tokens)[:20])
    assert answer.ttft_s is not None and answer.ttft_s < answer.total_s
    assert answer.citations or answer.passages  # grounded: cited, or the passages it was given are listed


def test_a_session_continues_through_the_server(model_server, bundled_index, embeddings, tmp_path):
    components = served_components(bundled_index, embeddings, tmp_path, openai_base_url=model_server)
    session_id, _ = components.coach.start(None)
    first = components.coach.turn(session_id, QUESTION)
    second = components.coach.turn(session_id, "Who should we invite first?")
    assert first.error is None and second.error is None and second.answer.strip()
    roles = [m.role for m in components.sessions.messages(session_id)]
    assert roles[-4:] == ["user", "assistant", "user", "assistant"]


def test_a_wrong_key_is_one_clear_line_without_the_key(model_server, bundled_index, embeddings, tmp_path):
    components = served_components(bundled_index, embeddings, tmp_path, key="sk-wrong", openai_base_url=model_server)
    answer = components.coach.ask(QUESTION)
    assert answer.error and "openai:smollm2" in answer.error and "API key" in answer.error
    assert "sk-wrong" not in answer.error and KEY not in answer.error


def test_coach_ask_on_the_command_line_uses_the_server(model_server, bundled_index):
    env = {
        "COACH_DATA_DIR": str(bundled_index.settings.data_dir),
        "COACH_LLM": "openai:smollm2",
        "COACH_OPENAI_BASE_URL": model_server,
        "COACH_OPENAI_API_KEY": KEY,
    }
    result = coach("ask", QUESTION, "--json", env_extra=env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answer"].strip() and answer["retrieved"] and answer["refused"] is False
    assert KEY not in result.stdout + result.stderr


def test_a_stopped_server_is_reported_not_crashed(bundled_index, embeddings, tmp_path):
    from tests.servers import free_port

    url = f"http://127.0.0.1:{free_port()}/v1"
    components = served_components(bundled_index, embeddings, tmp_path, openai_base_url=url)
    answer = components.coach.ask(QUESTION)
    assert answer.error and url in answer.error and "is the server running" in answer.error
    assert "\n" not in answer.error and "Traceback" not in answer.error
