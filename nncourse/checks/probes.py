"""Probe, then name: small diagnostic calls, and the detectors that read their answers.

When an answer is wrong, the check calls the student's function again on an exercise's
probes: small fixed inputs, each built to isolate one part of the computation (all inputs
0, so a neuron must give its bias alone; one input 1 and the others 0, so the output shows
one weight; whole numbers only, so nothing can be lost to truncation; ...). Their expected
answers are written out as literals, like visible tests: no reference code ships.

Detectors read the pattern of answers in an Evidence (the test's own call, "main", and
every probe) and return a Hint, or None. The rule they follow is *evidence before a name*:

- a Model predicts what one mistake gives, from each trial's expected answer and inputs
  only ("the expected values minus the biases" = the bias is missing); it names the mistake
  only when the student's answers equal its predictions on every trial where the
  prediction differs from the right answer, and on at least two of them;
- the generic detectors below (a parameter that changes nothing, whole numbers where
  fractions are due, rounding, a constant factor) also need two trials that agree;
- when nothing is confirmed, `neutral` states what differs on the simplest probe that
  shows it, and names nothing.

A detector that raises is ignored (a hint must never break a check).
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .code_text import (
    mutable_defaults,
    number_as_second_argument,
    python_loops,
    slices_off_an_end,
)
from .describe import describe, fmt_number
from .failure import Hint
from .globals_read import methods_called, parameters_read, read_for_size_only
from .run import Trial, same_value
from .student import source_text, type_name

if TYPE_CHECKING:  # pragma: no cover
    from .exercise import Exercise


@dataclass(frozen=True)
class Probe:
    """A fixed diagnostic call: its arguments, its expected answer, what it isolates."""

    name: str
    args: dict
    expected: Any
    about: str = ""  # shown after the call: "all inputs 0: a neuron gives its bias alone"
    whole: bool = False  # whole numbers only, in the call and in the answer


class Evidence:
    """The test's own call and the probes' answers, with the comparisons detectors need."""

    def __init__(self, exercise: Exercise, main: Trial, probes: list[Trial], source=None):
        self.exercise = exercise
        self.main = main
        self.probes = probes
        self.source = source  # the student's own function, for what its code reads

    @functools.cached_property
    def code(self) -> str | None:
        """The text of the student's function and its helpers (student.source_text), read
        once for every detector that looks at the code; None when it is not known."""
        return source_text(self.source) if self.source is not None else None

    def trials(self) -> list[Trial]:
        return [self.main, *self.probes]

    def get(self, name: str) -> Trial | None:
        return next((t for t in self.trials() if t.name == name), None)

    def __getitem__(self, name: str) -> Trial:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    # --- values as arrays ---------------------------------------------------------------

    def got(self, trial: Trial) -> np.ndarray | None:
        """What the trial returned, as a float array (None: an error or not numbers)."""
        if not trial.returned or trial.got is None:
            return None
        return self.exercise.as_array(trial.got)

    def expected(self, trial: Trial) -> np.ndarray | None:
        return self.exercise.as_array(trial.expected)

    def close(self, a, b) -> bool:
        if a is None or b is None:
            return False
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        ex = self.exercise
        return a.shape == b.shape and bool(np.allclose(a, b, atol=ex.atol, rtol=ex.rtol))

    def right(self, trial: Trial) -> bool:
        """The trial's values are right (whatever their container)."""
        if not trial.returned:
            return False
        if self.exercise.returns == "tuple":
            return same_value(trial.got, trial.expected)
        return self.close(self.got(trial), self.expected(trial))

    def wrong(self, trial: Trial) -> bool:
        """The trial returned numbers, and they are not the expected ones."""
        return self.got(trial) is not None and not self.right(trial)

    def same_answer(self, a: Trial, b: Trial) -> bool:
        """Two trials returned the same value (tuples compared exactly)."""
        if self.exercise.returns == "tuple":
            return a.returned and b.returned and same_value(a.got, b.got)
        return self.close(self.got(a), self.got(b))

    def same_expected(self, a: Trial, b: Trial) -> bool:
        if self.exercise.returns == "tuple":
            return same_value(a.expected, b.expected)
        return self.close(self.expected(a), self.expected(b))

    def wrong_trials(self) -> list[Trial]:
        return [t for t in self.trials() if self.wrong(t)]

    def line(self, trial: Trial) -> str:
        """How a trial is shown as evidence: 'f(0, 1) returned 3, expected 1 (why)'."""
        if trial.error is not None:
            text = f"{trial.call} raised {type(trial.error).__name__}"
            text += f": {trial.error}" if str(trial.error) else ""
        else:
            text = (f"{trial.call} returned {show(trial.got)}, expected "
                    f"{show(trial.expected)}")
        return text + (f" ({trial.about})" if trial.about else "")


