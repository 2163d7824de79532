"""Leftover HTML tags: markup that survived the conversion of a page to text.

Converters let tags through when the HTML was escaped once too often (``&lt;br&gt;`` in a CMS
field, which the entities filter turns back into ``<br>``), when a field held HTML that was
pasted as text, or when the markup was malformed. Block tags (``<p>``, ``<br>``, ``</div>``,
``<li>``) stood for line breaks, so they become line breaks; inline tags (``<b>``, ``<a
href=...>``, ``</span>``) stood for nothing in plain text, so they go.

Only well-formed tags of known HTML elements are touched, and only where they look like
leftovers: "a < b and c > d" has no tag in it, a tag in quotes or named as "the <p> tag" is a
text about HTML, and an inline opening tag without attributes (``a<b>c``) is removed only when
its closing tag follows on the same line.
"""

from __future__ import annotations

import bisect

import regex

# Elements that start a new paragraph, a new line, or neither (inline).
_PARAGRAPH = (
    "address|article|aside|blockquote|center|div|dl|figcaption|figure|footer|h[1-6]|header|hr|"
    "main|nav|ol|p|pre|section|table|tbody|tfoot|thead|ul"
)
_LINE = "br|dd|dt|li|td|th|tr"
_INLINE = (
    "a|abbr|b|big|cite|code|del|em|font|i|img|ins|kbd|mark|q|s|small|span|strike|strong|sub|"
    "sup|time|tt|u|var|wbr"
)
# An attribute with a value (bare attributes would make "<b and c>" a tag).
_ATTRIBUTE = r"""\s+[A-Za-z_:][-\w:.]*\s*=\s*(?:"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'<>=`]+)"""
# Quotes and words that show a tag is being talked about, not left over (the word on the same
# line: "</a>" ending one line is no name of a tag that starts the next).
_QUOTES_BEFORE = "`'\"«“‘„"
_QUOTED_BEFORE = rf"(?<![{_QUOTES_BEFORE}])"
_QUOTED_AFTER = r"""(?![`'"»”’]|[ \t]+(?:tags?|elements?)\b)"""


def _bare_tag(names: str) -> str:
    """A tag of one of ``names``, without the quotes test around it."""
    return rf"</?(?:{names})(?P<attrs>(?:{_ATTRIBUTE})*)\s*/?>"


def _tag(names: str) -> str:
    return _QUOTED_BEFORE + _bare_tag(names) + _QUOTED_AFTER


def _goes_anyway(match: regex.Match[str]) -> bool:
    """Whether an inline tag goes whatever follows it: a closing tag, one with attributes, a
    self-closing one (a bare opening tag goes only before its closing tag)."""
    tag: str = match.group(0)
    return tag.startswith("</") or bool(match.group("attrs")) or tag.endswith("/>")


# A comment, closed on the line it opens on (what _without_comments removes).
_COMMENT = regex.compile(r"<!--[^\n]*?-->")
_INLINE_TAG = regex.compile(_tag(rf"(?P<name>{_INLINE})"), regex.IGNORECASE)
# A run of block tags and the spaces around them, within one line.
_BLOCK_RUN = regex.compile(
    rf"[ \t]*(?:{_tag(_PARAGRAPH + '|' + _LINE)}[ \t]*)+",
    regex.IGNORECASE,
)
_PARAGRAPH_TAG = regex.compile(rf"</?(?:{_PARAGRAPH})\b", regex.IGNORECASE)


