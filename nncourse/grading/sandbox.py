"""The sandbox every grading kernel runs in (not students' own JupyterLab).

A grading kernel runs the student's code, so it is treated as hostile. It is started as

    prlimit <limits> -- bwrap <namespaces and mounts> -- python -m ipykernel_launcher -f ...

What the kernel sees (everything else of the machine does not exist for it):

    read-only   /usr (without /usr/local), /etc/ld.so.cache, the base interpreter
                (sys.base_prefix), the virtualenv (sys.prefix), the nncourse package folder
                (the test cells import nncourse.checks; never the course root or source/)
    read-write  its working folder (autograded/<student>/<assignment>/ of the task's private
                course: the notebook's own folder; gradebook.db and source/ stay outside),
                the folder with its ZMQ IPC sockets and connection file, a small /tmp and
                $HOME (tmpfs, gone with the sandbox)

Namespaces (bubblewrap): a new user namespace (uid 1000 inside, all capabilities dropped, so
RLIMIT_NPROC holds even when the grader runs as root), pid namespace (every process the
kernel starts, detached or setsid or not, is killed when the kernel ends: its pid 1 is
bwrap's init), network namespace (loopback only: no host listener, no internet; the kernel
talks to the grader over IPC sockets in a bound folder), ipc, uts and cgroup namespaces.
--die-with-parent kills it when the grading worker dies. The environment is cleared: only the
variables below reach the kernel.

Limits (per process, setrlimit via prlimit): address space (numpy and OpenBLAS work with one
BLAS thread), CPU seconds, processes + threads of the sandbox user, file size, open files,
no core dumps. Output sent back over ZMQ is capped per cell by SandboxedExecute, so a flood
cannot fill the grader's memory.

Fail closed: `verify()` proves, before any grading, that a sandboxed Python cannot read a
canary file outside its folder, cannot write outside it and cannot connect to a listener on
the host's 127.0.0.1, and that its limits are in force. Every task checks that its kernels
were really launched through the sandbox (`SandboxedKernelManager.launches`), so an edited
nbgrader_config.py cannot swap the kernel manager back.

Entry points: `Limits`, `Sandbox(workdir, ipc, limits).command(argv)`, `verify(limits)` /
`ensure_available(limits)`, and `nbgrader_overrides(...)` for a task's nbgrader config.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Any as AnyTrait
from traitlets import validate

MiB = 1024 ** 2
GiB = 1024 ** 3

#: Debian packages that provide the commands (scripts/system_packages.sh installs them)
PACKAGES = {"bwrap": "bubblewrap", "prlimit": "util-linux"}

#: the uid and gid the kernel has inside its user namespace
SANDBOX_UID = 1000

#: processes of a sandbox that are not the kernel's: bwrap outside and bwrap's pid 1
CGROUP_EXTRA = 2


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot be applied here: grading must refuse (or run with --no-sandbox)."""


@dataclass(frozen=True)
class Limits:
    """Resource caps of one sandboxed kernel. setrlimit values are per process; processes
    counts every process and thread of the sandbox (its own user namespace)."""

    memory: int = 2 * GiB  # RLIMIT_AS: a 6 GiB array fails with MemoryError
    cpu_seconds: int = 300  # RLIMIT_CPU: then SIGKILL (a SIGINT-proof loop is cut earlier
    #                         by the cell timeout; this catches what outlives it)
    processes: int = 64  # RLIMIT_NPROC: an idle kernel has about 10 threads
    file_size: int = 64 * MiB  # RLIMIT_FSIZE: no single file bigger
    open_files: int = 256  # RLIMIT_NOFILE
    tmp_size: int = 64 * MiB  # size of the tmpfs holding /tmp and $HOME
    output_per_cell: int = 2 * MiB  # bytes of output one cell may send back to the grader

    def prlimit_args(self) -> list[str]:
        return [f"--as={self.memory}", f"--cpu={self.cpu_seconds}",
                f"--nproc={self.processes}", f"--fsize={self.file_size}",
                f"--nofile={self.open_files}", "--core=0"]

    def describe(self) -> str:
        return (f"memory {self.memory // MiB} MiB, CPU {self.cpu_seconds} s, "
                f"{self.processes} processes, files {self.file_size // MiB} MiB, "
                f"output {self.output_per_cell // MiB} MiB per cell")


