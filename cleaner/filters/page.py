"""Finding the main content of whole-page text, from the text alone.

A plain HTML-to-text converter keeps everything a page shows: the menu, the article, the
sidebars, the footer. Running text (the article) reads differently from site chrome: its lines
are long, end like sentences and are dense in the stop-words of their language; menus and link
lists are runs of short lines with few stop-words, digits, pipes and URLs. Each line gets a
score from those signals; the main content is the contiguous region with the highest total
score (a maximum-sum run, so a few short lines inside the article do not break it), plus any
other region nearly as rich, plus the title and headings right above a region.
"""

from __future__ import annotations

import bisect
import functools
import re
from importlib import resources

import regex

from cleaner.filters import _langs, boilerplate
from cleaner.filters._lines import (
    block_spans,
    ends_like_sentence,
    fold,
    is_blank,
    is_heading_like,
    is_table_row,
)
from cleaner.filters._table import View, run_decider

# Links and link lists: URLs, addresses, domains, "a | b" or "a » b" separators, a bullet.
_DOMAIN = re.compile(r"\.(?:com|de|org|net|html?)\b")
_SEPARATED = re.compile(r"\s[|»›>/]\s")
_LINK_BULLETS = tuple("|»›>•·*")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_DIGITS = re.compile(r"\d")

# A short line costs this much: a run of menu items outweighs a short paragraph between them.
_SHORT_LINE_COST = 40.0
# A short line that reads like words of running text counts this much a character.
_PHRASE_WEIGHT = 0.1
_EXPAND_BLOCKS = True
# The language is told from the first characters of the page (menus included: enough words).
_LANGUAGE_SAMPLE = 20000


def _is_linkish(text: str) -> bool:
    """True for a stripped line with a URL, an e-mail address, a domain, a link separator, or
    a leading bullet (tested one at a time: each alone is a fast scan)."""
    return (
        "@" in text
        or "www." in text
        or "http://" in text
        or "https://" in text
        or text.startswith(_LINK_BULLETS)
        or _DOMAIN.search(text) is not None
        or _SEPARATED.search(text) is not None
    )


def _score(line: str, stops: frozenset[str], tokens: list[str]) -> float:
    """How much a line looks like running text (positive) or like site chrome (negative).

    ``tokens`` are the line's words (:func:`_langs.words`).
    """
    text = line.strip()
    # Scripts written without spaces: count two characters as a word.
    n = len(tokens)
    if not text.isascii():
        n += len(_UNSPACED.findall(text)) // 2
    if n == 0:
        return -_SHORT_LINE_COST
    if n < 4 and len(text) < 80:  # too short for running text or a phrase of it
        return _short_line_score(text)
    sentence = ends_like_sentence(text)
    stop_share = sum(map(stops.__contains__, tokens)) / n if stops else 0.3
    if (n >= 6 and sentence) or n >= 30 or (sentence and len(text) >= 80):
        digit_share = len(_DIGITS.findall(text)) / len(text)
        weight = 0.3 + min(stop_share, 0.5) * 1.4  # 0.3 without stop-words, 1.0 from 50 %
        if _is_linkish(text):
            weight *= 0.5
        if digit_share > 0.2:
            weight *= 0.5
        return len(text) * weight
    if n >= 4 and stop_share >= 0.15 and not _is_linkish(text):
        # A phrase of running text cut short: a list item, a table row, a caption.
        return len(text) * _PHRASE_WEIGHT
    return _short_line_score(text)


def _short_line_score(text: str) -> float:
    """What a line that is not running text costs: a label, a figure, a menu item."""
    if text.endswith(":"):
        return -_SHORT_LINE_COST / 8  # a label introducing what follows ("Ingredients:")
    if _DIGITS.search(text):
        return -_SHORT_LINE_COST / 2  # a figure, a price, a date: data more often than a menu
    return -_SHORT_LINE_COST


