"""The checks' text is wrapped at about 88 characters, never inside a word or a number."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nncourse.checks import CheckFailed, check_function
from nncourse.checks.render import WIDTH, unwrap, wrap

TICK = ("✓ np.random.seed(0), DenseLayer(4, 5) then DenseLayer(5, 2), forward <array (3, 4)>: "
        "array of shape (3, 2), values [[0.148296, -0.08397602], [0.14100315, -0.01340469], "
        "[0.20124979, -0.07290616]] as expected")
FAILURE = (
    "CheckFailed: layer_forward(<array (3, 4)>, <array (3, 4)>, <array (3,)>) raised "
    "ValueError (line 4 of the cell that defines `layer_forward`: "
    "`return np.dot(inputs, weights) + biases`): you took a dot product of `inputs` (3, 4) · "
    "`weights` (3, 4), but a product (s, m) · (m, n) needs the inner dimensions to agree.\n"
    "  expected: [[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026], "
    "[1.41, 1.051, 0.026]]\n"
    "  hint: Here the weights are stored (n_neurons, n_inputs), one row per neuron: use "
    "np.dot(weights, inputs) for one sample, np.dot(inputs, weights.T) for a batch"
)


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("text", [TICK, FAILURE])
def test_lines_fit_and_no_word_or_number_is_split(text):
    wrapped = wrap(text)
    assert all(len(line) <= WIDTH for line in wrapped.splitlines()), wrapped
    assert words(wrapped) == words(text)  # breaks only where there was a space
    assert wrap(wrapped) == wrapped


def test_continuation_lines_hang_under_their_label():
    lines = wrap(FAILURE).splitlines()
    hint = next(i for i, line in enumerate(lines) if line.startswith("  hint: "))
    assert lines[hint + 1].startswith(" " * len("  hint: ") + "np.dot(")
    expected = next(i for i, line in enumerate(lines) if line.startswith("  expected: "))
    assert re.match(r" {12}\S", lines[expected + 1])  # under the first value
    assert lines[1].startswith("    ") and not lines[1].startswith("     ")  # 4 deeper
    assert "(3, 4)" in wrap(FAILURE) and "<array (3, 4)>" in wrap(FAILURE)


def test_tick_lines_unwrap_to_what_was_printed():
    assert unwrap(wrap(TICK)) == TICK
    assert wrap(TICK).splitlines()[1].startswith("  ")


def test_a_word_longer_than_the_line_stays_whole():
    long = "x" * 120
    assert wrap(f"see {long} here") == f"see\n    {long}\n    here"


def test_checks_print_and_raise_wrapped_lines(capsys):
    def layer_forward(inputs, weights, biases):
        return np.dot(inputs, weights.T) + biases

    x = np.arange(12.0).reshape(3, 4) / 7
    w = np.arange(12.0).reshape(3, 4) / 11
    b = np.array([2.0, 3.0, 0.5])
    ns = {"layer_forward": layer_forward}
    check_function("layer_forward", {"inputs": x, "weights": w, "biases": b},
                   expected=np.dot(x, w.T) + b, namespace=ns)
    out = capsys.readouterr().out
    assert out.startswith("✓") and max(map(len, out.splitlines())) <= WIDTH

    with pytest.raises(CheckFailed) as failure:
        check_function("layer_forward", {"inputs": x, "weights": w, "biases": b},
                       expected=np.dot(x, w.T), namespace=ns)
    shown = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in failure.value._render_traceback_()]
    assert shown[0].startswith("CheckFailed: ")
    assert max(map(len, shown)) <= WIDTH
    assert words(" ".join(shown)) == words(f"CheckFailed: {failure.value}")
