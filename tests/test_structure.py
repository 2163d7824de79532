"""Structure filters beyond their goldens: options, Markdown output, and metamorphic properties."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cleaner
from cleaner.cli import main
from cleaner.filters.paragraphs import hyphenation, paragraphs
from cleaner.filters.structure import empty_headings, markdown
from tests.strategies import any_text, clean_prose, paragraph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED_000 = (ROOT / "seeds" / "000_14943787627ca127.txt").read_text("utf-8")
SEED_001 = (ROOT / "seeds" / "001_171e1d976bee6cf2.txt").read_text("utf-8")


def _lines(text: str) -> list[str]:
    return text.split("\n")


# -- the seeds ---------------------------------------------------------------------------------


def test_seed_headings_read_as_one_line_and_stand_alone() -> None:
    """Seed 000's broken-looking heading is one line; seed 001's glued heading stands alone."""
    lines = _lines(cleaner.clean(SEED_000))
    assert "Why is America objected to From Russia" in lines
    lines = _lines(cleaner.clean(SEED_001))
    i = lines.index("Russia separated from western countries")
    assert lines[i - 1] == "" and lines[i + 1] == ""


def test_markdown_on_the_api_marks_title_and_sections() -> None:
    """clean(text, format="markdown") marks the title # and the section headings ##."""
    lines = _lines(cleaner.clean(SEED_000, format="markdown"))
    assert lines[0].startswith("# Putin’s preparation to make SCO at par with NATO")
    assert "## Why is America objected to From Russia" in lines
    assert "## Russia’s inclination is positive" in lines
    assert not any(line.startswith("#") for line in _lines(cleaner.clean(SEED_000)))
    lines = _lines(cleaner.clean(SEED_001, format="markdown"))
    assert lines[0] == "# the whole plan to increase the troubles of western countries"
    assert "## Russia separated from western countries" in lines


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_markdown_only_adds_marks(seed: Path) -> None:
    """Markdown output is the plain output with '#' or '##' in front of some lines."""
    text = seed.read_text("utf-8")
    plain, marked = _lines(cleaner.clean(text)), _lines(cleaner.clean(text, format="markdown"))
    assert [line.lstrip("#").lstrip() for line in marked] == plain


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_cleaning_is_idempotent(seed: Path) -> None:
    """Cleaning a cleaned seed again changes nothing, in plain and Markdown output."""
    for options in ({}, {"format": "markdown"}, {"drop_empty_headings": True}):
        once = cleaner.clean(seed.read_text("utf-8"), **options)
        assert cleaner.clean(once, **options) == once


def test_drop_empty_headings_on_a_seed() -> None:
    """The option drops the headings of seed 000 with another heading right below them."""
    plain = _lines(cleaner.clean(SEED_000))
    dropped = _lines(cleaner.clean(SEED_000, drop_empty_headings=True))
    gone = [line for line in plain if line not in dropped]
    assert gone == [
        "Why is America objected to From Russia",
        "North Korea’s isolation",
        "North Korea’s closeness to China",
    ]
    assert "Russia’s inclination is positive" in dropped


def test_cli_format_markdown(tmp_path: Path) -> None:
    """--format markdown writes Markdown headings, even from a preset without the filter."""
    out = tmp_path / "out.txt"
    assert (
        main([str(ROOT / "seeds" / "001_171e1d976bee6cf2.txt"), str(out), "--format", "markdown"])
        == 0
    )
    assert "## Russia separated from western countries\n" in out.read_text("utf-8")
    assert (
        main(
            [
                str(ROOT / "seeds" / "000_14943787627ca127.txt"),
                str(out),
                "--preset",
                "minimal",
                "--format",
                "markdown",
            ]
        )
        == 0
    )
    assert out.read_text("utf-8").startswith("# Putin’s preparation")
    assert (
        main([str(ROOT / "seeds" / "001_171e1d976bee6cf2.txt"), str(out), "--format", "html"]) == 2
    )


def test_bad_format_fails_when_the_pipeline_is_built() -> None:
    """An unknown format is a ConfigError naming the valid ones, before any text is cleaned."""
    with pytest.raises(cleaner.ConfigError, match="plain, markdown"):
        cleaner.clean("Text.\n", format="html")


# -- properties of the options the default run does not use ------------------------------------


