"""PDFs for training days: one per manual and language (practices are printed with the training pack).

The MkDocs adapter (hooks/pdf.py) gathers the pages' rendered HTML into a `PdfDocument`
(`documents`); this package prepares it for print and renders it with WeasyPrint:

- every page becomes a `<section>` whose ids are prefixed, so anchors of different pages
  never clash; links to pages of the same PDF become internal links (clickable, and the
  target of the contents' page numbers), links to other pages of the site become their
  online address; header permalinks and screen-only parts are dropped; on paper a link to a part of
  the PDF says its page, "(s. 12)", one that leaves the PDF its address; checklists get a ☐ to tick;
  the sections that close a chapter (sources, related practices) stay out of the contents and the
  bookmarks (`rewrite`);
- a cover, a table of contents and the sections are laid out by the template
  `overrides/platforma/pdf-document.html` (`rewrite`) with the print stylesheet `pdf.css` (A4,
  running chapter titles, `page n / N` footers, bookmarks from headings) (`render`); the cover is light
  (little toner) and gives the edition and review dates, the licence, a contact, and the online version's
  address with its QR code unless `site_url` is still a placeholder (`cover`);
- only the site's own fonts (docs/assets/fonts/*.woff2, and a cut of Noto Sans Symbols 2 for ☐) are used:
  WeasyPrint muddles two subsets of one family (latin and latin-ext), so each style is merged into
  one TrueType font with fontTools, once, and kept in a cache folder (`fonts`);
- nothing is fetched from the network: only files under the folders a document allows (`render`);
- finished PDFs are kept by the hash of everything that decides their bytes (`cache`), and made
  in worker processes while the build goes on (`jobs`: `PdfJobs`; `render_pdf` in this process).

`names` holds the PDFs' file names (sizes: platforma.file_sizes); the synthetic manual for benchmarks is
evaluation.pdf_sample.

Same input and the same `created` moment give byte-identical PDFs.
"""

from platforma.file_sizes import format_size
from platforma.pdf.cover import cover_contact, is_placeholder, qr_data_uri
from platforma.pdf.disk_cache import default_cache_dir
from platforma.pdf.fonts import FONTS_DIR, FontFace, font_coverage, font_css, missing_glyphs, prepare_fonts
from platforma.pdf.jobs import PdfJobs, default_workers, render_pdf
from platforma.pdf.layout import PRINT_CSS, RenderSetup, glyph_warnings
from platforma.pdf.model import Contact, Heading, Notice, PdfDocument, PdfError, PreparedSection, RenderedPdf, Section
from platforma.pdf.names import pdf_filename
from platforma.pdf.rewrite import DROP_CLASSES, DROP_IDS, TEMPLATE, document_html, prepare_sections

__all__ = [
    "DROP_CLASSES",
    "DROP_IDS",
    "FONTS_DIR",
    "PRINT_CSS",
    "TEMPLATE",
    "FontFace",
    "Contact",
    "Heading",
    "Notice",
    "PdfDocument",
    "PdfError",
    "PdfJobs",
    "PreparedSection",
    "RenderSetup",
    "RenderedPdf",
    "Section",
    "cover_contact",
    "default_cache_dir",
    "default_workers",
    "document_html",
    "font_coverage",
    "font_css",
    "format_size",
    "glyph_warnings",
    "is_placeholder",
    "missing_glyphs",
    "pdf_filename",
    "prepare_fonts",
    "prepare_sections",
    "qr_data_uri",
    "render_pdf",
]
