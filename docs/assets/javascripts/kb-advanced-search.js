/* Advanced search: the local JSON API when served (kb serve); from file:// the same engine in
   the page (kb-search-engine.js, the same ranking), so it works from a folder or a USB stick. */
(function () {
  "use strict";
  function setUp() {
    var form = document.getElementById("kb-adv");
    if (!form || form.hasAttribute("data-kb-ready")) return;
    form.setAttribute("data-kb-ready", "");
    var status = document.getElementById("kb-adv-status");
    var list = document.getElementById("kb-adv-results");
    var root = kb.root();
    var local = window.location.protocol === "file:";
    function ask(params) {
      if (!local) {
        return fetch(new URL("api/search?" + params.toString(), root)).then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        });
      }
      return new Promise(function (resolve) {
        window.kbSearch(params.get("q") || "", { limit: 20, type: params.get("type") || null,
          version: params.get("version") || null }, function (data) {
          resolve({ ok: !data.error, data: data });
        });
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      status.textContent = "Searching…";
      list.textContent = "";
      ask(params)
        .then(function (reply) {
          if (!reply.ok) { status.textContent = reply.data.error || "The search failed."; return; }
          var data = reply.data;
          var text = data.total + " result" + (data.total === 1 ? "" : "s");
          if (data.suggestion) text += "; did you mean: " + data.suggestion + "?";
          status.textContent = text;
          data.results.forEach(function (row) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = new URL(row.url, root).href;
            link.textContent = row.title;
            item.appendChild(link);
            var meta = document.createElement("span");
            meta.className = "kb-adv__meta";
            meta.textContent = " (" + row.type + (row.version ? ", " + row.version : "") +
              (row.also_in.length ? "; also in " + row.also_in.join(", ") : "") + ")";
            item.appendChild(meta);
            var snippet = document.createElement("p");
            if (local) snippet.textContent = row.snippet;
            else snippet.innerHTML = row.snippet;  /* escaped by the server; only <mark> is markup */
            item.appendChild(snippet);
            list.appendChild(item);
          });
        })
        .catch(function () {
          status.textContent = local ? "The search index (search/kb-index.js) could not be loaded."
                                     : "The local search service did not answer.";
        });
    });
  }
  kb.onPage(setUp);
})();
