"""Shared hypothesis strategies: clean prose, and the messy text scrapers hand over."""

from __future__ import annotations

from hypothesis import strategies as st

# Ordinary words in several scripts; none of them, alone or together, is boilerplate.
WORDS = [
    "the",
    "river",
    "report",
    "minister",
    "budget",
    "treaty",
    "village",
    "morning",
    "council",
    "harbour",
    "winter",
    "analysts",
    "weapons",
    "friendship",
    "cooperation",
    "garden",
    "doctor",
    "museum",
    "election",
    "farmers",
    "Stadt",
    "Regierung",
    "Bericht",
    "Woche",
    "Schule",
    "Kinder",
    "Wasser",
    "über",
    "Straße",
    "größer",
    "ville",
    "rapport",
    "semaine",
    "école",
    "été",
    "enfants",
    "précisé",
    "ciudad",
    "informe",
    "semana",
    "niños",
    "año",
    "señal",
    "город",
    "отчёт",
    "неделя",
    "школа",
    "дети",
    "πόλη",
    "έκθεση",
    "εβδομάδα",
    "城市",
    "报告",
    "星期",
    "学校",
]
NAMES = ["Anna", "Berlin", "Kyiv", "Warsaw", "Madrid", "Lyon", "Oslo", "NATO", "Kremlin", "Seoul"]

word = st.sampled_from(WORDS)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """A capitalised sentence of 6 to 18 words ending with a full stop."""
    words = draw(st.lists(st.one_of(word, st.sampled_from(NAMES)), min_size=6, max_size=18))
    first = words[0][0].upper() + words[0][1:]
    return " ".join([first, *words[1:]]) + draw(st.sampled_from([".", ".", ".", "?", "!"]))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def clean_prose(draw: st.DrawFn) -> str:
    """Tidy paragraphs of sentences, one blank line between them, one final newline."""
    paragraphs = st.lists(paragraph(), min_size=1, max_size=6, unique_by=str.casefold)
    return "\n\n".join(draw(paragraphs)) + "\n"


# Lines a scraper hands over around the content.
SCRAPED_LINES = [
    "Leave a Comment",
    "Leave a Reply",
    "Comments are closed.",
    "- Advertisement -",
    "Your email address will not be published. Required fields are marked *",
    "Last Updated on June 21, 2024 9:15 am",
    "Cover: Shutterstock",
    "#DefeatRussia",
    "March 21,2024 490",
    "Read also:",
    "Read more: Ukraine war: what the map shows",
    "UKRAINIAN WORLD CONGRESS",
    "icon",
    "Russia separated from western countries",
    "Why is America objected to\u00a0From Russia",
    "the whole plan",
    "Dear Anna,",
    "- first item",
    "1. second item",
    "",
    "",
    "&rsquo; & rsquo; &amp;rsquo; &amp;amp; &EACUTE; &copy 2024 AT&T",
    "Ã©tÃ© â€” worldâ€™s",
    "\u200b\ufeff\u00ad\u200d\u200c\u200f",
    "  \t spaced   out \t ",
    "<br> <p>tag</p>",
    # Words broken at a line end, and the rest of them.
    "the inter-",
    "national treaty",
    "a well-",
    "known fact",
]

messy_line = st.one_of(
    st.sampled_from(SCRAPED_LINES),
    sentence(),
    paragraph(),
    st.text(max_size=40),
)


@st.composite
def messy_text(draw: st.DrawFn) -> str:
    """Scraped-looking text: content, boilerplate, broken entities, odd whitespace and endings."""
    lines = draw(st.lists(messy_line, max_size=14))
    if lines and draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), lines[0])  # a repeated title
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028"]))
    return ending.join(lines) + draw(st.sampled_from(["", "\n", "\n\n", " "]))


# Any text at all, messy text, and tidy text with one final newline.
any_text = st.one_of(st.text(), messy_text())
