"""Browser scenarios: one JupyterLab, one headless chromium, for the whole package."""
