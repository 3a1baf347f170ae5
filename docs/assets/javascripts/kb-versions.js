/* What-changed pages: the from/to picker opens the page for any older -> newer pair of versions
   (each pair is a page beside this one, so it works from file:// too). The 404 page: links that
   work wherever the missing address was, and the nearest real page for a section or a
   comparison. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var ROOT = here ? here.replace(/assets\/javascripts\/kb-versions\.js(?:[?#].*)?$/, "") : "";
  var ORDER = ["2012-interim", "2013-final", "2016-interim", "2016-final"];

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
      a.href = ROOT + a.getAttribute("data-kb-root-link");
    });
    var near = nearest(window.location.pathname);
    if (near) {
      var link = box.querySelector(".kb-404__link");
      link.href = ROOT + near.href;
      link.textContent = near.text;
      box.querySelector(".kb-404__nearest").hidden = false;
    }
  }

  function setUp() {
    setUp404();
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
