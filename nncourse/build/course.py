"""Where things are: the course root, its chapters, and nbgrader's configuration."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
RELEASE = ROOT / "release"
NOTEBOOKS = ROOT / "notebooks"
CONFIG_FILE = ROOT / "nbgrader_config.py"

# nbgrader runs the `alembic` command to create a gradebook: make the tools installed next
# to this Python findable even when the virtualenv was not activated (.venv/bin/nncourse).
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")


@dataclass(frozen=True)
class Chapter:
    """One graded assignment: source/<id>/<id>.ipynb, released as release/<id>/<id>.ipynb."""

    id: str

    @property
    def source(self) -> Path:
        return SOURCE / self.id / f"{self.id}.ipynb"

    @property
    def release(self) -> Path:
        return RELEASE / self.id / f"{self.id}.ipynb"


def chapters() -> list[Chapter]:
    """Every chapter in source/, in course order (folders are numbered NN_slug)."""
    return [Chapter(p.parent.name) for p in sorted(SOURCE.glob("*/*.ipynb"))
            if p.stem == p.parent.name]


def companion_notebooks() -> list[Path]:
    """The ungraded notebooks in notebooks/ (start here, class report)."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def nbgrader_config(root: Path, **overrides: dict) -> Config:
    """nbgrader_config.py with the course root moved to `root`, plus per-section overrides.

    Example: nbgrader_config(tmp, GenerateAssignment={"no_database": True}).
    """
    config = PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()
    config.CourseDirectory.root = str(Path(root).resolve())
    for section, values in overrides.items():
        for key, value in values.items():
            config[section][key] = value
    return config


def quiet_nbgrader() -> None:
    """nbgrader logs every copied file at INFO; a course build wants warnings only.

    nbgrader 0.9.6 also trips SQLAlchemy 2's autoflush warnings on every submission it
    creates; they are about nbgrader's session handling, not our data, so they are hidden.
    """
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)
    for name in ("traitlets", "nbgrader", "NbGraderAPI"):
        logging.getLogger(name).setLevel(logging.WARNING)
