"""``--report`` in every mode of the command line, and ``python -m cleaner review`` without a
browser (the browser checks are in test_review_browser.py)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
import zstandard

import cleaner
from cleaner import cli, report, review

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _expected(doc_id: str, text: str) -> dict[str, Any]:
    """The report record of a text, straight from the pipeline's explanation."""
    return json.loads(report.line(doc_id, cleaner.Pipeline.from_preset("default").explain(text)))


def _read(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    elif path.suffix == ".zst":
        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeds as JSONL records with an ``id`` field."""
    path = tmp_path / "seeds.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for k, seed in enumerate(SEED_FILES):
            record = {"id": f"seed-{k}", "text": seed.read_text("utf-8")}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def test_report_of_a_folder_is_the_pipelines_explanation(tmp_path: Path, capsys: Any) -> None:
    """Folder mode, -j 2: one record per file, in order, equal to explain(); the summary names
    the rules with their lines and characters."""
    out = tmp_path / "report.jsonl"
    assert cli.main([str(SEEDS), str(tmp_path / "out"), "--report", str(out), "-j", "2"]) == 0
    records = _read(out)
    assert records == [_expected(str(s), s.read_text("utf-8")) for s in SEED_FILES]
    assert sum(len(r["removed"]) for r in records) > 0
    err = capsys.readouterr().err
    top = max(
        {x["rule"] for r in records for x in r["removed"]},
        key=lambda rule: sum(x["rule"] == rule for r in records for x in r["removed"]),
    )
    assert re.search(rf"^{re.escape(top)} +\d+ +[\d,]+$", err, re.M)


def test_summary_names_the_top_rules_by_characters_too() -> None:
    """A rule with few lines but the most characters is named even past the top by lines."""
    from cleaner.corpus.stats import RuleCount, RunStats, summary

    rules = {f"boilerplate.r{k}": RuleCount(lines=10 + k, characters=100 + k) for k in range(9)}
    rules["structure.long"] = RuleCount(lines=1, characters=5000)
    text = summary(RunStats(rules=rules), top=4)
    named = re.findall(r"^(\S+) +\d+ +[\d,]+$", text, re.M)
    top = ["boilerplate.r8", "boilerplate.r7", "boilerplate.r6", "boilerplate.r5"]
    assert named == [*top, "structure.long"]
    assert "... and 5 more rules" in text


def test_report_of_one_file(tmp_path: Path) -> None:
    """File mode: one record, its id the path."""
    seed = SEED_FILES[2]
    out = tmp_path / "r.jsonl"
    assert cli.main([str(seed), str(tmp_path / "o.txt"), "--report", str(out)]) == 0
    assert _read(out) == [_expected(str(seed), seed.read_text("utf-8"))]


@pytest.mark.parametrize(
    ("suffix", "jobs", "chunk"),
    [("", "1", "5000"), ("", "2", "5000"), (".zst", "2", "5000"), (".zst", "2", "1000000")],
)
def test_report_of_jsonl(tmp_path: Path, corpus: Path, suffix: str, jobs: str, chunk: str) -> None:
    """JSONL mode, compressed or not, 1 or 2 workers, in chunks or whole: ids from --id-field,
    the same records in the same order; a compressed report name gets a compressed report."""
    source = corpus
    if suffix:
        source = corpus.with_name(corpus.name + suffix)
        source.write_bytes(zstandard.ZstdCompressor().compress(corpus.read_bytes()))
    out = tmp_path / "r.jsonl.gz"
    args = [str(source), str(tmp_path / f"o.jsonl{suffix}"), "--report", str(out), "-q"]
    args += ["--id-field", "id", "-j", jobs, "--chunk-bytes", chunk]
    assert cli.main(args) == 0
    texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()]
    assert _read(out) == [_expected(f"seed-{k}", t) for k, t in enumerate(texts)]


def test_report_ids_without_id_field(tmp_path: Path, corpus: Path) -> None:
    """With no --id-field, a record is named by its file and line."""
    out = tmp_path / "r.jsonl"
    assert cli.main([str(corpus), str(tmp_path / "o.jsonl"), "--report", str(out), "-q"]) == 0
    assert [r["id"] for r in _read(out)] == [f"{corpus}:{k}" for k in range(1, 6)]


def test_unwritable_report_stops_before_cleaning(tmp_path: Path, capsys: Any) -> None:
    """A report under a file cannot be written: one line on stderr, no output, no temp file."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = tmp_path / "out"
    status = cli.main([str(SEEDS), str(out), "--report", str(blocker / "r.jsonl")])
    assert status == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "cannot write" in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# -- review -----------------------------------------------------------------------------------


def _struck(page: str) -> list[tuple[int, str, str]]:
    """Every struck line of a page: a <del> holds a run of lines, from its data-line on."""
    names = dict(re.findall(r'data-rule="([^"]+)" data-code="([^"]+)"', page))
    codes = {code: rule for rule, code in names.items()}
    found = re.findall(r'<del class="([^"]+)" data-line="(\d+)">(.*?)</del>', page, re.S)
    return [
        (int(first) + k, codes[code], text)
        for code, first, lines in found
        for k, text in enumerate(lines.split("\n")[:-1])
    ]


def test_review_of_a_folder_strikes_the_reported_lines(tmp_path: Path) -> None:
    """Every removal of every seed is on the page once, in line order; the page is offline."""
    page = tmp_path / "r.html"
    assert cli.main(["review", str(SEEDS), str(page)]) == 0
    html = page.read_text("utf-8")
    expected = []
    for seed in SEED_FILES:
        record = _expected(str(seed), seed.read_text("utf-8"))
        expected += sorted((x["line"], x["rule"], _escape(x["text"])) for x in record["removed"])
    assert _struck(html) == expected
    # Offline: no resource is fetched (no src, no stylesheet link), and the CSP forbids it.
    assert not re.search(r"<(script|img|iframe)[^>]* src=|<link ", html)
    assert "default-src 'none'" in html
    assert "<svg" in html and html.count('<button type="button" class="rule"') == len(
        {r for _, r, _ in expected}
    )


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def test_review_of_a_report_shows_its_removals(tmp_path: Path, corpus: Path) -> None:
    """A review made from a report shows the report's removals and counts the kept lines."""
    out = tmp_path / "r.jsonl.gz"
    assert cli.main([str(corpus), str(tmp_path / "o.jsonl"), "--report", str(out), "-q"]) == 0
    page = tmp_path / "r.html"
    assert cli.main(["review", str(out), str(page)]) == 0
    html = page.read_text("utf-8")
    records = _read(out)
    expected = [
        (x["line"], x["rule"], _escape(x["text"]))
        for r in records
        for x in sorted(r["removed"], key=lambda x: x["line"])
    ]
    assert _struck(html) == expected
    assert "kept lines (not in the report)" in html
    assert html.count('<article class="doc"') == len(records)


def test_review_of_a_folder_of_jsonl(tmp_path: Path, corpus: Path) -> None:
    """--jsonl with a folder IN reviews the records of its JSONL files."""
    folder = tmp_path / "in"
    folder.mkdir()
    corpus.rename(folder / corpus.name)
    page = tmp_path / "r.html"
    assert review.main([str(folder), str(page), "--jsonl", "--id-field", "id"]) == 0
    assert re.findall(r'<a href="[^"]*">(seed-\d)</a>', page.read_text("utf-8")) == [
        f"seed-{k}" for k in range(5)
    ]


def test_review_of_jsonl_passes_over_what_is_not_a_document(tmp_path: Path) -> None:
    """Lines that are not JSON objects with a text are not shown (cleaning keeps them as they
    were); the documents around them are."""
    corpus = tmp_path / "in.jsonl"
    lines = ["not json", '{"text": 3}', json.dumps({"text": "Body of it.\n\n- Anzeige -\n"})]
    corpus.write_text("\n".join(lines) + "\n", "utf-8")
    page = tmp_path / "r.html"
    assert review.main([str(corpus), str(page)]) == 0
    html = page.read_text("utf-8")
    assert html.count('<article class="doc"') == 1 and f"{corpus}:3</a>" in html
    assert _struck(html) == [(3, "boilerplate.advertisement", "- Anzeige -")]


def test_review_sample_is_deterministic_and_of_the_size_asked(tmp_path: Path) -> None:
    """--sample 3 of 5 picks the same three documents on every run, whatever the input order."""
    sources = list(review.read_sources(str(SEEDS)))
    first = [s.id for s in review.sample(sources, 3)]
    assert len(first) == 3 and first == [s.id for s in review.sample(sources, 3)]
    assert first == [s.id for s in review.sample(reversed(sources), 3)][::-1]
    page = tmp_path / "r.html"
    assert cli.main(["review", str(SEEDS), str(page), "--sample", "3"]) == 0
    assert page.read_text("utf-8").count('<article class="doc"') == 3


def test_review_marks_a_repair_with_its_original(tmp_path: Path) -> None:
    """A repaired entity is marked, with the original text for hover and focus."""
    text = tmp_path / "in.txt"
    text.write_text("Fish &amp; chips are sold here every day of the week.\n", "utf-8")
    page = tmp_path / "r.html"
    assert review.main([str(text), str(page)]) == 0
    assert 'data-was="&amp;amp;"' in page.read_text("utf-8")


def test_repair_spans_leave_whitespace_alone() -> None:
    """Whitespace repairs are not marked; a mojibake repair is, with its original."""
    assert review.repair_spans("a\u00a0b  \nc\r\n", "a b\nc\n") == {}
    assert review.repair_spans("cafÃ© au lait\n", "café au lait\n") == {0: [(3, 4, "Ã©")]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "lines": 2, "removed": [{"line": 1}], "repairs": {}}\n', "not a report"),
        ('{"id": "a", "lines": 2, "removed": [], "repairs": {}}\nnot json\n', ":2: not JSON"),
    ],
)
def test_review_of_a_broken_report_is_one_line(
    tmp_path: Path, capsys: Any, content: str, message: str
) -> None:
    """A broken report: a one-line error naming the line, and no page."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, "utf-8")
    page = tmp_path / "r.html"
    assert cli.main(["review", str(bad), str(page)]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_review_of_nothing_is_an_error(tmp_path: Path, capsys: Any) -> None:
    """An empty folder, a missing IN, a folder OUT: one line each, no page."""
    (tmp_path / "empty").mkdir()
    assert cli.main(["review", str(tmp_path / "empty"), str(tmp_path / "r.html")]) == 1
    assert "no documents" in capsys.readouterr().err
    assert cli.main(["review", str(tmp_path / "missing"), str(tmp_path / "r.html")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["review", str(SEEDS), str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
