"""The exporter of feedback pages: nbgrader's HTML feedback, its templates compiled once.

nbgrader makes a new HTMLExporter, hence a new Jinja environment, for every
`generate_feedback` call, and Jinja compiles the feedback template and every template it
extends again each time: measured, about a quarter of a second of CPU per submission,
more than a quarter of the page's cost. A grading worker renders many pages from the
same templates, so FeedbackExporter gives each environment one in-memory bytecode cache
per process (Jinja's own extension point). Jinja checks each cached entry against the
template's source, so an edited template is compiled again; the pages are the same.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process's memory, keyed and checked by Jinja."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja drops it if the source changed

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._store.clear()


#: one per process: a worker's tasks share it
COMPILED = MemoryBytecodeCache()


class FeedbackExporter(HTMLExporter):
    """HTMLExporter whose Jinja environment reuses this process's compiled templates."""

    @property
    def environment(self):
        environment = super().environment
        environment.bytecode_cache = COMPILED
        return environment
