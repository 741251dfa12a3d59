"""Exercise checks, one module per chapter (chNN.py); see nncourse.checks for how to add one.

Every chapter declares Exercise objects with probes (ch07's DenseLayer exercise checks its
forward on the layer battery; making layers and the seeded pass keep their own checks);
a few checks still add the legacy relation detectors (diagnose.Mistakes, which carry their
exercise's id) and this package's hooks.
"""

from __future__ import annotations

from ..exercise import caller_namespace

#: notebook() inside a chapter helper: the globals of the test cell that called the helper
notebook = caller_namespace
