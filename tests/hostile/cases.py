"""One submission-maker per hostile case, for chapter 01 (2 exercises, 5 points).

Every maker starts from the student edition, puts **wrong** answers in the answer cells
(so any full mark is a false one) and adds its attack. An attack that gets through prints
a line starting with ESCAPED, which the test looks for in every autograded notebook.
Cases whose attack only the trusted verdict (grading/trusted.py) can defeat say
`trusted=True`: they must also be flagged "tampering suspected".
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import nbformat
from nbformat.v4 import new_code_cell

from nncourse.authoring.cells import grade_id, is_answer

#: wrong answers of the right type: a patched comparison would pass them
WRONG = {
    "ex01_neuron_output": "def neuron_output(inputs, weights, bias):\n    return 0.0",
    "ex01_neuron_on_samples":
        "def neuron_on_samples(samples, weights, bias):\n    return [0.0 for _ in samples]",
}

#: finds files by name in every place a kernel might reach (a budget keeps it short)
FINDER = r'''
import os, time
def _find(*tails, budget=3.0):
    """Paths ending with one of `tails` under the folders a kernel can guess."""
    roots = [os.getcwd()]
    for _ in range(6):
        roots.append(os.path.dirname(roots[-1]))
    roots += ["/tmp", "/work", "/root", "/home", "/proc/1/cwd", "/"]
    found, seen, stop = [], set(), time.monotonic() + budget
    for root in roots:
        for folder, dirs, files in os.walk(root):
            if time.monotonic() > stop:
                return found
            dirs[:] = [d for d in dirs if d not in {"proc", "sys", "dev", "usr", ".venv",
                                                    "site-packages", ".git", "node_modules"}]
            for name in files:
                path = os.path.join(folder, name)
                real = os.path.realpath(path)
                if real not in seen and any(path.endswith(t) for t in tails):
                    seen.add(real)
                    found.append(path)
    return found
'''

CHAPTER = "01_single_neuron"
MASTER_TAIL = f"source/{CHAPTER}/{CHAPTER}.ipynb"


@dataclass
class Context:
    """What a maker may need: a port the test listens on, a marker for its processes."""

    port: int
    marker: str
    others: list[str]  # honest students' ids


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    attack: Callable[[nbformat.NotebookNode, Context], object]
    expect: str = "not-full"  # "not-full" | "failed" | "flagged" | "graded"
    reason: str = ""  # a phrase the outcome's reason must contain
    trusted: bool = False  # only the trusted verdict defeats it


def student_edition_with_wrong_answers(release: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        if is_answer(cell):
            cell.source = WRONG[grade_id(cell)]
    return nb


def _first_answer(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if is_answer(c))


def add_cell(nb, code: str, before_answers: bool = False) -> None:
    """A code cell of the student's own, after the first answer cell (or before it)."""
    at = _first_answer(nb) + (0 if before_answers else 1)
    nb.cells.insert(at, new_code_cell(code))


def _code(source: str):
    """An attack that adds one cell of code."""
    def attack(nb, ctx):
        add_cell(nb, source.format(ctx=ctx, finder=FINDER, master=MASTER_TAIL))
    return attack


# --- reading and writing what the kernel must not see ---------------------------------

READ_MASTERS = _code('''{finder}
import json
for path in _find("{master}"):
    try:
        nb = json.load(open(path))
    except OSError:
        continue
    for cell in nb["cells"]:
        if "BEGIN SOLUTION" in "".join(cell["source"]):
            exec("".join(cell["source"]))
    print("ESCAPED: read the master", path)
''')

COPY_SOLUTIONS = _code('''{finder}
import shutil
for path in _find("{master}"):
    try:
        shutil.copy(path, "stolen_master.ipynb")
        text = open(path).read()
    except OSError:
        continue
    print("ESCAPED: copied", path, text[:2000])
''')

READ_GRADEBOOK = _code('''{finder}
import sqlite3
for path in _find("gradebook.db"):
    try:
        rows = sqlite3.connect(path).execute("select * from grade_cells").fetchall()
        print("ESCAPED: read the gradebook", path, len(rows), "rows", rows[:3])
    except Exception as exc:
        print("gradebook not readable:", path, exc)
''')

WRITE_GRADEBOOK = _code('''{finder}
import sqlite3
for path in _find("gradebook.db"):
    try:
        db = sqlite3.connect(path)
        db.execute("update grade set manual_score = 100")
        db.commit()
        print("ESCAPED: wrote the gradebook", path)
    except Exception as exc:
        print("gradebook not writable:", path, exc)
''')

