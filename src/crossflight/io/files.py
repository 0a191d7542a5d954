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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from crossflight.errors import InputError

__all__ = [
    "atomic_directory",
    "atomic_path",
    "atomic_paths",
    "check_output_path",
    "read_text_input",
    "write_text_atomic",
    "write_texts_atomic",
]


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
    extension (matplotlib) write the right one.  A missing directory, a directory given as
    the file or an unwritable place is an ``InputError`` naming ``field`` (e.g. ``--oem``).
    """
    target = check_output_path(path, field=field)
    directory = target.parent
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=target.suffix or ".tmp", dir=directory
        )
    except OSError as exc:
        raise _unwritable(target, field, exc) from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode_for(target))
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _unwritable(target, field, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _unwritable(target: Path, field: str | None, exc: OSError) -> InputError:
    why = exc.strerror.lower() if exc.strerror else "cannot write there"
    return InputError(
        f"cannot write the file ({why})",
        source=str(target),
        field=field,
        fix="give a file path in a directory you can write to",
    )


def check_output_path(path: str | os.PathLike[str], *, field: str | None = None) -> Path:
    """``path`` as a Path if a file can be written there, else an ``InputError`` at once.

    Called before any work so that a long computation never ends in "cannot write": the path
    must not be a directory, its directory must exist and be writable, and an existing file
    there must be writable.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if str(path).endswith(("/", os.sep)) or target.is_dir():
        raise InputError(
            "is a directory, not a file",
            source=str(path),
            field=field,
            fix=f"give a file name inside it, e.g. {target / 'out'}{target.suffix}",
        )
    if not directory.is_dir():
        raise InputError(
            f"directory {directory} does not exist",
            source=str(target),
            field=field,
            fix="give a path in an existing directory (or create it first)",
        )
    if not os.access(directory, os.W_OK | os.X_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise InputError(
            "cannot write the file (permission denied)",
            source=str(target),
            field=field,
            fix="give a file path in a directory you can write to",
        )
    return target


@contextmanager
def atomic_paths(
    paths: Sequence[str | os.PathLike[str]], *, field: str | None = None
) -> Iterator[list[Path]]:
    """Yield one temporary path per target; when the block succeeds all replace their targets.

    An output *set* (a plan and its per-station plans, an OEM with its CZML and plot) appears
    whole or not at all: the files are written into a temporary directory beside each target,
    and only when every one is complete are they renamed into place.  Should a rename fail,
    the targets already replaced get their previous content back (or are removed), so a
    failure at any point leaves the old set, never a mix.
    """
    targets = [check_output_path(p, field=field) for p in paths]
    if len({t.resolve() for t in targets}) != len(targets):
        raise InputError(
            "the same file is given for two outputs",
            source=", ".join(str(t) for t in targets),
            field=field,
            fix="give each output its own file name",
        )
    stage: dict[Path, Path] = {}
    try:
        for t in targets:
            if t.parent.resolve() not in stage:
                try:
                    made = tempfile.mkdtemp(prefix=".crossflight-", dir=t.parent)
                except OSError as exc:
                    raise _unwritable(t, field, exc) from None
                stage[t.parent.resolve()] = Path(made)
        staged = [stage[t.parent.resolve()] / f"{i}{t.suffix}" for i, t in enumerate(targets)]
        yield staged
        _commit(targets, staged, field)
    finally:
        for d in stage.values():
            shutil.rmtree(d, ignore_errors=True)


def _commit(targets: list[Path], staged: list[Path], field: str | None) -> None:
    """Rename every staged file over its target; on a failure undo the renames done so far."""
    for s in staged:
        if not s.is_file():
            raise InputError(
                "an output file was not written", source=str(s), field=field, fix="report this"
            )
    done: list[tuple[Path, Path | None]] = []
    try:
        for i, (t, s) in enumerate(zip(targets, staged, strict=True)):
            os.chmod(s, _mode_for(t))
            backup: Path | None = None
            if t.exists():
                backup = s.with_name(f"backup-{i}")
                os.replace(t, backup)
            done.append((t, backup))
            os.replace(s, t)
    except OSError as exc:
        for t, backup in reversed(done):
            if backup is not None and backup.exists():
                os.replace(backup, t)
            elif backup is None:
                t.unlink(missing_ok=True)
        raise _unwritable(t, field, exc) from None


def write_texts_atomic(files: Mapping[Path, str], *, field: str | None = None) -> list[Path]:
    """Write several UTF-8 text files as one set: all of them or none (see :func:`atomic_paths`)."""
    with atomic_paths(list(files), field=field) as tmps:
        for tmp, text in zip(tmps, files.values(), strict=True):
            tmp.write_text(text, encoding="utf-8")
    return [Path(p) for p in files]


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
    except IsADirectoryError:
        raise error("is a directory, not a file", source=str(p), fix=fix) from None
    except UnicodeDecodeError as exc:
        raise error(
            f"cannot read: not {encoding.removesuffix('-sig').upper()} text (byte {exc.start})",
            source=str(p),
            fix=fix,
        ) from None
    except OSError as exc:
        why = exc.strerror.lower() if exc.strerror else "cannot read it"
        raise error(f"cannot read: {why}", source=str(p), fix=fix) from None
