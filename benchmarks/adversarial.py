"""Time per MB of every filter and preset on hostile texts, from 10 KB to 10 MB.

    PYTHONPATH=. python benchmarks/adversarial.py [--max-size S] [--filter NAME ...]
        [--family NAME ...] [--timeout T] [--list]

A filter that is linear in its input takes the same time per MB at every size. Scraped text is
not always friendly: one line of a megabyte of ``<!--``, a page of ``Read also:`` lines, a run of
thousands of joinable lines. Each family below builds such a text of any size; every filter alone
(``cleaner.filters.FILTERS``) and every preset (``Pipeline.from_preset``) runs on it at each size.

Each filter or preset runs in a subprocess, family after family, sizes in increasing order. A
size that takes over ``--timeout`` seconds has the subprocess killed and is reported as ``> T s``
instead of hanging (a new subprocess goes on with the next family); a size whose time, growing
as it grew from the size before, would pass the limit is skipped the same way. A row is flagged
when the time grows more than 2x faster than the size (over 20x for 10x the text), and when the
peak memory the filter allocates at the largest size (tracemalloc, a second run) passes 5x the
input's UTF-8 size. The filters alone read the hostile text as it is, not after the repairs:
hostile input reaches every filter.
"""

from __future__ import annotations

import argparse
import json
import queue
import random
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import IO

from _timing import megabytes

SIZES = {"10KB": 10_000, "100KB": 100_000, "1MB": 1_000_000, "10MB": 10_000_000}
# Flag a row whose time grows more than this for 10x the size (linear is 10x).
GROWTH = 20.0
# Flag a peak allocation above this many times the input's UTF-8 size.
MEMORY = 5.0
# Times below these are noise: no growth flag from them (the smaller and the larger size).
NOISE_SECONDS = (0.01, 0.05)
# Seconds allowed for what is not timed: starting, warming up, building a text.
BUILD_SECONDS = 300.0


