"""Two ``coach serve`` replicas sharing a Chroma server, PostgreSQL and llama.cpp's server.

The deployment in docs/deploy.md, on 127.0.0.1: a session started on one replica continues on
the other, and a document a facilitator uploads through one is found through the other.
"""

from __future__ import annotations

import base64
import json
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text

from tests import servers
from tests.conftest import BUNDLED_CORPUS
from tests.test_cli import coach

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PASSWORD = "facilitator-pass"
KEY = "sk-replicas-test"
UPLOAD = b"""---
title: Eastvale repair cafes
themes: [partnerships, engagement]
---
# Eastvale repair cafes

Eastvale council lent library rooms every Saturday to volunteer repair cafes run with a local
hardware chain and a tenants' union. Residents brought broken toasters, bicycles and laptops;
volunteers fixed about two thirds of them, and bulky-waste collections in the pilot wards fell.
"""


def _seed_server_store(bundled_index, index_dir, port: int) -> None:
    """The run's index of the bundled corpus put where the replicas' deploy step finds it: its
    vectors into the Chroma server, its manifest and snapshots into the shared index folder
    (ingestion through a Chroma server is tests/test_integration_chroma.py's subject)."""
    from assistant.vectorstore import ChromaVectorStore

    stored = bundled_index.store.collection.get(include=["embeddings", "metadatas"])
    server = ChromaVectorStore(host="127.0.0.1", port=port, collection=bundled_index.settings.chroma_collection)
    server.add(stored["ids"], [list(map(float, v)) for v in stored["embeddings"]], stored["metadatas"])
    shutil.copytree(bundled_index.settings.index_dir, index_dir, ignore=shutil.ignore_patterns("chroma", ".lock"))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, postgres, bundled_index, guard_cache):
    root = tmp_path_factory.mktemp("replicas")
    shared = root / "shared"  # the volume both replicas mount: corpus files and index snapshots
    shutil.copytree(BUNDLED_CORPUS, shared / "corpus")
    database_url = servers.create_database(postgres, f"coach_{uuid.uuid4().hex[:12]}")
    with servers.chroma_server(root) as chroma_port, servers.llama_server(root, KEY) as model_url:
        _seed_server_store(bundled_index, shared / "data" / "index", chroma_port)
        env = {
            "COACH_DATA_DIR": str(shared / "data"),
            "COACH_CORPUS_DIR": str(shared / "corpus"),
            "COACH_CHROMA_HOST": "127.0.0.1",
            "COACH_CHROMA_PORT": str(chroma_port),
            "COACH_DATABASE_URL": database_url,
            "COACH_LLM": "openai:smollm2",
            "COACH_OPENAI_BASE_URL": model_url,
            "COACH_OPENAI_API_KEY": KEY,
            "COACH_FACILITATOR_PASSWORD": PASSWORD,
            "COACH_GUARD_CACHE_DIR": str(guard_cache),  # the run's trained guard, shared by both replicas
        }
        ingest = coach("ingest", "--json", env_extra=env)  # the deploy step before the replicas start
        assert ingest.returncode == 0, ingest.stderr
        assert json.loads(ingest.stdout)["embedded"] == 0  # the files it finds are those of the seeded index
        with servers.coach_replicas(env, root) as urls:
            yield {"urls": urls, "database_url": database_url, "root": root}


def clients(cluster):
    from gradio_client import Client

    return [Client(url, verbose=False) for url in cluster["urls"]]


def test_replicas_started_together_migrated_the_shared_database_once(cluster):
    engine = create_engine(cluster["database_url"])
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == ["0003"]


def test_a_session_started_on_one_replica_continues_on_the_other(cluster):
    first, second = clients(cluster)
    opened = first.predict("Household waste collection; clean neighbourhoods", "", "objectives", api_name="/chat")
    session_id, token = opened["session_id"], opened["session_token"]
    assert opened["error"] is None and opened["answer"].endswith("?")
    with pytest.raises(Exception, match="session_token"):  # the id alone continues nothing, on either replica
        second.predict("Taking over", session_id, "", api_name="/chat")
    continued = second.predict(
        "Cut missed bin collections for older residents", session_id, "", token, api_name="/chat"
    )
    assert continued["session_id"] == session_id and continued["answer"] != opened["answer"]
    back = first.predict("4.1 missed per 1,000 collections", session_id, "", token, api_name="/chat")
    assert back["session_id"] == session_id
    engine = create_engine(cluster["database_url"])
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT role, content FROM messages WHERE session_id = :s ORDER BY id"), {"s": session_id}
        ).all()
    said = [content for role, content in rows if role == "user"]
    assert said == [
        "Household waste collection; clean neighbourhoods",
        "Cut missed bin collections for older residents",
        "4.1 missed per 1,000 collections",
    ]
    # a free question answered by the shared model server, through the other replica
    answer = second.predict("How can residents decide how part of the city budget is spent?", "", "", api_name="/chat")
    assert answer["error"] is None and answer["answer"].strip() and answer["sources"]


def test_an_upload_through_one_replica_is_found_through_the_other(cluster):
    first, second = clients(cluster)
    query = "volunteer repair cafes in library rooms with a hardware chain"
    assert all(hit["doc_id"] != "case-studies/repair-cafes.md" for hit in second.predict(query, 5, api_name="/search"))
    added = first.predict(
        "repair-cafes.md",
        base64.b64encode(UPLOAD).decode(),
        PASSWORD,
        "case-study",
        "",
        "",
        api_name="/upload_document",
    )
    assert added["status"] == "added" and added["chunks"] >= 1
    found = second.predict(query, 3, api_name="/search")
    assert found[0]["doc_id"] == "case-studies/repair-cafes.md"
    assert any(d["doc_id"] == "case-studies/repair-cafes.md" for d in second.predict(PASSWORD, api_name="/documents"))
    answer = second.predict("How did Eastvale cut bulky waste with repair cafes?", "", "", api_name="/chat")
    assert any(s["doc_id"] == "case-studies/repair-cafes.md" for s in answer["sources"])
    # and a removal through the second is seen by the first
    second.predict("case-studies/repair-cafes.md", PASSWORD, api_name="/delete_document")
    assert all(hit["doc_id"] != "case-studies/repair-cafes.md" for hit in first.predict(query, 5, api_name="/search"))
