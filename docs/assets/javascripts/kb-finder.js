/* Offence finder: sortable columns (tablesort, bundled), a text filter and facets. Runs offline.
   The filter matches what each row carries in data-kb-text (name, statute, mode, status, other
   names), never the penalty or time-limit prose, and reads spellings the same way:
   "either-way", "either way" and "triable either way" are one thing. */
(function () {
  "use strict";

  // Words that add nothing to a match ("triable either way" = "either way").
  var FILLER = { triable: true, only: true };

  function normalise(text) {
    return text.toLowerCase().replace(/[^a-z0-9()]+/g, " ").trim();
  }

  function terms(text) {
    return normalise(text).split(" ").filter(function (w) { return w && !FILLER[w]; });
  }

  function setUp() {
    var box = document.querySelector(".kb-finder");
    if (!box || box.hasAttribute("data-kb-ready")) return;
    var table = box.querySelector("table");
    var input = box.querySelector(".kb-finder__filter");
    var count = box.querySelector(".kb-finder__count");
    var facets = Array.prototype.slice.call(box.querySelectorAll("[data-kb-facet]"));
    if (!table || !input) return;
    box.setAttribute("data-kb-ready", "");
    if (window.Tablesort) new window.Tablesort(table);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    function apply() {
      var words = terms(input.value);
      var shown = 0;
      rows.forEach(function (row) {
        var text = " " + (row.getAttribute("data-kb-text") || "") + " ";
        var ok = words.every(function (w) { return text.indexOf(" " + w) !== -1; });
        facets.forEach(function (select) {
          var want = select.value;
          if (!want || !ok) return;
          var name = select.getAttribute("data-kb-facet");
          var have = row.getAttribute("data-kb-" + name) || "";
          ok = name === "category" ? (" " + have + " ").indexOf(" " + want + " ") !== -1
                                   : have === want;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " offences shown";
    }

    input.hidden = false;
    box.querySelector(".kb-finder__facets").hidden = false;
    input.addEventListener("input", apply);
    facets.forEach(function (select) { select.addEventListener("change", apply); });
    apply();
  }

  kb.onPage(setUp);
})();
