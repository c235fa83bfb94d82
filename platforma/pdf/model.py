"""The documents a PDF is made from and what comes out of it: a `PdfDocument` with its `Section`s (pages
of the site) and their `Notice`s, the `PreparedSection`s and `Heading`s that rewriting for print makes,
the finished `RenderedPdf`, and `PdfError` for anything that fails. Plain data, so that documents and
results can travel to and from worker processes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class PdfError(Exception):
    """A PDF could not be made; the message says which and why."""


@dataclass(frozen=True)
class Notice:
    """A boxed remark shown before a section's text (review overdue, translation, COI dates)."""

    kind: str
    title: str
    text: str


@dataclass(frozen=True)
class Contact:
    """Whom a reader of the PDF writes to, as its cover says: a label ("Contact", "Report a correction"), the
    text printed and its link ("" for plain text); see `cover.cover_contact`."""

    label: str
    text: str
    url: str = ""


@dataclass(frozen=True)
class Section:
    """One page of the site inside a PDF: its site path (e.g. `/en/manuals/coi/`), title and HTML."""

    url: str
    title: str
    html: str
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class PdfDocument:
    """Everything a PDF shows; `labels` are the interface strings of its language (data/ui.yml).

    The cover shows `site_url` and a QR code of `online_url` only when they are real addresses, not
    placeholders (`cover.is_placeholder`); `created` is the edition's date, `reviewed` the date of the
    information (of its last review), `licence` the config's `copyright`.
    """

    filename: str
    lang: str
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    created: dt.datetime
    reviewed: str
    labels: dict[str, str]
    site_name: str = "Platforma Wiedzy"
    site_url: str = ""
    online_url: str = ""
    licence: str = ""
    contact: Contact | None = None
    toc_depth: int = 2


@dataclass(frozen=True)
class Heading:
    """A heading of a section, for the table of contents (`id` already prefixed)."""

    level: int
    id: str
    text: str


@dataclass
class PreparedSection:
    """A section after rewriting: what the template needs."""

    id: str
    title: str
    html: str
    notices: tuple[Notice, ...]
    has_h1: bool
    headings: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF's bytes, its number of pages and what went wrong on the way (missing images, glyphs)."""

    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()
