"""Benchmark: our parallel class grading against stock sequential `nbgrader autograde`,
and the cost of the grading sandbox.

Both grade the same class (the demo class, copied N times) in separate course folders, side
by side in one run, and the script prints both times and their ratio. Then the same class
is graded by nncourse with and without the sandbox (bubblewrap + limits), alternating
`--rounds` times so that a busy machine weighs on both alike, and the script prints the
sandbox's cost per task and on the class's time. Nothing here is asserted: speed is
measured, not tested.

    .venv/bin/python scripts/bench_grading.py [--copies 4] [--chapters 01 06] [--workers 4]
                                              [--rounds 2] [--sandbox-only]
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
from nncourse.grading.sandbox import DEFAULT_LIMITS
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


def ours(course: Course, ids: list[str], workers: int, sandboxed: bool) -> tuple[float, float]:
    """(class seconds, mean seconds per task) of one nncourse grading run."""
    started = time.perf_counter()
    outcomes = grade_class(course, ids, workers=workers, progress=False,
                           sandbox=DEFAULT_LIMITS if sandboxed else None)
    graded = [o.seconds for o in outcomes if o.status in {"graded", "flagged"}]
    return time.perf_counter() - started, sum(graded) / max(1, len(graded))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of the demo class")
    parser.add_argument("--chapters", nargs="*", default=["01"], help="chapter prefixes")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternating runs with and without the sandbox")
    parser.add_argument("--sandbox-only", action="store_true",
                        help="measure only the sandbox's cost (no stock nbgrader run)")
    args = parser.parse_args()
    prepare_process()
    course = Course.find()
    ids = [c.id for c in course.select(args.chapters)]
    with tempfile.TemporaryDirectory() as tmp:
        mine, count = build_course(course, Path(tmp) / "ours", ids, args.copies)
        print(f"{count} notebooks ({', '.join(ids)}), {os.cpu_count()} cores, "
              f"{args.workers} workers")
        if not args.sandbox_only:
            stock, _ = build_course(course, Path(tmp) / "stock", ids, args.copies)
            stock_seconds = stock_nbgrader(stock, ids)
            our_seconds, _ = ours(mine, ids, args.workers, sandboxed=True)
            print(f"stock sequential nbgrader autograde: {stock_seconds:6.1f} s")
            print(f"nncourse grade (sandboxed):          {our_seconds:6.1f} s")
            print(f"speed-up: {stock_seconds / our_seconds:.2f}x")
        runs = {True: [], False: []}
        for round_ in range(args.rounds):
            for sandboxed in (False, True) if round_ % 2 == 0 else (True, False):
                runs[sandboxed].append(ours(mine, ids, args.workers, sandboxed))
    on = [sum(r[i] for r in runs[True]) / len(runs[True]) for i in (0, 1)]
    off = [sum(r[i] for r in runs[False]) / len(runs[False]) for i in (0, 1)]
    print(f"sandbox cost, mean of {args.rounds} alternating run(s) each:")
    print(f"  class time   without {off[0]:6.1f} s   with {on[0]:6.1f} s   "
          f"ratio {on[0] / off[0]:.3f}  ({100 * (on[0] / off[0] - 1):+.1f}%)")
    print(f"  per task     without {off[1]:6.2f} s   with {on[1]:6.2f} s   "
          f"ratio {on[1] / off[1]:.3f}  ({100 * (on[1] / off[1] - 1):+.1f}%)")


if __name__ == "__main__":
    main()
