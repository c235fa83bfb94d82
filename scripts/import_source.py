"""Archive a source document: `python scripts/import_source.py FILE --id ID --language pl|en [metadata]`.

Writes sources/<ID>.yml with the file's text exactly as received (UTF-8, kept byte for byte, checked
by its sha256) and the description given on the command line.  The build publishes it at
/sources/<ID>/ and /en/sources/<ID>/; entries cite it with `sources: [{source: ID}]`, chapters with
`[source: ID]`.  Refuses to overwrite an existing source.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from platforma.content.sources import ID_PATTERN, load_sources, text_digest
from platforma.project import SOURCES_DIR, display_path


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _literal(text: str) -> str:
    """The text as a YAML literal block that reads back identically, or a quoted scalar when it cannot."""
    lines = text.split("\n")
    plain = (
        text
        and not text.endswith("\n")
        and not text[0].isspace()
        and all(line == line.rstrip(" \t") for line in lines)
        and "\r" not in text
        and "\t" not in text
    )
    if not plain:
        return _quoted(text)
    return "|-\n" + "\n".join(f"  {line}" if line else "" for line in lines)


def source_yaml(fields: dict[str, object], text: str) -> str:
    """The text of a source file: description first, then the digest and the archived text."""
    out = []
    for key, value in fields.items():
        if isinstance(value, dict):
            out.append(f"{key}:")
            out += [f"  {lang}: {_quoted(str(v))}" for lang, v in value.items()]
        elif value is not None:
            out.append(f"{key}: {_quoted(str(value))}")
    out.append(f"sha256: {text_digest(text)}")
    out.append(f"text: {_literal(text)}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="the text as received (UTF-8)")
    parser.add_argument("--id", required=True, help="the source's id: lower-case words joined by hyphens")
    parser.add_argument("--language", required=True, choices=["pl", "en"], help="language of the text")
    parser.add_argument("--title-pl", required=True)
    parser.add_argument("--title-en", required=True)
    parser.add_argument("--kind-pl", default="Strona projektu")
    parser.add_argument("--kind-en", default="Project page")
    parser.add_argument("--original-title", help="the document's own title, in its language")
    parser.add_argument("--programme-pl")
    parser.add_argument("--programme-en", help="required with --programme-pl")
    parser.add_argument("--project-number")
    parser.add_argument("--url")
    parser.add_argument("--captured", help="YYYY-MM-DD: when the text was taken from its publisher")
    parser.add_argument("--received", default=dt.date.today().isoformat(), help="YYYY-MM-DD (default: today)")
    parser.add_argument("--editor-note", help="for editors only; never shown on the site")
    parser.add_argument("--folder", type=Path, default=SOURCES_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not re.match(ID_PATTERN, args.id):
        print(f"--id '{args.id}': use lower-case letters and digits joined by hyphens", file=sys.stderr)
        return 2
    target = args.folder / f"{args.id}.yml"
    if target.exists():
        print(f"{display_path(target)}: exists already; archived texts are not replaced", file=sys.stderr)
        return 2
    try:
        text = args.file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.file}: cannot be read as UTF-8 text ({error})", file=sys.stderr)
        return 2
    fields = {
        "id": args.id,
        "title": {"pl": args.title_pl, "en": args.title_en},
        "kind": {"pl": args.kind_pl, "en": args.kind_en},
        "original_title": args.original_title,
        "language": args.language,
        "programme": {"pl": args.programme_pl, "en": args.programme_en} if args.programme_pl else None,
        "project_number": args.project_number,
        "url": args.url,
        "captured": args.captured,
        "received": args.received,
        "editor_note": args.editor_note,
    }
    args.folder.mkdir(parents=True, exist_ok=True)
    target.write_text(source_yaml(fields, text), encoding="utf-8")
    found, problems = load_sources(args.folder)
    if problems or args.id not in found or found[args.id].text != text:
        target.unlink()
        for problem in problems:
            print(problem, file=sys.stderr)
        print("nothing written: the source would not read back exactly", file=sys.stderr)
        return 1
    print(f"wrote {display_path(target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
