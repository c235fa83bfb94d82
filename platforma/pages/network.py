"""Who worked with whom, as a picture drawn at build time: an arc diagram of the organisations.

Each organisation is a row (a dot in its type's colour, explained by the legend at the top, and its name), and
each pair of organisations that shared a practice is an arc between their dots, thicker for more practices.
Rows keep their width whatever the number of organisations, so the picture stays readable on a phone; the rows
are ordered so that partners sit close together.  The same links are given as a table beside the picture (for
screen readers and print).  The picture is an image file of its own, shown with `<img>`: it runs nothing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from platforma.content.organisations import Organisation
from platforma.content.vocabularies import Vocabulary
from platforma.pages.organisations import Network, name_order
from platforma.pages.templates import render_template
from platforma.pages.views import Link, org_view, organisation_path, practice_path

# Okabe and Ito's palette (told apart with any colour vision), then Paul Tol's muted one: a colour per actor type
PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#999933", "#882255",
    "#44AA99", "#332288", "#AA4499", "#117733", "#88CCEE", "#661100", "#6699CC", "#000000",
)  # fmt: skip
LEGEND_ROW = 18  # the legend of colours, at the top of the picture
ROW = 28  # height of a row, in the picture's units (1 unit = 1 CSS pixel at the picture's natural width)
DOT_X = 130  # arcs take the left part of the picture, names the right
WIDTH = 460
NETWORK_PICTURE = "{prefix}organisations/network.svg"
"""Where the picture is written, in each language's folder (`prefix`: '' or 'en/')."""
LABEL_CHARS = 40  # a longer name wraps onto a second line (two fit in a row)


def type_colours(vocabularies: Mapping[str, Vocabulary]) -> dict[str, str]:
    """The colour of each actor type, in the vocabulary's order."""
    codes = vocabularies["actor_types"].codes
    return {code: PALETTE[index % len(PALETTE)] for index, code in enumerate(codes)}


def _order(organisations: Mapping[str, Organisation], network: Network, lang: str) -> list[str]:
    """Rows in an order that keeps partners close: each group of connected organisations together (the largest
    first), walked breadth-first from its best connected member; organisations without partners last."""
    neighbours = {o: set(network.partners_of(o)) & organisations.keys() for o in organisations}

    def name(organisation_id: str) -> Any:
        return name_order(organisations[organisation_id], lang)

    seen: set[str] = set()
    groups: list[list[str]] = []
    for start in sorted(neighbours, key=lambda o: (-len(neighbours[o]), name(o))):
        if start in seen or not neighbours[start]:
            continue
        group, queue = [], [start]
        seen.add(start)
        while queue:
            current = queue.pop(0)
            group.append(current)
            for other in sorted(neighbours[current] - seen, key=name):
                seen.add(other)
                queue.append(other)
        groups.append(group)
    groups.sort(key=lambda g: -len(g))
    alone = sorted((o for o in neighbours if not neighbours[o]), key=name)
    return [o for group in groups for o in group] + alone


def network_view(
    organisations: Mapping[str, Organisation],
    network: Network,
    lang: str,
    vocabularies: Mapping[str, Vocabulary],
    link: Link,
) -> dict[str, Any]:
    """What the directory's picture and its table show: rows (name lines, colour, position), arcs (the two rows,
    thickness) and the links (both organisations and the practices they shared), in `lang`."""
    colours = type_colours(vocabularies)
    used = sorted({o.actor_type for o in organisations.values()}, key=vocabularies["actor_types"].codes.index)
    legend = [
        {"label": vocabularies["actor_types"].label(code, lang), "colour": colours[code], "y": LEGEND_ROW * (i + 1)}
        for i, code in enumerate(used)
    ]
    top_y = LEGEND_ROW * (len(legend) + 1)  # the legend, then a blank row
    order = _order(organisations, network, lang)
    position = {organisation_id: index for index, organisation_id in enumerate(order)}
    rows = []
    for index, organisation_id in enumerate(order):
        organisation = organisations[organisation_id]
        name = organisation.name.plain(lang)
        rows.append(
            {
                "id": organisation_id,
                "y": top_y + ROW * index + ROW // 2,
                "colour": colours[organisation.actor_type],
                "lines": textwrap.wrap(name, LABEL_CHARS) or [organisation_id],
                "name": name,
            }
        )

    def name(organisation_id: str) -> Any:
        return name_order(organisations[organisation_id], lang)

    links = []
    pairs = [sorted(pair, key=name) for pair in network.links if all(o in position for o in pair)]
    for first, second in sorted(pairs, key=lambda pair: (name(pair[0]), name(pair[1]))):
        practices = network.links[(first, second) if first < second else (second, first)]
        top, bottom = sorted((position[first], position[second]))
        y1, y2 = top_y + ROW * top + ROW // 2, top_y + ROW * bottom + ROW // 2
        bulge = min(DOT_X - 8, (y2 - y1) * 0.6)
        links.append(
            {
                "from": first,  # in alphabetical order of the names in `lang`, as the table lists them
                "to": second,
                "path": f"M {DOT_X} {y1} C {DOT_X - bulge:.1f} {y1} {DOT_X - bulge:.1f} {y2} {DOT_X} {y2}",
                "width": min(1 + len(practices), 6),
                "names": [org_view(organisations[first].name, lang), org_view(organisations[second].name, lang)],
                "urls": [link(organisation_path(first, lang)), link(organisation_path(second, lang))],
                "practices": [{"title": p.title.get(lang), "url": link(practice_path(p.id, lang))} for p in practices],
            }
        )
    return {
        "rows": rows,
        "links": links,
        "legend": legend,
        "width": WIDTH,
        "height": top_y + ROW * len(rows),
        "dot_x": DOT_X,
    }


def network_svg(view: dict[str, Any], title: str) -> str:
    """The picture of `view` (from `network_view`) as an SVG document."""
    return render_template("network.svg", n=view, title=title)
