"""Near duplicates on real pages: 50 planted edited copies among the 491 dev pages, and the seeds.

    python benchmarks/neardup_bench.py                 # the default threshold (0.6), copy seed 0
    python benchmarks/neardup_bench.py --seeds 0 1 2 3    # four draws of the 50 copies
    python benchmarks/neardup_bench.py --threshold 0.7

The issue's experiment. The 491 page texts of ``shared/bench/dev_page.jsonl`` are added, then 50
of them again (chosen with ``random.Random(seed)``), each with three edits:

- **a date changed**: the first date in the text (``12.03.2021``, ``2021-03-12``, ``12/03/2021``,
  ``12. März 2021``, ``March 12, 2021`` ...) becomes another: the day moves by one, and a month
  written as a word becomes the next month's name. A date written only in digits changes
  nothing the comparison sees (digits are folded to 0); a page with no date gets a dated line
  at the top instead ("Updated 3 May 2024").
- **a footer line added** at the end (a copyright line with three links, 10 words).
- **one paragraph dropped**: a block between blank lines, chosen at random among those of at
  least 10 words (a menu item is not a paragraph) and at most a quarter of the page's words (a
  small edit: a page that is one long block loses no more than that; with ``--any-paragraph``
  any block of 10 words or more, up to nearly the whole page).

It prints the pairs planted, the pairs found (a cluster of exactly the page and its copy), the
other clusters (with ids, URLs and each member's similarity, so a reader can judge them), and
the missed pairs with their exact word 5-gram Jaccard index and what the edits cost. Then the
five seeds (``seeds/*.txt``; 000-002 are rewrites of one story): the estimated and exact
Jaccard index of every pair, and the clusters found among them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.corpus.neardup import (  # noqa: E402
    THRESHOLD,
    NearDuplicates,
    jaccard,
    normalised_words,
)

BENCH = ROOT.parent / "shared" / "bench"
SMALL = 0.25  # the most of a page's words that "one paragraph dropped" takes
SEEDS = ROOT / "seeds"

MONTHS = [
    "January February March April May June July August September October November December",
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
]
MONTH_WORDS = "|".join(sorted({m for line in MONTHS for m in line.split()}, key=len, reverse=True))
DATE = regex.compile(
    rf"""\b(?:
        (?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<month>{MONTH_WORDS})\s+(?:de\s+)?\d{{4}}
            # 12. März 2021, 12 de marzo de 2021
      | (?P<month2>{MONTH_WORDS})\s+(?P<day2>\d{{1,2}}),?\s+\d{{4}}  # March 12, 2021
      | (?P<num>\d{{1,2}})[./]\s?\d{{1,2}}[./]\s?(?:19|20)\d{{2}}     # 12.03.2021, 12/03/2021
      | (?:19|20)\d{{2}}-\d{{2}}-(?P<iso>\d{{2}})                       # 2021-03-12
    )\b""",
    regex.VERBOSE | regex.IGNORECASE,
)
FOOTER = "© 2024 Media Group. All rights reserved. | Imprint | Privacy | Contact"
PARAGRAPH_BREAK = regex.compile(r"\n[^\S\n]*\n\s*")


def next_day(day: str) -> str:
    """The day after (1 after 28), written with as many digits."""
    value = int(day) % 28 + 1
    return f"{value:0{len(day)}d}"


def next_month(name: str) -> str:
    """The next month's name in the same language (the case of the first letter kept)."""
    for line in MONTHS:
        months = line.split()
        for i, month in enumerate(months):
            if month.casefold() == name.casefold():
                found = months[(i + 1) % 12]
                return found.capitalize() if name[:1].isupper() else found.lower()
    return name


def change_date(text: str) -> tuple[str, str]:
    """The text with its first date changed, and how: "month" (a month name changed),
    "digits" (digits only: no difference after normalisation) or "added" (no date found)."""
    match = DATE.search(text)
    if match is None:
        return "Updated 3 May 2024\n" + text, "added"
    if match.group("month") or match.group("month2"):
        day, month = ("day", "month") if match.group("month") else ("day2", "month2")
        edits = [(day, next_day(match.group(day))), (month, next_month(match.group(month)))]
        how = "month"
    else:
        digits = "num" if match.group("num") else "iso"
        edits, how = [(digits, next_day(match.group(digits)))], "digits"
    for group, new in sorted(edits, key=lambda edit: match.start(edit[0]), reverse=True):
        text = text[: match.start(group)] + new + text[match.end(group) :]
    return text, how


def add_footer(text: str) -> str:
    return text.rstrip("\n") + "\n\n" + FOOTER + "\n"


def drop_paragraph(text: str, rng: random.Random, share: float = SMALL) -> tuple[str, int]:
    """The text without one block (between blank lines) of at least 10 words and at most
    ``share`` of the text's words, chosen with ``rng``, and the number of words dropped (0 when
    there is no such block)."""
    bounds = [0, *(m.end() for m in PARAGRAPH_BREAK.finditer(text)), len(text)]
    total = len(normalised_words(text))
    blocks = [
        (a, b)
        for a, b in itertools.pairwise(bounds)
        if 10 <= len(normalised_words(text[a:b])) <= share * total
    ]
    if not blocks:
        return text, 0
    a, b = rng.choice(blocks)
    return text[:a] + text[b:], len(normalised_words(text[a:b]))


