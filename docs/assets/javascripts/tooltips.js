/* Material shows tooltips (content.tooltips); this script makes them safe and dismissable.

   Text, never markup: Material reads an element's `title` and puts it into the page as HTML
   (`innerHTML`), and it makes some titles itself from text (a navigation entry too long for its line
   gets its own text as title).  A title is text: read through `title`, every `<` comes out as `&lt;`,
   so whatever a title holds, HTML cannot make an element of it.  The build writes titles with `<`
   already escaped (platforma.markup.sanitise.tooltip_text), so this changes nothing in them.

   Escape hides an open explanation (a glossary term's or an abbreviation's tooltip) without moving
   the focus or the pointer, as WCAG 2.1 SC 1.4.13 asks; it shows again the next time the reader
   focuses or points at a term. */
(function () {
  "use strict";
  var title = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "title");
  Object.defineProperty(HTMLElement.prototype, "title", {
    configurable: true,
    enumerable: title.enumerable,
    get: function () { return title.get.call(this).replace(/</g, "&lt;"); },
    set: title.set
  });
})();

(function () {
  "use strict";
  var HIDDEN = "pw-tooltip--dismissed";
  var HOSTS = "[aria-describedby], abbr[title], a[title]";
  var hovered = null;
  var dismissed = [];  // the focused and the pointed-at element when Escape was pressed

  function reset() {
    dismissed = [];
    document.querySelectorAll("." + HIDDEN).forEach(function (tip) { tip.classList.remove(HIDDEN); });
  }

  function hostOf(node) {
    return node && node.closest ? node.closest(HOSTS) : null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelectorAll(".md-tooltip2--active");
    if (!open.length) return;
    open.forEach(function (tip) { tip.classList.add(HIDDEN); });
    dismissed = [document.activeElement, hovered];
  });
  document.addEventListener("focusin", function (event) {
    if (dismissed.length && dismissed.indexOf(event.target) < 0) reset();
  });
  document.addEventListener("mouseover", function (event) {
    hovered = hostOf(event.target);
    if (dismissed.length && hovered && dismissed.indexOf(hovered) < 0) reset();
  });
  document.addEventListener("mouseout", function (event) {
    var left = hostOf(event.target);
    if (left && !left.contains(event.relatedTarget)) {
      if (left === hovered) hovered = null;
      if (dismissed.length && dismissed.indexOf(left) >= 0 && left !== document.activeElement) reset();
    }
  });
})();
