"use strict";
// Lets a plain `node` child process require the TypeScript sources (compiled in memory by SWC,
// as jest does). Tests use it to run code that needs Node's own require() of ES modules
// (@octokit/rest), which jest's module sandbox does not offer.
const fs = require("fs");
const swc = require("@swc/core");

require.extensions[".ts"] = function compileTs(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), {
    filename,
    module: { type: "commonjs" },
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  });
  module._compile(code, filename);
};
