"""A course is a folder: the one holding `nbgrader_config.py`, found like nbgrader finds it.

nbgrader reads `nbgrader_config.py` from the current directory. A `Course` is made from
that folder (or an explicit `--course`), and every command takes its paths from it, never
from where this package is installed: a copy of the course in another folder works the
same way.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

CONFIG_NAME = "nbgrader_config.py"


class CourseNotFound(RuntimeError):
    """No nbgrader_config.py where a course was expected, or one that does not load."""


@dataclass(frozen=True)
class Course:
    """The course root and the folders the course keeps there."""

    root: Path

    @classmethod
    def find(cls, start: Path | str | None = None) -> Course:
        """The course holding `start` (default: the current directory).

        Like nbgrader, the folder itself is tried first; like git, its parents next, so a
        command run from `source/06_layer_on_batch/` still finds the course.
        """
        here = Path(start or os.getcwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls(folder)
        raise CourseNotFound(
            f"no {CONFIG_NAME} in {here} or any folder above it: run this from a course "
            "folder or pass --course <folder holding nbgrader_config.py>"
        )

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())

    # --- the folders ------------------------------------------------------------------

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def source(self) -> Path:
        """The masters: source/<id>/<id>.ipynb."""
        return self.root / "source"

    @property
    def release(self) -> Path:
        """The student edition, generated from source/ by nbgrader."""
        return self.root / "release"

    @property
    def notebooks(self) -> Path:
        """Companion notebooks that are not graded (start here)."""
        return self.root / "notebooks"

    @property
    def catalogue(self) -> Path:
        """Wrong answers and correct alternatives per chapter: examples/mistakes/<id>.toml."""
        return self.root / "examples" / "mistakes"

    @property
    def demo_class(self) -> Path:
        return self.root / "examples" / "demo_class.toml"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    # --- what is in them --------------------------------------------------------------

    def chapters(self) -> list[Chapter]:
        """Every chapter in source/, in course order (folders are numbered NN_slug)."""
        return [Chapter(self, p.parent.name) for p in sorted(self.source.glob("*/*.ipynb"))
                if p.stem == p.parent.name]

    def chapter(self, chapter_id: str) -> Chapter:
        return Chapter(self, chapter_id)

    def select(self, prefixes: list[str] | None) -> list[Chapter]:
        """The chapters whose id starts with one of `prefixes` (all of them for none)."""
        every = self.chapters()
        if not prefixes:
            return every
        return [c for c in every if any(c.id.startswith(p) for p in prefixes)]

    def companion_notebooks(self) -> list[Path]:
        return sorted(self.notebooks.glob("*.ipynb"))

    def nbgrader_config(self, root: Path | None = None, **overrides: dict) -> Config:
        """The course's nbgrader_config.py, with the course root moved to `root` when given,
        plus per-section overrides, e.g. nbgrader_config(tmp, Execute={"timeout": 5}).

        A missing or broken file raises CourseNotFound: nothing ever falls back to defaults.
        """
        try:
            config = PyFileConfigLoader(CONFIG_NAME, path=str(self.root)).load_config()
        except ConfigFileNotFound:
            raise CourseNotFound(f"{self.config_file} is missing") from None
        except Exception as exc:
            raise CourseNotFound(f"{self.config_file} does not load: "
                                 f"{type(exc).__name__}: {exc}") from None
        config.CourseDirectory.root = str(Path(root or self.root).resolve())
        # NbGraderAPI resets the shared 'traitlets' logger to its own log_level (INFO) each
        # time one is made: keep the level this process chose (runtime.configure_logging)
        config.NbGraderAPI.log_level = logging.getLogger("traitlets").getEffectiveLevel()
        for section, values in overrides.items():
            for key, value in values.items():
                config[section][key] = value
        return config


@dataclass(frozen=True)
class Chapter:
    """One graded assignment: source/<id>/<id>.ipynb, released as release/<id>/<id>.ipynb."""

    course: Course
    id: str

    @property
    def number(self) -> str:
        return self.id[:2]

    @property
    def source(self) -> Path:
        return self.course.source / self.id / f"{self.id}.ipynb"

    @property
    def release(self) -> Path:
        return self.course.release / self.id / f"{self.id}.ipynb"

    @property
    def catalogue(self) -> Path:
        return self.course.catalogue / f"{self.id}.toml"
