"""`nncourse <command>`: the steps behind the Makefile targets, one sub-command each.

Every command works on a course folder: the one holding nbgrader_config.py, found from the
current directory (or its parents), or given with --course.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .course import Chapter, Course, CourseNotFound
from .runtime import prepare_process

log = logging.getLogger("nncourse")


def _chapters(course: Course, prefixes: list[str]) -> list[Chapter]:
    every = course.chapters()
    if not every:
        sys.exit(f"nncourse: no chapter in {course.source} (expected "
                 "source/NN_slug/NN_slug.ipynb)")
    chosen = course.select(prefixes)
    if not chosen:
        sys.exit(f"nncourse: no chapter matches {prefixes}; chapters: {[c.id for c in every]}")
    return chosen


def cmd_execute(course: Course, args) -> int:
    """Execute masters (and companion notebooks) in place so their outputs are committed."""
    from tqdm import tqdm

    from .authoring.execute import execute_notebook

    paths = ([Path(p) for p in args.paths]
             or [c.source for c in course.chapters()] + course.companion_notebooks())
    for path in tqdm(paths, desc="execute", unit="nb"):
        execute_notebook(path.resolve())
    return 0


def cmd_release(course: Course, args) -> int:
    """Generate the student edition with nbgrader."""
    from .authoring.release import generate_release

    target = Path(args.to).resolve() if args.to else course.release
    chosen = _chapters(course, args.chapters)
    for path in generate_release(course, target, chosen):
        print(path.relative_to(target.parent))
    return 0


def cmd_verify(course: Course, args) -> int:
    """Masters pass every test; student editions pass none and raise only the stub errors."""
    from .authoring.verify import verify_master, verify_student_edition

    failed = 0
    for chapter in _chapters(course, args.chapters):
        for verdict in (verify_master(course, chapter.source),
                        verify_student_edition(course, chapter.release)):
            status = "ok" if verdict.ok else "FAILED"
            print(f"{status:6} {verdict.notebook.relative_to(course.root)}")
            for problem in verdict.problems:
                print(f"       {problem}")
            failed += not verdict.ok
    return 1 if failed else 0


def cmd_lint(course: Course, args) -> int:
    """Cell conventions of the masters (nbgrader's metadata schema, then the course's rules)."""
    from .authoring.lint import lint_course

    chosen = _chapters(course, args.chapters)
    problems = lint_course([c.source for c in chosen])
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in {len(chosen)} chapter(s) of {course.root}")
    return 1 if problems else 0


def cmd_try(course: Course, args) -> int:
    """Run every catalogued mistake and alternative of the chapters against their tests."""
    from .authoring.catalogue import load_alternatives, load_mistakes
    from .authoring.tryout import ChapterTrial

    folder = Path(args.catalogue) if args.catalogue else None
    bad = 0
    for chapter in _chapters(course, args.chapters):
        mistakes = load_mistakes(course, chapter.id, folder)
        alternatives = load_alternatives(course, chapter.id, folder)
        with ChapterTrial(chapter) as trial:
            for exercise in trial.exercises():
                counts = {"rejected": 0, "named": 0, "accepted": 0}
                result = trial.attempt(exercise, trial.solution(exercise), hidden=True)
                ok = result.passed and "hint:" not in result.output
                print(f"{'ok' if ok else 'FAILED':6} {exercise}: reference solution")
                bad += not ok
                mine = [m for m in mistakes if m.exercise == exercise]
                for mistake in mine:
                    result = trial.attempt(exercise, mistake.code,
                                           hidden=mistake.caught_by == "hidden")
                    rejected = not result.passed
                    named = rejected and mistake.named_in(result.output, result.failure)
                    counts["rejected"] += rejected
                    counts["named"] += named
                    bad += not named
                    state = "ok" if named else ("UNNAMED" if rejected else "PASSED")
                    print(f"{state:6} {mistake.key} ({mistake.caught_by}) "
                          f"[{result.mistake or '-'}]")
                    if args.verbose or not named:
                        print("       " + result.output.strip().replace("\n", "\n       "))
                alts = [a for a in alternatives if a.exercise == exercise]
                for alternative in alts:
                    result = trial.attempt(exercise, alternative.code, hidden=True)
                    ok = result.passed and "hint:" not in result.output
                    counts["accepted"] += ok
                    bad += not ok
                    print(f"{'ok' if ok else 'FAILED':6} {alternative.key} (alternative)")
                    if not ok:
                        print("       " + result.output.strip().replace("\n", "\n       "))
                print(f"== {exercise}: {counts['rejected']}/{len(mine)} wrong answers rejected, "
                      f"{counts['named']}/{len(mine)} named, {counts['accepted']}/{len(alts)} "
                      "correct alternatives accepted")
    return 1 if bad else 0


def cmd_demo(course: Course, args) -> int:
    """Build the student edition, hand in the bundled class, grade it, print the scores."""
    from .demo import ClassRoom, course_copy, fresh_run_folder, load_class
    from .grading.gradebook import register_assignments

    selected = _chapters(course, args.chapters)
    run = course_copy(course, fresh_run_folder(Path(args.run).resolve()), selected)
    ids = [c.id for c in selected]
    print(f"run folder: {run.root} (a course of its own: nbgrader_config.py and source/)")
    print(f"1/3 student edition of {len(ids)} chapter(s) -> {run.release} (nbgrader)")
    register_assignments(run, ids, release_dir=run.release)
    students = load_class(course)
    count = ClassRoom(course).hand_in(students, selected, run.release, run.submitted)
    print(f"2/3 {len(students)} students handed in {count} notebook(s) -> {run.submitted}")
    for student in students:
        print(f"      {student.id:<5} {student.about}")
    print("3/3 autograding with nbgrader")
    outcomes = _grade(run, ids, args)
    return demo_status(students, outcomes)


def demo_status(students, outcomes) -> int:
    """The demo exits 0 when every outcome is the one examples/demo_class.toml expects (its
    damaged file is expected to fail), 1 otherwise: `make demo` succeeds on the bundled
    class and still fails when grading goes wrong."""
    from .demo import expected_status

    def status(o):
        return "flagged" if o.status == "graded" and o.flags else o.status

    wrong = [o for o in outcomes
             if o.status != "missing" and status(o) != expected_status(students, o)]
    for outcome in wrong:
        print(f"unexpected: {outcome.student}/{outcome.assignment} is {status(outcome)}, the "
              f"class file expects {expected_status(students, outcome)}")
    return 1 if wrong or not outcomes else 0


def _grade(course: Course, ids: list[str], args):
    """grade_and_report with the command line's options; a sandbox that does not hold stops
    here, before anything is graded, unless --no-sandbox was given."""
    from .grading.run import grade_and_report
    from .grading.sandbox import DEFAULT_LIMITS, SandboxUnavailable

    try:
        return grade_and_report(course, ids, workers=args.workers,
                                cell_timeout=getattr(args, "timeout", None),
                                task_timeout=args.task_timeout,
                                sandbox=None if args.no_sandbox else DEFAULT_LIMITS,
                                dask=args.scheduler or args.dask,
                                warm_kernels=not args.cold_kernels)
    except SandboxUnavailable as exc:
        sys.exit(f"nncourse: refusing to grade: {exc}")


def cmd_grade(course: Course, args) -> int:
    """Grade every submission under <course>/submitted (nbgrader layout) and report."""
    from .grading.gradebook import register_assignments

    if not course.submitted.is_dir():
        sys.exit(f"{course.submitted} does not exist: collect submissions there first "
                 "(submitted/<student>/<chapter>/<chapter>.ipynb)")
    ids = [c.id for c in _chapters(course, args.chapters)]
    register_assignments(course, ids)
    outcomes = _grade(course, ids, args)
    # like `nbgrader autograde`: a submission that failed (or was flagged) is an error
    return 1 if any(o.problem for o in outcomes) else 0


def cmd_report(course: Course, args) -> int:
    """Write report.html, the class report, from the course's grading records and gradebook."""
    from .report import write_report
    from .report.data import NothingToReport

    try:
        path = write_report(course)
    except NothingToReport as exc:
        sys.exit(f"nncourse: {exc}")
    print(f"report: {path}")
    return 0