def _language(view: View) -> str | None:
    """The language guessed from the words of the view's text, ``text[:_LANGUAGE_SAMPLE]``:
    what ``_langs.guess(_langs.words(text[:_LANGUAGE_SAMPLE]))`` says.

    No word spans a line break, so the words of the sample are those of its lines (the last
    one cut where the sample ends), read line by line until there are enough (and kept for
    the next pass), and the stop-words among the first :data:`_langs.SAMPLE_WORDS` of them
    vote at once.
    """
    every_line = view.table.lines
    # The words of the sample's lines, kept for the next pass (a bounded few: the sample's).
    words_of = view.table.per_line("sample-words", lambda i: _langs.words(every_line[i]))
    tokens: list[str] = []
    room = _LANGUAGE_SAMPLE  # characters the sample still holds
    for line, i in zip(view.lines, view.index, strict=True):
        if len(line) >= room:  # the sample ends in this line
            tokens += _langs.words(line[:room])
            break
        tokens += words_of(i)
        if len(tokens) >= _langs.SAMPLE_WORDS:
            break
        room -= len(line) + 1
        if room <= 0:
            break
    return _langs.guess(tokens)


def _best_run(scores: list[float], lo: int, hi: int) -> tuple[float, int, int]:
    """The maximum-sum run of ``scores[lo:hi]``: (sum, start, end exclusive)."""
    best, best_start, best_end = 0.0, lo, lo
    total, start = 0.0, lo
    for i in range(lo, hi):
        if total <= 0:
            total, start = 0.0, i
        total += scores[i]
        if total > best:
            best, best_start, best_end = total, start, i + 1
    return best, best_start, best_end


def _regions(
    scores: list[float], min_region_score: float, region_share: float
) -> list[tuple[int, int]]:
    """The best run, and the best runs left and right of it worth ``region_share`` of it."""
    first = _best_run(scores, 0, len(scores))
    if first[0] <= 0:
        return []
    regions = [(first[1], first[2])]
    threshold = max(min_region_score, region_share * first[0])
    pending = [(0, first[1]), (first[2], len(scores))]
    while pending:
        lo, hi = pending.pop()
        value, start, end = _best_run(scores, lo, hi)
        if value >= threshold:
            regions.append((start, end))
            pending += [(lo, start), (end, hi)]
    return sorted(regions)


def _is_own_block_heading(lines: list[str], i: int) -> bool:
    alone = (i == 0 or is_blank(lines[i - 1])) and (i + 1 == len(lines) or is_blank(lines[i + 1]))
    return alone and is_heading_like(lines[i], max_words=20)


def _main_keep(
    view: View, stops: frozenset[str], min_region_score: float, region_share: float
) -> set[int] | None:
    """The positions of the lines to keep, or None when the page has no clear main content."""
    lines = view.lines
    rows = list(view.nonblank())
    if not rows:
        return None
    table = view.table
    # Scores by line, for the stop-words they were computed with. A line's words are read
    # when it is scored and not kept: a list of every line's words took 15x the text.
    every_line = table.lines
    score_of = table.per_line(
        ("scores", stops), lambda i: _score(every_line[i], stops, _langs.words(every_line[i]))
    )
    index = view.index
    scores = [score_of(index[k]) for k in rows]
    regions = _regions(scores, min_region_score, region_share)
    if not regions:
        return None
    keep: set[int] = set()
    blocks = _Blocks(view)
    for start, end in regions:
        keep.update(rows[start:end])
        if _EXPAND_BLOCKS:
            for edge, step in ((rows[start], -1), (rows[end - 1], 1)):
                k = edge + step
                while 0 <= k < len(lines) and not is_blank(lines[k]):
                    keep.add(k)
                    k += step
        # The lists, tables and fields next to the region, then the title and headings right
        # above it, when each stands as a block of its own (a menu is a run of short lines
        # without blank lines between).
        top = bisect.bisect_left(rows, blocks.extend(keep, rows[start], rows[end - 1]))
        k = top - 1
        while k >= 0 and top - k <= 3 and _is_own_block_heading(lines, rows[k]):
            if k > 0 and len(lines[rows[k]].split()) < 3:
                break  # a one- or two-word line above the text is a menu item or a label,
                # unless it is the first line of the text (a short title)
            keep.add(rows[k])
            k -= 1
    return keep


# The shapes of content that does not read as running text: a list item ("- flour", "2. Stir",
# "3) Bake"), a field ("Date: 29 February", "Voltage: 380 V"), a table row (cells between tabs
# or pipes).
_LIST_ITEM = re.compile(r"\s*(?:[-–—]|\d{1,3}[.)])\s+\S")
_BULLET_ITEM = re.compile(r"\s*[•*·]\s+\S")
_FIELD = re.compile(r"\s*[^:\s][^:]{0,40}:\s+\S")
_MAX_BLOCK_LINES = 60


