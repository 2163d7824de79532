"""Boilerplate: whole lines that belong to the site, not to the article.

Every filter here only deletes whole lines, and each deletion has a stable rule id
(``boilerplate.<family>``, or ``boilerplate.<family>-tail`` for a line cut with the tail of the
text) so a report can say why a line went: :func:`explain` lists them. Phrase patterns live in
``cleaner/data/phrases/`` (one file per family, one section per language); this module holds the
logic around them: where a line stands and what stands next to it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

import regex

from cleaner import phrases
from cleaner.filters._lines import (
    drop_lines,
    fold,
    fold_lines,
    is_blank,
    is_heading_like,
    is_paragraph_like,
    words,
)
from cleaner.filters.page import main_content_drops

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
    r" ?: ?[^.!?:;()]{1,60}(?:\)\.?)?$"
    r"|\((?:symbolbild|symbolfoto|archivbild|archive photo|file photo|foto de archivo)\)\.?$"
    # "... © AFP / Jane Doe": the agency after a copyright sign ends a caption.
    r"|©\s?[^.!?©]{1,60}$"
)


_TAIL_RATIO = 2


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
    return family


# The separators of a meta line: "Friday | 14 June 2019 | By Jane Doe | 3 comments".
_META_SEPARATOR = regex.compile(r"\s*[|•·]\s*")
_META_FAMILIES = ("updated", "counters", "comments", "tags")


def _is_meta_line(line: str) -> bool:
    """A line of short fields joined by pipes or bullets, one of them a date, byline or count."""
    fields = [f for f in _META_SEPARATOR.split(line.strip()) if f]
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


@functools.cache
def _line_screen() -> Callable[[str], bool]:
    """A cheap test a folded line must pass for :func:`line_rule` to find a rule for it.

    A phrase of ``LINE_FAMILIES`` starts the line (decoration aside) or leaves a fixed string
    in it (see :func:`phrases.screen`); a byline starts with its word; a meta line holds its
    separator; a caption holds the fixed text of its credit. Most lines show none of these,
    and the screen rejects them with one pattern and one many-string search.
    """
    families = phrases.screen(LINE_FAMILIES)
    credits = phrases.needs(_CAPTION_CREDIT.pattern)
    if families is None or credits is None:  # nothing to screen on: every line is tried
        return lambda folded: True
    decoration = "[" + re.escape(_DECORATION) + "]*"
    # The byline's word, then its \s*:?\s+ as fold() leaves it: a space or a colon. The
    # pattern reads "İ" as "i", and "İ" folds to "i" and a combining dot.
    bylines = "|".join(re.escape(word).replace("i", "i\u0307?") for word in _BYLINE_WORDS)
    start = re.compile(f"{decoration}(?:{families.start})|(?:{bylines})[ :]")
    anywhere = phrases.finder(families.contains | credits | set("|•·"))
    return lambda folded: start.match(folded) is not None or anywhere(folded)


def _line_rules(text: str) -> dict[int, str]:
    could_be_boilerplate = _line_screen()
    # Pages repeat lines (menus, blank lines, separators): decide each distinct line once.
    rules: dict[str, str | None] = {}
    drop: dict[int, str] = {}
    for i, (line, folded) in enumerate(zip(text.split("\n"), fold_lines(text), strict=True)):
        if line in rules:
            rule = rules[line]
        else:
            rule = rules[line] = _line_rule(line, folded) if could_be_boilerplate(folded) else None
        if rule:
            drop[i] = rule
    return drop


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
    return drop_lines(text, _line_rules(text))


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


def _related_drops(text: str, max_related_titles: int) -> dict[int, str]:
    lines = text.split("\n")
    drop: dict[int, str] = {}
    for i, line in enumerate(lines):
        rest = _marker_rest(line)
        if rest is None:
            continue
        if rest:
            if _is_listed_title(rest):
                drop[i] = "boilerplate.related"
            continue
        drop[i] = "boilerplate.related"
        following = [j for j in range(i + 1, len(lines)) if not is_blank(lines[j])]
        for n, j in enumerate(following[:max_related_titles]):
            after = following[n + 1] if n + 1 < len(following) else None
            if not _is_listed_title(lines[j]) or (after and is_paragraph_like(lines[after])):
                break
            drop[j] = "boilerplate.related"
    return drop


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
    return drop_lines(text, _related_drops(text, max_related_titles))


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
    return drop_lines(text, _banner_drops(text, banner_window, banner_max_words))


def _banner_drops(text: str, banner_window: int, banner_max_words: int) -> dict[int, str]:
    lines = text.split("\n")
    top = [i for i, line in enumerate(lines) if not is_blank(line)][:banner_window]
    folded = [fold(lines[i]) for i in top]
    for k, i in enumerate(top):
        if not is_heading_like(lines[i], max_words=30, capitalised=False):
            return {}
        if folded[k] in folded[k + 1 :]:
            above = top[:k]
            if all(
                is_heading_like(lines[j], max_words=banner_max_words, capitalised=False)
                for j in above
            ):
                return dict.fromkeys(above, "boilerplate.site-banner")
            return {}
    return {}


# -- the tail of an article -----------------------------------------------------------------


def _content_chars(line: str) -> int:
    """How much running text a line holds: its length if it reads like a paragraph, else 0."""
    return len(line.strip()) if is_paragraph_like(line) else 0


def _run_sums(content: list[int], lines: list[str]) -> list[int]:
    """For each line, the running text of the run of paragraphs it belongs to (0 if none).

    A run is a sequence of paragraph lines with nothing but blank lines between them: the body
    of an article is one long run, comments and teasers are short runs between short lines.
    """
    sums = [0] * len(lines)
    start, total = 0, 0
    for i in range(len(lines) + 1):
        if i < len(lines) and (content[i] or is_blank(lines[i])):
            total += content[i]
            continue
        for j in range(start, i):
            sums[j] = total
        start, total = i + 1, 0
    return sums


def _tail_cut(lines: list[str], min_article_chars: int) -> tuple[int, str] | None:
    """The index of the first end-of-article marker that opens a tail of site chrome.

    A marker qualifies when the running text above it is at least ``min_article_chars`` long
    and at least half of all the running text (comments, author blurbs and teasers are shorter
    than the article they hang under), and no run of paragraphs below it is more than twice as
    long as the longest run above it: the guard that keeps an article body safe when a share
    bar or a "Read also" box stands above it.
    """
    content = [_content_chars(line) for line in lines]
    runs = _run_sums(content, lines)
    longest_below = [0] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        longest_below[i] = max(longest_below[i + 1], runs[i])
    total = sum(content)
    above = longest_above = 0
    for i, line in enumerate(lines):
        if (
            above >= min_article_chars
            and _TAIL_RATIO * above >= total
            and longest_below[i + 1] <= 2 * longest_above
            and not content[i]  # a marker is a short line, not running text
            and not is_blank(line)
        ):
            folded = fold(line)
            if len(folded) <= 200:
                family = _family(folded, TAIL_FAMILIES)
                if family is None and _marker_rest(line) == "":
                    family = "related"
                if family is not None:
                    return i, f"boilerplate.{family}-tail"
        above += content[i]
        longest_above = max(longest_above, runs[i])
    return None


def _tail_drops(text: str, min_article_chars: int) -> dict[int, str]:
    lines = text.split("\n")
    cut = _tail_cut(lines, min_article_chars)
    if cut is None:
        return {}
    start, rule = cut
    return {i: rule for i in range(start, len(lines)) if not is_blank(lines[i])}


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
    while True:
        drop = _tail_drops(text, min_article_chars)
        if not drop:
            return text
        text = drop_lines(text, drop)


# -- explaining --------------------------------------------------------------------------------

# Each boilerplate filter as a function from text to {line index: rule id}, in table order.
_DECIDERS: dict[str, Callable[[str], dict[int, str]]] = {
    "article-tail": lambda text: _tail_drops(text, 250),
    "boilerplate-lines": _line_rules,
    "related-links": lambda text: _related_drops(text, 6),
    "site-banner": lambda text: _banner_drops(text, 8, 8),
    "main-content": main_content_drops,
}
# The filters that repeat until nothing more goes, as they do when they run.
_REPEATING = ("article-tail", "main-content")


def _removals(text: str, filters: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """(original line index, rule id) of every line the filters remove, running them in order."""
    lines = text.split("\n")
    alive = list(range(len(lines)))  # original index of each line of the current text
    current = text
    for name in filters:
        decider = _DECIDERS[name]
        while True:
            drop = decider(current)
            if not drop:
                break
            for i, rule in sorted(drop.items()):
                yield alive[i], rule
            out = drop_lines(current, drop)
            kept = [i for i in range(len(alive)) if i not in drop]
            new_lines = out.split("\n")
            # drop_lines also swallows blank lines: match the kept lines in order.
            mapped: list[int] = []
            k = 0
            for line in new_lines:
                while k < len(kept) and lines[alive[kept[k]]] != line:
                    k += 1
                mapped.append(alive[kept[k]] if k < len(kept) else len(lines) - 1)
                k += 1
            alive, current = mapped, out
            if name not in _REPEATING:
                break


def explain(text: str, filters: tuple[str, ...] = tuple(_DECIDERS)) -> list[Removal]:
    """Which rule removes which line: the boilerplate filters run in order on ``text``.

    ``filters`` names the boilerplate filters to run (all of them by default, in table order);
    ``[(r.line_number, r.rule) for r in explain(text)]`` is a report of every removal.

    >>> for r in explain("Body of the story.\\n\\n- Anzeige -\\n\\nBy Jane Doe\\n"):
    ...     print(r.line_number, r.rule, repr(r.line))
    3 boilerplate.advertisement '- Anzeige -'
    5 boilerplate.byline 'By Jane Doe'
    """
    unknown = [f for f in filters if f not in _DECIDERS]
    if unknown:
        raise ValueError(f"no explanation for {unknown[0]!r}; known: {', '.join(_DECIDERS)}")
    lines = text.split("\n")
    return [Removal(i + 1, lines[i], rule) for i, rule in _removals(text, filters)]
