"""The corpus-level stage: lines repeated across the pages of one site are its template.

A cleaner that reads one page at a time cannot tell a site's comment-form notice, its "Follow
This Blog" box or its trademark footer from a sentence of the article. Across the site's pages it
can: the template comes back on page after page, the article does not. This stage counts, within
each *group* of documents (a site, ideally one template), how many distinct documents hold each
line, then removes the lines held by enough of them. It runs after the per-document pipeline, on
its output.

It is not a row of the filter table: it needs the whole group before it can decide, so it runs
in two passes, and the first pass can be split over shards and merged::

    counts = LineCounts()                       # pass 1: count (any order, any number of shards)
    for group, text in corpus:
        counts.add(group, text)
    index = counts.index()                      # the repeated lines, per group
    for group, text in corpus:                  # pass 2: apply
        text = index.apply(group, text)

What a line is, and when it goes (:class:`Settings` holds the numbers; defaults tuned on the
bench's site sets, see the README):

- A line is counted by its *normal form*: casefolded, whitespace collapsed, every digit read as
  ``0`` (so "Posted 3 hours ago" and "Posted 5 hours ago" are one line). Blank lines are not
  counted. Each document counts a line once, however often it holds it.
- A line is *repeated* in a group of ``n`` documents when it is found in at least
  ``max(min_count, ceil(share * n))`` of them: a small count works for the small groups of a
  crawl, and the share keeps what a big group's documents have in common without a template (a
  heading that a few stories of a thousand share, the clauses of one licence family in a
  collection of licences) from counting.
- Running text needs more. A line that reads as a sentence (``running_words`` words or more
  ending in sentence punctuation, or twice that many words whatever its end) is removed only
  when it is found in at least ``max(running_min_count, ceil(running_share * n))`` documents: a
  template sentence ("Your email address will not be published.") is on most of a site's pages,
  while a paragraph that two versions of one wire story share, a standing quote or the clauses
  that two licences share are on a few. Such a line is kept, and counted as kept
  (``kept_running``). A long line that does not end like a sentence (a tagline, an advertisement,
  an address) counts like a short one.
- Data is not template. A line whose normal form is repeated but whose numbers differ from
  document to document (a version heading "2.17.3 (2017-05-29)", "Cook time: 40 min") is kept
  when its distinct forms are more than ``data_share`` of its documents, or when it is a
  ``Label: value`` field with two or more values. Counted as kept (``kept_data``). A time stamp
  is not data: a line with a clock time ("3:45 pm", "14:05 Uhr", "12:35 EDT") or an age ("41
  minutes ago") is when a page was posted, and goes like any repeated line.
- Template comes in blocks at a page's top and bottom. From each end of a document, the lines
  that go, with the repeated running text among them (found in at least the first threshold's
  documents, too few for running text), make the *edge block*; it ends at the first line that
  is neither. When the block holds a line that goes, its running lines go with it (rule
  ``corpus.repeated-block``): a short one (``edge_words`` words or fewer: a teaser, an
  advertisement, a link with its blurb) always, a longer one unless the document is a version
  of another (``version_share`` or more of what it keeps is repeated running text: a revised
  policy, a licence of one family, a wire story in two versions keep their shared paragraphs).
  Running text between a document's own lines is never taken along.
- Content is read in place. A line that goes by its count but stands between two of the
  document's own lines (lines that do not go) is kept when it is a turn of dialogue (up to four
  words that end a sentence: "Yeah.", "Okay.", "“Yes.”") or a heading over the document's own
  content (a short line without sentence punctuation, not a time stamp, above two own lines
  that are a list, short lines or one paragraph block): "Ingredients" over a recipe's list,
  "Bugfixes" over a changelog's items. Counted as kept (``kept_context``). A site's label over
  a single paragraph ("Don't Miss" left where its links were) still goes, and so does a line
  in an edge block's reach (from either end up to the first line that neither goes nor is
  repeated running text): the template stands there.

The count rules are decided per (group, normal form): such a line goes from every document of
its group or from none. The edge block is decided per document, from the group's counts and the
document's own lines, and so is a line kept in place. So the stage is independent of input
order, of shards and of ``-j`` (counts are sums), and it only deletes lines. Running it again on
its own output changes nothing: a kept line's count can only fall, so a line that did not go
still does not; a line that went by its count is left only where it was kept in place, between
the same own lines, which stay its neighbours; an edge block's reach can only shrink, and the
lines kept in place were outside it, so a second run finds no line in it that goes, and no
edge block to take running text along.

Memory is bounded: pass 1 keeps at most ``memory_entries`` counts in memory and adds them into a
SQLite file on disk (8-byte line hashes; about 40 bytes a distinct line on disk), and pass 2 holds
only the repeated lines of each group. Two normal forms whose 64-bit hashes collide count as one:
at a billion distinct lines the chance of any collision is about 3%, and a collision can only
merge two counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import shutil
import sqlite3
import tempfile
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from cleaner.errors import ConfigError, InputError
from cleaner.io import renamed_into_place, temp_beside

RULE = "corpus.repeated-line"
"""The rule id of a line removed for its count, in the report and the stats."""
BLOCK_RULE = "corpus.repeated-block"
"""The rule id of repeated running text removed as part of a document's edge block."""

