"""Execute notebooks in place, top to bottom, so their committed outputs are real.

Timing metadata is not recorded (it would leak into the release and make every run a
diff), and each notebook runs in its own folder, as JupyterLab would run it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "python3"


def execute_notebook(path: Path, timeout: int = 300) -> None:
    """Run every cell of `path` in a fresh kernel and write the outputs back; errors raise."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    clean_metadata(nb)
    nbformat.write(nb, path)


def clean_metadata(nb) -> None:
    """Drop per-run noise: execution timings and widget state."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
