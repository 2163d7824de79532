"""The boilerplate filters beyond their goldens: rule ids, explain(), the phrase data layout."""

from __future__ import annotations

import pytest
from hypothesis import given

from cleaner import Pipeline, Removal, explain, phrases
from cleaner import clean as cleaner_clean
from cleaner.filters import BY_NAME
from cleaner.filters.boilerplate import (
    LINE_FAMILIES,
    TAIL_FAMILIES,
    article_tail,
    line_rule,
)
from cleaner.filters.page import main_content
from tests.strategies import clean_prose

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru")
# Families made of symbols or numbers, the same in every language.
LANGUAGE_FREE = {"hashtags"}

BODY = "\n\n".join(
    [
        "The harbour authority approved the new pier on Tuesday after three public hearings.",
        "Construction will start in the spring, and the pier should open before the summer.",
        "Local fishermen had asked for a separate berth, and the final plan gives them one.",
        "The cost is shared between the city, the region and the ferry company, officials said.",
    ]
)


@pytest.mark.parametrize("family", [f for f in phrases.family_names() if f not in LANGUAGE_FREE])
def test_every_family_has_every_language(family: str) -> None:
    """Each phrase family has a section for each of the nine languages the issue names."""
    text = phrases._folder().joinpath(f"{family}.txt").read_text("utf-8")
    missing = [lang for lang in LANGUAGES if f"# -- {lang} --" not in text]
    assert not missing, f"{family}.txt lacks sections for {missing}"


def test_filters_use_shipped_families() -> None:
    """Every family a filter names is a data file, and every data file is used by a filter."""
    shipped = set(phrases.family_names())
    used = set(LINE_FAMILIES) | set(TAIL_FAMILIES) | {"related"}
    assert used <= shipped
    assert shipped <= used


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Leave a Reply", "boilerplate.comments"),
        ("Schreibe einen Kommentar", "boilerplate.comments"),
        ("Laisser un commentaire", "boilerplate.comments"),
        ("- Anzeige -", "boilerplate.advertisement"),
        ("Teilen mit:", "boilerplate.share"),
        ("Síguenos en Instagram", "boilerplate.share"),
        ("Iscriviti alla newsletter", "boilerplate.newsletter"),
        ("Wszelkie prawa zastrzeżone.", "boilerplate.copyright"),
        ("Все права защищены.", "boilerplate.copyright"),
        ("Home > News > Politics", "boilerplate.breadcrumbs"),
        ("Vorheriger Beitrag", "boilerplate.pagination"),
        ("Laatst bijgewerkt op 12 maart 2024", "boilerplate.updated"),
        ("Publicado em 3 de março de 2024", "boilerplate.updated"),
        ("By Jane Doe", "boilerplate.byline"),
        ("The bridge at dusk. (Photo: Reuters)", "boilerplate.caption"),
        ("Tags: Brücke, Stadtrat, Verkehr", "boilerplate.tags"),
        ("1.204 Aufrufe", "boilerplate.counters"),
    ],
)
def test_line_rule_ids(line: str, rule: str) -> None:
    """A boilerplate line is named by its stable rule id."""
    assert line_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the treaty in the annex.",
        "Comments from the minister were brief.",
        "The advertisement campaign cost millions.",
        "She shared the photo on Facebook and Twitter before the vote.",
        "On 21 March 2024 the council met again.",
        "Von Berlin nach Rom",
        "Copyright law protects the author for seventy years after death.",
        "Photo: the minister said it was fine.",
    ],
)
def test_line_rule_spares_sentences(line: str) -> None:
    """Sentences that mention the same words are not boilerplate."""
    assert line_rule(line) is None


def test_explain_names_rule_and_line() -> None:
    """explain() lists each removed line with its 1-based number and rule id, in filter order."""
    text = BODY + "\n\n- Advertisement -\n\nLeave a Reply\n\nName\n\nEmail\n"
    removals = explain(text)
    assert removals[0] == Removal(11, "Leave a Reply", "boilerplate.comments-tail", "article-tail")
    assert [r.line for r in removals] == ["Leave a Reply", "Name", "Email", "- Advertisement -"]
    assert removals[-1].rule == "boilerplate.advertisement"
    lines = text.split("\n")
    assert all(lines[r.line_number - 1] == r.line for r in removals)


def test_explain_matches_filters() -> None:
    """The lines explain() names are exactly the lines the filters remove."""
    text = "By Jane Doe\n\n" + BODY + "\n\nRead also:\n\nAnother story\n\nÄhnliche Beiträge\n"
    out = text
    names = ("article-tail", "boilerplate-lines", "related-links", "site-banner", "main-content")
    for name in names:
        out = BY_NAME[name](out)
    removed = [r.line for r in explain(text)]
    kept = [line for line in out.split("\n") if line.strip()]
    original = [line for line in text.split("\n") if line.strip()]
    assert sorted(removed + kept) == sorted(original)


def test_explain_follows_the_pipeline_options() -> None:
    """explain() reads the pipeline's own options: a wider window cuts what the default keeps."""
    text = "Body of the story, as told.\n\nRead also:\n\nOne\n\nTwo\n\nThree\n"
    few = Pipeline(["related-links"], max_related_titles=1).explain(text)
    assert [r.line for r in few] == ["Read also:", "One"]
    assert [r.line for r in explain(text)] == ["Read also:", "One", "Two", "Three"]


def test_explain_runs_after_the_repairs() -> None:
    """A line the repairs turn into boilerplate is explained by its rule, not as a non-prose
    line: explain sees the text as the pipeline does."""
    text = "Body of the story, as told by the people who were there.\n\n-&nbsp;Anzeige&nbsp;-\n"
    explanation = explain(text)
    assert [(r.line_number, r.rule) for r in explanation] == [(3, "boilerplate.advertisement")]
    assert explanation.repaired.split("\n")[2] == "- Anzeige -"


def test_explain_without_final_newline() -> None:
    """A text without a final newline is explained like any other."""
    explanation = explain("#правильноепитание")
    assert [r.rule for r in explanation] == ["boilerplate.hashtags"]
    assert explanation.text == cleaner_clean("#правильноепитание") == ""


def test_tail_reaches_fixed_point_in_one_pass() -> None:
    """Cutting one tail can expose another marker; one call cuts both."""
    text = BODY + "\n\nShare this:\n\nFacebook\n\nRelated posts\n\nLeave a Reply\n"
    once = article_tail(text)
    assert once == BODY + "\n"
    assert article_tail(once) == once


@given(text=clean_prose())
def test_main_content_keeps_prose_with_a_title(text: str) -> None:
    """A title standing above clean prose stays with it."""
    page = "A title above the text\n\n" + text
    assert main_content(page) == page