@given(text=any_text)
@example(text="# Title\n\nWhy now\n\nBody of it.\n")
def test_markdown_mode_is_idempotent_and_only_adds_marks(text: str) -> None:
    """Markdown output, run again, is unchanged; its words are the input's plus '#' marks."""
    once = markdown(text, format="markdown")
    assert markdown(once, format="markdown") == once
    added = Counter(once.split()) - Counter(text.split())
    assert set(added) <= {"#", "##"}
    assert Counter(text.split()) - Counter(once.split()) == Counter()


@given(text=any_text)
def test_markdown_is_off_in_plain_mode(text: str) -> None:
    """The default format changes nothing at all."""
    assert markdown(text) == text


@given(text=any_text)
@example(text="T\n\nA\n\nB\n\nC\n\nBody of it here.\n")
def test_drop_empty_headings_is_idempotent_and_only_deletes(text: str) -> None:
    """With the option, the filter only deletes lines, and a second run deletes nothing."""
    once = empty_headings(text, drop_empty_headings=True)
    assert empty_headings(once, drop_empty_headings=True) == once
    rest = iter(line for line in text.split("\n") if line.strip())
    assert all(any(line == other for other in rest) for line in once.split("\n") if line.strip())


@given(prose=clean_prose(), width=st.integers(45, 120))
@example(  # lines of 34 and 36 characters: too narrow to tell from verse (fixtures/paragraphs/)
    prose="The the river river river minister cooperation Regierung the the report minister.\n",
    width=45,
)
def test_hard_wrapped_prose_comes_back(prose: str, width: int) -> None:
    """Clean prose wrapped at a fixed width (two wrapped lines or more, the widest line of 40
    characters or more) is unwrapped back to itself."""
    blocks = ["\n".join(textwrap.wrap(p, width)) for p in prose.rstrip("\n").split("\n\n")]
    wrapped = "\n\n".join(blocks) + "\n"
    widest = max(len(line) for line in wrapped.split("\n"))
    if sum(block.count("\n") for block in blocks) >= 2 and widest >= 40:
        assert paragraphs(wrapped) == prose


# Words that a line-end hyphen splits: (left, right, rejoined).
SPLITS = [
    ("inter", "national", "international"),
    ("co", "operation", "cooperation"),
    ("Zusammen", "arbeit", "Zusammenarbeit"),
    ("Bundes", "regierung", "Bundesregierung"),
    ("well", "known", "well-known"),
    ("long", "term", "long-term"),
    ("Nord", "Süd", "Nord-Süd"),
    ("deutsch", "französische", "deutsch-französische"),
]


@given(before=paragraph(), after=paragraph(), split=st.sampled_from(SPLITS))
def test_hyphen_splits_come_back(before: str, after: str, split: tuple[str, str, str]) -> None:
    """A word split at a line end inside running text comes back whole, on either language."""
    left, right, whole = split
    text = f"{before} {left}-\n{right} {after}\n"
    out = hyphenation(text)
    assert out == f"{before} {whole}\n{after}\n"
    assert hyphenation(out) == out


def test_bad_hyphen_languages_fail_when_the_pipeline_is_built() -> None:
    """A language without a word list, or a bare string, is a ConfigError naming the fix."""
    with pytest.raises(cleaner.ConfigError, match="no word list for 'xx'"):
        cleaner.clean("Text.\n", hyphen_languages=["en", "xx"])
    with pytest.raises(cleaner.ConfigError, match="list of language codes"):
        cleaner.clean("Text.\n", hyphen_languages="en")


FRAGMENTS = ["inter", "national", "well", "known", "Nord", "Süd", "und", "co", "x", "Zusammen",
             "arbeit", "the", "-", "de", "über", "ab", "1990"]  # fmt: skip


@given(
    parts=st.lists(
        st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["-\n", " ", "\n", "-\n\n", "- \n"])),
        max_size=12,
    )
)
@example(parts=[("inter", "-\n"), ("national", "-\n"), ("well", "-\n"), ("known", "\n")])
def test_hyphenation_on_chains_is_idempotent_and_paragraphs_too(
    parts: list[tuple[str, str]],
) -> None:
    """Chains of line-end hyphens, blank lines and odd fragments: both filters are idempotent."""
    text = "".join(word + sep for word, sep in parts)
    once = hyphenation(text)
    assert hyphenation(once) == once
    joined = paragraphs(once)
    assert paragraphs(joined) == joined
