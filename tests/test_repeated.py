"""The corpus-level stage: lines repeated across a group's documents (cleaner.corpus.repeated).

Its properties (only deletes lines, independent of order and shards, idempotent), the content
it keeps (running text that a few documents share, data lines), and the CLI's two passes.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.corpus import clean_corpus
from cleaner.corpus.repeated import (
    BLOCK_RULE,
    RULE,
    Grouping,
    LineCounts,
    Settings,
    StageCounts,
    normal_form,
    remove_repeated_lines,
)
from cleaner.errors import ConfigError, InputError

# A site's template, and the pages' own lines: short lines, data and running text.
TEMPLATE = ["The Harbour Gazette", "Sections and more", "Tips? Call 555 0100 today"]
WORDS = ["river", "stone", "quiet", "harbour", "lantern", "meadow", "copper", "violet"]


def _page(rng: random.Random, k: int) -> str:
    own = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 15))).capitalize() + "."
        for _ in range(4)
    ]
    return "\n\n".join([TEMPLATE[0], f"Story number {k} of the day", *own, *TEMPLATE[1:]]) + "\n"


def _lines_in_order(kept: str, original: str) -> bool:
    """Whether ``kept`` is ``original`` with some whole lines taken out."""
    rest = iter(original.splitlines())
    return all(any(line == other for other in rest) for line in kept.splitlines())


# Running text: a short line (a teaser, under edge_words) and a long one (a shared paragraph).
TEASER = "Careers that fight recession: these fields stay in demand in a slowdown."
SHARED = (
    "As for those who refuse to leave, the mayor said they should write their names and the "
    "names of their next of kin on their arms, so that they can be found after the storm."
)
LONG_ITEM = "- flour and some more of the finest white flour from the old mill by the river"
documents = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.lists(
            st.sampled_from(
                [
                    *TEMPLATE,
                    "A line of its own.",
                    "12 May 2009",
                    "",
                    "Q. Why?",
                    TEASER,
                    SHARED,
                    "Yeah.",
                    "Ingredients",
                    "- 2 eggs",
                    LONG_ITEM,
                    "Follow us for more stories from the harbour and the hills",
                ]
            ),
            max_size=8,
        ).map(lambda lines: "\n".join(lines) + "\n"),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(documents, st.randoms(use_true_random=False))
def test_only_deletes_lines_whatever_the_order(
    docs: list[tuple[str, str]], rng: random.Random
) -> None:
    out = remove_repeated_lines(docs)
    for (_, text), kept in zip(docs, out, strict=True):
        assert _lines_in_order(kept, text)
    order = list(range(len(docs)))
    rng.shuffle(order)
    shuffled = remove_repeated_lines([docs[k] for k in order])
    assert [shuffled[order.index(k)] for k in range(len(docs))] == out


@settings(max_examples=60, deadline=None)
@given(documents)
# A heading kept in place at the reach of an edge block: once the block's short line went, the
# document was no longer a version of another, and on a second run the heading anchored an edge
# block that took the long shared paragraph above it. A line in an edge block's reach is never
# kept in place.
@example(
    [
        ("s", f"{TEASER}\n{SHARED}\nIngredients\n{SHARED}\n{SHARED}\n"),
        ("s", f"{TEASER}\n{SHARED}\nIngredients\n{LONG_ITEM} and more\n{LONG_ITEM} and more\n"),
    ]
)
def test_idempotent(docs: list[tuple[str, str]]) -> None:
    once = remove_repeated_lines(docs)
    twice = remove_repeated_lines(list(zip([g for g, _ in docs], once, strict=True)))
    assert twice == once


def test_the_template_goes_and_the_pages_stay() -> None:
    rng = random.Random(4)
    pages = [_page(rng, k) for k in range(6)]
    out = remove_repeated_lines([("site", p) for p in pages])
    for page, kept in zip(pages, out, strict=True):
        assert not any(t in kept for t in TEMPLATE)
        assert kept == page.split("\n\n", 1)[1].rsplit("\n\n", 2)[0] + "\n"  # the story stays


def test_groups_are_counted_apart() -> None:
    """Two pages of one site and one of another: the other site's copy of a line is alone."""
    docs = [("a", "Share this\nOne.\n"), ("a", "Share this\nTwo.\n"), ("b", "Share this\nX.\n")]
    assert remove_repeated_lines(docs) == ["One.\n", "Two.\n", "Share this\nX.\n"]


