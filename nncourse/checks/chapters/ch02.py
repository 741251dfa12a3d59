"""Chapter 02 · A layer of neurons, in plain Python: the checks of its two exercises.

Both exercises compute inputs · weights + biases for several neurons (then for several
samples), so they use the layer probe battery and the mistake models of
nncourse.checks.layers; this module adds the chapter's own words.
"""

from __future__ import annotations

from .. import layers
from ..exercise import Exercise

_LAYER = layers.View(neurons=True)
_BATCH = layers.View(samples=True, neurons=True)

_ADVICE = {
    "bias_missing": "Append `total + neuron_bias` for each neuron, with its own bias from "
                    "zip(weights, biases).",
    "index_out_of_range": "In weights[i][j] the first index is the row (the neuron), the "
                          "second the column (the input): i runs over range(len(weights)), j "
                          "over range(len(inputs)).",
    "list_arithmetic": "If the inner zip pairs `inputs` with `weights` (the whole list of "
                       "rows), each w is a row: pair the inputs with one neuron's row, e.g. "
                       "zip(neuron_weights, inputs).",
    "int_truncation": "In plain Python, int(...) and round(...) drop the fraction, and `//` "
                      "divides to a whole number.",
}

LAYER_OUTPUT = Exercise(
    "ex02_layer_output", "layer_output", "list", plain_python=True,
    probes=layers.probes(_LAYER, ("inputs", "weights", "biases")),
    detectors=layers.detectors(_LAYER), view=_LAYER, truncation_bound=8.0, advice=_ADVICE)

LAYER_ON_SAMPLES = Exercise(
    "ex02_layer_on_samples", "layer_on_samples", "rows", plain_python=True,
    probes=layers.probes(_BATCH, ("samples", "weights", "biases")),
    detectors=layers.detectors(_BATCH), view=_BATCH, truncation_bound=8.0,
    advice={**_ADVICE, "bias_twice": "If you call your layer_output, it already adds the "
                                     "biases: do not add them again."})

__all__ = ["LAYER_ON_SAMPLES", "LAYER_OUTPUT"]
