"""Secrets never reach a user, a log or a report: URLs with credentials, keys in query strings,
bearer tokens and the configured API key are redacted from every model error."""

from __future__ import annotations

import httpx
import pytest

from assistant.config import Settings
from assistant.llm import describe_failure
from assistant.redact import redact

SECRET = "s3cr3t-Pa55"
KEY = "sk-proj-abcdefghijklmnopqrstuvwx0123456789"


@pytest.mark.parametrize(
    "text",
    [
        f"cannot connect to http://coach:{SECRET}@models.internal:8080/v1",
        f"postgresql+psycopg://coach:{SECRET}@db:5432/coach refused",
        f"GET https://models.internal/v1/chat?api_key={SECRET}&x=1 failed",
        f"401 invalid header Authorization: Bearer {SECRET}",
        f"Incorrect API key provided: {KEY}.",
        f"the token={SECRET} was rejected",
    ],
)
def test_redact_removes_the_secret_and_keeps_the_message(text):
    cleaned = redact(text)
    assert SECRET not in cleaned and KEY not in cleaned
    assert len(cleaned) > len(text) / 3  # the rest of the message stays readable


def test_redact_keeps_urls_without_credentials():
    assert redact("cannot connect to http://127.0.0.1:11434/api") == "cannot connect to http://127.0.0.1:11434/api"


def test_redact_removes_explicit_secrets_wherever_they_appear():
    assert "hunter2xyz" not in redact("the server echoed hunter2xyz back", secrets=["hunter2xyz"])


def test_model_errors_never_carry_the_server_credentials_or_key():
    settings = Settings(openai_base_url=f"http://coach:{SECRET}@127.0.0.1:9/v1", openai_api_key=KEY)
    request = httpx.Request("POST", f"http://coach:{SECRET}@127.0.0.1:9/v1/chat/completions")
    faults = [
        httpx.ConnectError(f"[Errno 111] Connection refused: http://coach:{SECRET}@127.0.0.1:9/v1", request=request),
        RuntimeError(f"Error code: 401 - Incorrect API key provided: {KEY}"),
        RuntimeError(f"upstream said: key {KEY[:12]}... and {KEY}"),
    ]
    for exc in faults:
        message = str(describe_failure("openai:gpt-4o-mini", settings, exc))
        assert SECRET not in message and KEY not in message, message
        assert "openai:gpt-4o-mini" in message and "127.0.0.1:9" in message


def test_redact_keeps_the_user_name_of_a_url():
    assert redact(f"postgresql://coach:{SECRET}@db/coach") == "postgresql://coach:***@db/coach"
    assert redact(f"https://{SECRET}@github.com/x") == "https://***@github.com/x"
