"""Helpers of the fault tests (``test_faults_*.py``, ``test_concurrency.py``)."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import FIXTURES

BROKEN = FIXTURES / "broken"
MINI = FIXTURES / "mini"


def permissions_bind() -> bool:
    """Whether file permissions stop this process: not for root, unless it dropped the capability to
    override them (``os.geteuid()`` alone cannot tell); tried on a file of mode 000."""
    if os.name != "posix":
        return False
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "locked"
        path.write_bytes(b"")
        path.chmod(0)
        try:
            path.open("rb").close()
        except PermissionError:
            return True
        return False


needs_permissions = pytest.mark.skipif(not permissions_bind(), reason="permissions do not bind this user (root)")
posix = pytest.mark.skipif(os.name != "posix", reason="named pipes, symbolic links and signals as POSIX has them")


@contextmanager
def deadline(seconds: float = 10):
    """Fail, rather than hang, a block that blocks (reading a named pipe waits for a writer)."""

    def expired(*_args):
        raise TimeoutError(f"blocked for {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def mini_copy(tmp_path: Path) -> Path:
    """A copy of ``fixtures/mini``, to break."""
    target = tmp_path / "dataset"
    shutil.copytree(MINI, target)
    return target


def said(result, *words: str) -> str:
    """All a command wrote; asserts it names each of ``words`` and holds no traceback."""
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "Exception" not in text, text
    for word in words:
        assert word in text, (word, text)
    return text
