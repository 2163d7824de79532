"""The linear-time rewrites of paragraphs, hyphenation, markup, broken headings and the mojibake
screen give what the plain code they replace gives.

The plain code is kept here as the reference: it read a growing joined line, or the rest of a
line, again at every step. Besides equality, two tests count the characters the fast paths read
on long hostile texts (no timings: the machines that run the tests are noisy).
"""

from __future__ import annotations

import importlib
import itertools
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner.filters import _zipf as shipped
from cleaner.filters._lines import ends_open, is_blank, is_heading, word_count
from cleaner.pipeline import Pipeline
from tests.bench import bench_texts
from tests.strategies import any_text, sentence

# The filter functions share their modules' names in cleaner.filters: import the modules.
paragraphs: ModuleType = importlib.import_module("cleaner.filters.paragraphs")
markup: ModuleType = importlib.import_module("cleaner.filters.markup")
encoding: ModuleType = importlib.import_module("cleaner.filters.encoding")
structure: ModuleType = importlib.import_module("cleaner.filters.structure")

ROOT = Path(__file__).resolve().parent.parent


# -- the plain code -------------------------------------------------------------------------


def _plain_continues(before: str, after: str) -> bool:
    after = after.strip()
    before = before.strip()
    if before.endswith(",") and word_count(before) <= 4:
        return False
    if word_count(before) < 4:
        return False
    if after.startswith("(") and before.endswith(")"):
        return False
    if word_count(after) < 4 and not paragraphs._SENTENCE_STOP.search(after):
        return False
    return (
        not paragraphs._STOPS.search(before)
        and bool(paragraphs._OPEN_TAIL.search(before))
        and bool(paragraphs._CONTINUES.match(after))
        and not paragraphs._ABBREVIATION.match(after)
    )


def _plain_open_hyphen(before: str, after: str) -> bool:
    if not before.rstrip(" \t").endswith(("-", "\u2010")) or not paragraphs._HYPHEN_END.search(
        before
    ):
        return False
    words = after.split()
    return not words or words[0].casefold() not in paragraphs._SUSPENDED


def _plain_join_block(block: list[str], width: int | None) -> list[str]:
    full = paragraphs._full
    if len(block) < 2 or not any(
        (width is not None and full(before, after, width)) or _plain_continues(before, after)
        for before, after in itertools.pairwise(block)
    ):
        return list(block)
    if (width is None and paragraphs._breaks_on_purpose(block)) or paragraphs._code_or_table(block):
        return list(block)
    running = paragraphs._has_running_text(block)
    out = [block[0]]
    for n, (previous, line) in enumerate(itertools.pairwise(block), 2):
        before = out[-1]
        if paragraphs._ITEM.match(line) or _plain_open_hyphen(before, line):
            out.append(line)
            continue
        wrapped = width is not None and full(previous, line, width)
        broken = (
            running
            and _plain_continues(before, line)
            and not paragraphs._sign_off(line, n == len(block))
        )
        if wrapped or broken:
            out[-1] = before.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def _plain_joins_across(previous: list[str], block: list[str], width: int | None) -> bool:
    before = previous[-1]
    words = before.split()
    if len(words) < 8 or words[-1].casefold() in paragraphs._CONJUNCTIONS or not ends_open(before):
        return False
    if not _plain_continues(before, block[0]) or paragraphs._ITEM.match(block[0]):
        return False
    if _plain_open_hyphen(before, block[0]):
        return False
    if len(previous) == 1 and is_heading(before) and not ends_open(before):
        return False
    purpose = paragraphs._breaks_on_purpose
    if width is None and (purpose(previous) or purpose(block)):
        return False
    return bool(paragraphs._has_running_text(block))


def _plain_join_once(text: str, join_across_blank: bool) -> str:
    lines = text.split("\n")
    width = paragraphs._width(lines)
    blocks: list[tuple[list[str], list[str]]] = []
    blanks: list[str] = []
    for line in lines:
        if is_blank(line):
            blanks.append(line)
        elif blocks and not blanks:
            blocks[-1][1].append(line)
        else:
            blocks.append((blanks, [line]))
            blanks = []
    out: list[tuple[list[str], list[str]]] = []
    for above, block in blocks:
        joined = _plain_join_block(block, width)
        if join_across_blank and out and above and _plain_joins_across(out[-1][1], joined, width):
            previous = out[-1][1]
            previous[-1] = previous[-1].rstrip() + " " + joined[0].strip()
            previous.extend(joined[1:])
        else:
            out.append((above, joined))
    return "\n".join([*(line for above, block in out for line in (*above, *block)), *blanks])


