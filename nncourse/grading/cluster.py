"""Grading beyond one machine, on Dask distributed: the same pure task on Dask workers.

`nncourse grade --dask local` starts a LocalCluster on this machine; `--scheduler
tcp://HOST:8786` sends the tasks to a running Dask scheduler, whose workers may be on other
machines. A task carries everything it needs as bytes (task.GradingJob) and returns bytes
(task.GradingResult): no shared folder is assumed. Only this process writes the gradebook.

On a worker, each task runs as in the local pool: its kernel in the sandbox (the worker's
machine must have bubblewrap; the task proves the sandbox holds there before its first
notebook, and refuses otherwise), a kernel started ahead of time for the worker's next task,
and a wall-clock limit per submission, which the task enforces itself (Dask does not stop
a running task): when time is up, its kernel is killed and the task reports the limit.
"""

from __future__ import annotations

import logging
import threading

from tqdm import tqdm

from ..runtime import prepare_process
from .task import GradingJob, GradingResult, autograde

log = logging.getLogger("nncourse.grading.cluster")
_prepared = False


def connect(target: str, workers: int):
    """A Dask client: 'local' starts a LocalCluster of `workers` single-threaded worker
    processes on this machine; anything else is a scheduler address."""
    from distributed import Client, LocalCluster

    if target == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster)
    return Client(target, timeout="30s")


def grade_on_worker(job: GradingJob, task_timeout: int, level: int) -> GradingResult:
    """task.autograde on a Dask worker, stopped after `task_timeout` seconds."""
    global _prepared
    if not _prepared:
        prepare_process(level)
        _prepared = True
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        _kill_kernels()

    timer = threading.Timer(task_timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        result = autograde(job)
    finally:
        timer.cancel()
    if expired.is_set():
        result = GradingResult(job.assignment, job.student, ok=False, log=result.log,
                               reason=f"grading took longer than {task_timeout} s, the limit "
                                      "per submission (--task-timeout): stopped")
    return result


def _kill_kernels() -> None:
    """Kill the kernels this worker process started (the sandbox takes their children)."""
    import psutil

    for child in psutil.Process().children(recursive=True):
        try:
            command = " ".join(child.cmdline())
            if "ipykernel" in command or "bwrap" in command:
                child.kill()
        except psutil.Error:
            continue


def run_on_dask(jobs: list[GradingJob], client, task_timeout: int,
                progress: bool) -> list[GradingResult]:
    """Every job on the cluster's workers; a task that fails becomes a failed result."""
    from distributed import as_completed

    if not jobs:
        return []
    level = logging.getLogger("nncourse").getEffectiveLevel()
    futures = {client.submit(grade_on_worker, job, task_timeout, level, pure=False,
                             key=f"grade-{job.student}-{job.assignment}"): job
               for job in jobs}
    results = []
    bar = tqdm(total=len(jobs), desc="autograde (dask)", unit="nb", disable=not progress)
    for future in as_completed(futures):
        job = futures[future]
        try:
            results.append(future.result())
        except Exception as exc:  # the worker died more often than Dask retries, say
            reason = f"the Dask task failed: {type(exc).__name__}: {exc}"
            results.append(GradingResult(job.assignment, job.student, ok=False,
                                         reason=reason, log=reason))
        bar.set_postfix_str(f"{job.student}/{job.assignment}", refresh=False)
        bar.update()
    bar.close()
    return results