def show(value) -> str:
    """A value as it appears in an evidence line: numbers rounded, containers in brackets."""
    if value is None:
        return "None"
    shown = getattr(type(value), "__nncourse_show__", None)
    if callable(shown):  # a chapter's plain-data readout of an object says how it reads
        return shown(value)
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (numbers.Number, np.generic)):
        return fmt_number(value)
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return fmt_number(value.item())
        if value.size > 24 and value.ndim == 1:
            return describe(value)
        return "array(" + show(value.tolist()) + ")"
    if isinstance(value, list):
        if value and all(isinstance(v, (list, tuple)) for v in value) \
                and sum(len(v) for v in value) > 12:
            return "[" + ", ".join(show(v) for v in value[:2]) + f", … ({len(value)} rows)]"
        if len(value) > 24:
            return describe(value)
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, tuple):
        if all(isinstance(v, int) for v in value):
            return repr(value)
        return "(" + ", ".join(show(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, str):
        return repr(value)
    return f"a {type_name(value)}"


# --- models: one mistake's prediction, confirmed on several trials ---------------------

Predict = Callable[[Evidence, Trial], "np.ndarray | None"]


@dataclass(frozen=True)
class Model:
    """What one mistake gives, predicted from a trial's expected answer and inputs only.

    text: the hint, or a function (evidence, confirming trials) -> hint text.
    """

    key: str
    predict: Predict
    text: str | Callable[[Evidence, list[Trial]], str]
    section: str | None = None
    min_trials: int = 2


def confirmed(ev: Evidence, model: Model) -> list[Trial] | None:
    """The trials that show `model`'s mistake, when every trial that could tell it from the
    right answer agrees with it and at least `min_trials` do; else None. A trial where the
    mistake would give the right answer but the student's is wrong contradicts it too."""
    hits = []
    for trial in ev.trials():
        got = ev.got(trial)
        if got is None:
            continue
        try:
            predicted = model.predict(ev, trial)
        except Exception:  # a prediction that cannot be formed for this trial
            predicted = None
        if predicted is None:
            continue
        expected = ev.expected(trial)
        if ev.close(predicted, expected):
            if not ev.close(got, expected):
                return None  # the mistake would be right here, the answer is not
            continue  # this trial cannot tell the mistake from the right answer
        if not ev.close(got, predicted):
            return None  # contradicted
        hits.append(trial)
    return hits if len(hits) >= model.min_trials else None


def models(*candidates: Model) -> Callable[[Evidence], Hint | None]:
    """A detector trying each model in turn."""

    def detect(ev: Evidence) -> Hint | None:
        for model in candidates:
            hits = confirmed(ev, model)
            if hits:
                text = model.text(ev, hits) if callable(model.text) else model.text
                shown = [t.name for t in hits if t.name != "main"][:2] or [hits[0].name]
                return Hint(model.key, text, model.section, tuple(shown))
        return None

    detect.__name__ = "models(" + ", ".join(m.key for m in candidates) + ")"
    return detect


# --- generic detectors, for every exercise with probes -----------------------------------


def printed_not_returned(ev: Evidence) -> Hint | None:
    main = ev.main
    if not main.returned or main.got is not None or not main.printed.strip():
        return None
    shown = main.printed.strip().splitlines()[0][:60]
    return Hint(
        "printed_not_returned",
        f"Your function printed {shown!r} but returned None: print shows a value, `return` "
        "hands it back to the caller. End the function with `return <your result>`.",
        "return")


def ignores_parameters(ev: Evidence) -> Hint | None:
    """Probes that differ in one argument only, and the same answer for each pair.

    A parameter counts as ignored when every such pair agrees and the code never reads it,
    or reads it only for its size (len, .shape). With no code to read: when two pairs show
    it, or the common answer is not a whole number (answers cut to whole numbers agree by
    coincidence; whole_numbers names those first).
    """
    probes = [t for t in ev.probes if t.returned and t.got is not None]
    pairs: dict[str, list[tuple[Trial, Trial]]] = {}
    used: set[str] = set()
    sized = read_for_size_only(ev.source) if ev.source is not None else set()
    for i, p in enumerate(probes):
        for q in probes[i + 1:]:
            differ = [k for k in p.args if not same_value(p.args[k], q.args[k])]
            if len(differ) != 1 or ev.same_expected(p, q):
                continue
            if differ[0] in sized and np.shape(p.args[differ[0]]) != np.shape(q.args[differ[0]]):
                continue  # read for its size: other sizes may well give other answers
            if ev.same_answer(p, q):
                pairs.setdefault(differ[0], []).append((p, q))
            else:
                used.add(differ[0])

    def convincing(found: list[tuple[Trial, Trial]]) -> bool:
        if len(found) >= 2 or ev.exercise.returns == "tuple":
            return True
        got = ev.got(found[0][0])
        return got is not None and not np.allclose(got, np.round(got))

    # what the code reads decides first: a parameter it reads for its values is not
    # ignored (the neutral message says what the probes show, when nothing else is
    # found); one it never reads, or reads only for its size, needs one pair, no more
    read = parameters_read(ev.source) if ev.source is not None else None
    if read is None:
        names = [k for k in ev.main.args if k in pairs and k not in used
                 and convincing(pairs[k])]
    else:
        names = [k for k in ev.main.args if k in pairs and k not in used
                 and (k not in read or k in sized)]
    if not names:
        return None
    p, q = pairs[names[0]][0]
    listed = ", ".join(f"`{n}`" for n in names)
    what = "parameter" if len(names) == 1 else "parameters"
    sizes = [n for n in names if n in sized]
    if len(names) == 1:
        key = f"ignores_{names[0]}"
    elif len(names) == len(ev.main.args):
        key = "ignores_params"
    else:
        key = "ignores_" + "_".join(names)
    if sizes:
        only = " and ".join(f"`{n}`" for n in sizes)
        text = (f"Your function gives the same answer whatever {listed} it receives (the two "
                f"probes above differ only in `{names[0]}`): it does not use the values of "
                f"its {what} {listed}; it reads {only} only for "
                f"{'its size' if len(sizes) == 1 else 'their sizes'} (len, .shape). Answers "
                "typed in per size, or read from the lesson, fit no other input: compute from "
                "the values it is given.")
    else:
        text = (f"Your function gives the same answer whatever {listed} it receives (the two "
                f"probes above differ only in `{names[0]}`): it does not use its {what} "
                f"{listed}. Does it read a variable from outside the function, such as one "
                f"from the lesson, instead of the {what} it is given?")
    return Hint(key, text, None, (p.name, q.name))


def same_for_same_size(ev: Evidence) -> Hint | None:
    """The same answer for different values of the same sizes, on two pairs of probes or
    more: the function looks at the sizes only (an answer typed in per size)."""
    probes = [t for t in ev.probes if t.returned and t.got is not None]
    pairs = []
    for i, p in enumerate(probes):
        for q in probes[i + 1:]:
            if any(np.shape(p.args[k]) != np.shape(q.args[k]) for k in p.args):
                continue
            if ev.same_expected(p, q):
                continue
            if not ev.same_answer(p, q):
                return None
            pairs.append((p, q))
    if len(pairs) < 2:
        return None
    p, q = pairs[0]
    return Hint(
        "hard_coded",
        "Your function gives the same answer for different values of the same size (the two "
        "probes above), although the right answers differ: the values it receives do not "
        "decide what it returns. Compute the answer from them; an answer typed in for the "
        "examples fits no other input.", None, (p.name, q.name))


def rounded(ev: Evidence) -> Hint | None:
    """Every wrong answer is the right one rounded to the same number of decimals: on two
    wrong calls, or on one call where at least two values were changed by the rounding
    (one changed value could be a coincidence)."""
    wrong = [t for t in ev.wrong_trials()
             if ev.got(t) is not None and ev.expected(t) is not None
             and ev.got(t).shape == ev.expected(t).shape]
    if not wrong or len(wrong) < len(ev.wrong_trials()):
        return None
    for decimals in range(0, 7):
        unit = 10.0 ** -decimals
        if not all(_rounded_to(ev.got(t), ev.expected(t), unit) for t in wrong):
            continue
        changed = sum(int(np.sum(~np.isclose(ev.got(t), ev.expected(t), atol=ev.exercise.atol,
                                             rtol=0))) for t in wrong)
        if len(wrong) < 2 and changed < 2:
            return None
        t = wrong[0]
        k = int(np.flatnonzero(~np.isclose(ev.got(t), ev.expected(t), atol=ev.exercise.atol,
                                           rtol=0))[0])
        example = (f"{fmt_number(float(ev.expected(t).flat[k]))} became "
                   f"{fmt_number(float(ev.got(t).flat[k]))}")
        places = "whole numbers" if decimals == 0 else \
            f"{decimals} decimal{'s' if decimals > 1 else ''}"
        return Hint(
            "rounded",
            f"Your results are the right ones rounded to {places} ({example}): round(), "
            "np.round or a cast to int somewhere in the computation (on an input, a step or "
            "the result) cuts the digits. Keep every value as it comes; rounding is for "
            "showing a number, not for computing with it.",
            None, tuple(t.name for t in wrong if t.name != "main")[:2])
    return _cut_down(ev, wrong)


def _cut_down(ev: Evidence, wrong: list[Trial]) -> Hint | None:
    """Every wrong answer is the right one cut down (floored) to 1-6 decimals, with at
    least two values changed: `//` on a scaled value, np.floor, math.floor. (To whole
    numbers is left to whole_numbers, which knows int() and integer arrays.)"""
    for decimals in range(1, 7):
        unit = 10.0 ** -decimals
        changed = 0
        for t in wrong:
            got, exp = ev.got(t), ev.expected(t)
            grid = np.round(got / unit) * unit
            on_grid = np.abs(got - grid) <= 1e-9 * unit + 2e-7 * np.abs(got)
            below = (exp - got >= -1e-9 - 2e-7 * np.abs(got)) & \
                (exp - got < unit - 1e-9 + 2e-7 * np.abs(got))
            if not (np.all(on_grid) and np.all(below)):
                break
            changed += int(np.sum(~np.isclose(got, exp, atol=ev.exercise.atol, rtol=0)))
        else:
            if changed < 2:
                return None
            t = wrong[0]
            k = int(np.flatnonzero(~np.isclose(ev.got(t), ev.expected(t),
                                               atol=ev.exercise.atol, rtol=0))[0])
            return Hint("cut_down", (
                f"Your results are the right ones cut down to {decimals} decimal"
                f"{'s' if decimals > 1 else ''} ({fmt_number(float(ev.expected(t).flat[k]))} "
                f"became {fmt_number(float(ev.got(t).flat[k]))}): the digits after that are "
                "dropped, not rounded, as `//` on a scaled value, np.floor or math.floor do. "
                "Keep every value as it comes; use `/` for division."),
                None, tuple(t.name for t in wrong if t.name != "main")[:2])
    return None


def _rounded_to(got, expected, unit: float) -> bool:
    """`got` holds only multiples of `unit` (within float32 round-off) and is within half a
    unit of `expected` everywhere."""
    if got is None or expected is None or got.shape != expected.shape:
        return False
    grid = np.round(got / unit) * unit
    off_grid = np.abs(got - grid) <= 1e-9 * unit + 2e-7 * np.abs(got)
    return bool(np.all(off_grid) and np.all(np.abs(got - expected)
                                            <= unit / 2 + 1e-9 + 2e-7 * np.abs(got)))


#: ways values lose digits before they are compared (argmax ties them): float16, np.round
#: to 0-2 decimals; models of the argmax exercises try each
FEWER_DIGITS = (lambda v: v.astype(np.float16),
                *(lambda v, k=k: np.round(v, k) for k in (0, 1, 2)))


def low_precision(ev: Evidence) -> Hint | None:
    """Every wrong answer is the right one stored in float16 (or float32 where the exercise
    asks for more digits than float32 keeps): a dtype lost the digits, not the formula."""
    wrong = ev.wrong_trials()
    if not wrong:
        return None
    for dtype, name, digits, how in ((np.float16, "float16", "3", ".half()"),
                                     (np.float32, "float32", "7", ".float()")):
        changed = 0
        for t in wrong:
            got, exp = ev.got(t), ev.expected(t)
            if got is None or exp is None or got.shape != exp.shape:
                return None
            with np.errstate(over="ignore"):  # too large for float16: inf, as stored
                stored = exp.astype(dtype).astype(float)
            if not np.allclose(got, stored, rtol=0, atol=1e-12 + 1e-9 * np.max(np.abs(exp))):
                break
            changed += int(np.sum(got != exp))
        else:
            # one changed value is enough when the array itself says it is of that dtype
            typed = any(getattr(t.got, "dtype", None) == dtype for t in wrong)
            if changed >= 2 or (changed and typed):
                return Hint("low_precision", (
                    f"Your values are the right ones stored as {name}, which keeps only about "
                    f"{digits} significant digits: a dtype={name} (or {how}) somewhere "
                    "in the computation lost the rest. Keep the dtype the exercise "
                    "asks for."), "dtype", tuple(t.name for t in wrong if t.name != "main")[:2])
    return None


def _whole_arguments(trial: Trial) -> bool:
    """Every argument of the call is made of whole numbers only."""
    for value in trial.args.values():
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):  # a ragged list, a layer object: not only numbers
            return False
        if not np.allclose(arr, np.round(arr)):
            return False
    return True


