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
  // Material for MkDocs: the page observable every feature starts from (kb-core.js).
  document$: "readonly",
  // kb-core.js: the one entry the other scripts register with.
  kb: "readonly",
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
      // One entry (kb-core.js): features start from kb.onPage and find the site from kb.root();
      // copying is Material's (data-clipboard-text on the buttons).
      "no-restricted-syntax": [
        "error",
        {
          selector: "Literal[value='DOMContentLoaded']",
          message: "Start a feature with kb.onPage(setUp) (kb-core.js), not DOMContentLoaded.",
        },
        {
          selector: "MemberExpression[object.name='document$'][property.name='subscribe']",
          message: "Only kb-core.js subscribes to document$; register with kb.onPage(setUp).",
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "document", property: "currentScript", message: "Use kb.root() for the site root." },
        { object: "navigator", property: "clipboard", message: "Put data-clipboard-text on the button: Material copies it." },
        { object: "document", property: "execCommand", message: "Put data-clipboard-text on the button: Material copies it." },
      ],
    },
  },
  {
    files: ["docs/assets/javascripts/kb-core.js"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Literal[value='DOMContentLoaded']",
          message: "Material's document$ is the start: no DOMContentLoaded fallback.",
        },
      ],
    },
  },
  {
    // The search engine also runs under Node, for the parity test (tests/js/parity.js).
    files: ["docs/assets/javascripts/kb-search-engine.js"],
    languageOptions: { globals: { module: "readonly" } },
  },
];
