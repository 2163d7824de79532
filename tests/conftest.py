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
