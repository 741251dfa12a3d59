"""Process-wide set-up, done once by whoever owns the process: the CLI, a grading worker, the
test session. Importing nncourse changes nothing; these functions do, when called.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

#: loggers of nbgrader and traitlets: at INFO they list every file nbgrader copies
NBGRADER_LOGGERS = ("traitlets", "nbgrader", "NbGraderAPI")
#: Dask's: at INFO they narrate every worker's start and stop
DASK_LOGGERS = ("distributed", "tornado")


def configure_logging(level: str | int = "WARNING") -> None:
    """Our log lines at `level`. nbgrader's go to the console only at INFO or DEBUG: below
    that they are kept in each task's own log (nbgrader's API captures them), not printed
    in the middle of a progress bar.

    nbgrader 0.9.6 also trips SQLAlchemy 2's autoflush warnings on every submission it
    creates; they are about nbgrader's session handling, not our data, so they are hidden.
    """
    from sqlalchemy.exc import SAWarning

    numeric = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}")
    logging.basicConfig(level=numeric, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("nncourse").setLevel(numeric)
    for name in NBGRADER_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(min(numeric, logging.WARNING))
        logger.propagate = numeric <= logging.INFO
    for name in DASK_LOGGERS:
        logging.getLogger(name).setLevel(numeric if numeric <= logging.DEBUG
                                         else max(numeric, logging.WARNING))
    warnings.filterwarnings("ignore", category=SAWarning)


def tools_on_path() -> None:
    """nbgrader runs the `alembic` command when it creates a gradebook: make the tools
    installed next to this Python findable even when the virtualenv is not activated."""
    here = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if here not in path.split(os.pathsep):
        os.environ["PATH"] = here + os.pathsep + path


def prepare_process(level: str | int = "WARNING") -> None:
    """Everything a process that runs nbgrader needs, once: logging and tools."""
    configure_logging(level)
    tools_on_path()