def whole_numbers(ev: Evidence) -> Hint | None:
    """Right on the probes made of whole numbers, wrong, and close, where fractions appear."""
    wholes = [t for t in ev.probes if t.whole]
    if len(wholes) < 2 or not all(ev.right(t) for t in wholes):
        return None  # two, so that one right by coincidence proves nothing
    wrong = ev.wrong_trials()
    if len(wrong) < 2:
        return None
    bound = ev.exercise.truncation_bound
    fractions = False
    for t in wrong:
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or got.shape != exp.shape:
            return None
        integral = np.allclose(got, np.round(got))
        if not integral and np.max(np.abs(got - exp)) > bound:
            return None
        if not integral and _whole_arguments(t):
            return None  # nothing to cut in whole inputs, and the answer is not cut either
        fractions |= not np.allclose(exp, np.round(exp))
    if not fractions:
        return None
    return Hint(
        "int_truncation",
        "Your function is right on the calls whose inputs and answers are all whole "
        "numbers, and wrong where a fraction belongs in the answer: somewhere the fractions "
        "are cut off (int(...), round(...), `//`, or an array of whole numbers that cannot "
        "hold fractions). Keep every value a float.",
        "dtype", tuple([w.name for w in wholes][:1] + [t.name for t in wrong
                                                       if t.name != "main"][:1]))


