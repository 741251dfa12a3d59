"""Benchmark: our parallel class grading against stock sequential `nbgrader autograde`.

Both grade the same class (the demo class, copied N times) in two separate course folders,
side by side in one run, and the script prints both times and their ratio. Nothing here is
asserted: speed is measured, not tested.

    .venv/bin/python scripts/bench_grading.py [--copies 4] [--chapters 01 06] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nncourse.build.course import ROOT, SOURCE, chapters
from nncourse.grading.classroom import default_workers, grade_class
from nncourse.grading.demo import hand_in, load_class
from nncourse.grading.gradebook import register_assignments


def build_course(folder: Path, ids: list[str], copies: int) -> int:
    """A course folder with the assignments registered and the class handed in `copies` times."""
    register_assignments(folder, SOURCE, ids, release_dir=folder / "release")
    students = [s for s in load_class() if not s.broken]
    selected = [c for c in chapters() if c.id in ids]
    count = 0
    for copy in range(copies):
        for student in students:
            student.id = f"{student.id.rstrip('0123456789')}{copy}"
        count += hand_in(students, selected, folder / "release", folder / "submitted")
    return count


def stock_nbgrader(folder: Path, ids: list[str]) -> float:
    """`nbgrader autograde <assignment>` for each assignment, run from the course root."""
    shutil.copy(ROOT / "nbgrader_config.py", folder / "nbgrader_config.py")
    nbgrader = Path(sys.executable).with_name("nbgrader")
    started = time.perf_counter()
    for assignment in ids:
        subprocess.run([str(nbgrader), "autograde", assignment, "--force",
                        f"--CourseDirectory.source_directory={SOURCE}"],
                       cwd=folder, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of the demo class")
    parser.add_argument("--chapters", nargs="*", default=["01"], help="chapter prefixes")
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    ids = [c.id for c in chapters() if any(c.id.startswith(p) for p in args.chapters)]
    with tempfile.TemporaryDirectory() as tmp:
        ours, stock = Path(tmp) / "ours", Path(tmp) / "stock"
        count = build_course(ours, ids, args.copies)
        build_course(stock, ids, args.copies)
        stock_seconds = stock_nbgrader(stock, ids)
        started = time.perf_counter()
        grade_class(ours, SOURCE, ids, workers=args.workers, progress=False)
        our_seconds = time.perf_counter() - started
    print(f"{count} notebooks ({', '.join(ids)}), {os.cpu_count()} cores")
    print(f"stock sequential nbgrader autograde: {stock_seconds:6.1f} s")
    print(f"nncourse grade, {args.workers} workers:        {our_seconds:6.1f} s")
    print(f"speed-up: {stock_seconds / our_seconds:.2f}x")


if __name__ == "__main__":
    main()
