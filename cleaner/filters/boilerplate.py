"""Boilerplate: whole lines that belong to the site, not to the article.

Every filter here only deletes whole lines, and each deletion has a stable rule id
(``boilerplate.<family>``, or ``boilerplate.<family>-tail`` for a line cut with the tail of the
text) so a report can say why a line went: :func:`explain` lists them. Phrase patterns live in
``cleaner/data/phrases/`` (one file per family, one section per language); this module holds the
logic around them: where a line stands and what stands next to it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import regex

from cleaner import phrases
from cleaner.filters._lines import (
    block_spans,
    ends_like_sentence,
    fold,
    is_heading_like,
    is_paragraph_like,
    is_table_row,
    line_starts,
    words,
)
from cleaner.filters._table import LineTable, View, run_decider

# The phrase families that make a line boilerplate wherever it stands.
LINE_FAMILIES = (
    "comments",
    "advertisement",
    "updated",
    "credits",
    "hashtags",
    "counters",
    "share",
    "newsletter",
    "cookies",
    "copyright",
    "tags",
    "breadcrumbs",
    "pagination",
    "engagement",
    "disclaimer",
)
# The families whose line, near the end of an article, opens the site's part of the page:
# everything after a comment form, a related-posts block or an author box is site chrome too.
TAIL_FAMILIES = ("comments", "related", "author", "share", "newsletter", "engagement")

# Decoration scrapers leave around a phrase: bullets, arrows, pipes, dashes (folded to '-').
_DECORATION = "-|•·*>→←↑▶►▸■□▪◆✓✔›‹<+\"' \t"
# A byline: "By Jane Doe", "Von Hans Müller und Eva Klein", "Par Jean Dupont | Le Monde".
_BYLINE_WORDS = tuple(sorted(words("by von text texte par por di door autor autorin autora przez")))
_BYLINE_WORDS += ("written by", "автор")
_BYLINE = regex.compile(
    rf"^(?i:{'|'.join(_BYLINE_WORDS)})\s*:?\s+"
    r"(?P<names>(?:[\p{Lu}][\p{L}'.-]*\.?|and|und|et|y|e|en|i|и|&|,|von|van|de|der|da|del|la|le)"
    r"(?:\s+(?:[\p{Lu}][\p{L}'.-]*\.?|and|und|et|y|e|en|i|и|&|,|von|van|de|der|da|del|la|le)){0,7})"
    r"\s*(?:[|,/·•-]\s*.{0,60})?$"
)

# An image caption: a short line that ends with the picture's credit ("... (Foto: dpa)").
_CAPTION_CREDIT = regex.compile(
    r"(?:^|[.!?)\s])\(?(?:foto|fotos|photo|photos|bild|image|imagen|immagine|imagem|beeld|fot\.|"
    r"zdjęcie|фото|crédit photo|photo credit|credit|symbolbild|symbolfoto|titelbild|archivbild)"
    # (a full stop only in the version of a Creative Commons licence: "cc by-sa 2.0")
    r" ?: ?(?:[^.!?:;()]|(?<=\bcc\b[^.!?:;()]{0,12}\d)\.(?=\d)){1,60}(?:\)\.?)?$"
    r"|\((?:symbolbild|symbolfoto|archivbild|archive photo|file photo|foto de archivo)\)\.?$"
    # "... © AFP / Jane Doe": the agency after a copyright sign ends a caption.
    r"|©\s?[^.!?©]{1,60}$"
)


_TAIL_RATIO = 2
# A run of two paragraphs or more below a marker, at least half as long as the longest run
# above it, is the body of another post or story, not a comment or a teaser: no cut above it.
_BODY_SHARE = 2


class Removal(NamedTuple):
    """One line a boilerplate filter removed, and why: for reports and debugging."""

    line_number: int  # 1-based, in the text given to explain()
    line: str
    rule: str  # a stable rule id, such as "boilerplate.comment-tail"


def _core(folded: str) -> str:
    """A folded line without the bullets, arrows and dashes around the phrase."""
    core = folded.strip(_DECORATION).rstrip(":").strip(_DECORATION)
    # A full stop after a few words is no sign of a sentence ("Comments are closed.").
    return core.rstrip(".!").strip(_DECORATION) if core.count(" ") < 5 else core


def _family(folded: str, families: tuple[str, ...]) -> str | None:
    core = _core(folded)
    if not core:
        return None
    family = phrases.which(core, families)
    if family is None and core.endswith("."):
        # A prompt keeps its full stop ("Notify me of new posts by email."); a credit has none.
        family = phrases.which(core[:-1], tuple(f for f in families if f != "credits"))
    if family is None:
        # Two or three phrases run together on one line ("Leave a Comment! Cancel reply"):
        # boilerplate when each of them is.
        parts = _PHRASE_BREAK.split(core)
        if 1 < len(parts) <= 3:
            found = [_family(part, families) for part in parts]
            if all(found):
                family = found[0]
    return family


_PHRASE_BREAK = re.compile(r"(?<=[.!?])\s+")


# The separators of a meta line: "Friday | 14 June 2019 | By Jane Doe | 3 comments".
_META_SEPARATOR = regex.compile(r"\s*[|•·]\s*")
_META_FAMILIES = ("updated", "counters", "comments", "tags")


def _is_meta_line(line: str) -> bool:
    """A line of short fields joined by pipes or bullets, one of them a date, byline or count."""
    text = line.strip()
    if text.startswith("|") or text.endswith("|"):
        return False  # a row of a table drawn with pipes
    fields = [f for f in _META_SEPARATOR.split(text) if f]
    if len(fields) < 2 or len(line) > 200:
        return False
    if any(len(f.split()) > 6 or f.endswith((".", "?", "!")) for f in fields):
        return False
    return any(_is_byline(f) or _family(fold(f), _META_FAMILIES) is not None for f in fields)


def _is_byline(line: str) -> bool:
    text = line.strip()
    if len(text) > 120:
        return False
    match = _BYLINE.match(text)
    return match is not None and any(c.isupper() for c in match.group("names"))


def line_rule(line: str) -> str | None:
    """The rule id that makes ``line`` boilerplate on its own, or None.

    >>> line_rule("- Advertisement -")
    'boilerplate.advertisement'
    >>> line_rule("Schreibe einen Kommentar")
    'boilerplate.comments'
    >>> line_rule("The advertisement campaign cost millions.") is None
    True
    """
    return _line_rule(line, fold(line))


def _line_rule(line: str, folded: str) -> str | None:
    if not folded or len(folded) > 600:
        return None
    family = _family(folded, LINE_FAMILIES)
    if family is not None:
        return "boilerplate." + family
    if _is_byline(line):
        return "boilerplate.byline"
    if ("|" in folded or "•" in folded or "·" in folded) and _is_meta_line(line):
        return "boilerplate.dateline"
    has_credit_mark = ":" in folded or "(" in folded or "©" in folded
    if has_credit_mark and len(folded) < 400 and _CAPTION_CREDIT.search(folded):
        return "boilerplate.caption"
    return None


# A line that starts with a decimal digit, or with decoration.
_DIGIT_START = re.compile(r"^\d", re.MULTILINE)
_DECORATED = re.compile("^[" + re.escape(_DECORATION) + "]", re.MULTILINE)
# A line's leading decoration, all of it: what line.lstrip(_DECORATION) takes off.
_LEADING_DECORATION = re.compile("^[" + re.escape(_DECORATION) + "]+", re.MULTILINE)


class _LineScreen:
    """Which folded lines could hold a phrase of some families: a necessary condition, found
    for a whole text at once by scans in C (Aho-Corasick), so that the Python that decides a
    line runs on the few lines that pass.

    A line passes when, after its decoration, it starts with a phrase start of the families
    (:func:`phrases.screen`; a gated group only on a line that holds one of its words), when
    it starts (decoration included) with one of ``plain_starts``, or when it holds one of the
    strings the families' phrases that start anyhow must contain, or one of ``contains``. It
    lets through every line the pattern ``^[decoration]*(?:start)`` of the screen matches, and
    may let through a few more (it does not check the decoration a prefix begins with, and
    reads a gate word anywhere in the line): a screen only ever lets lines through.
    """

    def __init__(
        self, screen: phrases.Screen, contains: Iterable[str] = (), plain_starts: Iterable[str] = ()
    ) -> None:
        starts: dict[str, set[int]] = {}  # "\n" + a prefix without decoration -> its groups
        # A prefix of decoration alone ("› ", "<"), and its groups: a line whose leading
        # decoration holds it starts with it.
        self._decorated: dict[str, set[int]] = {}
        self._digit: list[int] = []  # groups with phrases that start with a digit
        self._requires: list[Callable[[str], bool] | None] = []
        for n, group in enumerate(screen.groups):
            for prefix in group.prefixes:
                rest = prefix.lstrip(_DECORATION)
                if rest:
                    starts.setdefault("\n" + rest, set()).add(n)
                else:
                    self._decorated.setdefault(prefix, set()).add(n)
            if group.digit:
                self._digit.append(n)
            self._requires.append(phrases.finder(group.requires) if group.requires else None)
        self._starts = phrases.finder_values({k: frozenset(v) for k, v in starts.items()})
        plain = "|".join(re.escape(start) for start in sorted(plain_starts))
        self._plain = re.compile(f"^(?:{plain})", re.MULTILINE) if plain else None
        self._contains = phrases.finder_ends(screen.contains | set(contains))

    def scan(
        self, folded: str, starts: Sequence[int], memo: dict[Any, Any] | None = None
    ) -> frozenset[int]:
        """The indices of the lines of the folded text ``folded`` (its lines start at
        ``starts``, :func:`~cleaner.filters._lines.line_starts`) that pass (``memo`` keeps
        what every screen of a text reads: its lines without decoration)."""
        memo = {} if memo is None else memo
        if "screen-rest" not in memo:
            rest_text = _LEADING_DECORATION.sub("", folded)
            if len(rest_text) == len(folded):  # no line is decorated: no second copy
                memo["screen-rest"] = (folded, starts)
            else:
                memo["screen-rest"] = (rest_text, line_starts(rest_text))
        rest, rest_starts = memo["screen-rest"]

        def line(k: int) -> str:
            return folded[starts[k] : starts[k + 1] - 1]

        hits: set[int] = _lines_at(starts, self._contains(folded))
        if self._plain is not None:
            hits.update(_lines_at(starts, (m.start() for m in self._plain.finditer(folded))))
        # The groups whose start each line shows; a gated group still needs its word.
        groups: dict[int, set[int]] = {}
        # A start is "\n" and a prefix: the first line is read with a line break put in front
        # of it, the others after the break that ends the line before (no copy of the text).
        for _end, found in self._starts("\n" + rest[: rest_starts[1] - 1]):
            groups.setdefault(0, set()).update(found)
        for end, found in self._starts(rest):
            groups.setdefault(bisect.bisect_right(rest_starts, end) - 1, set()).update(found)
        for match in _DIGIT_START.finditer(rest) if self._digit else ():
            groups.setdefault(bisect.bisect_right(rest_starts, match.start()) - 1, set()).update(
                self._digit
            )
        for match in _DECORATED.finditer(folded) if self._decorated else ():
            k = bisect.bisect_right(starts, match.start()) - 1
            whole = line(k)
            decoration = whole[: len(whole) - len(whole.lstrip(_DECORATION))]
            for prefix, owners in self._decorated.items():
                if prefix in decoration:
                    groups.setdefault(k, set()).update(owners)
        for k, shown in groups.items():
            if k not in hits and any(self._allows(n, line(k)) for n in shown):
                hits.add(k)
        return frozenset(hits)

    def _allows(self, group: int, folded: str) -> bool:
        """Whether a line that starts as ``group`` does holds one of its words, if it has any."""
        holds = self._requires[group]
        return holds is None or holds(folded)

    def passes(self, folded: str) -> bool:
        """Whether one folded line passes."""
        return bool(self.scan(folded, (0, len(folded) + 1)))


def _lines_at(starts: Sequence[int], positions: Iterable[int], shift: int = 0) -> set[int]:
    """The lines that hold these positions of a text whose lines start at ``starts`` (in a
    text with ``shift`` characters put in front)."""
    return {bisect.bisect_right(starts, position - shift) - 1 for position in positions}


@functools.cache
def _line_screen_parts() -> _LineScreen | None:
    """The screen of :func:`line_rule` (None: every line is tried).

    A phrase of ``LINE_FAMILIES`` starts the line (decoration aside) or leaves a fixed string
    in it (see :func:`phrases.screen`); a byline starts with its word; a meta line holds its
    separator; a caption holds the fixed text of its credit. Most lines show none of these.
    """
    families = phrases.screen(LINE_FAMILIES)
    credits = phrases.needs("caption-credit")
    if families is None or credits is None:
        return None
    # The byline's word, then its \s*:?\s+ as fold() leaves it: a space or a colon. The
    # pattern reads "İ" as "i", and "İ" folds to "i" and a combining dot.
    bylines = {
        spelling + end
        for word in _BYLINE_WORDS
        for spelling in _dotted_i_spellings(word)
        for end in " :"
    }
    return _LineScreen(families, credits | set("|•·"), bylines)


def _dotted_i_spellings(word: str) -> list[str]:
    """``word`` with each "i" spelled as it is or as "i" and a combining dot above.

    >>> [spelling.replace("\u0307", "+") for spelling in _dotted_i_spellings("di")]
    ['di', 'di+']
    """
    spellings = [""]
    for char in word:
        options = (char, "i\u0307") if char == "i" else (char,)
        spellings = [done + option for done in spellings for option in options]
    return sorted(spellings)


def _line_screen() -> Callable[[str], bool]:
    """The screen of :func:`line_rule` as a test of one folded line."""
    screen = _line_screen_parts()
    return screen.passes if screen is not None else lambda folded: True


def _screened(table: LineTable, key: str, screen: _LineScreen | None) -> frozenset[int] | None:
    """The table's lines that pass ``screen`` (None: every line), scanned once per table."""
    memo = table.memo
    if key not in memo:
        memo[key] = None if screen is None else screen.scan(*table.folded, memo)
    found: frozenset[int] | None = memo[key]
    return found


