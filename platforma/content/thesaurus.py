"""The search thesaurus (data/synonyms.yml): groups of words that mean the same thing to a searcher.

Practitioners search with words the pages do not use ("lokum" for housing, "SG" for the Border
Guard, "powrót do ojczyzny" for assisted voluntary return).  Each group lists such words per
language; the search expands a query with the other terms of its groups.  The loader reads and
checks the file (positions for every problem) and never raises on bad content.  `uncovered()` is
the coverage rule a test enforces: every glossary term and every code of the vocabularies in
`COVERED_VOCABULARIES` belongs to a group whose terms include its wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platforma.content.glossary import Term, load_glossary
from platforma.content.limits import with_limits
from platforma.content.safe_yaml import Document, Problem
from platforma.content.schema_messages import read_checked, shorten, suggest
from platforma.content.vocabularies import Vocabulary, load_vocabularies
from platforma.project import DATA_DIR, LANGUAGES
from platforma.words.order import lower_fold

MAX_TERMS = 12  # per language and group: a bigger group pulls in everything
MAX_WORDS = 6
MAX_TERM_CHARS = 80
COVERED_VOCABULARIES = (
    "target_groups",
    "themes",
    "actor_types",
    "funding_sources",
    "statuses",
    "geo_levels",
    "voivodeships",
    "metrics",
)

_TERM = {
    "type": "string",
    "maxLength": MAX_TERM_CHARS,
    "pattern": rf"^\S+( \S+){{0,{MAX_WORDS - 1}}}$",
    "x-hint": f"1 to {MAX_WORDS} words separated by single spaces",
}
_TERMS = {"type": "array", "minItems": 1, "items": _TERM}
_SCHEMA = with_limits(
    {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "pl", "en"],
            "properties": {
                "id": {
                    "type": "string",
                    "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
                    "x-hint": "lower-case words joined by hyphens, e.g. voluntary-return",
                },
                "pl": _TERMS,
                "en": _TERMS,
                "glossary": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "codes": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "pattern": r"^[a-z_]+\.[A-Za-z0-9_-]+$",
                        "x-hint": "<vocabulary>.<code>, e.g. themes.housing",
                    },
                },
            },
        },
    }
)


@dataclass(frozen=True)
class SynonymGroup:
    """Terms that mean the same thing to a searcher, per language, and what they cover."""

    id: str
    terms: dict[str, tuple[str, ...]]
    glossary: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


def load_thesaurus(
    path: Path = DATA_DIR / "synonyms.yml",
    glossary: list[Term] | None = None,
    *,
    vocabularies: Mapping[str, Vocabulary] | None = None,
) -> tuple[list[SynonymGroup], list[Problem]]:
    """All synonym groups, or the problems that stop the file from being used.

    `glossary` gives the terms whose anchors a group may name; with None the project's glossary is
    read, and anchors are not checked when it cannot be (its own loader reports why).
    """
    if not path.exists():
        return [], []
    doc, problems = read_checked(path, _SCHEMA, mapping=False)
    if doc is None:
        return [], problems
    if glossary is None:
        terms, glossary_problems = load_glossary()
        anchors = None if glossary_problems else {t.anchor() for t in terms}
    else:
        anchors = {t.anchor() for t in glossary}
    problems += _check_groups(doc, anchors, load_vocabularies() if vocabularies is None else vocabularies)
    if problems:
        return [], sorted(problems, key=lambda p: (p.line, p.col))
    return [_group(item) for item in doc.data], []


def _group(item: dict[str, Any]) -> SynonymGroup:
    return SynonymGroup(
        id=item["id"],
        terms={lang: tuple(item[lang]) for lang in LANGUAGES},
        glossary=tuple(item.get("glossary", ())),
        codes=tuple(item.get("codes", ())),
    )


def _strings(value: Any) -> list[tuple[int, str]]:
    """(index, text) of the text items of a list; other values were reported by the schema."""
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _check_groups(doc: Document, anchors: set[str] | None, vocabularies: Mapping[str, Vocabulary]) -> list[Problem]:
    """Duplicate ids, repeated terms, too many terms, unknown glossary anchors and codes, groups that repeat
    another, with positions."""
    if not isinstance(doc.data, list):
        return []
    problems: list[Problem] = []
    first_id: dict[str, int] = {}
    for index, item in enumerate(doc.data):
        if isinstance(item, dict):
            problems += _check_group(doc, index, item, first_id, anchors, vocabularies)
    return problems + _repeated_groups(doc)  # put in file order by the caller


def _repeated_groups(doc: Document) -> list[Problem]:
    """Groups whose terms, in both languages, are all in one other group. The search takes the first group in
    the file that names a term typed, so such a group is never used (or, placed first, hides the other group's
    further terms); the two belong together."""
    terms = {
        index: {lang: frozenset(fold(text) for _, text in _strings(item.get(lang))) for lang in LANGUAGES}
        for index, item in enumerate(doc.data)
        if isinstance(item, dict)
    }
    having: dict[tuple[str, str], set[int]] = {}  # (language, term) -> the groups that have it
    for index, own in terms.items():
        for lang, texts in own.items():
            for text in texts:
                having.setdefault((lang, text), set()).add(index)
    problems = []
    for index, own in terms.items():
        if not all(own.values()):
            continue  # the schema reports a group without terms
        for other in sorted(set.intersection(*(having[lang, text] for lang in LANGUAGES for text in own[lang]))):
            if other == index:
                continue
            theirs = terms[other]
            if own == theirs and other > index:
                continue  # two equal groups: reported once, at the later one
            line = doc.where((other, "id"))[0]
            name = doc.data[index].get("id")
            message = (
                f"group '{shorten(str(name))}': every term is also in group '{shorten(str(doc.data[other].get('id')))}'"
                f" (line {line}); merge the two into one (with their glossary terms and codes)"
            )
            problems.append(Problem(doc.path, *doc.where((index, "id")), message))
            break
    return problems


def _check_group(
    doc: Document,
    index: int,
    item: dict[str, Any],
    first_id: dict[str, int],
    anchors: set[str] | None,
    vocabularies: Mapping[str, Vocabulary],
) -> list[Problem]:
    group_id = item.get("id")
    name = f"group '{shorten(group_id)}'" if isinstance(group_id, str) else f"group {index + 1}"
    found: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(group_id, str):
        if group_id in first_id:
            line = doc.where((first_id[group_id], "id"))[0]
            found.append((("id",), f"the id is used twice (first on line {line}); give each group its own id"))
        else:
            first_id[group_id] = index
    for key in (*LANGUAGES, "glossary", "codes"):
        items = _strings(item.get(key))
        if key in LANGUAGES and len(items) > MAX_TERMS:
            found.append(
                (
                    (key,),
                    f"{key} has {len(items)} terms; at most {MAX_TERMS} "
                    "(split the group: a group that means everything helps no searcher)",
                )
            )
        seen: dict[str, int] = {}
        for i, text in items:
            same = fold(text) if key in LANGUAGES else text
            if same in seen:
                line = doc.where((index, key, seen[same]))[0]
                found.append(((key, i), f"'{shorten(text)}' is listed twice in {key} (first on line {line})"))
            else:
                seen[same] = i
    if anchors is not None:
        for i, anchor in _strings(item.get("glossary")):
            if anchor not in anchors:
                found.append(
                    (
                        ("glossary", i),
                        f"unknown glossary term '{shorten(anchor)}'{suggest(anchor, sorted(anchors))} "
                        "(write the anchor of its glossary entry: its English term, lower-case, with hyphens)",
                    )
                )
    for i, code in _strings(item.get("codes")):
        message = _code_problem(code, vocabularies)
        if message:
            found.append((("codes", i), message))
    return [Problem(doc.path, *doc.where((index, *where)), f"{name}: {message}") for where, message in found]


def _code_problem(code: str, vocabularies: Mapping[str, Vocabulary]) -> str | None:
    if "." not in code:
        return None  # the schema's pattern reported it
    key, value = code.split(".", 1)
    if key not in vocabularies:
        return f"unknown vocabulary '{shorten(key)}' in '{shorten(code)}'{suggest(key, vocabularies)}"
    vocabulary = vocabularies[key]
    if value not in vocabulary.labels:
        return (
            f"unknown {vocabulary.name['en']} '{shorten(value)}' in '{shorten(code)}'"
            f"{suggest(value, vocabulary.codes)} (allowed: {', '.join(vocabulary.codes)})"
        )
    return None


_WORD = re.compile(r"[a-z0-9]+")
_STEM = 4  # letters that stand for a word when labels are compared with terms (powroty ~ powrót)
_IRREGULAR = {"women": "woman", "men": "man", "children": "child", "people": "person"}


def fold(text: str) -> str:
    """`text` as terms are compared: lower case, without diacritics (ł → l), single spaces."""
    return " ".join(lower_fold(text).split())


def _stems(text: str) -> set[str]:
    """The first letters of each word of three letters or more (`i`, `w`, `of` say nothing)."""
    words = (_IRREGULAR.get(word, word) for word in _WORD.findall(fold(text)))
    return {word[:_STEM] for word in words if len(word) >= 3}


def _represented(wording: str, terms: Iterable[str]) -> bool:
    """Every word of `wording`, or its base form (the first letters agree), occurs in one of `terms`."""
    known = set().union(*(_stems(t) for t in terms))
    return _stems(wording) <= known


def _main_wording(term: str) -> str:
    """A glossary term without its parenthesis: 'ocena wieku', not 'kurator (przedstawiciel …)'."""
    return re.sub(r"\s*\([^)]*\)", "", term).strip() or term


def uncovered(
    groups: Iterable[SynonymGroup], glossary: Iterable[Term], vocabularies: Mapping[str, Vocabulary]
) -> list[str]:
    """What the coverage rule misses, one readable line each (empty when everything is covered).

    Every glossary term is named in the `glossary` list of a group, and every code of the
    `COVERED_VOCABULARIES` in the `codes` list of a group; such a group's terms include the
    glossary term's wording (without its parenthesis) and the code's labels, or their base forms.
    """
    groups = list(groups)
    missing: list[str] = []
    for term in glossary:
        anchor = term.anchor()
        covering = [g for g in groups if anchor in g.glossary]
        if not covering:
            missing.append(f"glossary term '{anchor}' ({term.term['pl']} / {term.term['en']}) is in no group")
        for group in covering:
            for lang in LANGUAGES:
                wording = _main_wording(term.term[lang])
                if not _represented(wording, group.terms.get(lang, ())):
                    missing.append(
                        f"group '{group.id}' covers glossary term '{anchor}' but no {lang} term says '{wording}'"
                    )
    for key in COVERED_VOCABULARIES:
        vocabulary = vocabularies.get(key)
        if vocabulary is None:
            missing.append(f"vocabulary '{key}' is missing from the vocabularies")
            continue
        for code, labels in vocabulary.labels.items():
            qualified = f"{key}.{code}"
            covering = [g for g in groups if qualified in g.codes]
            if not covering:
                missing.append(f"{qualified} ({labels['pl']} / {labels['en']}) is in no group")
            for group in covering:
                for lang in LANGUAGES:
                    if not _represented(labels[lang], group.terms.get(lang, ())):
                        missing.append(f"group '{group.id}' lists {qualified} but no {lang} term says '{labels[lang]}'")
    return missing
