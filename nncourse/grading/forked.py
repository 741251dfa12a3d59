"""The grader's side of the zygote (zygote.py): start it, ask it for kernels, and manage
each forked kernel through jupyter_client like any other.

One `Zygote` per grading worker and sandbox limits, started the first time the worker
prepares a kernel ahead of time (warm.py). `ForkedKernelManager` is an AsyncKernelManager
whose provisioner asks the zygote to fork instead of starting a process: nbclient, nbgrader
and the trusted verdict see an ordinary kernel (connection file, IPC sockets, interrupt,
shutdown). Each forked kernel lives in a slot folder of its own under the zygote's slots
folder, the only folder the zygote's sandbox binds; it is used for one submission, then
killed, and the folder is removed.

If the zygote cannot be used (no Landlock ABI 6, it died, it did not answer), the worker
falls back to a cold kernel per submission in a sandbox of its own, as before.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import Any as AnyTrait

from . import landlock
from .sandbox import CGROUP_EXTRA, Limits, Sandbox, make_cgroup, needs_cgroup, remove_cgroup

log = logging.getLogger(__name__)

#: seconds the zygote may take to import what it preloads (torch included)
READY_TIMEOUT = 60


class ZygoteUnavailable(RuntimeError):
    """The zygote cannot serve kernels: the worker starts cold kernels instead."""


class Zygote:
    """A running zygote in its own sandbox, for kernels under `limits`."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.home = _short_folder()
        self.slots = self.home / "slots"  # the zygote's sandbox binds only this folder
        self.slots.mkdir()
        self._lock = threading.Lock()
        self._ready: bool | None = None
        self._cgroup = make_cgroup(limits.processes + CGROUP_EXTRA) if needs_cgroup() else None
        argv = [sys.executable, "-P", "-m", "nncourse.grading.zygote", str(self.slots)]
        command = Sandbox(self.slots, self.slots, limits).command(argv, cgroup=self._cgroup)
        with open(self.home / "zygote.log", "ab") as err:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=err)

    def ready(self) -> bool:
        """Wait (once) for the zygote's imports; False when it cannot confine its kernels."""
        if self._ready is None:
            self._ready = False
            line = self._read_line(READY_TIMEOUT)
            if line:
                hello = json.loads(line)
                self._ready = bool(hello.get("ready")) and \
                    hello.get("landlock", 0) >= landlock.REQUIRED_ABI
                if not self._ready:
                    log.info("zygote unusable (Landlock ABI %s): cold kernels",
                             hello.get("landlock"))
        return self._ready and self.alive()

    def alive(self) -> bool:
        return self._process.poll() is None

    def new_slot(self) -> Path:
        slot = Path(tempfile.mkdtemp(prefix="s", dir=self.slots))
        for name in ("work", "ipc", "home", "tmp"):
            (slot / name).mkdir()
        return slot

    def request(self, **message) -> dict:
        """One request and its answer; ZygoteUnavailable when the zygote is gone."""
        with self._lock:
            if not self.ready():
                raise ZygoteUnavailable("the zygote is not running")
            try:
                self._process.stdin.write((json.dumps(message) + "\n").encode())
                self._process.stdin.flush()
            except OSError as exc:
                raise ZygoteUnavailable(f"the zygote is gone: {exc}") from None
            line = self._read_line(10)
        if not line:
            self.close()
            raise ZygoteUnavailable("the zygote did not answer")
        return json.loads(line)

    def _read_line(self, timeout: float) -> bytes:
        """The next line of the zygote's answers, b'' if none came in `timeout` seconds."""
        import selectors

        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                return b""
        return self._process.stdout.readline()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._process.kill()
            self._process.wait(5)
        remove_cgroup(self._cgroup)
        shutil.rmtree(self.home, ignore_errors=True)


#: a unix socket's path has at most 107 bytes: the slots' sockets need a short folder
_SOCKET_PATH_ROOM = 48


def _short_folder() -> Path:
    """A new folder for a zygote, in the temporary folder if its path leaves room for the
    kernels' IPC socket paths below it, else in /tmp."""
    folder = Path(tempfile.mkdtemp(prefix="nnz-"))
    if len(str(folder)) > _SOCKET_PATH_ROOM:
        folder.rmdir()
        folder = Path(tempfile.mkdtemp(prefix="nnz-", dir="/tmp"))
    return folder


class ForkedProcess:
    """What jupyter_client's LocalProvisioner needs of a Popen, for a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, zygote: Zygote, pid: int):
        self.zygote, self.pid, self.returncode = zygote, pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = self.zygote.request(op="poll", pid=self.pid)["returncode"]
            except ZygoteUnavailable:  # with the zygote gone, its sandbox and kernels are
                self.returncode = -signal.SIGKILL
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, number: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ZygoteUnavailable):
                self.zygote.request(op="signal", pid=self.pid, signal=int(number))

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernel is forked by the zygote into the manager's slot."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        km = self.parent
        if "ipykernel_launcher" not in cmd:
            raise ZygoteUnavailable(f"the zygote forks only ipykernel, not {cmd[:3]}")
        args = cmd[cmd.index("ipykernel_launcher") + 1:]
        slot = Path(km.slot)
        cwd = str(kwargs.get("cwd") or slot / "work")
        if not Path(cwd).resolve().is_relative_to(slot.resolve()):
            raise ZygoteUnavailable(f"kernel asked to start in {cwd}, outside its slot")
        env = Sandbox(slot / "work", slot / "ipc", km.zygote.limits).environment(
            dict(self.kernel_spec.env or {}))
        env.update({"HOME": str(slot / "home"), "TMPDIR": str(slot / "tmp"),
                    "IPYTHONDIR": str(slot / "home" / ".ipython"),
                    "JUPYTER_RUNTIME_DIR": str(slot / "home" / ".jupyter-runtime")})
        answer = km.zygote.request(op="spawn", args=args, slot=str(slot), cwd=cwd, env=env)
        self.process = ForkedProcess(km.zygote, int(answer["pid"]))
        self.pid, self.pgid, self.cwd = self.process.pid, None, cwd
        return self.connection_info


class ForkedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel is a fork of `zygote`, confined to `slot`."""

    zygote = AnyTrait(None, allow_none=True)
    slot = AnyTrait(None, allow_none=True)

    async def _async_pre_start_kernel(self, **kw):
        if not isinstance(self.zygote, Zygote) or self.slot is None:
            raise ZygoteUnavailable("ForkedKernelManager needs a zygote and a slot")
        self.connection_file = str(Path(self.slot) / "ipc" / "kernel.json")
        if self.provisioner is None:
            import uuid

            self.kernel_id = self.kernel_id or str(uuid.uuid4())
            self.provisioner = ForkedProvisioner(kernel_id=self.kernel_id,
                                                 kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


_zygote: Zygote | None = None


def zygote_for(limits: Limits) -> Zygote | None:
    """This worker's zygote for `limits`, started on first use; None if it cannot serve."""
    global _zygote
    if _zygote is not None and (_zygote.limits != limits or not _zygote.alive()):
        _zygote.close()
        _zygote = None
    if _zygote is None:
        try:
            _zygote = Zygote(limits)
        except Exception as exc:  # the sandbox cannot start it: cold kernels then
            log.info("no zygote: %s", exc)
            return None
    return _zygote if _zygote.ready() else None


@atexit.register
def _close() -> None:
    if _zygote is not None:
        _zygote.close()
