"""An exercise's checks: one object that calls, compares, probes, names and renders.

A chapter module declares each exercise once::

    NEURON_OUTPUT = Exercise(
        "ex01_neuron_output", "neuron_output", returns="number", plain_python=True,
        probes=layers.probes(VIEW), detectors=layers.detectors(VIEW), view=VIEW,
        advice={"bias_missing": "Return `total + bias` after the loop."})

and its test cell calls ``NEURON_OUTPUT.check(args, expected=...)`` (or ``.check_raises``).
What happens on a call:

1. the student's function runs once on the test's arguments (deep copies; prints pass
   through, warnings are caught, changed arguments noticed);
2. an exception is explained (the exercise's `error_hints` first, then errors.explain), a
   warning or a changed argument is reported;
3. the result is compared with `expected` (type first: a list where an array is asked, a
   map object where a list is asked, ...; then shape; then values within `atol`);
4. only when it is wrong, the probes run (quietly) and the detectors read the Evidence:
   the exercise's own `detectors`, then probes.GENERIC, then legacy `relations`; the first
   Hint wins, and with none the neutral description of the simplest failing probe;
5. on a right answer the exercise's `promises` are checked (a float array, rows that are
   lists, ...); then one ✓ line.

Every message is a Failure rendered by render.render(); every section goes through
sections.cite() with the exercise's chapter, so none points ahead.
"""

from __future__ import annotations

import inspect
import numbers
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from . import diagnose as _diagnose
from .code_text import (
    builtin_for_parameter,
    compares_by_order,
    discarded_results,
    may_end_without_return,
    names_loaded,
    python_loops,
    returns_a_value,
    squeezed_names,
    transposes,
)
from .describe import describe, describe_argument, first_difference, fmt_array, fmt_number
from .errors import explain, failing_line, is_stub, problem_of, shapes_in
from .failure import AnswerMissing, CheckFailed, Failure, Hint
from .globals_read import (
    data_globals,
    keywords_used,
    methods_called,
    module_globals,
    package_globals,
    unused_parameters,
)
from .plain_python import plain_python_type_problem
from .probes import (
    GENERIC,
    Evidence,
    Probe,
    extra_entries,
    neutral,
    shared_default,
    shared_row_lists,
    show,
)
from .render import tick
from .run import Trial, run
from .sections import chapter_of, cite
from .student import source_text, type_name, without_numpy

Detector = Callable[[Evidence], "Hint | None"]
ErrorHint = Callable[[BaseException, dict], "Hint | str | None"]
Promise = Callable[["Exercise", Trial], "Hint | None"]

#: mistakes of orientation: rows and columns of the weights (or the result) swapped
_ORIENTATION = {"inputs_first", "square_layer", "transposed", "weights_transposed",
                "shape_mismatch", "operands_swapped"}

_ITERATORS = {"generator", "map", "filter", "zip", "enumerate", "reversed", "range",
              "list_iterator", "dict_keys", "dict_values"}


def caller_namespace(depth: int = 2) -> dict:
    """The globals of the caller's caller: the test cell that called a check."""
    return sys._getframe(depth).f_globals


def answer(name: str, namespace: dict):
    """The object the student defined under `name`, or a clear AnswerMissing."""
    if name not in namespace:
        stopped = _last_cell_error()
        if stopped:
            raise AnswerMissing(Failure(
                problem=f"`{name}` is not defined yet. The last error in this notebook was "
                        f"{stopped}: a cell that stops with an error defines nothing after "
                        "it. If it came from the answer cell, fix that line, run the cell, then "
                        "run this test cell again.", mistake="answer_cell_error"))
        raise AnswerMissing(Failure(
            problem=f"`{name}` is not defined yet: complete the answer cell above (replace the "
                    "`raise NotImplementedError(...)` line), run it, then run this test cell "
                    "again.", mistake="not_defined"))
    return namespace[name]


def _last_cell_error() -> str:
    """The error IPython last reported (it keeps it as sys.last_value) when it is one that
    stops a cell before it defines anything (a SyntaxError, IndentationError), else ''."""
    exc = getattr(sys, "last_value", None)
    if not isinstance(exc, SyntaxError):
        return ""
    where = f" at line {exc.lineno}" if exc.lineno else ""
    text = f" ({exc.msg})" if getattr(exc, "msg", None) else ""
    return f"a {type(exc).__name__}{where}{text}"


def is_number(x) -> bool:
    return isinstance(x, (numbers.Real, np.number)) and not isinstance(x, (bool, np.bool_))


@dataclass
class Verdict:
    """What is wrong with a returned value, before any probe: the problem line and, for a
    value of the wrong kind, the mistake that already names."""

    problem: str
    key: str | None = None
    hint: str | None = None
    section: str | None = None
    values_right: bool | None = None  # None: the values cannot be compared
    expected: str | None = None
    got: str | None = None
    final: bool = False  # nothing a probe shows can add to it


