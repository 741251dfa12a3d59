"""Benchmark: class grading, side by side with stock nbgrader and with the cold-kernel floor.

One class (the demo class, its honest students copied --copies times) is handed in for every
chapter, in separate course folders, and graded in one run by:

- stock nbgrader, sequentially: `nbgrader autograde <chapter>` then `nbgrader
  generate_feedback <chapter>` for each chapter (the same work as ours: scores and pages);
- nncourse grade, as `make grade` runs it: sandboxed, the trusted verdict, feedback pages,
  --workers processes, kernels started ahead of time;
- the floor: nbclient alone executing the very notebooks stock nbgrader executed (its
  autograded notebooks), each in a new kernel, on the same number of processes: no
  nbgrader, no sandbox, no feedback, nothing recorded.

Then, unless --quick, nncourse again without the sandbox and with cold kernels, to show
what each costs. It prints every time and the ratios. Nothing is asserted: speed is
measured, not tested.

    .venv/bin/python scripts/bench_grading.py [--copies 2] [--chapters 01 06] [--workers 4]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from nncourse.course import Course
from nncourse.demo import ClassRoom, course_copy, load_class
from nncourse.grading.classroom import default_workers, grade_class
from nncourse.grading.gradebook import register_assignments
from nncourse.grading.sandbox import DEFAULT_LIMITS
from nncourse.runtime import prepare_process


def build_course(course: Course, folder: Path, ids: list[str], copies: int) -> tuple[Course, int]:
    """A copy of the course with the assignments registered and the class handed in
    `copies` times (the demo class's honest students: no damaged file)."""
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
    """`nbgrader autograde` + `nbgrader generate_feedback` per assignment, from the root."""
    nbgrader = Path(sys.executable).with_name("nbgrader")
    started = time.perf_counter()
    for assignment in ids:
        for step in ("autograde", "generate_feedback"):
            subprocess.run([str(nbgrader), step, assignment, "--force"],
                           cwd=course.root, check=True, capture_output=True)
    return time.perf_counter() - started


def ours(course: Course, ids: list[str], workers: int, **options) -> float:
    started = time.perf_counter()
    grade_class(course, ids, workers=workers, progress=False, **options)
    return time.perf_counter() - started


def _execute(path: str) -> None:
    """One notebook, top to bottom, in a new kernel (nbclient alone)."""
    import nbformat
    from nbclient import NotebookClient

    # the kernels inherit this worker's stderr: keep their notices about TCP off the bench's
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()


def floor(notebooks: list[Path], workers: int) -> float:
    """nbclient executing `notebooks` with cold kernels on `workers` processes."""
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(_execute, [str(p) for p in notebooks]))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2, help="copies of the demo class")
    parser.add_argument("--chapters", nargs="*", default=[], help="chapter prefixes (all)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--quick", action="store_true",
                        help="skip the runs without the sandbox and with cold kernels")
    args = parser.parse_args()
    prepare_process()
    course = Course.find()
    ids = [c.id for c in course.select(args.chapters)]
    with tempfile.TemporaryDirectory() as tmp:
        stock, count = build_course(course, Path(tmp) / "stock", ids, args.copies)
        mine, _ = build_course(course, Path(tmp) / "ours", ids, args.copies)
        print(f"{count} notebooks ({len(ids)} chapters), {os.cpu_count()} cores, "
              f"{args.workers} worker processes", flush=True)
        times = {"stock": stock_nbgrader(stock, ids)}
        print(f"stock nbgrader autograde + generate_feedback, sequential: "
              f"{times['stock']:6.1f} s", flush=True)
        times["ours"] = ours(mine, ids, args.workers)
        print(f"nncourse grade (sandbox, trusted verdict, feedback):      "
              f"{times['ours']:6.1f} s", flush=True)
        notebooks = sorted((stock.root / "autograded").glob("*/*/*.ipynb"))
        times["floor"] = floor(notebooks, args.workers)
        print(f"floor: nbclient alone, cold kernels, {args.workers} processes:        "
              f"{times['floor']:6.1f} s", flush=True)
        if not args.quick:
            times["no sandbox"] = ours(mine, ids, args.workers, sandbox=None)
            print(f"nncourse grade --no-sandbox:                              "
                  f"{times['no sandbox']:6.1f} s", flush=True)
            times["cold"] = ours(mine, ids, args.workers, warm_kernels=False,
                                 sandbox=DEFAULT_LIMITS)
            print(f"nncourse grade --cold-kernels:                            "
                  f"{times['cold']:6.1f} s", flush=True)
    print(f"speed-up over stock nbgrader (the same work): {times['stock'] / times['ours']:.2f}x")
    print(f"ours / the cold-kernel floor:                 {times['ours'] / times['floor']:.2f}x")
    if "no sandbox" in times:
        print(f"the sandbox's cost on the class time:         "
              f"{100 * (times['ours'] / times['no sandbox'] - 1):+.1f}%")
        print(f"kernels started ahead of time save:           "
              f"{100 * (1 - times['ours'] / times['cold']):.1f}% (against cold kernels)")


if __name__ == "__main__":
    main()
