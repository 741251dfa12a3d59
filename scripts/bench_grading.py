"""Benchmark: our parallel class grading against stock sequential `nbgrader autograde`.

Both grade the same class (the demo class, copied N times) in two separate course folders,
side by side in one run, and the script prints both times and their ratio. Nothing here is
asserted: speed is measured, not tested.

    .venv/bin/python scripts/bench_grading.py [--copies 4] [--chapters 01 06] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nncourse.course import Course
from nncourse.demo import ClassRoom, course_copy, load_class
from nncourse.grading.classroom import default_workers, grade_class
from nncourse.grading.gradebook import register_assignments
from nncourse.runtime import prepare_process


def build_course(course: Course, folder: Path, ids: list[str], copies: int) -> tuple[Course, int]:
    """A copy of the course with the assignments registered and the class handed in
    `copies` times."""
    selected = [c for c in course.chapters() if c.id in ids]
    copy_ = course_copy(course, folder, selected)
    register_assignments(copy_, ids, release_dir=copy_.release)
    students = [s for s in load_class(course) if not s.broken]
    classroom = ClassRoom(course)
    count = 0
    for copy in range(copies):
        for student in students:
            student.id = f"{student.id.rstrip('0123456789')}{copy}"
        count += classroom.hand_in(students, selected, copy_.release, copy_.submitted)
    return copy_, count


def stock_nbgrader(course: Course, ids: list[str]) -> float:
    """`nbgrader autograde <assignment>` for each assignment, run from the course root."""
    nbgrader = Path(sys.executable).with_name("nbgrader")
    started = time.perf_counter()
    for assignment in ids:
        subprocess.run([str(nbgrader), "autograde", assignment, "--force"],
                       cwd=course.root, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of the demo class")
    parser.add_argument("--chapters", nargs="*", default=["01"], help="chapter prefixes")
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    prepare_process()
    course = Course.find()
    ids = [c.id for c in course.select(args.chapters)]
    with tempfile.TemporaryDirectory() as tmp:
        ours, count = build_course(course, Path(tmp) / "ours", ids, args.copies)
        stock, _ = build_course(course, Path(tmp) / "stock", ids, args.copies)
        stock_seconds = stock_nbgrader(stock, ids)
        started = time.perf_counter()
        grade_class(ours, ids, workers=args.workers, progress=False)
        our_seconds = time.perf_counter() - started
    print(f"{count} notebooks ({', '.join(ids)}), {os.cpu_count()} cores")
    print(f"stock sequential nbgrader autograde: {stock_seconds:6.1f} s")
    print(f"nncourse grade, {args.workers} workers:        {our_seconds:6.1f} s")
    print(f"speed-up: {stock_seconds / our_seconds:.2f}x")


if __name__ == "__main__":
    main()
