"""Shared fixtures: the course of this repository, its chapters, and process set-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from nncourse.course import Course
from nncourse.runtime import prepare_process

#: the repository is a course folder; tests find it from their own location
COURSE = Course(Path(__file__).resolve().parents[1])
prepare_process()


def pytest_addoption(parser):
    parser.addoption("--skip-browser", action="store_true",
                     help="skip the browser tests in tests/browser (also NNCOURSE_SKIP_BROWSER=1)")


def pytest_collection_modifyitems(config, items):
    """A run that collects no test must fail, not pass quietly (pytest exits 5 then too)."""
    if not items:
        raise pytest.UsageError("no tests collected")


@pytest.fixture(scope="session")
def course() -> Course:
    return COURSE


@pytest.fixture(scope="session")
def all_chapters():
    found = COURSE.chapters()
    assert found, "no chapter found in source/"
    return found
