"""Output files written safely: to a temporary file beside the target, then renamed over it.

Only regular files are written: a target that is a symbolic link, a device, a pipe or a folder is
refused (renaming over a link would replace the link, writing through it would change another
file). A new file gets the permissions the umask allows, as ``open`` would give it; a file
written over keeps its own.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from dyad.errors import DyadError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The permissions of the file at ``path``: its own if it is there, else 0666 less the umask."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    if stat.S_ISLNK(found.st_mode):
        raise DyadError(f"{path} is a symbolic link: write to the file itself, or to a new name")
    if not stat.S_ISREG(found.st_mode):
        raise DyadError(f"{path} is not a regular file (a folder, device or pipe): give the name of a file to write")
    return stat.S_IMODE(found.st_mode)


def write_atomically(path: Path, write: Callable[[str], None]) -> None:
    """Write to a temporary file beside ``path`` and rename it over ``path``: never a half file."""
    path = Path(path)
    _mode_for(path)  # refuse a link or a device before doing any work
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, _mode_for(path))  # again: the target may have changed while we wrote
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def text_writer(text: str) -> Callable[[str], None]:
    """A ``write`` for :func:`write_atomically` that writes ``text`` as UTF-8."""
    def write(target: str) -> None:
        Path(target).write_text(text, encoding="utf-8")

    return write
