/* What-changed pages: the from/to picker opens the page for any older -> newer pair of versions
   (each pair is a page beside this one, so it works from file:// too). The 404 page: links that
   work wherever the missing address was, and the nearest real page for a section or a
   comparison. */
(function () {
  "use strict";
  var ORDER = ["2012-interim", "2013-final", "2016-interim", "2016-final", "part-a-b",
               "electronic-communications", "communications-offences"];

  function nearest(path) {
    var m = /\/versions\/([^/]+)\/([^/]+)\.html$/.exec(path);
    if (m) return { href: "latest/" + m[2] + ".html", text: "the newest version of this section" };
    m = /\/what-changed\/([^/]+)-to-([^/]+?)\.html$/.exec(path);
    if (m && ORDER.indexOf(m[1]) > ORDER.indexOf(m[2]) && ORDER.indexOf(m[2]) >= 0) {
      return { href: "what-changed/" + m[2] + "-to-" + m[1] + ".html",
               text: "what changed from " + m[2] + " to " + m[1] };
    }
    if (m) return { href: "what-changed/2012-interim-to-2016-final.html",
                    text: "what changed from the first version to the last" };
    return null;
  }

  function setUp404() {
    var box = document.querySelector("[data-kb-404]");
    if (!box) return;
    Array.prototype.forEach.call(box.querySelectorAll("[data-kb-root-link]"), function (a) {
      a.href = kb.root() + a.getAttribute("data-kb-root-link");
    });
    var near = nearest(window.location.pathname);
    if (near) {
      var link = box.querySelector(".kb-404__link");
      link.href = kb.root() + near.href;
      link.textContent = near.text;
      box.querySelector(".kb-404__nearest").hidden = false;
    }
  }

  /* Previous / next change on a what-changed page: two buttons that stay in view and move the
     focus (and the view) from one numbered change to the next; "j" and "k" do the same. */
  function setUpStepper() {
    var markers = Array.prototype.slice.call(document.querySelectorAll(".kb-change-n"));
    var article = document.querySelector("article");
    if (!markers.length || !article || document.querySelector(".kb-stepper")) return;
    var bar = document.createElement("div");
    bar.className = "kb-stepper";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Move between changes");
    var status = document.createElement("span");
    status.className = "kb-stepper__status";
    status.setAttribute("aria-live", "polite");
    var at = -1;
    function go(step) {
      var current = markers.indexOf(document.activeElement);
      if (current >= 0) at = current;
      at = Math.max(0, Math.min(markers.length - 1, at + step));
      markers[at].focus();
      markers[at].scrollIntoView({ block: "center" });
      status.textContent = "Change " + (at + 1) + " of " + markers.length;
    }
    [["Previous change", -1], ["Next change", 1]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-stepper__button";
      button.textContent = pair[0];
      button.addEventListener("click", function () { go(pair[1]); });
      bar.appendChild(button);
    });
    /* "Changes only": hides the paragraphs no change touches (the markers and reasons stay). */
    var only = document.createElement("button");
    only.type = "button";
    only.className = "kb-stepper__button kb-stepper__only";
    only.textContent = "Changes only";
    only.setAttribute("aria-pressed", "false");
    only.addEventListener("click", function () {
      var on = only.getAttribute("aria-pressed") !== "true";
      only.setAttribute("aria-pressed", on ? "true" : "false");
      article.classList.toggle("kb-changes-only", on);
      status.textContent = on ? "Showing changed paragraphs only" : "Showing full text";
    });
    bar.appendChild(only);
    bar.appendChild(status);
    article.insertBefore(bar, article.firstChild);
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|SELECT|TEXTAREA)$/.test((document.activeElement || {}).tagName);
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j") { go(1); event.preventDefault(); }
      if (event.key === "k") { go(-1); event.preventDefault(); }
    });
  }

  function setUp() {
    setUp404();
    setUpStepper();
    var form = document.querySelector("[data-kb-pair-picker]");
    if (!form || form.hasAttribute("data-kb-ready")) return;
    form.setAttribute("data-kb-ready", "");
    var from = form.querySelector("#kb-pair-from"), to = form.querySelector("#kb-pair-to");
    var status = form.querySelector(".kb-pair-picker__status");
    var order = Array.prototype.map.call(from.options, function (o) { return o.value; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var a = from.value, b = to.value;
      if (a === b) { status.textContent = "Choose two different versions."; return; }
      if (order.indexOf(a) > order.indexOf(b)) { var t = a; a = b; b = t; }  // older first
      window.location.href = a + "-to-" + b + ".html";
    });
  }
  kb.onPage(setUp);
})();
