"""Checklists: Markdown task lists (`- [ ] item`, `- [x] item`) as lists of tick boxes.

The markup is that of pymdownx.tasklist with `custom_checkbox` (so Material's styles apply):
`<ul class="task-list"><li class="task-list-item"><label class="task-list-control"><input type="checkbox"
disabled><span class="task-list-indicator"></span>text</label></li></ul>`, with one difference: the item's
text is inside the `<label>`, so each (disabled) checkbox is named by its item. pymdownx.tasklist leaves the
label empty, a checkbox without an accessible name (axe-core's `label` rule), and writes its markup as raw HTML
that no later tree processor can reach. A nested list or a further paragraph stays outside the label.

On paper (platforma.pdf.rewrite) the checkbox becomes a ☐ (☑ when ticked) that can be read and copied.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

#: `[ ]` or `[x]` at the start of an item, followed by at least one space (as pymdownx.tasklist reads it).
MARKER = re.compile(r"^ *\[(?P<state>[ xX])\] +(?P<text>.*)", re.DOTALL)
LIST_CLASS = "task-list"
ITEM_CLASS = "task-list-item"


def _add_class(element: etree.Element, name: str) -> None:
    """Add the class `name` to `element` (once)."""
    classes = (element.get("class") or "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def _text_holder(item: etree.Element) -> etree.Element | None:
    """The element whose text starts the item: the `<li>` itself, or its first `<p>` in a loose list."""
    if item.text and item.text.strip():
        return item
    first = item[0] if len(item) else None
    if first is not None and first.tag == "p" and first.text:
        return first
    return None


def tick_box(text: str, checked: bool) -> etree.Element:
    """`<label class="task-list-control">` holding a disabled checkbox, Material's indicator and `text`."""
    label = etree.Element("label", {"class": "task-list-control"})
    box = etree.SubElement(label, "input", {"type": "checkbox", "disabled": "disabled"})
    if checked:
        box.set("checked", "checked")
    indicator = etree.SubElement(label, "span", {"class": "task-list-indicator"})
    indicator.tail = text  # no space: the indicator is drawn outside the text (Material; a ☐ in print)
    return label


def make_task_item(item: etree.Element) -> bool:
    """Turn `item` into a checklist item if its text starts with `[ ]` or `[x]`; True if it did."""
    holder = _text_holder(item)
    found = MARKER.match(holder.text or "") if holder is not None else None
    if not found:
        return False
    holder.text = None
    holder.insert(0, tick_box(found["text"], checked=found["state"] != " "))
    _add_class(item, ITEM_CLASS)
    return True


class ChecklistTreeprocessor(Treeprocessor):
    """Finds task list items before inline Markdown is parsed (so the item's text is parsed inside the label)."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            if parent.tag not in ("ul", "ol"):
                continue
            marked = [make_task_item(item) for item in parent if item.tag == "li"]
            if any(marked):
                _add_class(parent, LIST_CLASS)


class ChecklistExtension(Extension):
    """Python-Markdown extension: task lists as checklists with labelled checkboxes."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # 25: after the block parser, before the inline patterns (20), as pymdownx.tasklist
        md.treeprocessors.register(ChecklistTreeprocessor(md), "pw-checklist", 25)
        md.registerExtension(self)


def makeExtension(**kwargs: object) -> ChecklistExtension:  # noqa: N802 - Python-Markdown's entry point
    """Entry point for `markdown.Markdown(extensions=["platforma.markup.checklists"])`."""
    return ChecklistExtension(**kwargs)
