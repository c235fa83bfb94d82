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

from platforma.content import limits
from platforma.content.limits import MAX_DEPTH, MAX_FILE_BYTES, control_character
from platforma.disk_memo import build_memo

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


_COLLECTION_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _Collection:
    """A mapping or list being built: where it is, and for a mapping the key its next value goes under."""

    __slots__ = ("value", "here", "key", "skip_value", "dropped")

    def __init__(self, value: dict[str, Any] | list[Any], here: JsonPath, dropped: bool) -> None:
        self.value = value
        self.here = here
        self.key: str | None = None  # a mapping's key waiting for its value
        self.skip_value = False  # the value after a refused or repeated key is not read
        self.dropped = dropped  # inside a refused key or a skipped value: nothing is kept


class _Reader:
    """The values of one YAML document built straight from the parser's events, in one pass and without
    recursion, with every position; aliases, anchors, tags, several documents and nesting deeper than
    MAX_DEPTH are refused (`refused`), other problems (duplicate keys, ambiguous scalars) are kept in the
    document's `problems`."""

    def __init__(self, shown: str) -> None:
        self.doc = Document(shown, None)
        self.refused: list[Problem] = []
        self.stack: list[_Collection] = []
        self.root: tuple[type, Location] | None = None  # the kind of the top value and where it starts
        self.documents = 0
        self.aliases: set[str] = set()

    def read(self, text: str) -> None:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            if isinstance(event, _COLLECTION_STARTS) and len(self.stack) >= MAX_DEPTH:
                # stop here: whatever reads the data next may recurse this deep
                self._refuse(where, f"values are nested more than {MAX_DEPTH} levels deep")
                return
            if isinstance(event, yaml.ScalarEvent):
                self._check_node(event, where)
                self._place(event, where)
            elif isinstance(event, _COLLECTION_STARTS):
                self._check_node(event, where)
                self._open(event, where)
            elif isinstance(event, _COLLECTION_ENDS):
                self.stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                # once per anchor: a "billion laughs" file repeats them thousands of times
                if event.anchor not in self.aliases:
                    self.aliases.add(event.anchor)
                    self._refuse(where, f"aliases (*{event.anchor}) are not allowed; write the value out")
                self._place(event, where)
            elif isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents == 2:
                    self._refuse(where, "the file holds several YAML documents ('---'); keep one entry per file")

    def _refuse(self, where: Location, message: str) -> None:
        self.refused.append(Problem(self.doc.path, *where, message))

    def _check_node(self, event: yaml.NodeEvent, where: Location) -> None:
        if event.anchor is not None:
            self._refuse(where, f"anchors (&{event.anchor}) are not allowed; write the value out")
        if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
            self._refuse(where, f"YAML tags ({event.tag}) are not allowed; remove the tag")

    def _slot(self, event: yaml.Event, where: Location) -> tuple[JsonPath | None, _Collection | None]:
        """Where a value that starts here goes: its path, or None when it is not kept (a key, a skipped value, a
        second document); and the mapping whose key it is, if it is one."""
        if not self.stack:
            if self.root is not None:
                return None, None  # a second document: refused already
            self.root = (type(event), where)
            return (), None
        parent = self.stack[-1]
        if parent.dropped:
            return None, None
        if isinstance(parent.value, list):
            return (*parent.here, len(parent.value)), None
        if parent.skip_value:
            parent.skip_value = False
            return None, None
        if parent.key is None:
            return None, parent  # this node is a key
        return (*parent.here, parent.key), None

    def _place(self, event: yaml.ScalarEvent | yaml.AliasEvent, where: Location) -> None:
        """A scalar (or an alias, refused already) in its place; read only if it is kept."""
        here, keyed = self._slot(event, where)
        if keyed is not None:
            self._key(keyed, event, where)
        elif here is not None:
            self.doc.values[here] = where
            value = (
                _scalar(event, where, self.doc.path, self.doc.problems) if isinstance(event, yaml.ScalarEvent) else None
            )
            self._store(here, value)

    def _key(self, mapping: _Collection, event: yaml.Event, where: Location) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            self.doc.problems.append(Problem(self.doc.path, *where, "a key must be a plain name"))
            mapping.skip_value = True
            return
        key = event.value
        if key in mapping.value:
            first = self.doc.keys[(*mapping.here, key)]
            message = f"duplicate key '{key}' (first given on line {first[0]})"
            self.doc.problems.append(Problem(self.doc.path, *where, message))
            mapping.skip_value = True
            return
        self.doc.keys[(*mapping.here, key)] = where
        mapping.key = key

    def _store(self, here: JsonPath, value: Any) -> None:
        if not here:
            self.doc.data = value
            return
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            parent.value.append(value)
        else:
            parent.value[parent.key] = value
            parent.key = None

    def _open(self, event: yaml.CollectionStartEvent, where: Location) -> None:
        here, keyed = self._slot(event, where)
        value: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        if keyed is not None:  # a mapping or a list as a key: refused, and read without keeping it
            self._key(keyed, event, where)
        elif here is not None:
            self.doc.values[here] = where
            self._store(here, value)
        self.stack.append(_Collection(value, here or (), dropped=here is None))