# The salutation that opens a letter and the closing that ends it, in the bench's languages.
_SALUTATION = regex.compile(
    r"(?i)(?:dear|hi|hello|liebe[rs]?|sehr geehrte[rs]?|hallo|cher|chère|chers|bonjour|"
    r"querid[oa]s?|estimad[oa]s?|car[oa]|gentile|beste|drog[ai]|szanown[ya])\b.{0,60}"
)
_CLOSING = regex.compile(
    r"(?i)(?:yours|sincerely|best|kind regards|regards|best wishes|love|cheers|thanks|"
    r"thank you|mit freundlichen grüßen|viele grüße|liebe grüße|herzliche grüße|beste grüße|"
    r"cordialement|bien à vous|amitiés|atentamente|saludos|un saludo|cordiali saluti|"
    r"distinti saluti|met vriendelijke groet|pozdrawiam|z poważaniem)\b.{0,40}"
)


def _is_letter_part(lines: list[str]) -> bool:
    """Whether a block is a letter's salutation ("Dear Mayor Jensen,") or its closing and
    signature ("Yours sincerely," and a name): short lines that read as neither prose nor
    chrome, but belong to the letter they frame."""
    if len(lines) > 3 or any(len(line.split()) > 8 for line in lines):
        return False
    first = lines[0].strip()
    if _SALUTATION.fullmatch(first) and first.endswith((",", ":", "!")):
        return len(lines) == 1
    return _CLOSING.fullmatch(first) is not None and first.endswith((",", ".", "!"))


def _is_list_of_label(lines: list[str]) -> bool:
    """Whether the lines under a label ending in a colon are its list: short lines, none of
    them a label itself (teaser boxes stack "Kicker:" and headline pairs)."""
    return all(len(line.split()) <= 12 and not line.rstrip().endswith(":") for line in lines)


class _Blocks:
    """The blocks of a view (runs of lines without a blank line between), to grow a kept
    region by the structured blocks next to it: a list, a table or the fields of a record
    belong to the text they stand next to, though none of their lines reads as prose."""

    def __init__(self, view: View) -> None:
        self.lines = view.lines
        blank = view.table.blank
        # (first, last) position of each block, and the block of each non-blank position.
        self.spans = [(span[0], span[-1]) for span in block_spans([blank[i] for i in view.index])]
        self.of = {
            k: b for b, (first, last) in enumerate(self.spans) for k in range(first, last + 1)
        }

    def extend(self, keep: set[int], first: int, last: int) -> int:
        """Add to ``keep`` the structured blocks right above ``first`` and right below
        ``last``, block after block, as long as each one is structured; return the first
        position kept."""
        for b, step in ((self.of[first], -1), (self.of[last], 1)):
            while 0 <= b + step < len(self.spans):
                label = self.lines[self.spans[b][1]].rstrip().endswith(":") and step == 1
                b += step
                lo, hi = self.spans[b]
                if not self._structured(lo, hi, label):
                    break
                keep.update(range(lo, hi + 1))
                first = min(first, lo)
        return first

    def _structured(self, lo: int, hi: int, label: bool) -> bool:
        """Whether the block is a list, a table or fields (or, under a label ending in a
        colon, a list of short lines), and shows no link or menu."""
        lines = self.lines[lo : hi + 1]
        if hi - lo + 1 > _MAX_BLOCK_LINES:
            return False
        if any(_is_linkish(line.strip()) and not _BULLET_ITEM.match(line) for line in lines):
            return False
        if any(fold(line.strip()) in _navigation() for line in lines):
            return False
        if label:
            return _is_list_of_label(lines)
        if _is_letter_part(lines):
            return True
        if len(lines) < 2:
            return False
        if lines[0].rstrip().endswith(":") and _is_list_of_label(lines[1:]):
            return True
        if all(map(_LIST_ITEM.match, lines)) or all(map(_FIELD.match, lines)):
            return True
        for separator in ("\t", "|"):
            cells = {line.count(separator) for line in lines}
            if len(cells) == 1 and min(cells) >= (1 if separator == "\t" else 2):
                return True
        return False


