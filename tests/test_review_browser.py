"""The review page in a real browser: headless Chromium through selenium (``tox -e browser``).

Each check reads the page's DOM after the page's own script ran, and compares it with the
``--report`` of the same input made by the cleaning command: the struck lines are the report's
removals, a rule's filter shows exactly that rule's lines, the search finds a removed line.
Screenshots go to ``$CLEANER_ARTEFACTS`` (tox: ``.tox/browser/artefacts``), else to a temporary
folder. Skipped when selenium or Chromium is missing (they are installed by the tox env only).
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleaner import cli, review
from tests.bench import bench_texts

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium: run tox -e browser")

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

# A <del> holds a run of removed lines of one rule, the first one's number in data-line; its
# first class names the rule, as the rules table's buttons say.
LINES = """const names = {};
for (const b of document.querySelectorAll('button.rule')) names[b.dataset.code] = b.dataset.rule;
const lines = (d) => d.textContent.split('\\n').slice(0, -1).map((text, k) =>
  [Number(d.dataset.line) + k, names[d.classList[0]], text]);"""

# Each document's removals, read from the DOM: [id, [[line, rule, text], ...]].
STRUCK = (
    LINES
    + """return Array.from(document.querySelectorAll('article.doc')).map(a => [
  a.querySelector('h2').textContent,
  Array.from(a.querySelectorAll('del')).flatMap(lines)]);"""
)

# What is on screen: the removed lines shown, and how many documents and kept blocks are shown.
SHOWN = (
    LINES
    + """const shown = (e) => e.getClientRects().length > 0;
