"""Structure: the title and headings a scraper broke, put back in shape.

These filters see blocks (runs of non-blank lines) and the shape of each line: how long it is,
whether it ends like a sentence. Their notion of a heading is
:func:`cleaner.filters._lines.is_heading_like`; its limits are documented there.
"""

from __future__ import annotations

from cleaner.filters._lines import (
    drop_lines,
    ends_like_sentence,
    fold,
    is_blank,
    is_heading_like,
    is_paragraph_like,
)


def repeated_title(text: str, *, title_window: int = 6) -> str:
    """Keep one copy of a title the page repeats near the top.

    Scrapers often pick up the title two or three times (the page title, the headline, the
    social-card title), sometimes with a date or hashtag line between the copies. Within the
    first ``title_window`` non-blank lines, a later line that equals the first heading-like line
    (ignoring case, spacing and quote or dash typography) is dropped, up to the first line that
    ends like a sentence. Repeated paragraphs are not titles and are left alone.

    >>> repeated_title("The plan\\nThe plan\\n\\n#tag\\n\\nTHE PLAN\\n\\nBody of the article.\\n")
    'The plan\\n\\n#tag\\n\\nBody of the article.\\n'
    >>> repeated_title("The plan\\n\\nBody.\\n\\nThe plan\\n")
    'The plan\\n\\nBody.\\n\\nThe plan\\n'
    """
    lines = text.split("\n")
    top = [i for i, line in enumerate(lines) if not is_blank(line)][:title_window]
    if not top or not is_heading_like(lines[top[0]], max_words=30, capitalised=False):
        return text
    title = fold(lines[top[0]])
    copies = []
    for i in top[1:]:
        if fold(lines[i]) == title:
            copies.append(i)
        elif is_paragraph_like(lines[i]) or ends_like_sentence(lines[i]):
            break
    return drop_lines(text, set(copies))


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
        ):
            out.append("")
    return "\n".join(out)