def repeated_rows(ev: Evidence) -> Hint | None:
    """Named only on the list.index() pattern: in every wrong trial the wrong result rows are
    exactly the repeats of an earlier equal row of an argument, and every first occurrence is
    right (a row found by its value always lands on its first equal row)."""
    wrong = ev.wrong_trials()
    found = None
    for trial in wrong:
        match = _first_rows_right(ev, trial)
        if match is None:
            return None
        found = found or match
    if found is None:
        return None
    name, i, j, trial_name = found
    return Hint(
        "equal_rows_differ",
        f"Rows {i} and {j} of `{name}` are equal, so their results must be equal too; "
        f"your row {i} is right but row {j} is not, and every row that repeats an earlier "
        "one is wrong. Does your function find a row's position from its value "
        "(list.index(...) always finds the first equal row) instead of counting positions "
        "as it loops (enumerate, or append in order)?",
        None, (trial_name,))


def _first_rows_right(ev: Evidence, trial: Trial):
    """(argument, first row, repeat, trial) when the wrong rows of `trial` are exactly the
    repeats of an argument's earlier rows; None otherwise."""
    got, exp = ev.got(trial), ev.expected(trial)
    if got is None or exp is None or got.ndim == 0 or got.shape != exp.shape:
        return None
    bad = {k for k in range(len(got)) if not ev.close(got[k], exp[k])}
    for name, value in trial.args.items():
        try:
            rows = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            continue
        if rows.ndim != 2 or rows.shape[0] != got.shape[0]:
            continue
        repeats = {}
        for k in range(len(rows)):
            f = next(f for f in range(k + 1) if np.array_equal(rows[f], rows[k]))
            if f < k:
                repeats[k] = f
        if repeats and bad == set(repeats):
            j = min(repeats)
            return name, repeats[j], j, trial.name
    return None


