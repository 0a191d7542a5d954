"""Atomic file output: every file crossflight writes appears whole or not at all.

The text (or the file a library writes, e.g. a matplotlib figure) goes to a temporary file in
the target's directory, which is then renamed over the target with ``os.replace`` (atomic on
POSIX and Windows).  On any error the temporary file is removed and the target is untouched.
The new file gets the mode an existing target had, else what ``open()`` would have given.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crossflight.errors import InputError

__all__ = ["atomic_directory", "atomic_path", "read_text_input", "write_text_atomic"]


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_path(path: str | os.PathLike[str], *, field: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block succeeds it replaces ``path``.

    The temporary name keeps the target's suffix, so libraries that infer the format from the
    extension (matplotlib) write the right one.  A missing directory is an ``InputError``
    naming ``field`` (e.g. ``--oem``).
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(
            f"directory {directory} does not exist",
            source=str(target),
            field=field,
            fix="give a path in an existing directory",
        )
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=target.suffix or ".tmp", dir=directory
    )
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_directory(path: str | os.PathLike[str], *, field: str | None = None) -> Iterator[Path]:
    """Yield a fresh temporary directory beside ``path``; when the block succeeds it becomes
    ``path`` (an existing directory there is replaced).  On error nothing changes at ``path``.
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(
            f"directory {parent} does not exist",
            source=str(target),
            field=field,
            fix="give an output directory inside an existing one",
        )
    if target.exists() and not target.is_dir():
        raise InputError(
            "exists and is not a directory",
            source=str(target),
            field=field,
            fix="give a directory name (it is created or replaced)",
        )
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.replace(target, old / "d")
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_text_atomic(
    path: str | os.PathLike[str],
    text: str,
    *,
    field: str | None = None,
    newline: str | None = None,
) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; ``newline=""`` keeps CRLF as given."""
    with (
        atomic_path(path, field=field) as tmp,
        tmp.open("w", encoding="utf-8", newline=newline) as fh,
    ):
        fh.write(text)
    return Path(path)


def read_text_input(
    path: str | os.PathLike[str],
    *,
    error: type[InputError] = InputError,
    fix: str,
    encoding: str = "utf-8",
) -> str:
    """The text of a user's input file, or ``error`` as one line naming the file and the fix.

    ``encoding="utf-8-sig"`` also accepts a UTF-8 byte-order mark (element-set files).
    """
    p = Path(path)
    try:
        return p.read_text(encoding=encoding)
    except FileNotFoundError:
        raise error("file not found", source=str(p), fix=fix) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read: {exc.__class__.__name__}", source=str(p), fix=fix) from None
