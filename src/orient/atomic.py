"""Files replaced in one step: a reader sees the old file or the new one, never half of one.

The new content is written beside the file, flushed to disk, then renamed over it; when
writing fails or is interrupted, the old file stays and the temporary one goes.
"""

from __future__ import annotations

import os
from pathlib import Path


def replace_file(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``; ``durable`` also waits for the disk (imports, not caches).
    Raises :class:`OSError` when it cannot be done; the old file is then untouched."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_file(path: Path) -> bool:
    """Remove ``path``; False when there was nothing to remove. Raises :class:`OSError` otherwise."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