#: the limits every grading kernel gets unless a caller passes others
DEFAULT_LIMITS = Limits()


def python_environment() -> list[Path]:
    """What a kernel needs to run this Python, read-only: the base interpreter, the
    virtualenv and the nncourse package folder (only that folder, even for an editable
    install inside the course repository)."""
    import nncourse

    paths = [Path(sys.base_prefix), Path(sys.prefix), Path(nncourse.__file__).parent]
    found: list[Path] = []
    for path in paths:
        real = path.resolve()
        if real not in found and not any(real.is_relative_to(p) for p in found):
            found = [p for p in found if not p.is_relative_to(real)] + [real]
    return found


def _matplotlib_font_cache() -> list[Path]:
    """The grader's matplotlib font list, so a sandboxed `import matplotlib` neither spends
    seconds rebuilding it nor says so on stderr. Found as matplotlib.get_cachedir() finds
    it, without importing matplotlib into the grader (0.4 s per worker)."""
    if os.environ.get("MPLCONFIGDIR"):
        folder = Path(os.environ["MPLCONFIGDIR"])
    else:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib"
    return sorted(folder.glob("fontlist-*.json"))


_HOME = "/tmp/home"


@dataclass(frozen=True)
class Sandbox:
    """One sandboxed process: `workdir` (its folder, read-write, its working directory) and
    `ipc` (its sockets and connection file, read-write), under `limits`."""

    workdir: Path
    ipc: Path
    limits: Limits = DEFAULT_LIMITS

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The only environment variables the sandboxed process gets."""
        env = {
            "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/bin:/bin",
            "HOME": _HOME,
            "LANG": "C.UTF-8",
            "TMPDIR": "/tmp",
            "MPLCONFIGDIR": f"{_HOME}/.matplotlib",
            "IPYTHONDIR": f"{_HOME}/.ipython",
            "JUPYTER_RUNTIME_DIR": f"{_HOME}/.jupyter-runtime",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            # the kernel's parent is the sandbox's pid 1: no parent polling, no Ctrl-C note
            "JPY_PARENT_PID": "1",
            # one BLAS/OpenMP thread: less memory under RLIMIT_AS, no thread pool to fork
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "NUMEXPR_NUM_THREADS": "1",
        }
        env.update(extra or {})
        return env

    def command(self, argv: list[str], env: dict[str, str] | None = None,
                cgroup: Path | None = None, cwd: Path | None = None) -> list[str]:
        """`argv` wrapped: a shell that ignores SIGINT (an interrupt meant for the kernel
        must not kill bwrap) and joins `cgroup` (the process cap when the grader is root),
        then bwrap (namespaces and mounts), then prlimit inside the sandbox (the caps)."""
        for tool in ("prlimit", "bwrap"):
            if not shutil.which(tool):
                raise SandboxUnavailable(missing_tools_message())
        work, ipc = Path(self.workdir).resolve(), Path(self.ipc).resolve()
        bwrap = [
            shutil.which("bwrap"), "--unshare-user", "--uid", str(SANDBOX_UID),
            "--gid", str(SANDBOX_UID), "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--hostname", "grading",
            "--die-with-parent", "--cap-drop", "ALL", "--clearenv",
            "--ro-bind", "/usr", "/usr", "--tmpfs", "/usr/local",
            "--dev", "/dev", "--proc", "/proc",
            "--size", str(self.limits.tmp_size), "--tmpfs", "/tmp",
        ]
        for name in ("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"):
            if os.path.islink(name):  # merged /usr (Debian 12): /lib -> usr/lib
                bwrap += ["--symlink", os.readlink(name), name]
            elif os.path.isdir(name):
                bwrap += ["--ro-bind", name, name]
        for name in ("/etc/ld.so.cache", "/etc/localtime"):
            if os.path.exists(name):
                bwrap += ["--ro-bind", name, name]
        for path in python_environment():
            bwrap += ["--ro-bind", str(path), str(path)]
        for font_list in _matplotlib_font_cache():
            bwrap += ["--ro-bind", str(font_list), f"{_HOME}/.matplotlib/{font_list.name}"]
        bwrap += ["--dir", f"{_HOME}/.ipython", "--dir", f"{_HOME}/.jupyter-runtime"]
        bwrap += ["--bind", str(work), str(work)]
        if ipc != work:
            bwrap += ["--bind", str(ipc), str(ipc)]
        where = Path(cwd).resolve() if cwd else work
        if not where.is_relative_to(work):
            raise SandboxUnavailable(f"{where} is outside the sandbox's folder {work}")
        bwrap += ["--chdir", str(where)]
        for key, value in self.environment(env).items():
            bwrap += ["--setenv", key, value]
        # prlimit runs inside: RLIMIT_NPROC then counts the sandbox's own user namespace,
        # not every process the grader's user has on the machine
        limited = ["/usr/bin/prlimit", *self.limits.prlimit_args(), "--", *argv]
        if cgroup is None:
            shell = 'trap "" INT; exec "$@"'
            return ["/bin/sh", "-c", shell, "sandbox", *bwrap, "--", *limited]
        shell = 'trap "" INT; echo $$ > "$0/cgroup.procs" || exit 97; exec "$@"'
        return ["/bin/sh", "-c", shell, str(cgroup), *bwrap, "--", *limited]


# --- the process cap when the grader is root --------------------------------------------
# Linux never applies RLIMIT_NPROC to processes of the global root user, user namespace or
# not (kernel/fork.c: `p->real_cred->user != INIT_USER`; measured: 200 children start under
# --nproc=64). A grader running as root therefore puts each sandbox in a cgroup of its own
# with pids.max, which holds for every user.

def needs_cgroup() -> bool:
    return os.geteuid() == 0


def _pids_hierarchy() -> Path | None:
    """The folder of this process's cgroup in the pids controller (v1 or v2), if any."""
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
        own = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in mounts:
        fields = line.split()
        if len(fields) >= 4 and fields[2] == "cgroup" and "pids" in fields[3].split(","):
            for entry in own:
                _, controllers, path = entry.split(":", 2)
                if "pids" in controllers.split(","):
                    return Path(fields[1]) / path.lstrip("/")
    for line in mounts:
        fields = line.split()
        if len(fields) >= 3 and fields[2] == "cgroup2":
            base = Path(fields[1])
            for entry in own:
                if entry.startswith("0::"):
                    folder = base / entry[3:].lstrip("/")
                    try:
                        if "pids" in (folder / "cgroup.controllers").read_text().split():
                            return folder
                    except OSError:
                        pass
    return None


