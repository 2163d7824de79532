"""Build cleaner/data/hyphen-words.txt.gz: the part of wordfreq that the hyphenation filter asks.

The filter only wants to know whether a word is at least 2.0 or 3.0 on the Zipf scale in its
most favourable language (``_SYLLABLE`` and ``_WORD`` in cleaner/filters/paragraphs.py). So the
file lists every word that reaches 2.0 in one of the languages, with its wordfreq bucket in each
language where it does: that answers every single word exactly, and a word that wordfreq splits
into several tokens ("the東京") too, because such a word is never more common than its rarest token.

Each word is keyed as wordfreq looks it up (NFC, case-folded: the keys of its lists); only words
made of letters, marks and apostrophes are kept, since the filter asks only about runs of letters
(a case-folded letter is letters and marks; "ʼ", a letter, becomes an apostrophe).

    python scripts/build_hyphen_words.py            # rewrite the file
    python scripts/build_hyphen_words.py --check    # exit 1 if the file differs from a rebuild
"""

from __future__ import annotations

import argparse
import gzip
import sys
from importlib.metadata import version
from pathlib import Path

import regex
from wordfreq import get_frequency_list

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.filters._zipf import FILE, LANGUAGES, LOWEST  # noqa: E402

OUTPUT = ROOT / "cleaner" / "data" / FILE

# What a run of letters can become once wordfreq has normalized it.
_KEY = regex.compile(r"[\p{L}\p{M}']+")


def build() -> bytes:
    """The file's text (before gzip): a header, then one line per word, sorted by UTF-8 bytes."""
    buckets: dict[str, dict[int, int]] = {}
    for number, lang in enumerate(LANGUAGES):
        for bucket, words in enumerate(get_frequency_list(lang)):
            if bucket > LOWEST:
                break
            for word in words:
                if _KEY.fullmatch(word):
                    buckets.setdefault(word, {})[number] = bucket
    lines = sorted(
        word.encode("utf-8")
        + b"\t"
        + b"".join(b"%d%03d" % (n, bucket) for n, bucket in sorted(found.items()))
        for word, found in buckets.items()
    )
    header = (
        "# The words the hyphenation filter can ask about and that are at least "
        f"{(900 - LOWEST) / 100} on the Zipf scale in one language.\n"
        "# Built by scripts/build_hyphen_words.py: do not edit.\n"
        f"# wordfreq {version('wordfreq')}\n"
        f"# languages {' '.join(LANGUAGES)}\n"
        "# word<TAB>, then per language: its number in that list and its wordfreq bucket "
        "(centibels below 1, three digits)\n"
    )
    return header.encode("utf-8") + b"\n".join(lines) + b"\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        same = gzip.decompress(OUTPUT.read_bytes()) == data
        print("identical" if same else f"{OUTPUT} differs from a rebuild")
        return 0 if same else 1
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    OUTPUT.write_bytes(packed)
    print(f"wrote {OUTPUT}: {len(packed)} bytes, {len(data)} unpacked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