def test_near_misses_stay() -> None:
    """A line on one page only; running text that a few versions of a story share; a data
    line whose numbers differ on every page; a field with many values."""
    paragraph = (
        "As for those who refuse to leave, the mayor said they should write their names down."
    )
    docs = [("s", f"Once only {k}a\n") for k in range(20)]
    docs += [("s", f"{paragraph}\nVersion {k}, first story\n") for k in range(2)]
    docs += [("s", f"2.{k}.1 (2017-05-{k + 10})\nCook time: {k + 5} min\n") for k in range(6)]
    out = remove_repeated_lines(docs)
    assert out == [text for _, text in docs]


def test_running_text_on_many_pages_goes() -> None:
    notice = "Your email address will not be published and required fields are marked."
    docs = [("s", f"{notice}\nStory {chr(65 + k)}.\n") for k in range(10)]
    assert remove_repeated_lines(docs) == [f"Story {chr(65 + k)}.\n" for k in range(10)]


def test_a_template_line_with_a_number_goes_when_its_forms_repeat() -> None:
    """ "Page 1 of 2" on every page: the numbers do not vary from page to page, so it is no
    data line."""
    docs = [("s", f"Page 1 of 2\nStory {chr(65 + k)}.\n") for k in range(6)]
    assert remove_repeated_lines(docs) == [f"Story {chr(65 + k)}.\n" for k in range(6)]


def test_a_time_stamp_is_no_data() -> None:
    """When a page was posted differs from page to page, yet it is template, not data."""
    docs = [
        ("s", f"Story {chr(65 + k)}.\nLast updated {k + 1}:{10 + k} pm, May 3\n") for k in range(4)
    ]
    docs += [("s", f"Story {k}.\nPosted {k + 2} hours ago\n") for k in range(3)]
    assert remove_repeated_lines(docs) == [text.split("\n")[0] + "\n" for _, text in docs]


def _paragraphs(k: int) -> str:
    """A story's own paragraphs: running text on one page only."""
    rng = random.Random(k)
    return "\n\n".join(
        " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(3)
    )


def test_an_edge_block_takes_its_running_lines_along() -> None:
    """Below the story, the site's "Sponsored links" box: its heading is on every page, its
    teasers on two pages each (too few for running text alone). At the edge, beside the
    template, they go; a teaser quoted inside a story stays there."""
    teasers = [
        "Surprising stay-home salaries: see the most lucrative careers you can work from home.",
        "Refinance now and lower your monthly mortgage payment, no obligation to apply.",
        "Find a dealer's weekly specials and get a free new car quote in seconds.",
    ]
    boxes = [teasers[0], teasers[0], teasers[1], f"{teasers[1]}\n{teasers[2]}"]
    docs = [
        ("s", f"{_paragraphs(k)}\n\nSponsored links\n{box}\n{SHARED}\n")
        for k, box in enumerate(boxes)
    ]
    quoted = ("s", f"{_paragraphs(9)}\n{teasers[2]}\n{_paragraphs(10)}\n")
    out = remove_repeated_lines([*docs, quoted])
    assert out[:4] == [_paragraphs(k) + "\n" for k in range(4)]
    assert out[4] == quoted[1]


def test_the_edge_block_report() -> None:
    index_docs = [("s", f"{_paragraphs(k)}\n\nSponsored links\n{TEASER}\n") for k in range(3)]
    with LineCounts() as counts:
        for group, text in index_docs:
            counts.add(group, text)
        index = counts.index(Settings(running_min_count=4))
    _, removed = index.apply("s", index_docs[0][1])
    assert [(r.rule, r.line, r.count, r.docs) for r in removed] == [
        (RULE, "Sponsored links", 3, 3),
        (BLOCK_RULE, TEASER, 3, 3),
    ]


def test_a_version_of_another_document_keeps_its_long_shared_paragraphs() -> None:
    """Two versions of one text share most of their paragraphs and a heading that goes: the
    long paragraphs at its end stay, as they would in the middle; a short one goes."""
    paragraphs = [SHARED.replace("storm", word) for word in ("flood", "fire", "wind")]
    versions = [
        (
            "s",
            f"Notice {k}\n\n{_paragraphs(k)}\n\nHow we use your data\n\n"
            + "\n\n".join(paragraphs)
            + "\n",
        )
        for k in range(2)
    ]
    others = [("s", f"{_paragraphs(k)}\n\nHow we use your data\n") for k in range(5, 8)]
    out = remove_repeated_lines([*versions, *others])
    for (_, text), kept in zip(versions, out[:2], strict=True):
        assert kept == text.replace("How we use your data\n\n", "")


