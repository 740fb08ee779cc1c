/** Tests run through SWC (no type checking here: `npm run typecheck` does that separately). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.tsx?$": ["@swc/jest", { jsc: { target: "es2022" } }],
    // @hpcc-js/wasm-graphviz ships ESM only; jest's module loader needs it as CommonJS.
    "/node_modules/@hpcc-js/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!@hpcc-js/)"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // One terraform stand-in daemon per run (test/terraform/*), stopped again in the teardown.
  globalSetup: "<rootDir>/test/terraform/global-setup.ts",
  globalTeardown: "<rootDir>/test/terraform/global-teardown.ts",
  testTimeout: 60000,
};
