"""The session store: sessions, messages, plan sections and feedback persist."""

from __future__ import annotations

import pytest

from assistant.sessions import SessionNotFound, SessionStore


@pytest.fixture
def store(tmp_path):
    return SessionStore(f"sqlite:///{tmp_path / 'sessions.db'}")


def test_round_trip_and_reopen(store, tmp_path):
    session = store.create("Objectives", {"workflow": "objectives", "q": 0})
    store.add_message(session.id, "user", "Bins")
    mid = store.add_message(session.id, "assistant", "Which service?", {"citations": [{"n": 1}]})
    store.save_state(session.id, {"workflow": "objectives", "q": 1}, title="Bin objectives")
    store.save_section(session.id, "objectives", "Cut missed bins", {"score": 1.0, "checks": []}, [{"n": 1, "doc_id": "x.md"}])
    store.save_section(session.id, "objectives", "Cut missed bins by 2027", {"score": 1.0, "checks": []}, [])
    store.add_feedback(session.id, -1, "too vague", mid)

    reopened = SessionStore(f"sqlite:///{tmp_path / 'sessions.db'}")
    record = reopened.get(session.id)
    assert record.title == "Bin objectives" and record.state["q"] == 1
    messages = reopened.messages(session.id)
    assert [m.role for m in messages] == ["user", "assistant"] and messages[1].meta["citations"] == [{"n": 1}]
    plan = reopened.plan(session.id)
    assert len(plan) == 1 and plan[0].content == "Cut missed bins by 2027"
    assert reopened.feedback()[0] == {**reopened.feedback()[0], "rating": -1, "comment": "too vague", "message_id": mid}
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
