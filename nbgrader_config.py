"""The one nbgrader configuration of the course.

nbgrader reads this file from the current directory only, so run nbgrader from the
course root (the Makefile and the `nncourse` commands do). The harness loads the same
file and only moves `CourseDirectory.root` when it grades in a run folder.
"""

import os

c = get_config()  # noqa: F821  (nbgrader injects get_config)

# --- the course -------------------------------------------------------------------
c.CourseDirectory.course_id = "nn-from-scratch"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# caches and editor droppings never travel into the release or a submission
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    ".pytest_cache",
    ".DS_Store",
    "feedback",
]

# nbgrader's exchange (release_assignment, collect) is a folder of the course, not the
# system-wide default /usr/local/share/nbgrader/exchange, which is missing on most machines
# and makes the formgrader warn. `make lab-instructor` creates it; it is not in git.
c.Exchange.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exchange")

# --- the student edition -------------------------------------------------------
# The stub tells the student what to do; the checks recognise its message and say
# "complete and run the answer cell" instead of showing a bare NotImplementedError.
c.ClearSolutions.code_stub = {
    "python": (
        "# YOUR CODE HERE: replace the line below with your answer\n"
        'raise NotImplementedError("Replace this line with your answer, then run the cell.")'
    )
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# --- autograding ------------------------------------------------------------------
# Seconds one cell may run before it is interrupted; an endless loop loses that
# cell's points instead of hanging the whole class.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
# A student who deleted a graded cell gets it back from the master (scored 0 if it
# was an answer) instead of failing the whole notebook.
c.OverwriteCells.add_missing_cells = True
# Flood protection: long outputs are cut before they reach the gradebook and feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60