class Exercise:
    """The checks of one exercise; see the module docstring."""

    def __init__(
        self,
        id: str | None,
        function: str,
        returns: str,
        *,
        plain_python: bool = False,
        atol: float = 1e-6,
        rtol: float = 0.0,
        probes: Sequence[Probe] = (),
        detectors: Sequence[Detector] = (),
        fallbacks: Sequence[Detector] = (),
        relations: Sequence[Callable] = (),
        general_relations: bool = False,
        error_hints: Sequence[ErrorHint] = (),
        promises: Sequence[Promise] = (),
        advice: dict[str, str] | None = None,
        texts: dict[str, str] | None = None,
        sections: dict[str, str] | None = None,
        view=None,
        truncation_bound: float = 1.0,
        float_result: bool = False,
        whole_result: str = "",
        vectorised: bool = False,
        keeps_float64: bool = True,
        checked_on_pass: Sequence[str] = ("fine",),
        new_result: bool = True,
        library: tuple[str, ...] = (),
        tick_suffix: str = "",
    ):
        """
        id            the answer cell's grade_id ("ex01_neuron_output"); its chapter decides
                      which sections may be cited
        function      the name the student defines
        returns       'number', 'list' (of numbers), 'rows' (list of lists), 'array', 'tuple'
        probes        fixed diagnostic calls (probes.Probe), simplest first
        detectors     Evidence -> Hint | None, tried before probes.GENERIC
        fallbacks     the same, tried after probes.GENERIC (the least specific ones)
        relations     legacy diagnose.Case detectors (text hints), tried last
        error_hints   (exception, args) -> Hint | text | None, before errors.explain
        promises      (exercise, trial) -> Hint | None on a right value: what else the
                      exercise text promises (rows that are lists, inputs unchanged, ...)
        advice        mistake key -> a sentence in this chapter's terms, added to the hint
        texts         mistake key -> the whole hint in this exercise's terms (replaces the
                      shared detector's words; the detector still decides)
        sections      mistake key -> the concept to cite instead of the detector's own
        view          maps values to arrays for the detectors (layers.View); default
                      np.asarray
        truncation_bound  how far a value cut to whole numbers may be from the right one
        float_result  an array result must hold floats (promise of the exercise text)
        whole_result  what a number (or each entry of a tuple) result counts, such as "a
                      number of neurons": it must come back as an int, not 3.0
        vectorised    the text promises no Python loop: read from the code (code_text)
        keeps_float64 an array computed from float64 arrays must not come back as float32 or
                      float16 (digits lost on the way, although within the tolerance)
        checked_on_pass  probes also checked when the test's own call is right: their many
                      decimals catch rounding that the tests' short numbers hide
        new_result    an array or list result must be new, not an argument or a view of
                      one (False where a view is the answer: reshape a vector into a row)
        library       names of the library the text asks to compute with (("torch", "nn")):
                      the code, its helpers included, must read one of them
        tick_suffix   words added to the ✓ line ("kept in .output")
        """
        self.id = id
        self.function = function
        self.returns = returns
        self.plain_python = plain_python
        self.new_result = new_result
        self.library = tuple(library)
        self.atol, self.rtol = atol, rtol
        self.probes = tuple(probes)
        self.detectors = tuple(detectors)
        self.fallbacks = tuple(fallbacks)
        self.relations = tuple(relations)
        self.general_relations = general_relations
        self.error_hints = tuple(error_hints)
        self.promises = tuple(promises)
        self.advice = dict(advice or {})
        self.texts = dict(texts or {})
        self.sections = dict(sections or {})
        self.view = view
        self.truncation_bound = truncation_bound
        self.float_result = float_result
        self.whole_result = whole_result
        self.vectorised = vectorised
        self.keeps_float64 = keeps_float64
        self.checked_on_pass = tuple(checked_on_pass)
        self.tick_suffix = tick_suffix

    @property
    def chapter(self) -> str | None:
        return chapter_of(self.id)

    def cite(self, concept: str | None) -> str | None:
        return cite(concept, self.chapter)

    def as_array(self, value) -> np.ndarray | None:
        """A value as a float array for comparisons; None when it is not numbers."""
        if self.view is not None:
            return self.view.table(value)
        return as_float_array(value)

    def call_text(self, args: dict, label: str | None = None) -> str:
        shown = ", ".join(describe_argument(v) for v in args.values())
        return f"{self.function}({shown})" + (f" {label}" if label else "")

    # --- the checks test cells call ------------------------------------------------------

    def check(self, args: dict, expected, *, label: str | None = None,
              namespace: dict | None = None) -> None:
        """Call the student's function with `args` (in order) and check it returns
        `expected`; print one ✓ line, or raise CheckFailed naming what is wrong."""
        namespace = caller_namespace() if namespace is None else namespace
        target = self._target(namespace)
        main = run(target, Trial("main", args, expected, call=self.call_text(args, label)))
        source = answer(self.function, namespace)
        failure = self._judge(target, main, source)
        # said now: the probes below call the function again, and a result it keeps between
        # calls (a default list it appends to) would have grown by the time the ✓ line shows
        summary = None if failure else self._summary(_stable(main))
        failure = failure or self._judge_on_pass(target, source)
        if failure is not None:
            raise CheckFailed(failure)
        print(tick(f"{main.call}: {summary}{self.tick_suffix} as expected"))

    def check_raises(self, args: dict, error: type[Exception] = ValueError, *,
                     must_name: Sequence = (), label: str | None = None,
                     namespace: dict | None = None,
                     when_returned: Callable[[Trial], Hint | None] | None = None,
                     here: str | None = None,
                     also: Sequence[tuple[Callable, Callable]] = ()) -> None:
        """The student's function must refuse `args` by raising `error` with a message
        (that states every number in `must_name`, when given; or every number of one of
        its tuples, when it is a tuple of alternatives).

        when_returned  (trial) -> Hint for a function that returned instead of raising
        here           one line saying what is wrong with these arguments, shown on failure
        also           (build, say): when these arguments are not refused, build(args) gives
                       other wrong ones (the same mismatch the other way round, ...); if
                       those are refused by the function's own raise, say(main, that
                       trial, call) -> Hint | None tells what the check misses (a one-way
                       comparison, `and` for `or`); call(args) runs more arguments
        """
        namespace = caller_namespace() if namespace is None else namespace
        target = self._target(namespace)
        main = run(target, Trial("main", args, error, call=self.call_text(args, label)))
        failure = self._judge_raises(main, error, tuple(must_name), when_returned)
        if failure is not None and main.returned and also:
            failure = self._refused_elsewhere(target, answer(self.function, namespace), main,
                                              error, also) or failure
        if failure is not None:
            if here:
                failure.notes = (*failure.notes, ("here", here))
            raise CheckFailed(failure)
        exc = main.error
        print(tick(f"{main.call}: raised {type(exc).__name__} ({exc})"))

    def _refused_elsewhere(self, target, source, main: Trial, error, also) -> Failure | None:
        """The arguments were accepted, but related wrong ones are refused: the check is
        there and misses this case, which the hint of `also` names."""
        def call(more: dict) -> Trial:
            return run(target, Trial("more", more, error, call=self.call_text(more)),
                       quiet=True)

        for build, say in also:
            other_args = _safely(lambda _ev, b=build: b(main.args), None)
            if not other_args:
                continue
            other = call(other_args)
            # refused by its own check (a raise statement), not by NumPy failing later,
            # nor by a raise that passes on an error caught from NumPy (`except ...: raise`)
            if isinstance(other.error, error) and other.error.__context__ is None \
                    and failing_line(other.error).lstrip().startswith("raise"):
                hint = _safely(lambda _ev, f=say, o=other: f(main, o, call), None)
                if hint is not None and hint.key == "one_way_check" \
                        and not compares_by_order(source_text(source) or ""):
                    # a check one way round needs a < or >: here it is some other check
                    hint = Hint("check_misses_case", (
                        f"Your function refuses {other.call} with its own check, but not "
                        "these arguments: the check misses some of the ways the sizes can "
                        "differ. Compare each size with the one it must equal, using `!=`, "
                        "and raise when any pair differs."), hint.section, named=False)
                if hint is not None:
                    return self._failure(main, f"should raise {error.__name__}, but it "
                                         f"returned {show(main.got)}.", hint)
        return None

    # --- calling ---------------------------------------------------------------------------

    def _target(self, namespace: dict):
        func = answer(self.function, namespace)
        if not callable(func):
            raise CheckFailed(Failure(
                call=f"`{self.function}`",
                problem=f"should be a function (def {self.function}(...):), but it is "
                        f"{describe(func)}. Run the answer cell that defines it.",
                mistake="not_a_function", exercise=self.id))
        return without_numpy(func) if self.plain_python else func

    def _judge_on_pass(self, target, source) -> Failure | None:
        """The checked_on_pass probes, for digits only: a rounded or low-precision answer
        fails there; any other difference is left to the tests, whose own calls fail it
        with the diagnosis made for them."""
        for probe in (p for p in self.probes if p.name in self.checked_on_pass):
            trial = run(target, Trial(probe.name, probe.args, probe.expected, probe.about,
                                      self.call_text(probe.args, f"({probe.about})"),
                                      probe.whole), quiet=True)
            failure = self._judge(target, trial, source)
            if failure is not None and failure.mistake in _DIGITS_LOST:
                return failure
            if failure is None and self.keeps_float64 and trial.returned:
                got, want = self.as_array(trial.got), self.as_array(trial.expected)
                if _single_precision(got, want):
                    return self._failure(trial, "is right within the tolerance, but only to "
                                         "about 7 significant digits.", _digits_hint(got, want))
        return None

    def _failure(self, main: Trial, problem: str, hint: Hint | None = None, **fields) -> Failure:
        if hint is None:
            return Failure(call=main.call, problem=problem, exercise=self.id, **fields)
        text = self.texts.get(hint.key, hint.text).strip()
        advice = self.advice.get(hint.key, "")
        if advice:
            text = f"{text} {advice}".strip()
        concept = self.sections.get(hint.key, hint.section)
        return Failure(call=main.call, problem=problem, hint=text or None,
                       section=self.cite(concept) if text else None, mistake=hint.key,
                       named=hint.named, exercise=self.id,
                       notes=(*fields.pop("notes", ()), *hint.notes), **fields)

    # --- judging a returned value ----------------------------------------------------------

    def _judge(self, target, main: Trial, source=None) -> Failure | None:
        """What is wrong with the main call, or None; `source` is the student's own
        function (before any wrapping), read for the notebook variables it uses."""
        reads = data_globals(source) if source is not None else []
        if main.error is not None:
            failure = self._error_failure(main)
            cause = self._cause_in_code(main, failure, source)
            if cause is not None:
                return self._failure(main, failure.problem, cause)
            layers = _layers_in_error(source, main.error) if source is not None else []
            if layers and not is_stub(main.error):
                # a lesson layer called inside: its weights are what does not fit
                return self._failure(main, failure.problem, self._globals_hint(source, layers))
            if reads and not is_stub(main.error) and (
                    not failure.named or _global_in_error(source, reads, main.error)):
                # e.g. a lesson array of another size than the test's
                return self._failure(main, failure.problem, self._globals_hint(source, reads))
            return failure
        if main.warning is not None:
            failure = self._warning_failure(main)
            if not failure.named and main.error is None and self._compare(main) is not None:
                # wrong values as well: what made them wrong says more than the warning
                quiet = replace(main, warning=None)
                found = self._judge(target, quiet, source)
                if found is not None and found.named:
                    found.notes = (*found.notes, ("warning", failure.problem))
                    return found
            return failure
        if main.changed:
            name = main.changed[0]
            return self._failure(main, f"changed its input `{name}` in place.", Hint(
                "mutation",
                "A function that computes an output must leave its inputs as they were: build "
                f"a new list or array instead (e.g. `shifted = {name} - ...` or a new list "
                f"with append), not `{name} -= ...`, `.sort()`, `.append()` or `.pop()` on "
                "what you were given.", "mutation"))
        verdict = self._compare(main)
        if verdict is None:
            return self._broken_promise(main, source)
        code = source_text(source) or "" if verdict.key == "no_return" else ""
        if code and returns_a_value(code) and may_end_without_return(code):
            verdict = replace(verdict, key="return_not_reached", hint=(
                "Your function has a `return`, but this call reaches the end of the function "
                "without passing one, and a function that ends so gives None: an if/elif "
                "chain with no branch for this input, or a return inside a loop or an `if` "
                "that this input skips. Make every path end with the return of the result; "
                "a formula or a loop that works for every input needs no cases."))
        elif code and returns_a_value(code):
            verdict = replace(verdict, key="none_returned", hint=(
                "Your `return` hands back None: what it returns is a call that works in place "
                "and gives None (resize, sort, append, fill, shuffle), or a variable that "
                "holds None. Return the array or value itself: call the in-place method on "
                "its own line first, or use the function that gives a new result (np.reshape, "
                "sorted)."))
        cause = _axis_cause(source, np.ndim(main.got) < np.ndim(main.expected)) \
            if verdict.key in _AXIS_KEYS else ""
        if cause:
            verdict = replace(verdict, hint=_axis_text(np.shape(main.got),
                                                       np.shape(main.expected), cause))
        if verdict.final or (verdict.key and verdict.values_right):
            # nothing to probe; the exercise's own detectors may still know better
            own = Evidence(self, main, [], source)
            hint = next((h for h in (_safely(d, own) for d in self.detectors) if h), None)
            hint = hint or Hint(verdict.key or "differs", verdict.hint or "", verdict.section,
                                named=verdict.key is not None)
            return self._failure(main, verdict.problem, hint, expected=verdict.expected,
                                 got=verdict.got)
        ev, hint = self._diagnose(target, main, source)
        if hint is None and verdict.key:
            hint = Hint(verdict.key, verdict.hint or "", verdict.section)
        if reads and (hint is None or not hint.named
                      or hint.key.startswith(("lesson", "ignores_", "hard_coded"))
                      or (_global_sized(source, reads, main.got, main.expected)
                          and hint.key != "outside_variable_returned")):
            # no specific mistake confirmed, or lesson arrays inferred from the values:
            # the code itself says which notebook variables it reads
            hint = self._globals_hint(source, reads)
        lost = discarded_results(source_text(source) or "") \
            if hint is not None and hint.key in _ORIENTATION and source is not None else []
        if lost:
            hint = _discarded_hint(lost[0])
        elif hint is not None and hint.key in _ORIENTATION and source is not None \
                and "reshape" in methods_called(source) and "T" not in methods_called(source):
            hint = replace(hint, text=hint.text + " Your code calls reshape: it regroups the "
                           "numbers in reading order and does not turn rows into columns, "
                           "which is what a transpose (.T) does.")
        if hint is None:
            hint = neutral(ev)
        problem = verdict.problem
        if not hint.named and self.returns in ("number", "array", "list", "rows") \
                and verdict.values_right is False:
            problem = problem.rstrip(".") + f" (tolerance: atol={self.atol:g})."
        evidence = tuple(ev.line(ev[name]) for name in hint.evidence if name != "main")
        return self._failure(main, problem, hint, expected=verdict.expected, got=verdict.got,
                             evidence=evidence)

    def _cause_in_code(self, main: Trial, failure: Failure, source) -> Hint | None:
        """For an error: a cause the student's code shows, where the error's own reading
        would name another (a built-in for a parameter, a transpose undone, a squeeze)."""
        code = source_text(source) or "" if source is not None else ""
        if not code or is_stub(main.error):
            return None
        typo = builtin_for_parameter(code)
        if typo:
            return Hint("builtin_for_parameter", (
                f"Your code reads `{typo[0]}`, which is Python's built-in {typo[0]}(), where "
                f"the parameter is `{typo[1]}`: a name one letter off reaches Python's own "
                f"function instead of the value the test gives. Write `{typo[1]}`."), "return")
        if failure.mistake not in _TURNED:
            return None
        lost = discarded_results(code)
        if lost:
            return _discarded_hint(lost[0])
        line = failing_line(main.error)
        if re.search(r"\.T\b|transpose\(", line) and transposes(code) >= 2:
            return Hint("transposed_twice", (
                "Your code turns the weights twice (a .T or transpose on the way, then another "
                "one in the failing line), and the second transpose turns them back: the "
                "array arrives the way round it started. Transpose once."), "shape")
        dropped = _axis_cause(source, missing=True) if _has_unit_axis(main.args) else ""
        if dropped and _squeezed_in_line(code, line):
            # a squeeze on an argument with an axis of length 1 changed its shape first
            return Hint("axis_dropped", (
                f"{dropped} Here an argument has such an axis, so the shapes that meet in the "
                "failing line are not the ones you planned for: keep every array with all "
                "its axes."), "shape")
        return None

    def _globals_hint(self, source, reads: list[str]) -> Hint:
        """The function reads notebook variables: the test's own values never reach it."""
        names = _listed(reads[:3])
        unused = unused_parameters(source)
        params = ", ".join(self._parameters(source))
        instead = (f" Use your parameter{'s' if len(unused) > 1 else ''} "
                   f"{_listed(unused)} instead." if unused else
                   " Compute from the function's parameters only.")
        return Hint("lesson_global", (
            f"Your function reads {names}, {'variables' if len(reads) > 1 else 'a variable'} "
            f"of the notebook, instead of its parameters ({params}): the test's own values "
            "never reach the places where it reads them." + instead), "return")

    @staticmethod
    def _parameters(func) -> list[str]:
        code = getattr(func, "__code__", None)
        return list(code.co_varnames[:code.co_argcount]) if code is not None else []

    def _diagnose(self, target, main: Trial, source=None) -> tuple[Evidence, Hint | None]:
        probes = [
            run(target, Trial(p.name, p.args, p.expected, p.about, self.call_text(p.args),
                              p.whole), quiet=True)
            for p in self.probes
        ]
        ev = Evidence(self, main, probes, source)
        # the returned value's own structure first: it needs no probe to be sure
        detectors = [shared_default, shared_row_lists, extra_entries, *self.detectors,
                     *(GENERIC if self.probes else ()),
                     *self.fallbacks]
        for detect in detectors:
            hint = _safely(detect, ev)
            if hint:
                return ev, hint
        return ev, self._relation_hint(main)

    def _relation_hint(self, main: Trial) -> Hint | None:
        """The legacy detectors: relations between the wrong result, the expected one and
        the inputs, answering with text."""
        if not self.relations and not self.general_relations:
            return None
        got, exp = self.as_array(main.got), self.as_array(main.expected)
        if got is None or exp is None:
            return None
        case = _diagnose.Case(got, exp, main.args, self.atol, self.rtol)
        kind = self.returns
        general = self.general_relations and kind != "tuple"
        for detect in (*self.relations, *(_diagnose.DETECTORS if general else ())):
            text = _diagnose.attempt(detect, case)
            if text:
                if isinstance(text, Hint):
                    return text
                return Hint(getattr(detect, "__name__", "relation"), text)
        return None

    def _broken_promise(self, main: Trial, source=None) -> Failure | None:
        got = main.got
        if self.plain_python:
            why = plain_python_type_problem(got)
            if why:
                return self._failure(main, f"gives the right values, but {why}.", Hint(
                    "numpy_types", "This exercise asks for plain Python: use loops, zip and sum "
                    "on lists, not NumPy."))
        if self.new_result and main.aliased and self.returns in ("array", "list", "rows"):
            name = main.aliased[0]
            return self._failure(main, f"gives the right values, but it is `{name}` itself "
                                 "(the same memory), not a new result.", Hint(
                                     "returned_input", f"Your function hands back `{name}` "
                                     "itself when nothing in it has to change: a caller who "
                                     f"then changes the result changes `{name}` too. Return a "
                                     "new array or list every time: an operation such as "
                                     "np.maximum or arithmetic makes one, and so does "
                                     f"`{name}.copy()`; `{name}`, np.asarray({name}) and "
                                     "reshape do not.", "mutation"))
        if self.returns == "array" and self.float_result and isinstance(got, np.ndarray) \
                and got.dtype.kind != "f":
            return self._failure(main, f"returned an array of dtype {got.dtype}.", Hint(
                "int_dtype", "The exercise asks for an array of floats: compute with `/`, or "
                "make the array with a float dtype.", "dtype"))
        if self.returns == "array" and self.keeps_float64 and _fewer_digits(got, main.args):
            return self._failure(main, f"gives the right values within the tolerance, but as "
                                 f"{got.dtype}.", Hint(
                                     "low_precision", f"Your array is {got.dtype}, which keeps "
                                     f"only about {7 if got.dtype == np.float32 else 3} "
                                     "significant digits, while the inputs are float64: a cast "
                                     "on the way (astype(...), dtype=...) lost the other digits. "
                                     "Leave the dtype as NumPy computes it.", "dtype"))
        not_whole = _not_whole(got) if self.whole_result else None
        if not_whole is not None:
            return self._failure(main, f"gives the right value, but {not_whole!r} is a "
                                 f"{type(not_whole).__name__}.", Hint(
                                     "float_count", f"The value is right, but "
                                     f"{self.whole_result} is a whole number, and the "
                                     "exercise asks for an int. A float creeps in with `/`, "
                                     "a total started at 0.0, float(...) or an array of "
                                     "floats; len(...), .shape and sums of whole numbers are "
                                     "ints already (or return int(...) of it).", "dtype"))
        code = source_text(source) if self.library else None
        if code and _computes_without(source, code, self.library):
            return self._failure(main, f"gives the right values, but without "
                                 f"{self.library[0]}.", Hint(
                                     "library_unused", f"The exercise asks you to compute with "
                                     f"{self.library[0]}, and your code (with the functions it "
                                     f"calls) computes with NumPy only.", "tensors"))
        loops = python_loops(source_text(source) or "") if self.vectorised else []
        if loops:
            return self._failure(main, "gives the right values, but with a Python loop.", Hint(
                "python_loop", f"The exercise asks for no Python loop, and your code has "
                f"{loops[0]}. Compute on the whole array at once instead: arithmetic, "
                "comparisons and NumPy functions such as np.exp work element by element on "
                "the array itself.", "loop_vs_vectorised"))
        for promise in self.promises:
            hint = _safely(lambda _ev, p=promise: p(self, main), None)
            if hint:
                return self._failure(main, "gives the right values, but:", hint)
        return None

    def _summary(self, got) -> str:
        if self.returns == "number":
            return f"returned {fmt_number(got)}"
        if self.returns == "tuple":
            return f"returned {show(got)}"
        if self.returns in ("list", "rows"):
            arr = self.as_array(got)
            if arr is not None and arr.size <= 12:
                return f"returned {show(got)}"
            return f"returned {describe(got)}"
        text = f"array of shape {np.shape(got)}"
        return f"{text}, values {fmt_array(got)}" if np.size(got) <= 12 else text

    def _error_failure(self, main: Trial) -> Failure:
        exc = main.error
        for hook in self.error_hints:
            found = _safely(lambda _ev, h=hook: h(exc, main.args), None)
            if found:
                hint = found if isinstance(found, Hint) else Hint("exception_explained", found)
                return self._failure(main, problem_of(exc) + ".", hint)
        problem, hint = explain(exc, main.args)
        return self._failure(main, problem if problem.endswith(".") else problem + ".", hint)

    def _warning_failure(self, main: Trial) -> Failure:
        first = main.warning
        message = str(first.message)
        if "overflow" in message and "exp" in message:
            hint = Hint("overflow", "A value went out of range: compute exp only on numbers "
                        "≤ 0.", "sigmoid")
        else:
            hint = Hint("warning", "nbgrader scores a test 0 when anything is written to "
                        "stderr: find the operation that triggers the warning and avoid it.",
                        named=False)
        return self._failure(main, f"raised a warning: {first.category.__name__}: {message}.",
                             hint)

    def _compare(self, main: Trial) -> Verdict | None:
        got, exp = main.got, main.expected
        if got is None:
            if main.printed.strip():
                shown = main.printed.strip().splitlines()[0][:60]
                return Verdict(f"printed {shown!r} and returned None.", "printed_not_returned",
                               "Printing shows a value; `return` hands it back to the caller. "
                               "End the function with `return <your result>`.", "return",
                               final=True)
            return Verdict("returned None.", "no_return",
                           "The function has no `return` (or it never reaches one). End it "
                           "with `return <your result>`.", "return", final=True)
        kind = self.returns
        if kind == "tuple":
            return self._compare_tuple(got, exp)
        if kind == "number":
            return self._compare_number(got, exp)
        return self._compare_container(got, exp, kind)

    def _values(self, got, exp) -> tuple[np.ndarray | None, np.ndarray | None]:
        return self.as_array(got), self.as_array(exp)

    def _close(self, a: np.ndarray | None, b: np.ndarray | None) -> bool:
        return (a is not None and b is not None and a.shape == b.shape
                and bool(np.allclose(a, b, atol=self.atol, rtol=self.rtol)))

    def _compare_number(self, got, exp) -> Verdict | None:
        if is_number(got):
            if self._close(np.asarray(float(got)), np.asarray(float(exp))):
                return None
            return Verdict(f"returned {fmt_number(got)}, expected {fmt_number(exp)}.",
                           values_right=False)
        if isinstance(got, (bool, np.bool_)):
            return Verdict(f"returned {got}, a True/False value, where a number is asked.",
                           "wrong_type", "Return the number itself.")
        if isinstance(got, np.ndarray):
            right = got.size == 1 and self._close(np.asarray(float(got.reshape(-1)[0])),
                                                   np.asarray(float(exp)))
            advice = ("Return the number itself: np.dot of two 1-D arrays already is a "
                      "number; a product with a 2-D array, or a value wrapped in an array, is "
                      "not (take its element with [0] or float(...)).") if got.size == 1 else (
                f"Return one number, not {got.size} values: a single number is asked.")
            return Verdict(
                f"returned an array of shape {got.shape} where a single number is asked.",
                "array_not_number", advice, "neuron_numpy", values_right=right)
        if _is_shape(got) and isinstance(exp, numbers.Integral):
            right = len(got) == 1 and got[0] == exp
            return Verdict(
                f"returned the tuple {show(got)} where a single number is asked.",
                "shape_not_number", (
                    f"{show(got)} is a shape tuple: return the number, not a shape tuple. "
                    "A shape's numbers are read by position: .shape[0] is the first one, "
                    "len(...) the length of a 1-D array."), "shape", values_right=right,
                final=right)
        if isinstance(got, (list, tuple)):
            what = type(got).__name__
            problem = f"returned a {what} of {len(got)} where a single number is asked."
            if len(got) == 1 and is_number(got[0]) \
                    and self._close(np.asarray(float(got[0])), np.asarray(float(exp))):
                shape = (" A shape (array.shape) is a tuple: array.shape[0] is its first "
                         "number." if what == "tuple" and isinstance(got[0], int)
                         else "")
                return Verdict(problem, "list_not_number", (
                    f"You returned {show(got)}, a {what} holding the right number: return the "
                    f"number itself, not wrapped in a {what} (drop the brackets, or take its "
                    f"element [0]).{shape}"), "return", values_right=True)
            return Verdict(problem, "list_not_number", "Return one number: add the values up "
                           "instead of collecting them (or take the one element out of the "
                           "list).", "neuron")
        if isinstance(got, str):
            return Verdict(f"returned the text {got!r} where a number is asked.",
                           "string_not_number", "Return the number itself; an f-string or "
                           "str(...) turns it into text, which is for printing.", "return")
        return Verdict(f"returned {describe(got)} where a number is asked.", "wrong_type",
                       "Return the number itself.")

    def _compare_container(self, got, exp, kind: str) -> Verdict | None:
        key = hint = section = None
        if kind == "array":
            if isinstance(got, (list, tuple)):
                key, section = "list_not_array", "arrays"
                hint = (f"Return a NumPy array, not a Python {type(got).__name__}: compute with "
                        "NumPy (element-wise arithmetic keeps arrays), or wrap the result in "
                        "np.array(...).")
            elif not isinstance(got, np.ndarray):
                return Verdict(f"returned {describe(got)} where a NumPy array is asked.",
                               "not_an_array", "Return the whole array, one value per entry.",
                               "elementwise")
        else:
            if type_name(got) in _ITERATORS or (hasattr(got, "__next__")
                                                 and not isinstance(got, (list, tuple))):
                what = type_name(got)
                why = _iterator_origin(got, what)
                return Verdict(f"returned a {what} object where a list is asked.",
                               "iterator_not_list",
                               f"{why}, which produces values one at a time but is not a list. "
                               "Build a list (append, or a list comprehension [...]) and return "
                               "it, or wrap it in list(...).", "layer_loops", final=True)
            if isinstance(got, tuple):
                key, section = "tuple_not_list", "layer_loops"
                hint = ("A tuple is not a list: return a list, built with append or a list "
                        "comprehension [...], or list(...) around your tuple.")
            elif isinstance(got, np.ndarray):
                key = "array_not_list"
                hint = ("This exercise asks for plain Python: return a list, not a NumPy array."
                        if self.plain_python else "Return a Python list: .tolist() turns an "
                        "array into one.")
            elif is_number(got):
                key, section = "number_not_list", "layer_loops"
                hint = ("Return a list with one value per "
                        f"{'row' if kind == 'rows' else 'entry'}: create it before the loop, "
                        "append inside the loop, return it after the loop.")
            elif not isinstance(got, list):
                return Verdict(f"returned {describe(got)} where a list is asked.", "wrong_type",
                               "Return a list.", final=True)
            elif kind == "list" and got and all(isinstance(v, (list, tuple, np.ndarray))
                                                and len(v) == 1 for v in got) \
                    and all(is_number(v) for v in exp):
                key, section = "nested_list", "layer_loops"
                hint = ("Each value of your list is wrapped in a list of its own "
                        f"({show(got[0])} instead of a number): the exercise asks for a flat "
                        "list of numbers. Append the number itself (`outputs.append(value)`, "
                        "or `[value for ...]` without inner brackets).")
            elif kind == "rows" and len(got) >= 2 and isinstance(got[0], list) and got[0] \
                    and all(isinstance(r, list) and not r for r in got[1:]) \
                    and exp and len(exp) == len(got) and self._close(
                        self.as_array([got[0]]), self.as_array([exp[0]])):
                return Verdict(f"returned {describe(got)}: the first row is right, the "
                               "others are empty.", "used_up", (
                                   "Only the first row holds values; every later row is empty: "
                                   "something the inner loop walks through was used up in the "
                                   "first round. zip(...) or map(...) stored in a variable "
                                   "before the loop is an iterator, which runs once: call zip "
                                   "inside the loop, or keep list(zip(...))."), "layer_loops",
                               final=True)
            elif kind == "rows" and got and all(is_number(v) for v in got) \
                    and exp and all(isinstance(r, list) for r in exp):
                key, section = "flat_rows", "layer_loops"
                hint = (f"You returned one flat list of {len(got)} numbers where a list of "
                        f"rows is asked: {len(exp)} row{'s' if len(exp) > 1 else ''}, one per "
                        "sample. Even for a single sample the result is a list holding one "
                        "row, [[...]]: append each sample's row and return the list of rows.")
            elif kind == "rows" and got and all(isinstance(r, tuple) for r in got):
                key, section = "rows_not_lists", "layer_loops"
                hint = ("Each row is a tuple, but the exercise asks for a list of lists: make "
                        "each row a list (append to a new list, or list(...)).")
        if kind == "array" and isinstance(got, np.ndarray):
            verdict = self._array_shape(got, exp)
            if verdict is not None:
                return verdict
        g, e = self._values(got, exp)
        if g is None:
            return Verdict(f"returned {describe(got)}, which is not a grid of numbers.",
                           key or "not_numbers", hint or "Return numbers only.", section)
        expected_line, got_line = _value_line(exp), _value_line(got)
        what = ("a NumPy array" if kind == "array" else "a list")
        if key is not None:
            problem = f"returned {describe(got)} where {what} is asked."
            return Verdict(problem, key, hint, section, values_right=self._close(g, e),
                           expected=expected_line, got=got_line)
        if g.shape != e.shape:
            problem = f"returned {describe(got)}: shape {g.shape}, expected shape {e.shape}."
            if kind in ("list", "rows"):
                problem = f"returned {_list_size(got)}, expected {_list_size(exp)}."
            return Verdict(problem, values_right=False, expected=expected_line, got=got_line)
        if self._close(g, e):
            return None
        # positions as the result has them: a layer's list of outputs is [1], not [0, 1]
        raw = as_float_array(exp)
        if raw is not None and raw.size == e.size and raw.shape != e.shape:
            g, e = g.reshape(raw.shape), e.reshape(raw.shape)
        detail = first_difference(g, e, self.atol, self.rtol)
        return Verdict(f"is not right yet: {detail}.", values_right=False,
                       expected=expected_line, got=got_line)

    def _array_shape(self, got: np.ndarray, exp) -> Verdict | None:
        """An array of another shape than the expected one, judged on the raw shapes: the
        View reads a row (1, n) and a vector (n,) alike, the exercise text does not. The
        same values with an axis of length 1 more or less are named extra_axis."""
        want = np.shape(exp)
        if got.shape == want:
            return None
        expected_line, got_line = _value_line(exp), _value_line(got)
        problem = f"returned an array of shape {got.shape} where shape {want} is asked."
        g, e = as_float_array(got), as_float_array(exp)
        same_values = (g is not None and e is not None and g.size == e.size
                       and bool(np.allclose(g.reshape(-1), e.reshape(-1),
                                            atol=self.atol, rtol=self.rtol)))
        squeezed = tuple(n for n in got.shape if n != 1) == tuple(n for n in want if n != 1)
        if same_values and squeezed:
            key = ("extra_axis" if len(got.shape) > len(want) else
                   "missing_axis" if len(got.shape) < len(want) else "axis_misplaced")
            # values_right None: the probes and the chapter's detectors still run first
            return Verdict(problem, key, _axis_text(got.shape, want), "shape",
                           expected=expected_line, got=got_line)
        return Verdict(problem, values_right=False, expected=expected_line, got=got_line)

    def _compare_tuple(self, got, exp) -> Verdict | None:
        if isinstance(got, tuple) and _same_tuple(got, exp):
            return None
        if isinstance(got, list) and _same_tuple(tuple(got), exp):
            return Verdict(f"returned the list {show(got)} where a tuple is asked.",
                           "not_a_tuple", f"Return a tuple, written with round brackets, like "
                           f"{show(exp)}.", "shape", values_right=True)
        return Verdict(f"returned {show(got)}, expected {show(exp)}.", values_right=False)

    # --- must raise ------------------------------------------------------------------------

    def _judge_raises(self, main: Trial, error, must_name, when_returned) -> Failure | None:
        exc, asked = main.error, error.__name__
        if exc is not None:
            if isinstance(exc, error) and not (is_stub(exc) and error is not NotImplementedError):
                message = str(exc)
                if not message:
                    return self._failure(main, f"raised {asked} as asked, but with no message.",
                                         Hint("no_message", "Say what is wrong in the message, "
                                              f"e.g. raise {asked}(f\"...\") with the sizes "
                                              "in it.", "raise"))
                # must_name: numbers (1, 2), or alternatives ((1, 2), (3, 4)) where two
                # things disagree at once and either pair makes a right message
                choices = must_name if must_name and isinstance(must_name[0], tuple) \
                    else (must_name,)
                if not any(all(_names_number(message, n) for n in pair) for pair in choices):
                    listed = " or ".join(" and ".join(str(n) for n in pair) for pair in choices)
                    return self._failure(
                        main, f"raised {asked} as asked, but its message ({message!r}) does "
                        f"not state {listed}.", Hint(
                            "message_missing_sizes", f"The message must name the sizes that "
                            f"disagree ({listed}): put them in with an f-string.", "raise"))
                return None
            problem, hint = explain(exc, main.args)
            if hint.key in ("stub", "uses_numpy"):
                return self._failure(main, problem, hint)
            kind = type(exc).__name__
            if isinstance(exc, AssertionError):
                why = ("`assert` raises AssertionError, the wrong kind of error: write "
                       f"`if ...: raise {asked}(...)`.")
            elif failing_line(exc).lstrip().startswith(f"raise {asked}"):
                why = (f"The line that failed is your own `raise {asked}(...)`: building its "
                       f"message raised {kind} ({exc}) before {asked} could be raised. Build "
                       "the message with an f-string, f\"... {len(a)} and {len(b)}\", which "
                       "puts any values in.")
            elif failing_line(exc).lstrip().startswith("raise "):  # its own check, wrong kind
                why = (f"Your code finds the problem and raises {kind} itself, but the "
                       f"exercise asks for {asked}: write `raise {asked}(...)` there, with "
                       "the same message.")
            else:
                why = (f"Check the input yourself first and `raise {asked}(\"...\")` with a "
                       "message, before the code that fails.")
            return self._failure(main, f"should raise {asked}, but it {problem_of(exc)}.",
                                 Hint("wrong_exception_type", why, "raise"))
        if main.warning is not None:
            return self._warning_failure(main)
        got = main.got
        if isinstance(got, BaseException) or type_name(got).endswith("Error"):
            return self._failure(main, f"returned the exception {show_exception(got)} instead "
                                 "of raising it.", Hint(
                                     "returned_exception", "`return` hands the error back like "
                                     f"any value, and the caller carries on; `raise {asked}(...)` "
                                     "stops the function and reports the problem.", "raise"))
        if main.printed.strip():  # it saw the problem, said so, and carried on
            shown = main.printed.strip().splitlines()[0][:60]
            returned = "None" if got is None else show(got)
            return self._failure(main, f"printed {shown!r} and returned {returned}, instead "
                                 f"of raising {asked}.", Hint(
                                     "printed_not_raised", "A printed message is easy to miss "
                                     "and the caller carries on as if nothing were wrong: "
                                     f"`raise {asked}(...)` stops the function and reports "
                                     "the problem.", "raise"))
        if got is None or isinstance(got, (bool, str)):  # "nothing" or a flag, not a result
            return self._failure(main, f"should raise {asked}, but it returned {show(got)}.",
                                 _flag_returned(got, asked))
        hint = _safely(lambda _ev: when_returned(main), None) if when_returned else None
        if hint is None:
            hint = Hint("must_raise_returned", f"Check the input first and `raise {asked}"
                        "(\"...\")` when it is wrong; returning a value (or None) lets the "
                        "mistake pass unnoticed.", "raise")
        return self._failure(main, f"should raise {asked}, but it returned {show(got)}.", hint)