def cmd_lab(course: Course, args) -> int:
    """JupyterLab: the student workspace (runs/student/), or the course with --instructor."""
    from .lab import run

    run(course.root, instructor=args.instructor, extra=tuple(args.jupyter_args))
    return 0


def positive_int(text: str) -> int:
    """argparse type: a whole number > 0 (a negative timeout must not mean 'no timeout')."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, not {value}")
    return value


def _grading_options(p: argparse.ArgumentParser) -> None:
    from .grading.classroom import DEFAULT_TASK_TIMEOUT

    p.add_argument("--workers", type=positive_int, help="parallel grading processes")
    p.add_argument("--task-timeout", type=positive_int, default=DEFAULT_TASK_TIMEOUT,
                   help="seconds one submission may take in all before it is stopped and "
                        f"failed (default: {DEFAULT_TASK_TIMEOUT})")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run student code without the sandbox (bubblewrap): only for a "
                        "machine that cannot sandbox; every outcome then says so")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--dask", choices=["local"],
                       help="grade on Dask distributed: 'local' starts a LocalCluster of "
                            "--workers processes on this machine")
    where.add_argument("--scheduler", metavar="tcp://HOST:8786",
                       help="grade on the workers of a running Dask scheduler")
    p.add_argument("--cold-kernels", action="store_true",
                   help="start each kernel cold when its task starts (default: each "
                        "worker forks the kernel of its next task ahead of time from its "
                        "zygote, a sandboxed Python with the imports done)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nncourse", description=__doc__)
    parser.add_argument("--course", help="course folder holding nbgrader_config.py "
                                         "(default: found from the current directory)")
    parser.add_argument("--log-level", default="WARNING",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"], type=str.upper,
                        help="how much to log (default: WARNING)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("execute", help=cmd_execute.__doc__)
    p.add_argument("paths", nargs="*", help="notebooks (default: every master and companion)")
    p.set_defaults(run_command=cmd_execute)

    p = sub.add_parser("release", help=cmd_release.__doc__)
    p.add_argument("chapters", nargs="*", help="chapter ids or prefixes, e.g. 01 (default: all)")
    p.add_argument("--to", help="target folder (default: the course's release/)")
    p.set_defaults(run_command=cmd_release)

    for name, func in (("verify", cmd_verify), ("lint", cmd_lint), ("try", cmd_try)):
        p = sub.add_parser(name, help=func.__doc__)
        p.add_argument("chapters", nargs="*", help="chapter ids or prefixes (default: all)")
        if name == "try":
            p.add_argument("-v", "--verbose", action="store_true", help="show every feedback")
            p.add_argument("--catalogue", help="folder of NN_slug.toml files to try instead of "
                                               "the course's examples/mistakes (a held-out set)")
        p.set_defaults(run_command=func)

    p = sub.add_parser("demo", help=cmd_demo.__doc__)
    p.add_argument("chapters", nargs="*", help="chapter ids or prefixes (default: all)")
    p.add_argument("--run", default="runs/demo",
                   help="run folder, emptied first (default: runs/demo in the course)")
    _grading_options(p)
    p.set_defaults(run_command=cmd_demo)

    p = sub.add_parser("grade", help=cmd_grade.__doc__,
                       description=cmd_grade.__doc__ + " Exits 1 when a submission failed, "
                       "was flagged, or a folder under submitted/ matches no assignment.")
    p.add_argument("chapters", nargs="*", help="chapter ids or prefixes (default: all)")
    p.add_argument("--timeout", type=positive_int,
                   help="seconds per cell (default: nbgrader_config.py)")
    _grading_options(p)
    p.set_defaults(run_command=cmd_grade)

    p = sub.add_parser("report", help=cmd_report.__doc__)
    p.set_defaults(run_command=cmd_report)

    p = sub.add_parser("lab", help=cmd_lab.__doc__)
    p.add_argument("--instructor", action="store_true",
                   help="serve the whole course with nbgrader's formgrader")
    p.add_argument("jupyter_args", nargs="*", help="passed on to jupyter lab (after --)")
    p.set_defaults(run_command=cmd_lab)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    prepare_process(args.log_level)
    try:
        course = Course(Path(args.course)) if args.course else Course.find()
        if not course.config_file.is_file():
            raise CourseNotFound(f"{course.config_file} does not exist: --course must name "
                                 "the folder holding nbgrader_config.py")
    except CourseNotFound as exc:
        sys.exit(f"nncourse: {exc}")
    if args.command == "demo" and not Path(args.run).is_absolute():
        args.run = str(course.root / args.run)
    log.debug("course %s", course.root)
    return args.run_command(course, args)


if __name__ == "__main__":
    raise SystemExit(main())
