"""The model boundary: specs, the fake, error messages, and the real embedded model."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.config import Settings
from assistant.llm import (
    FakeChatModel,
    LlamaCppChatModel,
    ModelError,
    bundled_gguf,
    describe_failure,
    make_chat_model,
    parse_spec,
)


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("llamacpp", ("llamacpp", "")),
        ("llamacpp:/m/x.gguf", ("llamacpp", "/m/x.gguf")),
        ("ollama:llama3.1", ("ollama", "llama3.1")),
        ("openai:gpt-4o-mini", ("openai", "gpt-4o-mini")),
        ("fake", ("fake", "")),
        ("", ("llamacpp", "")),
    ],
)
def test_parse_spec(spec, expected):
    assert parse_spec(spec) == expected


@pytest.mark.parametrize(
    "spec, message",
    [("gpt4", "unknown model"), ("ollama", "needs a model name"), ("llamacpp:/no/such.gguf", "GGUF file not found")],
)
def test_bad_specs_say_what_to_do(spec, message):
    with pytest.raises(ModelError, match=message):
        make_chat_model(spec, Settings())


def test_openai_needs_a_key_or_a_url(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("COACH_OPENAI_API_KEY", raising=False)
    with pytest.raises(ModelError, match="OPENAI_API_KEY"):
        make_chat_model("openai:gpt-4o-mini", Settings())
    model = make_chat_model("openai:local", Settings(openai_base_url="http://127.0.0.1:9/v1"))
    assert model.model_name == "local"


def test_model_specs_configure_their_provider():
    ollama = make_chat_model("ollama:llama3.1", Settings(ollama_base_url="http://127.0.0.1:9", temperature=0.2))
    assert (ollama.model, ollama.base_url, ollama.temperature) == ("llama3.1", "http://127.0.0.1:9", 0.2)
    reply = make_chat_model("fake", Settings()).invoke([HumanMessage("How do we consult residents?")])
    assert reply.content.strip()  # the langchain interface the coach calls answers
    with pytest.raises(ModelError, match="unknown"):
        make_chat_model("nonsense:model", Settings())


def test_fake_streams_scripted_replies_then_cites():
    fake = FakeChatModel(replies=["one two three"])
    assert [c.content for c in fake.stream([HumanMessage("hi")]) if c.content] == ["one ", "two ", "three"]
    prompt = '<document n="1" title="T" section="S">\nPlan with residents.\n</document>'
    assert fake.invoke([HumanMessage(prompt)]).content.endswith("[1]")
    failing = FakeChatModel(replies=[TimeoutError("timed out")])
    with pytest.raises(TimeoutError):
        failing.invoke([HumanMessage("x")])


def _status_error(status: int, message: str):
    import httpx
    import openai

    request = httpx.Request("POST", "http://127.0.0.1:8001/v1/chat/completions")
    response = httpx.Response(status, request=request, json={"error": {"message": message}})
    cls = {
        401: openai.AuthenticationError,
        404: openai.NotFoundError,
        429: openai.RateLimitError,
        400: openai.BadRequestError,
    }.get(status, openai.APIStatusError)
    if cls is openai.APIStatusError or status >= 500:
        return openai.InternalServerError(f"Error code: {status} - {message}", response=response, body=None)
    return cls(f"Error code: {status} - {message}", response=response, body=None)


def _faults():
    import httpx
    import ollama
    import openai

    request = httpx.Request("POST", "http://127.0.0.1:8001/v1/chat/completions")
    return [
        # (exception, words in the message, worth retrying)
        (openai.APIConnectionError(request=request), "is the server running", True),
        (httpx.ConnectError("[Errno 111] Connection refused", request=request), "is the server running", True),
        (ConnectionRefusedError(111, "Connection refused"), "is the server running", True),
        (openai.APITimeoutError(request=request), "did not answer within", True),
        (httpx.ReadTimeout("read timed out", request=request), "did not answer within", True),
        (TimeoutError("timed out"), "did not answer within", True),
        (_status_error(401, "invalid api key"), "check the API key", False),
        (_status_error(404, "model 'm' not found"), "does not know the model 'm'", False),
        (_status_error(429, "slow down"), "rate-limiting", True),
        (_status_error(503, "overloaded"), "temporary fault", True),
        (ollama.ResponseError("model 'm' not found", 404), "does not know the model 'm'", False),
        (ollama.ResponseError("server busy", 503), "temporary fault", True),
        # wording that substring matching got wrong: "1500" contains "500", and "not found"
        (_status_error(400, "max_tokens 1500 is too large for this model"), "refused the request (HTTP 400)", False),
        (_status_error(400, "tool not found"), "refused the request (HTTP 400)", False),
        (ValueError("Requested tokens (2100) exceed context window of 2048"), "see the server's log", False),
    ]


@pytest.mark.parametrize(
    "error, words, transient", _faults(), ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else None
)
def test_failures_are_classified_by_type_and_status_not_wording(error, words, transient):
    settings = Settings(openai_base_url="http://127.0.0.1:8001/v1", openai_api_key="sk-secret-value")
    result = describe_failure("openai:m", settings, error)
    assert words in str(result) and "http://127.0.0.1:8001/v1" in str(result) and "openai:m" in str(result)
    assert result.transient is transient, (type(error).__name__, str(result))
    assert "\n" not in str(result) and "sk-secret-value" not in str(result)


@pytest.mark.slow
def test_embedded_model_streams_offline():
    assert bundled_gguf().is_file()
    model = make_chat_model("llamacpp", Settings(max_tokens=24))
    assert isinstance(model, LlamaCppChatModel)
    chunks = [
        c.content
        for c in model.stream([SystemMessage("You are brief."), HumanMessage("Name one way to consult residents.")])
    ]
    assert len(chunks) > 1 and "".join(chunks).strip()
    again = "".join(
        c.content
        for c in model.stream([SystemMessage("You are brief."), HumanMessage("Name one way to consult residents.")])
    )
    assert again == "".join(chunks)  # temperature 0 and a fixed seed repeat
    assert model.count_tokens("hello world") >= 2