def _single_precision(got, want) -> bool:
    """Every value matches to about 7 digits and at least one misses float64's: a float64
    computation is off by 1e-16 of the values, one through float32 by 1e-8."""
    if got is None or want is None or got.shape != want.shape or not np.all(np.isfinite(got)):
        return False
    off = np.abs(got - want)
    scale = float(np.max(np.abs(want))) + 1e-300
    return bool(np.all(off <= 1e-6 * scale) and np.any(off > 1e-10 * scale))


def _digits_hint(got, want) -> Hint:
    """Which way the digits went: float32 (every value a float32 holds exactly), rounding
    to a number of decimals, or, when neither shows, both named."""
    k = int(np.argmax(np.abs(got - want)))
    seen = f"Here {want.flat[k]:.12g} came back as {got.flat[k]:.12g}"
    if np.all(got.astype(np.float32).astype(float) == got):
        how = ("the numbers went through float32 on the way (astype(np.float32), "
               "dtype=np.float32 or np.float32(...)), which keeps about 7 significant digits, "
               "while the inputs are float64. Leave the dtype as NumPy computes it.")
    else:
        places = next((d for d in range(1, 10) if np.all(np.abs(got * 10.0 ** d
                                                                - np.round(got * 10.0 ** d))
                                                         < 1e-6)), None)
        how = (f"your values are rounded to {places} decimals (round(), np.round): keep every "
               "value as it comes; rounding is for showing a number." if places else
               "digits were lost on the way, through float32 (astype(np.float32), "
               "dtype=...) or rounding: keep float64 and every digit.")
    return Hint("low_precision", f"{seen}: {how}", "dtype")