def plain_paragraphs(text: str, *, join_across_blank: bool = True) -> str:
    for _ in range(text.count("\n") + 1):
        joined = _plain_join_once(text, join_across_blank)
        if joined == text:
            break
        text = joined
    return text


def _plain_inline(match: regex.Match[str]) -> str:
    tag: str = match.group(0)
    if tag.startswith("</") or match.group("attrs") or tag.endswith("/>"):
        return ""
    text: str = match.string
    end = text.find("\n", match.end())
    rest = text[match.end() : len(text) if end < 0 else end].lower()
    return "" if f"</{match.group('name').lower()}>" in rest else tag


def plain_markup(text: str) -> str:
    if "<" not in text:
        return text
    one_final_newline = text.endswith("\n") and not text.endswith("\n\n")
    rounds = 0
    while True:
        rounds += 1
        if rounds == markup.MAX_ROUNDS:
            text = markup._collapse(text)  # the one pass for deep nests, as markup() does
        elif rounds == 2 * markup.MAX_ROUNDS:
            break
        fixed = markup._COMMENT.sub("", text)
        fixed = markup._INLINE_TAG.sub(_plain_inline, fixed)
        fixed = markup._BLOCK_RUN.sub(markup._block, fixed)
        if fixed == text:
            break
        text = fixed
    if one_final_newline and text.endswith("\n\n"):
        text = text.rstrip("\n")
        text = text + "\n" if text else ""
    return text


def plain_lines_to_repair(text: str) -> list[int]:
    starts = set()
    for match in encoding._CANDIDATE.finditer(text):
        start, end = match.span()
        if encoding._DETECTOR.search(
            text, max(start - encoding._WINDOW, 0), end + encoding._WINDOW
        ):
            starts.add(text.rfind("\n", 0, start) + 1)
    if "&" in text or "\x1b" in text or not text.isascii():
        for match in encoding._ALWAYS.finditer(text):
            starts.add(text.rfind("\n", 0, match.start()) + 1)
    return sorted(starts)


# -- generated text -------------------------------------------------------------------------

# Lines of the shapes the joining rules look at: open ends, lower-case continuations, short
# labels, salutations, list items, code, hyphens, bracketed notes, long and full lines.
LINE_SHAPES = [
    "the minister said that the report would come",
    "and then the report of the",
    "went on for a long time and nobody knew why it did.",
    "in the middle of the night they came to the",
    "Things went well.",
    "thank you for the",
    "Dear Anna,",
    "viele Grüße",
    "- item one",
    "1. first point",
    "a = b",
    "if x:",
    "cell | cell",
    "inter-",
    "Donau-",
    "national treaty",
    "(note)",
    "(inkl. MwSt.)",
    "Short line",
    "word " * 9,
    "the " * 12,
    "x" * 60 + " y",
    "This is a sentence of running text, with words.",
    "  indented text of the",
    "report was about the",
    "und Südamerika",
    "“quoted, and",
    "z. B. the",
    "",
]
line = st.one_of(st.sampled_from(LINE_SHAPES), sentence())
joinable_text = st.lists(line, max_size=30).map(lambda lines: "\n".join(lines) + "\n")

MARKUP_TOKENS = st.sampled_from(
    [
        *"<>!-/ \n\t'\"`bBx",
        "<!--",
        "-->",
        "<b>",
        "<B>",
        "</b>",
        "</B>",
        "<i>",
        "</i>",
        "<kbd>",
        "</\u212abd>",  # KELVIN SIGN: lower-cases to "k"
        "\u0130",  # LATIN CAPITAL LETTER I WITH DOT ABOVE: lower-cases to two characters
        "\u03a3",  # GREEK CAPITAL SIGMA: lower-cases by context
        "<p>",
        "</p>",
        "<br>",
        "<br/>",
        '<a href="x">',
        "</a>",
        "<span class=y>",
        " tag",
        " elements",
        "<div\n>",
    ]
)
markup_soup = st.lists(MARKUP_TOKENS, max_size=40).map("".join)


