// Lints the tests only: that every test asserts something, every expect() is completed by a
// matcher and every promise is awaited. Source code style is left to tsc and review.
const tseslint = require("typescript-eslint");
const jest = require("eslint-plugin-jest");

module.exports = [
  {
    files: ["test/**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
      globals: jest.environments.globals.globals,
    },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: { jest, "@typescript-eslint": tseslint.plugin },
    rules: {
      // expect(x) with no matcher, a matcher property never called, an async matcher not awaited.
      "jest/valid-expect": ["error", { alwaysAwait: true }],
      // A test must call expect(). List a helper here only if it calls expect() itself: run() and
      // waitFor() from the support files throw on failure but are not assertions of a behaviour.
      "jest/expect-expect": ["error", { assertFunctionNames: ["expect"] }],
      "jest/no-disabled-tests": "error",
      "jest/no-focused-tests": "error",
      "jest/no-conditional-expect": "error",
      "jest/valid-title": "error",
      // seedFact("seed", "id", body) declares a test (test/seeds/seed-fact.ts).
      "jest/no-standalone-expect": ["error", { additionalTestBlockFunctions: ["seedFact"] }],
      "jest/no-identical-title": "error",
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
];
