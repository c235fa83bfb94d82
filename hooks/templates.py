"""MkDocs adapter: the theme's compiled templates are kept for the whole process.

- on_env: Jinja gets a bytecode cache in memory, so the second language pass (mkdocs-static-i18n) and every
  rebuild of `mkdocs serve` reuse the templates compiled by the first (compiling Material's templates took
  about half a second per pass).  Jinja checks each entry against its template's checksum before use, so an
  edited template is compiled again.
"""

from __future__ import annotations

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory; Jinja checks each against its source's checksum before use."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = COMPILED
    return env


__all__ = ["on_env"]
