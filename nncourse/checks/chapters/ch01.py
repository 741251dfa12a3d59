"""Chapter 01 · A single neuron: the checks of its two exercises.

Both exercises compute inputs · weights + bias in plain Python, so they use the layer probe
battery and mistake models of nncourse.checks.layers (one neuron on one sample, then one
neuron on several samples); this module only adds the chapter's own words.
"""

from __future__ import annotations

from .. import layers
from ..exercise import Exercise

_ONE = layers.View()
_SAMPLES = layers.View(samples=True)

_PLAIN = {
    "bias_missing": "In plain Python: `return total + bias` after the loop.",
    "bias_per_input": "Keep `total += x * w` inside the loop and `+ bias` after it.",
    "int_truncation": "In plain Python, int(...) and round(...) drop the fraction, and `//` "
                      "divides to a whole number: use `*`, `+` and `/` only.",
    "uses_numpy": "",
}

NEURON_OUTPUT = Exercise(
    "ex01_neuron_output", "neuron_output", "number", plain_python=True,
    probes=layers.probes(_ONE, ("inputs", "weights", "bias")),
    detectors=layers.detectors(_ONE), view=_ONE, truncation_bound=8.0, advice=_PLAIN)

NEURON_ON_SAMPLES = Exercise(
    "ex01_neuron_on_samples", "neuron_on_samples", "list", plain_python=True,
    probes=layers.probes(_SAMPLES, ("samples", "weights", "bias")),
    detectors=layers.detectors(_SAMPLES), view=_SAMPLES, truncation_bound=8.0,
    advice={**_PLAIN, "bias_twice": "If you call your neuron_output, it already adds the "
                                    "bias: do not add it again."})

__all__ = ["NEURON_ON_SAMPLES", "NEURON_OUTPUT"]
