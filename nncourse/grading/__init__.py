"""Grading a class with nbgrader: one pure task per submission, run in parallel, recorded once.

task        autograde one (assignment, submission) in a private temporary course
gradebook   register assignments, record a task's scores with nbgrader's own preprocessors
classroom   grade every submission of a course folder, in parallel, with a progress bar
results     feedback HTML, grades CSV, the score table and the per-student outcomes
run         the whole job for a course folder: grade, then write what instructors read
"""