def make_cgroup(limit: int) -> Path:
    """A fresh cgroup holding at most `limit` processes and threads."""
    hierarchy = _pids_hierarchy()
    if hierarchy is None:
        raise SandboxUnavailable("grading as root needs the cgroup pids controller to cap "
                                 "processes (RLIMIT_NPROC does not apply to root), and this "
                                 "machine has none; grade as another user or --no-sandbox")
    parent = hierarchy / "nncourse"
    try:
        parent.mkdir(exist_ok=True)
        if (hierarchy / "cgroup.subtree_control").exists():  # v2: enable pids below
            (hierarchy / "cgroup.subtree_control").write_text("+pids")
            (parent / "cgroup.subtree_control").write_text("+pids")
        folder = Path(tempfile.mkdtemp(prefix=f"sandbox-{os.getpid()}-", dir=parent))
        (folder / "pids.max").write_text(str(limit))
    except OSError as exc:
        raise SandboxUnavailable(f"cannot create a cgroup to cap processes in {parent}: "
                                 f"{exc}") from None
    return folder


def remove_cgroup(folder: Path | None, wait: float = 2.0) -> None:
    """Remove a sandbox's cgroup once its processes are gone (best effort)."""
    if folder is None:
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)


def sweep_cgroups() -> None:
    """Remove the cgroups that killed workers left behind (those of processes now gone)."""
    hierarchy = _pids_hierarchy()
    if hierarchy is None or not (hierarchy / "nncourse").is_dir():
        return
    for folder in (hierarchy / "nncourse").glob("sandbox-*-*"):
        owner = folder.name.split("-")[1]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            remove_cgroup(folder, wait=0)