def line_drops(view: View) -> dict[int, str]:
    """{position: rule id} of the view's lines that are boilerplate where they stand."""
    found = _phrase_lines(view)
    around = _Surroundings(view, found)
    return {k: rule for k, rule in found.items() if _in_place(view, k, rule, found, around)}


def _phrase_lines(view: View) -> dict[int, str]:
    """{position: rule id} of the view's lines that are a phrase line (:func:`line_rule`),
    wherever they stand: only the lines that pass the screen are read."""
    table = view.table
    candidates = _screened(table, "line-screen", _line_screen_parts())
    lines = table.lines
    rule_of = table.per_line("line-rule", lambda i: _line_rule(lines[i], table.fold(i)))
    index = view.index
    found: dict[int, str] = {}
    for k in range(len(index)) if candidates is None else view.positions(candidates):
        rule = rule_of(index[k])
        if rule:
            found[k] = rule
    return found


# A line of a hard-wrapped paragraph is about this long: a phrase at the start of one is a
# piece of a sentence ("... This License is Copyright © 2005 Lawrence" / "Rosen. ..."), not a
# line of its own.
_WRAPPED_WIDTH = 40
# A cookie banner's sentence has this many words or more; its buttons are fewer.
_BANNER_SENTENCE_WORDS = 12