def scaled(ev: Evidence) -> Hint | None:
    """Every wrong answer is the expected one times the same constant."""
    wrong = ev.wrong_trials()
    if len(wrong) < 2:
        return None
    ratios = []
    for t in ev.trials():
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or got.shape != exp.shape:
            if t in wrong:
                return None
            continue
        zero = np.abs(exp) < 1e-12
        if np.any(np.abs(got[zero]) > ev.exercise.atol):
            return None
        if t not in wrong:
            if not zero.all():
                return None  # right with something non-zero: the factor would be 1
            continue
        if zero.all():
            return None
        r = got[~zero] / exp[~zero]
        if not np.allclose(r, r[0], rtol=1e-6, atol=0):
            return None
        ratios.append(float(r[0]))
    if not ratios or not np.allclose(ratios, ratios[0], rtol=1e-6) or abs(ratios[0] - 1) < 1e-6:
        return None
    factor = ratios[0]
    if abs(factor + 1) < 1e-6:
        text = "Every value has the right size but the wrong sign: a sign is flipped somewhere."
    else:
        text = (f"Every value is {fmt_number(factor)} × the expected one, on every probe: a "
                "constant factor crept in (a percentage, a count, a mean instead of a sum, or "
                "a wrong scale).")
    return Hint("scaled", text, None, tuple(t.name for t in wrong if t.name != "main")[:2])


def clipped_at_zero(ev: Evidence) -> Hint | None:
    """Every negative answer became 0 (or the weighted sum was cut at 0 before a scalar
    bias was added), the others are right, on two calls: a ReLU where none is asked."""
    wrong = ev.wrong_trials()
    if len(wrong) < 2:
        return None
    for before_bias in (False, True):
        fits = True
        for t in wrong:
            got, exp = ev.got(t), ev.expected(t)
            bias = t.args.get("bias") if before_bias else 0.0
            if got is None or exp is None or got.shape != exp.shape \
                    or not isinstance(bias, numbers.Real):
                fits = False
                break
            if not ev.close(got, np.maximum(exp, float(bias))):
                fits = False
                break
        if fits:
            what = ("the weighted sum was cut at 0 before the bias was added (max(0, total) "
                    "+ bias), so every output below the bias became the bias" if before_bias
                    else "each negative output became 0 while the others are right: the "
                    "result was clipped at 0 (np.maximum(0, ...), max(0, ...))")
            return Hint("clipped_at_zero", (
                f"On every call {what}. Such clipping is an activation function (ReLU), "
                "which this exercise does not ask for: return the outputs as they are, "
                "negative ones included."),
                None, tuple(t.name for t in wrong if t.name != "main")[:1])
    return None


