"""JupyterLab for each role: `make lab` for students, `make lab-instructor` for instructors.

Students get a workspace of their own, `runs/student/`, holding only what a student is
given: the student edition (`release/`) and the companion notebooks (`notebooks/`), opened
on the start-here notebook, whose links (`../release/...`) resolve there as in the
repository. The masters in `source/` (solutions, hidden tests), `examples/` and `tests/` are
not in it, so they are not in the file browser. nbgrader's instructor tools (formgrader,
create assignment) and its exchange-based panels are switched off there; the Validate
button stays.

Instructors get the course root, with the formgrader and a course-local exchange folder
(`exchange/`, set in nbgrader_config.py), so the formgrader shows no warning.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

STUDENT_FOLDERS = ("release", "notebooks")
START_HERE = "notebooks/00_start_here.ipynb"
IGNORED = {".ipynb_checkpoints", "__pycache__", ".DS_Store"}

# nbgrader's parts a student has no use for: instructor tools, the assignment and course
# lists, which need an exchange the course does not use for students (they get release/),
# and the Nbgrader menu, which would be empty without them.
INSTRUCTOR_ONLY_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:menu",
)
INSTRUCTOR_ONLY_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
)


def student_workspace(course: Path, target: Path) -> list[Path]:
    """Copy into `target` the student files it does not have yet; returns those copied.

    A file already there is never overwritten: it holds the student's work. A chapter
    added to release/ later is copied in on the next call.
    """
    copied = []
    for folder in STUDENT_FOLDERS:
        for source in sorted((course / folder).rglob("*")):
            relative = source.relative_to(course)
            if source.is_dir() or IGNORED & set(relative.parts):
                continue
            destination = target / relative
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
                copied.append(destination)
    return copied


def student_config(config_dir: Path) -> Path:
    """A Jupyter config folder that switches off nbgrader's instructor parts (see above)."""
    (config_dir / "labconfig").mkdir(parents=True, exist_ok=True)
    page_config = {"disabledExtensions": {name: True for name in INSTRUCTOR_ONLY_PLUGINS}}
    (config_dir / "labconfig" / "page_config.json").write_text(
        json.dumps(page_config, indent=2) + "\n")
    server = {"ServerApp": {"jpserver_extensions": {
        name: False for name in INSTRUCTOR_ONLY_SERVER_EXTENSIONS}}}
    (config_dir / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    return config_dir


def exchange_dir(course: Path) -> Path:
    """The course-local nbgrader exchange named in nbgrader_config.py, created if missing."""
    path = course / "exchange"
    path.mkdir(exist_ok=True)
    return path


def lab_command(root_dir: Path, default_url: str, *extra: str) -> list[str]:
    """The command line of a JupyterLab serving `root_dir` and opening `default_url`."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root_dir}",
               f"--LabApp.default_url={default_url}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Jupyter refuses to start as root unless told
    return command + list(extra)


def student_lab(course: Path) -> tuple[list[str], dict, Path]:
    """(command, environment, working folder) of the students' JupyterLab."""
    runs = course / "runs"
    workspace = runs / "student"
    copied = student_workspace(course, workspace)
    print(f"student workspace: {workspace} ({len(copied)} new file(s) copied in; "
          "files already there are yours and are kept)")
    config = student_config(runs / "lab-config" / "student")
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(config)] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p])
    return lab_command(workspace, f"/lab/tree/{START_HERE}"), env, workspace


def instructor_lab(course: Path) -> tuple[list[str], dict, Path]:
    """(command, environment, working folder) of the instructors' JupyterLab."""
    exchange_dir(course)
    return lab_command(course, "/lab"), dict(os.environ), course


def run(course: Path, instructor: bool = False, extra: tuple[str, ...] = ()) -> None:
    """Replace this process by the JupyterLab of the role (Ctrl+C stops it)."""
    command, env, cwd = (instructor_lab if instructor else student_lab)(course)
    os.chdir(cwd)  # nbgrader reads nbgrader_config.py from the working folder
    os.execve(command[0], command + list(extra), env)