def _mixed_unicode(size: int) -> str:
    """One line of random characters from many scripts, ASCII punctuation and spaces."""
    rng = random.Random(1)
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF)]
    ranges += [(0x900, 0x97F), (0x2000, 0x206F), (0x3040, 0x30FF), (0x4E00, 0x4FFF)]
    ranges += [(0x1F300, 0x1F64F), (0x80, 0x9F)]
    return "".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(size // 2))


def _repeat(unit: str) -> Callable[[int], str]:
    """A text of ``unit`` repeated to about ``size`` characters."""
    return lambda size: unit * max(1, size // len(unit))


def _line(unit: str) -> Callable[[int], str]:
    """One line of ``unit`` repeated to about ``size`` characters, then a newline."""
    return lambda size: unit * max(1, size // len(unit)) + "\n"


# The hostile texts: name -> (what it is, how to build it at a size in characters).
FAMILIES: dict[str, tuple[str, Callable[[int], str]]] = {
    # From the issue "Hostile input and faults".
    "wrapped-sentences": (
        "a sentence line repeated, one hard-wrapped paragraph",
        _repeat("This is a sentence of running text, with words.\n"),
    ),
    "open-comments": ("'<!--' on one line, never closed", _line("<!--")),
    "amp-line": ("one line of '&amp;'", _line("&amp;")),
    "mixed-unicode": ("one line of random characters of many scripts", _mixed_unicode),
    # Long lines of one special character.
    **{
        f"line-of-{name}": (f"one line of {char!r}", _line(char))
        for name, char in [
            ("lt", "<"),
            ("amp", "&"),
            ("dash", "-"),
            ("colon", ":"),
            ("pipe", "|"),
            ("hash", "#"),
            ("at", "@"),
            ("dot", "."),
            ("a", "a"),
            ("space", " "),
            ("c1", "\x85"),
            ("a-tilde", "Ã"),
            ("gt", ">"),
            ("quote", '"'),
            ("tab", "\t"),
            ("nbsp", "\xa0"),
            ("zero-width", "\u200b"),
            ("bullet", "•"),
            ("star", "*"),
            ("equals", "="),
            ("bang", "!"),
            ("slash", "/"),
            ("ideograph", "東"),
        ]
    },
    # Marker-dense texts: every line a boilerplate marker.
    "read-also": ("'Read also:' lines", _repeat("Read also:\n")),
    "leave-a-reply": ("'Leave a Reply' lines", _repeat("Leave a Reply\n")),
    "headings": ("short headings in blocks of their own", _repeat("Why it matters\n\n")),
    "broken-headings": (
        "headings broken in two lines, block after block",
        _repeat("Why is America objected to\nFrom Russia\n\n"),
    ),
    "copyright-lines": ("copyright lines", _repeat("© 2024 Example Media. All rights reserved.\n")),
    "share-lines": ("share buttons, line after line", _repeat("Share this:\nFacebook\nTwitter\n")),
    # Phrase lines whose place is judged from the whole text (boilerplate._in_place).
    "cookie-sentences": (
        "cookie sentences, each between two lines of other text",
        _repeat("We use cookies to remember your settings, and you accept them by staying.\nx\n"),
    ),
    # Joinable lines.
    "lower-continuations": (
        "one long paragraph broken after every few words, lower case going on",
        _repeat("the minister said that the report would come\n"),
    ),
    "open-paragraphs": (
        "paragraphs ending mid-sentence, the next going on after a blank line",
        _repeat("The minister told the press today that the report is about the\n\n"),
    ),
    "hyphen-words": ("words broken at a line-end hyphen", _repeat("inter-\nnational-\n")),
    "hyphen-syllables": ("a syllable and a hyphen on every line", _repeat("Donau-\n")),
    "hyphen-inline": ("one line of hyphenated words", _line("well-known ")),
    "hyphen-fragments": (
        "a syllable that joins without its hyphen, line after line",
        _repeat("zzq-\n"),
    ),
    "open-chain": (
        "paragraphs that each join the next only once it has joined its own next",
        lambda size: (
            _repeat("and then the report of the minister said that the\n\n")(size)
            + "went on for a long time and nobody knew why it did.\n"
        ),
    ),
    "sentence-lines": ("a whole sentence on each line", _repeat("The report came out in May.\n")),
    # Tags and comments.
    "bold-line": ("one line of bare '<b>'", _line("<b>")),
    "bold-pairs": ("one line of '<b>x</b>'", _line("<b>x</b>")),
    "nested-tags": ("tags nested deeper and deeper", _line("<div><span><b><i>")),
    "nested-comments": ("'<!-- <!-- -->' on one line", _line("<!-- <!-- --> ")),
    "comments-lines": ("a comment opened on each line, closed on none", _repeat("<!-- x\n")),
    "block-tags": ("one line of '<p>x</p><br>'", _line("<p>x</p><br>")),
    "split-tags": ("tags that close a comment of the line before", _line("<!-<b>-->")),
    "nested-closers": (
        "closing tags inside closing tags: one is left after each is removed",
        lambda size: "</" * (size // 4) + "</b>" + "b>" * (size // 4) + "\n",
    ),
    "unclosed-tags": ("one line of tags never closed", _line('<a href="x ')),
    "open-attribute": ("one tag whose attribute never ends", lambda size: '<a href="' + "x" * size),
    "tag-lines": ("a block tag on each line", _repeat("<div>\n")),
    "closer-lines": ("a closing tag on each line", _repeat("</b>\n")),
    "comment-closers": ("one line of '-->'", _line("-->")),
    "nested-closer-lines": (
        "closing tags inside closing tags, fifty deep, line after line",
        _repeat("</" * 50 + "</b>" + "b>" * 50 + "\n"),
    ),
    # Entities.
    "entity-run": ("one line of named and numeric entities", _line("&rsquo;&#8217;&#x2019;")),
    "double-escaped": ("entities escaped many times", _line("&amp;amp;amp;amp;rsquo; ")),
    "spaced-entities": ("'& rsquo;' on one line", _line("& rsquo;")),
    "mojibake-line": ("one line of UTF-8 read as Windows-1252", _line("worldâ€™s ")),
    "numeric-entities": ("one line of numeric entities", _line("&#65;&#x42;")),
    "broken-entities": ("one line of entities without a semicolon", _line("&#x41 &amp ")),
    "entity-lines": ("an entity on each line", _repeat("&nbsp;\n")),
    # Mixed scripts.
    "mixed-scripts": (
        "lines of words in many scripts",
        _repeat("Привет world 東京 مرحبا שלום नमस्ते Ελλάδα\n"),
    ),
    "rtl-line": ("one line of Arabic words", _line("مرحبا بالعالم ")),
    # Shapes of text.
    "many-short-lines": ("two-letter lines", _repeat("ab\n")),
    "blank-lines": ("blank lines", _repeat("\n")),
    "word-soup": ("one line of short words, no stop", _line("word ")),
}


def _targets() -> dict[str, Callable[[str], str]]:
    from cleaner.filters import FILTERS
    from cleaner.pipeline import PRESETS, Pipeline

    targets: dict[str, Callable[[str], str]] = {spec.name: spec for spec in FILTERS}
    for name in sorted(PRESETS):
        targets[f"preset:{name}"] = Pipeline.from_preset(name)
    return targets


def _target_names() -> list[str]:
    from cleaner.filters import FILTERS
    from cleaner.pipeline import PRESETS

    return [spec.name for spec in FILTERS] + [f"preset:{name}" for name in sorted(PRESETS)]


def measure(target: str, families: list[str], sizes: list[str], timeout: float) -> None:
    """Run in the subprocess: one JSON line per family and size, then one for the peak memory."""
    func = _targets()[target]
    for family in families:
        build = FAMILIES[family][1]
        func(build(1000))  # compile patterns, load word lists
        _say(family, ready=True)
        times: list[tuple[int, float]] = []
        text = ""
        for label in sizes:
            text = build(SIZES[label])
            if times:
                # Skip a size whose time, growing as it grew between the two sizes before (or
                # as fast as the size at first), would pass the limit twice over.
                size, seconds = times[-1]
                growth = len(text) / size
                if len(times) > 1 and times[-2][1] > NOISE_SECONDS[0]:
                    growth *= max(1.0, seconds / times[-2][1] * times[-2][0] / size)
                if seconds * growth > 2 * timeout:
                    _say(family, size=label, skipped=True)
                    break
            _say(family, size=label, start=True)
            start = time.perf_counter()
            func(text)
            seconds = time.perf_counter() - start
            _say(family, size=label, seconds=seconds)
            times.append((len(text), seconds))
        else:
            if times and times[-1][1] < timeout / 4:  # tracemalloc slows the run
                tracemalloc.start()
                func(text)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                _say(family, peak=peak / (megabytes([text]) * 1e6))
        _say(family, done=True)


def _say(family: str, **record: object) -> None:
    print(json.dumps({"family": family, **record}), flush=True)


def _run_target(
    target: str, families: list[str], sizes: list[str], timeout: float
) -> dict[str, dict[str, object]]:
    """Results of one filter or preset on each family, measured in a subprocess.

    Each size maps to its seconds, or to None when it was skipped or stopped; "peak" maps to the
    peak allocation over the input size. A size that takes over ``timeout`` seconds has the
    subprocess killed, and a new one goes on with the next family.
    """
    results: dict[str, dict[str, object]] = {family: {} for family in families}
    todo = list(families)
    while todo:
        command = [sys.executable, __file__, "--measure", target, *todo, "--sizes", *sizes]
        command += ["--timeout", str(timeout)]
        lines: queue.Queue[str | None] = queue.Queue()
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
            assert child.stdout is not None
            threading.Thread(target=_forward, args=(child.stdout, lines), daemon=True).start()
            # Starting, warming up and building a text are not timed: five minutes for them (10 MB
            # of random characters take a minute to build on a busy machine).
            wait = BUILD_SECONDS
            while (line := _get(lines, wait)) is not None:
                record = json.loads(line)
                family = record["family"]
                if record.get("start"):
                    wait = timeout + 1
                    continue
                wait = BUILD_SECONDS
                if record.get("done"):
                    todo.remove(family)
                elif "peak" in record:
                    results[family]["peak"] = record["peak"]
                elif "size" in record:
                    results[family][record["size"]] = record.get("seconds")
            child.kill()
        if todo and child.returncode not in (0, None):
            todo.pop(0)  # stopped: the family it was on is over the limit
    return results


def _forward(stdout: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stdout:
        lines.put(line)
    lines.put(None)


def _get(lines: queue.Queue[str | None], timeout: float) -> str | None:
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return None


def _row(results: dict[str, object], sizes: list[str], timeout: float) -> tuple[str, list[str]]:
    """The cells of one pair (seconds per MB, peak memory) and what is flagged in them."""
    cells = []
    flags = []
    last: tuple[float, float] | None = None
    for label in sizes:
        seconds = results.get(label)
        mb = SIZES[label] / 1e6
        if not isinstance(seconds, float):
            cells.append(f"{'> ' + format(timeout, 'g') + ' s':>10}")
            flags.append(f"over {timeout:g} s at {label}")
            break
        cells.append(f"{seconds / mb:9.3f}s")
        if last is not None and last[1] > NOISE_SECONDS[0] and seconds > NOISE_SECONDS[1]:
            growth = seconds / max(last[1], 1e-9)
            if growth > GROWTH * (mb / last[0]) / 10:
                flags.append(f"x{growth:.0f} at {label}")
        last = (mb, seconds)
    cells += [f"{'-':>10}"] * (len(sizes) - len(cells))
    peak = results.get("peak")
    cells.append(f"{peak:6.1f}x" if isinstance(peak, float) else f"{'-':>7}")
    if isinstance(peak, float) and peak > MEMORY:
        flags.append(f"memory {peak:.0f}x")
    return " ".join(cells), flags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-size", choices=list(SIZES), default="10MB")
    parser.add_argument("--filter", nargs="+", help="filters or preset:NAME (default: all)")
    parser.add_argument("--family", nargs="+", choices=list(FAMILIES), help="default: all")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per size and pair")
    parser.add_argument("--list", action="store_true", help="list the families and stop")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure[0], args.measure[1:], args.sizes, args.timeout)
        return
    if args.list:
        for name, (about, _) in FAMILIES.items():
            print(f"{name:22} {about}")
        return
    sizes = list(SIZES)[: list(SIZES).index(args.max_size) + 1]
    targets = args.filter or _target_names()
    unknown = sorted(set(targets) - set(_target_names()))
    if unknown:
        parser.error(f"unknown filter or preset: {', '.join(unknown)}")
    families = args.family or list(FAMILIES)
    print(f"seconds per MB at each size; a pair is stopped after {args.timeout:g} s a size")
    header = " ".join(f"{label:>10}" for label in sizes)
    print(f"{'filter':22} {'family':22} {header}    peak  flags")
    flagged = []
    for target in targets:
        for family, results in _run_target(target, families, sizes, args.timeout).items():
            cells, flags = _row(results, sizes, args.timeout)
            print(f"{target:22} {family:22} {cells}  {', '.join(flags)}", flush=True)
            if flags:
                flagged.append(f"{target} on {family}: {', '.join(flags)}")
    print(f"\nsuper-linear in time or memory: {len(flagged)} pairs")
    for pair in flagged:
        print(f"  {pair}")


if __name__ == "__main__":
    main()
