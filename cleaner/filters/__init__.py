"""THE table of filters, in canonical order: the architecture on one screen.

A pipeline runs its filters in this order, whatever order they were named in; presets only
switch rows on or off. Each row claims guarantees that ``tests/test_guarantees.py`` checks for
every row, so a filter is covered the moment it is added here.
"""

from __future__ import annotations

from cleaner.filters.boilerplate import (
    article_tail,
    boilerplate_lines,
    decide_banner,
    decide_lines,
    decide_related,
    decide_tail,
    related_links,
    site_banner,
)
from cleaner.filters.encoding import mojibake, normalize
from cleaner.filters.entities import entities
from cleaner.filters.markup import markup
from cleaner.filters.page import decide_main, main_content
from cleaner.filters.paragraphs import check_hyphen_languages, hyphenation, paragraphs
from cleaner.filters.structure import (
    FORMATS,
    broken_headings,
    decide_title,
    empty_headings,
    glued_headings,
    markdown,
    repeated_title,
)
from cleaner.filters.typography import typography
from cleaner.filters.whitespace import whitespace
from cleaner.registry import FilterSpec, Guarantee, Option, Stage, spec

IDEMPOTENT = Guarantee.IDEMPOTENT
DELETES = Guarantee.ONLY_DELETES_LINES
SHRINKS = Guarantee.NEVER_GROWS
PROSE = Guarantee.KEEPS_CLEAN_PROSE
STRUCTURED = Guarantee.KEEPS_STRUCTURED_TEXT
ENDS_NL = Guarantee.ENDS_WITH_NEWLINE
KEEPS_NL = Guarantee.KEEPS_FINAL_NEWLINE
WORDS = Guarantee.KEEPS_WORDS
HYPHENS = Guarantee.KEEPS_TEXT_BUT_LINE_END_HYPHENS


def _one_of(*choices: str) -> Option:
    def validate(value: str) -> None:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {value!r}")

    return Option(str, validate=validate)


COUNT = Option(int, low=0)  # a number of characters or lines; 0 switches the check off
WINDOW = Option(int, low=1)  # a number of lines or words to look at: one at least
SCORE = Option((int, float), low=0)
SHARE = Option((int, float), low=0, high=1)
FLAG = Option(bool)

FILTERS: tuple[FilterSpec, ...] = (
    # -- encoding --------------------------------------------------------------------------
    spec("mojibake", mojibake, "undo mojibake with ftfy, encoding repairs only",
         Stage.ENCODING, IDEMPOTENT, PROSE, STRUCTURED, KEEPS_NL),
    spec("normalize", normalize, "Unicode normal form: NFC (NFKC on request)",
         Stage.ENCODING, IDEMPOTENT, PROSE, STRUCTURED, KEEPS_NL,
         checks={"form": _one_of("NFC", "NFKC")}),
    # -- entities --------------------------------------------------------------------------
    spec("entities", entities, "decode HTML entities, also double-escaped, spaced or all-caps",
         Stage.ENTITIES, IDEMPOTENT, SHRINKS, PROSE, STRUCTURED, KEEPS_NL),
    spec("markup", markup, "leftover HTML tags: block tags to line breaks, inline tags removed",
         Stage.ENTITIES, IDEMPOTENT, SHRINKS, PROSE, STRUCTURED, KEEPS_NL),
    # After entities and markup, so quotes decoded from &rsquo; are straightened too.
    spec("typography", typography, "opt-in: straight quotes, plain dashes and dots, no ligatures",
         Stage.ENTITIES, IDEMPOTENT, PROSE, STRUCTURED, KEEPS_NL),
    # -- whitespace ------------------------------------------------------------------------
    spec("whitespace", whitespace, "LF endings, plain spaces, no invisibles, tidy blank lines",
         Stage.WHITESPACE, IDEMPOTENT, PROSE, ENDS_NL,
         checks={"keep_indent": FLAG}),
    # -- boilerplate -----------------------------------------------------------------------
    spec("article-tail", article_tail, "cut comment forms, related posts, author boxes at the end",
         Stage.BOILERPLATE, IDEMPOTENT, DELETES, SHRINKS, PROSE, STRUCTURED, KEEPS_NL,
         decide=decide_tail, checks={"min_article_chars": COUNT}),
    spec("boilerplate-lines", boilerplate_lines, "drop comment prompts, ads, stamps, credits, tags",
         Stage.BOILERPLATE, IDEMPOTENT, DELETES, SHRINKS, PROSE, STRUCTURED, KEEPS_NL,
         decide=decide_lines),
    spec("related-links", related_links, 'drop "Read also:" and the titles listed under it',
         Stage.BOILERPLATE, IDEMPOTENT, DELETES, SHRINKS, PROSE, STRUCTURED, KEEPS_NL,
         decide=decide_related, checks={"max_related_titles": COUNT}),
    spec("site-banner", site_banner, "drop site banner lines above a repeated title",
         Stage.BOILERPLATE, IDEMPOTENT, DELETES, SHRINKS, PROSE, STRUCTURED, KEEPS_NL,
         decide=decide_banner, checks={"banner_window": WINDOW, "banner_max_words": WINDOW}),
    spec("main-content", main_content, "keep the main region of running text of a whole page",
         Stage.BOILERPLATE, IDEMPOTENT, DELETES, SHRINKS, PROSE, STRUCTURED, KEEPS_NL,
         decide=decide_main, checks={"min_region_score": SCORE, "region_share": SHARE}),
    # -- structure -------------------------------------------------------------------------
    spec("repeated-title", repeated_title, "keep one copy of a title repeated near the top",
         Stage.STRUCTURE, IDEMPOTENT, DELETES, SHRINKS, PROSE, STRUCTURED, KEEPS_NL,
         decide=decide_title, checks={"title_window": WINDOW}),
    spec("broken-headings", broken_headings, "join a heading broken across 2-3 short lines",
         Stage.STRUCTURE, IDEMPOTENT, WORDS, SHRINKS, PROSE, KEEPS_NL),
    spec("hyphenation", hyphenation, "rejoin words split at a line end; compounds keep the hyphen",
         Stage.STRUCTURE, IDEMPOTENT, HYPHENS, SHRINKS, PROSE, STRUCTURED, KEEPS_NL,
         checks={"hyphen_languages": Option(object, validate=check_hyphen_languages)}),
    spec("paragraphs", paragraphs, "join a hard-wrapped or broken paragraph into one line",
         Stage.STRUCTURE, IDEMPOTENT, WORDS, SHRINKS, PROSE, KEEPS_NL,
         checks={"join_across_blank": FLAG}),
    spec("glued-headings", glued_headings, "give a heading glued to its paragraph its own block",
         Stage.STRUCTURE, IDEMPOTENT, WORDS, PROSE, KEEPS_NL),
    spec("empty-headings", empty_headings, "drop headings with no body (drop_empty_headings)",
         Stage.STRUCTURE, IDEMPOTENT, DELETES, SHRINKS, PROSE, STRUCTURED, KEEPS_NL,
         checks={"drop_empty_headings": FLAG}),
    spec("markdown", markdown, "mark title # and section headings ## (format='markdown')",
         Stage.STRUCTURE, IDEMPOTENT, PROSE, STRUCTURED, KEEPS_NL,
         checks={"format": _one_of(*FORMATS)}),
)  # fmt: skip

BY_NAME: dict[str, FilterSpec] = {f.name: f for f in FILTERS}
