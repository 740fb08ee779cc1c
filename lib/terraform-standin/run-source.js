#!/usr/bin/env node
"use strict";
// Runs the stand-in straight from its TypeScript source (transpiled by @swc/core on load), so the
// jest globalSetup never serves a stale dist/ build. Same arguments as main.ts.
const fs = require("fs");
const swc = require("@swc/core");

require.extensions[".ts"] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), {
    filename,
    jsc: { target: "es2022", parser: { syntax: "typescript" } },
    module: { type: "commonjs" },
  });
  module._compile(code, filename);
};

require("./main.ts")
  .main(process.argv.slice(2))
  .catch((err) => {
    process.stderr.write(`terraform-standin: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
