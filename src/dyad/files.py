"""Output files written safely: to a temporary file beside the target, then renamed over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, write: Callable[[str], None]) -> None:
    """Write to a temporary file beside ``path`` and rename it over ``path``: never a half file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def text_writer(text: str) -> Callable[[str], None]:
    """A ``write`` for :func:`write_atomically` that writes ``text`` as UTF-8."""
    def write(target: str) -> None:
        Path(target).write_text(text, encoding="utf-8")

    return write
