/* The one entry of the site's scripts, loaded before the others (mkdocs.yml extra_javascript).

   Every feature registers its set-up with kb.onPage(setUp), and this file alone subscribes to
   Material's `document$`: it emits the page once it is loaded (and again after an instant
   navigation, were navigation.instant switched on), so each set-up must be safe to run twice.
   kb.root() is the site's root address, from the `base` Material writes into every page's
   <script id="__config"> and resolves against the page's address, as Material itself does; it
   works served and from file://, and on the 404 page, wherever that is shown. */
(function () {
  "use strict";
  var setUps = [];

  function root() {
    var config = JSON.parse(document.getElementById("__config").textContent);
    var href = new URL(config.base, window.location.href).href;
    return href.charAt(href.length - 1) === "/" ? href : href + "/";
  }

  window.kb = {
    root: root,
    onPage: function (setUp) { setUps.push(setUp); },
  };

  document$.subscribe(function () {
    setUps.forEach(function (setUp) {
      try {
        setUp();
      } catch (error) {
        // One broken feature must not stop the others; the error still reaches the console.
        setTimeout(function () { throw error; });
      }
    });
  });
})();
