/* Beside every guideline paragraph: its marker and "Copy link" / "Copy citation" buttons, all
   written at build time (build_tools/content/render.py, from content/provenance.py). Material
   copies a button's data-clipboard-text itself (clipboard.js, which also works from file://)
   and says "Copied to clipboard" in its dialog. That dialog has no role, so a screen reader
   would not hear it: on pages with copy buttons it becomes a status region. */
(function () {
  "use strict";
  kb.onPage(function () {
    var dialog = document.querySelector("[data-md-component=dialog]");
    if (dialog && document.querySelector(".kb-para-tools__copy")) {
      dialog.setAttribute("role", "status");
    }
  });
})();