def pages_experiment(
    threshold: float, seed: int, copies: int, share: float = SMALL
) -> tuple[int, int]:
    """Plant ``copies`` edited copies among the dev pages and print what the report finds;
    return the number of planted pairs found and of other clusters."""
    with (BENCH / "dev_page.jsonl").open(encoding="utf-8") as lines:
        pages = [json.loads(line) for line in lines if line.strip()]
    texts = {page["id"]: page["text"] for page in pages}
    urls = {page["id"]: page.get("url", "") for page in pages}
    rng = random.Random(seed)
    chosen = sorted(rng.sample(sorted(texts), copies))
    finder = NearDuplicates(threshold=threshold)
    for doc_id, text in texts.items():
        finder.add(doc_id, text)
    planted: dict[str, str] = {}  # copy id -> original id
    edits: dict[str, str] = {}
    dates: dict[str, int] = {}
    for doc_id in chosen:
        edited, how = change_date(texts[doc_id])
        dates[how] = dates.get(how, 0) + 1
        edited, dropped = drop_paragraph(add_footer(edited), rng, share)
        copy_id = f"{doc_id}~edited"
        texts[copy_id], urls[copy_id] = edited, urls[doc_id]
        planted[copy_id] = doc_id
        words = len(normalised_words(texts[doc_id]))
        edits[copy_id] = f"date {how}, {dropped} of {words} words dropped"
        finder.add(copy_id, edited)
    exact = {copy: jaccard(texts[original], texts[copy]) for copy, original in planted.items()}
    near = {copy for copy, value in exact.items() if value >= threshold}

    clusters = finder.clusters()
    pairs = {frozenset({copy, original}) for copy, original in planted.items()}
    groups = {frozenset(c.ids) for c in clusters}
    found = {copy for copy, original in planted.items() if frozenset({copy, original}) in groups}
    extra = [c for c in clusters if frozenset(c.ids) not in pairs]
    missed = [copy for copy in planted if copy not in found]
    print(f"\n== copies seed {seed}: {len(pages)} dev pages + {copies} edited copies; {finder!r}")
    print(f"dates changed: {dates}")
    print(f"pairs planted: {len(pairs)} ({len(near)} with exact Jaccard >= {threshold})")
    print(f"pairs found: {len(found)} ({len(found & near)} of the {len(near)} at or above)")
    print(f"extra clusters: {len(extra)}")
    print(f"missed pairs: {len(missed)}")
    for copy in sorted(missed, key=exact.__getitem__):
        original = planted[copy]
        estimate = finder.similarity(original, copy) or 0.0
        why = "truly below the threshold" if exact[copy] < threshold else "estimate below"
        print(
            f"  {original}: exact {exact[copy]:.3f}, estimated {estimate:.3f} ({why}); "
            f"{edits[copy]}  {urls[original][:60]}"
        )
    for cluster in extra:
        print(
            f"  extra: {cluster.kind}, kept {cluster.kept}, least similarity {cluster.similarity}"
        )
        for doc_id, similarity in zip(cluster.ids, cluster.similarities, strict=True):
            value = jaccard(texts[cluster.kept], texts[doc_id])
            print(f"    {doc_id:<24} est {similarity:.3f} exact {value:.3f}  {urls[doc_id][:70]}")
    return len(found), len(extra)


def seeds_experiment(threshold: float) -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    texts = {path.name[:3]: path.read_text(encoding="utf-8") for path in paths}
    finder = NearDuplicates(threshold=threshold)
    for name, text in texts.items():
        finder.add(name, text)
    print(f"\nseeds ({', '.join(texts)}): word 5-gram Jaccard, estimated (128 hashes) and exact")
    for first, second in itertools.combinations(texts, 2):
        estimated = finder.similarity(first, second)
        exact = jaccard(texts[first], texts[second])
        print(f"  {first}-{second}: estimated {estimated:.3f}  exact {exact:.3f}")
    clusters = finder.clusters()
    print(f"clusters among the seeds at threshold {threshold}: {len(clusters)}")
    for cluster in clusters:
        print(f"  {cluster.ids} kept {cluster.kept}, {cluster.kind}, {cluster.similarity:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument(
        "--any-paragraph",
        action="store_true",
        help="drop any block of 10 words or more, not only one of at most a quarter of the page",
    )
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[0], help="which pages are copied, and how"
    )
    parser.add_argument("--copies", type=int, default=50)
    args = parser.parse_args()
    if not BENCH.is_dir():
        sys.exit(f"no bench at {BENCH}")
    for seed in args.seeds:
        pages_experiment(args.threshold, seed, args.copies, 1.0 if args.any_paragraph else SMALL)
    seeds_experiment(args.threshold)


if __name__ == "__main__":
    main()