class _Surroundings:
    """What :func:`_in_place` reads of the whole view, read once per view (and only when a
    rule asks for it), not once per phrase line: a text of many cookie sentences or copyright
    lines stays linear."""

    def __init__(self, view: View, found: Mapping[int, str]) -> None:
        self._view = view
        self._found = found

    @functools.cached_property
    def paragraphs(self) -> tuple[int, int] | None:
        """The first and the last position of running text that is not a phrase line."""
        content, index, found = self._view.table.content, self._view.index, self._found
        at = [j for j in range(len(index)) if content[index[j]] and j not in found]
        return (at[0], at[-1]) if at else None

    @functools.cached_property
    def top(self) -> frozenset[int]:
        """The positions of the first five non-blank lines."""
        return frozenset(itertools.islice(self._view.nonblank(), 5))


def _in_place(
    view: View, k: int, rule: str, found: Mapping[int, str], around: _Surroundings
) -> bool:
    """Whether the phrase line at position ``k`` stands where that boilerplate stands.

    ``found`` holds every phrase line of the view (position: rule). What is judged is the
    neighbourhood, read from lines that are not phrase lines themselves, so that what a drop
    leaves behind is judged the same way again (the filter is idempotent):

    - no line is a piece of a hard-wrapped paragraph (:func:`_wrapped_piece`);
    - a short reply that cookie banners use as a button ("Got it", "I agree") and a single
      network name ("YouTube") go only next to another line of their kind: alone they are a
      line of dialogue or a list item;
    - a sentence about cookies goes when it stands outside the running text (no paragraph above
      it, or none below) or next to another line of the banner: a privacy notice explains
      cookies between its paragraphs;
    - a copyright line among the first five lines, with running text right under it, heads a
      licence or a notice, and a line that starts with "(c)" next to one that starts with
      "(b)" or "(d)" is the third item of a list;
    - a date alone on a line goes only beside another line of the page's meta data (a byline,
      a stamp, a counter): alone, it heads a letter, a diary entry or an interview;
    - no line is a row of a table (:func:`~cleaner.filters._lines.is_table_row`): a date and a
      figure between tabs or pipes are cells, not a stamp or a counter.
    """
    lines, content, blank = view.lines, view.table.content, view.table.blank
    index = view.index
    line = lines[k].strip()
    if _wrapped_piece(lines, k, found) or is_table_row(lines, k):
        return False
    if rule not in _CONTEXT_RULES:
        return True
    before = _nearest(view, k, -1)
    after = _nearest(view, k, 1)
    n_words = len(line.split())
    if rule == "boilerplate.cookies":
        if any(found.get(j) == rule for j in (before, after) if j is not None):
            return True  # a banner of several lines, or its buttons
        if n_words >= _BANNER_SENTENCE_WORDS:
            return not (around.paragraphs and around.paragraphs[0] < k < around.paragraphs[1])
        return "cookie" in view.table.fold(index[k])
    if rule == "boilerplate.share":
        if len(_core(view.table.fold(index[k])).split()) > 1:
            return True
        return any(j in found for j in (before, after) if j is not None)
    if rule == "boilerplate.updated":
        if not _bare_date().fullmatch(_core(view.table.fold(index[k]))):
            return True
        return any(j in found for j in (before, after) if j is not None)
    # boilerplate.copyright
    if line[:3].casefold() == "(c)" and any(
        lines[j].lstrip()[:3].casefold() in ("(b)", "(d)") for j in (before, after) if j is not None
    ):
        return False  # the third item of a list: "(a) ...", "(b) ...", "(c) ..."
    if k not in around.top:
        return True
    below = itertools.islice((j for j in range(k + 1, len(lines)) if not blank[index[j]]), 3)
    # Running text, or a line of a hard-wrapped paragraph (a licence's own lines).
    return not any(content[index[j]] > 0 or len(lines[j].strip()) >= _WRAPPED_WIDTH for j in below)


