"""One exclusive lock between processes on one machine: an ``flock`` on a small file.

The index takes it while it ingests, the guard while it trains its classifier into a shared
cache, and the session store while it migrates a SQLite database; a second process waits until
the first releases it (or exits: the operating system drops the lock of a killed process).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file at ``path`` (created, with its folder, if missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def held(path: Path) -> bool:
    """Whether some process holds the lock at ``path`` now (False when there is no such file); it
    never waits. For observers: ``coach``'s own code takes the lock with :func:`exclusive`."""
    try:
        handle = open(path)
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