def test_a_long_line_that_is_no_sentence_counts_like_a_short_one() -> None:
    """A tagline on two pages goes, as a short line would; a sentence of the same length on two
    pages is running text and stays; so does a line of twice the words that does not end."""
    tagline = "The Harbour Gazette does not endorse content on external sites"
    sentence = "The harbour council does not endorse the plans for the external sites."
    long_line = " ".join(["the harbour council and the river board met"] * 2)
    docs = [("s", f"{_paragraphs(k)}\n\n{tagline}\n\n{_paragraphs(k + 5)}\n") for k in range(2)]
    docs += [("s", f"{_paragraphs(k)}\n\n{sentence}\n\n{long_line}\n") for k in range(3, 5)]
    out = remove_repeated_lines(docs)
    assert out[:2] == [text.replace(f"{tagline}\n\n", "") for _, text in docs[:2]]
    assert out[2:] == [text for _, text in docs[2:]]


def _recipe(k: int) -> str:
    rng = random.Random(k)
    items = "\n".join(f"{rng.randint(1, 9)} {rng.choice(WORDS)}s" for _ in range(3))
    return f"Dish {k}\n\n{_paragraphs(k)}\n\nIngredients\n\n{items}\n\nDirections\n\n" + (
        f"1. Boil the {WORDS[k % 8]}.\n2. Serve it with {WORDS[(k + 1) % 8]}.\n"
    )


def test_a_heading_over_the_documents_own_list_stays() -> None:
    """Every recipe of a collection has "Ingredients" and "Directions" over its own lists:
    headings of content, kept in place and counted."""
    docs = [("recipes", _recipe(k)) for k in range(6)]
    with LineCounts() as counts:
        for group, text in docs:
            counts.add(group, text)
        index = counts.index()
    stage = StageCounts()
    assert [index.apply(g, t, stage)[0] for g, t in docs] == [t for _, t in docs]
    assert stage.kept_context == 12
    assert stage.lines_removed == 0


def test_turns_of_dialogue_stay_between_their_own_lines() -> None:
    """ "Yeah." in many interviews, between the speakers' own lines, stays; at a document's end,
    where the template is, it goes."""
    docs = [("talks", f"{_paragraphs(k)}\nYeah.\n{_paragraphs(k + 20)}\n") for k in range(5)]
    ending = ("talks", f"{_paragraphs(30)}\nYeah.\n")
    out = remove_repeated_lines([*docs, ending])
    assert out[:5] == [text for _, text in docs]
    assert out[5] == _paragraphs(30) + "\n"


def test_a_label_over_one_paragraph_still_goes() -> None:
    """A site's box label left in the middle of a story ("Don't Miss", its links gone), above a
    single paragraph, is no heading of the story; nor is a time stamp between two paragraphs."""
    docs = [
        ("s", f"{_paragraphs(k)}\n\nDon't Miss\n\n{_paragraphs(k + 20)}\n\n"
              f"Updated {k + 1}:15 pm\n\n{_paragraphs(k + 40)}\n")
        for k in range(4)
    ]  # fmt: skip
    out = remove_repeated_lines(docs)
    assert out == [
        f"{_paragraphs(k)}\n\n{_paragraphs(k + 20)}\n\n{_paragraphs(k + 40)}\n" for k in range(4)
    ]


def test_normal_form() -> None:
    assert normal_form("  Posted 3 HOURS\tago ") == normal_form("posted 5 hours ago")
    assert normal_form("Posted") != normal_form("Posted.")


def test_thresholds_grow_with_the_group() -> None:
    s = Settings()
    assert [s.threshold(n, running=False) for n in (2, 20, 200, 2000)] == [2, 2, 10, 100]
    assert [s.threshold(n, running=True) for n in (2, 20, 200, 2000)] == [3, 3, 20, 200]


