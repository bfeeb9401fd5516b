"""The session store: sessions, messages, plan sections and feedback persist, on SQLite and on
PostgreSQL alike, and the schema is versioned and upgraded on start."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, inspect, text

from assistant.sessions import (
    Base,
    SessionNotFound,
    SessionStore,
    SessionStoreError,
    head_revision,
    new_token,
    schema_revision,
    upgrade_schema,
)


@pytest.fixture
def store(database_url):
    return SessionStore(database_url)


def test_round_trip_and_reopen(store, database_url):
    session = store.create("Objectives", {"workflow": "objectives", "q": 0})
    store.add_message(session.id, "user", "Bins")
    mid = store.add_message(session.id, "assistant", "Which service?", {"citations": [{"n": 1}]})
    store.save_state(session.id, {"workflow": "objectives", "q": 1}, title="Bin objectives")
    store.save_section(
        session.id, "objectives", "Cut missed bins", {"score": 1.0, "checks": []}, [{"n": 1, "doc_id": "x.md"}]
    )
    store.save_section(session.id, "objectives", "Cut missed bins by 2027", {"score": 1.0, "checks": []}, [])
    store.add_feedback(session.id, -1, "too vague", mid)

    reopened = SessionStore(database_url)
    record = reopened.get(session.id)
    assert record.title == "Bin objectives" and record.state["q"] == 1
    messages = reopened.messages(session.id)
    assert [m.role for m in messages] == ["user", "assistant"] and messages[1].meta["citations"] == [{"n": 1}]
    plan = reopened.plan(session.id)
    assert len(plan) == 1 and plan[0].content == "Cut missed bins by 2027"
    assert reopened.feedback()[0] == {**reopened.feedback()[0], "rating": -1, "comment": "too vague", "message_id": mid}
    assert reopened.feedback()[0]["answer"] == "Which service?"  # the rated answer, read in the same query
    assert [s.id for s in reopened.list()] == [session.id]


def test_sessions_are_separate(store):
    a, b = store.create("A"), store.create("B")
    store.add_message(a.id, "user", "secret plan for A")
    assert store.messages(b.id) == []
    store.save_section(a.id, "digital", "A's digital plan", {}, [])
    assert store.plan(b.id) == []


def test_unknown_session(store):
    with pytest.raises(SessionNotFound, match="no session with id 'nope'"):
        store.get("nope")
    with pytest.raises(SessionNotFound):
        store.add_message("nope", "user", "x")
    with pytest.raises(SessionNotFound):
        store.save_state("nope", {})
    with pytest.raises(SessionNotFound):
        store.save_section("nope", "digital", "x", {}, [])


def test_a_session_opens_only_with_its_token(store):
    token = new_token()
    session = store.create("Mine", token=token)
    assert store.check_token(session.id, token)
    assert not store.check_token(session.id, new_token())
    assert not store.check_token(session.id, "") and not store.check_token(session.id, None)
    assert not store.check_token("nope", token) and not store.check_token("x" * 10_000, token)
    unbound = store.create("Made by the CLI")  # no token: no token opens it
    assert not store.check_token(unbound.id, token) and not store.check_token(unbound.id, "")
    with store.engine.connect() as connection:  # only the token's hash is stored
        stored = connection.execute(text("SELECT token_hash FROM sessions WHERE id = :id"), {"id": session.id}).scalar()
    assert stored and token not in stored and len(stored) == 64


def test_list_is_most_recent_first_and_limited(store):
    ids = [store.create(f"S{n}").id for n in range(5)]
    store.add_message(ids[1], "user", "touch")
    listed = [s.id for s in store.list(limit=3)]
    assert listed[0] == ids[1] and len(listed) == 3


def test_text_and_nested_state_survive_exactly(store):
    words = "Bürgerhaushalt · Orçamento Participativo · 参与式预算 — “quotes” 'and' \\ backslashes\n" * 500
    state = {"workflow": "engagement", "answers": {"goal": words[:80], "levels": [1, 2, {"deep": [None, True, 1.5]}]}}
    session = store.create("Ünïcode", state)
    store.add_message(session.id, "user", words)
    assert store.messages(session.id)[0].content == words
    assert store.get(session.id).state == state


def test_concurrent_writers_lose_nothing(store):
    session = store.create("busy")
    errors = []

    def write(worker: int) -> None:
        try:
            for n in range(10):
                store.add_message(session.id, "user", f"{worker}-{n}")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(m.content for m in store.messages(session.id)) == sorted(
        f"{w}-{n}" for w in range(4) for n in range(10)
    )


# --- schema versions -------------------------------------------------------------------------------


def test_a_new_database_is_at_the_newest_revision_and_matches_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    assert schema_revision(store.engine) == head_revision() == "0003"
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert "ix_sessions_updated_at" in {i["name"] for i in inspect(store.engine).get_indexes("sessions")}


def test_an_older_revision_is_upgraded_on_start_and_keeps_its_data(database_url):
    from alembic import command

    from assistant.sessions import _alembic_config

    engine = create_engine(database_url)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO sessions (id, title, state, created_at, updated_at) "
                "VALUES ('old-1', 'Kept', '{\"q\": 3}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    assert schema_revision(engine) == "0001"
    store = SessionStore(database_url)
    assert schema_revision(store.engine) == "0003"
    assert store.get("old-1").state == {"q": 3} and store.get("old-1").title == "Kept"
    assert not store.check_token("old-1", "")  # kept, bound to no token: the web app cannot open it


def test_a_database_made_before_versioning_is_stamped_then_upgraded(database_url):
    engine = create_engine(database_url)
    with engine.begin() as connection:  # the unversioned schema, as create_all made it
        for name in ("sessions", "messages", "plan_sections", "feedback"):
            table = Base.metadata.tables[name]
            table.create(connection)
        connection.execute(text("DROP INDEX ix_sessions_updated_at"))
        connection.execute(text("ALTER TABLE sessions DROP COLUMN token_hash"))
        connection.execute(
            text(
                "INSERT INTO sessions (id, title, state, created_at, updated_at) "
                "VALUES ('old-2', 'Before', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    assert schema_revision(engine) is None
    store = SessionStore(database_url)
    assert schema_revision(store.engine) == head_revision()
    assert [s.id for s in store.list()] == ["old-2"]


def test_stores_opening_together_migrate_once(database_url):
    errors, stores = [], []

    def open_store() -> None:
        try:
            stores.append(SessionStore(database_url))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(stores) == 4
    assert schema_revision(stores[0].engine) == head_revision()
    upgrade_schema(stores[0].engine)  # already at the newest revision: nothing to do, no error
    session = stores[1].create("shared")
    assert stores[3].get(session.id).title == "shared"


def test_an_unreachable_database_is_one_clear_line_without_the_password():
    with pytest.raises(SessionStoreError) as caught:
        SessionStore("postgresql+psycopg://coach:s3cret-pw@127.0.0.1:1/coach")
    message = str(caught.value)
    assert "cannot open the session store at postgresql+psycopg://coach:***@127.0.0.1:1/coach" in message
    assert "COACH_DATABASE_URL" in message and "s3cret-pw" not in message
    with pytest.raises(SessionStoreError, match="cannot open the session store"):
        SessionStore("nosuchdb://x/y")