_CONTEXT_RULES = frozenset(
    {
        "boilerplate.cookies",
        "boilerplate.share",
        "boilerplate.copyright",
        "boilerplate.updated",
    }
)


@functools.cache
def _bare_date() -> regex.Pattern[str]:
    """A date alone on a folded line, maybe with a time: the ``updated`` family's phrases that
    do not name what they date ("Updated on ..." does)."""
    macros = phrases.macros()
    date, time = macros["date"], macros["time"]
    separator = r",? ?(?:-|\||•|·)? ?"
    return regex.compile(f"{date}(?:{separator}{time})?|{time}{separator}{date}")


def _wrapped_piece(lines: Sequence[str], k: int, found: Container[int] = ()) -> bool:
    """Whether ``lines[k]`` is a piece of a hard-wrapped paragraph: it goes on in lower case
    from a long line right above it that stops mid-sentence, or it is long, stops mid-sentence,
    and the paragraph goes on right below it (in lower case, or in another long line).
    Neighbours in ``found`` (phrase lines themselves) do not count."""
    line = lines[k].strip()
    if k > 0 and k - 1 not in found and line[:1].islower():
        above = lines[k - 1].strip()
        if len(above) >= _WRAPPED_WIDTH and not ends_like_sentence(above):
            return True
    if k + 1 < len(lines) and k + 1 not in found and len(line) >= _WRAPPED_WIDTH:
        below = lines[k + 1].strip()
        goes_on = below[:1].islower() or len(below) >= _WRAPPED_WIDTH
        return goes_on and not ends_like_sentence(line)
    return False