@functools.cache
def _navigation() -> frozenset[str]:
    """The navigation words of ``cleaner/data/navigation.txt``: a menu, a footer or a login
    link shows some of these alone on a line; a document written as a document (a letter, a
    recipe, a licence) almost never does."""
    text = resources.files("cleaner").joinpath("data").joinpath("navigation.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


# A row of links: "Home | News | Sport", "Start » Politik » Inland".
_LINK_ROW = re.compile(r"\s[|»›/·•]\s.*\s[|»›/·•]\s")
# This many lines that only site chrome shows make a text a page with chrome.
_CHROME_LINES = 3


def _has_chrome(view: View) -> bool:
    """Whether the text shows site chrome: :data:`_CHROME_LINES` lines or more that a page's
    menus, footers and forms are made of and a document is not: a navigation word alone, a
    row of links, a line of a boilerplate phrase family (those the boilerplate filters dropped
    before this one count too); or a run of :data:`_MENU_LINES` bare short lines. A text
    without chrome is all content: nothing to cut."""
    found = len(view.removed)
    if found >= _CHROME_LINES:
        return True
    table = view.table
    menu = 0  # bare short lines in a row, blank lines aside
    lines = view.lines
    for k in view.nonblank():
        folded = table.fold(view.index[k]).strip(_MENU_DECORATION).rstrip(":")
        if folded in _navigation() or (
            len(folded) < 120 and _LINK_ROW.search(folded) and not is_table_row(lines, k)
        ):
            found += 1
            if found >= _CHROME_LINES:
                return True
        menu = menu + 1 if _is_menu_item(lines[k]) else 0
        if menu >= _MENU_LINES:
            return True
    return found + len(boilerplate.line_drops(view)) >= _CHROME_LINES


# A menu: this many lines in a row of at most three words, without a digit, a list bullet or
# any punctuation ("Living", "Small Spaces", "Themen von A-Z"). An ingredient list has figures,
# a list has bullets; one this long without either is a site's navigation.
_MENU_LINES = 10
_MENU_ITEM = re.compile(r"[\d.!?:;,()\[\]\-*•·]")


def _is_menu_item(line: str) -> bool:
    text = line.strip()
    return len(text.split()) <= 3 and _MENU_ITEM.search(text) is None


_MENU_DECORATION = " -|•·*>»›\"'"


def decide_main(view: View, *, min_region_score: float = 60.0, region_share: float = 0.05) -> View:
    """The decider of :func:`main_content`: drops until the kept region is a fixed point."""
    if not _has_chrome(view):
        return view
    for _ in range(8):  # reach the fixed point: a second run must change nothing
        stops = _langs.stop_words(_language(view))
        keep = _main_keep(view, stops, min_region_score, region_share)
        if keep is None:
            return view
        blank = view.table.blank
        drop = {
            k: "boilerplate.outside-main-content"
            for k, i in enumerate(view.index)
            if k not in keep and not blank[i]
        }
        if not drop:
            return view
        view = view.drop(drop)
    return view


def main_content(text: str, *, min_region_score: float = 60.0, region_share: float = 0.05) -> str:
    """Keep the main content of whole-page text: the region(s) of running text and their titles.

    Each line is scored: running text (six words or more ending like a sentence, or thirty
    words) scores its length, weighted by its share of stop-words for the page's language and
    lowered for URLs, pipes and digits; a short phrase of running text (four words or more,
    with stop-words) counts a little; every other line costs a fixed amount (less for a label
    ending in a colon or a line with figures). The maximum-sum run of lines is the
    main content; other runs scoring at least ``region_share`` of it (and ``min_region_score``)
    are kept too, with up to three heading-like lines right above each run. Lines outside
    every run (menus, sidebars, footers) go. A page without any running text is left alone.

    >>> page = "Home\\nNews\\nSport\\nContact\\n\\nCouncil backs the plan\\n\\n"
    >>> page += "The council voted for the new harbour plan on Tuesday, after a long debate.\\n"
    >>> page += "\\nImprint\\nPrivacy\\n"
    >>> print(main_content(page), end="")
    Council backs the plan
    <BLANKLINE>
    The council voted for the new harbour plan on Tuesday, after a long debate.
    >>> main_content("Home\\nNews\\nContact\\n")
    'Home\\nNews\\nContact\\n'
    """
    options = {"min_region_score": min_region_score, "region_share": region_share}
    return run_decider(decide_main, text, options)