def capped(ev: Evidence) -> Hint | None:
    """Every answer above one number c became c, the others are right, with at least two
    values changed and two right ones below c over the wrong calls (arrays only): an upper
    limit where none is asked (ReLU6, np.clip(z, 0, 6), np.minimum)."""
    wrong = ev.wrong_trials()
    cap, changed, below = None, 0, 0
    for t in wrong:
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or got.shape != exp.shape or got.size < 2:
            return None
        c = float(np.max(got))
        if cap is not None and not np.isclose(c, cap, atol=ev.exercise.atol):
            return None
        cap = c if cap is None else cap
        if not ev.close(got, np.minimum(exp, cap)):
            return None
        changed += int(np.sum(exp > cap + ev.exercise.atol))
        below += int(np.sum(exp < cap - ev.exercise.atol))  # right values under the cap
    if cap is None or changed < 2 or below < 2:
        return None
    return Hint("capped", (
        f"On every call each answer above {fmt_number(cap)} became {fmt_number(cap)}, and the "
        f"others are right: the result is capped at {fmt_number(cap)} (np.clip with an upper "
        "bound, np.minimum, min(...)). The exercise asks for no upper limit: leave large "
        "values as they are."), None, tuple(t.name for t in wrong if t.name != "main")[:1])


_REDUCTIONS = (("max", np.max), ("min", np.min), ("sum", np.sum), ("mean", np.mean))


def reduced_argument(ev: Evidence) -> Hint | None:
    """The answer is an argument reduced along one axis (np.max(z, 0), z.sum(axis=1)) on
    two calls: a number passed where NumPy reads an axis, or a reduction where an
    element-by-element operation is asked."""
    wrong = ev.wrong_trials()
    if len(wrong) < 2:
        return None
    found = None
    for t in wrong:
        got = ev.got(t)
        if got is None:
            return None
        here = set()
        for name, value in t.args.items():
            arr = np.asarray(value) if isinstance(value, (np.ndarray, list)) else None
            if arr is None or arr.dtype.kind not in "iuf" or arr.ndim == 0 or arr.size < 2:
                continue
            for fname, reduce in _REDUCTIONS:
                for axis in range(arr.ndim):
                    for keep in (False, True):
                        want = reduce(arr.astype(float), axis=axis, keepdims=keep)
                        if want.shape == got.shape and ev.close(got, want):
                            here.add((name, fname, axis, keep))
        found = here if found is None else found & here
        if not found:
            return None
    name, fname, axis, _keep = sorted(found)[0]
    text = (f"Your result is np.{fname}({name}, axis={axis}): the {fname} of `{name}` along "
            f"axis {axis}, which reduces that axis away, on every call.")
    code = ev.code
    if fname in ("max", "min") and code and number_as_second_argument(
            code, {fname, f"a{fname}"}):
        text += (f" np.{fname}(array, number) reads the number as an axis; the "
                 f"element-by-element {'larger' if fname == 'max' else 'smaller'} of each value "
                 f"and a number is np.{fname}imum(array, number).")
    return Hint("reduced_argument", text, "elementwise",
                tuple(t.name for t in wrong if t.name != "main")[:1])


def _edge(got: np.ndarray, axis: int, index: int) -> tuple:
    where = [slice(None)] * got.ndim
    where[axis] = index
    return tuple(where)


def _edge_words(ndim: int, axis: int) -> str:
    return "value" if ndim == 1 else ("row", "column", "slice")[min(axis, 2)]


def _unfilled_edges(ev: Evidence, got: np.ndarray, exp: np.ndarray) -> set:
    """(axis, side) of each edge (last or first row, column, value) that holds only 0 where
    the answer has other numbers, with everything else right."""
    found = set()
    for axis in range(got.ndim):
        n = got.shape[axis]
        if n == 1:  # one row: it is the first and the last, and the loop skipped it
            if np.allclose(got, 0) and not ev.close(got, exp):
                found |= {(axis, "last"), (axis, "first")}
            continue
        for side, index in (("last", n - 1), ("first", 0)):
            edge = _edge(got, axis, index)
            rest = np.ones(got.shape, dtype=bool)
            rest[edge] = False
            if np.allclose(got[edge], 0) and not ev.close(got[edge], exp[edge]) \
                    and ev.close(got[rest], exp[rest]):
                found.add((axis, side))
    return found


def unfilled_edge(ev: Evidence) -> Hint | None:
    """Right everywhere except the last (or first) row, column or value, which stayed 0, on
    two calls: a loop over a result made with np.zeros that stops one early or starts at 1."""
    wrong = ev.wrong_trials()
    if len(wrong) < 2:
        return None
    common, seen = None, set()  # seen: edges of an axis longer than 1 (a real edge)
    for t in wrong:
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or got.shape != exp.shape or np.ndim(t.expected) == 0:
            return None
        edges = _unfilled_edges(ev, got, exp)
        seen |= {(axis, side) for axis, side in edges if got.shape[axis] > 1}
        common = edges if common is None else common & edges
        if not common:
            return None
    common &= seen
    if not common:
        return None
    axis, side = sorted(common)[0]
    what = _edge_words(np.ndim(wrong[0].expected), axis)
    why = ("a loop that stops one step early (range(n - 1), or a slice that leaves the end "
           "out) never computes it" if side == "last" else
           "a loop that starts at 1 (range(1, n)) never computes it: positions count from 0")
    return Hint("edge_not_filled", (
        f"Your result is right except its {side} {what}, which holds only 0s, on every call: "
        f"{why}. Go through every {what}: range(n) runs from 0 to n - 1."),
        "layer_loops", tuple(t.name for t in wrong if t.name != "main")[:1])