def _fewer_digits(got, args: dict) -> bool:
    """A float32 / float16 array result although every float array argument is float64."""
    if not isinstance(got, np.ndarray) or got.dtype not in (np.float32, np.float16):
        return False
    floats = [v.dtype for v in args.values() if isinstance(v, np.ndarray) and v.dtype.kind == "f"]
    return bool(floats) and all(dtype == np.float64 for dtype in floats)


def _flag_returned(got, asked: str) -> Hint:
    """Returned None, a bool or a string where an error must be raised."""
    if got is None:
        how = ("returned None: a bare `return`, `return None`, or the end of the function "
               "without a return. The caller gets no error and carries on with None")
    else:
        how = (f"returned {show(got)}, a value that stands for \"wrong\"; the caller gets no "
               "error, and a check that forgets to test for it carries on with it")
    return Hint("returned_not_raised", f"Your function {how}. Where the input is wrong, "
                f"`raise {asked}(f\"...\")` stops the function and reports the problem.",
                "raise")


def _iterator_origin(got, what: str) -> str:
    """Where a returned iterator comes from, read from the object itself: a generator
    expression's code is named <genexpr>, a generator function's code is the function's."""
    if what != "generator":
        return f"{what}(...) gives an iterator"
    code = getattr(got, "gi_code", None)
    if code is not None and code.co_name == "<genexpr>":
        return "Round brackets, (... for ... in ...), make a generator expression"
    if code is not None:
        return "`yield` makes the function a generator"
    return "A generator"


