"""The public API: clean(), Pipeline, list_filters(), presets and the seeds' promises."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import cleaner
from cleaner import ConfigError, Pipeline
from cleaner.filters import FILTERS
from cleaner.pipeline import OPT_IN, PRESETS
from cleaner.registry import Stage

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_table_is_in_canonical_stage_order() -> None:
    """The filter table runs encoding, entities, whitespace, boilerplate, structure."""
    stages = [f.stage for f in FILTERS]
    assert stages == sorted(stages)
    assert set(stages) == set(Stage)


def test_names_unique_and_summaries_one_line() -> None:
    """Every filter has a unique name and a short one-line summary."""
    names = [f.name for f in FILTERS]
    assert len(names) == len(set(names))
    for f in FILTERS:
        assert f.summary and "\n" not in f.summary and len(f.summary) <= 72, f.name


def test_option_names_unique_across_filters() -> None:
    """Options are set by name on a whole pipeline, so no two filters share an option name."""
    seen: dict[str, str] = {}
    for f in FILTERS:
        for option in f.options:
            assert option not in seen, f"{option!r} is used by {seen.get(option)} and {f.name}"
            seen[option] = f.name


def test_every_filter_has_a_docstring_with_examples() -> None:
    """Each filter's docstring shows an example that changes text and one that must not."""
    for f in FILTERS:
        doc = f.func.__doc__ or ""
        assert doc.count(">>> ") >= 2, f"{f.name} needs two doctest examples"


def test_list_filters_is_the_table() -> None:
    """list_filters() returns every registered filter in running order."""
    assert [f.name for f in cleaner.list_filters()] == [f.name for f in FILTERS]


def test_presets_only_name_known_filters() -> None:
    """Presets name known filters, every filter is in a preset or opt-in, minimal is repairs."""
    known = {f.name for f in FILTERS}
    for names in PRESETS.values():
        assert names <= known
    assert known == set().union(*PRESETS.values()) | OPT_IN
    minimal = Pipeline.from_preset("minimal")
    assert {f.stage for f, _ in minimal.steps()} <= {
        Stage.ENCODING,
        Stage.ENTITIES,
        Stage.WHITESPACE,
    }


def test_order_is_canonical_whatever_the_order_given() -> None:
    """A pipeline runs filters in table order, not in the order they were named."""
    assert Pipeline(["whitespace", "mojibake"]).names == ("mojibake", "whitespace")


def test_unknown_filter_names_the_valid_ones() -> None:
    """An unknown filter fails at build time with a one-line message listing the choices."""
    with pytest.raises(ConfigError) as info:
        Pipeline(["mojibake", "no-such-filter"])
    message = str(info.value)
    assert "no-such-filter" in message and "whitespace" in message and "\n" not in message


def test_unknown_option_and_preset_name_the_valid_ones() -> None:
    """Unknown options and presets fail with the valid choices listed."""
    with pytest.raises(ConfigError, match=r"valid options: .*keep_indent"):
        Pipeline.from_preset("default", no_such_option=1)
    with pytest.raises(ConfigError, match="valid presets: minimal, default, page"):
        cleaner.clean("x", preset="nope")


def test_bad_option_value_fails_at_build_time() -> None:
    """A bad option value is caught when the pipeline is built, not on the first text."""
    with pytest.raises(ConfigError, match="form"):
        Pipeline(["normalize"], form="NFD")


def test_pipeline_is_immutable_hashable_and_picklable() -> None:
    """Pipelines cannot be changed in place, compare by value and survive pickling."""
    p = Pipeline.from_preset("minimal", keep_indent=True)
    with pytest.raises(AttributeError):
        p.x = 1  # type: ignore[attr-defined]
    assert p == Pipeline.from_preset("minimal", keep_indent=True)
    assert hash(p) == hash(pickle.loads(pickle.dumps(p)))
    assert pickle.loads(pickle.dumps(p)) == p


