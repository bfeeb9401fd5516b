"""Alembic environment: migrations run on the connection the session store hands over.

``SessionStore`` calls ``alembic.command.upgrade`` with its own connection in
``config.attributes["connection"]``; when Alembic is run by hand (``alembic -x url=... upgrade
head`` with ``script_location`` pointing here) the URL comes from ``-x url=`` or
``COACH_DATABASE_URL``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from assistant.sessions import Base

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("COACH_DATABASE_URL")
    if not url:
        raise SystemExit("name the database with -x url=... or COACH_DATABASE_URL")
    with create_engine(url).connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
