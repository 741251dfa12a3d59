"""Generate the student edition with nbgrader, into release/ or into any folder.

The generation runs in a throw-away course root with no gradebook (`no_database`), so
building the release never touches a real gradebook and can be repeated anywhere, e.g.
by the test that proves the committed release/ is exactly what nbgrader makes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..course import Chapter, Course


class ReleaseError(RuntimeError):
    """nbgrader refused to generate an assignment (bad metadata, broken notebook...)."""


def generate_release(course: Course, target: Path | None = None,
                     only: list[Chapter] | None = None) -> list[Path]:
    """Write the student edition of every chapter (or `only` some) under `target`/<id>/
    (default: the course's release/)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    target = Path(target or course.release).resolve()
    written = []
    with tempfile.TemporaryDirectory(prefix="nncourse-release-") as root:
        config = course.nbgrader_config(
            Path(root),
            CourseDirectory={"source_directory": str(course.source),
                             "release_directory": str(target)},
            GenerateAssignment={"no_database": True},
            SaveCells={"enabled": False},
        )
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        for chapter in only or course.chapters():
            out = target / chapter.id
            if out.exists():
                shutil.rmtree(out)
            result = api.generate_assignment(chapter.id, force=True, create=False)
            if not result["success"]:
                raise ReleaseError(f"{chapter.id}: {result.get('error') or result.get('log')}")
            written.extend(sorted(out.rglob("*")))
    return written
