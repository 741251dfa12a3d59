"""Where each idea is taught: the one table every section a message cites goes through.

A hint names a concept ("bias"); `cite(concept, chapter)` turns it into "re-read 01 · The
bias", choosing the latest place that teaches it in the exercise's chapter or an earlier
one. A concept first taught in a later chapter gives no citation at all, so a student is
never sent ahead. `tests/test_conventions.py` proves every heading named here exists in
its chapter, and `tests/test_mistakes.py` that no feedback cites a later chapter than the
exercise's.
"""

from __future__ import annotations

#: concept -> the places that teach it, (chapter number, exact markdown heading), in order
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "arrays": (("00", "From lists to arrays"),),
    "shape": (("00", "Shape and dtype"),),
    "dtype": (("00", "Shape and dtype"),),
    "indexing": (("00", "Picking rows and columns"),),
    "elementwise": (("00", "Element-wise arithmetic"),),
    "min_max": (("00", "Min-max normalisation"),),
    "mutation": (("00", "New arrays, not changed ones"), ("01", "Inputs are read, not changed")),
    "loop_vs_vectorised": (("00", "Loop vs vectorised"),),
    "neuron": (("01", "The weighted sum"),),
    "bias": (("01", "The bias"),),
    "return": (("00", "Loop vs vectorised"), ("01", "From a formula to a function")),
    "rows_are_neurons": (("02", "One row per neuron"),),
    "layer_loops": (("02", "A layer with loops"),),
    "sum_reset": (("02", "A sum that is not reset"),),
    "dot": (("03", "The dot product"),),
    "length_match": (("03", "The lengths must match"),),
    "lists": (("00", "From lists to arrays"), ("03", "Lists are not vectors")),
    "raise": (("03", "Raising a clear error"),),
    "vector_length": (("03", "The length of a vector"),),
    "cosine": (("03", "Cosine and angle"),),
    "neuron_numpy": (("03", "A neuron with np.dot"),),
    "weights_first": (("04", "Why the weights come first"),),
    "square_layer": (("04", "A square layer hides the mistake"),),
    "shape_checks": (("04", "Checking shapes before computing"),),
    "strongest": (("04", "The strongest neuron"),),
    "row_column": (("05", "Row and column vectors"),),
    "matrix_product": (("05", "A grid of dot products"),),
    "transpose": (("05", "Transposition"),),
    "shape_rule": (("05", "The shape rule"),),
    "batch_output": (("06", "Reading the output"),),
    "broadcast": (("06", "Broadcasting the biases"),),
    "random_weights": (("07", "Random starting weights"),),
    "classes": (("07", "A class: data and code together"),),
    "layout": (("07", "A new weight layout"),),
    "two_layers": (("07", "Two dense layers in a row"),),
    "activation": (("08", "Activation functions"),),
    "sigmoid": (("08", "Sigmoid without overflow"),),
    "tensors": (("09", "Tensors from our arrays"),),
    "torch_matmul": (("09", "The @ operator"),),
    "linear": (("09", "nn.Linear: a layer object"),),
    "no_grad": (("09", "Loading our weights"),),
    "to_numpy": (("09", "Back to NumPy"),),
    "torch_layout": (("09", "Chapter 07's layers in PyTorch"),),
    "torch_activation": (("09", "Activations in PyTorch"),),
    "float32": (("09", "float32 and float64"),),
}


def chapter_of(exercise: str | None) -> str | None:
    """'01' for 'ex01_neuron_output'; None when no exercise is known."""
    if exercise and len(exercise) >= 4 and exercise.startswith("ex") and exercise[2:4].isdigit():
        return exercise[2:4]
    return None


def place(concept: str, chapter: str | None = None) -> tuple[str, str] | None:
    """The (chapter, heading) to cite for `concept` in an exercise of `chapter`, or None.

    The latest place that is not after `chapter`; with no chapter known, the latest place.
    Raises KeyError for a concept that is not in the table.
    """
    places = SECTIONS[concept]
    if chapter is None:
        return places[-1]
    allowed = [p for p in places if p[0] <= chapter]
    return allowed[-1] if allowed else None


def cite(concept: str | None, chapter: str | None = None) -> str | None:
    """'re-read 01 · The bias', or None when the concept is taught only after `chapter`."""
    if concept is None:
        return None
    found = place(concept, chapter)
    return None if found is None else f"re-read {found[0]} · {found[1]}"


def reread(concept: str, chapter: str | None = None) -> str:
    """cite() for text a chapter module writes itself; '' when nothing may be cited."""
    return cite(concept, chapter) or ""
