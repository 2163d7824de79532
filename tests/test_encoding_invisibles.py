"""Invisible characters and normal forms: what goes, what stays because it carries meaning."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.filters.encoding import normalize
from cleaner.filters.whitespace import whitespace

# Invisible characters with no meaning in running text: the whitespace filter removes them.
REMOVED = [
    *(chr(c) for c in range(0x00, 0x09)),
    *(chr(c) for c in range(0x0E, 0x20)),
    *(chr(c) for c in range(0x7F, 0xA0)),  # DEL and the C1 controls
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
    "\ufeff",  # BOM, zero-width no-break space
]
# Invisible characters that carry meaning: the whitespace filter keeps every one.
KEPT = [
    "\u200c",  # ZWNJ: Persian, Indic conjuncts
    "\u200d",  # ZWJ: emoji sequences, Indic half forms
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    *(chr(c) for c in range(0x202A, 0x202F)),  # bidi embeddings and overrides
    *(chr(c) for c in range(0x2066, 0x206A)),  # bidi isolates
    "\ufe0f",  # emoji presentation selector
    "\U000e0067",  # tag letter (subdivision flags)
    "\u034f",  # combining grapheme joiner
    "\u180e",  # Mongolian vowel separator
]
word = st.sampled_from(["a", "Ω", "ж", "東", "ع", "ש", "क", "👩", " ", "\n"])


@given(st.lists(st.one_of(word, st.sampled_from(REMOVED), st.sampled_from(KEPT))))
def test_removes_meaningless_keeps_meaningful(parts: list[str]) -> None:
    """No removable invisible survives, and every meaningful one survives, in order."""
    text = "".join(parts)
    out = whitespace(text)
    assert not set(out) & set(REMOVED)
    kept_in = [c for c in text if c in KEPT]
    assert [c for c in out if c in KEPT] == kept_in


def test_nfc_by_default() -> None:
    """Combining sequences compose; compatibility characters are kept."""
    assert normalize("Cafe\u0301 \ufb01 \uff21 x\u00b2") == "Caf\u00e9 \ufb01 \uff21 x\u00b2"


def test_nfkc_on_request() -> None:
    """NFKC folds ligatures, full-width forms and superscripts, but only when asked."""
    assert normalize("Cafe\u0301 \ufb01 \uff21 x\u00b2", form="NFKC") == "Caf\u00e9 fi A x2"


@given(st.text())
def test_normalize_is_unicodedata(text: str) -> None:
    """The normalize filter is unicodedata.normalize with NFC, whatever the text."""
    assert normalize(text) == unicodedata.normalize("NFC", text)


def test_bad_form_is_refused() -> None:
    """An unknown normal form is an error when the pipeline is built."""
    with pytest.raises(ValueError, match="NFC"):
        normalize("x", form="NFD")  # type: ignore[arg-type]
