"""The removal report (``--report FILE.jsonl``): one JSON record per document, saying what a run
removed from it and why.

Every record is read off the pipeline's own :class:`~cleaner.explanation.Explanation` of the
document (the same code path as cleaning), never a second judgement of it::

    {"id": "seeds/003.txt", "lines": 41,
     "removed": [{"line": 3, "rule": "boilerplate.advertisement",
                  "filter": "boilerplate-lines", "text": "- Anzeige -"}],
     "repairs": {"mojibake": {"lines": 1, "chars": 4}}}

``id`` is the file's path, the ``--id-field`` value of a JSONL record, or ``FILE:LINE`` of a
record without one. ``lines`` counts the lines of the repaired text the line numbers refer to.
``repairs`` has, per filter that edits text and changed this one, the lines it changed and the
characters it removed (negative when it added some). :func:`read` reads a report back for
``python -m cleaner review``, and refuses a file that is not one with a one-line reason.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from cleaner.corpus import io as corpus_io
from cleaner.errors import InputError
from cleaner.explanation import Explanation
from cleaner.io import encode

ReportSink = Callable[[list[bytes]], None]
"""Takes the report lines of some documents, in input order, and writes them."""


def record(doc_id: str, explanation: Explanation) -> dict[str, Any]:
    """The report record of one document.

    >>> import cleaner
    >>> r = record("a.txt", cleaner.explain("Fish &amp; chips.\\n\\n- Anzeige -\\n"))
    >>> [(x["line"], x["rule"], x["text"]) for x in r["removed"]]
    [(3, 'boilerplate.advertisement', '- Anzeige -')]
    >>> r["lines"], r["repairs"]
    (3, {'mojibake': {'lines': 1, 'chars': 4}})
    """
    return {
        "id": doc_id,
        "lines": count_lines(explanation.repaired),
        "removed": [
            {"line": r.line_number, "rule": r.rule, "filter": r.filter, "text": r.line}
            for r in explanation
        ],
        "repairs": {
            c.filter: {"lines": c.lines_changed, "chars": c.chars_before - c.chars_after}
            for c in explanation.changes
            if c.lines_changed or c.chars_before != c.chars_after
        },
    }


def count_lines(text: str) -> int:
    """The lines of ``text`` as the filters count them: split on ``\\n``, a final newline ending
    the last line rather than starting an empty one.

    >>> count_lines("a\\nb\\n"), count_lines("a\\nb"), count_lines("")
    (2, 2, 0)
    """
    return text.count("\n") + (not text.endswith("\n") and text != "")


def line(
    doc_id: str, explanation: Explanation, repeated: list[dict[str, Any]] | None = None
) -> bytes:
    """The report record of one document as a line of JSON (UTF-8, newline-terminated).

    ``repeated`` lists the lines the corpus-level stage then removed (``cleaner.corpus.repeated``):
    their numbers are in the pipeline's output, each with the count that decided it.
    """
    data = record(doc_id, explanation)
    if repeated:
        data["repeated"] = repeated
    return encode(json.dumps(data, ensure_ascii=False)) + b"\n"


@contextlib.contextmanager
def writing(path: str | None) -> Iterator[ReportSink | None]:
    """A sink for report lines that become ``path`` (compressed as its suffix says: .gz, .zst...)
    only when the ``with`` block ends without an error; ``None`` when no report was asked for.

    It is opened before any cleaning, so an unwritable report stops the run before it starts.
    """
    if path is None:
        yield None
        return
    with corpus_io.atomic_output(path) as sink:

        def write(lines: list[bytes]) -> None:
            sink.write(b"".join(lines))

        yield write


_KEYS = {"id": str, "lines": int, "removed": list, "repairs": dict}
_REMOVAL_KEYS = {"line": int, "rule": str, "text": str}


def check(value: Any) -> str | None:
    """Why ``value`` is not a report record, or ``None`` when it is one.

    >>> check({"id": "a", "lines": 1, "removed": [], "repairs": {}}) is None
    True
    >>> check({"id": "a", "text": "Body."})
    "no 'lines' field"
    """
    if not isinstance(value, dict):
        return f"a JSON {type(value).__name__}, not an object"
    for key, kind in _KEYS.items():
        if key not in value:
            return f"no {key!r} field"
        if not isinstance(value[key], kind):
            return f"{key!r} is a {type(value[key]).__name__}, not a {kind.__name__}"
    for removal in value["removed"]:
        if not isinstance(removal, dict) or any(
            not isinstance(removal.get(k), kind) for k, kind in _REMOVAL_KEYS.items()
        ):
            return "a removal without a whole line, rule and text"
    return None


def looks_like_report(first: Any) -> bool:
    """Whether a JSONL file's first record is a report record (and not a corpus record)."""
    return isinstance(first, dict) and "removed" in first and "repairs" in first


def read(path: str) -> Iterator[dict[str, Any]]:
    """The records of a report, in order; :class:`InputError` naming the first bad line."""
    try:
        with corpus_io.open_read(path) as stream:
            for number, raw in enumerate(stream, 1):
                if not raw.strip():
                    continue
                try:
                    value = json.loads(raw)
                except ValueError:
                    raise InputError(f"{path}:{number}: not JSON; is it a report?") from None
                why = check(value)
                if why is not None:
                    raise InputError(f"{path}:{number}: not a report record: {why}")
                yield value
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
