"""The wheel carries the bundled corpus, prompts, eval cases and migrations, and an installed
`coach` (outside the source checkout) ingests the bundled corpus and answers with them. It starts
from the run's index of the bundled corpus less three documents: its ingest checks every bundled
file by content hash and reads, embeds and stores those three from the package data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", "build", "dist", "data", "__pycache__", ".pytest_cache", "bench"}


def _source_copy(target: Path) -> Path:
    """The checkout's sources without virtualenvs or build output (so nothing is built in place)."""
    shutil.copytree(ROOT, target, ignore=lambda _, names: [n for n in names if n in SKIP or n.endswith(".egg-info")])
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = _source_copy(work / "src")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(work / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (built,) = (work / "dist").glob("strategy_coach-*.whl")
    return built


def test_the_wheel_holds_every_bundled_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("corpus", "prompts", "evals"):
        expected = {
            f"assistant/bundled/{folder}/{p.relative_to(ROOT / folder).as_posix()}"
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert expected and expected <= names, sorted(expected - names)[:5]
    assert {"assistant/migrations/alembic.ini", "assistant/migrations/script.py.mako"} <= names
    assert any(n.startswith("assistant/migrations/versions/0001") for n in names)


# Left out of the index the installed coach starts from, so that its `coach ingest` reads, embeds
# and stores them from its package data; the question below is about them.
LEFT_OUT = (
    "case-studies/paris-participatory-budget.md",
    "case-studies/porto-alegre-participatory-budgeting.md",
    "programme/citizen-engagement-and-co-creation.md",
)


@pytest.mark.slow
def test_an_installed_coach_ingests_and_answers_from_its_bundled_data(wheel, tmp_path, seed_index_without, guard_cache):
    installed = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(installed), str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update(PYTHONPATH=str(installed), COACH_DATA_DIR=str(tmp_path / "data"), HF_HUB_OFFLINE="1")
    # The run's trained guard (its key is the hash of the same bundled examples, so the installed
    # coach finds it only if its package data holds them byte for byte).
    env.update(COACH_GUARD_CACHE_DIR=str(guard_cache))
    seed_index_without(tmp_path / "data", LEFT_OUT)

    def coach(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import assistant.config as c; print(c.__file__); print(c.Settings().corpus_dir)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert where[0].startswith(str(installed)) and where[1] == str(installed / "assistant" / "bundled" / "corpus")

    ingested = coach("ingest", "--json")
    assert ingested.returncode == 0, ingested.stderr
    report = json.loads(ingested.stdout)
    assert report["embedded"] > 0 and report["failed"] == [] and report["removed"] == 0, report
    bundled_docs = sum(1 for p in (ROOT / "corpus").rglob("*.md") if "indicators" not in p.parts)
    manifest = json.loads(next((tmp_path / "data").rglob("manifest.json")).read_text())
    assert len(manifest["documents"]) == bundled_docs == report["documents"]
    assert set(LEFT_OUT) <= set(manifest["documents"])
    assert manifest["corpus_dir"] == str(installed / "assistant" / "bundled" / "corpus")

    asked = coach("ask", "--llm", "fake", "--json", "How can residents decide how part of the city budget is spent?")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["citations"] and any(
        c["doc_id"].startswith("case-studies/") or c["doc_id"].startswith("programme/") for c in answer["citations"]
    )
