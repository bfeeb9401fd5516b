"""The one boundary to the session store: conversations, workflow state, plans, feedback.

SQLite under the data directory by default; any SQLAlchemy URL works
(``COACH_DATABASE_URL=postgresql+psycopg://...``). Each write is its own transaction, so a
crash loses at most the turn in flight, and several app replicas can share one PostgreSQL
database because no session state lives in a process.

The schema is versioned with Alembic (``assistant/migrations``). Opening a store upgrades its
database to the newest revision; a database made before versioning is recognised and stamped
first. Concurrent starts are serialised (an advisory lock on PostgreSQL, a lock file beside a
SQLite database), so replicas starting together migrate once.

A session made for the web app is bound to a secret token held by its browser or API client:
the store keeps only the token's SHA-256 and :meth:`SessionStore.check_token` compares in
constant time. Sessions made without one (by the CLI, or before tokens existed) match no token.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from .errors import SessionStoreError
from .filelock import exclusive


def safe_url(url: str) -> str:
    """The database URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(the URL in COACH_DATABASE_URL)"


class SessionNotFound(KeyError):
    def __str__(self) -> str:
        return f"no session with id '{self.args[0]}'"


def _now() -> datetime:
    return datetime.now(UTC)


def new_token() -> str:
    """A fresh session token (256 random bits)."""
    return secrets.token_urlsafe(32)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class MessageRow(Base):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class SectionRow(Base):
    __tablename__ = "plan_sections"
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    workflow: Mapped[str] = mapped_column(String(32), primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    scorecard: Mapped[dict] = mapped_column(JSON, default=dict)
    citations: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class FeedbackRow(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass
class Message:
    id: int
    role: str
    content: str
    meta: dict


@dataclass
class PlanSection:
    workflow: str
    content: str
    scorecard: dict
    citations: list
    updated_at: datetime


@dataclass
class CoachSession:
    id: str
    title: str
    state: dict = field(default_factory=dict)
    updated_at: datetime | None = None


class SessionStore:
    def __init__(self, url: str):
        self.url = url
        connect_args = (
            {"timeout": 30, "check_same_thread": False} if url.startswith("sqlite") else {"connect_timeout": 10}
        )
        try:
            self.engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True)
            if url.startswith("sqlite"):
                event.listen(self.engine, "connect", _sqlite_pragmas)
            upgrade_schema(self.engine)
        except (SQLAlchemyError, ImportError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise SessionStoreError(
                f"cannot open the session store at {safe_url(url)}: {reason} (check COACH_DATABASE_URL)"
            ) from exc
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    # sessions
    def create(self, title: str = "", state: dict | None = None, token: str | None = None) -> CoachSession:
        """A new session; bound to ``token`` when one is given (see :func:`new_token`)."""
        row = SessionRow(
            id=str(uuid.uuid4()), title=title[:200], state=state or {}, token_hash=_digest(token) if token else None
        )
        with self._session.begin() as db:
            db.add(row)
        return CoachSession(row.id, row.title, dict(row.state), row.updated_at)

    def get(self, session_id: str) -> CoachSession:
        with self._session() as db:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise SessionNotFound(session_id)
            return CoachSession(row.id, row.title, dict(row.state or {}), row.updated_at)

    def check_token(self, session_id: str | None, token: str | None) -> bool:
        """True when ``session_id`` names a session bound to ``token``."""
        if not session_id or not token or len(session_id) > 64:
            return False
        with self._session() as db:
            expected = db.scalar(select(SessionRow.token_hash).where(SessionRow.id == session_id))
        return expected is not None and hmac.compare_digest(_digest(token), expected)

    def save_state(self, session_id: str, state: dict, title: str | None = None) -> None:
        with self._session.begin() as db:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise SessionNotFound(session_id)
            row.state = dict(state)
            if title is not None:
                row.title = title[:200]
            row.updated_at = _now()

    def list(self, limit: int = 50) -> list[CoachSession]:
        with self._session() as db:
            rows = db.scalars(select(SessionRow).order_by(SessionRow.updated_at.desc()).limit(limit)).all()
            return [CoachSession(r.id, r.title, dict(r.state or {}), r.updated_at) for r in rows]

    # messages
    def add_message(self, session_id: str, role: str, content: str, meta: dict | None = None) -> int:
        with self._session.begin() as db:
            if db.get(SessionRow, session_id) is None:
                raise SessionNotFound(session_id)
            row = MessageRow(session_id=session_id, role=role, content=content, meta=meta or {})
            db.add(row)
            db.flush()
            session = db.get(SessionRow, session_id)
            assert session is not None  # checked above, in this transaction
            session.updated_at = _now()
            return row.id

    def messages(self, session_id: str) -> builtins.list[Message]:
        with self._session() as db:
            rows = db.scalars(
                select(MessageRow).where(MessageRow.session_id == session_id).order_by(MessageRow.id)
            ).all()
            return [Message(r.id, r.role, r.content, dict(r.meta or {})) for r in rows]

    # plan
    def save_section(
        self, session_id: str, workflow: str, content: str, scorecard: dict, citations: builtins.list
    ) -> None:
        with self._session.begin() as db:
            if db.get(SessionRow, session_id) is None:
                raise SessionNotFound(session_id)
            row = db.get(SectionRow, (session_id, workflow))
            if row is None:
                row = SectionRow(session_id=session_id, workflow=workflow)
                db.add(row)
            row.content, row.scorecard, row.citations, row.updated_at = content, scorecard, citations, _now()

    def plan(self, session_id: str) -> builtins.list[PlanSection]:
        with self._session() as db:
            rows = db.scalars(select(SectionRow).where(SectionRow.session_id == session_id)).all()
            return [
                PlanSection(r.workflow, r.content, dict(r.scorecard or {}), list(r.citations or []), r.updated_at)
                for r in rows
            ]

    # feedback
    def add_feedback(self, session_id: str, rating: int, comment: str = "", message_id: int | None = None) -> None:
        with self._session.begin() as db:
            if db.get(SessionRow, session_id) is None:
                raise SessionNotFound(session_id)
            db.add(FeedbackRow(session_id=session_id, message_id=message_id, rating=rating, comment=comment[:2000]))

    def feedback(self, limit: int = 200) -> builtins.list[dict]:
        """The newest feedback first, each with the start of the answer it rates (``answer``)."""
        with self._session() as db:
            rows = db.execute(
                select(FeedbackRow, MessageRow.content)
                .outerjoin(MessageRow, MessageRow.id == FeedbackRow.message_id)
                .order_by(FeedbackRow.id.desc())
                .limit(limit)
            ).all()
            return [
                {
                    "session_id": r.session_id,
                    "message_id": r.message_id,
                    "rating": r.rating,
                    "comment": r.comment,
                    "created_at": r.created_at.isoformat() if r.created_at else "",
                    "answer": (content or "")[:200],
                }
                for r, content in rows
            ]


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the schema as it was before it was versioned
_LOCK_KEY = 7_260_001  # the PostgreSQL advisory lock held while migrating


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    if head is None:
        raise SessionStoreError(f"no migrations found in {MIGRATIONS}")
    return head


def schema_revision(engine) -> str | None:
    """The revision the database is at (``None`` for an empty or unversioned database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_lock(engine):
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        with exclusive(path.with_name(path.name + ".migrate-lock")):
            yield
    else:
        yield


def upgrade_schema(engine) -> None:
    """Bring the database to the newest schema revision, in one transaction."""
    from alembic import command

    with _migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        tables = set(inspect(connection).get_table_names())
        config = _alembic_config(connection)
        if "sessions" in tables and "alembic_version" not in tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
