"""Corpus files: compression from the suffix, local or remote paths, folders and globs, markers.

- Compression is read from the file name: ``.gz``, ``.bz2`` and ``.xz`` with the standard
  library, ``.zst`` with zstandard. Compressed outputs are reproducible: a gzip header carries no
  time or name, and the compressor is fed fixed-size blocks, so the same records give the same
  bytes however they were chunked.
- A path with a scheme (``s3://``, ``gs://``, ``hf://``, ``memory://``, ``file://``) goes through
  fsspec (``pip install cleaner[fsspec]``); any other path is a local file.
- Every output is written to a temporary name beside it and renamed into place, so a reader (or a
  rerun after a crash) never finds half a file; a completion marker beside the output says which
  input, pipeline and settings made it, so a rerun skips what is complete.
"""

from __future__ import annotations

import bz2
import contextlib
import glob
import gzip
import json
import lzma
import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from cleaner.errors import ConfigError, InputError
from cleaner.io import renamed_into_place, temp_beside, why_missing

COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")
RECORD_SUFFIXES = (".jsonl", ".ndjson")
BLOCK = 1 << 20  # bytes fed to a compressor at a time, whatever the chunking
MARKER_SUFFIX = ".done"


def missing_extra(module: str, extra: str, what: str) -> ConfigError:
    """The error for an optional dependency that is not installed."""
    return ConfigError(
        f"{what} needs {module}, which is not installed: pip install 'cleaner[{extra}]'"
    )


def is_remote(path: str) -> bool:
    """True for a path with a scheme, such as ``s3://bucket/x.jsonl.gz``."""
    return "://" in path


def _fs(path: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError:
        raise missing_extra("fsspec", "fsspec", f"the remote path {path!r}") from None
    try:
        fs, inner = fsspec.core.url_to_fs(path)
    except (ImportError, ValueError) as exc:  # no package for the protocol, or an unknown one
        raise ConfigError(f"cannot open {path!r}: {exc}") from None
    return fs, str(inner)


def compression(name: str) -> str | None:
    """The compression a file name asks for: ``.gz``, ``.bz2``, ``.xz``, ``.zst`` or None."""
    for suffix in COMPRESSIONS:
        if name.endswith(suffix):
            return suffix
    return None


def is_record_file(name: str) -> bool:
    """True for ``x.jsonl``, ``x.ndjson``, their compressed forms (``x.jsonl.zst``) and
    ``x.parquet``."""
    if name.endswith(".parquet"):
        return True
    suffix = compression(name)
    base = name[: -len(suffix)] if suffix else name
    return base.endswith(RECORD_SUFFIXES)


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError:
        raise ConfigError("a .zst file needs zstandard: pip install zstandard") from None
    return zstandard


def _decompressing(raw: BinaryIO, name: str) -> BinaryIO:
    kind = compression(name)
    if kind == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if kind == ".bz2":
        return bz2.BZ2File(raw, "rb")  # type: ignore[return-value]
    if kind == ".xz":
        return lzma.LZMAFile(raw, "rb")  # type: ignore[return-value]
    if kind == ".zst":
        return _zstd().ZstdDecompressor().stream_reader(raw, read_across_frames=True)  # type: ignore[no-any-return]
    return raw


@contextlib.contextmanager
def open_read(path: str) -> Iterator[BinaryIO]:
    """The decompressed bytes of a local or remote file; ``-`` is stdin."""
    with contextlib.ExitStack() as stack:
        if path == "-":
            import sys

            raw: BinaryIO = sys.stdin.buffer
            path = _sniff(raw)
        elif is_remote(path):
            fs, inner = _fs(path)
            raw = stack.enter_context(fs.open(inner, "rb"))
        else:
            raw = stack.enter_context(open(path, "rb"))
        yield stack.enter_context(contextlib.closing(_decompressing(raw, path)))


# The first bytes of each compressed format, for stdin, which has no name to go by.
_MAGIC = {b"\x1f\x8b": ".gz", b"BZh": ".bz2", b"\xfd7zXZ\x00": ".xz", b"\x28\xb5\x2f\xfd": ".zst"}


def _sniff(stream: BinaryIO) -> str:
    """A name with the suffix of the compression ``stream`` starts with ("-" when none)."""
    peek = getattr(stream, "peek", None)
    head = peek(8)[:8] if peek is not None else b""
    for magic, suffix in _MAGIC.items():
        if head.startswith(magic):
            return f"-{suffix}"
    return "-"


def read_blocks(stream: BinaryIO, size: int) -> Iterator[bytes]:
    """Whole lines, about ``size`` bytes at a time (at least one line each)."""
    carry = b""
    while True:
        try:
            block = stream.read(max(size, 1))
        except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:
            raise InputError(f"cannot read: {exc}") from None
        except Exception as exc:  # zstandard.ZstdError derives from Exception only
            if type(exc).__name__ == "ZstdError":
                raise InputError(f"cannot read: {exc}") from None
            raise
        if not block:
            if carry:
                yield carry + b"\n"
            return
        block = carry + block
        cut = block.rfind(b"\n")
        if cut < 0:
            carry = block
            continue
        carry = block[cut + 1 :]
        yield block[: cut + 1]


class _Blocks:
    """Feeds a compressor fixed-size blocks, so its output does not depend on the chunking."""

    def __init__(self, sink: IO[bytes]) -> None:
        self.sink = sink
        self.buffer = bytearray()

    def write(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) >= BLOCK:
            whole = len(self.buffer) - len(self.buffer) % BLOCK
            view = memoryview(self.buffer)
            for start in range(0, whole, BLOCK):
                self.sink.write(view[start : start + BLOCK])
            view.release()
            del self.buffer[:whole]

    def flush(self) -> None:
        if self.buffer:
            self.sink.write(bytes(self.buffer))
            self.buffer.clear()


@contextlib.contextmanager
def _compressing(raw: BinaryIO, name: str) -> Iterator[_Blocks]:
    kind = compression(name)
    sink: Any
    if kind == ".gz":
        sink = gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=6, mtime=0)
    elif kind == ".bz2":
        sink = bz2.BZ2File(raw, "wb")
    elif kind == ".xz":
        sink = lzma.LZMAFile(raw, "wb")  # noqa: SIM115 - closed below
    elif kind == ".zst":
        sink = _zstd().ZstdCompressor(level=3).stream_writer(raw, closefd=False)
    else:
        sink = raw
    blocks = _Blocks(sink)
    yield blocks
    blocks.flush()
    if sink is not raw:
        sink.close()