def _scalar(event: yaml.ScalarEvent, where: Location, path: str, problems: list[Problem]) -> Any:
    value = event.value
    control = control_character(value)
    if control:  # only a quoted scalar's escapes (`"\\x0b"`) can make one: the reader refuses them raw
        problems.append(Problem(path, *where, f"the text holds {control[1]}, which no text may hold; remove it"))
        return value
    if event.style:  # quoted or block scalar: always text
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


def load_yaml(path: Path | str, display_path: str | None = None, *, mapping: bool = True) -> Document:
    """Read one YAML file safely; raise `YamlRefused` listing every problem found.

    With `mapping=False` a list at the top level is accepted too (data files such as the glossary).
    """
    shown = display_path or str(path)
    return parse_yaml_bytes(read_limited(Path(path), shown), shown, mapping=mapping)


def parse_yaml_bytes(raw: bytes, shown: str, *, mapping: bool = True) -> Document:
    """Parse the bytes of a YAML file already read (`read_limited`); same rules as `load_yaml`."""
    return parse_yaml_text(_decode(raw, shown), shown, mapping=mapping)


def read_limited(path: Path, shown: str) -> bytes:
    """The bytes of a content file, refused when larger than the limit (checked before reading)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlRefused(
            [Problem(shown, 1, 1, f"the file has {size:,} bytes; content files may have at most {MAX_FILE_BYTES:,}")]
        )
    return path.read_bytes()


# a document depends on the text, its shown path, `mapping`, this module and the limits (and PyYAML), nothing else
_READ = build_memo("yaml", [Path(__file__), Path(limits.__file__)], ["pyyaml"])


def parse_yaml_text(text: str, shown: str, *, mapping: bool = True) -> Document:
    """Parse YAML already decoded (e.g. a Markdown front matter block); same rules as `load_yaml`.

    A text read before (by this process or an earlier build) is not parsed again (`platforma.disk_memo`); a
    refused text always is.
    """
    packed = _READ.get(f"{int(mapping)}\n{shown}\n{text}", lambda _: _packed(_parse(text, shown, mapping)))
    path, data, values, keys, problems = packed
    return Document(path, data, values, keys, [Problem(*problem) for problem in problems])


def _packed(doc: Document) -> tuple:
    """A document as plain data (what a memo keeps)."""
    problems = [(p.path, p.line, p.col, p.message) for p in doc.problems]
    return doc.path, doc.data, doc.values, doc.keys, problems


def _parse(text: str, shown: str, mapping: bool) -> Document:
    problems = _check_tabs(text, shown)
    if problems:
        raise YamlRefused(problems)
    reader = _Reader(shown)
    try:
        reader.read(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or error.context or "not valid YAML"
        raise YamlRefused([Problem(shown, line, col, f"YAML syntax error: {reason}")]) from None
    except yaml.YAMLError as error:
        raise YamlRefused([Problem(shown, 1, 1, f"YAML syntax error: {error}")]) from None
    if reader.refused:
        raise YamlRefused(reader.refused)
    if reader.root is None:
        raise YamlRefused([Problem(shown, 1, 1, EMPTY)])
    kind, (line, col) = reader.root
    if kind is not yaml.MappingStartEvent and (mapping or kind is not yaml.SequenceStartEvent):
        what = "a list" if kind is yaml.SequenceStartEvent else "a single value"
        raise YamlRefused(
            [Problem(shown, line, col, f"the file holds {what}; it must be a mapping of fields (key: value)")]
        )
    return reader.doc
