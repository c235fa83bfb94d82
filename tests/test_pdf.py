"""PDFs for training days: one per manual and language (hooks/pdf.py, platforma.pdf).

Checked on the real build (text via pdftotext, fonts via pdffonts, outline and links via pypdf) and on
small documents rendered directly (wide tables and images, reproducibility, the link rewriting).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import EPOCH, ROOT, copy_project, lines, pdf_pages, run_build, squeeze
from evaluation.pdf_sample import sample_document
from platforma import pdf as core
from platforma.content.manuals import load_manuals
from platforma.content.practices import load_practices
from platforma.dates import build_moment
from platforma.file_sizes import marked_sizes

MANUALS, _, _ = load_manuals()
PRACTICES = load_practices().practices
BUILD_DATE = "2026-09-21"  # conftest.EPOCH
LABELS = {
    "pl": {"language": "polski", "page": "Strona", "contents": "Spis treści", "built": "Wydanie z dnia"},
    "en": {"language": "English", "page": "Page", "contents": "Contents", "built": "Edition of"},
}


def contents_pages(pages: list[str], lang: str) -> str:
    """The table of contents: the pages whose running header is "Contents"."""
    return "\n".join(p for p in pages[1:] if lines(p)[0].endswith(LABELS[lang]["contents"]))


def all_pdfs(site: Path) -> list[Path]:
    return sorted((site / "pdf").glob("*.pdf"))


def test_one_pdf_per_manual_and_language_and_none_of_all_practices(built_site):
    expected = {f"{m.slug}-{lang}.pdf" for m in MANUALS for lang in ("pl", "en")}
    assert {p.name for p in all_pdfs(built_site)} == expected
    for path in all_pdfs(built_site):
        reader = PdfReader(path)
        box = reader.pages[1].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297), path.name
        assert path.stat().st_size < 12_000 * len(reader.pages), f"{path.name} is heavy for text only"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_cover_names_title_language_build_date_and_review(built_site, lang):
    manual = MANUALS[0]
    cover = squeeze(pdf_pages(built_site / "pdf" / f"{manual.slug}-{lang}.pdf")[0])
    assert manual.title(lang) in cover
    assert LABELS[lang]["language"] in cover
    assert f"{LABELS[lang]['built']} {BUILD_DATE}" in cover
    chapters = [manual.landing, *manual.chapters]
    reviewed = max((c.meta.get(lang) or c.meta["pl"]).last_reviewed for c in chapters).isoformat()
    assert reviewed in cover
    assert "platforma-wiedzy.example" not in cover, "a placeholder site_url is not printed (tests/test_pdf_cover.py)"


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("manual", MANUALS, ids=lambda m: m.slug)
def test_contents_give_the_real_page_of_every_chapter(built_site, manual, lang):
    pages = pdf_pages(built_site / "pdf" / f"{manual.slug}-{lang}.pdf")
    assert lines(pages[1])[1] == LABELS[lang]["contents"]
    toc = contents_pages(pages, lang)
    for chapter in [manual.landing, *manual.chapters]:
        title = chapter.title(lang)
        found = re.search("^" + re.escape(title) + r"\s+(\d+)\s*$", toc, re.M)  # chapters: not indented
        assert found, f"{title!r} not in the contents of {manual.slug}-{lang}"
        number = int(found[1])
        header = lines(pages[number - 1])[0]
        assert header.endswith(title), f"{title!r} is not on page {number}: {header!r}"
        assert squeeze(" ".join(lines(pages[number - 1])[1:4])).startswith(title), "the heading opens the page"
        assert not lines(pages[number - 2])[0].endswith(title), "the chapter starts on that page, not earlier"


@pytest.mark.parametrize("name", ["networking-pl.pdf", "coi-en.pdf"])
def test_running_header_and_page_n_of_n_footer(built_site, name):
    pages = pdf_pages(built_site / "pdf" / name)
    lang = name[-6:-4]
    for number, page in enumerate(pages, start=1):
        if number == 1:
            continue  # the cover has neither
        assert lines(page)[-1] == f"{LABELS[lang]['page']} {number} / {len(pages)}"
        title = "Sieci współpracy" if name.startswith("networking") else "Country-of-origin information"
        assert lines(page)[0].startswith(title)


def test_polish_text_and_diacritics_come_through(built_site):
    text = squeeze(" ".join(pdf_pages(built_site / "pdf" / "networking-pl.pdf")))
    for letter in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ":
        if letter.islower():
            assert letter in text, letter
    assert "Po co sieci współpracy" in text
    assert "¶" not in text, "header permalinks are dropped"
    assert "Przejdź do treści" not in text and "Podręczniki Dobre praktyki Słowniczek" not in text, "no site chrome"


def test_every_font_is_embedded_and_is_one_of_the_sites_fonts(built_site):
    for path in all_pdfs(built_site):
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
        assert rows, path.name
        for row in rows:
            name, embedded = row[0], row[-5]
            assert embedded == "yes", f"{path.name}: {name} not embedded"
            assert re.fullmatch(
                r"[A-Z]{6}\+(Noto-Sans-PW|Noto-Sans-Symbols-2-PW|JetBrains-Mono-PW)(-Bold|-Italic|-Bold-Italic)?", name
            ), f"{path.name}: {name} is not a font shipped with the site"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_bookmarks_lead_to_every_chapter(built_site, lang):
    manual = next(m for m in MANUALS if m.slug == "networking")
    reader = PdfReader(built_site / "pdf" / f"networking-{lang}.pdf")
    top = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    assert LABELS[lang]["contents"] in top
    pages = pdf_pages(built_site / "pdf" / f"networking-{lang}.pdf")
    for chapter in [manual.landing, *manual.chapters]:
        assert chapter.title(lang) in top, chapter.title(lang)
        assert lines(pages[top[chapter.title(lang)] - 1])[0].endswith(chapter.title(lang))
    assert any(isinstance(item, list) and item for item in reader.outline), "sections (h2) are nested bookmarks"


def _links(reader: PdfReader) -> tuple[list[tuple[int, int]], list[str]]:
    """(page of the link, page of its target) for internal links, and the URIs of the others."""
    names = reader.named_destinations
    internal, external = [], []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                internal.append((number, reader.get_destination_page_number(names[str(annotation["/Dest"])]) + 1))
            elif "/A" in annotation:
                external.append(str(annotation["/A"].get_object()["/URI"]))
    return internal, external


def test_links_inside_the_pdf_are_internal_and_the_rest_are_absolute(built_site):
    reader = PdfReader(built_site / "pdf" / "networking-pl.pdf")
    pages = pdf_pages(built_site / "pdf" / "networking-pl.pdf")
    internal, external = _links(reader)
    assert any(source == 2 for source, _ in internal), "contents entries are links"
    referral = next(i for i, p in enumerate(pages, 1) if lines(p)[0].endswith("Porozumienia o kierowaniu"))
    assert any(source > 3 and target == referral for source, target in internal), "a link to another chapter"
    assert external and all(re.match(r"^(https?://|mailto:)", uri) for uri in external), external[:5]
    assert "https://platforma-wiedzy.example/practices/gdansk-refugee-networks/" in external


def test_the_catalogue_offers_the_training_pack_not_a_pdf(built_site):
    for prefix in ("", "en/"):
        html = (built_site / prefix / "practices" / "index.html").read_text(encoding="utf-8")
        assert "data-pw-pack-shown" in html and "pw-downloads" not in html and ".pdf" not in html


def _structure_roles(reader: PdfReader) -> set[str]:
    """The structure types (/S) used in a tagged PDF's structure tree."""
    roles: set[str] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            continue
        if "/S" in node:
            roles.add(str(node["/S"]))
        kids = node.get("/K")
        stack.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    return roles


def test_every_pdf_is_tagged_pdf_ua_with_its_language_and_title(built_site):
    for path in all_pdfs(built_site):
        lang = "en" if path.stem.endswith("-en") else "pl"
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == lang, path.name
        assert root["/MarkInfo"]["/Marked"].value is True, path.name
        assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True, path.name  # readers announce the title
        assert reader.metadata["/Title"], path.name
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r"pdfuaid:part(>|=\")1", xmp), path.name  # claims PDF/UA-1
        roles = _structure_roles(reader)
        assert {"/H1", "/H2", "/P", "/L", "/LI", "/Link"} <= roles, (path.name, roles)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), path.name


def test_metadata_dates_come_from_source_date_epoch(built_site):
    reader = PdfReader(built_site / "pdf" / "coi-en.pdf")
    assert reader.metadata["/CreationDate"].startswith("D:20260921")
    assert reader.metadata["/ModDate"] == reader.metadata["/CreationDate"]
    assert reader.metadata["/Title"] == next(m for m in MANUALS if m.slug == "coi").title("en")
    assert "/ID" not in reader.trailer


def test_download_links_with_sizes_on_landing_pages(built_site):
    for lang, prefix in (("pl", ""), ("en", "en/")):
        for page, name in [(f"{prefix}manuals/{m.slug}/index.html", m.slug) for m in MANUALS]:
            html = (built_site / page).read_text(encoding="utf-8")
            depth = page.count("/")
            for doc_lang in ("pl", "en"):
                href = "../" * depth + f"pdf/{name}-{doc_lang}.pdf"
                size = core.format_size((built_site / "pdf" / f"{name}-{doc_lang}.pdf").stat().st_size, lang)
                found = re.search(rf'<a href="{re.escape(href)}"[^>]*>[^<]+</a> <span[^>]*>\(PDF, ([^)]+)\)', html)
                assert found, f"{page}: no link to {href}"
                assert found[1] == size, f"{page}: {found[1]} != {size}"
    for page in built_site.rglob("*.html"):
        assert not marked_sizes(page.read_text(encoding="utf-8")), page
    assert "pw-downloads" not in (built_site / "about" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- documents rendered directly


def _document(sections: list[core.Section], **extra) -> core.PdfDocument:
    from platforma.content.ui import ui_strings

    return core.PdfDocument(
        filename="test-pl.pdf",
        lang="pl",
        title="Próba",
        subtitle="Podręcznik",
        sections=tuple(sections),
        created=build_moment(EPOCH),
        reviewed="2026-01-01",
        labels=ui_strings("pl"),
        site_url="https://example.org/",
        **extra,
    )


def test_sections_are_rewritten_for_print():
    first = core.Section(
        "/manuals/x/",
        "Pierwszy",
        '<h1>Pierwszy</h1><h2 id="a">A<a class="headerlink" href="#a">¶</a></h2>'
        '<p><a href="../x/02-b/#b">dalej</a> <a href="#a">tu</a> <a href="../../practices/p/">praktyka</a> '
        '<a href="https://other.example/">obcy</a> <a href="mailto:a@b.pl">mail</a> <a href="../x/02-b/#gone">?</a></p>'
        "<details><summary>S</summary><p>ukryte</p></details><script>alert(1)</script>"
        '<img src="../../assets/images/logo.svg" alt="">',
    )
    second = core.Section("/manuals/x/02-b/", "Drugi", '<h2 id="b">B</h2><p id="a">x</p>')
    logo = ROOT / "docs" / "assets" / "images" / "logo.svg"
    prepared = core.prepare_sections(
        _document([first, second]), assets=lambda p: logo if p.endswith("logo.svg") else None
    )
    html = prepared[0].html
    assert "headerlink" not in html and "¶" not in html and "<script" not in html and "alert" not in html
    assert '<h2 id="s1-a">' in html and '<p id="s2-a">' in prepared[1].html
    assert 'href="#s2-b"' in html and 'href="#s1-a"' in html
    assert 'href="#s2" class="pw-xref" data-pw-page="s.">?' in html, (
        "an anchor missing from the PDF leads to its section"
    )
    assert '<a href="#s2-b" class="pw-xref" data-pw-page="s.">dalej</a>' in html, "pdf.css prints its page number"
    assert 'href="https://example.org/practices/p/"' in html
    assert 'href="https://other.example/"' in html and 'href="mailto:a@b.pl"' in html
    assert 'praktyka</a><span class="pw-address"> (<span class="pw-keep">/practices</span>/p/)</span>' in html, (
        "the site path, not site_url"
    )
    assert 'obcy</a><span class="pw-address"> (other.example)</span>' in html
    assert 'mail</a><span class="pw-address"> (a@b.pl)</span>' in html
    assert "<details open>" in html
    assert f'src="{logo.resolve().as_uri()}"' in html
    assert prepared[0].has_h1 and not prepared[1].has_h1
    assert [(h.id, h.text) for h in prepared[0].headings] == [("s1-a", "A")]


def test_wide_tables_and_big_images_fit_the_page(tmp_path):
    image = tmp_path / "wide.png"
    Image.new("RGB", (3000, 400), "black").save(image)
    cells = "".join(f"<td>Bardzo{'długie' * 6}słowo{i}</td>" for i in range(9))
    section = core.Section(
        "/m/",
        "Szeroko",
        f'<h1>Szeroko</h1><p><img src="/assets/wide.png" alt="Szeroki obraz"></p><table><tr>{cells}</tr></table>',
    )
    result = core.render_pdf(
        _document([section]),
        assets=lambda p: image if p == "/assets/wide.png" else None,
        allowed=[tmp_path],
        use_cache=False,
    )
    assert not result.warnings, result.warnings
    target = tmp_path / "wide.pdf"
    target.write_bytes(result.data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "20", "-f", "3", "-l", "3", "-singlefile", target, tmp_path / "p"], check=True
    )
    page = Image.open(tmp_path / "p.png").convert("L")
    width = page.width
    margin = round(width * 15 / 210)  # the page has 20 mm side margins; nothing may reach the last 15 mm
    right = page.crop((width - margin, 0, width, page.height))
    assert right.getextrema()[0] > 200, "something is drawn beyond the right margin"
    assert page.crop((0, 0, width - margin, page.height)).getextrema()[0] < 50, "the image is on the page"
    text = squeeze(" ".join(pdf_pages(target)))
    assert "słowo8" in text


def test_same_input_gives_the_same_bytes_and_the_cache_changes_nothing(tmp_path):
    doc = sample_document(4)
    fresh = core.render_pdf(doc, use_cache=False).data
    again = core.render_pdf(doc, use_cache=False).data
    cached_first = core.render_pdf(doc, cache_dir=tmp_path).data
    cached_hit = core.render_pdf(doc, cache_dir=tmp_path).data
    assert fresh == again == cached_first == cached_hit
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == 1


def test_worker_processes_make_the_same_bytes_in_submission_order(tmp_path):
    docs = [sample_document(3), dataclasses.replace(sample_document(2), filename="other.pdf")]
    here = [core.render_pdf(doc, use_cache=False).data for doc in docs]
    jobs = core.PdfJobs(cache_dir=tmp_path, use_cache=False, workers=2)
    for doc in docs:
        jobs.submit(doc)
    results = jobs.results()
    assert [doc.filename for doc, _ in results] == ["sample-pl.pdf", "other.pdf"]
    assert [result.data for _, result in results] == here


def test_worker_count_must_be_a_number(monkeypatch):
    monkeypatch.setenv("PLATFORMA_PDF_WORKERS", "many")
    with pytest.raises(core.PdfError, match="PLATFORMA_PDF_WORKERS"):
        core.default_workers()
    monkeypatch.setenv("PLATFORMA_PDF_WORKERS", "0")
    assert core.default_workers() == 0


def test_characters_outside_the_sites_fonts_are_reported():
    section = core.Section("/m/", "Znaki", "<p>strzałka → i ✓</p>")
    result = core.render_pdf(_document([section]), use_cache=False)
    assert any("U+2192" in w and "U+2713" in w for w in result.warnings), result.warnings


def _pdf_hook():
    spec = importlib.util.spec_from_file_location("pdf_hook_under_test", ROOT / "hooks" / "pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("command", "env", "made"),
    [
        ("build", None, True),
        ("serve", None, False),
        ("serve", "1", True),
        ("build", "0", False),
        ("gh-deploy", None, True),
    ],
)
def test_serve_skips_pdfs_unless_asked(monkeypatch, command, env, made):
    hook = _pdf_hook()
    if env is None:
        monkeypatch.delenv("PLATFORMA_PDF", raising=False)
    else:
        monkeypatch.setenv("PLATFORMA_PDF", env)
    hook.on_startup(command, dirty=False)
    assert hook._enabled() is made


def test_a_failing_pdf_stops_the_build_with_a_clear_message(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "overrides" / "platforma" / "pdf-document.html").unlink()
    result = run_build(project, tmp_path / "site", extra_env={"PLATFORMA_PDF": "1", "PLATFORMA_PDF_CACHE": "0"})
    assert result.returncode != 0
    assert "PDF export failed" in result.stderr and "pdf-document.html" in result.stderr
    assert "Traceback" not in result.stderr
