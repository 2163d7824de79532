"""A fuzz target for the CLI's input decoding: any bytes (every encoding, with or without a
byte order mark, cut short, with garbage around them) decode to text or are refused with an
InputError, never another exception; and the CLI on such a file exits 0 or 1.

Under the usual profiles this runs a few hundred examples. A long run, not in CI:

    HYPOTHESIS_PROFILE=fuzz python -m pytest -p no:cacheprovider tests/test_faults_decoding.py

(the ``fuzz`` profile is registered in tests/conftest.py; any registered profile can be named).
"""

from __future__ import annotations

import codecs
import contextlib
import io as stdio
import tempfile
from pathlib import Path

from hypothesis import assume, example, given
from hypothesis import strategies as st

from cleaner import io
from cleaner.cli import main
from cleaner.errors import InputError
from tests.strategies import any_text

ENCODINGS = [
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
    "cp1252", "latin-1", "cp1251", "koi8-r", "cp1250", "cp1253", "shift_jis", "euc_jp", "gb18030",
    "big5", "euc_kr", "iso8859_7", "mac_roman", "cp437",
]  # fmt: skip
BOMS = [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE]  # fmt: skip
FALLBACKS = [None, "cp1252", "latin-1", "utf-16", "utf-16-be", "utf-32-le", "shift_jis", "ascii"]


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """Text in some encoding (what it cannot encode replaced), maybe behind a byte order mark
    that may not match it, maybe cut at any byte, maybe with random bytes before or after."""
    text = draw(st.one_of(any_text, st.text(max_size=200)))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        data = draw(st.sampled_from(BOMS)) + data
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        data = draw(st.binary(max_size=16)) + data + draw(st.binary(max_size=16))
    return data


any_bytes = st.one_of(st.binary(max_size=512), encoded())


@given(data=any_bytes, fallback=st.sampled_from(FALLBACKS), detect=st.booleans())
@example(data=codecs.BOM_UTF16_LE + b"a", fallback=None, detect=True)
@example(data=codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff", fallback=None, detect=True)
@example(data=b"\x00" * 3, fallback="utf-16", detect=True)
@example(data=b"\xff\xfe\x00\x00", fallback=None, detect=True)  # a UTF-32 BOM, nothing after
@example(data=b"\xe9" * 7, fallback=None, detect=True)
def test_decoding_gives_text_or_an_input_error(
    data: bytes, fallback: str | None, detect: bool
) -> None:
    """decode_text gives a str, or raises InputError naming the input; nothing else."""
    try:
        decoded = io.decode_text(data, fallback=fallback, name="x.txt", detect_encoding=detect)
    except InputError as exc:
        assert str(exc).startswith("x.txt: ")
        return
    assert isinstance(decoded.text, str)


@given(text=st.text(max_size=300), encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
@example(text="\x000", encoding="utf-16")  # FF FE 00 00 30 00: the UTF-32 LE mark, then not UTF-32
def test_a_bom_decides_the_encoding(text: str, encoding: str) -> None:
    """Text written with a byte order mark (Python's utf-16 and utf-32 write one) reads back as
    itself, whatever the fallback; UTF-8 with its BOM too, but for NUL bytes (binary)."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates: not encodable
    assume(encoding != "utf-8" or "\x00" not in text)
    # UTF-16 LE's mark and a NUL character make UTF-32 LE's mark: when the rest is UTF-32 too,
    # as the whole of an even number of NULs is, it is read as UTF-32.
    assume(not (encoding == "utf-16" and text.startswith("\x00") and len(text) % 2 == 1))
    data = text.encode("utf-8-sig" if encoding == "utf-8" else encoding)
    assert io.decode_text(data, fallback="cp1252").text == text
    assert io.decode_text(data).text == text


@given(data=any_bytes, fallback=st.sampled_from(FALLBACKS))
def test_the_cli_on_any_bytes_exits_0_or_1(data: bytes, fallback: str | None) -> None:
    """`python -m cleaner FILE OUT` on a file of any bytes cleans it (exit 0) or names it with
    the reason (exit 1); it never raises."""
    args = ["--preset", "minimal", "-q"] + (["--fallback-encoding", fallback] if fallback else [])
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder, "in.txt"), Path(folder, "out.txt")
        src.write_bytes(data)
        err = stdio.StringIO()
        with contextlib.redirect_stderr(err):
            status = main([str(src), str(out), *args])
        assert status in (0, 1), err.getvalue()
        assert out.exists() == (status == 0)
        if status == 1:
            assert err.getvalue().startswith(f"cleaner: {src}: "), err.getvalue()