_DIGIT = regex.compile(r"\d")
# A "Label: value" field: a short label of words, a colon, a value.
_FIELD = regex.compile(r"^\W*[\w ]{1,30}:\s*\S")
# A time stamp: a clock time with a half-day, "Uhr" or a time zone, or an age ("3 hours ago").
_STAMP = regex.compile(
    r"\b\d{1,2}[:.h]\d\d(?::\d\d)?\s*(?:[ap]\.?m\b\.?|uhr\b|utc\b|gmt\b|[ecmp][sd]t\b)"
    r"|\b\d+\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|days?|weeks?|months?|years?)\s+ago\b",
    regex.IGNORECASE,
)
# The end of a sentence, with the quotes and brackets that close it.
_SENTENCE_END = regex.compile(r"[.!?…:;][\"'”’»)\]>]*$")
# A turn of dialogue: up to four words that end a sentence ("Yeah.", "Okay.", "“Yes.”").
_TURN = regex.compile(r"[\"'“‘«„]?\w[\w'’-]*(?:[ ,]+\w[\w'’-]*){0,3}[.!?…]+[\"'”’»]?")
# A heading: a short line that starts and ends with a letter or digit (or ":" or ")").
_HEADING = regex.compile(r"[\p{L}\d][^\n]{0,60}[\p{L}\d:)]")
# A list item: a number, letter or bullet, then a space.
_ITEM = regex.compile(r"\s*(?:\d{1,3}[.)]|[-*•·–]|[a-z][.)])\s")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS groups (grp TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lines (
    grp TEXT NOT NULL, key INTEGER NOT NULL, docs INTEGER NOT NULL, PRIMARY KEY (grp, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS forms (
    grp TEXT NOT NULL, key INTEGER NOT NULL, form INTEGER NOT NULL, PRIMARY KEY (grp, key, form)
) WITHOUT ROWID;
"""
# Where a flush puts the counts before adding them into the file in key order: tables of this
# connection only (in a temporary file of SQLite's own, kept in memory while small).
_STAGING = """
CREATE TEMP TABLE new_lines (grp TEXT NOT NULL, key INTEGER NOT NULL, docs INTEGER NOT NULL);
CREATE TEMP TABLE new_forms (grp TEXT NOT NULL, key INTEGER NOT NULL, form INTEGER NOT NULL);
"""
# The version of the counts file: a file of another version is refused, not misread.
_FORMAT = "cleaner-line-counts-1"


@dataclass(frozen=True)
class Settings:
    """When a line counts as repeated; see the module docstring for each rule."""

    min_count: int = 2
    share: float = 0.05
    running_words: int = 8
    running_min_count: int = 3
    running_share: float = 0.1
    data_share: float = 0.5
    edge_words: int = 20
    version_share: float = 0.5

    def __post_init__(self) -> None:
        for name, least in (
            ("min_count", 2),
            ("running_min_count", 2),
            ("running_words", 1),
            ("edge_words", 0),
        ):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < least:
                raise ConfigError(f"{name} must be a whole number of {least} or more")
        for name in ("share", "running_share", "data_share", "version_share"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ConfigError(f"{name} must be a number from 0 to 1")

    def threshold(self, docs: int, *, running: bool) -> int:
        """The least number of a group's ``docs`` documents a line must be found in to go.

        >>> s = Settings()
        >>> s.threshold(20, running=False), s.threshold(1000, running=False)
        (2, 50)
        >>> s.threshold(20, running=True), s.threshold(1000, running=True)
        (3, 100)
        """
        if running:
            return max(self.running_min_count, math.ceil(self.running_share * docs))
        return max(self.min_count, math.ceil(self.share * docs))

    def least(self, docs: int) -> int:
        """The least number of a group's ``docs`` documents a line must be found in to be a
        candidate of pass 2's index: the lower of the two thresholds.

        >>> Settings().least(20), Settings().least(1000)
        (2, 50)
        """
        return min(self.threshold(docs, running=False), self.threshold(docs, running=True))


def normal_form(line: str) -> str:
    """The form a line is counted by: casefolded, whitespace collapsed, digits as ``0``.

    >>> normal_form("  Posted 3 Hours\\tago ")
    'posted 0 hours ago'
    """
    return " ".join(_DIGIT.sub("0", line.casefold()).split())


def _hash(text: str) -> int:
    """A signed 64-bit hash (SQLite's INTEGER), the same in every process and on every run."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def group_name(group: str) -> str:
    """A group's name as the counts file stores it: a lone surrogate (a file name that was not
    UTF-8, a broken field) cannot be stored, so it becomes ``?``.

    >>> group_name("caf\\udce9.org")
    'caf?.org'
    """
    try:
        group.encode("utf-8")
    except UnicodeEncodeError:
        return group.encode("utf-8", "replace").decode("utf-8")
    return group


def _has_forms(line: str, normal: str) -> bool:
    """Whether the line's raw forms are worth telling apart: it has digits, or is a field."""
    return "0" in normal or _FIELD.match(line) is not None


def _lines(text: str) -> Iterator[tuple[str, str]]:
    """Each non-blank line of ``text`` with its normal form."""
    for line in text.splitlines():
        normal = normal_form(line)
        if normal:
            yield line, normal


class Tally:
    """Pass-1 counts of some documents, in memory: what a worker hands back for its chunk.

    >>> t = Tally()
    >>> t.add("site", "Share this\\nShare this\\nA story.\\n")
    >>> t.groups["site"], sorted(t.lines.values())
    (1, [1, 1])
    """

    def __init__(self) -> None:
        self.groups: Counter[str] = Counter()
        self.lines: Counter[tuple[str, int]] = Counter()
        self.forms: set[tuple[str, int, int]] = set()

    def add(self, group: str, text: str) -> None:
        """Count one document of ``group``: each of its lines once."""
        group = group_name(group)
        self.groups[group] += 1
        keys = set()
        for line, normal in _lines(text):
            key = _hash(normal)
            keys.add(key)
            if _has_forms(line, normal):
                self.forms.add((group, key, _hash(" ".join(line.split()))))
        self.lines.update((group, key) for key in keys)

    def merge(self, other: Tally) -> None:
        self.groups.update(other.groups)
        self.lines.update(other.lines)
        self.forms |= other.forms

    def __len__(self) -> int:
        return len(self.lines) + len(self.forms)

    def clear(self) -> None:
        self.groups.clear()
        self.lines.clear()
        self.forms.clear()


@dataclass(frozen=True)
class Grouping:
    """Which group a record belongs to: the value of ``field``, else the host of the URL in
    ``url_field`` (without a leading ``www.``), else the input it came from; with ``split_field``,
    its value too (a capture date, a section), so one site's templates can be told apart.

    >>> Grouping(url_field="url").of({"url": "https://www.example.org/a/b"}, "in.jsonl")
    'example.org'
    >>> Grouping(field="site", split_field="year").of({"site": "a.com", "year": 2009}, "x")
    'a.com|2009'
    >>> Grouping().of({"text": "..."}, "crawl/part-1.jsonl")
    'crawl/part-1.jsonl'
    """

    field: str | None = None
    url_field: str | None = None
    split_field: str | None = None

    def of(self, record: Mapping[str, Any] | None, source: str) -> str:
        """The group of ``record``, read from ``source``. A record without the field, or with a
        value that is not a string or number, falls in its input's group."""
        group = None
        if record is not None and self.field is not None:
            group = _plain(record.get(self.field))
        elif record is not None and self.url_field is not None:
            url = _plain(record.get(self.url_field))
            host = urllib.parse.urlsplit(url).hostname if url else None
            group = host.removeprefix("www.") if host else None
        if group is None:
            group = source
        if record is not None and self.split_field is not None:
            split = _plain(record.get(self.split_field))
            group = f"{group}|{split if split is not None else ''}"
        return group


def _plain(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


class LineCounts:
    """Pass 1: in how many documents of each group each line is found.

    ``path`` is the SQLite file the counts go to (a temporary file, removed on :meth:`close`,
    when not given). Counts are buffered in memory up to ``memory_entries`` and then added into
    the file, so memory stays bounded whatever the size of the corpus. The counts of shards,
    each written by its own :class:`LineCounts`, add up with :meth:`merge`.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        memory_entries: int = 500_000,
        fresh: bool = True,
    ):
        if memory_entries < 1:
            raise ConfigError("memory_entries must be 1 or more")
        self._temporary = path is None
        if path is None:
            fd, name = tempfile.mkstemp(prefix="cleaner-counts-", suffix=".sqlite")
            os.close(fd)
            path = name
        self.path = Path(path)
        # A named file is written through a temporary one beside it, renamed over it by a
        # close without error: a killed first pass never leaves half its counts to be merged.
        self._work = self.path
        if not self._temporary:
            fd, work = temp_beside(self.path)
            os.close(fd)
            self._work = Path(work)
            if not fresh and self.path.exists():
                shutil.copyfile(self.path, self._work)
        self._db = _open(self._work, create=True)
        self._db.executescript(_STAGING)
        self._memory_entries = memory_entries
        self._tally = Tally()
        self._closed = False

    def add(self, group: str, text: str) -> None:
        """Count one document of ``group``."""
        self._tally.add(group, text)
        if len(self._tally) >= self._memory_entries:
            self.flush()

    def add_tally(self, tally: Tally) -> None:
        """Add the counts a worker made of its documents."""
        self._tally.merge(tally)
        if len(self._tally) >= self._memory_entries:
            self.flush()

    def flush(self) -> None:
        """Add the counts held in memory into the file.

        They go through staging tables without a key, and from there into the file in key
        order: upserts in the order the lines were met land on a random page of the file each,
        which costs more as the file grows; in key order consecutive rows share pages (on 1 GB
        of text, benchmarks/repeated_scale.py, flushing took 38 s instead of 52). SQLite sorts
        them; sorting in Python cost more than it saved.
        """
        tally = self._tally
        with self._db:
            self._db.executemany(
                "INSERT INTO groups VALUES (?, ?) "
                "ON CONFLICT (grp) DO UPDATE SET docs = docs + excluded.docs",
                tally.groups.items(),
            )
            self._db.executemany(
                "INSERT INTO temp.new_lines VALUES (?, ?, ?)",
                ((g, k, n) for (g, k), n in tally.lines.items()),
            )
            self._db.execute(
                "INSERT INTO lines SELECT * FROM temp.new_lines WHERE true ORDER BY grp, key "
                "ON CONFLICT (grp, key) DO UPDATE SET docs = docs + excluded.docs"
            )
            self._db.executemany("INSERT INTO temp.new_forms VALUES (?, ?, ?)", tally.forms)
            self._db.execute(
                "INSERT OR IGNORE INTO forms SELECT * FROM temp.new_forms ORDER BY grp, key, form"
            )
            self._db.execute("DELETE FROM temp.new_lines")
            self._db.execute("DELETE FROM temp.new_forms")
        tally.clear()

    def merge(self, paths: Iterable[str | Path]) -> None:
        """Add the counts of other count files (the first pass of other shards) to these.

        The shards must hold different documents: a document counted in two shards counts
        twice.
        """
        self.flush()
        for path in paths:
            _open(Path(path), create=False).close()  # refuse a file that is not a counts file
            with self._db:
                self._db.execute("ATTACH DATABASE ? AS other", (str(path),))
            try:
                with self._db:
                    self._db.execute(
                        "INSERT INTO groups SELECT * FROM other.groups WHERE true "
                        "ON CONFLICT (grp) DO UPDATE SET docs = docs + excluded.docs"
                    )
                    self._db.execute(
                        "INSERT INTO lines SELECT * FROM other.lines WHERE true "
                        "ON CONFLICT (grp, key) DO UPDATE SET docs = docs + excluded.docs"
                    )
                    self._db.execute("INSERT OR IGNORE INTO forms SELECT * FROM other.forms")
            finally:
                self._db.execute("DETACH DATABASE other")

    def index(self, settings: Settings | None = None) -> RepeatedLines:
        """Pass 2's index: the lines of each group that go, and those kept and why."""
        self.flush()
        return RepeatedLines.from_db(self._db, settings or Settings())

    def close(self, *, keep: bool = True) -> None:
        """Write what is left and close: a named file becomes ``path`` (unless not ``keep``), a
        temporary one is removed. Closing again does nothing."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(sqlite3.ProgrammingError):
            if keep:
                self.flush()
            self._db.close()
        if self._temporary or not keep:
            self._work.unlink(missing_ok=True)
            return
        if self._work != self.path:
            with renamed_into_place(str(self._work), self.path, self.path):
                pass
            self._work = self.path

    def __enter__(self) -> LineCounts:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(keep=kind is None)


def _open(path: Path, *, create: bool) -> sqlite3.Connection:
    """A counts file, made if ``create``; a file that is not one is an :class:`InputError`."""
    if not create and not path.is_file():
        raise InputError(f"{path}: no such counts file")
    try:
        db = sqlite3.connect(path, isolation_level="DEFERRED")
        db.execute("PRAGMA journal_mode = OFF")  # a killed first pass is rerun, not recovered
        db.execute("PRAGMA synchronous = OFF")
        if create:
            db.executescript(_SCHEMA)
        found = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if found is None and create:
            with db:
                db.execute("INSERT INTO meta VALUES ('format', ?)", (_FORMAT,))
        elif found is None or found[0] != _FORMAT:
            raise InputError(f"{path}: not a counts file of this version of cleaner")
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: not a counts file ({exc})") from None
    return db


@dataclass(frozen=True)
class Removed:
    """A line the stage removed: its 1-based number in the document, the line, and the count
    that triggered it (the documents of its group that hold it, of ``docs``)."""

    line_number: int
    line: str
    count: int
    docs: int
    rule: str = RULE

    def to_dict(self) -> dict[str, Any]:
        """The line as the report has it."""
        return {
            "line": self.line_number,
            "rule": self.rule,
            "count": self.count,
            "docs": self.docs,
            "text": self.line,
        }


@dataclass
class StageCounts:
    """What the stage did to a run: lines and characters removed, documents changed, and the
    repeated lines it kept as running text, as data or in place (between the document's own
    lines)."""

    documents: int = 0
    documents_changed: int = 0
    lines_removed: int = 0
    characters_removed: int = 0
    kept_running: int = 0
    kept_data: int = 0
    kept_context: int = 0
    near_duplicates_dropped: int = 0

    def merge(self, other: StageCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RepeatedLines:
    """The index of pass 2: per group, its number of documents, the count of each line found
    in enough of them to be a candidate, and the number of distinct raw forms of those lines
    that have digits or are fields. :meth:`decide` and :meth:`apply` read it."""

    settings: Settings
    docs: dict[str, int]
    counts: dict[str, dict[int, int]] = field(default_factory=dict)
    forms: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_db(cls, db: sqlite3.Connection, settings: Settings) -> RepeatedLines:
        """Read the candidates of every group out of a counts file."""
        index = cls(settings, dict(db.execute("SELECT grp, docs FROM groups")))
        for group, n in index.docs.items():
            least = settings.least(n)
            index.counts[group] = dict(
                db.execute(
                    "SELECT key, docs FROM lines WHERE grp = ? AND docs >= ?", (group, least)
                )
            )
            index.forms[group] = dict(
                db.execute(
                    "SELECT key, count(*) FROM forms WHERE grp = ? AND key IN "
                    "(SELECT key FROM lines WHERE grp = ? AND docs >= ?) GROUP BY key",
                    (group, group, least),
                )
            )
        return index

    def identity(self) -> str:
        """A digest of everything that decides the output: a rerun with other counts or other
        settings is not taken for complete."""
        digest = hashlib.sha256(repr(self.settings).encode())
        for group in sorted(self.docs):
            digest.update(f"\0{group}\0{self.docs[group]}".encode("utf-8", "surrogatepass"))
            for table in (self.counts, self.forms):
                for key, count in sorted(table.get(group, {}).items()):
                    digest.update(f"{key}:{count},".encode())
        return digest.hexdigest()

    def decide(self, group: str, line: str, normal: str) -> tuple[str, int]:
        """``("remove", count)``, ``("running", count)``, ``("data", count)`` or
        ``("", count)`` for a line that is not repeated."""
        return self._group(group_name(group)).decide(line, normal)

    def apply(
        self, group: str, text: str, counts: StageCounts | None = None
    ) -> tuple[str, list[Removed]]:
        """``text`` without the repeated lines of ``group``, and the lines removed."""
        removed: list[Removed] = []
        kept: list[str] = []
        decisions = self._group(group_name(group))
        lines = text.splitlines(keepends=True)
        verdicts = [
            decisions.decide(line, normal) if (normal := normal_form(line)) else ("", 0)
            for line in lines
        ]
        filled, inside = _edge_blocks(lines, verdicts, self.settings)
        _in_place(lines, verdicts, filled, inside, self.settings)
        for number, (line, (verdict, count)) in enumerate(zip(lines, verdicts, strict=True), 1):
            if verdict in ("remove", "block"):
                rule = RULE if verdict == "remove" else BLOCK_RULE
                removed.append(Removed(number, line.rstrip("\r\n"), count, decisions.docs, rule))
                continue
            if counts is not None and verdict == "running":
                counts.kept_running += 1
            elif counts is not None and verdict == "data":
                counts.kept_data += 1
            elif counts is not None and verdict == "context":
                counts.kept_context += 1
            kept.append(line)
        out = "".join(kept)
        if removed:
            out = _tidy(out)
        if counts is not None:
            counts.documents += 1
            counts.documents_changed += bool(removed)
            counts.lines_removed += len(removed)
            counts.characters_removed += len(text) - len(out)
        return out, removed

    def _group(self, group: str) -> _GroupDecisions:
        """What decides the lines of one group (its name as stored), read once per document
        rather than once per line."""
        n = self.docs.get(group, 0)
        return _GroupDecisions(
            self.settings,
            n,
            self.counts.get(group, {}),
            self.forms.get(group, {}),
            self.settings.threshold(n, running=False),
            self.settings.threshold(n, running=True),
        )


@dataclass(frozen=True)
class _GroupDecisions:
    """One group's part of the index, with its two thresholds worked out."""

    settings: Settings
    docs: int
    counts: dict[int, int]
    forms: dict[int, int]
    threshold: int  # the count from which a line goes
    running_threshold: int  # the count from which running text goes

    def decide(self, line: str, normal: str) -> tuple[str, int]:
        """See :meth:`RepeatedLines.decide`."""
        key = _hash(normal)
        count = self.counts.get(key, 0)
        if count < self.threshold:
            return "", count
        if count < self.running_threshold and self._running(normal):
            return "running", count
        forms = self.forms.get(key, 0)
        if (
            forms >= 2
            and _STAMP.search(line) is None
            and (forms > self.settings.data_share * count or _FIELD.match(line) is not None)
        ):
            return "data", count
        return "remove", count

    def _running(self, normal: str) -> bool:
        """Whether a line reads as running text: enough words, and a sentence's end or twice as
        many words."""
        words = len(normal.split())
        least = self.settings.running_words
        return words >= 2 * least or (words >= least and _SENTENCE_END.search(normal) is not None)


def _edge_blocks(
    lines: list[str], verdicts: list[tuple[str, int]], settings: Settings
) -> tuple[list[int], range]:
    """Mark ``"block"`` the running lines of a document's edge blocks that go with them (see
    the module docstring), in place. ``verdicts`` holds each line's verdict and count.

    Returns the numbers of the lines that are not blank, and the positions among them beyond
    the edge blocks' reach: the walk from each end stops at the first line that neither goes
    nor is repeated running text."""
    kept = shared = 0
    for line, (verdict, _) in zip(lines, verdicts, strict=True):
        if verdict != "remove":
            kept += len(line)
        if verdict == "running":
            shared += len(line)
    version = kept > 0 and shared >= settings.version_share * kept
    filled = [n for n, line in enumerate(lines) if not line.isspace()]
    reach = []  # how many lines the walk from each end took in
    for order in (filled, filled[::-1]):
        block: list[int] = []
        anchored = False  # the block holds a line that goes by its count
        walked = len(order)
        for k, n in enumerate(order):
            verdict = verdicts[n][0]
            if verdict == "remove":
                anchored = True
            elif verdict == "running":
                block.append(n)
            else:
                walked = k
                break
        reach.append(walked)
        for n in block:
            if anchored and (len(lines[n].split()) <= settings.edge_words or not version):
                verdicts[n] = ("block", verdicts[n][1])
    return filled, range(reach[0], len(filled) - reach[1])


def _in_place(
    lines: list[str],
    verdicts: list[tuple[str, int]],
    filled: list[int],
    inside: range,
    settings: Settings,
) -> None:
    """Mark ``"context"`` the lines that go by their count but are content where they stand
    (see the module docstring), in place: each between two of the document's own lines, and a
    turn of dialogue or a heading over own content. Own lines are judged before any is marked,
    so the marks do not depend on each other.

    ``filled`` and ``inside`` are what :func:`_edge_blocks` returns. A line in an edge block's
    reach is never kept in place: it would stay to anchor an edge block on a second run, after
    the first had changed what the document keeps."""
    own = [verdicts[n][0] in ("", "data", "running") for n in filled]
    for i in range(max(1, inside.start), min(len(filled) - 1, inside.stop)):
        n = filled[i]
        if verdicts[n][0] != "remove" or not (own[i - 1] and own[i + 1]):
            continue
        line = lines[n].strip()
        if _TURN.fullmatch(line) or (
            _HEADING.fullmatch(line) is not None
            and _STAMP.search(line) is None
            and _over_own_content(lines, filled[i + 1 : i + 3], own[i + 1 : i + 3], settings)
        ):
            verdicts[n] = ("context", verdicts[n][1])


def _over_own_content(
    lines: list[str], below: list[int], own: list[bool], settings: Settings
) -> bool:
    """Whether the two lines ``below`` a heading (their numbers, and whether each is the
    document's own) are its content: both own, and a list (short lines or items) or one
    paragraph block (no blank line between them)."""
    if len(below) < 2 or not all(own):
        return False
    listed = all(
        len(lines[n].split()) < settings.running_words or _ITEM.match(lines[n]) for n in below
    )
    return listed or below[1] == below[0] + 1


_BLANK_RUN = regex.compile(r"\n(?:[ \t]*\n)+")


def _tidy(text: str) -> str:
    """A text after lines were taken out of it: no blank lines at its start or end, and one
    blank line where several met (the whitespace filter's shape, which the removal can undo).

    >>> _tidy("\\nStory.\\n\\n\\nMore.\\n\\n")
    'Story.\\n\\nMore.\\n'
    """
    body = _BLANK_RUN.sub("\n\n", text).strip("\n")
    return body + "\n" if body else ""


@dataclass(frozen=True)
class CorpusStep:
    """What a record cleaner does for the corpus-level passes, each record in its ``grouping``
    group. Pass 1: ``count`` its cleaned text's lines, and with a ``sketcher`` (a
    :class:`~cleaner.corpus.neardup.NearDuplicates`) sketch it for near duplicates. Pass 2:
    remove the lines ``index`` says are repeated, and leave out the records in ``drop``
    (near duplicates, by ``FILE:LINE``)."""

    grouping: Grouping
    index: RepeatedLines | None = None
    source: str | None = None  # the input's name for its group, when not the file read (stdin)
    count: bool = False
    sketcher: Any = None
    drop: frozenset[str] = frozenset()

    def identity(self) -> str:
        """A digest of what pass 2 does: a rerun that would do otherwise is not complete."""
        digest = hashlib.sha256(repr(self.grouping).encode())
        digest.update((self.index.identity() if self.index is not None else "-").encode())
        for where in sorted(self.drop):
            digest.update(b"\0" + where.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


def remove_repeated_lines(
    documents: Iterable[tuple[str, str]], settings: Settings | None = None
) -> list[str]:
    """Both passes over documents held in memory: ``(group, text)`` in, the texts out, in order.

    >>> pages = [("site", f"Story {k}.\\nShare this page\\n") for k in "ABC"]
    >>> remove_repeated_lines(pages + [("other", "Share this page\\n")])
    ['Story A.\\n', 'Story B.\\n', 'Story C.\\n', 'Share this page\\n']
    """
    documents = list(documents)
    with LineCounts() as counts:
        for group, text in documents:
            counts.add(group, text)
        index = counts.index(settings)
    return [index.apply(group, text)[0] for group, text in documents]
