"""View model of the submission form: vocabulary choices in one language and where files go.

The form itself (overrides/platforma/submit-form.html and
docs/assets/javascripts/submit-form.js) checks entries in the browser against the published
JSON Schema and writes the YAML; this module only gives the template its data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from platforma.content.organisations import Organisation
from platforma.content.practices import Practice
from platforma.content.vocabularies import Vocabulary
from platforma.words.order import sort_key

PRACTICES_FOLDER = "practices"
BRANCH = "main"


def choices(vocabulary: Vocabulary, lang: str) -> list[dict[str, str]]:
    """Codes of one vocabulary with their labels in `lang`, in the vocabulary's order."""
    return [{"code": code, "label": vocabulary.label(code, lang)} for code in vocabulary.codes]


def new_file_url(repo_url: str | None) -> str | None:
    """GitHub's 'new file' page for the practices folder (the form adds `filename` and `value`)."""
    if not repo_url:
        return None
    return f"{repo_url.rstrip('/')}/new/{BRANCH}/{PRACTICES_FOLDER}"


def form_view(
    lang: str,
    vocabularies: dict[str, Vocabulary],
    practices: Iterable[Practice],
    repo_url: str | None,
    organisations: Iterable[Organisation] = (),
) -> dict[str, Any]:
    """Everything the form template needs besides the interface strings: the organisations a contributor can pick
    (by name in `lang`, alphabetically) among them."""
    known = sorted(practices, key=lambda p: p.title.get(lang).casefold())
    named = sorted(organisations, key=lambda o: sort_key(o.name.plain(lang)))
    return {
        "organisations": [{"id": o.id, "name": o.name.plain(lang)} for o in named],
        "choices": {key: choices(vocabulary, lang) for key, vocabulary in vocabularies.items()},
        "names": {key: vocabulary.plural[lang] for key, vocabulary in vocabularies.items()},
        "parents": [{"id": p.id, "title": p.title.get(lang)} for p in known],
        "existing_ids": sorted(p.id for p in known),
        "new_file_url": new_file_url(repo_url),
    }
