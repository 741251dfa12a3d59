"""Where each idea is taught: the chapter section a hint sends the student back to.

Hints name a concept; this table turns it into "re-read 06 · Broadcasting the biases".
`tests/test_harness_checks.py` proves every heading named here exists in its chapter, so
renaming a heading without updating this table fails CI instead of sending students to
a section that is gone.
"""

#: concept -> (chapter number, exact markdown heading text in that chapter)
SECTIONS: dict[str, tuple[str, str]] = {
    "arrays": ("00", "From lists to arrays"),
    "shape": ("00", "Shape and dtype"),
    "indexing": ("00", "Picking rows and columns"),
    "elementwise": ("00", "Element-wise arithmetic"),
    "neuron": ("01", "The weighted sum"),
    "bias": ("01", "The bias"),
    "return": ("01", "From a formula to a function"),
    "layer_loops": ("02", "A layer with loops"),
    "dot": ("03", "The dot product"),
    "lists": ("03", "Lists are not vectors"),
    "weights_first": ("04", "Why the weights come first"),
    "row_column": ("05", "Row and column vectors"),
    "matrix_product": ("05", "A grid of dot products"),
    "transpose": ("05", "Transposition"),
    "shape_rule": ("05", "The shape rule"),
    "batch_output": ("06", "Reading the output"),
    "broadcast": ("06", "Broadcasting the biases"),
    "layout": ("07", "A new weight layout"),
    "activation": ("08", "Activation functions"),
    "sigmoid": ("08", "Sigmoid without overflow"),
    "mutation": ("00", "New arrays, not changed ones"),
    "tensors": ("09", "Tensors from our arrays"),
    "torch_matmul": ("09", "The @ operator"),
    "linear": ("09", "nn.Linear: a layer object"),
    "no_grad": ("09", "Loading our weights"),
    "to_numpy": ("09", "Back to NumPy"),
    "torch_layout": ("09", "Chapter 07's layers in PyTorch"),
    "torch_activation": ("09", "Activations in PyTorch"),
    "float32": ("09", "float32 and float64"),
}


def reread(concept: str) -> str:
    """'re-read 05 · Transposition' for a concept key (raises KeyError for unknown keys)."""
    chapter, heading = SECTIONS[concept]
    return f"re-read {chapter} · {heading}"
