"""Shared fixtures: the course's chapters, and an isolated HOME for Jupyter and matplotlib."""

from __future__ import annotations

import pytest

from nncourse.build.course import chapters


def pytest_collection_modifyitems(config, items):
    """A run that collects no test must fail, not pass quietly (pytest exits 5 then too)."""
    if not items:
        raise pytest.UsageError("no tests collected")


@pytest.fixture(scope="session")
def all_chapters():
    found = chapters()
    assert found, "no chapter found in source/"
    return found