def temp_prefix(name: str) -> str:
    """The prefix of the temporary files an output is written through."""
    return f".{name}."


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[_Blocks]:
    """A writer of uncompressed bytes that become ``path``, compressed as its name says, only when
    the ``with`` block ends without an error; on any error nothing is left behind."""
    if path == "-":
        import sys

        with _compressing(sys.stdout.buffer, "") as blocks:
            yield blocks
        sys.stdout.buffer.flush()
        return
    if is_remote(path):
        with _remote_output(path) as blocks:
            yield blocks
        return
    target = Path(path)
    fd, tmp = temp_beside(target, path)
    with (
        renamed_into_place(tmp, target, path),
        os.fdopen(fd, "wb") as raw,
        _compressing(raw, path) as blocks,
    ):
        yield blocks


@contextlib.contextmanager
def _remote_output(path: str) -> Iterator[_Blocks]:
    fs, inner = _fs(path)
    parent, name = posixpath.split(inner)
    tmp = posixpath.join(parent, f"{temp_prefix(name)}{os.getpid()}.tmp")
    try:
        fs.makedirs(parent, exist_ok=True)
        with fs.open(tmp, "wb") as raw, _compressing(raw, path) as blocks:
            yield blocks
        fs.mv(tmp, inner)
    except BaseException:
        with contextlib.suppress(Exception):
            fs.rm(tmp)
        raise


def remove_stale_temps(paths: list[str]) -> None:
    """Remove the temporary files a killed run left beside the outputs ``paths`` (and beside
    their markers): each folder is listed once."""
    by_folder: dict[str, set[str]] = {}
    for path in paths:
        if path == "-":
            continue
        head, name = posixpath.split(path) if is_remote(path) else os.path.split(path)
        by_folder.setdefault(head, set()).update({name, f".{name}{MARKER_SUFFIX}"})
    for folder, names in by_folder.items():
        for found in _stale(folder, names):
            if is_remote(folder):
                fs, inner = _fs(found)
                with contextlib.suppress(FileNotFoundError):
                    fs.rm(inner)
            else:
                Path(found).unlink(missing_ok=True)


def _stale(folder: str, names: set[str]) -> list[str]:
    """The temporary files in ``folder`` of outputs named in ``names``: ``.NAME.XXXX.tmp``."""
    try:
        if is_remote(folder):
            fs, inner = _fs(folder)
            listed = [(posixpath.basename(p), folder.rstrip("/") + "/" + posixpath.basename(p))
                      for p in fs.ls(inner, detail=False)]  # fmt: skip
        else:
            listed = [(e.name, e.path) for e in os.scandir(folder or ".")]
    except (FileNotFoundError, NotADirectoryError):
        return []
    stale = []
    for base, full in listed:
        if base.startswith(".") and base.endswith(".tmp"):
            name = base[1:-4].rpartition(".")[0]
            if name in names:
                stale.append(full)
    return stale


# -- markers ------------------------------------------------------------------------------------


def marker_path(path: str) -> str:
    """Where the completion marker of the output ``path`` lives: a hidden file beside it."""
    if is_remote(path):
        head, name = path.rsplit("/", 1)
        return f"{head}/.{name}{MARKER_SUFFIX}"
    target = Path(path)
    return str(target.parent / f".{target.name}{MARKER_SUFFIX}")


