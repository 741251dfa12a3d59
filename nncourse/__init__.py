"""Harness of the course 'Neural networks from scratch'.

checks   feedback for student cells (imported by the notebooks' test cells)
build    execute the masters, generate and verify the student edition
grading  autograde a whole class with nbgrader, feedback, grades and report
cli      the `nncourse` command behind the Makefile targets
"""
