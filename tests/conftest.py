"""Hypothesis profiles and the --update-golden option."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# dev: quick local runs. ci: more examples, derandomized so a red run can be replayed exactly.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
# ci-light: the CI profile with the dev profile's count, for the Pythons besides the main one.
settings.register_profile("ci-light", settings.get_profile("ci"), max_examples=60)
# fuzz: the long hunt, never in CI: HYPOTHESIS_FUZZ_EXAMPLES examples for each test (250,000 by
# default, so about 10^6 over the pipeline properties and presets), printed as they fail. Run
# it as the README says (python -m pytest tests/test_guarantees.py -k pipeline).
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "250000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite expected golden files from the current output (read the diff after!)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