def _nearest(view: View, k: int, step: int) -> int | None:
    """The position of the nearest non-blank line above (step -1) or below (+1) ``k``."""
    blank, index = view.table.blank, view.index
    j = k + step
    while 0 <= j < len(index) and blank[index[j]]:
        j += step
    return j if 0 <= j < len(index) else None


def _line_rules(text: str) -> dict[int, str]:
    """{line index: rule id} of the lines of ``text`` that are phrase lines on their own."""
    return _phrase_lines(LineTable(text).view())


def decide_lines(view: View) -> View:
    """The decider of :func:`boilerplate_lines`."""
    return view.drop(line_drops(view))


def boilerplate_lines(text: str) -> str:
    """Drop lines that are boilerplate wherever they stand: comment prompts, ads, stamps, credits.

    Scrapers keep every line of text a page shows, and sites wrap each article in the same
    furniture: comment forms, share bars, newsletter boxes, cookie banners, bylines, datelines,
    breadcrumbs, tag lists and copyright lines. A line goes only when it is *entirely* one of
    the phrases of ``LINE_FAMILIES`` (bullets and arrows around it aside) or a byline; a
    sentence that merely mentions the same words stays.

    >>> boilerplate_lines("Body text.\\n\\nLeave a Reply\\n\\nCover: Shutterstock\\n")
    'Body text.\\n'
    >>> boilerplate_lines("Comments from the minister were brief.\\n")
    'Comments from the minister were brief.\\n'
    """
    return run_decider(decide_lines, text, {})


def _marker_rest(line: str) -> str | None:
    """For a related-links marker line, what follows the marker ("" if nothing); else None."""
    if len(line) > 300:  # a marker and a listed title are short
        return None
    folded = _core(fold(line))
    head, colon, rest = folded.partition(":")
    if phrases.which(head.strip(_DECORATION), ("related",)):
        return rest.strip() if colon else ""
    return None


def _is_listed_title(line: str) -> bool:
    return is_heading_like(line, max_words=30, capitalised=False)


@functools.cache
def _related_screen_parts() -> _LineScreen | None:
    """The screen of a related-links marker: see :class:`_LineScreen`."""
    screen = phrases.screen(("related",))
    return None if screen is None else _LineScreen(screen)