def _size_text(value) -> str:
    shape = np.shape(value)
    return f"{shape[0]} values" if len(shape) == 1 else f"shape {shape}"


def _axis_lengths(args: dict) -> list[tuple[str, int, int]]:
    """(argument, axis, length) of every array-like argument, for naming a loop count."""
    found = []
    for name, value in args.items():
        try:
            shape = np.shape(value)
        except (TypeError, ValueError):
            continue
        found += [(name, axis, n) for axis, n in enumerate(shape)]
    return found


def _count_words(name: str, axis: int, ndim: int) -> str:
    if ndim == 1:
        return f"len({name})"
    return f"len({name})" if axis == 0 else f"len({name}[0])"


def prefix_only(ev: Evidence) -> Hint | None:
    """The result is the right answer cut short along one axis, on two calls, to a length
    that one of the arguments has: a loop that ran over the wrong count."""
    wrong = ev.wrong_trials()
    if len(wrong) < 2:
        return None
    counts = None
    for t in wrong:
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or got.ndim != exp.ndim or got.ndim == 0:
            return None
        short = [a for a in range(got.ndim) if got.shape[a] < exp.shape[a]]
        if len(short) != 1 or any(got.shape[a] > exp.shape[a] for a in range(got.ndim)):
            return None
        axis, k = short[0], got.shape[short[0]]
        if not ev.close(got, exp[_edge(exp, axis, slice(0, k))]):
            return None
        n = exp.shape[axis]
        found = {("one_early", axis)} if k == n - 1 else set()
        found |= {(name, arg_axis, axis) for name, arg_axis, length in _axis_lengths(t.args)
                  if length == k and length != n}
        counts = found if counts is None else counts & found
        if not counts:
            return None
    t = wrong[0]
    what = _edge_words(np.ndim(t.expected), sorted(counts, key=str)[0][-1])
    k, n = _size_text(t.got), _size_text(t.expected)
    start = (f"Your result holds only the first part of the right answer ({k} instead of "
             f"{n}), and that part is right")
    if any(c[0] == "one_early" for c in counts) and len(counts) == 1:
        code = ev.code
        if code and slices_off_an_end(code) and not python_loops(code):
            text = (f"{start}: the last {what} is missing: a slice such as [:-1] in your "
                    "code leaves it out. Keep every one.")
        else:
            text = (f"{start}: the last {what} is missing, so a loop stops one step early "
                    "(range(n - 1)?). Go through every one: range(n) runs from 0 to n - 1.")
        return Hint("stops_one_early", text, "layer_loops",
                    tuple(x.name for x in wrong if x.name != "main")[:1])
    named = sorted((c for c in counts if c[0] != "one_early"), key=str)
    said = " = ".join(dict.fromkeys(_count_words(name, arg_axis, np.ndim(t.args[name]))
                                    for name, arg_axis, _axis in named))
    return Hint("wrong_loop_count", (
        f"{start}: your loop ran as many times as {said}, on "
        "every call, which is not the number of results asked for. Count the loop over what "
        f"the result has one {what} for."), "layer_loops",
        tuple(x.name for x in wrong if x.name != "main")[:1])


def shared_default(ev: Evidence) -> Hint | None:
    """The def line gives a parameter a list (dict, set) as default and the body changes
    it: every call without that argument works on the same one, so results pile up. Read
    from the code; said only when the answer is wrong."""
    code = ev.code
    names = mutable_defaults(code) if code else []
    if not names or ev.right(ev.main):
        return None
    name = names[0]
    return Hint("mutable_default", (
        f"Your def line gives `{name}` a default list (or dict, set) that the function then "
        "changes: Python makes that default once, when the def runs, so every call without "
        f"`{name}` adds to the same one and results pile up from call to call. Make a new "
        f"one inside the function on every call (`{name} = []` as its first line) and drop "
        "the default from the def line."), "mutation")