def test_composition() -> None:
    """Pipelines combine with |, enable, disable and configure, each giving a new pipeline."""
    p = Pipeline(["mojibake"]) | Pipeline(["whitespace"], keep_indent=True)
    assert p.names == ("mojibake", "whitespace") and p.options == {"keep_indent": True}
    assert p.disable("whitespace") == Pipeline(["mojibake"])
    assert p.enable("entities").names == ("mojibake", "entities", "whitespace")
    assert p.configure(keep_indent=False).options == {"keep_indent": False}
    assert "keep_indent=True" in repr(p)


def test_from_config_and_toml(tmp_path: Path) -> None:
    """A TOML file picks a preset, enables and disables filters and sets options."""
    config = tmp_path / "cleaner.toml"
    config.write_text(
        'preset = "minimal"\ndisable = ["mojibake"]\n[options]\nkeep_indent = true\n',
        encoding="utf-8",
    )
    p = Pipeline.from_toml(config)
    assert p.names == ("normalize", "entities", "markup", "whitespace")
    assert p("  indented\n") == "  indented\n"
    config.write_text('filters = ["whitespace"]\nbogus = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="valid keys"):
        Pipeline.from_toml(config)
    config.write_text("filters = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Pipeline.from_toml(config)


def test_clean_rejects_bytes() -> None:
    """clean() works on str and says so when given bytes."""
    with pytest.raises(TypeError, match="decode"):
        cleaner.clean(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_output_promises(seed: Path) -> None:
    """A cleaned seed has no entity, no known boilerplate, tidy whitespace, and is stable."""
    out = cleaner.clean(seed.read_text(encoding="utf-8"))
    for leftover in (
        "&",
        "rsquo",
        "Leave a",
        "Advertisement",
        "Comments are closed",
        "Read also",
        "Your email",
        "Last Updated",
        "Shutterstock",
        "#",
        "\u00a0",
        "  ",
        " \n",
    ):
        assert leftover not in out, leftover
    assert "\n\n\n" not in out and out.endswith("\n") and not out.endswith("\n\n")
    assert cleaner.clean(out) == out


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_content_paragraphs_kept_word_for_word(seed: Path) -> None:
    """Every long paragraph of a seed survives cleaning word for word."""
    minimal = cleaner.clean(seed.read_text(encoding="utf-8"), preset="minimal")
    out = cleaner.clean(seed.read_text(encoding="utf-8"))
    for block in minimal.split("\n"):
        if len(block.split()) >= 25:
            assert block in out, block[:60]


def test_seed_titles_appear_once() -> None:
    """Titles repeated near the top of a seed come out once."""
    out = cleaner.clean((ROOT / "seeds" / "001_171e1d976bee6cf2.txt").read_text("utf-8"))
    assert out.count("the whole plan to increase the troubles of western countries") == 1
    out = cleaner.clean((ROOT / "seeds" / "004_1357cede347ce29f.txt").read_text("utf-8"))
    assert out.startswith("Institute for the Study of War: Russia builds coalition against")
    assert out.count("Russia builds coalition against the West") == 1


def test_explain_names_the_rule_of_each_removal() -> None:
    """cleaner.explain reports each boilerplate removal with its line number and rule id."""
    seed = (ROOT / "seeds" / "003_2a2836f3f631d1e2.txt").read_text("utf-8")
    removals = cleaner.explain(seed)
    assert removals and all(r.rule.startswith("boilerplate.") for r in removals)
    lines = seed.split("\n")
    assert all(lines[r.line_number - 1] == r.line for r in removals)
    assert "Leave a Reply" in {r.line for r in removals}


def test_readme_examples_run() -> None:
    """The README's interactive examples give what they show."""
    import doctest

    readme = Path(__file__).parents[1] / "README.md"
    failures, tried = doctest.testfile(str(readme), module_relative=False)
    assert tried > 0 and failures == 0
