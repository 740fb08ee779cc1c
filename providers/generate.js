#!/usr/bin/env node
// Generates cdktf bindings for the pinned provider schemas in this folder into .gen/providers/*.
// Runs offline (no registry access): the schemas are the pinned `terraform providers schema -json`
// documents kept beside this script. Skips work when the output is newer than every schema.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

// Loading the generator runs `terraform version`, which warns when its CLI config file is missing.
const cliConfig = process.env.TF_CLI_CONFIG_FILE || path.join(os.homedir(), ".terraformrc");
if (!fs.existsSync(cliConfig)) process.env.TF_CLI_CONFIG_FILE = "/dev/null";
const { TerraformProviderGenerator, CodeMaker } = require("@cdktf/provider-generator");

const here = __dirname;
const outDir = path.join(here, "..", ".gen");
const schemaFiles = fs
  .readdirSync(here)
  .filter((name) => name.endsWith(".schema.json"))
  .map((name) => path.join(here, name));
const generators = [
  { file: "bpg-proxmox.schema.json", provider: "proxmox" },
  { file: "e-breuninger-netbox.schema.json", provider: "netbox" },
];

function newestMtime(files) {
  return Math.max(...files.map((file) => fs.statSync(file).mtimeMs), fs.statSync(__filename).mtimeMs);
}

async function main() {
  const stamp = path.join(outDir, ".stamp");
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newestMtime(schemaFiles) && !process.argv.includes("--force")) {
    return;
  }
  fs.rmSync(path.join(outDir, "providers"), { recursive: true, force: true });
  for (const { file, provider } of generators) {
    const schema = JSON.parse(fs.readFileSync(path.join(here, file), "utf8"));
    const code = new CodeMaker();
    new TerraformProviderGenerator(code, schema).generateAll();
    await code.save(outDir);
    if (!fs.existsSync(path.join(outDir, "providers", provider))) {
      throw new Error(`providers/generate.js: expected .gen/providers/${provider} from ${file}, but the generator wrote nothing there`);
    }
  }
  fs.writeFileSync(stamp, new Date().toISOString() + "\n");
  process.stdout.write(`providers: generated ${generators.map((g) => g.provider).join(", ")} bindings into .gen/providers\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