def read_marker(path: str) -> dict[str, Any] | None:
    """The marker of the output ``path``, or None when there is none (or it is unreadable)."""
    marker = marker_path(path)
    try:
        if is_remote(marker):
            fs, inner = _fs(marker)
            with fs.open(inner, "rb") as f:
                data = f.read()
        else:
            data = Path(marker).read_bytes()
        found = json.loads(data)
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def write_marker(path: str, content: dict[str, Any]) -> None:
    """Write the marker of the output ``path`` atomically."""
    data = json.dumps(content, sort_keys=True, indent=1).encode("utf-8") + b"\n"
    with atomic_output(marker_path(path)) as f:
        f.write(data)


def exists(path: str) -> bool:
    if is_remote(path):
        fs, inner = _fs(path)
        return bool(fs.exists(inner))
    return os.path.exists(path)


def identity(path: str) -> dict[str, Any]:
    """What tells one version of an input file from another: its size and modification time."""
    if path == "-":
        return {"path": "-"}
    if is_remote(path):
        fs, inner = _fs(path)
        info = fs.info(inner)
        found = {"path": path, "size": info.get("size")}
        for key in ("mtime", "LastModified", "ETag", "etag", "md5Hash", "created"):
            if key in info:
                found[key] = str(info[key])
        return found
    stat = os.stat(path)
    return {"path": os.path.abspath(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


# -- listing inputs -----------------------------------------------------------------------------


def _has_magic(path: str) -> bool:
    return glob.has_magic(path)


def record_inputs(source: str) -> tuple[list[tuple[str, str]], bool]:
    """The record files of ``source`` as (path, path relative to the root), in a stable order,
    and whether ``source`` names many files (a folder or a glob) rather than one.

    A folder gives every JSONL file under it (``.jsonl``, ``.ndjson`` and their compressed forms),
    recursively; a glob gives the files it matches, relative to the folder before its first
    wildcard; a file gives itself.
    """
    if source == "-":
        return [("-", "stdin.jsonl")], False
    if is_remote(source):
        return _remote_inputs(source)
    if _has_magic(source):
        root = _glob_root(source)
        found = sorted(p for p in glob.glob(source, recursive=True) if os.path.isfile(p))
        return [(p, os.path.relpath(p, root)) for p in found], True
    if os.path.isdir(source):
        files = []
        for folder, dirs, names in os.walk(source):
            dirs.sort()
            for name in sorted(names):
                if is_record_file(name):
                    full = os.path.join(folder, name)
                    files.append((full, os.path.relpath(full, source)))
        return files, True
    if not os.path.exists(source):
        raise InputError(why_missing(source))
    return [(source, os.path.basename(source))], False


def _glob_root(pattern: str) -> str:
    parts = pattern.split("/")
    plain = []
    for part in parts:
        if _has_magic(part):
            break
        plain.append(part)
    return "/".join(plain) or "."


def _remote_inputs(source: str) -> tuple[list[tuple[str, str]], bool]:
    fs, inner = _fs(source)
    protocol = source.split("://", 1)[0]

    def url(p: str) -> str:
        return (
            str(fs.unstrip_protocol(p)) if hasattr(fs, "unstrip_protocol") else f"{protocol}://{p}"
        )

    if _has_magic(inner):
        root = _glob_root(inner)
        found = sorted(p for p in fs.glob(inner) if fs.isfile(p))
        return [(url(p), posixpath.relpath(p, root)) for p in found], True
    if fs.isdir(inner):
        found = sorted(p for p in fs.find(inner) if is_record_file(posixpath.basename(p)))
        return [(url(p), posixpath.relpath(p, inner.rstrip("/"))) for p in found], True
    if not fs.exists(inner):
        raise InputError(f"IN {source!r} does not exist")
    return [(source, posixpath.basename(inner))], False


def join(folder: str, relative: str) -> str:
    """``relative`` under the output ``folder``, local or remote."""
    if is_remote(folder):
        return folder.rstrip("/") + "/" + relative.replace(os.sep, "/")
    return os.path.join(folder, relative)


def shard_name(path: str, index: int, count: int) -> str:
    """The output of shard ``index`` of ``count`` of one file: ``out.jsonl.gz`` becomes
    ``out.00001-of-00004.jsonl.gz``.

    >>> shard_name("out/part.jsonl.zst", 1, 4)
    'out/part.00001-of-00004.jsonl.zst'
    """
    head, name = posixpath.split(path) if is_remote(path) else os.path.split(path)
    stem, dot, rest = name.partition(".")
    tagged = f"{stem}.{index:05d}-of-{count:05d}{dot}{rest}"
    return posixpath.join(head, tagged) if is_remote(path) else os.path.join(head, tagged)