# -- paragraphs -------------------------------------------------------------------------------


@given(joinable_text, st.booleans())
@example("the minister said that the report would come\n" * 5, True)
@example("and then the report of the\n\n" * 4 + "went on for a long time and nobody knew.\n", True)
@example("word word word word word word word word word\nthank you for the\n", True)
@example("  indented text of the\n  indented text of the\nmore of it.\n", False)
@example("the minister said that Donau-\ninter-\nnational treaty\n", True)
def test_paragraphs_equals_the_plain_code(text: str, join_across_blank: bool) -> None:
    """Joined lines kept as pieces give the plain code's joins, across blank lines or not."""
    expected = plain_paragraphs(text, join_across_blank=join_across_blank)
    assert paragraphs.paragraphs(text, join_across_blank=join_across_blank) == expected


@given(st.lists(line, max_size=12), st.lists(line, min_size=1, max_size=4))
def test_end_tests_read_the_last_piece(pieces: list[str], last: list[str]) -> None:
    """_continues and _open_hyphen on the last piece of a joined line answer as on the line."""
    joined = paragraphs._Joined(pieces[0] if pieces and pieces[0].strip() else "a b")
    for piece in [*pieces[1:], *last]:
        if piece.strip():
            joined.join(piece)
    text = joined.text()
    for after in [*LINE_SHAPES, "von Elena", "(x) y z w", "und so"]:
        end_words = None if len(joined.pieces) == 1 else joined.words
        assert paragraphs._continues(joined.end, after, end_words) == _plain_continues(text, after)
        assert paragraphs._open_hyphen(joined.end, after) == _plain_open_hyphen(text, after)


def test_paragraphs_equals_the_plain_code_on_the_bench() -> None:
    """Every bench text, raw and after the minimal preset, joins as the plain code joins it."""
    texts = bench_texts("dev_page", "dev_article", "harm_dev")
    repair = Pipeline.from_preset("minimal")
    for text in texts[::3]:
        for variant in (text, repair(text)):
            assert paragraphs.paragraphs(variant) == plain_paragraphs(variant)


class _Reading:
    """A pattern that counts the characters of the strings it is asked to read."""

    def __init__(self, pattern: regex.Pattern[str]) -> None:
        self.pattern = pattern
        self.read = 0

    def search(self, string: str) -> regex.Match[str] | None:
        self.read += len(string)
        return self.pattern.search(string)