class _Closings:
    """Whether the closing tag of a bare opening tag follows on its line, as
    ``f"</{name}>" in rest_of_line.lower()`` says, each line read once however many tags it has.

    ``text.lower()`` keeps every character's place but for "İ", which becomes two: their places
    map offsets on the line to offsets in its lower case.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = self.end = -1  # the line read last: text[start:end]
        self.lower = ""
        self.dotted: list[int] = []  # offsets of "İ" in text[start:end]
        self.last: dict[str, int] = {}  # the last place of each closing tag in self.lower

    def follow(self, name: str, pos: int) -> bool:
        """True when ``</name>`` (in any case) follows ``pos`` before the line ends."""
        if not self.start <= pos <= self.end:
            end = self.text.find("\n", pos)
            self.start, self.end = pos, len(self.text) if end < 0 else end
            line = self.text[self.start : self.end]
            self.lower = line.lower()
            self.dotted = [] if len(self.lower) == len(line) else _dotted(line)
            self.last = {}
        closing = f"</{name}>"
        if closing not in self.last:
            self.last[closing] = self.lower.rfind(closing)
        offset = pos - self.start
        return self.last[closing] >= offset + bisect.bisect_left(self.dotted, offset)


def _dotted(line: str) -> list[int]:
    return [i for i, char in enumerate(line) if char == "\u0130"]


# What a step changed: where its first change starts, and how far from the end of the text its
# last change ends (a distance from the end stays right when text before it changes). None when
# the step changed nothing.
Span = tuple[int, int]


def _inline_tags(
    text: str, start: int = 0, stop: int | None = None
) -> tuple[str, Span | None, int]:
    """Remove inline tags: closing ones, ones with attributes, self-closing ones, and bare
    opening ones whose closing tag follows on the same line. Only tags that start between
    ``start`` and ``stop`` are read. Gives the text, what changed, and how many bare opening
    tags were kept."""
    closings = _Closings(text)
    out = _Rebuilt(text)
    kept = 0
    for match in _INLINE_TAG.finditer(text, start):
        if stop is not None and match.start() > stop:
            break
        if _goes_anyway(match) or closings.follow(match.group("name").lower(), match.end()):
            out.replace(match.start(), match.end(), "")
        else:
            kept += 1
    return out.text(), out.span(), kept


class _Rebuilt:
    """A text rebuilt from its unchanged spans and the replacements between them, as
    ``pattern.sub`` would, but joined every few thousand pieces: a list of a million tiny
    strings takes ten times the memory of the text they make (and kept matches take none)."""

    def __init__(self, text: str) -> None:
        self.source = text
        self.first = -1  # where the first replacement starts
        self.done = 0  # source[:done] is read
        self.pieces: list[str] = []
        self.joined: list[str] = []

    def replace(self, start: int, end: int, replacement: str) -> None:
        """Put ``replacement`` for ``source[start:end]`` (after the spans replaced so far)."""
        if self.first < 0:
            self.first = start
        self.pieces += [self.source[self.done : start], replacement]
        self.done = end
        if len(self.pieces) >= 4096:
            self.joined.append("".join(self.pieces))
            self.pieces = []

    def text(self) -> str:
        if self.first < 0:
            return self.source
        return "".join([*self.joined, *self.pieces, self.source[self.done :]])

    def span(self) -> Span | None:
        return None if self.first < 0 else (self.first, len(self.source) - self.done)


def _without_comments(text: str) -> tuple[str, Span | None]:
    """``_COMMENT.sub("", text)``, reading each line once: a comment that does not close on its
    line leaves none after it on the line to close either."""
    out = _Rebuilt(text)
    start = text.find("<!--")
    line_end = -1
    while start >= 0:
        if start > line_end:
            newline = text.find("\n", start)
            line_end = len(text) if newline < 0 else newline
        end = text.find("-->", start + 4, line_end)
        if end < 0:
            start = text.find("<!--", line_end)
            continue
        out.replace(start, end + 3, "")
        start = text.find("<!--", end + 3)
    return out.text(), out.span()


def _block_runs(text: str, start: int = 0, stop: int | None = None) -> tuple[str, Span | None]:
    """``_BLOCK_RUN.sub(_block, text)`` on the runs that start between ``start`` and ``stop``,
    and what changed."""
    out = _Rebuilt(text)
    for match in _BLOCK_RUN.finditer(text, start):
        if stop is not None and match.start() > stop:
            break
        out.replace(match.start(), match.end(), _block(match))
    return out.text(), out.span()


def _union(*spans: Span | None) -> Span | None:
    """What the steps of a round changed, one after the other: a change of a later step moves
    what follows it, never what comes before."""
    found = [span for span in spans if span is not None]
    if not found:
        return None
    return min(first for first, _ in found), min(tail for _, tail in found)


def _window_start(text: str, changed: int) -> int:
    """Where a round must start reading when the text before ``changed`` is as the round before
    read it: at the last tag that may reach ``changed`` (a tag holds one "<"), at a tag whose
    "not followed by 'tags'" test reads up to it, and at the spaces a block run starts with."""
    start = text.rfind("<", 0, changed)
    start = changed if start < 0 else start
    before = changed
    while before > 0 and (text[before - 1].isspace() or text[before - 1].isalpha()):
        before -= 1
    if before > 0 and text[before - 1] == ">":
        tag = text.rfind("<", 0, before)
        start = min(start, max(tag, 0))
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start


# The most rounds markup() runs before it removes what is left of nested tags in one pass.
# Scraped text needs one or two; a tag nested in a tag nested in a tag... (``"</</</b>b>b>"``)
# needs a round per level, and a round costs a pass over the text.
MAX_ROUNDS = 8
# The longest tag the one pass removes: the tags it is for are short, and a longer one would
# make it read far back from every ">".
_LONGEST_TAG = 200
_ANY_INLINE_TAG = regex.compile(_bare_tag(_INLINE), regex.IGNORECASE)
_NOT_QUOTED_AFTER = regex.compile(_QUOTED_AFTER, regex.IGNORECASE)


def _collapse(text: str) -> str:
    """Remove, in one pass, every inline tag that goes whatever follows it (a closing tag, one
    with attributes, a self-closing one), including the ones that removing others forms:
    ``"</</b>b>"`` holds ``"</b>"``, and without it is ``"</b>"``. The rounds of
    :func:`markup` remove such a nest a level per round; this is what they come to when no
    bare opening tag or block tag is caught in the nest.

    A stack of the places of the "<" still open: at each ">", the text from the last of them
    is a candidate tag, read only when it is short (:data:`_LONGEST_TAG`), so each ">" costs
    a bounded time and the pass is linear. Hand-written because no library removes matches
    that removing other matches forms.
    """
    out: list[str] = []  # the kept pieces: text, "<" and ">"
    ends: list[int] = [0]  # ends[k]: the length of out[:k] joined
    opens: list[int] = []  # the indices in out of the "<" not yet closed
    pos = 0
    for piece in regex.split(r"([<>])", text):
        pos += len(piece)
        if piece == ">" and opens:
            k = opens[-1]
            if ends[-1] - ends[k] < _LONGEST_TAG:
                tag = "".join(out[k:]) + ">"
                match = _ANY_INLINE_TAG.fullmatch(tag)
                before = out[k - 1][-1] if k else ""
                if (
                    match is not None
                    and _goes_anyway(match)
                    and (not before or before not in _QUOTES_BEFORE)
                    and _NOT_QUOTED_AFTER.match(text, pos)
                ):
                    del out[k:], ends[k + 1 :]
                    opens.pop()
                    continue
        if piece == "<":
            opens.append(len(out))
        elif "\n" in piece:
            opens.clear()  # a tag the pass removes holds no line break
        if piece:
            out.append(piece)
            ends.append(ends[-1] + len(piece))
    return "".join(out)


def _block(match: regex.Match[str]) -> str:
    text: str = match.string
    start, end = match.span()
    if start == 0 or text[start - 1] == "\n" or end == len(text) or text[end] == "\n":
        return ""  # at the start or end of a line: the line break is there already
    return "\n\n" if _PARAGRAPH_TAG.search(match.group(0)) else "\n"


def markup(text: str) -> str:
    """Turn leftover HTML block tags into line breaks and remove inline tags and comments.

    >>> markup("First line<br>second <b>bold</b> line</p><p>Next paragraph\\n")
    'First line\\nsecond bold line\\n\\nNext paragraph\\n'
    >>> markup("If a < b and c > d, wrap it in the <p> tag, or use `<div>`.\\n")
    'If a < b and c > d, wrap it in the <p> tag, or use `<div>`.\\n'
    """
    if "<" not in text:
        return text
    one_final_newline = text.endswith("\n") and not text.endswith("\n\n")
    # Removing a tag can make a new one of the text around it ("</</b>b>"), so rounds go on to
    # a fixed point, and a line of nested tags takes a round per level. Without a "!" no comment
    # can ever appear; then, after a round that kept no bare opening tag (whose closing tag may
    # come to follow it), whatever the next round finds is near what this one changed: it
    # reads only from there (see _window_start) to the end of the last change.
    comments = "!" in text
    changed: Span | None = None  # by the round before, when the next may read only there
    rounds = 0
    while True:
        rounds += 1
        if rounds == MAX_ROUNDS:
            # Tags nested this deep are no leftover of a real page: what rounds would remove a
            # level at a time goes in one pass, and the rounds go on from there.
            text, changed = _collapse(text), None
        elif rounds == 2 * MAX_ROUNDS:
            break  # a nest of bare opening tags: returned as the rounds left it
        if changed is None:
            fixed, removed = _without_comments(text)
            fixed, inline, kept = _inline_tags(fixed)
            fixed, block = _block_runs(fixed)
            span = _union(removed, inline, block)
        else:
            start = _window_start(text, changed[0])
            fixed, inline, kept = _inline_tags(text, start, len(text) - changed[1])
            tail = min(changed[1], inline[1]) if inline else changed[1]
            fixed, block = _block_runs(fixed, start, len(fixed) - tail)
            span = _union(inline, block)
        if span is None:
            break
        text = fixed
        changed = None if comments or kept else span
    if one_final_newline and text.endswith("\n\n"):  # a last line that held only tags
        text = text.rstrip("\n")
        text = text + "\n" if text else ""
    return text
