"""Build steps for maintainers: execute the masters, generate and verify the student edition."""