def _related_drops(view: View, max_related_titles: int) -> dict[int, str]:
    lines, index, blank = view.lines, view.index, view.table.blank
    table = view.table
    candidates = _screened(table, "related-screen", _related_screen_parts())
    every_line = table.lines
    rest_of = table.per_line("marker-rest", lambda i: _marker_rest(every_line[i]))
    # Markers close together read the same lines again.
    is_title = table.per_line("listed-title", lambda i: _is_listed_title(every_line[i]))

    drop: dict[int, str] = {}
    # Only the lines that pass the screen can be markers.
    for k in range(len(index)) if candidates is None else view.positions(candidates):
        rest = rest_of(index[k])
        if rest is None:
            continue
        if rest:
            if _is_listed_title(rest):
                drop[k] = "boilerplate.related"
            continue
        if _is_bare_word(lines[k]) and not _titles_follow(view, k):
            continue  # "Recommended" closing a review, not a box of links
        drop[k] = "boilerplate.related"
        # The titles listed under the marker, and the line after the last one: the next
        # non-blank lines, looked at no further than that (markers may stand close together).
        following: list[int] = []
        j = k + 1
        while j < len(lines) and len(following) <= max_related_titles:
            if not blank[index[j]]:
                following.append(j)
            j += 1
        for n, j in enumerate(following[:max_related_titles]):
            after = following[n + 1] if n + 1 < len(following) else None
            if not is_title(index[j]) or (after and is_paragraph_like(lines[after])):
                break
            drop[j] = "boilerplate.related"
    return drop


def _is_bare_word(line: str) -> bool:
    """A marker of one word without a colon ("Recommended", "More"): a word that ends a text
    as often as it opens a box of links."""
    return len(line.split()) == 1 and not line.rstrip().endswith(":")


def _titles_follow(view: View, k: int) -> bool:
    """Whether the next non-blank line after position ``k`` is a listed title."""
    j = _nearest(view, k, 1)
    return j is not None and _is_listed_title(view.lines[j])


def decide_related(view: View, *, max_related_titles: int = 6) -> View:
    """The decider of :func:`related_links`."""
    return view.drop(_related_drops(view, max_related_titles))


def related_links(text: str, *, max_related_titles: int = 6) -> str:
    """Drop a "Read also:" marker and the related-article titles listed under it.

    Sites put boxes of links to their other articles inside and under the text; an extractor
    keeps their marker ("Read also", "Lesen Sie auch", "Lire aussi", "Leer más") and the titles.
    Titles under the marker are short lines without sentence punctuation. A title that is
    followed by a paragraph is taken for a section heading of the article and kept, with
    everything after it. A marker with its title on the same line ("Read more: Title") goes
    when the rest of the line is a title, not a sentence.

    >>> related_links("Body.\\n\\nRead also:\\n\\nPutin meets Xi\\n\\nSCO summit: what next\\n")
    'Body.\\n'
    >>> related_links("Read more about the treaty in the annex.\\n")
    'Read more about the treaty in the annex.\\n'
    """
    return run_decider(decide_related, text, {"max_related_titles": max_related_titles})


def site_banner(text: str, *, banner_window: int = 8, banner_max_words: int = 8) -> str:
    """Drop the site's banner lines above an article title that the page repeats.

    When a short line near the top appears again a little further down, it is the article's
    title, and the short lines above its first copy (site name, logo alt text) are site chrome.
    Nothing goes unless every line above the title is short and has no sentence punctuation.

    >>> site_banner("WORLD CONGRESS\\n\\nicon\\n\\nPutin's plan\\n\\nPutin's plan\\n\\nBody.\\n")
    "Putin's plan\\n\\nPutin's plan\\n\\nBody.\\n"
    >>> site_banner("Putin's plan\\n\\nThe plan was announced today.\\n")
    "Putin's plan\\n\\nThe plan was announced today.\\n"
    """
    options = {"banner_window": banner_window, "banner_max_words": banner_max_words}
    return run_decider(decide_banner, text, options)


def decide_banner(view: View, *, banner_window: int = 8, banner_max_words: int = 8) -> View:
    """The decider of :func:`site_banner`."""
    return view.drop(_banner_drops(view, banner_window, banner_max_words))


def _banner_drops(view: View, banner_window: int, banner_max_words: int) -> dict[int, str]:
    lines, index = view.lines, view.index
    table = view.table
    top = list(itertools.islice(view.nonblank(), banner_window))
    folded = [table.fold(index[k]) for k in top]
    for n, k in enumerate(top):
        if not is_heading_like(lines[k], max_words=30, capitalised=False):
            return {}
        if folded[n] in folded[n + 1 :]:
            above = top[:n]
            if all(
                is_heading_like(lines[j], max_words=banner_max_words, capitalised=False)
                for j in above
            ):
                return dict.fromkeys(above, "boilerplate.site-banner")
            return {}
    return {}


