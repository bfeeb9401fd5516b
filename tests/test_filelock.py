"""The one inter-process lock the index, the guard and the session store share."""

from __future__ import annotations

import pytest

from assistant.filelock import exclusive, held


def test_the_lock_is_held_inside_and_released_after(tmp_path):
    path = tmp_path / "new" / "folder" / ".lock"
    with exclusive(path):
        assert path.is_file()
        assert held(path)
    assert not held(path)


def test_the_lock_is_released_when_the_body_raises(tmp_path):
    path = tmp_path / ".lock"
    path.write_text("kept")
    with pytest.raises(RuntimeError), exclusive(path):
        raise RuntimeError("failed while holding the lock")
    assert not held(path)
    assert path.read_text() == "kept"


def test_a_lock_file_that_does_not_exist_is_not_held_and_is_not_created(tmp_path):
    path = tmp_path / "missing" / ".lock"
    assert not held(path)
    assert not path.exists() and not path.parent.exists()
