"""Reading and writing files: the decoding policy, IN -> OUT paths, atomic writes.

Decoding policy: files are read as UTF-8 (a leading BOM is dropped). A file that is not valid
UTF-8 is an error naming the first bad byte, unless a fallback encoding is given, in which case
it is decoded with that encoding (cp1252 is the usual one for legacy web text) and the mojibake
filter takes it from there. A file with NUL bytes is taken for binary and refused; so is a file
larger than the size limit. Outputs are written to a temporary file beside the target and renamed
over it, so a reader never sees half a file and a failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import regex

from cleaner.errors import InputError, OutputError

MAX_BYTES = 256 * 1024 * 1024
_LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def decode(data: bytes, *, fallback: str | None = None, name: str = "input") -> str:
    """Decode a file's bytes by the policy above.

    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9")
    'café'
    >>> decode(b"caf\\xe9", fallback="cp1252")
    'café'
    """
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks like a binary file (it has NUL bytes); skipped")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback is None:
            raise InputError(
                f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "pass --fallback-encoding cp1252 (or the file's encoding) to read it"
            ) from None
    try:
        return data.decode(fallback)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{name}: cannot decode with fallback {fallback!r}: {exc}") from None


def read_text(path: Path, *, fallback: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """Read and decode one file, or raise :class:`InputError` saying why not."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size} bytes is over the limit of {max_bytes}; raise --max-bytes"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return decode(data, fallback=fallback, name=str(path))


def encode(text: str) -> bytes:
    """UTF-8 bytes of a cleaned text; a lone surrogate that survived is written as U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` only when the ``with`` block ends without an error.

    It is a temporary file beside ``path``, renamed over it at the end; on any error it is
    removed, so ``path`` holds either its old content or the whole new one. Errors of the
    block itself pass through unchanged; failing to create, finish or rename the file is an
    :class:`OutputError`.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    with renamed_into_place(tmp, path, path), os.fdopen(fd, "wb") as f:
        yield f


@contextlib.contextmanager
def renamed_into_place(tmp: str, target: str | Path, name: object) -> Iterator[None]:
    """Rename the temporary file ``tmp`` over ``target`` when the ``with`` block ends without an
    error; remove it on any error. An ``OSError`` becomes an :class:`OutputError` naming
    ``name``; any other error passes through.
    """
    try:
        yield
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{name}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_writer(path) as f:
        f.write(data)


def text_files(root: Path) -> Iterator[Path]:
    """Every ``.txt`` file under ``root``, recursively, in a stable order (symlinked folders are
    not followed, so a link cannot make the walk loop)."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".txt"):
                yield Path(folder, name)


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or lies inside it (after resolving links)."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents
