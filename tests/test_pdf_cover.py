"""The PDFs' cover (issue #17): light on an office printer's toner; the edition and review dates, the licence and a
contact; the site's address and a QR code of the document's online version only when `site_url` is a real address.

Checked with real WeasyPrint: on the session's `built_site` (the project as it is: `site_url` is the placeholder
platforma-wiedzy.example, no `extra.contact`) and on one copied project whose mkdocs.yml has a real-looking
`site_url` and a contact per language (`real_site`); text via pdftotext, pixels via pdftoppm, the QR code read back
with zxing-cpp, the structure tree via pypdf. Cache keys and contacts also on small inputs.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from language_check import counts
from PIL import Image
from pypdf import PdfReader

from conftest import EPOCH, ROOT, build_log, copy_project, run_build, squeeze
from platforma import pdf as core
from platforma.content.manuals import load_manuals
from platforma.content.ui import ui_strings
from platforma.dates import build_moment
from platforma.pdf.disk_cache import _Cache

MANUALS, _, _ = load_manuals()
BUILD_DATE = "2026-09-21"  # conftest.EPOCH
LICENCE = {
    "pl": "Treści na licencji CC BY 4.0, chyba że zaznaczono inaczej.",
    "en": "Content licensed under CC BY 4.0 unless stated otherwise.",
}
ISSUES = "github.com/platforma-wiedzy/platforma-wiedzy/issues"
REAL_URL = "https://platforma-wiedzy.org.pl/"
CONTACT = {"pl": "szkolenia@platforma-wiedzy.org.pl", "en": "https://platforma-wiedzy.org.pl/en/about/"}
PLACEHOLDER_NOTE = "PDF covers show no site address and no QR code"


def cover(path: Path) -> str:
    """The text of page 1, white space squeezed."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
    )
    return squeeze(out.stdout)


def cover_image(path: Path, folder: Path, dpi: int) -> Image.Image:
    """Page 1 of `path` as a grey image at `dpi`."""
    stem = folder / f"{path.stem}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-gray", "-png", "-singlefile", path, stem])
    return Image.open(stem.with_suffix(".png"))


def white_share(image: Image.Image) -> float:
    histogram = image.convert("L").histogram()
    return sum(histogram[230:]) / sum(histogram)


def figures(path: Path) -> list[str]:
    """The text alternatives (/Alt) of the figures in a tagged PDF's structure tree."""
    reader = PdfReader(path)
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            continue
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        stack.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    return found


def manual_pdf(site: Path, lang: str, slug: str = "networking") -> Path:
    return site / "pdf" / f"{slug}-{lang}.pdf"


def online(lang: str, slug: str = "networking") -> str:
    return f"{REAL_URL}{'en/' if lang == 'en' else ''}manuals/{slug}/"


# ---------------------------------------------------------------- the project as it is (placeholder site_url)


@pytest.mark.parametrize("name", ["networking-pl.pdf", "coi-en.pdf"])
def test_the_cover_is_light(built_site, tmp_path, name):
    """Mostly white paper: the old cover was a full-bleed dark page (0.4% near-white)."""
    share = white_share(cover_image(built_site / "pdf" / name, tmp_path, 30))
    assert share > 0.8, f"{name}: only {share:.0%} of the cover is near-white"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_cover_gives_edition_review_licence_and_contact(built_site, lang):
    ui = ui_strings(lang)
    for path in sorted((built_site / "pdf").glob(f"*-{lang}.pdf")):
        text = cover(path)
        assert f"{ui['pdf_built']} {BUILD_DATE}" in text, path.name
        assert ui["pdf_reviewed"] in text, path.name
        assert LICENCE[lang] in text, path.name
        assert f"{ui['pdf_report_correction']}: {ISSUES}" in text, "no extra.contact: the repository's issues page"


def test_a_placeholder_site_url_gives_no_address_and_no_qr_code(built_site):
    for path in sorted((built_site / "pdf").glob("*.pdf")):
        text = cover(path)
        ui = ui_strings(path.stem[-2:])
        assert ".example" not in text, path.name
        assert ui["pdf_online"] not in text, path.name
    for name in ("networking-pl.pdf", "coi-en.pdf"):
        assert not [alt for alt in figures(built_site / "pdf" / name) if alt.startswith(("QR", "Kod QR"))], name
    log = build_log(built_site).read_text(encoding="utf-8")
    assert log.count(PLACEHOLDER_NOTE) == 1, "said once per build, at INFO (a strict build passes)"


def test_an_english_cover_has_no_polish(built_site):
    polish = {v for k, v in ui_strings("pl").items() if k.startswith("pdf_") and v != ui_strings("en")[k]}
    for path in sorted((built_site / "pdf").glob("*-en.pdf")):
        text = cover(path)
        assert not set(text) & set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"), (path.name, text)
        assert counts(text)["pl"] == 0, (path.name, text)
        assert not [label for label in polish if label in text], path.name


# ---------------------------------------------------------------- a real-looking site_url and a contact


