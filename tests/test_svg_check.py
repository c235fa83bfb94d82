"""SVG images under docs/ (platforma/content/svg_check.py): every unsafe construct refused at file:line:col."""

from __future__ import annotations

import pytest

from conftest import ROOT
from platforma.content.svg_check import is_fragment, svg_problems

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = "http://www.w3.org/1999/xhtml"
PNG = (  # a 1x1 picture, as charting tools embed bitmaps
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def svg(body: str, head: str = "") -> str:
    """`body` starts on line 2, column 1 (after `head`, which should end with a newline if given)."""
    return f"{head}<svg {NS}>\n{body}\n</svg>\n"


CHART = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- exported by a charting tool -->
<svg {NS} width="320" height="180" viewBox="0 0 320 180" role="img" aria-labelledby="t">
  <title id="t">Requests per month</title>
  <desc>Bar chart of requests from January to March</desc>
  <style type="text/css"><![CDATA[
    .axis {{ stroke: #444; stroke-width: 1px; font: 12px "Open Sans", sans-serif; }}
    .bar:hover {{ fill: url(#g2); opacity: .8 }}
    text {{ fill: currentColor; }}
  ]]></style>
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0%" stop-color="#3f51b5"/><stop offset="100%" stop-color="#9fa8da"/>
    </linearGradient>
    <linearGradient id="g2" xlink:href="#g"/>
    <clipPath id="plot"><rect width="300" height="160"/></clipPath>
    <marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5"><path d="M0 0L10 5L0 10z"/></marker>
    <rect id="a" class="bar" width="40" height="100"/>
  </defs>
  <g clip-path="url(#plot)" style="filter: none; fill: url('#g')">
    <use href="#a" x="20" y="60" fill="url(#g)"/>
    <use xlink:href="#a" x="80" y="40" fill="url( &quot;#g&quot; )"/>
    <image x="140" y="20" width="1" height="1" xlink:href="{PNG}"/>
  </g>
  <line class="axis" x1="10" y1="170" x2="310" y2="170" marker-end="url(#arrow)"/>
  <a href="#t"><text x="20" y="178" font-family="sans-serif">Jan &amp; Feb</text></a>
  <animate href="#a" attributeName="height" from="0" to="100" dur="1s"/>
</svg>
"""

# (id, document, line, column, fragment of the message)
REFUSED = [
    ("not-utf8", f"<svg {NS}>\n<text>caf\xe9</text></svg>".encode("latin-1"), 2, 10, "not valid UTF-8"),
    ("not-well-formed", svg("<g>"), 3, 3, "not well-formed XML (mismatched tag)"),
    ("root-html", f'<html xmlns="{XHTML}"/>', 1, 1, "root element must be <svg"),
    ("root-no-namespace", "<svg/>", 1, 1, "root element must be <svg"),
    ("encoding", svg("", '<?xml version="1.0" encoding="ISO-8859-2"?>\n'), 1, 1, 'encoding "ISO-8859-2"'),
    ("doctype", svg("", '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd">\n'), 1, 1, "DOCTYPE"),
    ("entity", svg("&e;", '<!DOCTYPE svg [\n  <!ENTITY e "x">\n]>\n'), 2, 3, "entity declaration 'e'"),
    ("stylesheet-pi", svg("", '<?xml version="1.0"?>\n<?xml-stylesheet href="x.css"?>\n'), 2, 1, "<?xml-stylesheet"),
    ("pi-inside", svg("  <?php echo 1 ?>"), 2, 3, "processing instruction <?php"),
    ("script", svg("<script>alert(1)</script>"), 2, 1, "<script> is not allowed in an SVG image: remove it"),
    ("script-prefixed", svg('<s:script xmlns:s="http://www.w3.org/2000/svg"/>'), 2, 1, "<s:script> is not allowed"),
    ("script-upper", svg("<SCRIPT/>"), 2, 1, "<SCRIPT> is not allowed"),
    ("foreignObject", svg("<foreignObject/>"), 2, 1, "<foreignObject> is not allowed"),
    ("iframe", svg("<iframe/>"), 2, 1, "<iframe> is not allowed"),
    ("object", svg("<object/>"), 2, 1, "<object> is not allowed"),
    ("embed", svg("<embed/>"), 2, 1, "<embed> is not allowed"),
    ("handler", svg("<handler/>"), 2, 1, "<handler> is not allowed"),
    ("listener", svg("<listener/>"), 2, 1, "<listener> is not allowed"),
    ("html-script", svg(f'<g xmlns:html="{XHTML}"><html:script/></g>'), 2, 46, "<html:script> is not an SVG"),
    ("xhtml-div", svg(f'<x:div xmlns:x="{XHTML}"/>'), 2, 1, "<x:div> is not an SVG element"),
    ("default-ns-div", svg(f'<div xmlns="{XHTML}"/>'), 2, 1, "<div> is not an SVG element"),
    ("no-namespace", svg('<g xmlns=""/>'), 2, 1, "namespace 'none'"),
    ("onload", svg('<rect width="1" onload="alert(1)"/>'), 2, 17, "event-handler attribute onload"),
    ("onclick-upper", svg('<rect ONCLICK="x"/>'), 2, 7, "event-handler attribute ONCLICK"),
    ("on-namespaced", svg('<rect e:onclick="x" xmlns:e="urn:e"/>'), 2, 7, "event-handler attribute e:onclick"),
    ("href-javascript", svg('<a href="javascript:alert(1)"/>'), 2, 4, "href='javascript:alert(1)' must point"),
    ("xlink-javascript", svg('<a xlink:href="javascript:x"/>'), 2, 4, "xlink:href="),
    ("href-tab", svg('<a href="java&#9;script:x"/>'), 2, 4, "must point to #id"),
    ("href-raw-tab", svg('<a href="java\tscript:x"/>'), 2, 4, "must point to #id"),
    (
        "href-other-prefix",
        svg('<use k:href="//evil.example/x" xmlns:k="http://www.w3.org/1999/xlink"/>'),
        2,
        6,
        "k:href",
    ),
    ("href-backslashes", svg(r'<use href="\\evil.example/x#a"/>'), 2, 6, "must point to #id"),
    ("href-slash-backslash", svg(r'<use href="/\evil.example/x#a"/>'), 2, 6, "must point to #id"),
    ("href-host", svg('<image href="https://evil.example/p.png"/>'), 2, 8, "must point to #id"),
    ("href-other-file", svg('<use href="other.svg#a"/>'), 2, 6, "must point to #id"),
    ("href-query-fragment", svg('<use href="?x#a"/>'), 2, 6, "must point to #id"),
    ("href-empty", svg('<a href=""/>'), 2, 4, "must point to #id"),
    ("data-html", svg('<a href="data:text/html,&lt;script&gt;x&lt;/script&gt;"/>'), 2, 4, "must point to #id"),
    ("data-svg-image", svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), 2, 8, "must point to #id"),
    ("data-png-use", svg(f'<use href="{PNG}"/>'), 2, 6, "must point to #id"),
    ("src", svg('<image src="p.png"/>'), 2, 8, "src loads a file"),
    ("style-url", svg('<rect style="fill: url(https://evil.example/a#g)"/>'), 2, 7, "style: url(https://evil"),
    ("style-url-quoted", svg("<rect style=\"fill: url( '//evil.example/x' )\"/>"), 2, 7, "url(//evil.example/x)"),
    ("style-url-escaped", svg(r'<rect style="fill: u\72l(//evil.example/x)"/>'), 2, 7, "backslash escapes"),
    ("style-import", svg("<rect style=\"@import 'x.css'\"/>"), 2, 7, "@import is not allowed"),
    ("style-expression", svg('<rect style="width: expression(alert(1))"/>'), 2, 7, "CSS loads a file or runs"),
    ("style-moz-binding", svg('<rect style="-moz-binding: x"/>'), 2, 7, "CSS loads a file or runs"),
    ("style-behavior", svg('<rect style="behavior : x.htc"/>'), 2, 7, "CSS loads a file or runs"),
    ("style-image-set", svg("<rect style=\"fill: image-set('x.png' 1x)\"/>"), 2, 7, "CSS function loads a file"),
    (
        "style-element-url",
        svg("<style>\n  a { fill: #fff }\n  b { fill: url(http://e.example/) }\n</style>"),
        4,
        13,
        "<style>: url(",
    ),
    ("style-element-import", svg("<style><![CDATA[\n@import 'x.css';]]></style>"), 3, 1, "<style>: @import"),
    ("style-element-entity", svg("<style>a { fill: u&#114;l(x.svg#g) }</style>"), 2, 18, "<style>: url(x.svg#g)"),
    ("fill-url", svg('<rect fill="url(https://evil.example/#g)"/>'), 2, 7, "fill: url(https://evil.example/#g)"),
    ("filter-url", svg('<g filter="url(f.svg#blur)"/>'), 2, 4, "filter: url(f.svg#blur)"),
    ("marker-url", svg('<line marker-end="url(//evil.example/m#a)"/>'), 2, 7, "marker-end: url("),
    ("cursor-url", svg('<g cursor="url(c.cur), auto"/>'), 2, 4, "cursor: url(c.cur)"),
    ("clip-path-url", svg('<g clip-path="url(data:image/svg+xml,x)"/>'), 2, 4, "clip-path: url("),
    ("set-href", svg('<a href="#a"><set attributeName="href" to="#b"/></a>'), 2, 19, "may not change href"),
    ("animate-xlink", svg('<a><animate attributeName="xlink:href" values="#a;#b"/></a>'), 2, 13, "may not change href"),
    ("set-onclick", svg('<set attributeName="onclick" to="alert(1)"/>'), 2, 6, "may not change onclick"),
    ("animate-javascript", svg('<animate attributeName="x" values="0;java script:1"/>'), 2, 10, "javascript: URL"),
    ("animate-transform-to", svg('<animateTransform attributeName=" ONload "/>'), 2, 19, "may not change onload"),
    ("discard-href", svg('<discard attributeName="href"/>'), 2, 10, "may not change href"),
    ("animate-style-url", svg('<animate attributeName="fill" to="url(//e.example/#g)"/>'), 2, 31, "to: url("),
    ("xml-base", svg('<g xml:base="https://evil.example/"><use href="#a"/></g>'), 2, 4, "xml:base"),
]


@pytest.mark.parametrize(("document", "line", "col", "fragment"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_unsafe_construct_is_refused_where_it_stands(document: str | bytes, line: int, col: int, fragment: str):
    data = document.encode("utf-8") if isinstance(document, str) else document
    problems = svg_problems(data, "docs/assets/images/x.svg")
    assert [(p.line, p.col) for p in problems if fragment in p.message] == [(line, col)], problems
    assert all(p.path == "docs/assets/images/x.svg" for p in problems)


@pytest.mark.parametrize("name", ["favicon.svg", "logo.svg"])
def test_project_svgs_pass(name: str):
    path = ROOT / "docs" / "assets" / "images" / name
    assert svg_problems(path.read_bytes(), str(path)) == []


@pytest.mark.parametrize(
    "document",
    [
        CHART,
        "\ufeff" + svg('<rect id="a"/>'),
        svg('<image width="1" height="1" href="  data:image/png;base64,iVBO\n  Rw0K  "/>'),
        svg('<g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="Layer 1"/>'),
        svg('<svg:rect xmlns:svg="http://www.w3.org/2000/svg" fill="url(&#x27;#g&#x27;)"/>'),
    ],
    ids=["chart", "bom", "embedded-png", "inkscape-attribute", "prefixed-svg"],
)
def test_ordinary_svgs_pass(document: str):
    assert svg_problems(document.encode("utf-8"), "x.svg") == []


@pytest.mark.parametrize(
    ("value", "local"),
    [
        ("#x", True),
        (" #x\n", True),
        ("#", True),
        ("", False),
        ("x", False),
        ("page.svg#x", False),
        ("?#x", False),
        ("//site.invalid/images/page.svg#x", False),
        ("https://site.invalid/images/page.svg#x", False),
        ("java\tscript:alert(1)", False),
        ("\\\\evil.example/x", False),
        ("/\\evil.example/x", False),
        ("http://[", False),
    ],
)
def test_is_fragment_follows_the_browser(value: str, local: bool):
    assert is_fragment(value) is local


@pytest.mark.parametrize("kind", ["general", "parameter"])
def test_billion_laughs_is_refused_before_expanding(kind: str):
    if kind == "general":
        entities = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
        body = "<text>&l9;</text>"
    else:  # "&#37;" is "%": each expansion of %p9; expands %p8; ten times, and so on down
        entities = ['<!ENTITY % p0 "<!-- lol -->">'] + [
            f'<!ENTITY % p{i} "{f"&#37;p{i - 1};" * 10}">' for i in range(1, 10)
        ]
        entities.append("%p9;")
        body = ""
    data = svg(body, "<!DOCTYPE svg [\n" + "\n".join(entities) + "\n]>\n").encode("utf-8")
    # no timing here (it would depend on the machine): the problems below are all there is because the parse
    # stops at the first entity declaration, before anything could expand it
    problems = svg_problems(data, "x.svg")
    assert [(p.line, p.message.split(" '")[0]) for p in problems] == [
        (1, "a DOCTYPE is not allowed: remove it"),
        (2, "entity declaration"),
    ]


def test_every_problem_in_a_file_is_listed():
    data = svg('<rect onclick="x"/>\n<use href="https://evil.example/a.svg#b"/>').encode("utf-8")
    problems = svg_problems(data, "docs/assets/images/chart.svg")
    assert [str(p) for p in problems] == [
        "docs/assets/images/chart.svg:2:7: event-handler attribute onclick runs script: remove it",
        "docs/assets/images/chart.svg:3:6: href='https://evil.example/a.svg#b' must point to #id in this file: "
        "remove the link",
    ]
