/* Handouts: choose which sections to print. Without script every section prints. */
(function () {
  "use strict";
  function setUp() {
    var form = document.querySelector(".kb-handout-pick");
    if (!form || form.hasAttribute("data-kb-ready")) return;
    form.setAttribute("data-kb-ready", "");
    form.hidden = false;
    form.addEventListener("change", function (event) {
      var box = event.target;
      var section = document.querySelector('.kb-handout-section[data-section="' + box.value + '"]');
      if (section) section.hidden = !box.checked;
    });
    form.querySelector(".kb-handout-print").addEventListener("click", function () { window.print(); });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