def missing_tools_message() -> str:
    missing = [PACKAGES[t] for t in ("bwrap", "prlimit") if not shutil.which(t)]
    return (f"the grading sandbox needs {', '.join(missing)} (commands bwrap and prlimit): "
            "run `make` as root to install it, or `sudo apt-get install "
            f"{' '.join(missing)}`; to grade without a sandbox, pass --no-sandbox")


# --- the kernel manager and the execute preprocessor of a sandboxed task ---------------

class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts every kernel inside `sandbox` and nowhere else.

    The sandbox is set by the task in code (never from nbgrader_config.py). Without one,
    starting a kernel fails: there is no unsandboxed fallback.
    """

    sandbox = AnyTrait(None, allow_none=True).tag(config=True)

    #: kernels this process has launched through a sandbox (a task checks it went up)
    launches = 0
    _lock = threading.Lock()
    _cgroup: Path | None = None

    def _require_sandbox(self) -> Sandbox:
        if not isinstance(self.sandbox, Sandbox):
            raise SandboxUnavailable("SandboxedKernelManager has no sandbox: refusing to start "
                                     "an unsandboxed kernel")
        return self.sandbox

    async def _async_pre_start_kernel(self, **kw):
        sandbox = self._require_sandbox()
        cwd = kw.get("cwd")
        if cwd and not Path(cwd).resolve().is_relative_to(Path(sandbox.workdir).resolve()):
            raise SandboxUnavailable(f"kernel asked to start in {cwd}, outside its sandbox "
                                     f"folder {sandbox.workdir}")
        # the connection file goes where the kernel can read it: the bound IPC folder
        Path(sandbox.ipc).mkdir(parents=True, exist_ok=True)
        if Path(self.connection_file or "/").parent != Path(sandbox.ipc):
            self.connection_file = str(Path(sandbox.ipc) / f"kernel-{os.getpid()}-"
                                       f"{id(self):x}.json")
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The kernel spec's command, wrapped in the sandbox (prlimit + bwrap)."""
        sandbox = self._require_sandbox()
        argv = super().format_kernel_cmd(extra_arguments)
        env = dict(self.kernel_spec.env or {}) if self.kernel_spec else {}
        if needs_cgroup() and self._cgroup is None:
            self._cgroup = make_cgroup(sandbox.limits.processes + CGROUP_EXTRA)
        wrapped = sandbox.command(argv, env=env, cgroup=self._cgroup,
                                  cwd=(self._launch_args or {}).get("cwd"))
        with self._lock:
            type(self).launches += 1
        return wrapped

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        if not restart:
            remove_cgroup(self._cgroup)
            self._cgroup = None

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        # the kernel's own stdout/stderr (not its cell output, which travels over ZMQ) go to
        # a file in the IPC folder, capped by RLIMIT_FSIZE, never to the grader's terminal
        sandbox = self._require_sandbox()
        log = open(Path(sandbox.ipc) / "kernel-output.log", "ab")  # noqa: SIM115
        kw["stdout"] = kw["stderr"] = log
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            log.close()


