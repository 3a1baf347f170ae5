// ESLint for the site's own scripts (docs/assets/javascripts): `make lint` and `make test` run
// `npx --no-install eslint docs/assets/javascripts`. The browser globals the scripts use are
// listed here, so an undeclared name (a typo, a leaked variable) is an error.
import js from "@eslint/js";

const browser = {
  window: "readonly",
  document: "readonly",
  navigator: "readonly",
  location: "readonly",
  console: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  URL: "readonly",
  URLSearchParams: "readonly",
  FormData: "readonly",
  TextEncoder: "readonly",
  fetch: "readonly",
  // Material for MkDocs: the page observable the scripts start from.
  document$: "readonly",
};

export default [
  {
    ignores: ["docs/assets/javascripts/tablesort.min.js", "docs/assets/javascripts/iframe-worker.js"],
  },
  js.configs.recommended,
  {
    files: ["docs/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: browser,
    },
    rules: {
      "no-implicit-globals": "error",
    },
  },
  {
    // The search engine also runs under Node, for the parity test (tests/js/parity.js).
    files: ["docs/assets/javascripts/kb-search-engine.js"],
    languageOptions: { globals: { module: "readonly" } },
  },
];
