/* Offence finder: sortable columns (tablesort, bundled) and a text filter. Runs offline. */
(function () {
  "use strict";
  function setUp() {
    var box = document.querySelector(".kb-finder");
    if (!box) return;
    var table = box.querySelector("table");
    var input = box.querySelector(".kb-finder__filter");
    var count = box.querySelector(".kb-finder__count");
    if (!table || !input) return;
    if (window.Tablesort && !table.hasAttribute("data-kb-sortable")) {
      table.setAttribute("data-kb-sortable", "");
      new window.Tablesort(table);
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " offences shown";
    }
    input.hidden = false;
    input.addEventListener("input", apply);
    apply();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
