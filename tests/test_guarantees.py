"""Every declared guarantee of every registered filter, checked with hypothesis.

The suite is generated from the filter table: a filter is covered the moment it is registered,
and a guarantee it claims but does not keep fails here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
import regex
from hypothesis import example, given

import cleaner
from cleaner.filters import FILTERS
from cleaner.pipeline import PRESETS
from cleaner.registry import FilterSpec, Guarantee
from tests.strategies import any_text, clean_prose, clean_structured


def _claims(guarantee: Guarantee) -> list[FilterSpec]:
    return [f for f in FILTERS if guarantee in f.guarantees]


def _ids(specs: list[FilterSpec]) -> list[str]:
    return [f.name for f in specs]


def _nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    rest = iter(big)
    return all(any(line == other for other in rest) for line in small)


def property_test(
    guarantee: Guarantee, strategy=any_text
) -> Callable[[Callable[[FilterSpec, str], None]], Callable[..., None]]:
    """Parametrise a check over the filters that claim ``guarantee``, with hypothesis input."""

    def wrap(check: Callable[[FilterSpec, str], None]) -> Callable[..., None]:
        specs = _claims(guarantee)

        @pytest.mark.parametrize("spec", specs, ids=_ids(specs))
        @given(text=strategy)
        def test(spec: FilterSpec, text: str) -> None:
            check(spec, text)

        if strategy is any_text:
            test = example(text="")(example(text="\n")(test))

        test.__doc__ = check.__doc__
        return test

    return wrap


@pytest.mark.parametrize("spec", FILTERS, ids=_ids(list(FILTERS)))
@given(text=any_text)
@example(text="")
@example(text="\ud800 lone surrogate")
def test_never_raises_and_returns_str(spec: FilterSpec, text: str) -> None:
    """Every filter returns a str for any str."""
    assert isinstance(spec(text), str)


@property_test(Guarantee.IDEMPOTENT)
def test_idempotent(spec: FilterSpec, text: str) -> None:
    """Running an idempotent filter twice changes nothing the first run did not."""
    once = spec(text)
    assert spec(once) == once


@property_test(Guarantee.ONLY_DELETES_LINES)
def test_only_deletes_lines(spec: FilterSpec, text: str) -> None:
    """The non-blank output lines are input lines, in input order."""
    out = spec(text)
    assert _is_subsequence(_nonblank(out), _nonblank(text))


@property_test(Guarantee.NEVER_GROWS)
def test_never_grows(spec: FilterSpec, text: str) -> None:
    """The output is never longer than the input."""
    assert len(spec(text)) <= len(text)


@property_test(Guarantee.KEEPS_CLEAN_PROSE, strategy=clean_prose())
def test_keeps_clean_prose(spec: FilterSpec, text: str) -> None:
    """Tidy paragraphs of sentences pass through unchanged."""
    assert spec(text) == text


# Counterexamples once found: for whitespace, paragraphs, glued-headings and broken-headings
# (rare), which do not claim the guarantee, and for boilerplate-lines and main-content, which
# claim it since table rows, lists under a label and letters are kept.
@example(text="3\t96\n12\t7\n")
@example(text="3 | 2024-06-14\n12 | 2024-07-01\n")
@example(text="Dear Ms Smith,\n\nI hope you are well.\n\nYours sincerely,\nAnna Smith\n")
@example(text="Our Trip to the Coast\n\nIngredients:\n- flour\n- butter\n")
@example(
    text="Anna: The museum stays shut until the end of the month.\n"
    "John: It rained all week, so we stayed in the kitchen.\n"
    "Anna: The new bridge will be finished in spring.\n"
)
@example(text="P: ¿Cuándo abre el mercado?\nR: A las siete los sábados.\n")
@example(
    text="Item\tPlace\nflour\tred onions\nbutter\tgarden herbs\n\n"
    "We walked along the river this morning.\n"
)
@property_test(Guarantee.KEEPS_STRUCTURED_TEXT, strategy=clean_structured())
def test_keeps_structured_text(spec: FilterSpec, text: str) -> None:
    """Lists, tables, letters, questions and answers and short documents pass through unchanged."""
    assert spec(text) == text


@property_test(Guarantee.ENDS_WITH_NEWLINE)
def test_ends_with_newline(spec: FilterSpec, text: str) -> None:
    """The output is empty or ends with exactly one newline."""
    out = spec(text)
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))


@property_test(Guarantee.KEEPS_FINAL_NEWLINE)
def test_keeps_final_newline(spec: FilterSpec, text: str) -> None:
    """An input ending with exactly one newline keeps exactly one (or becomes empty)."""
    text = text.rstrip("\n") + "\n"
    out = spec(text)
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))


@property_test(Guarantee.KEEPS_WORDS)
def test_keeps_words(spec: FilterSpec, text: str) -> None:
    """Only line breaks move: the multiset of words is unchanged."""
    assert Counter(spec(text).split()) == Counter(text.split())


def _without_line_end_hyphens_pattern(text: str) -> regex.Pattern[str]:
    """The non-whitespace text of ``text``, where each line-end hyphen may be missing."""
    pieces = regex.split(r"[-\u2010](?=[ \t]*\n)", text)
    squeezed = ["".join(piece.split()) for piece in pieces]
    hyphens = [m.group() for m in regex.finditer(r"[-\u2010](?=[ \t]*\n)", text)]
    parts = [regex.escape(squeezed[0])]
    for hyphen, piece in zip(hyphens, squeezed[1:], strict=True):
        parts.append(regex.escape(hyphen) + "?" + regex.escape(piece))
    return regex.compile("".join(parts), regex.V1)


# Above the property: an @example under it would be dropped by property_test's own @given.
@example(text="the inter-\nnational treaty\n")
@example(text="a well-\nknown fact\n")
@property_test(Guarantee.KEEPS_TEXT_BUT_LINE_END_HYPHENS)
def test_keeps_text_but_line_end_hyphens(spec: FilterSpec, text: str) -> None:
    """Only whitespace moves and line-end hyphens may go: the other characters stay in order."""
    out = "".join(spec(text).split())
    assert _without_line_end_hyphens_pattern(text).fullmatch(out)


def test_every_guarantee_is_checked() -> None:
    """Each guarantee a filter can claim has a check in this module."""
    checked = {
        Guarantee.IDEMPOTENT,
        Guarantee.ONLY_DELETES_LINES,
        Guarantee.NEVER_GROWS,
        Guarantee.KEEPS_CLEAN_PROSE,
        Guarantee.KEEPS_STRUCTURED_TEXT,
        Guarantee.ENDS_WITH_NEWLINE,
        Guarantee.KEEPS_FINAL_NEWLINE,
        Guarantee.KEEPS_WORDS,
        Guarantee.KEEPS_TEXT_BUT_LINE_END_HYPHENS,
    }
    assert checked == set(Guarantee)


# -- the pipeline as a whole --------------------------------------------------------------------


# Every preset is idempotent by construction: the repairs run to a fixed point, and then the
# runs after them (the deciders, the structure filters) repeat until a round changes nothing.
@pytest.mark.parametrize("preset", sorted(PRESETS))
@given(text=any_text)
@example(text="&nbsp;Ã¼ber\n")
@example(text="Itâ€<i>™</i>s here\n")
@example(text="Price: &#x\u200b41;\n")
@example(text="</a>\nTag")
@example(text="UKRAINIAN WORLD CONGRESS\n\nUKRAINIAN WORLD CONGRESS\n\nicon\n\nicon\n")
# The paragraphs filter joins a line at the bottom into the paragraph above, which brings the
# last line into the top lines, where it repeats the title.
@example(
    text="\U000a7edaP\x81\nMadrid Kyiv Kyiv Madrid école NATO cooperation Oslo Warsaw Berlin.\n"
    "Madrid Kyiv Kyiv Madrid école NATO cooperation Oslo Warsaw Berlin.\n"
    "\U000a7edaP\x81\n\U000a7edaP\x81 "
)
# The paragraphs filter joins pairs of lines into two copies of one line, the title.
@example(
    text="Kyiv Lyon Berlin treaty harbour Oslo Kyiv Seoul Anna cooperation minister NATO.\r"
    "Why is America objected to\xa0From Russia\r"
    "Kyiv Lyon Berlin treaty harbour Oslo Kyiv Seoul Anna cooperation minister NATO.\r"
    "Why is America objected to\xa0From Russia\n\n"
)
def test_pipeline_idempotent(preset: str, text: str) -> None:
    """Cleaning a cleaned text again changes nothing, with every preset."""
    once = cleaner.clean(text, preset=preset)
    assert cleaner.clean(once, preset=preset) == once


@pytest.mark.parametrize("preset", ["default", "page"])
def test_the_structure_filters_run_to_a_fixed_point(preset: str) -> None:
    """A heading glued to its paragraph: glued-headings sets it apart, after which paragraphs
    would join the lines below, and would on a second cleaning; the structure filters run
    round after round until none changes the text, so the first cleaning already does."""
    text = (
        "UKRAINIAN WORLD CONGRESS\n"
        "Lyon Kyiv Wasser report Lyon NATO Seoul ville Seoul rapport rapport.\n"
        "Last Updated on June 21, 2024 9:15 am\n"
        "\u00fad\U000b216c\u00c2\u00d8\n\u00fad\U000b216c\u00c2\u00d8\n"
        "Your email address will not be published. Required fields are marked *\n"
        "\u00fad\U000b216c\u00c2\u00d8\n"
    )
    once = cleaner.clean(text, preset=preset)
    assert cleaner.clean(once, preset=preset) == once


_HYPHEN_END = ("-", "\u2010")


def _joins(lines: list[str]) -> set[str]:
    """Every word that joining adjacent lines can make: the last word of a line glued to the
    first word of the next (its line-end hyphen kept or dropped), and on through lines that
    hold one hyphenated fragment alone ("a-" / "b-" / "c" can give "abc")."""
    words = [line.split() for line in lines]
    made: set[str] = set()
    for i, first in enumerate(words):
        if not first:
            continue
        glued = {first[-1]}
        for k in range(i + 1, min(i + 8, len(words))):
            if not words[k] or not any(g.endswith(_HYPHEN_END) for g in glued):
                break
            glued = {
                variant + words[k][0]
                for g in glued
                if g.endswith(_HYPHEN_END)
                for variant in (g, g[:-1])
            }
            made |= glued
            if len(words[k]) > 1:
                break
    return made


def _invented_words(text: str, preset: str) -> set[str]:
    """The words of the cleaned text that are neither a word of the repaired input (the input
    after the mojibake, entity, markup and whitespace repairs) nor a join of adjacent lines of
    it."""
    explanation = cleaner.explain(text, preset=preset)
    repaired = explanation.repaired
    known = set(repaired.split()) | _joins(repaired.split("\n"))
    return set(explanation.text.split()) - known


@pytest.mark.parametrize("preset", sorted(PRESETS))
@given(text=any_text)
@example(text="a-\nComment are closed\na")
@example(text="the inter-\nnational treaty\n")
@example(text="the inter-\n\nRead also:\nnational treaty\n")
def test_pipeline_invents_no_words(preset: str, text: str) -> None:
    """Every output word is a word of the repaired input, or a join of two adjacent lines of
    it: no word is made of fragments that a deleted line stood between."""
    assert not _invented_words(text, preset)
