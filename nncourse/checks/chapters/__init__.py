"""Exercise-specific diagnoses and check helpers, one module per chapter (chNN.py)."""