@pytest.mark.parametrize(
    "unit",
    [
        "This is a sentence of running text, with words.\n",  # hard-wrapped: full lines
        "the minister said that the report would come\n",  # broken: the sentence goes on
    ],
)
def test_paragraphs_reads_each_line_a_bounded_number_of_times(
    unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a run of joinable lines, the end tests read a bounded multiple of the text (the plain
    code read the whole joined line at every join)."""
    counted = {name: _Reading(getattr(paragraphs, name)) for name in ("_STOPS", "_OPEN_TAIL")}
    for name, pattern in counted.items():
        monkeypatch.setattr(paragraphs, name, pattern)
    text = unit * 2000
    result = paragraphs.paragraphs(text)
    assert result.count("\n") == 1  # one paragraph: everything was joined
    read = sum(pattern.read for pattern in counted.values())
    assert read <= 6 * len(text)


def plain_hyphenation(text: str) -> str:
    languages = paragraphs.HYPHEN_LANGUAGES
    if "-" not in text and "\u2010" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        while i < len(lines) and line.rstrip(" \t").endswith(("-", "\u2010")):
            end = paragraphs._HYPHEN_END.search(line)
            start = paragraphs._NEXT_TOKEN.match(lines[i])
            if end is None or start is None:
                break
            decision = paragraphs._hyphen_decision(end.group(1), start.group(2), languages)
            if decision is None:
                break
            line = line[: end.end(1)] + decision + start.group(1)
            rest = lines[i][start.end() :]
            if rest:
                lines[i] = rest
                break
            i += 1
        out.append(line)
    return "\n".join(out)


HYPHEN_TOKENS = st.sampled_from(
    [
        *'\n -\u2010\t3x("/',
        *["inter-", "national", "national-", "Donau-", "well-", "known", "und", "Süd"],
        *["a-b-", "dampf-", "schiff-", "fahrt", "xq-", "bru-"],
    ]
)


@given(st.lists(HYPHEN_TOKENS, max_size=30).map("".join))
@example("inter-\nnational-\n" * 6)
@example("3inter-\nnational\n")
@example("(Donau-\nDonau-\n-\nschiff-\nfahrt")
@example("zzq-\n" * 40 + "Süd\n")  # a fragment that can be no word
@example("zzq\u30c4-\n" * 35 + "und x\n")  # more breakers than a word holds
def test_hyphenation_equals_the_plain_code(text: str) -> None:
    """Reading only the end of a growing run of broken words gives the plain code's joins."""
    assert paragraphs.hyphenation(text) == plain_hyphenation(text)


@given(st.lists(st.sampled_from(["zzq", "ab", "Ü", "x" * 40, "ツ", "年", "a年", "ธ"]), max_size=60))
def test_fragment_decision_equals_the_plain_decision(pieces: list[str]) -> None:
    """A fragment kept in pieces decides as the joined fragment does, for each next word."""
    fragment = paragraphs._Fragment(pieces[0] if pieces else "a")
    for piece in pieces[1:]:
        fragment.add(piece)
    left = "".join(fragment.pieces)
    languages = paragraphs.HYPHEN_LANGUAGES
    for right in ["zzq", "national", "Süd", "und", "ツ", "the"]:
        expected = paragraphs._hyphen_decision(left, right, languages)
        assert paragraphs._fragment_decision(fragment, right, languages) == expected


def test_no_word_bounds_hold_for_the_shipped_list() -> None:
    """The bounds the fragment check rests on, derived from the shipped word list: the longest
    token of letters, the tokens that split from the letters beside them (the breakers), and
    how many breakers fit in a frequency of Zipf 2.0 (wordfreq: 1/f = 1/f1 + 1/f2 + ...)."""
    table, start = shipped._table()
    joining = regex.compile(r"[\p{WB=ALetter}\p{WB=Hebrew_Letter}\p{WB=Extend}]+")
    letters = regex.compile(r"\p{L}+")
    longest = 0
    breakers: dict[str, list[int]] = {}
    for line in table[start:].decode("utf-8", "surrogatepass").splitlines():
        token, codes = line.split("\t")
        if not letters.fullmatch(token):
            continue
        longest = max(longest, len(token))
        if not joining.fullmatch(token):
            assert shipped.tokens("a" + token + "a") == ["a", token, "a"]
            breakers[token] = [int(codes[i + 1 : i + 4]) for i in range(0, len(codes), 4)]
    assert longest <= paragraphs._LONGEST_TOKEN
    assert set(breakers) <= set(paragraphs._BREAKERS)
    # The rarest frequency that wordfreq rounds to Zipf 2.0, and the commonest breaker.
    budget = 1 / 10 ** (2 - 0.005 - 9)
    commonest = 10 ** (-min(bucket for buckets in breakers.values() for bucket in buckets) / 100)
    assert int(budget * commonest) <= paragraphs._MOST_BREAKS


@pytest.mark.parametrize("unit", ["zzq-\n", "zzq\u30c4-\n"])
def test_hyphenation_looks_up_a_bounded_number_of_letters(
    unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of broken syllables makes a longer fragment at every line; the letters looked up
    in the word list stop growing once the fragment can be no word (the plain code looked the
    whole fragment up at every line)."""
    looked_up: list[int] = []

    def counting(word: str, languages: tuple[str, ...]) -> float:
        looked_up.append(len(word))
        return float(shipped.zipf_frequency(word, languages))

    monkeypatch.setattr(paragraphs, "_zipf", counting)
    counts = []
    for lines in (500, 5000):
        looked_up.clear()
        assert paragraphs.hyphenation(unit * lines).count("\n") == 1  # one word
        counts.append(sum(looked_up))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("unit", ["inter-\nnational-\n", "Donau-\n", "zzq-\n", "<!-- x\n"])
def test_hyphenation_takes_bounded_memory(unit: str) -> None:
    """Lines are read one after the other and pieces joined every few thousand: the peak
    allocation stays within a few times the text (a list of its short lines took twenty)."""
    text = unit * (200_000 // len(unit))
    paragraphs.hyphenation(text[:1000])
    tracemalloc.start()
    try:
        paragraphs.hyphenation(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 4 * len(text)


def plain_broken_heading_joins(text: str) -> dict[int, int]:
    """The lines broken_headings joins (first line -> lines), each candidate walking down."""
    lines = text.split("\n")
    blocks = structure._blocks(lines)
    kinds = [structure._kind(lines, block) for block in blocks]
    joins = {}
    for n, block in enumerate(blocks):
        if 2 <= len(block) <= 3 and structure._broken_heading(lines, block):
            for later in range(n + 1, len(blocks)):
                if kinds[later] is structure._Kind.BODY:
                    joins[block[0]] = len(block)
                    break
                if kinds[later] is not structure._Kind.HEADING and not structure._broken_heading(
                    lines, blocks[later]
                ):
                    break
            continue
        # A broken heading glued to its paragraph, as the filter reads it.
        for size in (3, 2):
            if len(block) > size:
                rest = lines[block[size]].strip()
                if (
                    structure._is_body(rest)
                    and not structure._STARTS_LOWER.match(rest)
                    and structure._broken_heading(lines, block[:size])
                ):
                    joins[block[0]] = size
                    break
    return joins


HEADING_LINES = st.sampled_from(
    [
        *["Why is America objected to", "From Russia", "Home", "News", "of the", "going on", ""],
        *["Russia has been isolated from the West since the invasion.", "March 21, 2024"],
        "- item",
    ]
)


@given(st.lists(HEADING_LINES, max_size=24).map(lambda lines: "\n".join(lines) + "\n"))
@example("Why is America objected to\nFrom Russia\n\n" * 5 + "Russia is isolated from it.\n")
@example(
    "Why is America objected to\nWhy is America objected to\n"
    "Russia has been isolated from the West since the invasion.\n"
)
def test_broken_headings_walk_each_run_once(text: str) -> None:
    """Walking a run of headings down once finds the body text each candidate found."""
    joins = plain_broken_heading_joins(text)
    lines = text.split("\n")
    expected = []
    i = 0
    while i < len(lines):
        size = joins.get(i, 1)
        expected.append(
            " ".join(line.strip() for line in lines[i : i + size]) if size > 1 else lines[i]
        )
        i += size
    assert structure.broken_headings(text) == ("\n".join(expected) if joins else text)


# -- markup -----------------------------------------------------------------------------------


@given(st.one_of(markup_soup, any_text))
@example("<!--<!--a-->-->\n<!-- x\n-->")
@example("<kbd>x</\u212abd> \u0130<b> y </B>")
@example("\u0130\u0130<b>a</b>\u0130</b>\n<b>")
@example("</</b>b> <b>")
@example("<i>x" + "\u0130" * 10 + "</b><b>")  # a closing tag before, "İ" doubling before it
@example("x<p>" + "</" * 6 + "</b>" + "b>" * 6 + "\ny")  # nested closers after a block tag
@example(
    '"' + "</" * 3 + "</i>i>" + "i>" * 3 + "<p> tag" + "</" * 2 + "</b>b>b>s"
)  # quoted, talked about
@example(
    "<b>" + "</" * 4 + "</b>" + "b>" * 4 + "\n" + "</" * 3 + "</i>" + "i>" * 3
)  # a bare tag kept
@example("<a" + "</" * 3 + "</i>i>" + "i>" * 2 + ' href="x">y</a>')  # a tag with attributes made
def test_markup_equals_the_plain_code(text: str) -> None:
    """Comments and bare inline tags are removed as the plain regex and slicing removed them."""
    assert markup.markup(text) == plain_markup(text)


def test_markup_equals_the_plain_code_on_the_bench() -> None:
    """Every bench text loses the same tags as with the plain code."""
    texts = bench_texts("dev_page", "dev_article", "harm_dev")
    for text in texts:
        assert markup.markup(text) == plain_markup(text)


def test_markup_reads_each_line_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long line of bare tags is lower-cased once a round, not once a tag."""
    lowered = []

    class Counting(markup._Closings):  # type: ignore[name-defined,misc]
        def follow(self, name: str, pos: int) -> bool:
            line = (self.start, self.end)
            found: bool = super().follow(name, pos)
            if (self.start, self.end) != line:
                lowered.append(self.end - self.start)
            return found

    monkeypatch.setattr(markup, "_Closings", Counting)
    text = "<b> " * 5000 + "\n"
    assert markup.markup(text) == text  # no closing tag follows: every bare tag stays
    assert sum(lowered) <= 2 * len(text)


def test_markup_rounds_read_around_the_last_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing tags nested in closing tags take a round per level; after the first, a round
    reads only around what the round before changed (the plain rounds read the whole text)."""
    read = []
    inline_tags = markup._inline_tags

    def counting(text: str, start: int = 0, stop: int | None = None) -> object:
        read.append((len(text) if stop is None else stop) - start)
        return inline_tags(text, start, stop)

    monkeypatch.setattr(markup, "_inline_tags", counting)
    depth = markup.MAX_ROUNDS - 3
    text = "x " * 1000 + "</" * depth + "</b>" + "b>" * depth + " y" * 1000 + "\n"
    assert markup.markup(text) == "x " * 999 + "x  y" + " y" * 999 + "\n"
    assert len(read) == depth + 2  # a round per level, and one that finds nothing
    assert sum(read[1:]) <= 20 * depth


@pytest.mark.parametrize("depth", [50, 250_000])
def test_markup_removes_a_deep_nest_in_one_pass(
    monkeypatch: pytest.MonkeyPatch, depth: int
) -> None:
    """Tags nested deeper than MAX_ROUNDS levels go in one pass after that many rounds, not a
    round per level (a megabyte of them took a minute): a bounded number of rounds, what the
    rounds would have come to, and a fixed point."""
    rounds = []
    inline_tags = markup._inline_tags

    def counting(text: str, start: int = 0, stop: int | None = None) -> object:
        rounds.append(start)
        return inline_tags(text, start, stop)

    monkeypatch.setattr(markup, "_inline_tags", counting)
    text = "x </" + "</" * depth + '</a href="y">' + "b>" * depth + "i> y\n"
    out = markup.markup(text)
    assert out == "x  y\n"
    assert len(rounds) <= markup.MAX_ROUNDS + 2
    assert markup.markup(out) == out
    # Quotes around a tag still mark it as talked about, at any depth.
    quoted = "the '</" + "</" * depth + "</b>" + "b>" * depth + "b>' tag\n"
    assert markup.markup(quoted) == "the '</b>' tag\n"


@pytest.mark.parametrize("unit", ["<b>", "<b>xy</b>z ", "<div><span><b><i>", "<p>x</p><br>"])
def test_markup_takes_bounded_memory(unit: str) -> None:
    """Kept tags cost no memory and removed ones a bounded share: the peak allocation stays
    within a few times the text (a list of a piece per tag took twenty times)."""
    text = unit * (200_000 // len(unit)) + "\n"
    markup.markup(text[:1000])
    tracemalloc.start()
    try:
        markup.markup(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 4 * len(text)


# -- the mojibake screen ----------------------------------------------------------------------


@given(st.one_of(any_text, markup_soup, st.text(alphabet="&amp;\n\x85Ã© a\x1b")))
@example("&amp;" * 50 + "\n" + "Ã©" * 20 + "\nplain\n&lt;")
def test_lines_to_repair_equals_the_plain_code(text: str) -> None:
    """The screen picks the lines the plain rfind per match picked."""
    assert encoding._lines_to_repair(text) == plain_lines_to_repair(text)


def plain_long_lines(text: str, longest: int) -> list[tuple[int, int]]:
    """The lines (with their newline) longer than ``longest``, found line by line."""
    found = []
    pos = 0
    while pos < len(text):
        newline = text.find("\n", pos)
        end = len(text) if newline < 0 else newline + 1
        if end - pos > longest:
            found.append((pos, end))
        pos = end
    return found


@given(st.text(alphabet="ab\n", max_size=80), st.integers(min_value=1, max_value=8))
@example("aaaa\naaa\n" + "a" * 9, 4)
def test_long_lines_equal_the_line_by_line_walk(text: str, longest: int) -> None:
    """Reading in strides of ftfy's segment finds the lines that a walk over every line finds."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(encoding, "_MAX_LINE", longest)
        assert list(encoding._long_lines(text)) == plain_long_lines(text, longest)
