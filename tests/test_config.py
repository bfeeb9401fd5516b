"""Settings come from COACH_ variables and .env; importing does no work."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.config import Settings, get_settings


def test_environment_prefix_and_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_TOP_K", "7")
    monkeypatch.setenv("COACH_LLM", "fake")
    settings = Settings()
    assert settings.top_k == 7
    assert settings.llm == "fake"
    assert settings.index_dir == settings.data_dir / "index"
    assert settings.resolved_database_url.startswith("sqlite:///")


def test_dotenv_file_is_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("COACH_CHUNK_SIZE=500\n")
    assert Settings().chunk_size == 500


def test_get_settings_is_cached_until_cleared(monkeypatch):
    first = get_settings()
    assert get_settings() is first
    get_settings.cache_clear()
    assert get_settings() is not first


def test_importing_the_package_creates_nothing(tmp_path):
    data_dir = tmp_path / "never-created"
    code = (
        "import assistant, assistant.cli, assistant.config, assistant.documents, assistant.index, "
        "assistant.retrieval, assistant.embeddings, assistant.vectorstore, assistant.components, sys; "
        "heavy = [m for m in ('torch', 'chromadb', 'sentence_transformers', 'llama_cpp', 'gradio') if m in "
        "sys.modules]; "
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"COACH_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert not data_dir.exists()


def test_components_refuse_a_misspelt_override(tmp_path):
    from assistant.components import Components

    with pytest.raises(TypeError, match="embedings"):
        Components(Settings(data_dir=tmp_path), embedings=object())


def test_derived_components_share_what_does_not_depend_on_the_override(tmp_path):
    from assistant.components import Components

    embeddings, store, prompts, llm = object(), object(), object(), object()
    guard = object()
    base = Components(
        Settings(data_dir=tmp_path), embeddings=embeddings, store=store, prompts=prompts, llm=llm, guard=guard
    )
    other_llm, other_store = object(), object()
    derived = base.derive(llm=other_llm)
    assert derived.llm is other_llm and base.llm is llm  # the original is unchanged
    assert derived.embeddings is embeddings and derived.store is store and derived.__dict__["guard"] is guard
    rebuilt = base.derive(embeddings=object())
    assert "guard" not in rebuilt.__dict__ and rebuilt.store is store  # the guard is built from the embeddings
    assert base.derive(store=other_store).store is other_store


def test_the_upload_limit_never_exceeds_the_corpus_file_limit(monkeypatch):
    """An upload the desk accepts must also pass ingestion's file limit."""
    monkeypatch.setenv("COACH_MAX_UPLOAD_MB", "50")
    monkeypatch.setenv("COACH_MAX_FILE_MB", "10")
    assert Settings().max_upload_mb == 10
    monkeypatch.setenv("COACH_MAX_UPLOAD_MB", "5")
    assert Settings().max_upload_mb == 5


def test_bundled_data_is_the_checkout_folder_in_a_source_tree():
    from assistant.config import PROJECT_ROOT, bundled

    assert bundled("corpus") == PROJECT_ROOT / "corpus" and Settings().evals_dir == PROJECT_ROOT / "evals"