DETACHED_GRADEBOOK_WRITER = _code('''{finder}
import os, sqlite3, time
paths = _find("gradebook.db")
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:  # a grandchild in its own session, detached from the kernel
        time.sleep(4)  # {ctx.marker}: after grading has finished
        for path in paths + _find("gradebook.db"):
            try:
                db = sqlite3.connect(path)
                db.execute("update grade set manual_score = 100")
                db.commit()
            except Exception:
                pass
    os._exit(0)
print("writer detached; gradebooks seen:", paths)
''')

WRITE_OTHER_STUDENT = _code('''{finder}
for path in _find("{chapter}.ipynb"):
    if "/submitted/" in path and "/{ctx.others[0]}/" in path:
        try:
            open(path, "w").write("{{}}")
            print("ESCAPED: overwrote", path)
        except OSError as exc:
            print("not writable:", path, exc)
'''.replace("{chapter}", CHAPTER))

WRITE_MASTERS = _code('''{finder}
for path in _find("{master}"):
    try:
        open(path, "a").write("broken")
        print("ESCAPED: wrote the master", path)
    except OSError as exc:
        print("not writable:", path, exc)
''')

WRITE_CHECKS_PACKAGE = _code('''
import os, nncourse.checks
folder = os.path.dirname(nncourse.checks.__file__)
for name in os.listdir(folder):
    if name.endswith(".py"):
        try:
            with open(os.path.join(folder, name), "a") as f:
                f.write("\\ncheck_function = lambda *a, **k: None\\n")
            print("ESCAPED: poisoned", name)
        except OSError as exc:
            pass
print("package read-only")
''')

PLANT_STARTUP = _code('''
import os, glob
targets = [os.path.expanduser("~/.ipython/profile_default/startup/00-cheat.py"),
           "/root/.ipython/profile_default/startup/00-cheat.py"]
targets += [p + "/sitecustomize.py" for p in glob.glob("/root/.pyenv/versions/*/lib/python3*")]
for target in targets:
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "w").write("import numpy; numpy.allclose = lambda *a, **k: True\\n")
        print("planted (only real if outside the sandbox):", target)
    except OSError:
        pass
''')

READ_ENVIRONMENT = _code('''
import os
leaked = [k for k in os.environ if "SECRET" in k or "TOKEN" in k]
if leaked:
    print("ESCAPED: the grader's environment", leaked)
print(sorted(os.environ))
''')

NETWORK = _code('''
import socket
s = socket.socket()
s.settimeout(2)
try:
    s.connect(("127.0.0.1", {ctx.port}))
    s.sendall(b"ESCAPED")
    print("ESCAPED: connected to the host's 127.0.0.1:{ctx.port}")
except OSError as exc:
    print("no network:", exc)
''')

# --- cheating from inside the kernel: only a trusted verdict defeats these --------------

PATCH_ALLCLOSE = _code('''
import math, numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
math.isclose = lambda *a, **k: True
''')

REPLACE_CHECKS = _code('''
import nncourse.checks, nncourse.checks.core
nncourse.checks.check_function = lambda *a, **k: None
nncourse.checks.core.check_function = lambda *a, **k: None
''')

INPUT_TRANSFORMER = _code('''
def _empty_tests(lines):
    return ["pass\\n"] if "check_function" in "".join(lines) else lines
get_ipython().input_transformers_cleanup.append(_empty_tests)
''')

# --- resources --------------------------------------------------------------------------

ALLOCATE_6GIB = _code('''
import numpy as np
try:
    big = np.ones(6 * 1024**3, dtype=np.uint8)
    print("ESCAPED: allocated", big.nbytes)
except MemoryError as exc:
    print("MemoryError:", exc)
''')

CHILDREN_200 = _code('''
import subprocess, sys
children = []
try:
    for _ in range(200):
        children.append(subprocess.Popen(["sleep", "300"]))  # {ctx.marker}
except OSError as exc:
    print("stopped after", len(children), "children:", exc)
if len(children) == 200:
    print("ESCAPED: 200 children")
''')

DETACHED_CHILDREN = _code('''
import subprocess, sys
for _ in range(3):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)  # {ctx.marker}"],
                     start_new_session=True, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
print("3 detached children started")
''')

FILL_DISK = _code('''
try:
    with open("big.bin", "wb") as f:
        for _ in range(1024):
            f.write(b"x" * 1024 * 1024)
    print("ESCAPED: wrote 1 GiB")
except OSError as exc:
    print("file size capped:", exc)
''')

SIGNAL_EVERYONE = _code('''
import os, signal
for pid in range(2, 5000):
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
print("signalled every pid it could see")
''')

OUTPUT_FLOOD = _code('''
line = "flood " * 20
for _ in range(150_000):
    print(line)
''')


