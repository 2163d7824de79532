"""Near-duplicate documents in a corpus: MinHash signatures, LSH candidates, verified clusters.

Scraped corpora hold the same page many times over: mirrors, reprints, a page fetched on two
days with another date and one more comment. :class:`NearDuplicates` finds them in one pass over
the documents, keeping no text, and says which one document of each cluster to keep::

    finder = NearDuplicates()                  # threshold 0.6, 128 hashes, word 5-grams
    for doc_id, text in records:
        finder.add(doc_id, text)
    write_report(finder.clusters(), "dups.jsonl")
    dropped = finder.duplicates()               # {dropped id: kept id}

How two documents are compared
------------------------------
- A text is normalised to its words: casefolded, every digit made ``0`` (so a changed date or
  view count is no difference), words found with ``regex``'s ``\\w+`` (so punctuation and
  whitespace are no difference). :func:`normalised_words` shows it.
- Its shingles are the word 5-grams (``shingle``), as a set; two documents' similarity is the
  Jaccard index of their shingle sets.
- **Exact duplicates**: documents with the same normalised words (a 128-bit hash of them) are
  one cluster, always, whatever their length; they are compared once, as one.
- **Near duplicates**: a MinHash signature of ``num_perm`` 32-bit values estimates the Jaccard
  index (the share of equal values). LSH cuts the signature into ``bands`` of ``rows`` values,
  chosen by :func:`bands_for` so that a pair at the threshold becomes a candidate with
  probability >= 0.99 (for 0.6 and 128 hashes: 42 bands of 3 rows; a pair of Jaccard ``s``
  becomes a candidate with probability ``1 - (1 - s**3)**42``: 0.9999 at 0.6, 0.68 at 0.3, 0.04
  at 0.1). Every candidate pair is then verified: its estimated Jaccard, over all ``num_perm``
  values, must be >= ``threshold``. A pair whose true Jaccard is at the threshold passes about
  half the time (the estimate's standard deviation is ``sqrt(s(1 - s)/num_perm)``, 0.043 at 0.6).
- **Short documents**: fewer words than ``shingle`` make no shingle, hence no signature; they
  are matched as exact duplicates only. A document with no word at all (empty, only spaces or
  punctuation) normalises to the empty text: such documents form one exact cluster.
- ``group``: documents are compared only within their group (a language, a site...); a cluster
  never spans two groups, exact duplicates included.

Clusters
--------
A cluster is a connected component of the verified pairs (union-find). A chain ``A ~ B ~ C``
puts ``A`` and ``C`` in one cluster even when ``A`` and ``C`` are below the threshold; each
member's own estimated similarity to the kept document is reported, so such members show.

**The kept document** of a cluster is the one with the longest text (in code points, before
normalisation), ties broken by the smallest id (Python's string order). The clusters, the kept
documents and the report depend only on the set of documents added, not on their order.

Memory and time
---------------
No text is kept. Per document: its id, its text length and the index of its exact-duplicate
class (about 100 bytes besides the id's string); per distinct normalised text: a 16-byte hash,
its group and its signature of ``num_perm`` uint32 values (512 bytes at 128): 867 bytes per
document in all, measured over 20,000 documents with short ids (benchmarks/neardup_speed.py),
so about 0.9 GB for a million. Besides, per process: two tables of character classes (2.2 MB)
and a table of powers.

Reading a text is linear in its length and makes no string per word (see ``_scan``); a text is
read in pieces of about 64 K characters (cut at a space or a line break), so a huge document
needs no more memory than a piece. An exact duplicate of a text seen before costs its
normalisation and hash only. :meth:`clusters` sorts the signatures once per band; a bucket of
documents sharing a band is linked by comparing each with one component at a time, stopping
at the first verified pair, so a large bucket of similar documents costs about one comparison
per document.

Shards
------
:meth:`NearDuplicates.save` writes a shard's signatures (JSON lines, compressed as the name
says); :meth:`NearDuplicates.load` reads and merges several, giving the clusters of one pass
over all of them. This module needs numpy: ``pip install 'cleaner[dedup]'``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import regex

from cleaner.corpus import io as corpus_io
from cleaner.errors import ConfigError, InputError

try:
    import numpy as np
    import numpy.typing as npt
except ImportError:  # pragma: no cover - the extra is installed wherever the tests run
    raise corpus_io.missing_extra("numpy", "dedup", "near-duplicate detection") from None

# A page and its copy with small edits (a date, a footer line, a paragraph of up to a quarter
# of its words) stay above it; distinct pages of one site, template and all, below 0.3
# (docs/neardup.md).
THRESHOLD = 0.6
NUM_PERM = 128  # estimate's standard deviation <= 0.045, 512 bytes a signature
SHINGLE = 5  # word 5-grams: long enough that unrelated texts share almost none
SEED = 1
CANDIDATE_PROBABILITY = 0.99  # the least chance for a pair at the threshold to be compared

PIECE = 1 << 16  # characters read at a time from a text
BLOCK = 1024  # shingles hashed at a time (a 1 MB array at 128 hashes: fastest here)
FORMAT = "cleaner-neardup"  # the first line of a saved shard names it, with its version
VERSION = 1

_WORDS = regex.compile(r"\w+")
_DIGITS = regex.compile(r"\d")
_MASK64 = (1 << 64) - 1
_POLYNOMIAL = 0x9E3779B97F4A7C15  # odd: the base of the words' polynomial hash

Kind = Literal["exact", "near"]
Signature = npt.NDArray[np.uint32]


def normalised_words(text: str) -> list[str]:
    """The words a text is compared by: casefolded, every digit ``0``, punctuation dropped.

    >>> normalised_words("Updated: 12 March 2024 -- SEE the photos!")
    ['updated', '00', 'march', '0000', 'see', 'the', 'photos']
    >>> normalised_words(" ... ")
    []
    """
    return _WORDS.findall(_DIGITS.sub("0", text.casefold()))


def _constants(seed: int, purpose: str, count: int) -> npt.NDArray[np.uint64]:
    """``count`` 64-bit constants drawn from BLAKE2b: the same for a seed on any machine and
    any numpy version, so saved signatures stay comparable."""
    values = [
        int.from_bytes(
            hashlib.blake2b(f"{purpose}:{seed}:{i}".encode(), digest_size=8).digest(), "little"
        )
        for i in range(count)
    ]
    return np.array(values, dtype=np.uint64)


def _finalise(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Mix every bit of each value into every other (the finaliser of MurmurHash3's 64 bits)."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def _header(path: str, line: bytes) -> dict[str, int]:
    """The parameters a saved shard's first line names."""
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"{path}: not a file of signatures written by NearDuplicates.save")
    if header.get("version") != VERSION:
        raise InputError(f"{path}: signatures of version {header.get('version')}, not {VERSION}")
    parameters: dict[str, int] = {}
    for key in ("num_perm", "shingle", "seed"):
        value = header.get(key)
        if not isinstance(value, int):
            raise InputError(f"{path}: its first line has no {key}")
        parameters[key] = value
    return parameters


