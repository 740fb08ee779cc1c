#!/usr/bin/env node
"use strict";
// The `homelab` command runs the precompiled CLI (npm run build writes dist/).
const path = require("path");
const fs = require("fs");

const entry = path.join(__dirname, "..", "dist", "lib", "cli", "index.js");
if (!fs.existsSync(entry)) {
  process.stderr.write("homelab: dist/ is missing; run `npm run build` first (`npm ci` installs and generates the bindings but does not build).\n");
  process.exit(1);
}
require(entry).main(process.argv).catch((error) => {
  process.stderr.write(`homelab: ${error && error.message ? error.message : error}\n`);
  process.exit(typeof error?.exitCode === "number" ? error.exitCode : 1);
});
