"""Golden files: byte-exact input/expected pairs per filter, and whole-pipeline seeds.

Layout (see fixtures/README.md):
  fixtures/<filter>/<case>.in.txt + <case>.out.txt   the filter turns the first into the second
  fixtures/<filter>/<case>.same.txt                   a near-miss the filter must leave unchanged
  fixtures/pipeline/<preset>/<seed>.out.txt           seeds/<seed>.txt through the whole preset
Expected files are rewritten only with ``pytest --update-golden``; read the diff before committing.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner.filters import BY_NAME

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT / "seeds"


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _filter_cases() -> list[tuple[str, Path, Path]]:
    cases = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "pipeline"):
        for source in sorted(folder.glob("*.in.txt")):
            cases.append((folder.name, source, source.with_name(source.name[:-7] + ".out.txt")))
        for same in sorted(folder.glob("*.same.txt")):
            cases.append((folder.name, same, same))
    return cases


def _seed_cases() -> list[tuple[str, Path, Path]]:
    return [
        (preset.name, seed, preset / (seed.stem + ".out.txt"))
        for preset in sorted((FIXTURES / "pipeline").iterdir())
        for seed in sorted(SEEDS.glob("*.txt"))
    ]


def _compare(got: str, expected_path: Path, update: bool) -> None:
    if update and expected_path.suffixes[-2:] == [".out", ".txt"]:
        expected_path.write_bytes(got.encode("utf-8"))
        return
    expected = _read(expected_path)
    if got != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                got.splitlines(keepends=True),
                "expected",
                "got",
            )
        )
        pytest.fail(f"{expected_path.relative_to(ROOT)} differs:\n{diff}\n{got!r}")


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    _filter_cases(),
    ids=[f"{n}/{s.name}" for n, s, _ in _filter_cases()],
)
def test_filter_golden(name: str, source: Path, expected: Path, update_golden: bool) -> None:
    """One filter turns a fixture input into its expected output, byte for byte."""
    assert name in BY_NAME, f"fixtures/{name}/ names no registered filter"
    _compare(BY_NAME[name](_read(source), **_options(source.parent)), expected, update_golden)


def _options(folder: Path) -> dict[str, object]:
    """The options a fixture folder's filter is called with: its ``options.toml``, if any (for
    filters that change nothing unless asked, like ``markdown``)."""
    path = folder / "options.toml"
    return tomllib.loads(_read(path)) if path.exists() else {}


@pytest.mark.parametrize(
    ("preset", "seed", "expected"),
    _seed_cases(),
    ids=[f"{p}/{s.stem}" for p, s, _ in _seed_cases()],
)
def test_seed_golden(preset: str, seed: Path, expected: Path, update_golden: bool) -> None:
    """A seed document comes out of a whole preset exactly as its golden file says."""
    if update_golden and not expected.exists():
        expected.write_bytes(b"")
    _compare(cleaner.clean(_read(seed), preset=preset), expected, update_golden)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seeds_are_byte_exact_copies(seed: Path) -> None:
    """seeds/ holds the shared seeds byte for byte (checked when shared/ is beside the repo)."""
    shared = ROOT.parent / "shared" / "seeds" / seed.name
    if not shared.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    assert seed.read_bytes() == shared.read_bytes()


def test_every_filter_has_fixtures() -> None:
    """Each filter has at least three golden cases and one unchanged near-miss."""
    for name in BY_NAME:
        folder = FIXTURES / name
        goldens = list(folder.glob("*.in.txt"))
        same = list(folder.glob("*.same.txt"))
        assert len(goldens) >= 3, f"fixtures/{name}/ needs at least 3 golden cases"
        assert same, f"fixtures/{name}/ needs at least one near-miss .same.txt"
        for source in goldens:
            expected = source.with_name(source.name[:-7] + ".out.txt")
            assert expected.exists(), f"{source.name} has no .out.txt"
