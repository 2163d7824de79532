"""Boilerplate: whole lines that belong to the site, not to the article.

Every filter here only deletes whole lines, and each deletion has a rule id
(``boilerplate.<family>``) so a report can say why a line went. Phrase patterns live in
``cleaner/data/phrases/``; this module holds the logic around them: where a line stands and
what stands next to it.
"""

from __future__ import annotations

from cleaner import phrases
from cleaner.filters._lines import (
    drop_lines,
    fold,
    is_blank,
    is_heading_like,
    is_paragraph_like,
)

# The phrase families that make a line boilerplate wherever it stands.
LINE_FAMILIES = ("comments", "advertisement", "updated", "credits", "hashtags", "counters")


def line_rule(line: str) -> str | None:
    """The rule id that makes ``line`` boilerplate on its own, or None.

    >>> line_rule("- Advertisement -")
    'boilerplate.advertisement'
    >>> line_rule("The advertisement campaign cost millions.") is None
    True
    """
    folded = fold(line)
    if not folded:
        return None
    match = phrases.whole_line(*LINE_FAMILIES).fullmatch(folded)
    if match is None or match.lastgroup is None:
        return None
    return "boilerplate." + match.lastgroup.replace("_", "-")


def boilerplate_lines(text: str) -> str:
    """Drop lines that are boilerplate wherever they stand: comment prompts, ads, stamps, credits.

    A line goes only when it is *entirely* one of the phrases of ``LINE_FAMILIES``; a sentence
    that merely mentions the same words stays.

    >>> boilerplate_lines("Body text.\\n\\nLeave a Reply\\n\\nCover: Shutterstock\\n")
    'Body text.\\n'
    >>> boilerplate_lines("Comments from the minister were brief.\\n")
    'Comments from the minister were brief.\\n'
    """
    lines = text.split("\n")
    return drop_lines(text, {i for i, line in enumerate(lines) if line_rule(line)})


def _marker_rest(line: str) -> str | None:
    """For a related-links marker line, what follows the marker ("" if nothing); else None."""
    folded = fold(line)
    head, colon, rest = folded.partition(":")
    if phrases.whole_line("related").fullmatch(head.strip()):
        return rest.strip() if colon else ""
    return None


def _is_listed_title(line: str) -> bool:
    return is_heading_like(line, max_words=30, capitalised=False)


def related_links(text: str, *, max_related_titles: int = 6) -> str:
    """Drop a "Read also:" marker and the related-article titles listed under it.

    Titles under the marker are short lines without sentence punctuation. A title that is
    followed by a paragraph is taken for a section heading of the article and kept, with
    everything after it. A marker with its title on the same line ("Read more: Title") goes
    when the rest of the line is a title, not a sentence.

    >>> related_links("Body.\\n\\nRead also:\\n\\nPutin meets Xi\\n\\nSCO summit: what next\\n")
    'Body.\\n'
    >>> related_links("Read more about the treaty in the annex.\\n")
    'Read more about the treaty in the annex.\\n'
    """
    lines = text.split("\n")
    drop: set[int] = set()
    for i, line in enumerate(lines):
        rest = _marker_rest(line)
        if rest is None:
            continue
        if rest:
            if _is_listed_title(rest):
                drop.add(i)
            continue
        drop.add(i)
        following = [j for j in range(i + 1, len(lines)) if not is_blank(lines[j])]
        for n, j in enumerate(following[:max_related_titles]):
            after = following[n + 1] if n + 1 < len(following) else None
            if not _is_listed_title(lines[j]) or (after and is_paragraph_like(lines[after])):
                break
            drop.add(j)
    return drop_lines(text, drop)


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
    lines = text.split("\n")
    top = [i for i, line in enumerate(lines) if not is_blank(line)][:banner_window]
    folded = [fold(lines[i]) for i in top]
    for k, i in enumerate(top):
        if not is_heading_like(lines[i], max_words=30, capitalised=False):
            return text
        if folded[k] in folded[k + 1 :]:
            above = top[:k]
            if all(
                is_heading_like(lines[j], max_words=banner_max_words, capitalised=False)
                for j in above
            ):
                return drop_lines(text, set(above))
            return text
    return text
