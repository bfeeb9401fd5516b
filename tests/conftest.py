"""Shared fixtures: a fresh data directory for every test, no network, shared models."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from assistant.config import Settings, get_settings
from assistant.filelock import exclusive

REPO = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = REPO / "corpus"

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    """Refuse any connection that leaves the machine: the suite must run offline."""
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("127."):
            raise OSError(f"test tried to reach the network: {address}")
    return _real_connect(self, address)


def shared_dir(tmp_path_factory, name: str) -> Path:
    """A folder shared by all the run's worker processes (pytest-xdist), or this process's own."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, which holds each worker's basetemp
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def exclusive_folder(folder: Path):
    """Held by one process of the run at a time (the others wait): for building shared data once."""
    return exclusive(folder / ".lock")


# Each worker's share of the cores for the numeric libraries (torch for the embedding model,
# llama.cpp for the embedded model), passed on to the coach processes and servers tests start.
# Left at their default of one thread per core, two workers run four busy threads on two cores,
# and llama.cpp, which spins while it waits for its threads, then answers about half as fast.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "COACH_THREADS")


def pytest_configure(config):
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        share = str(max(1, (os.cpu_count() or 1) // workers))
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, share)


# The files that take longest (real processes, servers, the embedded model), started first so that
# with several workers (make test) none is left running one of them alone at the end. Test files not
# named here follow in their usual order; the order of tests within a file is unchanged.
LONGEST_FIRST = [
    "test_reliability.py",
    "test_coach.py",
    "test_hostile_requests.py",
    "test_cli.py",
    "test_eval_suite.py",
    "test_guard.py",
    "test_integration_replicas.py",
    "test_hostile_documents.py",
    "test_load.py",
    "test_packaging.py",
    "test_external_corpus.py",
    "test_integration_model_server.py",
    "test_integration_chroma.py",
]


def pytest_collection_modifyitems(items):
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: within a file, as written


@pytest.fixture(scope="session")
def guard_cache(tmp_path_factory) -> Path:
    """One cache of the trained guard classifier for the whole run, shared by the worker processes
    (it is trained once per data hash; the guard locks the cache while it trains)."""
    return shared_dir(tmp_path_factory, "guard-cache")


@pytest.fixture(scope="session", autouse=True)
def run_guard_cache(guard_cache):
    """The run's guard cache for the module- and session-wide servers and indexes too, which are
    set up before each test's own environment."""
    before = os.environ.get("COACH_GUARD_CACHE_DIR")
    os.environ["COACH_GUARD_CACHE_DIR"] = str(guard_cache)
    yield
    if before is None:
        os.environ.pop("COACH_GUARD_CACHE_DIR", None)
    else:
        os.environ["COACH_GUARD_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def offline_and_isolated(tmp_path, monkeypatch, guard_cache):
    """Every test gets its own COACH_DATA_DIR and may not reach beyond 127.0.0.1."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    data_dir = tmp_path / "coach-data"
    monkeypatch.setenv("COACH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("COACH_GUARD_CACHE_DIR", str(guard_cache))
    for name in ("COACH_LLM", "COACH_CHROMA_HOST", "COACH_DATABASE_URL", "COACH_CORPUS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def embeddings():
    """The real bundled MiniLM model, loaded once for the whole run."""
    from assistant.embeddings import SentenceTransformerEmbeddings

    return SentenceTransformerEmbeddings()


@pytest.fixture
def settings(offline_and_isolated) -> Settings:
    return Settings(data_dir=offline_and_isolated)


@pytest.fixture
def make_components(embeddings, offline_and_isolated):
    """Build Components on the test's data dir, sharing the session's embedding model."""
    from assistant.components import Components

    def build(**settings_overrides):
        data_dir = settings_overrides.pop("data_dir", offline_and_isolated)
        return Components(Settings(data_dir=data_dir, **settings_overrides), embeddings=embeddings)

    return build


@pytest.fixture(scope="session")
def bundled_index(embeddings, tmp_path_factory):
    """The bundled corpus indexed once per run, shared read-only by retrieval tests. The first
    worker process to need it embeds it; each worker opens its own copy of that index."""
    import shutil

    from assistant.components import Components

    shared = shared_dir(tmp_path_factory, "bundled-index")
    with exclusive_folder(shared):
        if not (shared / "data" / "index" / "manifest.json").exists():
            builder = Components(Settings(data_dir=shared / "data"), embeddings=embeddings)
            report = builder.index.ingest(BUNDLED_CORPUS)
            assert not report.failed, report.failed
            assert builder.index.verify() == []
    data_dir = tmp_path_factory.mktemp("bundled")
    shutil.copytree(shared / "data" / "index", data_dir / "index")
    components = Components(Settings(data_dir=data_dir), embeddings=embeddings)
    assert components.index.is_current(BUNDLED_CORPUS)
    return components


@pytest.fixture(scope="session")
def seed_index(bundled_index):
    """Copies the bundled corpus's index into a data dir, for tests whose subject is not
    ingestion: they start from an indexed corpus, and an ingest of the same files (from any
    folder) embeds nothing."""
    import shutil

    def seed(data_dir: Path) -> Path:
        shutil.copytree(bundled_index.settings.index_dir, data_dir / "index")
        return data_dir

    return seed


@pytest.fixture(scope="session")
def seed_index_without(seed_index, embeddings, tmp_path_factory):
    """Like ``seed_index``, less some documents (ids such as ``"programme/x.md"``): an ingest of the
    bundled corpus then checks every file by content hash and reads, embeds and stores only those."""
    import shutil

    from assistant.components import Components

    def seed(data_dir: Path, left_out: tuple[str, ...]) -> Path:
        work = tmp_path_factory.mktemp("partial")
        partial = work / "corpus"
        shutil.copytree(BUNDLED_CORPUS, partial)
        for doc_id in left_out:
            (partial / doc_id).unlink()
        components = Components(Settings(data_dir=seed_index(work / "data")), embeddings=embeddings)
        report = components.index.ingest(partial)
        assert report.embedded == 0 and sorted(report.removed_ids) == sorted(left_out), report.summary()
        # copied once the removal is done, so no other process opens the store this one has open
        shutil.copytree(components.settings.index_dir, data_dir / "index")
        return data_dir

    return seed


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A throwaway PostgreSQL server on 127.0.0.1 for the whole run, started on first use."""
    from tests.servers import postgres_server

    with postgres_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres):
    """A new, empty PostgreSQL database for one test."""
    import uuid

    from tests.servers import create_database

    return create_database(postgres, f"coach_{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def database_url(request, tmp_path):
    """The session store's database: the test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sessions.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def memory_index(tmp_path_factory):
    """The bundled corpus indexed once per run with the in-memory stand-ins (tests/memory.py):
    hashing embeddings and a dict vector store; the real index, BM25 and fusion on top."""
    from assistant.components import Components
    from assistant.prompts import PromptLibrary
    from tests.memory import HashingEmbeddings, MemoryVectorStore, sampled_guard

    data_dir = tmp_path_factory.mktemp("memory-bundled")
    settings = Settings(data_dir=data_dir)
    embeddings = HashingEmbeddings()
    guard = sampled_guard(PromptLibrary(settings.prompts_dir), embeddings)
    components = Components(settings, embeddings=embeddings, store=MemoryVectorStore(), guard=guard)
    report = components.index.ingest(BUNDLED_CORPUS)
    assert not report.failed, report.failed
    return components
