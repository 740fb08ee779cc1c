#!/usr/bin/env node
"use strict";
// Runs the stand-in (lib/terraform-standin) straight from its TypeScript source, transpiled by
// @swc/core on load, so the jest globalSetup never serves a stale dist/ build. Same arguments as
// main.ts. A test helper: it needs @swc/core, a devDependency the shipped code must not load.
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

require("../../lib/terraform-standin/main.ts")
  .main(process.argv.slice(2))
  .catch((err) => {
    process.stderr.write(`terraform-standin: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
