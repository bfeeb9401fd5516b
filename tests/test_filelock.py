"""The one inter-process lock the index, the guard and the session store share."""

from __future__ import annotations

import fcntl

import pytest

from assistant.filelock import exclusive


def _try_lock(path) -> bool:
    """Whether another open of ``path`` could take the lock now (as another process would)."""
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def test_the_lock_is_held_inside_and_released_after(tmp_path):
    path = tmp_path / "new" / "folder" / ".lock"
    with exclusive(path):
        assert path.is_file()
        assert not _try_lock(path)
    assert _try_lock(path)


def test_the_lock_is_released_when_the_body_raises(tmp_path):
    path = tmp_path / ".lock"
    path.write_text("kept")
    with pytest.raises(RuntimeError), exclusive(path):
        raise RuntimeError("failed while holding the lock")
    assert _try_lock(path)
    assert path.read_text() == "kept"