_AXIS_KEYS = ("extra_axis", "missing_axis", "axis_misplaced")
#: hints that say an array is the wrong way round (a squeeze can make it look so)
_TURNED = _ORIENTATION | {"weight_not_transposed", "weight_transposed"}


def _discarded_hint(name: str) -> Hint:
    return Hint("result_discarded", (
        f"Your code calls {name}(...) on a line of its own: {name} returns a new array and "
        "leaves the one it is called on as it was, so that line changes nothing and its "
        f"result is lost. Keep it: `weights = weights.{name}(...)`, or use the call inside "
        "the formula."), "shape")


def _squeezed_in_line(code: str, line: str) -> bool:
    """The failing line squeezes, or uses a name the code assigned from a squeeze."""
    return any(w in line for w in ("squeeze", "ravel", "flatten")) or any(
        re.search(rf"\b{re.escape(n)}\b", line) for n in squeezed_names(code))


def _has_unit_axis(args: dict) -> bool:
    return any(np.ndim(v) >= 2 and 1 in np.shape(v) for v in args.values())
_DIGITS_LOST = ("rounded", "low_precision")


def _not_whole(got):
    """The first value of a number or tuple result that is not an int (3.0, True), else None."""
    for value in got if isinstance(got, tuple) else (got,):
        if not isinstance(value, (int, np.integer)) or isinstance(value, (bool, np.bool_)):
            return value
    return None