return {
  lines: Array.from(document.querySelectorAll('del')).filter(shown).flatMap(d =>
    lines(d).map(([line, rule]) =>
      [d.closest('article').querySelector('h2').textContent, line, rule])),
  docs: Array.from(document.querySelectorAll('article.doc')).filter(shown).map(a =>
    a.querySelector('h2').textContent),
  kept: Array.from(document.querySelectorAll('pre.text > span')).filter(shown).length,
  found: Array.from(document.querySelectorAll('del.found')).filter(shown).flatMap(d =>
    lines(d).map(([, , text]) => text)),
};"""
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium at 1280 px wide."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromedriver are not installed (tox -e browser installs them)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go."""
    folder = Path(os.environ.get("CLEANER_ARTEFACTS") or tmp_path_factory.mktemp("artefacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def report_and_review(tmp: Path, source: Path, *extra: str) -> tuple[Path, list[dict[str, Any]]]:
    """Clean ``source`` with ``--report`` and review it: the page and the report's records."""
    report_path = tmp / "report.jsonl"
    status = cli.main([str(source), str(tmp / "out"), "--report", str(report_path), "-q", *extra])
    assert status == 0
    page = tmp / "review.html"
    assert review.main([str(source), str(page), *extra]) == 0
    records = [json.loads(line) for line in report_path.read_text("utf-8").splitlines()]
    return page, records


def removals_of(records: list[dict[str, Any]]) -> list[list[Any]]:
    """Each document's removals in line order (a report lists them in the order the filters
    removed them)."""
    return [
        [r["id"], sorted([x["line"], x["rule"], x["text"]] for x in r["removed"])] for r in records
    ]


def check_page(
    driver: Any, page: Path, records: list[dict[str, Any]], shots: Path, rules: int = 100
) -> None:
    """Struck lines, the filters of the ``rules`` rules with the most lines, and search of one
    page, against its report."""
    driver.set_window_size(1280, 900)
    driver.get(page.resolve().as_uri())
    assert driver.execute_script(STRUCK) == removals_of(records)
    struck = driver.execute_script(
        "const d = document.querySelector('del');"
        "return d && getComputedStyle(d).textDecorationLine;"
    )
    assert struck == "line-through"
    driver.save_screenshot(str(shots / "page-1280.png"))

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    counts = Counter(x["rule"] for r in records for x in r["removed"])
    assert counts, "the input has no removals to review"
    for rule, _ in counts.most_common(rules):
        button = driver.find_element(By.CSS_SELECTOR, f'button.rule[data-rule="{rule}"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        shown = driver.execute_script(SHOWN)
        expected = [[doc, line, r] for doc, lines in removals_of(records) for line, r, _ in lines]
        assert shown["lines"] == [e for e in expected if e[2] == rule]
        assert shown["docs"] == [r["id"] for r in records if rule in _rules(r)]
        assert shown["kept"] == 0
        status = driver.find_element(By.ID, "status")
        assert status.get_attribute("data-lines") == str(len(shown["lines"]))
        assert button.get_attribute("aria-pressed") == "true"
        if not shots.joinpath("rule-filter.png").exists():
            driver.save_screenshot(str(shots / "rule-filter.png"))
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()  # a second click shows everything again
    assert len(driver.execute_script(SHOWN)["lines"]) == sum(len(r["removed"]) for r in records)

    # The search finds a removed line: the longest one, so that it is not a common phrase.
    line = max((x["text"] for r in records for x in r["removed"]), key=len)
    box = driver.find_element(By.ID, "search")
    box.send_keys(line.strip()[:60], Keys.ENTER)
    shown = driver.execute_script(SHOWN)
    assert line in shown["found"]
    driver.save_screenshot(str(shots / "search.png"))
    box.send_keys(Keys.ESCAPE)

    # j steps to the first run of removed lines and focuses it; k goes back around to the last.
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    first = driver.execute_script("return document.activeElement.dataset.line")
    driver.save_screenshot(str(shots / "next-removal.png"))
    in_order = [lines for _, lines in removals_of(records) if lines]
    assert first == str(in_order[0][0][0])
    body = driver.switch_to.active_element
    body.send_keys("k")
    last = driver.execute_script(  # the last line of the last run of removed lines
        "const d = document.activeElement;"
        "return String(Number(d.dataset.line) + d.textContent.split('\\n').length - 2);"
    )
    assert last == str(in_order[-1][-1][0])

    # Phone width: nothing wider than the screen.
    driver.set_window_size(390, 844)
    driver.get(page.resolve().as_uri())
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    driver.save_screenshot(str(shots / "phone.png"))
    driver.set_window_size(1280, 900)


# WCAG's contrast ratio of an element's text (or its ::before's) against its background, the
# nearest one set on it or an ancestor.
CONTRAST = """const [el, pseudo] = arguments;
const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const style = getComputedStyle(el, pseudo);
let bg = style.backgroundColor, at = el;
while (/rgba\\(.*, 0\\)$|transparent/.test(bg) && at.parentElement) {
  at = at.parentElement; bg = getComputedStyle(at).backgroundColor; }
if (/rgba\\(.*, 0\\)$|transparent/.test(bg)) bg = 'rgb(255, 255, 255)';
const [a, b] = [lum(style.color), lum(bg)].sort((x, y) => y - x);
return (a + 0.05) / (b + 0.05);"""


def check_access(driver: Any) -> None:
    """Contrast of at least 4.5:1 (WCAG AA) for the page's kinds of text, a label for the
    search box, and every control reachable with Tab."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    for selector, pseudo in [
        ("del", None),
        ("del", "::before"),
        (".meta", None),
        (".about", None),
        ("button.rule", None),
        ("pre.text > span", None),
        ("mark.fix", None),
        ("#status", None),
        (".doc h2 a", None),
    ]:
        element = driver.find_element(By.CSS_SELECTOR, selector)
        ratio = driver.execute_script(CONTRAST, element, pseudo)
        assert ratio >= 4.5, (selector, pseudo, ratio)
    assert driver.execute_script("return document.getElementById('search').labels.length") == 1
    from selenium.webdriver.common.action_chains import ActionChains

    driver.execute_script("document.activeElement.blur()")
    reached = set()
    for _ in range(8):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        reached.add(driver.execute_script("return document.activeElement.id"))
    assert {"search", "prev", "next", "clear"} <= reached


def _rules(record: dict[str, Any]) -> set[str]:
    return {x["rule"] for x in record["removed"]}


def test_seeds_in_the_browser(browser: Any, artefacts: Path, tmp_path: Path) -> None:
    """The review of the seeds: struck lines, filters, search, keys, phone width; a repair's
    original shows on focus."""
    page, records = report_and_review(tmp_path, SEEDS)
    shots = artefacts / "seeds"
    shots.mkdir(exist_ok=True)
    check_page(browser, page, records, shots)
    from selenium.webdriver.common.by import By

    browser.get(page.resolve().as_uri())
    check_access(browser)
    mark = browser.find_element(By.CSS_SELECTOR, "mark.fix")
    browser.execute_script("arguments[0].focus()", mark)
    after = browser.execute_script("return getComputedStyle(arguments[0], '::after').content", mark)
    assert "was: " in after and mark.get_attribute("data-was") in json.loads(after)
    browser.save_screenshot(str(shots / "repair-focus.png"))


def test_bench_in_the_browser(browser: Any, artefacts: Path, tmp_path: Path) -> None:
    """The review of 50 bench texts (a JSONL made in a temporary folder), checked the same way."""
    texts = bench_texts()[:50]
    corpus = tmp_path / "bench50.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for k, text in enumerate(texts):
            f.write(json.dumps({"id": f"bench-{k:02}", "text": text}, ensure_ascii=False) + "\n")
    page, records = report_and_review(tmp_path, corpus, "--id-field", "id")
    assert len(records) == 50
    shots = artefacts / "bench"
    shots.mkdir(exist_ok=True)
    check_page(browser, page, records, shots, rules=6)
