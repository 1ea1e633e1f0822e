// One style for the site's own scripts (overrides/assets/javascripts/), run by tests/test_javascript.py.
// The scripts are plain ES2020 files the browser loads as they are: no build step, no modules.
import js from "@eslint/js";
import stylistic from "@stylistic/eslint-plugin";
import globals from "globals";

export default [
  // Material's own code, moved out of its templates; fflate as its package ships it (tests/test_javascript.py)
  { ignores: ["overrides/assets/javascripts/material/**", "overrides/assets/javascripts/vendor/**"] },
  js.configs.recommended,
  {
    files: ["overrides/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.worker, lunr: "readonly", dpupSearch: "writable" },
    },
    plugins: { "@stylistic": stylistic },
    rules: {
      "no-var": "off", // the tools use var throughout; what matters is that every file does the same
      eqeqeq: ["error", "always"],
      strict: ["error", "function"],
      "no-implicit-globals": "error",
      "@stylistic/semi": ["error", "always"],
      "@stylistic/quotes": ["error", "double", { avoidEscape: true }],
      "@stylistic/indent": ["error", 2, { SwitchCase: 1, flatTernaryExpressions: true }],
      "@stylistic/comma-dangle": ["error", "always-multiline"],
      "@stylistic/max-len": ["error", { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true }],
    },
  },
  {
    // The search worker runs in a worker's own global scope (or file-worker.js's iframe).
    files: ["overrides/assets/javascripts/search/worker.js"],
    rules: { strict: ["error", "global"], "no-implicit-globals": "off" },
  },
  {
    // core.js also runs under Node in tests/test_search.py (the round trip), which reads module.exports.
    files: ["overrides/assets/javascripts/search/core.js"],
    languageOptions: { globals: { module: "readonly" } },
  },
];
