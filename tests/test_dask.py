"""Grading on Dask distributed gives the scores the local process pool gives.

The same class (chapter 01 of the demo class) is graded twice in two copies of the course:
by the local pool, and by a 2-worker LocalCluster, where each task reaches its worker as
bytes and comes back as bytes. Scores, statuses and flags must be equal.
"""

from __future__ import annotations

import pytest

from conftest import COURSE
from nncourse.demo import ClassRoom, course_copy, load_class
from nncourse.grading.classroom import grade_class
from nncourse.grading.gradebook import register_assignments
from nncourse.grading.results import scores

CHAPTER = COURSE.chapter("01_single_neuron")
STUDENTS = ("ada", "ben", "cyd", "eve", "gus")


def _graded(tmp_path_factory, name: str, **options):
    course = course_copy(COURSE, tmp_path_factory.mktemp(name), [CHAPTER])
    register_assignments(course, [CHAPTER.id], release_dir=course.release)
    students = [s for s in load_class(COURSE) if s.id in STUDENTS]
    ClassRoom(COURSE).hand_in(students, [CHAPTER], course.release, course.submitted)
    outcomes = grade_class(course, [CHAPTER.id], workers=2, cell_timeout=20, progress=False,
                           **options)
    table = {(o.student, o.assignment): (o.status, tuple(o.flags)) for o in outcomes}
    return scores(course, [CHAPTER.id]), table


@pytest.mark.slow
def test_a_local_cluster_grades_like_the_local_pool(tmp_path_factory):
    pool_scores, pool_outcomes = _graded(tmp_path_factory, "pool")
    dask_scores, dask_outcomes = _graded(tmp_path_factory, "dask", dask="local")
    assert dask_scores == pool_scores
    assert dask_outcomes == pool_outcomes
    assert pool_scores[("ada", CHAPTER.id)] == (5, 5)
    assert pool_outcomes[("gus", CHAPTER.id)][0] == "failed"
