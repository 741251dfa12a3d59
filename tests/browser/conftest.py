"""One JupyterLab server and one headless chromium for every browser scenario (package
fixtures: started before the first scenario, stopped after the last).

The server serves a temporary folder holding
  student/   the student workspace, built exactly as `make lab` builds runs/student/
  course/    a course folder for the instructor (nbgrader_config.py, source/, a small graded
             class), the server's working folder, so the formgrader finds its course there
with HOME and every Jupyter/IPython/matplotlib folder inside it, a free port and a token.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/system_packages.sh; set
NNCOURSE_CHROMIUM to use another). Without it the tests fail and say what to install;
they are skipped only on request: `pytest --skip-browser` or NNCOURSE_SKIP_BROWSER=1.
Screenshots of every step go to runs/browser/ (ignored by git).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from nncourse.demo import ClassRoom, course_copy, load_class
from nncourse.lab import exchange_dir, lab_command, student_workspace

from .labpage import CLASS, CLASS_CHAPTER, COURSE, REPO, close_all_tabs

SHOTS = REPO / "runs" / "browser"
CHROMIUM = os.environ.get("NNCOURSE_CHROMIUM", "/usr/bin/chromium")
# chromium must not try the network on its own (there is none) nor show first-run pages
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps"]
VIEWPORT = {"width": 1280, "height": 800}  # a common laptop screen


def _skip_requested(config) -> bool:
    return config.getoption("--skip-browser") or os.environ.get("NNCOURSE_SKIP_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    ours = [i for i, item in enumerate(items) if here in Path(item.path).parents]
    if not ours:
        return
    # the instructor's scenario after the students': the class is graded meanwhile
    block = sorted((items[i] for i in ours), key=lambda item: "test_instructor" in item.nodeid)
    for i, item in zip(ours, block, strict=True):
        items[i] = item
    if _skip_requested(config):
        skip = pytest.mark.skip(reason="browser tests skipped on request")
        for item in block:
            item.add_marker(skip)


@pytest.fixture(scope="package")
def chromium_path() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"the browser tests need Debian's chromium at {CHROMIUM}, which is missing. "
            "Install it with `sudo apt-get install chromium` (or run "
            "`bash scripts/system_packages.sh` as root), or point NNCOURSE_CHROMIUM at a "
            "chromium binary; to skip these tests instead: NNCOURSE_SKIP_BROWSER=1 or "
            "pytest --skip-browser.", pytrace=False)
    return CHROMIUM


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    student: Path
    course: Path
    grading: subprocess.Popen
    grading_log: Path

    def api(self, method: str, path: str):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for kind in ("sessions", "kernels"):
            for item in self.api("GET", f"/api/{kind}"):
                try:
                    self.api("DELETE", f"/api/{kind}/{item['id']}")
                except urllib.error.HTTPError as error:  # already gone with its session
                    if error.code != 404:
                        raise

    def wait_for_session(self, path: str, timeout: float = 180) -> None:
        """Wait until a kernel session runs for the notebook at `path` (server-relative)."""
        deadline = time.monotonic() + timeout
        while path not in {s["path"] for s in self.api("GET", "/api/sessions")}:
            assert time.monotonic() < deadline, f"no notebook session for {path}"
            time.sleep(0.2)

    def wait_for_grading(self, timeout: float = 600) -> None:
        code = self.grading.wait(timeout=timeout)
        assert code == 0, f"nncourse grade failed:\n{self.grading_log.read_text()[-3000:]}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isolated_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "IPYTHON", "MPL"))}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
               JUPYTER_RUNTIME_DIR=str(home / ".local/share/jupyter/runtime"),
               IPYTHONDIR=str(home / ".ipython"), MPLCONFIGDIR=str(home / ".matplotlib"),
               JUPYTER_PLATFORM_DIRS="1")
    return env


def _lab_settings(home: Path) -> None:
    """No news prompt over the screenshots; a closed notebook takes its kernel with it;
    every cell rendered at once (a notebook opens 2-3 s sooner than with the default
    content-visibility windowing, and every output can be measured)."""
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    for plugin, values in {
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "notebook-extension/tracker": {"kernelShutdown": True, "windowingMode": "none"},
    }.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def _start_grading(course: Path, env: dict, log: Path) -> subprocess.Popen:
    """Hand in a small class for one chapter, then grade it with `nncourse grade`."""
    students = [s for s in load_class(COURSE) if s.id in CLASS]
    ClassRoom(COURSE).hand_in(students, [COURSE.chapter(CLASS_CHAPTER)], COURSE.release,
                              course / "submitted")
    nncourse = Path(sys.executable).with_name("nncourse")
    return subprocess.Popen([str(nncourse), "--course", str(course), "grade", CLASS_CHAPTER,
                             "--workers", "1"],
                            cwd=course, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            # behind the scenarios that a person would be waiting on
                            preexec_fn=lambda: os.nice(10))


@pytest.fixture(scope="package")
def lab(tmp_path_factory, chromium_path):
    root = tmp_path_factory.mktemp("lab")
    home = root / ".home"  # hidden: JupyterLab's file browser does not list it
    home.mkdir()
    student = root / "student"
    student_workspace(REPO, student)
    course = course_copy(COURSE, root / "course").root  # nbgrader_config.py and source/
    exchange_dir(course)  # as `make lab-instructor` does
    env = _isolated_env(home)
    _lab_settings(home)
    grading_log = root / "grading.log"
    grading = _start_grading(course, env, grading_log)

    port, token = _free_port(), secrets.token_hex(16)
    command = lab_command(root, "/lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                          f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                          f"--IdentityProvider.token={token}")
    server_log = root / "server.log"
    server = subprocess.Popen(command, cwd=course, env=env, stdout=server_log.open("w"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    here = Lab(url, token, root, student, course, grading, grading_log)
    deadline = time.monotonic() + 180
    while True:
        try:
            here.api("GET", "/api/status")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start:\n{server_log.read_text()[-3000:]}")
            time.sleep(0.2)
    yield here
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    if grading.poll() is None:
        grading.kill()
        grading.wait()


@pytest.fixture(scope="package")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


@pytest.fixture(scope="package")
def app(browser, lab):
    """One JupyterLab page for all scenarios: it starts once (about 5 s); each scenario then
    opens its notebooks from the File menu, as a person would, and closes them afterwards."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(180_000)  # generous: CI may share the 2 cores
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(f"{lab.url}/lab?reset&token={lab.token}")
    page.locator(".lm-MenuBar-itemLabel", has_text="File").wait_for()
    page.locator("#filebrowser .jp-DirListing-item").first.wait_for()
    yield page
    context.close()