def jaccard(first: str, second: str, shingle: int = SHINGLE) -> float:
    """The exact Jaccard index of two texts' sets of word ``shingle``-grams, the quantity the
    signatures estimate (slow: for tests, benchmarks and reports on a few pairs).

    >>> jaccard("a b c d e f", "a b c d e g", shingle=3)
    0.6
    """
    sets = []
    for text in (first, second):
        words = normalised_words(text)
        sets.append({tuple(words[i : i + shingle]) for i in range(len(words) - shingle + 1)})
    union = sets[0] | sets[1]
    return len(sets[0] & sets[1]) / len(union) if union else 1.0


def bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """The LSH bands and rows for a threshold: the most rows per band (the fewest false
    candidates) such that a pair at the threshold is a candidate with probability >= 0.99.

    >>> bands_for(0.8, 128)
    (21, 6)
    >>> bands_for(0.5, 128), bands_for(0.95, 128)
    ((42, 3), (8, 16))
    """
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if candidate_probability(threshold, bands, rows) >= CANDIDATE_PROBABILITY:
            best = (bands, rows)
    return best


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """The chance that a pair of this Jaccard index shares at least one band: the S-curve
    ``1 - (1 - s**rows)**bands``.

    >>> [round(candidate_probability(s, 21, 6), 3) for s in (0.3, 0.5, 0.8, 0.9)]
    [0.015, 0.282, 0.998, 1.0]
    """
    return float(1.0 - (1.0 - similarity**rows) ** bands)


