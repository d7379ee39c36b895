// A box that scrolls sideways must be reachable from the keyboard, so that a reader
// without a mouse can scroll it too (axe-core's rule scrollable-region-focusable). The
// theme wraps each table in such a box when the page loads; this makes each focusable.
// (Display formulas get the same at build time, docs/hooks/accessibility.py.)
document$.subscribe(() => {
  for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) {
    box.tabIndex = 0;
  }
});