# the module's tests share a module fixture that takes a while to make (`make test` runs pytest-xdist with
# --dist loadgroup): one worker runs them all, so the fixture is made once
pytestmark = pytest.mark.xdist_group("pdf_cover")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> tuple[Path, str]:
    """The project with a real-looking site_url and a contact (Polish, and the English one through static-i18n's
    per-language `extra:`), built with PDFs once: (site, log)."""
    project = copy_project(tmp_path_factory.mktemp("real") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for old, new in (
        ("site_url: https://platforma-wiedzy.example/", f"site_url: {REAL_URL}"),
        ("  social: []\n", f"  social: []\n  contact: {CONTACT['pl']}\n"),
        (
            "          copyright: Content",
            f"          extra: {{contact: '{CONTACT['en']}'}}\n          copyright: Content",
        ),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    site = project.parent / "site"
    result = run_build(project, site, extra_env={"PLATFORMA_PDF": "1"})
    assert result.returncode == 0, result.stderr[-4000:]
    return site, result.stderr


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_real_site_url_gives_the_address_and_a_qr_code_of_the_online_version(real_site, tmp_path, lang):
    site, log = real_site
    ui = ui_strings(lang)
    path = manual_pdf(site, lang)
    text = cover(path)
    assert "platforma-wiedzy.org.pl " in text + " ", "the site's address under its name"
    assert f"{ui['pdf_online']} {online(lang).removeprefix('https://')}" in text
    shown = CONTACT[lang].removeprefix("https://")
    assert f"{ui['pdf_contact']}: {shown}" in text, "extra.contact, per language"
    assert ui["pdf_report_correction"] not in text
    assert f"{ui['pdf_built']} {BUILD_DATE}" in text and LICENCE[lang] in text
    assert ui["pdf_qr_alt"].format(url=online(lang)) in figures(path), "the QR code's text alternative"
    image = cover_image(path, tmp_path, 100)
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [online(lang)], "the QR code reads as the online version's address"
    assert white_share(cover_image(path, tmp_path, 30)) > 0.8
    assert PLACEHOLDER_NOTE not in log
    if lang == "en":
        assert counts(text)["pl"] == 0 and not set(text) & set("ąćęłńóśźż"), text


# ---------------------------------------------------------------- small inputs


def _doc(**changes) -> core.PdfDocument:
    doc = core.PdfDocument(
        filename="t-en.pdf",
        lang="en",
        title="Title",
        subtitle="Manual",
        sections=(core.Section("/m/", "A", "<p>Text.</p>"),),
        created=build_moment(EPOCH),
        reviewed="2026-01-01",
        labels=ui_strings("en"),
        site_url=REAL_URL,
        online_url=REAL_URL + "m/",
        licence="CC BY 4.0",
        contact=core.Contact("Contact", "a@b.pl", "mailto:a@b.pl"),
    )
    return dataclasses.replace(doc, **changes)


def test_the_cache_key_changes_with_everything_the_cover_shows():
    variants = [
        _doc(),
        _doc(title="Other"),
        _doc(subtitle="Booklet"),
        _doc(site_name="Knowledge Platform"),
        _doc(created=build_moment(str(int(EPOCH) + 86400))),
        _doc(reviewed="2026-02-01"),
        _doc(licence="CC BY-SA 4.0"),
        _doc(contact=core.Contact("Contact", "c@d.pl", "mailto:c@d.pl")),
        _doc(contact=None),
        _doc(site_url="https://other.pl/", online_url="https://other.pl/m/"),
        _doc(online_url=REAL_URL + "n/"),
        _doc(labels={**ui_strings("en"), "pdf_online": "Online"}),
    ]
    cache = _Cache(ROOT / "unused")
    keys = [cache.key("fingerprint", core.document_html(doc)) for doc in variants]
    assert len(set(keys)) == len(keys)
    assert core.document_html(_doc()) == core.document_html(_doc()), "the same cover gives the same HTML (the QR too)"


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://platforma-wiedzy.example/", True),
        ("https://platforma-wiedzy.example/en/manuals/coi/", True),
        ("http://docs.example.org/", True),
        ("https://example.com", True),
        ("http://localhost:8000/", True),
        ("http://127.0.0.1:8000/", True),  # what `mkdocs serve` makes site_url
        ("http://[::1]:8000/en/", True),
        ("http://192.168.1.20/", True),
        ("http://0.0.0.0:8000/", True),
        ("https://193.0.96.1/", False),  # a public address, odd but reachable
        ("https://site.test/", True),
        ("", True),
        (None, True),
        ("/en/manuals/coi/", True),
        ("https://platforma-wiedzy.org.pl/", False),
        ("https://examples.org/", False),
        ("https://my-example.pl/", False),
    ],
)
def test_placeholder_addresses(url, placeholder):
    assert core.is_placeholder(url) is placeholder


def test_the_contact_is_the_configured_one_else_the_repositorys_issues():
    ui = ui_strings("pl")
    repo = "https://github.com/o/r/"
    assert core.cover_contact("biuro@fundacja.pl", repo, ui) == core.Contact(
        "Kontakt", "biuro@fundacja.pl", "mailto:biuro@fundacja.pl"
    )
    assert core.cover_contact("https://fundacja.pl/kontakt/", repo, ui) == core.Contact(
        "Kontakt", "fundacja.pl/kontakt/", "https://fundacja.pl/kontakt/"
    )
    assert core.cover_contact("  tel. 22 123  45 67 ", repo, ui) == core.Contact("Kontakt", "tel. 22 123 45 67", "")
    issues = core.Contact("Zgłoś poprawkę", "github.com/o/r/issues", "https://github.com/o/r/issues")
    assert core.cover_contact(None, repo, ui) == issues
    assert core.cover_contact("biuro@platforma-wiedzy.example", repo, ui) == issues, "never a placeholder address"
    assert core.cover_contact("", None, ui) is None