@pytest.mark.parametrize(
    "options",
    [
        {"min_count": 1},
        {"share": 2},
        {"running_share": -0.1},
        {"running_words": 0},
        {"edge_words": -1},
        {"version_share": 1.5},
    ],
)
def test_bad_settings(options: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        Settings(**options)  # type: ignore[arg-type]


def test_grouping() -> None:
    assert Grouping(url_field="u").of({"u": "http://WWW.Example.org:80/x"}, "f") == "example.org"
    assert Grouping(url_field="u").of({"u": 5}, "f") == "f"
    assert Grouping(field="g").of({"g": None}, "f") == "f"
    assert Grouping(field="g", split_field="y").of({"g": "s"}, "f") == "s|"


def test_shard_counts_merge_to_the_counts_of_one_pass(tmp_path: Path) -> None:
    rng = random.Random(7)
    docs = [("site", _page(rng, k)) for k in range(9)] + [("other", "Share this article\n")]
    with LineCounts() as whole:
        for group, text in docs:
            whole.add(group, text)
        one = whole.index()
    paths = []
    for shard in range(3):
        path = tmp_path / f"counts.{shard}"
        with LineCounts(path, memory_entries=3) as counts:  # tiny memory: many flushes
            for group, text in docs[shard::3]:
                counts.add(group, text)
        paths.append(path)
    with LineCounts() as merged:
        merged.merge(paths)
        three = merged.index()
    assert three.docs == one.docs
    assert three.counts == one.counts
    assert three.forms == one.forms
    assert three.identity() == one.identity()


def test_one_flush_or_many_write_the_same_rows(tmp_path: Path) -> None:
    """Counts added into the file after every document or once at the end: the same rows, and
    none of a flush's staging tables in the file."""
    rng = random.Random(5)
    docs = [("site" if k % 3 else "other", _page(rng, k)) for k in range(12)]
    found = {}
    for name, memory in (("once", 10**6), ("often", 1)):
        with LineCounts(tmp_path / name, memory_entries=memory) as counts:
            for group, text in docs:
                counts.add(group, text)
        db = sqlite3.connect(tmp_path / name)
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found[name] = {table: sorted(db.execute(f"SELECT * FROM {table}")) for table in tables}
        db.close()
    assert found["often"] == found["once"]
    assert sorted(found["once"]) == ["forms", "groups", "lines", "meta"]
    assert len(found["once"]["lines"]) > len(docs)


def test_a_counts_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    path = tmp_path / "counts"
    with pytest.raises(RuntimeError), LineCounts(path) as counts:
        counts.add("g", "a line\n")
        raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_counts_is_refused(tmp_path: Path) -> None:
    (tmp_path / "text").write_text("not a database")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with LineCounts() as counts:
        for path in (tmp_path / "text", other, tmp_path / "missing"):
            with pytest.raises(InputError):
                counts.merge([path])


# The CLI: JSONL in, with the site in a field.


def _corpus(tmp_path: Path) -> Path:
    rng = random.Random(11)
    path = tmp_path / "in.jsonl"
    with path.open("w") as f:
        for k in range(8):
            site = "a.com" if k % 2 else "b.org"
            f.write(json.dumps({"id": k, "site": site, "text": _page(rng, k)}) + "\n")
    return path


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "-q", *args], input=stdin, capture_output=True
    )


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text().splitlines()]


