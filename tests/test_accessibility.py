"""Quality gate: axe-core finds no serious or critical accessibility problem on the main pages.

axe-core (tests/vendor/axe.min.js, MPL-2.0, version pinned in AXE_VERSION) is injected into
pages of the real build in Chromium and run with its default rules (WCAG 2.0/2.1 A and AA
plus best practices).  One page of every kind (PAGES) is scanned in both languages with every rule in
the light colour scheme, and with the colour rules (COLOUR_RULES) in the dark one: the schemes differ
only in colours, so the same page is scanned again after the browser's preference turns dark (Material
follows it, as it does for a reader whose system turns dark); the form also with its error messages showing.
A page is scanned once it is loaded and its own script has finished (READY), not after a fixed wait.
"""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
AXE_VERSION = "4.14.1"
BLOCKING = {"serious", "critical"}

PAGES = {  # one page of every kind
    "home": "",
    "catalogue": "practices/",
    "practice": "practices/avr-project/",
    "manual landing": "manuals/psn/",
    "manual chapter": "manuals/psn/02-early-identification/",
    "manual checklist": "manuals/networking/01-why-networks/",  # task lists, a link inside an item
    "coi template": "manuals/coi/05-note-template/",  # a long code block
    "glossary": "glossary/",
    "about": "about/",
    "contribute": "contribute/",
    "form": "submit/",
    "sources": "sources/",
    "source": "sources/avr-project-page/",
    "not found": "404.html",
    "training pack": "pack/?c=psn/05-unaccompanied-minors,coi/05-note-template&p=avr-project",  # assembled
    "organisations": "organisations/",
    "organisation": "organisations/icmpd/",
}

# What shows that a page's own script has finished changing it (the pages not named here change nothing
# after their load event)
READY = {
    "catalogue": "document.querySelector('.pw-cat--ready')",
    "form": "document.querySelector('.pw-submit[data-ready=\"true\"]')",
    "training pack": "document.querySelectorAll('[data-pw-pack-items] > section').length === 3",
    "organisations": "document.querySelector('[data-pw-filters]:not([hidden])')",
}


# Problems in third-party markup that our files cannot fix without copying the third party's
# templates; each is named by rule and element, so the same rule failing anywhere else still fails.
THIRD_PARTY: dict[str, list[str]] = {}

COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # what a colour scheme can change

SCAN = """async ([known, rules]) => {
  const options = {resultTypes: ['violations']};
  if (rules) options.runOnly = {type: 'rule', values: rules};
  const result = await axe.run(document, options);
  return result.violations
    .map((v) => ({...v, nodes: v.nodes.filter((node) => {
      const element = document.querySelector(node.target[0]);
      return !(element && (known[v.id] || []).some((selector) => element.matches(selector)));
    })}))
    .filter((v) => v.nodes.length);
}"""


def scan(page, known: dict[str, list[str]] | None = None, rules: list[str] | None = None) -> list[dict]:
    """Run axe on the page as it is now (all its default rules, or only `rules`); return its violations (less the
    known third-party ones)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # Colours are checked as they settle: a link caught mid-transition (Material animates colours)
    # once measured the light scheme's blue on the dark background.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important }")
    page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
    return page.evaluate(SCAN, [THIRD_PARTY if known is None else known, rules])


def report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def test_axe_is_the_pinned_version():
    assert AXE.read_text(encoding="utf-8")[:40].startswith(f"/*! axe v{AXE_VERSION}")


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(browser, served_site, name, lang):
    page = browser.new_page(color_scheme="light")
    try:
        prefix = "" if lang == "pl" else f"{lang}/"
        response = page.goto(f"{served_site}/{prefix}{PAGES[name]}")
        assert response and response.status == 200
        if name in READY:
            page.wait_for_function(READY[name])
        found = {"light": blocking(scan(page))}
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        found["dark"] = blocking(scan(page, rules=COLOUR_RULES))
        assert not any(found.values()), "\n".join(
            f"{name} ({lang}, {scheme}):\n{report(violations)}" for scheme, violations in found.items() if violations
        )
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_form_with_errors_showing_is_accessible(browser, served_site, lang):
    page = browser.new_page()
    page.goto(f"{served_site}/{'' if lang == 'pl' else lang + '/'}submit/")
    page.wait_for_selector('.pw-submit[data-ready="true"]')
    page.click("#pw-f-sources [data-add]")
    page.click("#pw-download")
    assert page.locator('[aria-invalid="true"]').count() >= 5
    found = blocking(scan(page))
    assert not found, report(found)
    page.close()


def test_the_scan_reports_a_known_problem(browser):
    """The gate can fail: an image without alternative text and an unlabeled field are caught."""
    page = browser.new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>')
    found = {v["id"] for v in blocking(scan(page))}
    assert {"image-alt", "label"} <= found
    page.close()


def test_the_dark_scheme_scan_reports_poor_contrast(browser):
    """The dark scheme's colour-only scan can fail too: grey text on a dark background is caught."""
    page = browser.new_page(color_scheme="dark")
    page.set_content(
        '<html lang="en"><title>t</title><body style="background:#111"><main><p style="color:#333">Low contrast</p>'
        "<img src=x.png></main></body></html>"
    )
    found = {v["id"] for v in blocking(scan(page, rules=COLOUR_RULES))}
    assert found == {"color-contrast"}  # and only the colour rules ran: the image without alt is not reported
    page.close()
