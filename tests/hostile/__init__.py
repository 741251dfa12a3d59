"""The hostile corpus: one submission-maker per way a student can attack grading."""