def _axis_text(got: tuple, want: tuple, cause: str = "") -> str:
    """The hint for the right values with an axis of length 1 too many, too few or in the
    wrong place; `cause` is what the student's code shows (keepdims=True, a reshape), else
    nothing is blamed. The fix works for any size (-1 lets NumPy count)."""
    start = f"The values are right, but the array has shape {got} where shape {want} is asked: "
    if len(got) > len(want):
        what = "it has an extra axis of length 1"
        if len(want) == 1 and len(got) == 2:
            what += ", a " + ("column" if got[1] == 1 else "row") + " instead of a 1-D array"
    elif len(got) < len(want):
        what = "an axis of length 1 is missing"
    else:
        what = ("the axis of length 1 is in the wrong place (a row has shape (1, n), a column "
                "(n, 1))")
    cause = f" {cause}" if cause else ""
    if len(got) < len(want):  # the axis has length 1 for these inputs only (one sample, ...)
        how = ("" if cause else " np.squeeze, .ravel(), .flatten() and indexing with [0] drop "
               "such an axis;")
        return f"{start}{what}.{cause}{how} Keep the result with all its axes, whatever the sizes."
    if len(want) == 1:
        fix = "return a 1-D array (.reshape(-1) flattens it)"
    else:
        fix = "drop the extra axis (np.squeeze) or add the missing one (np.newaxis)"
    return f"{start}{what}.{cause} Fix it where the axis comes in, or {fix}."