def extra_entries(ev: Evidence) -> Hint | None:
    """The right answer with more after it along one axis, on two calls or more (calls that
    raised aside): an array to fill made too big, shaped like an argument, or a loop
    over the wrong count that appends too much."""
    wrong = [t for t in ev.wrong_trials() if t.returned]
    if len(wrong) < 2:
        return None
    counts, like = None, set()
    for t in wrong:
        got, exp = ev.got(t), ev.expected(t)
        if got is None or exp is None or got.ndim != exp.ndim or got.ndim == 0:
            return None
        long = [a for a in range(got.ndim) if got.shape[a] > exp.shape[a]]
        if len(long) != 1 or any(got.shape[a] < exp.shape[a] for a in range(got.ndim)):
            return None
        axis, k = long[0], got.shape[long[0]]
        if not ev.close(got[_edge(got, axis, slice(0, exp.shape[axis]))], exp):
            return None
        found = {(name, arg_axis) for name, arg_axis, length in _axis_lengths(t.args)
                 if length == k}
        like |= {name for name, value in t.args.items() if np.shape(value) == got.shape}
        counts = found if counts is None else counts & found
    t = wrong[0]
    got, exp = ev.got(t), ev.expected(t)
    axis = next(a for a in range(got.ndim) if got.shape[a] > exp.shape[a])
    what = _edge_words(exp.ndim, axis)
    n, extra = exp.shape[axis], got.shape[axis] - exp.shape[axis]
    text = (f"Your result holds the right answer and more ({_size_text(got)} instead of "
            f"{_size_text(exp)}): its first {n} {what}s are exactly right, and "
            + (f"the last {what}" if extra == 1 else f"the last {extra} {what}s")
            + " should not be there.")
    makers = sorted(m for m in methods_called(ev.source) if m.endswith("_like")) \
        if ev.source is not None else []
    made_like = sorted(like & {*ev.main.args}) if makers else []
    if made_like:
        text += (f" Your code calls {makers[0]}, which makes an array the shape of its "
                 f"argument, and yours has the shape of `{made_like[0]}`: make the array you "
                 "fill the shape of the answer instead.")
    elif counts:
        said = " = ".join(dict.fromkeys(_count_words(name, arg_axis, np.ndim(t.args[name]))
                                        for name, arg_axis in sorted(counts)))
        text += (f" That length is {said} on every call: the array you fill, or a loop that "
                 f"adds the {what}s, counts something else than the results asked for.")
    return Hint("extra_entries", text, "shape",
                tuple(x.name for x in wrong if x.name != "main")[:1])


def neutral(ev: Evidence) -> Hint:
    """Nothing confirmed: say where the answers differ, on the simplest probe, and name
    nothing."""
    for trial in ev.probes:
        if not ev.right(trial):
            return Hint("differs", "", None, (trial.name,), named=False)
    if ev.probes:
        return Hint(
            "differs_here",
            f"Your function is right on {len(ev.probes)} small probe calls, but not on this "
            "one: look at what is special about it (its size, its values, its signs) that "
            "the small ones do not have.", None, (), named=False)
    return Hint("differs", "", None, (), named=False)


def _aliasing_explains(ev: Evidence, got: list) -> bool:
    exp = ev.main.expected
    if not isinstance(exp, (list, tuple, np.ndarray)) or len(exp) != len(got):
        return False
    groups: dict[int, list[int]] = {}
    for k, row in enumerate(got):
        groups.setdefault(id(row), []).append(k)
    for places in groups.values():
        if len(places) < 2:
            continue
        row = got[places[0]]
        if len(row) != len(exp[places[0]]):
            return True  # one row list that every sample appended to
        last = ev.close(np.asarray(row, dtype=float), np.asarray(exp[places[-1]], dtype=float))
        differ = any(not ev.close(np.asarray(exp[k], dtype=float),
                                  np.asarray(exp[places[-1]], dtype=float)) for k in places)
        if last and differ:
            return True  # the last write shows in every place
    return False


#: tried after an exercise's own detectors, in this order
def shared_row_lists(ev: Evidence) -> Hint | None:
    """Rows of the returned list that are one and the same list object: `[[0] * n] * m`,
    or one row list appended again and again. Read from the value itself, and named only
    when the sharing explains the values: the shared row grew with every sample, or holds
    what was written last (the last of its places). One right row repeated on purpose (the
    first sample's row for every sample) is another mistake."""
    got = ev.main.got
    if not isinstance(got, list) or len(got) < 2 or not all(isinstance(r, list) for r in got):
        return None
    if len({id(row) for row in got}) == len(got) or not _aliasing_explains(ev, got):
        return None
    return Hint("shared_row_list", (
        "Some rows of your result are one and the same list, not copies: `[[0] * n] * m` "
        "(or appending one row list again and again) puts the same list in every place, so "
        "writing into one row writes into all of them. Make a new list for every row: "
        "[[0] * n for _ in range(m)], or build each row inside the loop and append it."),
        "layer_loops")


GENERIC = (printed_not_returned, repeated_rows, rounded, low_precision, unfilled_edge,
           prefix_only, clipped_at_zero, capped, reduced_argument, whole_numbers,
           ignores_parameters,
           same_for_same_size, scaled)
