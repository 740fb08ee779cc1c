"use strict";
// Runs postToGitHub in a plain node process (see register-ts.js for why) and prints the
// outcome as JSON. Input: one JSON argument {comment, env, retry}.
require("./register-ts");
const path = require("path");
const { postToGitHub } = require(path.join(__dirname, "..", "..", "..", "lib", "plan-review", "post", "github.ts"));

const { comment, env, retry } = JSON.parse(process.argv[2]);
postToGitHub(comment, env, retry).then(
  (result) => process.stdout.write(JSON.stringify({ result })),
  (error) => process.stdout.write(JSON.stringify({ error: error.message })),
);