@pytest.fixture
def page(app, lab, request):
    app.errors.clear()
    yield app
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:  # what the page showed when it failed
        name = request.node.name.removeprefix("test_")
        app.screenshot(path=str(SHOTS / f"{name}-FAILED.png"))
    for _ in range(3):  # a dialog left open by a failure
        app.keyboard.press("Escape")
    close_all_tabs(app)
    lab.shut_down_kernels()
    errors = [e for e in app.errors if not _harmless(e)]
    assert not errors, f"JavaScript errors in the page: {errors}"


def _harmless(error: str) -> bool:
    # a kernel shut down while JupyterLab was still asking it for a subshell
    return "Canceled future for" in error


class Shots:
    """Numbered screenshots of one scenario: runs/browser/<scenario>-<NN>-<step>.png."""

    def __init__(self, page, scenario: str):
        self.page, self.scenario, self.count = page, scenario, 0
        self.started = time.monotonic()

    def __call__(self, step: str, **options) -> Path:
        self.count += 1
        path = SHOTS / f"{self.scenario}-{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path), **options)
        print(f"{time.monotonic() - self.started:6.1f} s  {path.name}")  # shown with -s
        return path


@pytest.fixture
def shot(page, request):
    return Shots(page, request.node.name.removeprefix("test_"))
