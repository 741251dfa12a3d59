# ruff: noqa: B905  (the functions below imitate student code, which uses zip() without strict=)
"""Unit tests of nncourse.checks: diagnoses fire on their mistake and never on a right answer,
probes confirm a mistake before it is named, messages are Failure objects rendered in one
place, and nothing reaches stderr.

Inputs are non-square and asymmetric on purpose: each mistake then gives a distinct result.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from nncourse.checks import (
    SECTIONS,
    AnswerMissing,
    CheckFailed,
    check_function,
    check_raises,
    check_value,
    cite,
)
from nncourse.checks.chapters.ch01 import NEURON_OUTPUT
from nncourse.checks.chapters.ch02 import LAYER_ON_SAMPLES, LAYER_OUTPUT
from nncourse.checks.chapters.ch03 import COSINE_SIMILARITY, DOT_PRODUCT, NEURON_WITH_NUMPY
from nncourse.checks.failure import RECENT, Failure
from nncourse.checks.render import WIDTH, render

X = np.array([[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0]])  # 2 samples x 4 inputs
W = np.array([[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]])
B = np.array([2.0, 3.0, 0.5])
EXPECTED = X @ W.T + B  # (2, 3), computed here, in the test, never in the shipped module
ARGS = {"inputs": X, "weights": W, "biases": B}


def run_check(func, args=ARGS, expected=EXPECTED, **options):
    """Run check_function on `func` published as `student_fn`; return the failure text or ''."""
    try:
        check_function("student_fn", args, expected, namespace={"student_fn": func}, **options)
    except CheckFailed as failure:
        return " ".join(str(failure).split())  # the words, wherever the lines were wrapped
    return ""


def failure_of(exercise, func, args, expected, name=None):
    """The Failure `exercise` raises for `func` (None when it passes)."""
    try:
        exercise.check(args, expected, namespace={name or exercise.function: func})
    except CheckFailed as failed:
        return failed.failure
    return None


# --- the legacy check-by-name functions ---------------------------------------------------


def test_right_answer_passes_and_says_so(capsys):
    assert run_check(lambda x, w, b: np.dot(x, w.T) + b) == ""
    line = capsys.readouterr().out
    assert line.startswith("✓ student_fn(") and "shape (2, 3)" in line


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda x, w, b: np.dot(x, w.T), "The bias is missing"),
        (lambda x, w, b: np.dot(x, w.T) + 2 * b, "The bias is added twice"),
        (lambda x, w, b: np.dot(x, w.T).tolist(), "where a NumPy array is asked"),
        (lambda x, w, b: None, "returned None"),
        (lambda x, w, b: np.dot(x, w), "inner dimensions to agree"),
        (lambda x, w, b: np.dot(x, w.T) + b[:, None], "Biases have one value per neuron"),
        (lambda x, w, b: x[:, None, -1] * w[:, -1] + b, "Only the last input × weight survived"),
    ],
)
def test_mistakes_get_their_hint(wrong, hint):
    message = run_check(wrong)
    assert message, "a wrong answer passed"
    assert hint in message


def test_transposed_result_is_named():
    assert "transpose of the expected one" in run_check(lambda x, w, b: np.dot(w, x.T) + b[:, None])


def test_mutating_the_inputs_is_caught():
    def in_place(x, w, b):
        x += 0
        x[0, 0] = 99.0
        return np.dot(x, w.T) + b

    message = run_check(in_place)
    assert "changed its input `inputs` in place" in message
    assert X[0, 0] == 1.0, "the test's own inputs must never change"


def test_an_argument_handed_back_is_no_new_array():
    from nncourse.checks.chapters.ch05 import AS_ROW
    from nncourse.checks.chapters.ch08 import RELU

    def relu_as_is(z):
        return z if (z >= 0).all() else np.maximum(0.0, z)

    z = np.array([[0.5, 2.0], [0.0, 3.25]])
    with pytest.raises(CheckFailed) as caught:
        RELU.check({"z": z}, expected=z.copy(), namespace={"relu": relu_as_is})
    assert caught.value.failure.mistake == "returned_input"
    assert "`z` itself" in render(caught.value.failure)
    RELU.check({"z": -z}, expected=np.zeros_like(z), namespace={"relu": relu_as_is})
    # a view is the answer where the exercise reshapes its argument
    AS_ROW.check({"vector": np.array([1.0, 2.0])}, expected=np.array([[1.0, 2.0]]),
                 namespace={"as_row": lambda vector: vector.reshape(1, -1)})


def test_stub_and_missing_answer_say_what_to_do():
    def stub(x, w, b):
        raise NotImplementedError("Replace this line with your answer, then run the cell.")

    assert "still raises the stub's NotImplementedError" in run_check(stub)
    with pytest.raises(AnswerMissing, match="not defined yet"):
        check_function("no_such_function_here", ARGS, EXPECTED, namespace={})


def test_warnings_fail_without_reaching_stderr(capsys):
    message = run_check(lambda z: 1 / (1 + np.exp(-z)), {"z": np.array([-1000.0, 0.0])},
                        np.array([0.0, 0.5]))
    assert "RuntimeWarning" in message and "overflow" in message
    assert capsys.readouterr().err == ""


def test_plain_python_blocks_numpy_even_through_helpers():
    def helper(a, b):
        return np.dot(a, b)

    globals()["helper"] = helper

    def uses_helper(inputs, weights, bias):
        return helper(inputs, weights) + bias

    args = {"inputs": [1.0, 2.0], "weights": [3.0, 4.0], "bias": 1.0}
    assert "asks for plain Python" in run_check(uses_helper, args, 12.0, plain_python=True)
    assert run_check(lambda i, w, b: sum(x * y for x, y in zip(i, w, strict=True)) + b, args,
                     12.0, plain_python=True) == ""


def test_scalar_tolerance_is_explicit():
    assert run_check(lambda: 4.800000000000001, {}, 4.8) == ""
    assert "returned 4.81, expected 4.8" in run_check(lambda: 4.81, {}, 4.8, atol=1e-3)


def test_check_raises_requires_a_message_and_the_sizes():
    def silent(a, b):
        raise ValueError

    def vague(a, b):
        raise ValueError("lengths differ")

    def clear(a, b):
        raise ValueError("lengths differ: 2 and 3")

    for func, ok in ((silent, False), (vague, False), (clear, True)):
        try:
            check_raises("length_check", {"a": [1, 2], "b": [1, 2, 3]}, ValueError,
                         must_name=(2, 3), namespace={"length_check": func})
            passed = True
        except CheckFailed:
            passed = False
        assert passed is ok, func.__name__


def test_check_value_reports_missing_and_wrong():
    check_value("answer_value", (3, 2), namespace={"answer_value": (3, 2)})
    with pytest.raises(CheckFailed, match=r"expected \(3, 2\)"):
        check_value("answer_value", (3, 2), namespace={"answer_value": (2, 3)})


# --- failures as data, rendered in one place ------------------------------------------------


def test_a_failure_is_data_with_a_mistake_name():
    failure = failure_of(NEURON_OUTPUT, lambda i, w, b: sum(x * y for x, y in zip(i, w)),
                         {"inputs": [1.0, 2.0, 3.0], "weights": [0.2, 0.8, -0.5], "bias": 2.0},
                         2.3)
    assert failure.mistake == "bias_missing" and failure.named
    assert failure.exercise == "ex01_neuron_output"
    assert failure.section == "re-read 01 · The bias"
    data = failure.to_dict()
    assert data["mistake"] == "bias_missing" and "The bias is missing" in data["message"]
    assert RECENT[-1] is failure


def test_rendered_lines_are_short_and_keep_every_word():
    long_hint = " ".join(["the bias is missing"] * 20)
    failure = Failure(call="neuron_output(<list (5,)>, <list (5,)>, 0.37)",
                      problem="returned 2.96, expected 2.965.", evidence=("x " * 60,),
                      hint=long_hint, section="re-read 01 · The bias")
    text = render(failure, prefix="CheckFailed: ")
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert "re-read 01 · The bias" in text  # a citation is never split
    lines = text.splitlines()
    hint = next(i for i, line in enumerate(lines) if line.startswith("  hint: "))
    assert lines[hint + 1].startswith(" " * len("  hint: ") + "the")


def test_tick_lines_are_wrapped_too(capsys):
    long = [[0.123456, 1.234567, -2.345678, 3.456789]] * 3
    NEURON_OUTPUT.check({"inputs": [1.0] * 30, "weights": [0.5] * 30, "bias": 0.0}, 15.0,
                        namespace={"neuron_output": lambda i, w, b: 15.0})
    assert long  # (the table above only makes the call line long)
    out = capsys.readouterr().out
    assert out.startswith("✓ ") and max(len(line) for line in out.splitlines()) <= WIDTH


# --- sections never point ahead ---------------------------------------------------------------


def test_citations_never_point_to_a_later_chapter():
    assert cite("bias", "01") == "re-read 01 · The bias"
    assert cite("shape_rule", "03") is None  # taught in 05
    assert cite("return", "00") == "re-read 00 · Loop vs vectorised"
    assert cite("return", "04") == "re-read 01 · From a formula to a function"
    for concept, places in SECTIONS.items():
        assert [p[0] for p in places] == sorted(p[0] for p in places), concept


def test_a_general_explanation_drops_a_later_section():
    def swapped(inputs, weights, bias):
        return np.dot(np.ones((2, 3)), inputs) + bias  # a shape error

    failure = failure_of(NEURON_WITH_NUMPY, swapped, {"inputs": np.ones(4),
                         "weights": np.ones(4), "bias": 1.0}, 5.0)
    # (2, 3) is no argument's shape: named as an outside array, still under the shape rule
    assert failure.mistake == "foreign_array"
    assert failure.section is None  # the shape rule is chapter 05's: not cited in 03


# --- probe, then name ---------------------------------------------------------------------------

NEURON = {"inputs": [1.0, 2.0, 3.0], "weights": [0.2, 0.8, -0.5], "bias": 2.0}
FINE = {"inputs": [1.13, -2.71, 0.35], "weights": [0.29, 0.83, -0.57], "bias": 0.47}
FINE_EXPECTED = 1.13 * 0.29 - 2.71 * 0.83 - 0.35 * 0.57 + 0.47
NEGATIVE_BIAS = {"inputs": [1.0, 2.0, 3.0], "weights": [0.2, 0.8, -0.5], "bias": -2.0}


@pytest.mark.parametrize(("code", "mistake"), [
    (lambda i, w, b: sum(x * y for x, y in zip(i, w)), "bias_missing"),
    (lambda i, w, b: sum(x * y + b for x, y in zip(i, w)), "bias_per_input"),
    (lambda i, w, b: sum(x * y for x, y in zip(i, w)) * b, "bias_multiplied"),
    (lambda i, w, b: sum(x * (y + b) for x, y in zip(i, w)), "bias_on_weights"),
    (lambda i, w, b: sum(x * y for x, y in zip(i[:-1], w[:-1])) + b, "last_input_skipped"),
    (lambda i, w, b: sum(x * y for x, y in zip(i[1:], w[1:])) + b, "first_input_skipped"),
    (lambda i, w, b: sum(int(x * y) for x, y in zip(i, w)) + b, "int_truncation"),
    (lambda i, w, b: round(sum(x * y for x, y in zip(i, w)) + b, 1), "rounded"),
    (lambda i, w, b: sum(i) * sum(w) + b, "product_of_sums"),
    (lambda i, w, b: 2.3, "ignores_params"),
])
def test_probes_name_the_mistake(code, mistake):
    failure = failure_of(NEURON_OUTPUT, code, FINE, FINE_EXPECTED)
    assert failure is not None and failure.mistake == mistake
    assert failure.evidence, "a named mistake shows the probes that confirm it"


@pytest.mark.parametrize("code", [
    lambda i, w, b: 0.0,  # a constant 0 looks like a multiplied bias on zero inputs only
    lambda i, w, b: sum(x * y for x, y in zip(i, w)) + b + (1.0 if len(i) == 3 else 0.0),
    lambda i, w, b: sum(x * abs(y) for x, y in zip(i, w)) + b,
    lambda i, w, b: sum(x * y for x, y in zip(i, w)) + abs(b),
])
def test_unknown_mistakes_are_described_not_named(code):
    failure = failure_of(NEURON_OUTPUT, code, NEGATIVE_BIAS, -1.7)
    assert failure is not None
    assert not failure.named or failure.mistake.startswith("ignores_"), failure.render()


def test_collapsed_answers_are_not_taken_for_an_ignored_parameter():
    def floor_division(a, b):
        return np.dot(a, b) // (np.linalg.norm(a) * np.linalg.norm(b))

    failure = failure_of(COSINE_SIMILARITY, floor_division,
                         {"vector_a": np.array([3.0, 1.0]), "vector_b": np.array([1.0, 2.0])},
                         1 / np.sqrt(2))
    assert failure.mistake == "int_truncation"


def test_layer_probes_tell_loop_mistakes_apart():
    args = {"inputs": [1.0, 2.0, 3.0, 2.5], "weights": W.tolist(), "biases": B.tolist()}
    expected = (W @ np.array(args["inputs"]) + B).tolist()

    def skip_last_neuron(x, w, b):
        return [sum(p * q for p, q in zip(row, x)) + c for row, c in zip(w[:-1], b[:-1])]

    def first_bias(x, w, b):
        return [sum(p * q for p, q in zip(row, x)) + b[0] for row in w]

    assert failure_of(LAYER_OUTPUT, skip_last_neuron, args, expected).mistake \
        == "last_neuron_skipped"
    assert failure_of(LAYER_OUTPUT, first_bias, args, expected).mistake == "first_bias_for_all"
    samples = {"samples": X.tolist(), "weights": W.tolist(), "biases": B.tolist()}

    def neurons_outside(s, w, b):
        return [[sum(p * q for p, q in zip(row, x)) + c for x in s] for row, c in zip(w, b)]

    assert failure_of(LAYER_ON_SAMPLES, neurons_outside, samples, EXPECTED.tolist()).mistake \
        == "transposed"


def test_a_failing_check_answers_well_under_100_ms():
    def wrong(i, w, b):
        return sum(x * y for x, y in zip(i, w))

    start = time.perf_counter()
    for _ in range(10):
        failure_of(NEURON_OUTPUT, wrong, NEURON, 2.3)
    assert (time.perf_counter() - start) / 10 < 0.05


def test_probes_are_quiet_and_warnings_never_reach_stderr(capsys):
    def noisy(a, b):
        print("debug", a)
        return float(np.sqrt(np.sum(a) - 100.0))  # nan + RuntimeWarning on every call

    failure = failure_of(COSINE_SIMILARITY, noisy,
                         {"vector_a": np.array([3.0, 1.0]), "vector_b": np.array([1.0, 2.0])},
                         1 / np.sqrt(2))
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.count("debug") == 1  # the test's own call prints; probes do not
    assert failure.mistake == "warning"


def test_must_raise_names_what_came_back_instead():
    def returns_error(a, b):
        if len(a) != len(b):
            return ValueError("lengths differ")
        return sum(x * y for x, y in zip(a, b))

    with pytest.raises(CheckFailed) as failed:
        DOT_PRODUCT.check_raises({"vector_a": [1, 2, 3], "vector_b": [1]}, ValueError,
                                 must_name=(3, 1), namespace={"dot_product": returns_error})
    assert failed.value.mistake == "returned_exception"


def test_chapter09_reads_a_layer_as_plain_data():
    """What the chapter-09 checks take from a returned nn.Linear crosses a process boundary."""
    import torch

    from nncourse.checks.chapters.ch09 import read_linear

    layer = torch.nn.Linear(4, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W))
        layer.bias.copy_(torch.from_numpy(B))
    info = read_linear(layer)
    plain = (str, int, tuple, np.ndarray, type(None))
    assert all(isinstance(value, plain) for value in info.values()), info
    assert info["kind"] == "linear" and info["weight_dtype"] == "float32"
    assert np.allclose(info["weight"], W, atol=1e-6) and info["bias_shape"] == (3,)
    assert read_linear(layer.weight)["kind"] == "tensor" and read_linear(None)["kind"] == "none"


# --- chapter 08: activations ----------------------------------------------------------------


def _ch08_failure(exercise, func, args, expected):
    relu = lambda z: np.maximum(0.0, z)  # noqa: E731  (the student's Exercise 1)
    try:
        exercise.check(args, expected, namespace={exercise.function: func, "relu": relu})
    except CheckFailed as failed:
        return failed.failure
    return None


_Z = np.array([[-3.0, -0.5, 0.0], [0.59, 1.2, 4.0]])
_SIG = 0.5 * (1 + np.tanh(_Z / 2))  # computed here, in the test


@pytest.mark.parametrize(
    ("func", "mistake"),
    [
        (lambda z: 1 / (1 + 2.718 ** (-z)), "approximate_e"),
        (lambda z: 0.5 * (1 + np.tanh(z / 2.2)), None),  # sigmoid(k·z): no rounded e
        (lambda z: 0.5 * (1 + np.tanh(z / 2)).astype(np.float32), "float32"),
    ],
)
def test_ch08_sigmoid_names_only_what_probes_confirm(func, mistake):
    from nncourse.checks.chapters.ch08 import SIGMOID

    failure = _ch08_failure(SIGMOID, func, {"z": _Z}, _SIG)
    assert failure is not None
    if mistake:
        assert failure.mistake == mistake
    else:
        assert not failure.named, failure.mistake


def test_ch08_relu_network_layers_hold_no_expected_answer():
    """The layers handed to relu_network carry weights, biases and records, nothing else."""
    from nncourse.checks.chapters import ch08

    seen = []

    def relu_network(inputs, layer1, layer2):
        seen.append({**vars(layer1), **vars(layer2)})
        layer1.forward(inputs)
        return layer2.forward(np.maximum(0.0, layer1.output))

    x = np.array([[1.0, -2.0], [0.5, 0.25], [-1.0, 1.5]])
    w1, b1 = np.array([[1.0, -0.5, 2.0], [0.5, 1.0, -1.0]]), np.array([[0.1, -0.2, 0.3]])
    w2, b2 = np.array([[1.0, 0.5], [-1.0, 2.0], [0.25, -0.75]]), np.array([[0.5, -0.5]])
    between = np.maximum(0.0, x @ w1 + b1)
    expected = between @ w2 + b2
    ns = {"relu_network": relu_network}
    ch08.RELU_NETWORK.check({"inputs": x, "layer1": ch08.RecordingLayer("layer1", w1, b1, ""),
                             "layer2": ch08.RecordingLayer("layer2", w2, b2, "")},
                            expected, namespace=ns)
    arrays = [v for v in seen[0].values() if isinstance(v, np.ndarray)]
    for answer in (expected, between):
        assert not any(v.shape == answer.shape and np.allclose(v, answer) for v in arrays)


def test_a_function_reading_notebook_data_is_told_which_parameter_it_ignores():
    """globals_read: notebook arrays read by a function (not its functions or modules)."""
    from nncourse.checks.globals_read import data_globals, unused_parameters

    namespace = {"np": np, "biases": np.array([1.0, 2.0]), "helper": len}
    exec("def strongest(inputs, weights, b):\n"
         "    return int(np.argmax(np.dot(weights, inputs) + biases)) + helper([])\n",
         namespace)
    assert data_globals(namespace["strongest"]) == ["biases"]
    assert unused_parameters(namespace["strongest"]) == ["b"]
    exec("def honest(inputs, weights, biases):\n"
         "    return np.dot(weights, inputs) + biases\n", namespace)
    assert data_globals(namespace["honest"]) == [] and unused_parameters(namespace["honest"]) == []


def test_a_passing_float32_answer_shows_the_expected_values_on_its_tick_line():
    """A float32 result's last bit differs between processors, and at 6 digits it can show
    (0.0924159 on one machine, 0.092416 on another): nbval would then fail on one of them."""
    from nncourse.checks.exercise import _stable
    from nncourse.checks.run import Trial

    expected = np.array([[0.09241595], [0.5]])
    for last_bit in (0, 1):
        got = (expected.astype(np.float32).view(np.int32) + last_bit).view(np.float32)
        shown = _stable(Trial("main", {}, expected, got=got))
        assert shown.shape == got.shape and np.array_equal(shown, expected)
    assert _stable(Trial("main", {}, 2.5, got=np.float32(2.5))) == 2.5
    assert _stable(Trial("main", {}, [1, 2], got=[1, 2])) == [1, 2]  # not float32: as it is


def test_the_tick_line_shows_the_result_of_the_call_it_names(capsys):
    """A function that keeps appending to a default list: its first call is right, and the
    ✓ line shows that result, not the list as the probe calls after it have grown it."""
    def piling(samples, weights, bias, outputs=[]):  # noqa: B006 (the mistake under test)
        for sample in samples:
            outputs.append(sum(x * w for x, w in zip(sample, weights)) + bias)
        return outputs

    from nncourse.checks.chapters.ch01 import NEURON_ON_SAMPLES

    NEURON_ON_SAMPLES.check({"samples": [[1.0, 2.0], [0.0, 1.0]], "weights": [1.0, 1.0],
                             "bias": 0.5}, expected=[3.5, 1.5],
                            namespace={"neuron_on_samples": piling})
    assert len(piling.__defaults__[0]) > 2  # the probes did call it again
    assert "returned [3.5, 1.5] as expected" in capsys.readouterr().out