class Sketch(NamedTuple):
    """What a finder keeps of one document: its id, length, group, the hash of its normalised
    words, and its MinHash signature (None when it has too few words for a shingle)."""

    doc_id: str
    length: int
    group: str | None
    exact: bytes
    signature: Signature | None


@dataclass(frozen=True)
class Cluster:
    """Documents found to be duplicates of each other, and the one to keep.

    ``ids`` are sorted; ``similarities[i]`` is the estimated Jaccard index of ``ids[i]`` and the
    kept document (1.0 for the kept one and its exact duplicates); ``similarity`` is the least
    of them. ``kind`` is ``"exact"`` when all members have the same normalised words.
    """

    ids: tuple[str, ...]
    kept: str
    kind: Kind
    similarity: float
    similarities: tuple[float, ...]

    def record(self) -> dict[str, Any]:
        """The cluster as a report line's JSON object.

        >>> Cluster(("a", "b", "c"), "b", "near", 0.875, (0.875, 1.0, 0.9)).record()["ids"]
        ['a', 'b', 'c']
        """
        return {
            "kept": self.kept,
            "ids": list(self.ids),
            "kind": self.kind,
            "similarity": self.similarity,
            "similarities": list(self.similarities),
        }


def write_report(clusters: Iterable[Cluster], path: str) -> None:
    """Write one JSON line per cluster to ``path`` (compressed as its suffix says), atomically:
    ``{"kept": id, "ids": [...], "kind": "exact" | "near", "similarity": ..., "similarities":
    [...]}``. The file appears only when complete."""
    with corpus_io.atomic_output(path) as sink:
        for cluster in clusters:
            sink.write(json.dumps(cluster.record(), ensure_ascii=False).encode() + b"\n")


