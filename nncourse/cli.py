"""`nncourse <command>`: the steps behind the Makefile targets, one sub-command each."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build.course import ROOT, Chapter, chapters, companion_notebooks


def _selected(ids: list[str]) -> list[Chapter]:
    every = chapters()
    if not ids:
        return every
    chosen = [c for c in every if any(c.id.startswith(i) for i in ids)]
    if not chosen:
        sys.exit(f"no chapter matches {ids}; chapters: {[c.id for c in every]}")
    return chosen


def cmd_execute(args) -> int:
    """Execute masters (and companion notebooks) in place so their outputs are committed."""
    from tqdm import tqdm

    from .build.execute import execute_notebook

    paths = [Path(p) for p in args.paths] or [c.source for c in chapters()] + companion_notebooks()
    for path in tqdm(paths, desc="execute", unit="nb"):
        execute_notebook(path.resolve())
    return 0


def cmd_release(args) -> int:
    """Generate the student edition with nbgrader."""
    from .build.release import generate_release

    target = Path(args.to) if args.to else ROOT / "release"
    for path in generate_release(target, _selected(args.chapters) if args.chapters else None):
        print(path.relative_to(target.resolve().parent))
    return 0


def cmd_verify(args) -> int:
    """Masters pass every test; student editions pass none and raise only the stub errors."""
    from .build.verify import verify_master, verify_student_edition

    failed = 0
    for chapter in _selected(args.chapters):
        for verdict in (verify_master(chapter.source), verify_student_edition(chapter.release)):
            status = "ok" if verdict.ok else "FAILED"
            print(f"{status:6} {verdict.notebook.relative_to(ROOT)}")
            for problem in verdict.problems:
                print(f"       {problem}")
            failed += not verdict.ok
    return 1 if failed else 0


def cmd_lint(args) -> int:
    """Cell conventions of the masters (grade_ids, locks, points, docstrings, hidden tests)."""
    from .build.lint import lint_course

    problems = lint_course([c.source for c in _selected(args.chapters)])
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in {len(_selected(args.chapters))} chapter(s)")
    return 1 if problems else 0


def cmd_try(args) -> int:
    """Run every catalogued mistake of the chapters against their tests and show the feedback."""
    from .build.catalogue import load_mistakes
    from .build.tryout import ChapterTrial

    bad = 0
    for chapter in _selected(args.chapters):
        with ChapterTrial(chapter) as trial:
            for exercise in trial.exercises():
                result = trial.attempt(exercise, trial.solution(exercise), hidden=True)
                print(f"{'ok' if result.passed else 'FAILED':6} {exercise}: reference solution")
                bad += not result.passed
            for mistake in load_mistakes(chapter.id):
                result = trial.attempt(mistake.exercise, mistake.code,
                                       hidden=mistake.caught_by == "hidden")
                good = not result.passed and mistake.hint in result.output
                bad += not good
                print(f"{'ok' if good else 'FAILED':6} {mistake.key} ({mistake.caught_by})")
                if args.verbose or not good:
                    print("       " + result.output.strip().replace("\n", "\n       "))
    return 1 if bad else 0


def cmd_demo(args) -> int:
    """Build the student edition, hand in the bundled class, grade it, print the scores."""
    from .build.course import SOURCE
    from .grading.demo import fresh_run_folder, hand_in, load_class
    from .grading.gradebook import register_assignments
    from .grading.run import grade_and_report

    run = fresh_run_folder(Path(args.run).resolve())
    selected = _selected(args.chapters)
    ids = [c.id for c in selected]
    print(f"run folder: {run}")
    print(f"1/3 student edition of {len(ids)} chapter(s) -> {run / 'release'} (nbgrader)")
    register_assignments(run, SOURCE, ids, release_dir=run / "release")
    students = load_class()
    count = hand_in(students, selected, run / "release", run / "submitted")
    print(f"2/3 {len(students)} students handed in {count} notebook(s) -> {run / 'submitted'}")
    for student in students:
        print(f"      {student.id:<5} {student.about}")
    print("3/3 autograding with nbgrader")
    outcomes = grade_and_report(run, SOURCE, ids, workers=args.workers)
    return 0 if outcomes else 1


def cmd_grade(args) -> int:
    """Grade every submission under <course>/submitted (nbgrader layout) and report."""
    from .build.course import SOURCE
    from .grading.gradebook import register_assignments
    from .grading.run import grade_and_report

    course = Path(args.course).resolve()
    if not (course / "submitted").is_dir():
        sys.exit(f"{course / 'submitted'} does not exist: collect submissions there first "
                 "(submitted/<student>/<chapter>/<chapter>.ipynb)")
    ids = [c.id for c in _selected(args.chapters)]
    register_assignments(course, SOURCE, ids)
    grade_and_report(course, SOURCE, ids, workers=args.workers, cell_timeout=args.timeout)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nncourse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("execute", help=cmd_execute.__doc__)
    p.add_argument("paths", nargs="*", help="notebooks (default: every master and companion)")
    p.set_defaults(run_command=cmd_execute)

    p = sub.add_parser("release", help=cmd_release.__doc__)
    p.add_argument("chapters", nargs="*", help="chapter ids or prefixes, e.g. 01 (default: all)")
    p.add_argument("--to", help="target folder (default: release/)")
    p.set_defaults(run_command=cmd_release)

    for name, func in (("verify", cmd_verify), ("lint", cmd_lint), ("try", cmd_try)):
        p = sub.add_parser(name, help=func.__doc__)
        p.add_argument("chapters", nargs="*", help="chapter ids or prefixes (default: all)")
        if name == "try":
            p.add_argument("-v", "--verbose", action="store_true", help="show every feedback")
        p.set_defaults(run_command=func)

    p = sub.add_parser("demo", help=cmd_demo.__doc__)
    p.add_argument("chapters", nargs="*", help="chapter ids or prefixes (default: all)")
    p.add_argument("--run", default=str(ROOT / "runs" / "demo"), help="run folder (emptied)")
    p.add_argument("--workers", type=int, help="parallel grading processes")
    p.set_defaults(run_command=cmd_demo)

    p = sub.add_parser("grade", help=cmd_grade.__doc__)
    p.add_argument("chapters", nargs="*", help="chapter ids or prefixes (default: all)")
    p.add_argument("--course", default=str(ROOT), help="course root holding submitted/")
    p.add_argument("--workers", type=int, help="parallel grading processes")
    p.add_argument("--timeout", type=int, help="seconds per cell (default: nbgrader_config.py)")
    p.set_defaults(run_command=cmd_grade)

    args = parser.parse_args(argv)
    return args.run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