def test_cli_two_passes_with_a_group_field(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    out, report = tmp_path / "out.jsonl", tmp_path / "report.jsonl"
    args = ["--repeated-lines", "--group-field", "site", "--report", str(report)]
    done = _run(*args, "--stats", str(tmp_path / "stats.json"), str(src), str(out))
    assert done.returncode == 0, done.stderr
    texts = _texts(out)
    assert all(t not in text for text in texts for t in TEMPLATE)
    assert all(text.startswith("Story number") for text in texts)
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["rules"][RULE]["lines"] == 8 * 3
    assert stats["corpus_stage"]["documents_changed"] == 8
    removed = [json.loads(line)["repeated"] for line in report.read_text().splitlines()]
    assert [r["text"] for r in removed[0]] == TEMPLATE
    assert {r["count"] for rs in removed for r in rs} == {4}  # 4 pages of each site
    # From stdin, the same output.
    piped = _run(*args[:3], "--jsonl", "-", "-", stdin=src.read_bytes())
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == out.read_bytes()


def test_cli_shards_count_then_apply(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    whole = tmp_path / "whole.jsonl"
    assert _run("--repeated-lines", "--group-field", "site", str(src), str(whole)).returncode == 0
    counts = []
    for shard in ("0/2", "1/2"):
        path = tmp_path / f"counts.{shard[0]}"
        done = _run("--group-field", "site", "--shard", shard, "--count-only", str(path),
                    str(src), str(tmp_path / f"unused.{shard[0]}.jsonl"))  # fmt: skip
        assert done.returncode == 0, done.stderr
        counts.append(path)
    parts = []
    for shard in ("0/2", "1/2"):
        out = tmp_path / "parts"
        args = ["--group-field", "site", "--shard", shard]
        args += [a for path in counts for a in ("--counts", str(path))]
        assert _run(*args, str(src), str(out / "out.jsonl")).returncode == 0
        parts.append(out / f"out.0000{shard[0]}-of-00002.jsonl")
    assert sorted(t for p in parts for t in _texts(p)) == sorted(_texts(whole))


def test_a_bad_record_does_not_stop_the_stage(tmp_path: Path) -> None:
    """A line that is not JSON is kept and counted, as without the stage; pass 2 still runs."""
    src = _corpus(tmp_path)
    src.write_text(src.read_text() + "not json\n")
    out = tmp_path / "out.jsonl"
    stats = clean_corpus(str(src), str(out), repeated=Settings(), grouping=Grouping("site"))
    assert stats.bad == 1 and out.read_text().endswith("\nnot json\n")
    assert stats.stage.lines_removed == 8 * 3


def test_cli_refuses_stage_options_without_the_stage(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    done = _run("--group-field", "site", str(src), str(tmp_path / "o.jsonl"))
    assert done.returncode != 0 and b"--repeated-lines" in done.stderr
    done = _run("--repeated-option", "share=lots", str(src), str(tmp_path / "o.jsonl"))
    assert done.returncode != 0 and b"not a number" in done.stderr


def test_cli_jobs_and_resume(tmp_path: Path) -> None:
    """-j 2 writes what -j 1 does; a rerun with the same counts skips the finished output, and
    one with other counts (another grouping) redoes it."""
    src = _corpus(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    src.rename(folder / "in.jsonl")
    one, two = tmp_path / "one", tmp_path / "two"
    args = ["--jsonl", "--repeated-lines", "--group-field", "site", "--stats"]
    assert _run(*args, str(tmp_path / "s1.json"), str(folder), str(one)).returncode == 0
    assert _run("-j", "2", *args, str(tmp_path / "s2.json"), str(folder), str(two)).returncode == 0
    assert (one / "in.jsonl").read_bytes() == (two / "in.jsonl").read_bytes()
    assert _run(*args, str(tmp_path / "s3.json"), str(folder), str(one)).returncode == 0
    assert json.loads((tmp_path / "s3.json").read_text())["files_skipped"] == 1
    other = ["--jsonl", "--repeated-lines", "--stats", str(tmp_path / "s4.json")]
    other += [str(folder), str(one)]
    assert _run(*other).returncode == 0  # grouped by file: other counts
    assert json.loads((tmp_path / "s4.json").read_text())["files_skipped"] == 0


# Near-duplicate documents through the CLI (the finder itself: tests/test_neardup.py).


def _story(rng: random.Random, words: int) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + ".")
    return "\n\n".join(" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4))


def test_cli_near_duplicates_report_and_drop(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    rng = random.Random(3)
    story, other = _story(rng, 300), _story(rng, 300)
    edited = story.replace("Harbour", "Harbor", 1) + "\n\nThis story was updated on May 2.\n"
    src = tmp_path / "in.jsonl"
    texts = [other, story, edited, story]  # lines 2 and 4: exact; 3: near
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    report, out = tmp_path / "near.jsonl", tmp_path / "out.jsonl"
    args = ["--near-duplicates", str(report), "--drop-near-duplicates", "--stats"]
    done = _run(*args, str(tmp_path / "stats.json"), str(src), str(out))
    assert done.returncode == 0, done.stderr
    clusters = [json.loads(line) for line in report.read_text().splitlines()]
    assert [c["ids"] for c in clusters] == [[f"{src}:2", f"{src}:3", f"{src}:4"]]
    assert clusters[0]["kept"] == f"{src}:3"  # the longest
    kept = _texts(out)
    assert len(kept) == 2 and "May 2" in kept[1]
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["corpus_stage"]["near_duplicates_dropped"] == 2
    # In two shards: each counts and sketches, then each applies all the shards' findings.
    counts = [tmp_path / "c0", tmp_path / "c1"]
    for k, path in enumerate(counts):
        done = _run("--near-duplicates", str(report), "--shard", f"{k}/2", "--count-only",
                    str(path), str(src), str(tmp_path / "unused.jsonl"))  # fmt: skip
        assert done.returncode == 0, done.stderr
    parts = []
    for k in range(2):
        args = ["--near-duplicates", str(tmp_path / f"near{k}.jsonl"), "--drop-near-duplicates"]
        args += [a for path in counts for a in ("--counts", str(path))]
        done = _run(*args, "--shard", f"{k}/2", str(src), str(tmp_path / "parts" / "o.jsonl"))
        assert done.returncode == 0, done.stderr
        parts += _texts(tmp_path / "parts" / f"o.0000{k}-of-00002.jsonl")
        assert (tmp_path / f"near{k}.jsonl").read_text() == report.read_text()
    assert sorted(parts) == sorted(kept)


def test_cli_text_folders_are_grouped_by_folder(tmp_path: Path) -> None:
    """A folder of .txt files: each file's group is its folder; -j 2 and two shards' counts
    give the output of one pass."""
    rng = random.Random(5)
    src = tmp_path / "in"
    for site in ("a", "b"):
        (src / site).mkdir(parents=True)
        for k in range(3):
            (src / site / f"{k}.txt").write_text(_page(rng, k))
    (src / "b" / "3.txt").write_text("The Harbour Gazette\n\nA page alone.\n")
    out = tmp_path / "out"
    done = _run("--repeated-lines", str(src), str(out))
    assert done.returncode == 0, done.stderr
    for site in ("a", "b"):
        for k in range(3):
            text = (out / site / f"{k}.txt").read_text()
            assert text.startswith("Story number") and not any(t in text for t in TEMPLATE)
    # Folder b's four files hold the banner, so it goes from the fourth too.
    assert (out / "b" / "3.txt").read_text() == "A page alone.\n"
    assert _run("-j", "2", "--repeated-lines", str(src), str(tmp_path / "two")).returncode == 0
    counts = [str(tmp_path / f"c{k}") for k in range(2)]
    for k in range(2):
        args = ["--shard", f"{k}/2", "--count-only", counts[k], str(src), str(tmp_path / "x")]
        assert _run(*args).returncode == 0
    for k in range(2):
        args = ["--shard", f"{k}/2", "--counts", counts[0], "--counts", counts[1]]
        assert _run(*args, str(src), str(tmp_path / "sharded")).returncode == 0
    for name in ("two", "sharded"):
        for path in out.rglob("*.txt"):
            assert (tmp_path / name / path.relative_to(out)).read_text() == path.read_text()
    done = _run("--repeated-lines", "--group-field", "site", str(src), str(tmp_path / "o"))
    assert done.returncode == 2 and b"grouped by folder" in done.stderr


def test_a_group_name_that_is_not_utf8_is_counted() -> None:
    docs = [("caf\udce9.org", "Share this page\nOne.\n"), ("caf\udce9.org", "Share this page\n")]
    assert remove_repeated_lines(docs) == ["One.\n", ""]


def test_the_readme_example(tmp_path: Path) -> None:
    """The worked example of the README's "Repeated lines across a site" section."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    section = readme.split("## Repeated lines across a site")[1]
    blocks = section.split("```json\n")
    records, shown = blocks[1].split("```")[0], blocks[2].split("```")[0]
    (tmp_path / "crawl.jsonl").write_text(records)
    args = ["--repeated-lines", "--group-url-field", "url", "--report", str(tmp_path / "r.jsonl")]
    done = _run(*args, str(tmp_path / "crawl.jsonl"), str(tmp_path / "clean.jsonl"))
    assert done.returncode == 0, done.stderr
    out = (tmp_path / "clean.jsonl").read_text().splitlines()
    first, last = shown.strip().splitlines()[0], shown.strip().splitlines()[-1]
    assert out[0] == first and out[-1] == last
    assert [json.loads(line)["text"].count("\n") for line in out] == [2, 2, 2, 2]
    report = json.loads((tmp_path / "r.jsonl").read_text().splitlines()[0])
    found = [(r["line"], r["count"], r["docs"]) for r in report["repeated"]]
    assert found == [(4, 3, 3), (5, 3, 3)]


def test_closing_twice_does_nothing(tmp_path: Path) -> None:
    with LineCounts(tmp_path / "counts") as counts:
        counts.add("g", "a line\n")
        counts.close(keep=False)  # dropped; the end of the block closes it again
    assert list(tmp_path.iterdir()) == []
