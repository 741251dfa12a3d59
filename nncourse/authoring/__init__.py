"""Authoring steps for maintainers: execute the masters, generate and verify the student
edition, lint the cell conventions, try answers against a chapter's tests."""
