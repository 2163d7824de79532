"""Precision first: each kind of misfire the precision issue found, as a text of our own that
both line-dropping presets must leave whole (no word of it lost), and the preset split itself.

Every case is a document a person wrote, in the shape where a rule once took real content: a
short recipe, a heading over two lines, a multi-post archive, two stories in one record, a
licence header, a privacy notice about cookies, a dated changelog, a table row with a date, a
review that ends in one word, a letter and an interview that open with a date.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import cleaner
from cleaner.pipeline import PRESETS

_PARAGRAPH = (
    "We drove out to the lake on a warm afternoon and swam until the sun went down behind "
    "the hills, then cooked dinner on the small stove we had brought along.\n\nThe water was "
    "still cold, but the children did not mind and stayed in far longer than we did."
)
_STORY = (
    "The council voted for the new harbour plan on Tuesday, after a long debate in the town "
    "hall that lasted until midnight.\n\nWork on the new quays starts in spring, and the first "
    "ferries will berth there the year after, the mayor said.\n\nOpponents had asked for a "
    "vote of the residents first, but the motion failed by three votes."
)

CASES = {
    "short recipe": "Quick salsa\n\nYou need:\n- 3 tomatoes\n- 1 onion\n- a handful of "
    "coriander\n\nChop everything finely and season with salt and lime juice.\n",
    "heading over two lines": "The harbour plan\nand what it means for the town\n\n"
    "The council voted for the new harbour plan on Tuesday, after a long debate.\n",
    "multi-post archive": "\n\n".join(
        f"Day {n} at the lake\n\n{_PARAGRAPH}\n\nPosted by Anna at 8:15 PM" for n in (1, 2)
    )
    + f"\n\nDay 3 at the lake\n\n{_PARAGRAPH}\n",
    "two stories in one record": f"Harbour plan approved\n\n{_STORY}\n\nComments are closed.\n\n"
    f"Ferry fares rise again\n\n{_STORY.replace('harbour plan', 'fare rise')}\n",
    "licence header": "MIT License\n\nCopyright (c) [year] [fullname]\n\nPermission is hereby "
    "granted, free of charge, to any person obtaining a copy of this software.\n",
    "cookies in a privacy notice": "Privacy notice\n\nWe collect only what we need to run "
    "the service.\n\nWe use cookies to remember your settings, and you can refuse them in your "
    "browser preferences at any time, as this notice explains.\n\nWe answer every request "
    "within thirty days.\n",
    "dated changelog": "Changelog\n\n2024-03-01\n- Faster start-up.\n- Fixed the parser on "
    "empty files.\n\n2024-01-15\n- First public release.\n",
    "table row with a date": "Releases\n\n| Version | Date | Notes |\n|---|---|---|\n"
    "| 1.2 | 2024-03-01 | Faster parser |\n| 1.1 | 2024-01-15 | First release |\n",
    "review ending in one word": "Great little kettle\n\nIt boils fast and the handle stays "
    "cool. The lid is a bit stiff at first.\n\nrecommended\n",
    "letter with a date": "August 19, 1975\n\nDear Mary,\n\nThank you for your letter, which "
    "reached me only last week.\n\nYours,\nHannah\n",
    "interview with a date": "An interview with the harbour master\n\nSunday, May 28, 2006\n\n"
    "Q: How long have you worked here?\nA: Thirty years this autumn.\n",
    "dialogue with replies": "Did you get the tickets?\n\nGot it.\n\nThen I will book the "
    "table for eight.\n",
}


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


# The one line of boilerplate a case holds, which may go.
BOILERPLATE = {"two stories in one record": "Comments are closed."}


@pytest.mark.parametrize("preset", ["default", "page"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_documents_keep_every_word(case: str, preset: str) -> None:
    """Neither line-dropping preset drops a word of a document (its boilerplate line aside)."""
    text = CASES[case]
    lost = _words(text) - _words(cleaner.clean(text, preset=preset))
    lost -= _words(BOILERPLATE.get(case, ""))
    assert not lost, f"{case} ({preset}) lost {sorted(lost)}"


def test_default_has_no_region_finding() -> None:
    """default is for article-extractor text: no region finding; page keeps it."""
    assert "main-content" not in PRESETS["default"]
    assert PRESETS["page"] == PRESETS["default"] | {"main-content"}


def test_page_still_cuts_chrome() -> None:
    """The near-miss the other way: page text with a menu and a footer loses them."""
    page = (
        "Home\nNews\nSport\nContact\nLogin\n\nHarbour plan approved\n\n"
        f"{_STORY}\n\nPrivacy policy\nImprint\n"
    )
    out = cleaner.clean(page, preset="page")
    assert out.startswith("Harbour plan approved\n") and "Imprint" not in out
