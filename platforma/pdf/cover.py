"""What a PDF's cover says besides its title: where the document lives online (its address and a QR code of
it), whom to write to, and which addresses are placeholders that a cover never prints.

- `is_placeholder`: an address at a name reserved for examples and tests (RFC 2606: `.example`, `.test`,
  `.invalid`, `.localhost`, `example.com/.net/.org`), such as the `platforma-wiedzy.example` that `site_url`
  holds until deployment, an IP address of this machine or a private network (`mkdocs serve` sets `site_url` to
  `http://127.0.0.1:8000/`), or no address at all. A cover shows neither the site's address nor a QR code then:
  a trainer must not hand out an address that leads nowhere (links inside the PDF print site paths for the
  same reason, see `rewrite`).
- `cover_contact`: the configured contact (`extra.contact` in mkdocs.yml, per language through static-i18n),
  else the repository's issues page ("Report a correction: github.com/…/issues"), a real channel from config.
- `qr_data_uri`: the QR code of an address as an SVG data URI (drawn as vectors, no file is loaded; the same
  address always gives the same bytes).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote, urlsplit

from platforma.pdf.model import Contact

_RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost"})
_RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
_EMAIL = re.compile(r"[^@\s/:]+@([^@\s/]+)")


def _reserved_host(host: str) -> bool:
    host = host.rstrip(".").lower()
    if not host:
        return True
    try:  # an address no reader can reach: `mkdocs serve` sets site_url to http://127.0.0.1:8000/
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified
    return host.rsplit(".", 1)[-1] in _RESERVED_TLDS or any(
        host == domain or host.endswith("." + domain) for domain in _RESERVED_DOMAINS
    )


def is_placeholder(url: str | None) -> bool:
    """True when `url` is empty, has no host (`/en/`), its host is a name reserved for examples (RFC 2606) or an
    IP address of this machine or a private network."""
    return _reserved_host(urlsplit((url or "").strip()).hostname or "")


def short_url(url: str) -> str:
    """An address as printed: no scheme, no fragment, no lone `/` (`example.org/path`, `a@b.pl`)."""
    parts = urlsplit(url)
    if parts.scheme.lower() in ("mailto", "tel"):
        return unquote(parts.path)
    path = "" if parts.path == "/" else unquote(parts.path)
    return parts.netloc + path + (f"?{parts.query}" if parts.query else "")


def _contact_link(text: str) -> tuple[str, bool]:
    """(link of a configured contact or "", whether it is at a reserved name): an e-mail address, a web address
    or plain text (a phone number, an office)."""
    email = _EMAIL.fullmatch(text.removeprefix("mailto:"))
    if email:
        return "mailto:" + text.removeprefix("mailto:"), _reserved_host(email[1])
    if re.match(r"https?://", text, re.I):
        return text, is_placeholder(text)
    return "", False


def cover_contact(contact: str | None, repo_url: str | None, labels: dict[str, str]) -> Contact | None:
    """Whom a reader writes to: `contact` (config `extra.contact`) unless it is at a reserved name, else the
    issues page of `repo_url`; None when neither is there."""
    text = " ".join(str(contact or "").split())
    if text:
        link, reserved = _contact_link(text)
        if not reserved:
            shown = short_url(link) if link.lower().startswith(("http", "mailto:")) else text
            return Contact(labels["pdf_contact"], shown, link)
    if repo_url and not is_placeholder(repo_url):
        issues = repo_url.rstrip("/") + "/issues"
        return Contact(labels["pdf_report_correction"], short_url(issues), issues)
    return None


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI: black modules, a quiet zone of four, error correction M (still
    reads with a fold or a smudge). Deterministic: the same address gives the same bytes."""
    import segno

    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.svg_data_uri(scale=1, border=4, dark="#000", svgclass=None, lineclass=None)
