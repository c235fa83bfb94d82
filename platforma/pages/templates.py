"""Our Jinja templates (overrides/platforma/), autoescaped: Python passes data, templates own HTML."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

from platforma.markup.sanitise import tooltip_text
from platforma.project import ROOT

TEMPLATE_DIR = ROOT / "overrides" / "platforma"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The autoescaping environment of our templates; `title="{{ x | tooltip_text }}"` writes a title that
    Material's tooltips show as text (`platforma.markup.sanitise.tooltip_text`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
        keep_trailing_newline=True,
    )
    env.filters["tooltip_text"] = lambda value: tooltip_text(str(value))
    return env


def render_template(template: str, **data: Any) -> str:
    """Render one template from overrides/platforma/ with `data`."""
    return environment().get_template(template).render(**data)
