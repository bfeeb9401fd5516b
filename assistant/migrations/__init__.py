"""Alembic migrations for the session store's schema (applied by ``SessionStore`` on start)."""
