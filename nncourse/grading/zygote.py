"""The zygote: one sandboxed process per grading worker that forks a fresh kernel per
submission, so no kernel pays for starting Python, IPython and NumPy again.

Measured on 2 cores, a cold kernel costs about 0.6 s of CPU to start and the first cells
another 0.3-1.2 s importing NumPy, matplotlib and torch: more than the cells themselves.
The zygote runs inside the worker's bubblewrap sandbox (sandbox.py, with the same limits as
a kernel) and imports all of that once; each submission's kernel is a fork of it that has
run nothing of any student. Before each fork the zygote kills whatever the previous kernel
left running (every process of the sandbox's user but itself) and removes System V IPC
objects, so nothing of one student is there when the next one's kernel starts. The child
then confines itself with Landlock (landlock.py) to its own slot folder and becomes an
ipykernel, exactly as `python -m ipykernel_launcher -f <connection file>` would.

This module is the zygote's side: it runs as `python -P -m nncourse.grading.zygote <slots>`,
reads one JSON request per line on stdin and answers one JSON line on stdout:

    {"op": "spawn", "args": [...], "slot": ..., "cwd": ..., "env": {...}}  -> {"pid": n}
    {"op": "poll", "pid": n}               -> {"returncode": None or the exit status}
    {"op": "signal", "pid": n, "signal": s} -> {}

The grader's side is forked.py. The zygote never holds anything of the grader's (no master,
no gradebook): the sandbox shows it only what a kernel may see.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

#: imported once by the zygote: what kernels and the course's notebooks import first
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "matplotlib_inline.backend_inline",
           "numpy", "matplotlib.pyplot", "nncourse.checks", "torch")

_exited: dict[int, int] = {}


def preload() -> list[str]:
    """Import what every kernel needs; a missing optional module (torch) is skipped."""
    import importlib

    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    loaded = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except ImportError:
            pass
    if "matplotlib.pyplot" in loaded:  # load the font and the Agg renderer once
        import matplotlib.pyplot as plt

        figure = plt.figure(figsize=(1, 1))
        figure.text(0.5, 0.5, "x")
        figure.canvas.draw()
        plt.close(figure)
    return loaded


def sweep() -> None:
    """Kill every process of this sandbox but the zygote (and bwrap's init, which a signal
    from inside its namespace does not reach) and remove System V IPC objects."""
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 2
    me = os.getpid()
    while time.monotonic() < deadline:
        _reap()
        others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
        if not others:
            break
        time.sleep(0.005)
    _remove_sysv_ipc()


def _reap() -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _exited[pid] = _returncode(status)


def _returncode(status: int) -> int:
    """The exit status as subprocess.Popen reports it (minus the signal for a kill)."""
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _remove_sysv_ipc() -> None:
    import ctypes

    libc = ctypes.CDLL(None)
    ipc_rmid = 0
    for kind, remove in (("shm", lambda i: libc.shmctl(i, ipc_rmid, None)),
                         ("msg", lambda i: libc.msgctl(i, ipc_rmid, None)),
                         ("sem", lambda i: libc.semctl(i, 0, ipc_rmid))):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            remove(int(line.split()[1]))


def spawn(args: list[str], slot: str, cwd: str, env: dict[str, str], hidden: str) -> int:
    """Fork a fresh kernel for one submission; the child never returns from here."""
    sweep()
    sys.stdout.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        _become_kernel(args, Path(slot), cwd, env, Path(hidden))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:  # noqa: BLE001 - say why in the kernel's log, then die
        print(f"zygote child: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 - exiting anyway
                pass
        os._exit(code)
    return 0  # unreachable


def _become_kernel(args: list[str], slot: Path, cwd: str, env: dict[str, str],
                   hidden: Path) -> None:
    for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
        signal.signal(number, signal.SIG_DFL if number != signal.SIGINT
                      else signal.default_int_handler)
    null = os.open("/dev/null", os.O_RDONLY)
    log = os.open(slot / "kernel-output.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.closerange(3, 1 << 16)  # the zygote's control pipes stay the zygote's
    sys.stdin = open(0, closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", closefd=False, buffering=1)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False, buffering=1)  # noqa: SIM115
    from nncourse.grading import landlock

    landlock.confine([slot], hidden=hidden)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    _fresh_randomness()
    sys.argv = ["ipykernel_launcher", *args]  # sys.path as the launcher leaves it (-P)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def _fresh_randomness() -> None:
    """A fork shares the zygote's random state: seed NumPy's global generator anew, as a
    fresh interpreter would (Python's random module reseeds itself after a fork)."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def serve(slots: str) -> None:
    control_in = sys.stdin.buffer
    control_out = sys.stdout
    loaded = preload()
    from nncourse.grading import landlock

    control_out.write(json.dumps({"ready": True, "landlock": landlock.abi(),
                                  "loaded": loaded}) + "\n")
    control_out.flush()
    for line in control_in:
        request = json.loads(line)
        op = request.get("op")
        if op == "spawn":
            answer = {"pid": spawn(request["args"], request["slot"], request["cwd"],
                                   request["env"], slots)}
        elif op == "poll":
            answer = {"returncode": poll(int(request["pid"]))}
        elif op == "signal":
            if poll(int(request["pid"])) is None:
                try:
                    os.kill(int(request["pid"]), int(request["signal"]))
                except ProcessLookupError:
                    pass
            answer = {}
        else:
            answer = {"error": f"unknown request {op!r}"}
        control_out.write(json.dumps(answer) + "\n")
        control_out.flush()


def poll(pid: int) -> int | None:
    _reap()
    return _exited.get(pid)


if __name__ == "__main__":
    serve(sys.argv[1])
