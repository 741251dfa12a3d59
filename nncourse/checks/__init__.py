"""Feedback for the student cells: compare, probe, name the mistake, point to a section.

Test cells import from here. This package ships to students, so it holds no reference
solutions: expected answers are written out as literals (like visible tests), and a mistake
is named from relations between wrong answers, expected answers and inputs.

How it fits together
--------------------
- exercise.Exercise: the checks of one exercise (`.check(args, expected)`,
  `.check_raises(args, ValueError, must_name=...)`); see its module docstring for the steps.
- run.Trial / run.run: one call of the student's code and everything it did.
- probes: Probe (a fixed diagnostic call), Evidence (all calls' answers), Model (one
  mistake's prediction, named only when several probes confirm it), the generic detectors.
- layers: the probe battery and mistake models of everything that computes x · w + b
  (a neuron, a layer, one sample or several), with a View per exercise's argument layout.
- errors.explain: an exception in the course's terms; failure.Failure / CheckFailed /
  Hint: a failure as data; render: the one layout of every line shown (wrap, ✓ lines);
  sections: the one table of sections a message may cite, never one after the exercise.
- core.check_function / check_raises / check_value: the same by function name, for test
  cells of chapters not yet given Exercise objects (legacy `mistakes=` detectors).
- student: the boundary to the student's objects (they may be stand-ins for a sandboxed
  kernel during grading: touch them only by calling them and through these helpers).

Adding a chapter's checks (chapters/chNN.py)
--------------------------------------------
1. Declare one Exercise per answer cell, with the cell's grade_id: it fixes the chapter.
2. Probes: for x · w + b use `layers.View(...)` and `layers.probes(view)` /
   `layers.detectors(view)`; otherwise write Probe(name, args, expected, about) literals,
   simplest first, each isolating one part of the computation, including pairs that differ
   in one argument only (the generic detector then sees a parameter that is ignored) and
   a whole-numbers probe (truncation).
3. Detectors: prefer probes.Model(key, predict, text, section): predict the wrong answer
   from a trial's expected value and inputs; it is named only when every discriminating
   trial agrees. Keys are the machine-readable mistake names the class report counts.
4. Message parts: `advice={key: sentence}` adds this chapter's fix to a shared hint;
   `error_hints` explain an exception first; `promises` check what the exercise text
   promises beyond the values. Never edit core strings or capture core's output.
5. Catalogue: examples/mistakes/NN_slug.toml, `[[mistake]]` (with the phrase the feedback
   must show, and the `key` it must carry) and `[[alternative]]` entries; `nncourse try NN`.
"""

from .core import check_function, check_raises, check_value
from .diagnose import Case, detector
from .exercise import Exercise
from .failure import AnswerMissing, CheckFailed, Failure, Hint
from .probes import Model, Probe
from .sections import SECTIONS, cite, reread

__all__ = [
    "AnswerMissing",
    "Case",
    "CheckFailed",
    "Exercise",
    "Failure",
    "Hint",
    "Model",
    "Probe",
    "SECTIONS",
    "check_function",
    "check_raises",
    "check_value",
    "cite",
    "detector",
    "reread",
]
