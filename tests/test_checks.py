"""Unit tests of nncourse.checks: each diagnosis fires on its mistake, and never on a right answer.

Inputs are non-square and asymmetric on purpose: each mistake then gives a distinct result.
"""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.checks import AnswerMissing, CheckFailed, check_function, check_raises, check_value

X = np.array([[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0]])  # 2 samples x 4 inputs
W = np.array([[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]])
B = np.array([2.0, 3.0, 0.5])
EXPECTED = X @ W.T + B  # (2, 3), computed here, in the test, never in the shipped module
ARGS = {"inputs": X, "weights": W, "biases": B}


def run_check(func, args=ARGS, expected=EXPECTED, **options):
    """Run check_function on `func` published as `student_fn`; return the failure text or ''."""
    globals()["student_fn"] = func
    try:
        check_function("student_fn", args, expected, **options)
    except CheckFailed as failure:
        return str(failure)
    finally:
        globals().pop("student_fn", None)
    return ""


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
    def swapped(x, w, b):
        return np.dot(w, x.T) + b[:, None]

    assert "transpose of the expected one" in run_check(swapped)


def test_bias_along_the_wrong_axis_in_a_square_batch():
    x = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]])
    w = np.array([[1.0, 0.0], [0.5, 2.0], [-1.0, 1.0]])
    b = np.array([1.0, 2.0, 3.0])
    message = run_check(lambda x, w, b: x @ w.T + b[:, None],
                        {"inputs": x, "weights": w, "biases": b}, x @ w.T + b)
    assert "wrong axis" in message


def test_elementwise_product_is_named():
    x, w = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])
    message = run_check(lambda x, w, b: x * w + b, {"inputs": x, "weights": w, "bias": 1.0},
                        float(x @ w + 1.0))
    assert "element by element" in message


def test_mutating_the_inputs_is_caught():
    def in_place(x, w, b):
        x += 0
        x[0, 0] = 99.0
        return np.dot(x, w.T) + b

    message = run_check(in_place)
    assert "changed its input `inputs` in place" in message
    assert X[0, 0] == 1.0, "the test's own inputs must never change"


def test_stub_and_missing_answer_say_what_to_do():
    def stub(x, w, b):
        raise NotImplementedError("Replace this line with your answer, then run the cell.")

    assert "still raises the stub's NotImplementedError" in run_check(stub)
    with pytest.raises(AnswerMissing, match="not defined yet"):
        check_function("no_such_function_here", ARGS, EXPECTED)


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
    message = run_check(uses_helper, args, 12.0, plain_python=True)
    assert "asks for plain Python" in message
    assert run_check(lambda i, w, b: sum(x * y for x, y in zip(i, w, strict=True)) + b, args,
                     12.0, plain_python=True) == ""


def test_list_concatenation_is_named():
    message = run_check(lambda a, b: a + b, {"vector_a": [1, 2, 3], "vector_b": [2, 3, 4]},
                        [3, 5, 7])
    assert "glues them together" in message


def test_shapes_row_vector_vs_flat():
    row = np.array([[1.0, 2.0, 3.0]])
    message = run_check(lambda v: v.ravel(), {"vector": row}, row)
    assert "(1, n)" in message


def test_scalar_tolerance_is_explicit():
    assert run_check(lambda: 4.800000000000001, {}, 4.8) == ""
    assert "got 4.81, expected 4.8" in run_check(lambda: 4.81, {}, 4.8, atol=1e-3)


def test_check_raises_requires_a_message():
    def silent(a, b):
        raise ValueError

    def clear(a, b):
        raise ValueError("lengths differ: 2 and 3")

    for func, ok in ((silent, False), (clear, True)):
        globals()["length_check"] = func
        try:
            check_raises("length_check", {"a": [1, 2], "b": [1, 2, 3]}, ValueError)
            passed = True
        except CheckFailed:
            passed = False
        assert passed is ok


def test_check_value_reports_missing_and_wrong():
    globals()["answer_value"] = (3, 2)
    check_value("answer_value", (3, 2))
    globals()["answer_value"] = (2, 3)
    with pytest.raises(CheckFailed, match=r"expected \(3, 2\)"):
        check_value("answer_value", (3, 2))


def test_feedback_is_short_in_the_notebook():
    failure = CheckFailed("line one\n  hint: line two")
    rendered = failure._render_traceback_()
    assert rendered[0].endswith("line one") and "CheckFailed" in rendered[0]
    assert rendered[1] == "  hint: line two"


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