def _computes_without(source, code: str, library: tuple[str, ...]) -> bool:
    """The code computes with NumPy and reads nothing of `library`: no name of it, and (in
    the notebook) no name bound to one of its objects (`from torch import tensor`)."""
    names = names_loaded(code)
    if "np" not in names or names & set(library):
        return False
    return not package_globals(source, library[0])


def _listed(names) -> str:
    """`a`, `b` and `c`."""
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _layers_in_error(source, error: Exception) -> list[str]:
    """The notebook's PyTorch layers the function calls whose weight (or its transpose) has
    a shape the error names ("mat1 and mat2 shapes cannot be multiplied (2x4 and 3x2)")."""
    namespace = getattr(inspect.unwrap(source), "__globals__", {})
    text = str(error)
    named = {tuple(map(int, pair)) for pair in re.findall(r"(\d+)x(\d+)", text)}
    named |= {s for s in shapes_in(text) if len(s) == 2}
    found = []
    for name in module_globals(source):
        weight = getattr(namespace.get(name), "weight", None)
        shape = tuple(getattr(weight, "shape", ()))
        if len(shape) == 2 and (shape in named or shape[::-1] in named):
            found.append(name)
    return found


def _global_in_error(source, reads: list[str], error: Exception) -> bool:
    """The error names the shape of a notebook array the function reads: that array, not
    the arguments, is what does not fit."""
    namespace = getattr(inspect.unwrap(source), "__globals__", {})
    shapes = {tuple(np.shape(namespace[n])) for n in reads if n in namespace}
    return any(s in shapes for s in shapes_in(str(error)) if len(s) > 0)