# -- the tail of an article -----------------------------------------------------------------


def _runs(content: list[int], blank: list[bool]) -> tuple[list[int], list[int]]:
    """For each line, the running text of the run of paragraphs it belongs to (0 if none), and
    the number of paragraphs in that run.

    A run is a sequence of paragraph lines with nothing but blank lines between them: the body
    of an article is one long run, comments and teasers are short runs between short lines.
    """
    sums = [0] * len(content)
    counts = [0] * len(content)
    start, total, count = 0, 0, 0
    for i in range(len(content) + 1):
        if i < len(content) and (content[i] or blank[i]):
            total += content[i]
            count += content[i] > 0
            continue
        if total:
            sums[start:i] = [total] * (i - start)
            counts[start:i] = [count] * (i - start)
        start, total, count = i + 1, 0, 0
    return sums, counts


@functools.cache
def _tail_screen() -> _LineScreen | None:
    """The screen of an end-of-article marker's families: see :class:`_LineScreen`."""
    screen = phrases.screen(TAIL_FAMILIES)
    return None if screen is None else _LineScreen(screen)


def _tail_family(line: str, folded: str) -> str | None:
    """The family of an end-of-article marker line, or None."""
    if len(folded) > 200:
        return None
    family = _family(folded, TAIL_FAMILIES)
    if family is None and _marker_rest(line) == "":
        family = "related"
    return family


def _tail_cut(view: View, min_article_chars: int) -> tuple[int, str] | None:
    """The position of the first end-of-article marker that opens a tail of site chrome.

    A marker qualifies when the running text above it is at least ``min_article_chars`` long
    and at least half of all the running text (comments, author blurbs and teasers are shorter
    than the article they hang under), no run of paragraphs below it is more than twice as
    long as the longest run above it (the guard that keeps an article body safe when a share
    bar or a "Read also" box stands above it), and no run of two paragraphs or more below it is
    half as long as that: the body of another post or story, which a text holding several
    keeps after each one's comment form.
    """
    table = view.table
    every_content, every_blank = table.content, table.blank
    blank = [every_blank[i] for i in view.index]
    content = _wrapped_content(view.lines, [every_content[i] for i in view.index], blank)
    runs, paragraphs = _runs(content, blank)
    above = list(itertools.accumulate(content, initial=0))  # running text above each line
    longest_above = list(itertools.accumulate(runs, max, initial=0))
    longest_below = list(itertools.accumulate(reversed(runs), max, initial=0))[::-1]
    bodies = [run if n > 1 else 0 for run, n in zip(runs, paragraphs, strict=True)]
    longest_body_below = list(itertools.accumulate(reversed(bodies), max, initial=0))[::-1]
    total = above[-1]

    def qualifies(i: int) -> bool:
        return (
            above[i] >= min_article_chars
            and _TAIL_RATIO * above[i] >= total
            and longest_below[i + 1] <= 2 * longest_above[i]
            and _BODY_SHARE * longest_body_below[i + 1] < longest_above[i]
        )

    # Each of the four only grows truer further down: the first line where all hold is the
    # first place a marker may stand, and the first marker from there on is the cut (unless
    # it ends one post of several, below).
    first = bisect.bisect_left(range(len(content)), True, key=qualifies)
    lines = table.lines
    family_of = table.per_line("tail-family", lambda i: _tail_family(lines[i], table.fold(i)))
    markers = _screened(table, "tail-screen", _tail_screen())
    related = _screened(table, "related-screen", _related_screen_parts())
    if markers is None or related is None:
        maybe: Iterable[int] = range(len(content))
    else:  # only a line with a phrase of a tail family or a related-links marker can be one
        maybe = view.positions(markers | related)
    found: list[tuple[int, str]] = []  # the markers, those above the first place included
    for k in maybe:
        if content[k] or blank[k]:  # a marker is a short line, not running text
            continue
        if _wrapped_piece(view.lines, k):  # nor a piece of a wrapped sentence
            continue
        family = family_of(view.index[k])
        if family is None:
            continue
        if family == "related" and _is_bare_word(view.lines[k]) and not _titles_follow(view, k):
            continue
        found.append((k, family))
    # An author marker that comes again further down, with an article's worth of running text
    # or a titled post between the two, ends one post of several (an archive page, "Posted
    # by" under each): the cut is at the last one. Once that last one went, the marker before it
    # still has a titled post under it, and a marker of its kind above: no cut there either.
    first_of: dict[str, int] = {}
    for k, family in found:
        first_of.setdefault(family, k)
    next_of: dict[str, int] = {}
    cut = None
    for k, family in reversed(found):
        if k < first:
            break
        later = next_of.get(family)
        if family not in _POST_FAMILIES:
            ends_a_post = False
        elif later is not None:
            ends_a_post = above[later] - above[k] >= min_article_chars or _titled_post(
                view, k, later
            )
        else:
            ends_a_post = first_of[family] < k and _titled_post(view, k, len(view.lines))
        if not ends_a_post:
            cut = k, f"boilerplate.{family}-tail"
        next_of[family] = k
    return cut