def _exit_kernel(nb, ctx):
    add_cell(nb, "import os\nos._exit(1)")


def _sigint_proof(nb, ctx):
    add_cell(nb, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                 "while True:\n    pass")


def _stderr_warnings(nb, ctx):
    # right answers that warn on every call: nbgrader scores a test cell with stderr 0
    for cell in nb.cells:
        if is_answer(cell) and grade_id(cell) == "ex01_neuron_output":
            cell.source = ("import warnings\n\ndef neuron_output(inputs, weights, bias):\n"
                           "    warnings.warn('a warning on stderr')\n"
                           "    return sum(x * w for x, w in zip(inputs, weights)) + bias")


def _invalid_json(nb, ctx):
    return nbformat.writes(nb)[:-200]


def _renamed_grade_id(nb, ctx):
    for cell in nb.cells:
        if grade_id(cell) == "ex01_neuron_output":
            cell.metadata.nbgrader["grade_id"] = "my_neuron"


def _deleted_answer(nb, ctx):
    nb.cells = [c for c in nb.cells if grade_id(c) != "ex01_neuron_on_samples"]


def _deleted_metadata(nb, ctx):
    for cell in nb.cells:
        if grade_id(cell) == "test_ex01_neuron_output":
            del cell.metadata["nbgrader"]


CASES = [
    Case("readmaster", "reads the masters in source/ and runs their solutions", READ_MASTERS),
    Case("copysol", "copies the master out of source/ into its folder and its output",
         COPY_SOLUTIONS),
    Case("readgb", "reads gradebook.db (every student's scores and the hidden tests)",
         READ_GRADEBOOK),
    Case("writegb", "writes gradebook.db: manual_score = 100", WRITE_GRADEBOOK),
    Case("detachgb", "a detached process edits the gradebook after grading",
         DETACHED_GRADEBOOK_WRITER),
    Case("writeother", "overwrites another student's submitted notebook", WRITE_OTHER_STUDENT),
    Case("writemaster", "appends to the master notebook", WRITE_MASTERS),
    Case("poisonpkg", "rewrites nncourse.checks on disk for every later student",
         WRITE_CHECKS_PACKAGE),
    Case("startup", "plants IPython startup files and sitecustomize for later kernels",
         PLANT_STARTUP),
    Case("environ", "reads the grader's environment variables", READ_ENVIRONMENT),
    Case("network", "connects to a listener on the host's 127.0.0.1", NETWORK),
    Case("allclose", "patches np.allclose / np.isclose / math.isclose to return True",
         PATCH_ALLCLOSE, trusted=True),
    Case("checks", "replaces the functions of nncourse.checks", REPLACE_CHECKS, trusted=True),
    Case("transformer", "an IPython input transformer that empties every test cell",
         INPUT_TRANSFORMER, trusted=True),
    Case("alloc", "allocates 6 GiB", ALLOCATE_6GIB),
    Case("children", "starts 200 child processes", CHILDREN_200),
    Case("detached", "detached children that would outlive grading", DETACHED_CHILDREN),
    Case("disk", "writes a 1 GiB file", FILL_DISK),
    # inside its pid namespace it sees only itself: killing its own threads kills the kernel
    Case("killall", "SIGKILLs every pid it can see", SIGNAL_EVERYONE, expect="failed",
         reason="the kernel died"),
    Case("exit", "os._exit(1) in a cell: the kernel dies", _exit_kernel, expect="failed",
         reason="the kernel died"),
    Case("sigint", "a SIGINT-proof endless loop", _sigint_proof, expect="failed",
         reason="s limit per cell and ignored the interrupt"),
    Case("json", "invalid JSON", _invalid_json, expect="failed", reason="JSON"),
    Case("renamed", "the grade_id of an answer cell renamed", _renamed_grade_id,
         expect="failed", reason="'ex01_neuron_output' is missing"),
    Case("deleted", "an answer cell deleted", _deleted_answer, expect="flagged",
         reason="'ex01_neuron_on_samples' is missing"),
    Case("nometa", "a test cell's nbgrader metadata removed", _deleted_metadata,
         expect="flagged", reason="'test_ex01_neuron_output' is missing"),
    Case("flood", "floods its output (about 18 MB)", OUTPUT_FLOOD),
    Case("stderr", "right answers that warn on stderr at every call", _stderr_warnings,
         expect="graded"),
]


def build(case: Case, release: nbformat.NotebookNode, ctx: Context) -> str:
    """The submitted notebook's text for one case."""
    nb = student_edition_with_wrong_answers(release)
    text = case.attack(nb, ctx)
    return text if isinstance(text, str) else nbformat.writes(nb)
