/* Handouts: choose which sections to print. The choice is kept in the address
   (#s=2016-final/vawg,2013-final/introduction), so it survives a reload and can be shared; the
   stamp names and hashes exactly the sections chosen. Without script every section prints. */
(function () {
  "use strict";

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function fromHash() {
    var m = /(?:^#|&)s=([^&]*)/.exec(window.location.hash);
    if (!m) return null;
    return decodeURIComponent(m[1]).split(",").filter(Boolean);
  }

  function setUp() {
    var form = document.querySelector(".kb-handout-pick");
    if (!form || form.hasAttribute("data-kb-ready")) return;
    form.setAttribute("data-kb-ready", "");
    form.hidden = false;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var sections = Array.prototype.slice.call(document.querySelectorAll(".kb-handout-section"));
    var stamp = document.querySelector(".kb-handout-stamp");
    var status = form.querySelector(".kb-handout-pick__status");
    var empty = document.querySelector(".kb-handout-empty");
    var printButton = form.querySelector(".kb-handout-print");
    var built = stamp ? stamp.getAttribute("data-kb-built") : "";

    function chosen() {
      return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    }

    function show(keepAddress) {
      var keys = chosen();
      var wanted = {};
      keys.forEach(function (k) { wanted[k] = true; });
      var picked = sections.filter(function (s) {
        var on = !!wanted[s.getAttribute("data-section")];
        s.hidden = !on;
        s.classList.toggle("kb-chosen", on);
        return on;
      });
      empty.hidden = picked.length > 0;
      printButton.disabled = picked.length === 0;
      status.textContent = picked.length === 0
        ? "No sections chosen."
        : picked.length + " of " + sections.length + " sections chosen.";
      if (!keepAddress) {
        var address = window.location.pathname + window.location.search +
          (keys.length ? "#s=" + keys.join(",") : "");
        window.history.replaceState(null, "", address);
      }
      if (!stamp) return;
      var versions = [];
      picked.forEach(function (s) {
        var v = s.getAttribute("data-section").split("/")[0];
        if (versions.indexOf(v) === -1) versions.push(v);
      });
      var joined = picked.map(function (s) { return s.getAttribute("data-hash"); }).join("");
      var lead = picked.length + " section" + (picked.length === 1 ? "" : "s") +
        (versions.length ? " from " + versions.join(", ") : "") + ", built " + built;
      if (!window.crypto || !window.crypto.subtle || !window.TextEncoder) {
        stamp.textContent = lead + "; section hashes as printed beside each section.";
        return;
      }
      window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(joined)).then(function (d) {
        stamp.textContent = lead + "; content hash of exactly these sections sha256:" +
          hex(d).slice(0, 16) + ".";
        stamp.setAttribute("data-kb-sha256", hex(d));
      });
    }

    function pick(rule) {
      boxes.forEach(function (b) {
        var version = b.value.split("/")[0];
        if (rule === "none") b.checked = false;
        else if (rule === "all") b.checked = true;
        else if (rule.indexOf("version:") === 0) {
          if (version === rule.slice(8)) b.checked = true;
        } else if (rule.indexOf("part:") === 0) {
          var bits = rule.split(":");
          if (version === bits[1] && b.getAttribute("data-kb-part") === bits[2]) b.checked = true;
        }
      });
      show(false);
    }

    var initial = fromHash();
    boxes.forEach(function (b) { b.checked = !!initial && initial.indexOf(b.value) !== -1; });
    form.addEventListener("change", function () { show(false); });
    Array.prototype.forEach.call(form.querySelectorAll("[data-kb-pick]"), function (button) {
      button.addEventListener("click", function () { pick(button.getAttribute("data-kb-pick")); });
    });
    printButton.addEventListener("click", function () { window.print(); });
    window.addEventListener("hashchange", function () {
      var keys = fromHash() || [];
      boxes.forEach(function (b) { b.checked = keys.indexOf(b.value) !== -1; });
      show(true);
    });
    show(true);
  }
  kb.onPage(setUp);
})();
