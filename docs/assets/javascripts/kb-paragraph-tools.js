/* On guideline sections: beside every guideline paragraph, its marker ("Para 40" for a confirmed
   CPS number, "Para 40?" inferred, "KB ¶5" our own numbering), "copy link" and "copy citation".
   Labels, citations and links are computed at build time (build_tools/content/provenance.py)
   and read from the hidden .kb-cite-data element; knowledge base notes get none. */
(function () {
  "use strict";
  function copy(text, done) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch { ok = false; }
      document.body.removeChild(area);
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }
  function setUp() {
    var data = document.querySelector(".kb-cite-data");
    if (!data) return;
    var infos;
    try { infos = JSON.parse(data.getAttribute("data-paras") || "{}"); } catch { return; }
    var status = document.createElement("p");
    status.className = "kb-sr";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.appendChild(status);
    var paras = document.querySelectorAll("article p[id]");
    Array.prototype.forEach.call(paras, function (para) {
      var info = infos[para.id];
      if (!info || para.querySelector(".kb-para-tools")) return;
      var tools = document.createElement("span");
      tools.className = "kb-para-tools";
      var anchor = document.createElement("a");
      anchor.className = "kb-para-tools__n";
      anchor.href = "#" + para.id;
      anchor.textContent = info.label;
      anchor.title = info.title;
      anchor.setAttribute("data-status", info.status);
      tools.appendChild(anchor);
      [["Copy link", function () { return info.url; }],
       ["Copy citation", function () { return info.citation; }]].forEach(function (pair) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "kb-para-tools__copy";
        button.textContent = pair[0];
        button.setAttribute("aria-label", pair[0] + " to paragraph " + info.label);
        button.addEventListener("click", function () {
          var text = pair[1]();
          copy(text, function (ok) {
            button.setAttribute("data-copied", ok ? "yes" : "no");
            status.textContent = ok ? pair[0].replace("Copy", "Copied") + ": " + text
                                    : "Could not copy; select and copy: " + text;
          });
        });
        tools.appendChild(button);
      });
      para.appendChild(tools);
    });
  }
  kb.onPage(setUp);
})();
