"""Feedback for the student cells: compare, name the mistake, point to the section to re-read.

Test cells import from here. This package ships to students, so it holds no reference
solutions: diagnoses are relations between a wrong answer, the expected one and the inputs.
"""

from .core import AnswerMissing, CheckFailed, answer, check_function, check_raises, check_value
from .diagnose import Case, detector
from .sections import SECTIONS, reread

__all__ = [
    "AnswerMissing",
    "Case",
    "CheckFailed",
    "SECTIONS",
    "answer",
    "check_function",
    "check_raises",
    "check_value",
    "detector",
    "reread",
]
