"""Read a YAML file written by a person, refusing everything that surprises.

The loader turns one UTF-8 file into plain Python data (dict, list, str, int,
float, bool, None) and remembers where each value sat in the file, so that
later checks can name `path:line:col`.  It never constructs objects, follows
YAML 1.2 core-schema rules for plain scalars and refuses the YAML 1.1 forms
that silently change meaning in other tools (`no` as false, `0123` as 83).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from platforma.content.limits import MAX_DEPTH, MAX_FILE_BYTES, control_character

Location = tuple[int, int]
JsonPath = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?$")
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_YAML11_NUMBER = re.compile(
    r"^[-+]?(0[0-9_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?"
    r"|[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?)$"
)
EMPTY = "the file is empty; it should hold YAML data (a practice entry is a mapping of fields)"
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at a place a person can find."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass
class Document:
    """Data read from one file plus the `(line, col)` of every value and key."""

    path: str
    data: Any
    values: dict[JsonPath, Location] = field(default_factory=dict)
    keys: dict[JsonPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems that did not stop reading (duplicate keys, ambiguous scalars); callers report them."""

    def where(self, json_path: JsonPath, *, key: bool = False) -> Location:
        """Best known position of a value (or its key); falls back to the nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(json_path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class YamlRefused(Exception):
    """The file cannot be read as data; `problems` says why, with positions."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def line_col_of_offset(text: bytes, offset: int) -> Location:
    """1-based line and column of the byte at `offset` (of a file not yet decoded)."""
    before = text[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def _decode(raw: bytes, path: str) -> str:
    if b"\x00" in raw:
        line, col = line_col_of_offset(raw, raw.index(b"\x00"))
        raise YamlRefused([Problem(path, line, col, "this looks like a binary file, not UTF-8 text")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = line_col_of_offset(raw, error.start)
        raise YamlRefused(
            [Problem(path, line, col, "the file is not valid UTF-8; save it as UTF-8 (without another encoding)")]
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlRefused([Problem(path, 1, 1, EMPTY)])
    return text


def _check_tabs(text: str, path: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            problems.append(
                Problem(path, number, line.index("\t") + 1, "a tab is used for indentation; indent with spaces")
            )
    return problems


def _check_events(text: str, path: str) -> list[Problem]:
    """Refuse aliases, anchors, tags and several documents before anything is built."""
    problems: list[Problem] = []
    documents = 0
    depth = 0
    aliases: set[str] = set()
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:  # stop here: composing deeper would exhaust Python's stack
                problems.append(Problem(path, *where, f"values are nested more than {MAX_DEPTH} levels deep"))
                return problems
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                problems.append(
                    Problem(path, *where, "the file holds several YAML documents ('---'); keep one entry per file")
                )
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in aliases:  # once per anchor: a "billion laughs" file repeats them thousands of times
                aliases.add(event.anchor)
                message = f"aliases (*{event.anchor}) are not allowed; write the value out"
                problems.append(Problem(path, *where, message))
        elif isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if event.anchor is not None:
                problems.append(
                    Problem(path, *where, f"anchors (&{event.anchor}) are not allowed; write the value out")
                )
            if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
                problems.append(Problem(path, *where, f"YAML tags ({event.tag}) are not allowed; remove the tag"))
    return problems


def _scalar(node: yaml.ScalarNode, path: str, problems: list[Problem]) -> Any:
    value = node.value
    where = (node.start_mark.line + 1, node.start_mark.column + 1)
    control = control_character(value)
    if control:  # only a quoted scalar's escapes (`"\\x0b"`) can make one: the reader refuses them raw
        problems.append(Problem(path, *where, f"the text holds {control[1]}, which no text may hold; remove it"))
        return value
    if node.style:  # quoted or block scalar: always text
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _YAML11_BOOL.match(value):
        problems.append(
            Problem(
                path,
                *where,
                f"'{value}' is read as yes/no by some tools; write \"{value}\" in quotes for text, or true/false",
            )
        )
        return value
    if _INT.match(value):
        if len(value) > 16:  # beyond any allowed number; int() of thousands of digits is slow or refused
            problems.append(Problem(path, *where, f"'{value[:20]}…' is larger than 10^12, the largest number allowed"))
            return value
        return int(value)
    if _YAML11_NUMBER.match(value):
        problems.append(
            Problem(
                path,
                *where,
                f"'{value}' is an ambiguous number; write \"{value}\" in quotes if it is text, "
                "or a plain number without leading zeros or separators",
            )
        )
        return value
    if _FLOAT.match(value):
        number = float(value)
        if not math.isfinite(number):
            problems.append(Problem(path, *where, f"'{value}' is too large to be a usable number"))
            return value
        return number
    if _SPECIAL_FLOAT.match(value):
        problems.append(Problem(path, *where, f"'{value}' is not a usable number"))
        return value
    return value


def _build(node: yaml.Node, doc: Document, here: JsonPath, problems: list[Problem]) -> Any:
    doc.values[here] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, doc.path, problems)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, doc, (*here, index), problems) for index, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(doc.path, *key_where, "a key must be a plain name"))
            continue
        key = key_node.value
        if key in result:
            first = doc.keys[(*here, key)]
            problems.append(Problem(doc.path, *key_where, f"duplicate key '{key}' (first given on line {first[0]})"))
            continue
        doc.keys[(*here, key)] = key_where
        result[key] = _build(value_node, doc, (*here, key), problems)
    return result


def load_yaml(path: Path | str, display_path: str | None = None, *, mapping: bool = True) -> Document:
    """Read one YAML file safely; raise `YamlRefused` listing every problem found.

    With `mapping=False` a list at the top level is accepted too (data files such as the glossary).
    """
    shown = display_path or str(path)
    return parse_yaml_text(_decode(read_limited(Path(path), shown), shown), shown, mapping=mapping)


def read_limited(path: Path, shown: str) -> bytes:
    """The bytes of a content file, refused when larger than the limit (checked before reading)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlRefused(
            [Problem(shown, 1, 1, f"the file has {size:,} bytes; content files may have at most {MAX_FILE_BYTES:,}")]
        )
    return path.read_bytes()


def parse_yaml_text(text: str, shown: str, *, mapping: bool = True) -> Document:
    """Parse YAML already decoded (e.g. a Markdown front matter block); same rules as `load_yaml`."""
    problems = _check_tabs(text, shown)
    if problems:
        raise YamlRefused(problems)
    try:
        problems = _check_events(text, shown)
        if problems:
            raise YamlRefused(problems)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or error.context or "not valid YAML"
        raise YamlRefused([Problem(shown, line, col, f"YAML syntax error: {reason}")]) from None
    except yaml.YAMLError as error:
        raise YamlRefused([Problem(shown, 1, 1, f"YAML syntax error: {error}")]) from None
    if root is None:
        raise YamlRefused([Problem(shown, 1, 1, EMPTY)])
    if not isinstance(root, yaml.MappingNode) and (mapping or not isinstance(root, yaml.SequenceNode)):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        line, col = root.start_mark.line + 1, root.start_mark.column + 1
        raise YamlRefused(
            [Problem(shown, line, col, f"the file holds {kind}; it must be a mapping of fields (key: value)")]
        )
    doc = Document(shown, None)
    doc.data = _build(root, doc, (), doc.problems)
    return doc