# The markers that close each post of an archive page ("Posted by Anna at 8:15 PM"). Share
# bars and related boxes stand above and below one article too: they never end a post.
_POST_FAMILIES = frozenset({"author"})


def _wrapped_content(lines: list[str], content: list[int], blank: list[bool]) -> list[int]:
    """``content`` with the lines of hard-wrapped paragraphs counted as running text too.

    A line of a wrapped paragraph rarely ends a sentence, so on its own it does not read as
    running text, and a text of wrapped paragraphs would seem to hold little: a marker halfway
    down would seem to stand under all of it. A block of three lines or more that is one
    wrapped paragraph (:func:`_is_wrapped_block`) counts each of its lines' length. (A box of
    teasers alternates titles, excerpts and tags of every length; a block of short paragraphs
    ends sentences on most of its lines.)
    """
    counted = list(content)
    for span in block_spans(blank):
        if len(span) >= 3 and _is_wrapped_block(lines[span.start : span.stop]):
            for j in span:
                counted[j] = max(counted[j], len(lines[j].strip()))
    return counted


def _is_wrapped_block(block: list[str]) -> bool:
    """Whether a block of lines is one hard-wrapped paragraph: lines of about the same length
    (each but the last at least 60% of the longest, and :data:`_WRAPPED_WIDTH` long), most of
    them stopping mid-sentence, the last one ending a sentence."""
    widths = [len(line.strip()) for line in block]
    longest = max(widths)
    if longest < _WRAPPED_WIDTH or any(w < 0.6 * longest for w in widths[:-1]):
        return False
    open_ends = sum(not ends_like_sentence(line) for line in block[:-1])
    return 2 * open_ends >= len(block) - 1 and ends_like_sentence(block[-1])


def _titled_post(view: View, k: int, end: int) -> bool:
    """Whether a post starts between positions ``k`` and ``end``: a title of three words or
    more, standing as a block of its own, with running text under it (a comment's byline is a
    name, one or two words)."""
    lines, index = view.lines, view.index
    blank, content = view.table.blank, view.table.content
    for j in range(k + 1, end):
        if blank[index[j]] or content[index[j]]:
            continue
        alone = blank[index[j - 1]] and (j + 1 == len(lines) or blank[index[j + 1]])
        if alone and len(lines[j].split()) >= 3 and is_heading_like(lines[j], max_words=20):
            below = _nearest(view, j, 1)
            if below is not None and content[index[below]]:
                return True
    return False


def decide_tail(view: View, *, min_article_chars: int = 250) -> View:
    """The decider of :func:`article_tail`: cuts until no marker qualifies."""
    while True:
        cut = _tail_cut(view, min_article_chars)
        if cut is None:
            return view
        start, rule = cut
        blank = view.table.blank
        tail = range(start, len(view.lines))
        view = view.drop({k: rule for k in tail if not blank[view.index[k]]})


def article_tail(text: str, *, min_article_chars: int = 250) -> str:
    """Cut the tail of site chrome that follows the end of an article.

    Under an article, sites stack a comment form, a related-posts block, an author box, share
    and newsletter prompts, then sidebars and the footer, and an extractor keeps much of it.
    The first of those markers ("Leave a Reply", "Ähnliche Beiträge", "À propos de l'auteur",
    "Teilen mit:") that stands below most of the running text ends the article: it and every
    line after it go. A marker near the top (an in-article "Read also" box) is left to
    :func:`related_links`, and nothing is cut while the running text below the marker is
    longer than the text above it. Cutting repeats until no marker qualifies, so the result is
    a fixed point: running the filter twice gives the same text.

    >>> body = "The council voted on the plan after a long debate in the town hall.\\n\\n" * 7
    >>> article_tail(body + "Leave a Reply\\n\\nName\\n\\nEmail\\n")[-30:]
    'long debate in the town hall.\\n'
    >>> article_tail("Comments from the minister were brief.\\n\\n" + body + "\\n")[:38]
    'Comments from the minister were brief.'
    """
    return run_decider(decide_tail, text, {"min_article_chars": min_article_chars})