class NearDuplicates:
    """Collects documents' signatures and finds the clusters of (near) duplicates among them.

    >>> finder = NearDuplicates()
    >>> finder.add("a", "The same text, twice.")
    >>> finder.add("b", "the  SAME text twice")
    >>> finder.add("c", "Something else entirely.")
    >>> finder.duplicates()
    {'b': 'a'}
    >>> [(c.ids, c.kept, c.kind) for c in finder.clusters()]
    [(('a', 'b'), 'a', 'exact')]
    """

    def __init__(
        self,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        shingle: int = SHINGLE,
        seed: int = SEED,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ConfigError(f"the threshold must be in (0, 1], not {threshold!r}")
        if not 1 <= num_perm <= 4096:
            raise ConfigError(f"num_perm must be from 1 to 4096, not {num_perm!r}")
        if not 1 <= shingle <= 64:
            raise ConfigError(f"the shingle size must be from 1 to 64 words, not {shingle!r}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.seed = seed
        self.bands, self.rows = bands_for(threshold, num_perm)
        # A pair is verified when at least this many of its signature values are equal.
        self._needed = math.ceil(threshold * num_perm - 1e-9)
        self._multipliers = _constants(seed, "shingle", shingle)
        self._perm_a = _constants(seed, "perm-a", num_perm) | np.uint64(1)
        self._perm_b = _constants(seed, "perm-b", num_perm)
        self._band_mix = _constants(seed, "band", self.rows) | np.uint64(1)
        # Per document.
        self._ids: list[str] = []
        self._known: set[str] = set()
        self._lengths: list[int] = []
        self._unit_of_doc: list[int] = []
        # Per unit: the documents of one group with the same normalised words.
        self._units: dict[bytes, int] = {}  # exact hash -> unit
        self._unit_exact: list[bytes] = []
        self._unit_group: list[int] = []
        self._unit_row: list[int] = []  # its row of self._signatures, -1 when it has none
        # Per signature.
        self._signatures: Signature = np.zeros((16, num_perm), dtype=np.uint32)
        self._rows_used = 0
        self._row_unit: list[int] = []
        # Per group.
        self._groups: dict[str | None, int] = {}
        self._group_names: list[str | None] = []

    def __len__(self) -> int:
        """The number of documents added."""
        return len(self._ids)

    def __repr__(self) -> str:
        return (
            f"NearDuplicates(threshold={self.threshold}, num_perm={self.num_perm}, "
            f"shingle={self.shingle}, seed={self.seed}): {len(self)} documents, "
            f"{self.bands} bands of {self.rows} rows"
        )

    def add(self, doc_id: str, text: str, group: str | None = None) -> None:
        """Add one document. Only documents of the same ``group`` are compared. An id added
        twice is an :class:`~cleaner.errors.InputError`: ids name the documents in the report."""
        self.add_sketch(self._sketch(doc_id, text, group, known=True))

    def sketch(self, doc_id: str, text: str, group: str | None = None) -> Sketch:
        """What :meth:`add` keeps of a document, made without adding it: a worker process
        sketches its documents and the parent adds the sketches (:meth:`add_sketch`)."""
        return self._sketch(doc_id, text, group, known=False)

    def add_sketch(self, sketch: Sketch) -> None:
        """Add a document sketched by :meth:`sketch` (of a finder with the same parameters)."""
        self._add(*sketch)

    def _sketch(self, doc_id: str, text: str, group: str | None, *, known: bool) -> Sketch:
        """The document's sketch; with ``known``, no signature for a text already added."""
        pieces = _pieces(text)
        hasher = hashlib.blake2b(json.dumps(group).encode() + b"\n", digest_size=16)
        piece_words = np.zeros(0, dtype=np.uint64)
        for start, end in pieces:
            normalised, piece_words = _scan(text[start:end])
            hasher.update(normalised)
        exact = hasher.digest()
        signature = None
        if not (known and exact in self._units):
            words: Iterable[npt.NDArray[np.uint64]] = [piece_words]
            if len(pieces) > 1:  # read again, a piece at a time, rather than kept
                words = (_scan(text[start:end])[1] for start, end in pieces)
            signature = self._signature(words)
        return Sketch(doc_id, len(text), group, exact, signature)

    def similarity(self, first: str, second: str) -> float | None:
        """The estimated Jaccard index of two added documents' shingle sets (1.0 for exact
        duplicates), or ``None`` when either is too short to have a signature. It looks the
        ids up in the list of all documents: for a few pairs, not for every pair."""
        units = [self._unit_of_doc[self._ids.index(doc_id)] for doc_id in (first, second)]
        if units[0] == units[1]:
            return 1.0
        rows = [self._unit_row[unit] for unit in units]
        if min(rows) < 0:
            return None
        equal = int(np.count_nonzero(self._signatures[rows[0]] == self._signatures[rows[1]]))
        return equal / self.num_perm

    def clusters(self) -> list[Cluster]:
        """Every cluster of two or more documents, sorted by kept id."""
        forest = _Forest(len(self._unit_row))
        for bucket in self._buckets():
            self._link(bucket, forest)
        members: dict[int, list[int]] = {}
        for doc, unit in enumerate(self._unit_of_doc):
            members.setdefault(forest.find(unit), []).append(doc)
        found = [self._cluster(docs) for docs in members.values() if len(docs) > 1]
        return sorted(found, key=lambda cluster: cluster.kept)

    def duplicates(self) -> dict[str, str]:
        """The id of every document not kept, mapped to the kept document of its cluster."""
        return {
            doc_id: cluster.kept
            for cluster in self.clusters()
            for doc_id in cluster.ids
            if doc_id != cluster.kept
        }

    def save(self, path: str) -> None:
        """Write every document's signature to ``path`` (JSON lines, compressed as its suffix
        says, written atomically), for :meth:`load` to merge with other shards'. The lines are
        sorted by id, so the same documents give the same file in any order."""
        header = {"format": FORMAT, "version": VERSION, **self._parameters()}
        written: set[int] = set()
        with corpus_io.atomic_output(path) as sink:
            sink.write(json.dumps(header).encode() + b"\n")
            for doc in sorted(range(len(self._ids)), key=self._ids.__getitem__):
                unit = self._unit_of_doc[doc]
                row = self._unit_row[unit]
                signature = None
                if row >= 0 and unit not in written:  # once per unit: its others share it
                    written.add(unit)
                    signature = base64.b64encode(
                        self._signatures[row].astype("<u4").tobytes()
                    ).decode()
                line = {
                    "id": self._ids[doc],
                    "group": self._group_names[self._unit_group[unit]],
                    "length": self._lengths[doc],
                    "exact": self._unit_exact[unit].hex(),
                    "signature": signature,
                }
                sink.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")

    @classmethod
    def load(cls, paths: Sequence[str], threshold: float = THRESHOLD) -> NearDuplicates:
        """The documents of the shards :meth:`save` wrote, merged: their clusters are those of
        one pass over all the documents. The shards must share ``num_perm``, ``shingle`` and
        ``seed``; an id in two shards is an :class:`~cleaner.errors.InputError`."""
        finder: NearDuplicates | None = None
        for path in paths:
            with corpus_io.open_read(path) as stream:
                blocks = corpus_io.read_blocks(stream, 1 << 20)
                lines = (line for block in blocks for line in block.splitlines())
                header = _header(path, next(lines, b""))
                if finder is None:
                    finder = cls(threshold, **header)
                elif header != finder._parameters():
                    raise InputError(
                        f"{path}: made with {header}, not {finder._parameters()} as the shards "
                        "before it; signatures made with other parameters cannot be compared"
                    )
                for number, line in enumerate(lines, start=2):
                    if line.strip():
                        finder._load_line(line, f"{path}:{number}")
        if finder is None:
            raise ConfigError("NearDuplicates.load needs at least one shard file")
        return finder

    # -- reading texts ---------------------------------------------------------------------

    def _signature(self, words: Iterable[npt.NDArray[np.uint64]]) -> Signature | None:
        """The MinHash signature of a text's shingles, from the word hashes of its pieces, or
        ``None`` when it has no shingle."""
        low = np.full(self.num_perm, _MASK64, dtype=np.uint64)
        carry = np.zeros(0, dtype=np.uint64)  # the last words of the piece before
        shingled = False
        for hashes in words:
            hashes = np.concatenate((carry, hashes))
            shingles = self._shingles(hashes)
            carry = hashes[max(0, len(hashes) - self.shingle + 1) :]
            if len(shingles):
                shingled = True
                low = np.minimum(low, self._min_hashes(shingles))
        return (low >> np.uint64(32)).astype(np.uint32) if shingled else None

    def _shingles(self, hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
        """The distinct hashes of every run of ``shingle`` consecutive words."""
        count = len(hashes) - self.shingle + 1
        if count <= 0:
            return np.zeros(0, dtype=np.uint64)
        mixed = np.zeros(count, dtype=np.uint64)
        for offset, multiplier in enumerate(self._multipliers):
            mixed += hashes[offset : offset + count] * multiplier
        ordered = np.sort(_finalise(mixed))  # np.unique is several times slower on these
        return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]

    def _min_hashes(self, shingles: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
        """For each of the ``num_perm`` hash functions ``(a * x + b) mod 2**64``, its least value
        over the shingles (the signature keeps its top 32 bits: the least of the top bits is the
        top of the least)."""
        low = np.full(self.num_perm, _MASK64, dtype=np.uint64)
        values = np.empty((min(BLOCK, len(shingles)), self.num_perm), dtype=np.uint64)
        for start in range(0, len(shingles), BLOCK):
            block = shingles[start : start + BLOCK, np.newaxis]
            out = values[: len(block)]
            np.multiply(block, self._perm_a, out=out)
            out += self._perm_b
            np.minimum(low, out.min(axis=0), out=low)
        return low

    # -- the tables ------------------------------------------------------------------------

    def _add(
        self, doc_id: str, length: int, group: str | None, exact: bytes, signature: Signature | None
    ) -> None:
        """Record one document whose exact hash (and, for a new one, signature) is known."""
        if doc_id in self._known:
            raise InputError(f"the document id {doc_id!r} was added twice")
        unit = self._units.get(exact)
        if unit is None:
            unit = len(self._unit_row)
            self._units[exact] = unit
            self._unit_exact.append(exact)
            if group not in self._groups:
                self._groups[group] = len(self._group_names)
                self._group_names.append(group)
            self._unit_group.append(self._groups[group])
            self._unit_row.append(-1)
        if signature is not None and self._unit_row[unit] < 0:
            self._unit_row[unit] = self._store(signature)
            self._row_unit.append(unit)
        self._known.add(doc_id)
        self._ids.append(doc_id)
        self._lengths.append(length)
        self._unit_of_doc.append(unit)

    def _store(self, signature: Signature) -> int:
        """Append a signature to the table, growing it by half when full; its row."""
        if self._rows_used == len(self._signatures):
            grown = np.zeros((len(self._signatures) * 3 // 2 + 16, self.num_perm), np.uint32)
            grown[: self._rows_used] = self._signatures[: self._rows_used]
            self._signatures = grown
        self._signatures[self._rows_used] = signature
        self._rows_used += 1
        return self._rows_used - 1

    def _parameters(self) -> dict[str, int]:
        return {"num_perm": self.num_perm, "shingle": self.shingle, "seed": self.seed}

    def _load_line(self, line: bytes, where: str) -> None:
        """Add the document of one saved line."""
        try:
            record = json.loads(line)
            exact = bytes.fromhex(record["exact"])
            encoded = record["signature"]
            signature = None
            if encoded is not None:
                signature = np.frombuffer(base64.b64decode(encoded), dtype="<u4").astype(np.uint32)
            doc_id, length, group = record["id"], record["length"], record["group"]
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise InputError(f"{where}: not a saved signature line ({exc})") from None
        if (
            not isinstance(doc_id, str)
            or not isinstance(length, int)
            or not isinstance(group, (str, type(None)))
            or len(exact) != 16
        ):
            raise InputError(f"{where}: not a saved signature line")
        if signature is not None and len(signature) != self.num_perm:
            raise InputError(
                f"{where}: a signature of {len(signature)} values, not {self.num_perm}"
            )
        self._add(doc_id, length, group, exact, signature)

    # -- clustering ------------------------------------------------------------------------

    def _buckets(self) -> Iterator[list[int]]:
        """The units sharing one band of their signatures (and a group), two or more at a time,
        each bucket sorted."""
        count = self._rows_used
        if count < 2:
            return
        signatures = self._signatures[:count]
        units = np.array(self._row_unit, dtype=np.int64)
        groups = np.array([self._unit_group[unit] for unit in self._row_unit], dtype=np.int64)
        for band in range(self.bands):
            keys = np.zeros(count, dtype=np.uint64)
            for offset, multiplier in enumerate(self._band_mix):
                column = signatures[:, band * self.rows + offset].astype(np.uint64)
                keys = _finalise(keys ^ (column * multiplier))
            order = np.lexsort((keys, groups))
            keys, band_groups = keys[order], groups[order]
            new = (keys[1:] != keys[:-1]) | (band_groups[1:] != band_groups[:-1])
            starts = np.flatnonzero(np.concatenate(([True], new)))
            ends = np.append(starts[1:], count)
            shared = (ends - starts) > 1
            for start, end in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
                yield sorted(units[order[start:end]].tolist())

    def _link(self, bucket: list[int], forest: _Forest) -> None:
        """Join the components of the units of one bucket that have a verified pair between
        them. Each unit is compared with the bucket's members of each other component until one
        pair verifies, so members already joined are never compared again."""
        members: dict[int, list[int]] = {}  # component root -> its members in this bucket
        for unit in bucket:
            root = forest.find(unit)
            for other in list(members):
                if other == root or other not in members:
                    continue
                if self._verified(unit, members[other]):
                    joined = forest.union(root, other)
                    merged = members.pop(other) + members.pop(root, [])
                    members[joined] = merged
                    root = joined
            members.setdefault(root, []).append(unit)

    def _verified(self, unit: int, others: list[int]) -> bool:
        """Whether ``unit``'s estimated Jaccard index with any of ``others`` is >= threshold."""
        mine = self._signatures[self._unit_row[unit]]
        for start in range(0, len(others), 64):
            rows = [self._unit_row[u] for u in others[start : start + 64]]
            equal = np.count_nonzero(self._signatures[rows] == mine, axis=1)
            if bool((equal >= self._needed).any()):
                return True
        return False

    def _cluster(self, docs: list[int]) -> Cluster:
        """The cluster of these documents: the kept one, the kind and the similarities."""
        kept = min(docs, key=lambda doc: (-self._lengths[doc], self._ids[doc]))
        kept_unit = self._unit_of_doc[kept]
        ordered = sorted(docs, key=self._ids.__getitem__)
        similarities = []
        for doc in ordered:
            unit = self._unit_of_doc[doc]
            if unit == kept_unit:
                similarities.append(1.0)
            else:
                mine = self._signatures[self._unit_row[unit]]
                theirs = self._signatures[self._unit_row[kept_unit]]
                similarities.append(int(np.count_nonzero(mine == theirs)) / self.num_perm)
        kind: Kind = "exact" if all(self._unit_of_doc[d] == kept_unit for d in docs) else "near"
        return Cluster(
            ids=tuple(self._ids[doc] for doc in ordered),
            kept=self._ids[kept],
            kind=kind,
            similarity=min(similarities),
            similarities=tuple(similarities),
        )


class _Forest:
    """Union-find over ``size`` elements, with path halving; the smaller root joins the
    larger, so the roots do not depend on the order of the unions' arguments."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: int, second: int) -> int:
        first, second = self.find(first), self.find(second)
        root, child = min(first, second), max(first, second)
        self.parent[child] = root
        return root


def _pieces(text: str) -> list[tuple[int, int]]:
    """Where to cut the text into pieces of about ``PIECE`` characters: after a space or a line
    break when there is one (a cut inside a word splits it, the same way every time).

    >>> _pieces(""), _pieces("a b")
    ([], [(0, 3)])
    """
    bounds = []
    start, end_of_text = 0, len(text)
    while start < end_of_text:
        end = min(start + PIECE, end_of_text)
        if end < end_of_text:
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            if cut > start:
                end = cut + 1
        bounds.append((start, end))
        start = end
    return bounds


def _scan(piece: str) -> tuple[bytes, npt.NDArray[np.uint64]]:
    """A piece's normalised text, as UTF-32 bytes (for the exact hash), and its words' 64-bit
    hashes, in order.

    The words are those of :func:`normalised_words` (the tests hold the two to each other), found
    without making a string per word: the casefolded piece becomes an array of code points, two
    tables say which are ``\\w`` and ``\\d``, and each run of word characters is hashed as a
    polynomial over its code points, ``sum(c[i] * P**(i - start))`` mod 2**64, read off one
    cumulative sum. The normalised text is every word followed by one space.
    """
    is_word, is_digit = _character_classes()
    points = np.frombuffer(_utf32(piece.casefold()), dtype=np.uint32)
    points = np.where(is_digit[points], np.uint32(ord("0")), points)
    word = is_word[points]
    after_word = np.concatenate(([False], word[:-1]))
    kept = word | after_word  # each word and the first character after it
    normalised = np.where(word, points, np.uint32(ord(" ")))[kept].tobytes()
    if len(word) and word[-1]:
        normalised += _utf32(" ")
    edges = np.flatnonzero(word != after_word)
    starts = edges[0::2]
    ends = np.append(edges[1::2], len(word)) if len(edges) % 2 else edges[1::2]
    if not len(starts):
        return normalised, np.zeros(0, dtype=np.uint64)
    powers, inverses = _powers(len(points))
    values = _finalise(points.astype(np.uint64) + np.uint64(1))
    sums = np.cumsum(values * powers[: len(points)], dtype=np.uint64)
    before = np.where(starts > 0, sums[starts - 1], np.uint64(0))
    return normalised, _finalise((sums[ends - 1] - before) * inverses[starts])


@functools.cache
def _character_classes() -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Which code points ``regex`` matches with ``\\w`` and with ``\\d``: two tables of
    0x110000 booleans (2.2 MB), made once per process (about 0.3 s) from the regex itself."""
    every = "".join(map(chr, range(0x110000)))
    tables = []
    for pattern in (_WORDS, _DIGITS):
        table = np.zeros(0x110000, dtype=np.bool_)
        for match in pattern.finditer(every):
            table[match.start() : match.end()] = True
        tables.append(table)
    return tables[0], tables[1]


_POWERS: list[npt.NDArray[np.uint64]] = []


def _powers(count: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """``P**i`` and ``P**-i`` mod 2**64 for ``i`` below at least ``count`` (``P`` is odd, so it
    has an inverse), grown as longer pieces come and kept for the process."""
    if not _POWERS or len(_POWERS[0]) < count:
        size = max(count, 2 * len(_POWERS[0]) if _POWERS else 1 << 12)
        inverse = pow(_POLYNOMIAL, -1, 1 << 64)
        powers = np.cumprod(np.full(size, _POLYNOMIAL, dtype=np.uint64), dtype=np.uint64)
        inverses = np.cumprod(np.full(size, inverse, dtype=np.uint64), dtype=np.uint64)
        # Shift by one so that index i holds the i-th power, index 0 the 0-th.
        _POWERS[:] = [
            np.concatenate(([np.uint64(1)], powers[:-1])),
            np.concatenate(([np.uint64(1)], inverses[:-1])),
        ]
    return _POWERS[0], _POWERS[1]


def _utf32(text: str) -> bytes:
    return text.encode("utf-32-le", "surrogatepass")