def _global_sized(source, reads: list[str], got, expected) -> bool:
    """The result has a wrong size that a notebook variable the function reads has (its
    value, for a count such as n_neurons; its shape, for an array): that variable, not the
    arguments, sized the result."""
    got_shape, want_shape = np.shape(got), np.shape(expected)
    if got_shape == want_shape:
        return False
    namespace = getattr(inspect.unwrap(source), "__globals__", {})
    values = [namespace[n] for n in reads if n in namespace]
    if any(np.shape(v) == got_shape for v in values if np.ndim(v) > 0):
        return True
    counts = {int(v) for v in values if isinstance(v, (int, np.integer))
              and not isinstance(v, (bool, np.bool_))}
    return len(got_shape) == len(want_shape) and any(
        g != w and g in counts for g, w in zip(got_shape, want_shape, strict=True))


def _axis_cause(source, missing: bool) -> str:
    """What in the student's code keeps, adds (or, when `missing`, drops) an axis of length 1,
    when the code shows it."""
    if source is None:
        return ""
    called = methods_called(source)
    dropped = sorted(called & {"squeeze", "ravel", "flatten"})
    if missing:
        return (f"Your code calls {dropped[0]}, which drops every axis of length 1, also one "
                "that belongs to the result (a batch of one sample, a layer of one neuron)."
                if dropped else "")
    if "keepdims" in keywords_used(source):
        return ("Your code passes keepdims=True, which keeps the axis a reduction removes: "
                "leave it out.")
    if "newaxis" in called or "reshape" in called:
        return ("Your code calls reshape (or np.newaxis): that is where an axis of length 1 "
                "can come in.")
    return ""


def _is_shape(value) -> bool:
    """A tuple of whole numbers, the way NumPy gives a shape: (3,), (3, 4)."""
    return isinstance(value, tuple) and bool(value) and all(
        isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in value)


def _value_line(value) -> str | None:
    """The values of a (small) list or array for the expected/got lines, as they are."""
    arr = as_float_array(value)
    if arr is None or arr.ndim == 0 or arr.size > 24:
        return None
    return fmt_array(arr)


def _stable(trial: Trial):
    """What a ✓ line shows of a passing answer. A float32 answer's last bits differ between
    processors (vector units sum in other orders), and at 6 digits that can show: the line
    then shows the expected values, which the answer matched, in the answer's shape."""
    got = trial.got
    try:
        float32 = np.asarray(got).dtype == np.float32
    except (TypeError, ValueError):  # not array-like: shown as it is
        return got
    if float32 and np.size(trial.expected) == np.size(got):
        values = np.asarray(trial.expected, dtype=np.float64).reshape(np.shape(got))
        return values if isinstance(got, np.ndarray) else values.item()
    return got


def show_exception(exc) -> str:
    return f"{type_name(exc)}({str(exc)!r})" if str(exc) else type_name(exc)


def _names_number(message: str, number: int) -> bool:
    """True if `number` stands alone: "4." ending a sentence counts, "4.5" or "1.4" do not."""
    return re.search(rf"(?<!\d)(?<!\d\.){number}(?!\d)(?!\.\d)", message) is not None


def _same_tuple(a, b) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same_tuple(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, tuple) or isinstance(b, tuple):
        return False
    try:
        return bool(a == b) and type(a) is not bool
    except Exception:
        return False


def _list_size(value) -> str:
    if isinstance(value, list) and value and all(isinstance(r, (list, tuple)) for r in value):
        lengths = sorted({len(r) for r in value})
        inner = " or ".join(str(n) for n in lengths)
        return f"{len(value)} row{'s' if len(value) != 1 else ''} of {inner}"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}"
    return describe(value)


def as_float_array(value) -> np.ndarray | None:
    if value is None or isinstance(value, (str, bytes, dict)):
        return None
    if hasattr(value, "__next__"):
        return None
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr


def _safely(detect, ev):
    """detect(ev), with warnings silenced and any exception turned into None."""
    import warnings

    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return detect(ev)
    except Exception:
        return None


def notebook_namespace(depth: int = 3) -> dict:
    """For a chapter helper: the globals of the test cell that called it."""
    return sys._getframe(depth).f_globals


__all__ = ["Exercise", "Probe", "Verdict", "answer", "caller_namespace", "is_number"]