class SandboxMixin:
    """For an Execute preprocessor: always the SandboxedKernelManager (whatever a config
    file says) and the output a cell sends back capped."""

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxedKernelManager
        super().__init__(*args, **kwargs)
        self._output_bytes: dict[int, int] = {}

    @validate("kernel_manager_class")
    def _only_sandboxed(self, proposal):
        # whatever a config file sets (c.Execute.kernel_manager_class = ...), or sets again
        # when nbconvert reloads the config, the kernel manager stays the sandboxed one
        value = proposal["value"]
        if isinstance(value, type) and issubclass(value, SandboxedKernelManager):
            return value
        return SandboxedKernelManager

    def create_kernel_manager(self):
        self.kernel_manager_class = SandboxedKernelManager
        km = super().create_kernel_manager()
        if not isinstance(km, SandboxedKernelManager):
            raise SandboxUnavailable(f"refusing kernel manager {type(km).__name__}")
        return km

    def output(self, outs, msg, display_id, cell_index):
        limit = self._sandbox_limits().output_per_cell
        content = msg.get("content", {})
        size = len(json.dumps(content, default=str))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if used + size <= limit:
            return super().output(outs, msg, display_id, cell_index)
        if used <= limit:  # the first message over the limit: say so, once
            outs.append(NotebookNode(output_type="stream", name="stderr",
                                     text=f"[output cut: this cell sent more than "
                                          f"{limit // MiB} MiB of output]\n"))
        return None

    def _sandbox_limits(self) -> Limits:
        sandbox = self.config.get("SandboxedKernelManager", {}).get("sandbox")
        return sandbox.limits if isinstance(sandbox, Sandbox) else DEFAULT_LIMITS


class SandboxedExecute(SandboxMixin, Execute):
    """nbgrader's Execute preprocessor, in the sandbox."""


_SANDBOXED: dict[type, type] = {Execute: SandboxedExecute}


def sandboxed(executor: type) -> type:
    """The sandboxed version of an Execute preprocessor class (e.g. the trusted verdict's
    TrustedExecute): the same class with SandboxMixin first."""
    if issubclass(executor, SandboxMixin):
        return executor
    if executor not in _SANDBOXED:
        _SANDBOXED[executor] = type(f"Sandboxed{executor.__name__}", (SandboxMixin, executor),
                                    {"__doc__": f"{executor.__name__}, in the sandbox.",
                                     "__module__": __name__})
    return _SANDBOXED[executor]


def nbgrader_overrides(workdir: Path, ipc: Path, limits: Limits,
                       pipeline: list[type] | None = None) -> dict:
    """Config sections a task applies on top of nbgrader_config.py (they always win) so that
    autograde executes notebooks only in the sandbox. `pipeline` is the autograde
    preprocessor list to use (default: nbgrader's); its Execute steps become sandboxed."""
    from nbgrader.converters import Autograde

    stock = pipeline or Autograde.class_traits()["autograde_preprocessors"].default()
    preprocessors = [sandboxed(p) if isinstance(p, type) and issubclass(p, Execute) else p
                     for p in stock]
    if not any(isinstance(p, type) and issubclass(p, SandboxMixin) for p in preprocessors):
        raise SandboxUnavailable("nbgrader's autograde has no Execute step to sandbox")
    return {
        "Autograde": {"autograde_preprocessors": preprocessors},
        # the most specific section, so that no line of a config file can change these
        "SandboxedKernelManager": {"sandbox": Sandbox(Path(workdir), Path(ipc), limits),
                                   "transport": "ipc", "ip": str(Path(ipc) / "kernel")},
        "KernelManager": {"transport": "ipc", "ip": str(Path(ipc) / "kernel")},
    }


# --- proof that it holds, before grading ------------------------------------------------

_PROBE = r"""
import json, os, resource, socket, sys
canary, outside, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = {}
try:
    seen["read_canary"] = open(canary).read()
except OSError as exc:
    seen["read_canary"] = None
for folder in (outside, sys.prefix):  # the check's own folder; the environment (read-only)
    try:
        with open(os.path.join(folder, "nncourse-escaped"), "w") as f:
            f.write("x")
    except OSError:
        pass
s = socket.socket()
s.settimeout(2)
try:
    s.connect(("127.0.0.1", port))
    seen["connected"] = True
except OSError:
    seen["connected"] = False
seen["limits"] = {name: resource.getrlimit(getattr(resource, name))[1]
                  for name in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_CPU", "RLIMIT_FSIZE")}
children = []
try:
    for _ in range(int(sys.argv[4]) + 8):
        pid = os.fork()
        if pid == 0:
            import time
            time.sleep(3)
            os._exit(0)
        children.append(pid)
except OSError:
    pass
seen["forked"] = len(children)
for pid in children:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
seen["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
seen["uid"] = os.getuid()
open("written-inside", "w").write("ok")
print(json.dumps(seen))
"""


