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

import re

from cleaner.filters import _langs
from cleaner.filters._lines import ends_like_sentence, is_blank, is_heading_like
from cleaner.filters._table import LineTable, View, run_decider

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
    one cut where the sample ends), taken from the table's words of every line, and the
    stop-words among the first :data:`_langs.SAMPLE_WORDS` of them vote at once.
    """
    words_of = _words(view.table)
    tokens: list[str] = []
    room = _LANGUAGE_SAMPLE  # characters the sample still holds
    for line, i in zip(view.lines, view.index, strict=True):
        if len(line) >= room:  # the sample ends in this line
            tokens += _langs.words(line[:room])
            break
        tokens += words_of[i]
        if len(tokens) >= _langs.SAMPLE_WORDS:
            break
        room -= len(line) + 1
        if room <= 0:
            break
    return _langs.guess(tokens)


def _words(table: LineTable) -> list[list[str]]:
    """:func:`_langs.words` of every line of the table, read once per table.

    Case folding maps each character on its own and never makes or removes a line break, so
    the lines of the folded text are the folded lines: one ``casefold`` and one ``split`` for
    the whole text instead of one call a line.
    """
    words: list[list[str]] | None = table.memo.get("words")
    if words is None:
        words = table.memo["words"] = list(
            map(_langs.words_of_folded, table.text.casefold().split("\n"))
        )
    return words


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
    # Scores by line, for the stop-words they were computed with.
    words = _words(table)
    every_line = table.lines
    score_of = table.per_line(("scores", stops), lambda i: _score(every_line[i], stops, words[i]))
    index = view.index
    scores = [score_of(index[k]) for k in rows]
    regions = _regions(scores, min_region_score, region_share)
    if not regions:
        return None
    keep: set[int] = set()
    for start, end in regions:
        keep.update(rows[start:end])
        if _EXPAND_BLOCKS:
            for edge, step in ((rows[start], -1), (rows[end - 1], 1)):
                k = edge + step
                while 0 <= k < len(lines) and not is_blank(lines[k]):
                    keep.add(k)
                    k += step
        # The title and headings right above a region belong to it, when each stands as a
        # block of its own (a menu is a run of short lines without blank lines between).
        k = start - 1
        while k >= 0 and start - k <= 3 and _is_own_block_heading(lines, rows[k]):
            if k > 0 and len(lines[rows[k]].split()) < 3:
                break  # a one- or two-word line above the text is a menu item or a label,
                # unless it is the first line of the text (a short title)
            keep.add(rows[k])
            k -= 1
    return keep


def decide_main(view: View, *, min_region_score: float = 60.0, region_share: float = 0.05) -> View:
    """The decider of :func:`main_content`: drops until the kept region is a fixed point."""
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
