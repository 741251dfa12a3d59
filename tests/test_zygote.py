"""Kernels forked by the zygote: each is confined to its slot, and nothing one kernel leaves
behind (processes, System V IPC, files) is there for the next one, who is another student.

These talk to forked kernels directly (warm.prepare / warm.take, as a grading worker does);
the hostile corpus (test_hostile.py) runs through them too, in a class.
"""

from __future__ import annotations

import json

import pytest

from nncourse.grading import forked, landlock, sandbox, warm
from nncourse.grading.sandbox import SandboxedKernelManager

LIMITS = sandbox.DEFAULT_LIMITS

pytestmark = pytest.mark.skipif(landlock.abi() < landlock.REQUIRED_ABI,
                                reason="this kernel has no Landlock ABI 6: no zygote")


def _run(kernel: warm.WarmKernel, code: str) -> str:
    """What `code` prints in the kernel (stdout), or its error."""
    client = kernel.km.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(code, timeout=60, output_hook=_collect(out := []))
        if reply["content"]["status"] != "ok":
            out.append(f"{reply['content']['ename']}: {reply['content']['evalue']}")
        return "".join(out)
    finally:
        client.stop_channels()


def _collect(out: list[str]):
    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
    return hook


def _forked_kernel() -> warm.WarmKernel:
    warm.prepare(LIMITS)
    kernel = warm.take(LIMITS)
    assert kernel is not None and isinstance(kernel.km, forked.ForkedKernelManager)
    return kernel


PROBE = r"""
import json, os, signal, socket
seen = {}
def attempt(name, action):
    try:
        action()
        seen[name] = True
    except OSError:
        seen[name] = False
attempt("read_other_slot", lambda: open(OTHER + "/work/secret.txt").read())
attempt("list_slots", lambda: os.listdir(os.path.dirname(os.getcwd()) + "/.."))
attempt("write_tmp", lambda: open("/tmp/left-for-the-next", "w").write("x"))
attempt("write_sandbox_home", lambda: open("/tmp/home/left", "w").write("x"))
attempt("write_own_folder", lambda: open("mine.txt", "w").write("x"))
attempt("signal_zygote", lambda: os.kill(os.getppid(), signal.SIGTERM))
attempt("tcp_bind", lambda: socket.socket().bind(("127.0.0.1", 0)))
seen["environment"] = sorted(os.environ)
print(json.dumps(seen))
"""


def test_a_forked_kernel_reads_and_writes_only_its_own_slot():
    kernel = _forked_kernel()
    zygote = forked.zygote_for(LIMITS)
    other = zygote.new_slot()
    (other / "work" / "secret.txt").write_text("another student's work")
    try:
        seen = json.loads(_run(kernel, f"OTHER = {str(other)!r}\n{PROBE}"))
    finally:
        warm.discard(kernel)
    assert seen["write_own_folder"] is True
    for attack in ("read_other_slot", "list_slots", "write_tmp", "write_sandbox_home",
                   "signal_zygote", "tcp_bind"):
        assert seen[attack] is False, attack
    assert "NNCOURSE_SANDBOX_VERIFIED" not in seen["environment"]
    assert zygote.alive()


LEAVE_BEHIND = r"""
import ctypes, os, subprocess, sys
libc = ctypes.CDLL(None)
libc.shmget(0x5eed, 4096, 0o1666)  # IPC_CREAT | 0666: a segment the next kernel could map
libc.msgget(0x5eed, 0o1666)
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                 start_new_session=True)
if os.fork() == 0:  # a double fork: reparented to the sandbox's init
    os.setsid()
    import time
    time.sleep(600)
import numpy as np
print(int(np.random.randint(1 << 30)))
"""

LOOK_AROUND = r"""
import json, os
import numpy as np
pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
others = [p for p in pids if p not in (1, os.getppid(), os.getpid())]
ipc = [open(f"/proc/sysvipc/{kind}").read().splitlines()[1:] for kind in ("shm", "msg")]
print(json.dumps({"others": others, "ipc": ipc, "draw": int(np.random.randint(1 << 30))}))
"""


def test_nothing_one_kernel_leaves_reaches_the_next():
    first = _forked_kernel()
    try:
        first_draw = int(_run(first, LEAVE_BEHIND).split()[-1])
    finally:
        warm.discard(first)
    second = _forked_kernel()
    try:
        seen = json.loads(_run(second, LOOK_AROUND))
    finally:
        warm.discard(second)
    assert seen["others"] == []  # no process of the first kernel is left
    assert seen["ipc"] == [[], []]  # nor its shared memory segment or message queue
    assert seen["draw"] != first_draw  # its own random state, not the zygote's copy


def test_without_landlock_the_worker_falls_back_to_cold_kernels(monkeypatch):
    warm.discard(warm.take(LIMITS))
    monkeypatch.setattr(forked, "zygote_for", lambda limits: None)
    warm.prepare(LIMITS)
    kernel = warm.take(LIMITS)
    try:
        assert isinstance(kernel.km, SandboxedKernelManager)
        assert _run(kernel, "print(6 * 7)").strip() == "42"
    finally:
        warm.discard(kernel)


def test_a_zygote_without_landlock_abi_6_is_not_used(monkeypatch):
    monkeypatch.setattr(landlock, "REQUIRED_ABI", 99)
    zygote = forked.Zygote(LIMITS)
    try:
        assert zygote.ready() is False
    finally:
        zygote.close()
