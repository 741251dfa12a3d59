"""A kernel started ahead of time for a worker's next submission.

A kernel takes about half a second to boot (Python, ipykernel, then NumPy in the first
cell), and a grading task would otherwise wait for it. Launching a kernel returns as soon as
its process exists; it boots by itself. So when a task has run its notebook, it launches the
kernel for the worker's next task (`prepare`) and goes on with the feedback pages while that
kernel boots; the next task adopts it (`take`) instead of starting its own.

Each kernel serves one submission and is shut down with it: never reused across students.
It lives in a folder of its own (its working folder and the folder of its sockets, the only
two its sandbox binds); the task copies the submission's files in before adopting it. A
kernel started for other sandbox limits than the task asks for is shut down, not used.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jupyter_core.utils import run_sync

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
#: what nbgrader's Execute passes to a Python kernel: no history file
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]


@dataclass
class WarmKernel:
    km: object  # a started (Sandboxed)AsyncKernelManager
    folder: Path  # holds work/ (the kernel's working folder) and ipc/
    limits: object  # the sandbox Limits it was started with, None for no sandbox

    @property
    def workdir(self) -> Path:
        return self.folder / "work"


_next: WarmKernel | None = None


def prepare(limits) -> None:
    """Launch the kernel for this process's next task, if none is waiting (best effort)."""
    global _next
    if _next is not None:
        return
    if limits is not None and _prepare_forked(limits):
        return
    folder = Path(tempfile.mkdtemp(prefix="nncourse-warm-"))
    (folder / "work").mkdir()
    (folder / "ipc").mkdir()
    try:
        km = _kernel_manager(folder, limits)
        run_sync(km.start_kernel)(cwd=str(folder / "work"), extra_arguments=KERNEL_ARGUMENTS)
    except Exception:  # no warm kernel then: the next task starts its own, as without this
        shutil.rmtree(folder, ignore_errors=True)
        return
    _next = WarmKernel(km, folder, limits)


def _prepare_forked(limits) -> bool:
    """A kernel forked by this worker's zygote (forked.py), if it can serve one."""
    global _next
    from .forked import ForkedKernelManager, zygote_for

    zygote = zygote_for(limits)
    if zygote is None:
        return False
    slot = zygote.new_slot()
    km = None
    try:
        km = ForkedKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                 ip=str(slot / "ipc" / "kernel"), zygote=zygote, slot=slot)
        run_sync(km.start_kernel)(cwd=str(slot / "work"), extra_arguments=KERNEL_ARGUMENTS)
    except Exception as exc:  # a cold kernel then
        log.warning("no forked kernel (%s: %s): a cold kernel instead", type(exc).__name__, exc)
        if km is not None:
            with contextlib.suppress(Exception):
                run_sync(km.shutdown_kernel)(now=True)
        shutil.rmtree(slot, ignore_errors=True)
        return False
    _next = WarmKernel(km, slot, limits)
    return True


def take(limits) -> WarmKernel | None:
    """The waiting kernel, for a task graded under `limits`; None when there is none (or it
    was started for other limits, in which case it is shut down)."""
    global _next
    warm, _next = _next, None
    if warm is None:
        return None
    if warm.limits != limits or not run_sync(warm.km.is_alive)():
        discard(warm)
        return None
    return warm


def discard(warm: WarmKernel | None) -> None:
    """Shut a kernel down now and remove its folder."""
    if warm is None:
        return
    with contextlib.suppress(Exception):
        run_sync(warm.km.shutdown_kernel)(now=True)
    shutil.rmtree(warm.folder, ignore_errors=True)


def _kernel_manager(folder: Path, limits):
    """A kernel manager like the one a task's Execute step would make, in `folder`."""
    ipc = folder / "ipc"
    if limits is None:
        from jupyter_client.manager import AsyncKernelManager

        return AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                  ip=str(ipc / "kernel"))
    from .sandbox import Sandbox, SandboxedKernelManager

    return SandboxedKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                  ip=str(ipc / "kernel"),
                                  sandbox=Sandbox(folder / "work", ipc, limits))


@atexit.register
def _shutdown_waiting() -> None:
    global _next
    discard(_next)
    _next = None