def verify(limits: Limits = DEFAULT_LIMITS) -> None:
    """Run a sandboxed Python that must fail to read a canary file, to write outside its
    folder and to reach a listener on the host's 127.0.0.1, and must see its limits.
    Raises SandboxUnavailable, naming what failed, otherwise returns."""
    if not (shutil.which("bwrap") and shutil.which("prlimit")):
        raise SandboxUnavailable(missing_tools_message())
    with tempfile.TemporaryDirectory(prefix="nncourse-sandbox-check-") as tmp:
        root = Path(tmp).resolve()
        work, ipc = root / "work", root / "ipc"
        work.mkdir()
        ipc.mkdir()
        canary = root / "canary.txt"
        canary.write_text("the gradebook")
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        try:
            cgroup = make_cgroup(limits.processes + CGROUP_EXTRA) if needs_cgroup() else None
            cmd = Sandbox(work, ipc, limits).command(
                [sys.executable, "-c", _PROBE, str(canary), str(root),
                 str(listener.getsockname()[1]), str(limits.processes)], cgroup=cgroup)
            try:
                run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            except subprocess.TimeoutExpired:
                raise SandboxUnavailable("the sandbox check did not finish in 60 s") from None
        finally:
            listener.close()
            remove_cgroup(cgroup if "cgroup" in locals() else None)
        if run.returncode != 0:
            raise SandboxUnavailable(
                "a sandboxed Python did not run (bubblewrap needs unprivileged user "
                "namespaces; grading refuses without --no-sandbox): "
                + (run.stderr.strip().splitlines() or ["no output"])[-1])
        seen = json.loads(run.stdout.strip().splitlines()[-1])
        problems = []
        if seen["read_canary"] is not None:
            problems.append("it read a file outside its folder")
        escaped = [root / "nncourse-escaped", Path(sys.prefix) / "nncourse-escaped"]
        if any(path.exists() for path in escaped):
            for path in escaped:
                path.unlink(missing_ok=True)
            problems.append("it wrote outside its folder")
        if seen["connected"]:
            problems.append("it connected to a listener on the host's 127.0.0.1")
        if not (work / "written-inside").exists():
            problems.append("it could not write its own folder")
        expected = {"RLIMIT_AS": limits.memory, "RLIMIT_NPROC": limits.processes,
                    "RLIMIT_CPU": limits.cpu_seconds, "RLIMIT_FSIZE": limits.file_size}
        for name, value in expected.items():
            if seen["limits"][name] != value:
                problems.append(f"{name} is {seen['limits'][name]}, not {value}")
        if seen["forked"] >= limits.processes:
            problems.append(f"it started {seen['forked']} processes, the cap is "
                            f"{limits.processes}")
        if len(seen["pids"]) > 3:
            problems.append(f"it sees {len(seen['pids'])} processes (no pid namespace)")
        if seen["uid"] != SANDBOX_UID:
            problems.append(f"it runs as uid {seen['uid']}")
        if problems:
            raise SandboxUnavailable("the grading sandbox does not hold: " + "; ".join(problems))


_verified: set[Limits] = set()

#: set by a process that verified the sandbox, for the workers it starts on this machine
_TOKEN = "NNCOURSE_SANDBOX_VERIFIED"


def _token(limits: Limits) -> str:
    """This machine's boot and the limits: a worker on another machine, or after a reboot,
    or with other limits, verifies again."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        boot = "unknown"
    return f"{boot}:{os.uname().nodename}:{limits!r}"


def ensure_available(limits: Limits = DEFAULT_LIMITS) -> None:
    """verify(limits) once per machine and run: a class run checks before grading and tells
    the workers it starts (through their environment); a worker started otherwise, e.g. on
    another machine, checks before its first task."""
    if limits in _verified or os.environ.get(_TOKEN) == _token(limits):
        return
    if needs_cgroup():
        sweep_cgroups()
    verify(limits)
    _verified.add(limits)
    os.environ[_TOKEN] = _token(limits)
