"""Exercise checks, one module per chapter (chNN.py); see nncourse.checks for how to add one.

Chapters 00-08 declare Exercise objects with probes (ch07's DenseLayer exercise aside);
chapter 09 still calls the check-by-name functions of nncourse.checks.core with
legacy relation detectors (diagnose.Mistakes, which carry their exercise's id) and this
package's hooks.
"""

from __future__ import annotations

from ..exercise import caller_namespace

#: notebook() inside a chapter helper: the globals of the test cell that called the helper
notebook = caller_namespace
