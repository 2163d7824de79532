"""Reading and writing files: the decoding policy, IN -> OUT paths, atomic writes.

Decoding policy, in this order:

1. A UTF-32 or UTF-16 byte order mark decodes the file in that encoding (the BOM is dropped).
2. Otherwise the file is read as UTF-8 (a leading BOM is dropped). A file with NUL bytes is taken
   for binary and refused, unless the fallback encoding is UTF-16 or UTF-32, where NULs are normal.
3. A file that is not valid UTF-8 is decoded with the fallback encoding when one is given
   (cp1252 is the usual one for legacy web text); the mojibake filter takes it from there.
4. Without a fallback, charset-normalizer (``pip install 'cleaner[detect]'``) guesses the
   encoding, and its guess is used only when it is confident (see :func:`detect`). Without the
   package, or when the guess is not confident, the file is an error naming the first bad byte.

Only regular files are read from a folder walk: FIFOs, devices and sockets (also behind a
symbolic link) are skipped, since reading them can block forever or never end. The size limit is
checked on the bytes actually read: at most ``max_bytes + 1`` are ever read.

Outputs are written to a temporary file beside the target and renamed over it, so a reader never
sees half a file and a failure leaves nothing behind. The temporary files of this process that are
not yet renamed are known (:func:`remove_pending_temps`), so a worker that is stopped removes them.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import regex

from cleaner.errors import ConfigError, InputError, OutputError

MAX_BYTES = 256 * 1024 * 1024
_LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# How sure charset-normalizer must be before its guess is used (see detect()).
_MOST_CHAOS = 0.05  # its "mess" ratio of the decoded text: 0 is tidy text
_LEAST_COHERENCE = 0.3  # how well the decoded text matches a language's letter frequencies
_RIVAL_CHAOS = 0.1  # another reading this tidy ...
_RIVAL_MARGIN = 0.1  # ... and this close in coherence, with other letters, is a doubt


@dataclass(frozen=True)
class Decoded:
    """A decoded text and how it was decoded: ``how`` is ``""`` for plain UTF-8, otherwise a
    short label for the report, such as ``"utf-16 (BOM)"`` or ``"cp1251 (detected)"``."""

    text: str
    how: str = ""


def check_encoding(name: str) -> None:
    """Raise :class:`ConfigError` unless ``name`` is a text encoding Python knows.

    >>> check_encoding("cp1252")
    >>> check_encoding("bogus-enc")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    cleaner.errors.ConfigError: --fallback-encoding 'bogus-enc' is not a text encoding Python ...
    """
    try:
        # LookupError for unknown names and for bytes codecs such as base64. Not b"": an empty
        # input is decoded without looking the codec up.
        b"a".decode(name, "replace")
    except (UnicodeError, ValueError):  # a text encoding that cannot read "a" alone
        pass
    except LookupError:
        raise ConfigError(
            f"--fallback-encoding {name!r} is not a text encoding Python knows; such as cp1252, "
            "latin-1, utf-16"
        ) from None


def _wide(encoding: str) -> bool:
    """True for UTF-16 and UTF-32 in any byte order, whose text is full of NUL bytes."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def decode_text(
    data: bytes, *, fallback: str | None = None, name: str = "input", detect_encoding: bool = True
) -> Decoded:
    """Decode a file's bytes by the policy above; raise :class:`InputError` saying why not.

    >>> decode_text(b"\\xff\\xfec\\x00a\\x00f\\x00\\xe9\\x00")
    Decoded(text='café', how='utf-16 (BOM)')
    >>> decode_text(b"caf\\xe9", fallback="cp1252")
    Decoded(text='café', how='cp1252 (fallback)')
    """
    # FF FE 00 00 is the UTF-32 LE mark, and also the UTF-16 LE mark before a NUL character:
    # UTF-32 is tried first, UTF-16 when the bytes are not UTF-32.
    marks = [encoding for bom, encoding in _BOMS if data.startswith(bom)]
    for encoding in marks:
        try:
            return Decoded(data.decode(encoding), f"{encoding} (BOM)")
        except UnicodeDecodeError as exc:
            if encoding == marks[-1]:
                raise InputError(
                    f"{name}: starts with a {encoding.upper()} byte order mark but is not "
                    f"{encoding.upper()} (bad bytes at offset {exc.start})"
                ) from None
    wide = fallback is not None and _wide(fallback)
    if not wide and b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks like a binary file (it has NUL bytes); skipped")
    if not wide:
        try:
            return Decoded(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            bad = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    else:
        bad = "not tried: the fallback is UTF-16 or UTF-32"
    if fallback is not None:
        try:
            return Decoded(data.decode(fallback), f"{fallback} (fallback)")
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot decode with fallback {fallback!r}: {exc}") from None
    guess = detect(data) if detect_encoding else None
    if guess is not None:
        return guess
    raise InputError(
        f"{name}: not valid UTF-8 ({bad}) and its encoding could not be told with confidence; "
        "pass --fallback-encoding cp1252 (or the file's encoding) to read it"
    )


def decode(data: bytes, *, fallback: str | None = None, name: str = "input") -> str:
    """The text of :func:`decode_text`.

    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9")
    'café'
    >>> decode(b"caf\\xe9", fallback="cp1252")
    'café'
    """
    return decode_text(data, fallback=fallback, name=name).text


def detect(data: bytes) -> Decoded | None:
    """charset-normalizer's guess at the encoding of ``data``, only when it is confident; None
    when it is not, or when the package is not installed.

    Its best guess is confident when the decoded text has little mess (chaos at most 0.05),
    reads as some language (coherence at least 0.3), and no other tidy reading (chaos at most
    0.1) gives a different text that reads almost as well (coherence within 0.1). Single-byte
    encodings of Latin-script text often tie (cp1252, cp1250 and cp1257 put different letters at
    the same bytes, and charset-normalizer's first pick is often the wrong one), and then the
    file is refused rather than decoded with letters it never had.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    found = list(from_bytes(data))
    if not found:
        return None
    best = found[0]
    if best.chaos > _MOST_CHAOS or best.coherence < _LEAST_COHERENCE:
        return None
    text = str(best)
    for rival in found[1:]:
        close = rival.chaos <= _RIVAL_CHAOS and rival.coherence > best.coherence - _RIVAL_MARGIN
        if close and str(rival) != text:
            return None
    return Decoded(text, f"{best.encoding} (detected)")


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str | None:
    """What a file that is not regular is, by its mode: "a FIFO", ...; None for a regular file."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def special_kind(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (following links), such as "a FIFO";
    None for a regular file, and for a path that cannot be examined (reading it says why)."""
    try:
        return _kind(os.stat(path).st_mode)
    except OSError:
        return None


def read_text(
    path: Path,
    *,
    fallback: str | None = None,
    max_bytes: int = MAX_BYTES,
    regular_only: bool = True,
    detect_encoding: bool = True,
) -> Decoded:
    """Read and decode one file, or raise :class:`InputError` saying why not.

    With ``regular_only`` a FIFO, device or socket is refused without blocking (it is opened
    non-blocking and examined before any read); without it (a file named on the command line,
    such as a shell's ``<(...)``) it is read like stdin. At most ``max_bytes + 1`` bytes are read.
    """
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if regular_only:
        flags |= getattr(os, "O_NONBLOCK", 0)  # opening a FIFO with no writer must not block
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with open(fd, "rb", buffering=0, closefd=True) as f:
        try:
            found = os.fstat(fd)
            kind = _kind(found.st_mode)
            if regular_only and kind is not None:
                raise InputError(f"{path}: {kind}, not a regular file; skipped")
            data = _read_at_most(f, max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > max_bytes:
        size = f"{found.st_size} bytes is" if kind is None else "it is"
        raise InputError(f"{path}: {size} over the limit of {max_bytes}; raise --max-bytes")
    return decode_text(data, fallback=fallback, name=str(path), detect_encoding=detect_encoding)


def _read_at_most(f: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``f``: a device such as /dev/zero never ends, so never read it
    all."""
    parts = []
    left = limit
    while left > 0:
        block = f.read(min(left, 1 << 20))
        if not block:
            break
        parts.append(block)
        left -= len(block)
    return b"".join(parts)


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
    fd, tmp = temp_beside(path)
    with renamed_into_place(tmp, path, path), os.fdopen(fd, "wb") as f:
        yield f


def temp_beside(target: Path, name: object = None) -> tuple[int, str]:
    """Create the temporary file ``.NAME.XXXX.tmp`` beside ``target`` (and its folder), listed
    at once among this process's pending temporary files; its descriptor and path. A failure is
    an :class:`OutputError` naming ``name`` (``target`` by default).

    A stop asked for with :func:`stop_when_safe` while the file is created and not yet listed
    waits until it is listed: a worker stopped in between would leave a temporary file that
    its handler does not know of.
    """
    global _CREATING
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _CREATING += 1
        try:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            _PENDING.add(tmp)
        finally:
            _CREATING -= 1
            _stop_if_asked()
    except OSError as exc:
        raise OutputError(f"{name or target}: cannot write: {exc.strerror}") from None
    return fd, tmp


# Signal handlers run in the main thread between two bytecodes, so a handler can land between
# creating a temporary file and listing it; these let it wait (see stop_when_safe).
_CREATING = 0
_STOP_ASKED: list[Callable[[], None]] = []


def stop_when_safe(stop: Callable[[], None]) -> None:
    """Run ``stop`` (a signal handler's work: remove the pending temporary files and exit) now,
    or, if a temporary file is being created, as soon as it is listed."""
    if _CREATING:
        _STOP_ASKED.append(stop)
    else:
        stop()


def _stop_if_asked() -> None:
    if not _CREATING and _STOP_ASKED:
        stop = _STOP_ASKED.pop()
        _STOP_ASKED.clear()
        stop()


# The temporary files this process has made and not yet renamed or removed (see
# remove_pending_temps): a worker that is told to stop removes them before it exits.
_PENDING: set[str] = set()


@contextlib.contextmanager
def renamed_into_place(tmp: str, target: str | Path, name: object) -> Iterator[None]:
    """Rename the temporary file ``tmp`` over ``target`` when the ``with`` block ends without an
    error; remove it on any error. An ``OSError`` becomes an :class:`OutputError` naming
    ``name``; any other error passes through.
    """
    _PENDING.add(tmp)
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
    finally:
        _PENDING.discard(tmp)


def forget_pending_temps() -> None:
    """Forget the temporary files listed so far, without removing them: what a forked worker
    does first, since those it inherited are its parent's to finish or remove."""
    _PENDING.clear()


def remove_pending_temps() -> None:
    """Remove this process's temporary files that are not renamed yet: what a process that must
    stop at once (and so cannot unwind its ``with`` blocks) does before it exits."""
    for tmp in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _PENDING.clear()


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


def why_missing(path: str) -> str:
    """Why the IN ``path``, which is not there, is not there: a loop of links, a broken link, or
    nothing at all.

    >>> why_missing("/no/such/file.txt")
    "IN '/no/such/file.txt' does not exist"
    """
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"IN {path!r} is a loop of symbolic links"
        if os.path.islink(path):
            return f"IN {path!r} is a broken symbolic link (to {os.readlink(path)!r})"
        if exc.errno != errno.ENOENT:
            return f"IN {path!r}: {exc.strerror}"
    return f"IN {path!r} does not exist"


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or lies inside it (after resolving links)."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents
