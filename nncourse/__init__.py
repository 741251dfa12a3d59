"""Harness of the course 'Neural networks from scratch'.

course     a course is a folder: the one holding nbgrader_config.py
checks     feedback for student cells (imported by the notebooks' test cells)
authoring  execute the masters, generate and verify the student edition, lint, try answers
grading    autograde a whole class with nbgrader, feedback, grades and report
demo       the bundled example class, handed in and graded end to end
runtime    process set-up (logging, tools), done once by the CLI or a worker
cli        the `nncourse` command behind the Makefile targets
"""
