"""Structure: the title and headings a scraper broke, put back in shape.

These filters see blocks (runs of non-blank lines) and the shape of each line: how long it is,
whether it ends like a sentence. A line reads as a heading by :func:`cleaner.filters._lines.
is_heading` (the rule and its limits are documented there); it *is* one when body text follows
it, directly or through a run of headings. The title is the first block when it is one short
line. Paragraph joining lives in :mod:`cleaner.filters.paragraphs`.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Sequence

import regex

from cleaner.filters._lines import (
    block_spans,
    drop_lines,
    ends_like_sentence,
    ends_open,
    is_blank,
    is_caption,
    is_dateline,
    is_heading,
    is_heading_like,
    is_paragraph_like,
    word_count,
)
from cleaner.filters._table import View, run_decider

# A heading piece ends with a letter, a digit, a closing bracket or quote.
_PLAIN_END = regex.compile(r"[\p{L}\p{N})\p{Pf}\"'’]$")
# A byline under a title: "von Anna Schmidt", "by nationnews", "vom Redaktionsteam".
_BYLINE = regex.compile(r"^(?:by|von|vom|par|por|di|de|van)\s", regex.IGNORECASE)
# A web or e-mail address: "energiekalender.de", "kanzlei@example.org".
_ADDRESS = regex.compile(r"\w\.\w|@|://")
# A line already marked as a Markdown heading: "# Title", "## Section".
_MARKED = regex.compile(r"^#{1,6}\s")
# A sentence closed by a full stop (closing quotes and brackets allowed).
_FULL_STOP = regex.compile(r"[.…。][\p{Pf}\p{Pe}\"']*$")
# A sentence that ends inside the line, and another that starts after it.
_INNER_STOP = regex.compile(r"[\p{Ll}\p{N}][.!?][\p{Pf}\"']*\s+[\p{Pi}\"']?\p{Lu}")
# The first word of a continuation line: it starts with a lower-case letter.
_STARTS_LOWER = regex.compile(r"^[\p{Pi}\"'(]?\p{Ll}")


def repeated_title(text: str, *, title_window: int = 6) -> str:
    """Keep one copy of a title the page repeats near the top.

    Scrapers often pick up the title two or three times (the page title, the headline, the
    social-card title), sometimes with a date or hashtag line between the copies. A later line
    that equals the first, heading-like line (ignoring case, spacing and quote or dash
    typography) is dropped while fewer than ``title_window`` other lines stand above it, up to
    the first line that ends like a sentence. Copies do not count towards the window, so a
    second run looks at the same lines. Repeated paragraphs are not titles and are left alone.

    >>> repeated_title("The plan\\nThe plan\\n\\n#tag\\n\\nTHE PLAN\\n\\nBody of the article.\\n")
    'The plan\\n\\n#tag\\n\\nBody of the article.\\n'
    >>> repeated_title("The plan\\n\\nBody.\\n\\nThe plan\\n")
    'The plan\\n\\nBody.\\n\\nThe plan\\n'
    """
    return run_decider(decide_title, text, {"title_window": title_window})


def decide_title(view: View, *, title_window: int = 6) -> View:
    """The decider of :func:`repeated_title`."""
    lines, index, table = view.lines, view.index, view.table
    top = view.nonblank()
    first = next(top, None)
    if first is None or not is_heading_like(lines[first], max_words=30, capitalised=False):
        return view
    title = table.fold(index[first])
    copies: dict[int, str] = {}
    others = 0  # the window counts the lines that are not copies, so a second run sees the same
    for k in top:
        if others >= title_window - 1:
            break
        if table.fold(index[k]) == title:
            copies[k] = "structure.repeated-title"
        elif is_paragraph_like(lines[k]) or ends_like_sentence(lines[k]):
            break
        else:
            others += 1
    return view.drop(copies)


def glued_headings(text: str) -> str:
    """Give a heading glued to the paragraph below it a block of its own.

    Extractors drop the markup between a heading and its first paragraph, leaving the heading as
    the first line of the paragraph's block. A short, capitalised line with no sentence-final
    punctuation that starts a block, is not itself a sentence, and is followed by a line of
    running text gets a blank line after it. A short first line followed by more short lines
    (a list, an address, verse) is left alone.

    >>> glued_headings("Russia isolated\\nRussia has been isolated from the West since 2022.\\n")
    'Russia isolated\\n\\nRussia has been isolated from the West since 2022.\\n'
    >>> glued_headings("Dear Anna,\\nthank you for the lovely letter you sent last week.\\n")
    'Dear Anna,\\nthank you for the lovely letter you sent last week.\\n'
    """
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        starts_block = i == 0 or is_blank(lines[i - 1])
        if (
            starts_block
            and i + 1 < len(lines)
            and is_heading_like(line, max_words=15)
            and not is_paragraph_like(line)
            and is_paragraph_like(lines[i + 1])
            # A sentence that goes on below (a hard-wrapped or broken paragraph) is no heading,
            # nor is a line with a sentence end inside ("... Version 2.0. See").
            and not _STARTS_LOWER.match(lines[i + 1].strip())
            and not ends_open(line)
            and not _INNER_STOP.search(line)
        ):
            out.append("")
    return "\n".join(out)


# -- blocks and headings --------------------------------------------------------------------


class _Kind(enum.Enum):
    BODY = "body"  # running text: a block with a paragraph-like line
    HEADING = "heading"  # one line that reads as a heading
    OTHER = "other"  # lists, addresses, verse, captions, dates, menus


def _blocks(lines: list[str]) -> list[range]:
    """The line indices of each block (a run of non-blank lines), in order: ranges, not lists
    of int objects (which took several times a text of short lines)."""
    return block_spans([is_blank(line) for line in lines])


def _unmarked(line: str) -> str:
    return _MARKED.sub("", line.strip(), count=1)


def _is_body(line: str) -> bool:
    """Running text: a paragraph-like line, or a short sentence closed by a full stop."""
    return is_paragraph_like(line) or (word_count(line) >= 3 and bool(_FULL_STOP.search(line)))


def _kind(lines: list[str], block: Sequence[int]) -> _Kind:
    if any(_is_body(lines[i]) for i in block):
        return _Kind.BODY
    if len(block) == 1 and is_heading(_unmarked(lines[block[0]])):
        return _Kind.HEADING
    return _Kind.OTHER


def _is_title(lines: list[str], block: Sequence[int]) -> bool:
    line = _unmarked(lines[block[0]])
    return (
        len(block) == 1
        and is_heading_like(line, max_words=30, capitalised=False)
        and not is_dateline(line)
        and not is_caption(line)
    )


def _outline(lines: list[str]) -> tuple[int | None, list[int], set[int]]:
    """The title line, the section heading lines, and those headings with no body under them.

    A heading is a heading block followed by body text, directly or through a run of headings.
    In a run, every heading but the last has no body under it. Headings at the very end, with
    no body after them at all, are not counted: they may be signatures or credits.
    """
    blocks = _blocks(lines)
    title = None
    if len(blocks) > 1 and _is_title(lines, blocks[0]):
        title = blocks[0][0]
        blocks = blocks[1:]
    kinds = [_kind(lines, b) for b in blocks]
    headings: list[int] = []
    empty: set[int] = set()
    body_follows = False  # walking backwards: is there body text below, through headings only?
    next_is_body = False
    for block, kind in zip(reversed(blocks), reversed(kinds), strict=True):
        if kind is _Kind.HEADING and body_follows:
            headings.append(block[0])
            if not next_is_body:
                empty.add(block[0])
        body_follows = kind is _Kind.BODY or (kind is _Kind.HEADING and body_follows)
        next_is_body = kind is _Kind.BODY
    return title, sorted(headings), empty


def broken_headings(text: str) -> str:
    """Join a heading that the scraper broke across two or three short lines into one line.

    Inline markup inside a heading (a link, a bold run, a footnote mark) often becomes a line
    break in the extracted text: "Why is America objected to" / "From Russia". Two or three
    short lines are joined when together they read as a heading, every break falls mid-phrase
    (the line before ends with a word like "to", "of", "der", or the line after starts in lower
    case), and body text follows (below the block, directly or through a run of headings, or
    as the next line of the same block). Lists, addresses, verse, tables and menus break at
    phrase boundaries, so they are left alone.

    >>> broken_headings("Why is America objected to\\nFrom Russia\\n\\nRussia is isolated.\\n")
    'Why is America objected to From Russia\\n\\nRussia is isolated.\\n'
    >>> broken_headings("Home\\nNews\\nSport\\n\\nRussia has been isolated from the West.\\n")
    'Home\\nNews\\nSport\\n\\nRussia has been isolated from the West.\\n'
    """
    lines = text.split("\n")
    blocks = _blocks(lines)
    kinds: dict[int, _Kind] = {}  # computed only for the blocks below a candidate

    def kind(n: int) -> _Kind:
        if n not in kinds:
            kinds[n] = _kind(lines, blocks[n])
        return kinds[n]

    below: dict[int, bool] = {}  # block -> is body text there or below, through headings?

    def body_from(n: int) -> bool:
        """True when block ``n`` is body text, or headings (whole or broken) lead down to some.

        Each block is read once: a run of broken headings is walked down once, not once for
        each heading in it.
        """
        walked = []
        found = False
        for later in range(n, len(blocks)):
            if later in below:
                found = below[later]
                break
            walked.append(later)
            if kind(later) is _Kind.BODY:
                found = True
                break
            if kind(later) is not _Kind.HEADING and not _broken_heading(lines, blocks[later]):
                break
        below.update(dict.fromkeys(walked, found))
        return found

    joins: dict[int, int] = {}  # first line of a broken heading -> how many lines it spans
    for n, block in enumerate(blocks):
        if 2 <= len(block) <= 3 and _broken_heading(lines, block):
            if body_from(n + 1):
                joins[block[0]] = len(block)
            continue
        # A broken heading glued to its paragraph: short lines, then a line that starts a
        # sentence of running text.
        for size in (3, 2):
            if len(block) > size:
                rest = lines[block[size]].strip()
                if (
                    _is_body(rest)
                    and not _STARTS_LOWER.match(rest)
                    and _broken_heading(lines, block[:size])
                ):
                    joins[block[0]] = size
                    break
    if not joins:
        return text
    out: list[str] = []
    i = 0
    while i < len(lines):
        size = joins.get(i, 1)
        out.append(" ".join(lines[j].strip() for j in range(i, i + size)) if size > 1 else lines[i])
        i += size
    return "\n".join(out)


def _broken_heading(lines: list[str], block: Sequence[int]) -> bool:
    """True when the lines of ``block`` are the pieces of one heading broken mid-phrase."""
    if not 2 <= len(block) <= 3:
        return False
    pieces = [lines[i].strip() for i in block]
    if sum(word_count(piece) for piece in pieces) > 15 or any(not p for p in pieces):
        return False
    joined = " ".join(pieces)
    if not is_heading(joined) or not is_heading(pieces[0]) or _INNER_STOP.search(joined):
        return False
    for before, after in itertools.pairwise(pieces):
        if ends_like_sentence(before) or before.endswith(("?", "!")):
            return False
        if is_dateline(after) or is_caption(after) or not is_heading_like(after, capitalised=False):
            return False
        # Mid-phrase: an open end ("objected to" / "From Russia"), or a lower-case start after
        # a piece of two words or more (a one-word label over lower-case items is a list).
        if not _PLAIN_END.search(before):
            return False  # "Antwort ↓": a button or an icon, not a heading cut short
        label = before == pieces[0] and word_count(before) < 2
        goes_on = (
            _STARTS_LOWER.match(after)
            and word_count(after) >= 2
            and not label
            and not _BYLINE.match(after)
            and not _ADDRESS.search(after)
            and not any(c.isdigit() for c in after)  # "miércoles, 4 de mayo de 2022 00:00 hs"
        )
        # An open end needs three words before it: "Post to" / "Cancel", "On" / "Off" and
        # "Sign in" / "Join now" are buttons side by side.
        if not ((ends_open(before) and word_count(before) >= 3) or goes_on):
            return False
    return True


def empty_headings(text: str, *, drop_empty_headings: bool = False) -> str:
    """Drop headings with no body under them, when ``drop_empty_headings`` is set.

    Scrapers keep the section headings of a page but can lose the text under some of them (a
    collapsed box, a slide show, a table of contents), leaving a run of headings in a row. They
    are kept by default: they are real text and may be all a reader has of a section. With the
    option, every heading directly followed by another heading goes; the title, the last
    heading of each run and lines at the very end stay.

    >>> text = "Title\\n\\nLost section\\n\\nKept section\\n\\nBody of the section.\\n"
    >>> empty_headings(text, drop_empty_headings=True)
    'Title\\n\\nKept section\\n\\nBody of the section.\\n'
    >>> empty_headings(text) == text
    True
    """
    if not drop_empty_headings:
        return text
    _, _, empty = _outline(text.split("\n"))
    return drop_lines(text, empty)


FORMATS = ("plain", "markdown")


def markdown(text: str, *, format: str = "plain") -> str:
    """Mark the title ``#`` and the section headings ``##`` when ``format="markdown"``.

    The cleaned text is plain by default: structure is kept only as blank lines between blocks.
    A user who wants to keep headings apart from body text downstream (for chunking, or to train
    on documents with their outline) asks for Markdown. The title is the first block when it is
    one short line without sentence punctuation; section headings are the heading lines that
    body text follows (see :func:`cleaner.filters._lines.is_heading`). A line already marked is
    left as it is, so the filter can run twice.

    >>> markdown("The plan\\n\\nWhy now\\n\\nThe plan was announced.\\n", format="markdown")
    '# The plan\\n\\n## Why now\\n\\nThe plan was announced.\\n'
    >>> markdown("The plan\\n\\nWhy now\\n\\nThe plan was announced.\\n")
    'The plan\\n\\nWhy now\\n\\nThe plan was announced.\\n'
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if format == "plain":
        return text
    lines = text.split("\n")
    title, headings, _ = _outline(lines)
    marks = {i: "## " for i in headings}
    if title is not None:
        marks[title] = "# "
    for i, mark in marks.items():
        if not _MARKED.match(lines[i].strip()):
            lines[i] = mark + lines[i].strip()
    return "\n".join(lines)
