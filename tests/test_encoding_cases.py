"""Labelled mojibake cases (fixtures/encoding-cases.json), in the manner of ftfy's test suite.

Labels: ``in-the-wild`` (the shapes scraped pages carry), ``synthetic`` (text encoded in UTF-8
and decoded with a wrong codec), ``negative`` (looks odd, is correct: must pass unchanged) and
``known-failure`` (ftfy cannot undo it, so neither can cleaner: a strict xfail with the reason).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ftfy.bad_codecs  # registers the sloppy-windows-1252 codec
import pytest

import cleaner
from cleaner.filters.encoding import mojibake

CASES_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "encoding-cases.json"
CASES: list[dict[str, str]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
LABELS = {"in-the-wild", "synthetic", "negative", "known-failure"}
REPAIRED = {"in-the-wild", "synthetic"}
assert ftfy.bad_codecs  # imported for its codecs


def _params(cases: list[dict[str, str]]) -> list[Any]:
    params = []
    for case in cases:
        marks = []
        if case["label"] == "known-failure":
            marks.append(pytest.mark.xfail(strict=True, reason=case["comment"]))
        params.append(pytest.param(case, marks=marks, id=f"{case['label']}: {case['comment']}"))
    return params


def test_case_file_is_well_formed() -> None:
    """Every case has a known label; there are at least 40, negatives among them."""
    assert len(CASES) >= 40
    for case in CASES:
        assert set(case) == {"label", "comment", "original", "fixed"}, case
        assert case["label"] in LABELS, case
        assert (case["label"] == "negative") == (case["original"] == case["fixed"]), case
    assert sum(case["label"] == "negative" for case in CASES) >= 10


@pytest.mark.parametrize("case", _params(CASES))
def test_case(case: dict[str, str]) -> None:
    """The mojibake filter turns each case's original into its fixed text."""
    assert mojibake(case["original"]) == case["fixed"]


@pytest.mark.parametrize("case", _params([c for c in CASES if c["label"] in REPAIRED]))
def test_one_more_layer(case: dict[str, str]) -> None:
    """Metamorphic: the fixed text, broken once more, is repaired to the same text."""
    layered = case["fixed"].encode("utf-8").decode("sloppy-windows-1252")
    assert mojibake(layered) == case["fixed"]


@pytest.mark.parametrize("case", _params([c for c in CASES if c["label"] == "negative"]))
def test_negative_survives_every_repair(case: dict[str, str]) -> None:
    """Language safety: a negative case passes the whole minimal preset unchanged."""
    text = case["original"] + "\n"
    assert cleaner.clean(text, preset="minimal") == text


def test_surrogate_pair_is_joined() -> None:
    """A surrogate pair (which JSON cannot hold unjoined) becomes the character it encodes."""
    assert mojibake("smile \ud83d\ude00") == "smile \U0001f600"
