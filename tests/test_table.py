"""The line table and the pipeline's own record: explain() is what cleaning did."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner import ConfigError, Pipeline
from cleaner.filters._lines import drop_lines
from cleaner.filters._table import LineTable
from cleaner.pipeline import PRESETS, carry_origins
from cleaner.registry import Stage
from tests.bench import bench_texts
from tests.strategies import any_text

ROOT = Path(__file__).parents[1]


@given(text=any_text, data=st.data())
def test_view_drop_is_drop_lines(text: str, data: st.DataObject) -> None:
    """Dropping lines from a view gives the text drop_lines gives, drop after drop."""
    view = LineTable(text).view()
    expected = text
    for _ in range(3):
        if not view.lines:  # all gone: the text is "", and there is nothing left to drop
            assert expected == ""
            break
        positions = data.draw(st.sets(st.integers(0, len(view.lines) - 1)))
        drop = dict.fromkeys(positions, "test.rule")
        expected = drop_lines(expected, drop)
        view = view.drop(drop)
        assert view.text == expected
        assert view.lines == [view.table.lines[i] for i in view.index]


@given(text=any_text, data=st.data())
def test_view_positions_are_those_of_the_indices_it_holds(text: str, data: st.DataObject) -> None:
    """``positions`` finds the lines of some table indices in a view, dropped ones left out."""
    table = LineTable(text)
    view = table.view()
    everything = st.integers(0, len(table.lines) - 1)
    for _ in range(3):
        indices = data.draw(st.sets(everything))
        expected = [k for k, i in enumerate(view.index) if i in indices]
        assert view.positions(indices) == expected
        if not view.lines:
            break
        drop = data.draw(st.sets(st.integers(0, len(view.lines) - 1)))
        view = view.drop(dict.fromkeys(drop, "test.rule"))


def _line_stage(preset: str) -> Pipeline:
    """The preset without the structure filters that edit lines: repairs, then line drops."""
    keep = [
        name
        for name in PRESETS[preset]
        if cleaner.filters.BY_NAME[name].stage < Stage.STRUCTURE or name == "repeated-title"
    ]
    return Pipeline(keep)


def _check_record(text: str, preset: str) -> None:
    explanation = Pipeline.from_preset(preset).explain(text)
    assert explanation.text == cleaner.clean(text, preset)
    staged = _line_stage(preset).explain(text)
    repaired = staged.repaired.split("\n")
    gone = {r.line_number for r in staged}
    for r in staged:
        assert repaired[r.line_number - 1] == r.line
    left = [line for n, line in enumerate(repaired, 1) if n not in gone and line.strip()]
    assert left == [line for line in staged.text.split("\n") if line.strip()]
    # The structure filters that only edit lines remove none: the record starts as the line
    # stage's. After it come the lines a decider dropped once the structure filters had
    # joined or split lines (a join that repeats the title): each is a line of the text the
    # structure filters left, numbered by the repaired line where its first character stood.
    assert [r[:3] for r in explanation][: len(staged)] == [r[:3] for r in staged]
    later = list(explanation)[len(staged) :]

    def flat(line: str) -> str:  # a joined line may have lost a line-end hyphen
        return "".join(line.split()).replace("-", "").replace("\u2010", "")

    for r in later:
        assert r.line.strip() and flat(r.line) in flat(staged.repaired)
        first = r.line.split()[0][0]
        assert first in repaired[r.line_number - 1]


@pytest.mark.parametrize("preset", ["default", "page"])
def test_record_is_what_cleaning_did_on_seeds(preset: str) -> None:
    """The repaired seed minus the reported lines is the line stage's output, line for line."""
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        _check_record(path.read_text("utf-8"), preset)


@pytest.mark.slow
def test_record_is_what_cleaning_did_on_the_bench() -> None:
    """The same over every bench text (page and article): the record and the cleaning agree."""
    for text in bench_texts():
        _check_record(text, "default")


@given(text=any_text)
def test_record_is_what_cleaning_did(text: str) -> None:
    """The same on any text."""
    _check_record(text, "default")


def test_record_numbers_lines_removed_after_joins() -> None:
    """A heading empty-headings drops after paragraphs joined lines above it keeps its number
    in the repaired text."""
    text = (
        "Title\n\nThe council met on Monday and voted\nfor the new plan after a debate.\n\n"
        "Lost section\n\nKept section\n\nBody of the section, which is long enough.\n"
    )
    steps = ["whitespace", "paragraphs", "empty-headings"]
    explanation = Pipeline(steps, drop_empty_headings=True).explain(text)
    assert [(r.line_number, r.line, r.rule) for r in explanation] == [
        (6, "Lost section", "structure.empty-headings")
    ]
    assert "Lost section" not in explanation.text


def test_record_numbers_a_line_dropped_after_a_join() -> None:
    """The paragraphs filter joins the line below the story into it, which brings the last
    line into the top lines, where it repeats the title: repeated-title drops it in a second
    round, and the record numbers it by its line in the repaired text."""
    text = (
        "Kyiv Report\n"
        "Madrid Kyiv Kyiv Madrid école NATO cooperation Oslo Warsaw Berlin.\n"
        "Madrid Kyiv Kyiv Madrid école NATO cooperation Oslo Warsaw Berlin.\n"
        "Kyiv Report\nKyiv Report\n"
    )
    explanation = Pipeline.from_preset("page").explain(text)
    assert explanation.text.endswith("Berlin. Kyiv Report\n")
    assert [(r.line_number, r.line, r.rule) for r in explanation] == [
        (5, "Kyiv Report", "structure.repeated-title")
    ]


def test_record_counts_repairs() -> None:
    """Each editing filter reports the lines it changed."""
    explanation = cleaner.explain("The worldâ€™s news\n\nIt& rsquo;s here.\n")
    changes = {c.filter: c.lines_changed for c in explanation.changes}
    assert changes["mojibake"] == 1
    assert changes["entities"] == 1
    assert changes["whitespace"] == 0


def test_carry_origins_over_a_hyphen_join() -> None:
    """A line's origin is where its first character stood, across joins and dropped hyphens."""
    before = "Intro\n\nThe inter-\nnational plan\nis here.\n"
    after = "Intro\n\nThe international plan is here.\n"
    assert carry_origins(before, [1, 2, 3, 4, 5, 6], after) == [1, None, 3, None]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("keep_indent", "maybe"),
        ("title_window", -5),
        ("title_window", True),
        ("max_related_titles", -1),
        ("region_share", 5),
        ("min_region_score", "abc"),
        ("format", "html"),
        ("form", "NFD"),
        ("hyphen_languages", "en"),
    ],
)
def test_bad_option_values_fail_when_built(option: str, value: object) -> None:
    """Every option's type and range is checked when the pipeline is built."""
    with pytest.raises(ConfigError, match=option):
        Pipeline.from_preset("default", **{option: value})


def test_screens_are_shipped_up_to_date() -> None:
    """cleaner/data/screens.json is what scripts/build_screens.py makes of the phrase data."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_screens.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cleaning_parses_no_pattern() -> None:
    """Cleaning reads the shipped screens: the pattern analysis is never imported."""
    code = "import sys, cleaner; cleaner.clean('Leave a Reply\\n'); "
    code += "print('cleaner._screens_build' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
