import * as fs from "fs";
import * as path from "path";
import { checkFile, findLayerViolations, formatViolation, layerOf } from "./layers";
import { tempDir } from "../support/tools";

const ROOT = path.join(__dirname, "..", "..");
const NO_DEV = new Set<string>();

/** The violations of one inline source file placed at `file` in a repository. */
function violations(file: string, text: string, devDependencies: ReadonlySet<string> = NO_DEV): string[] {
  return checkFile(ROOT, file, text, devDependencies).map(formatViolation);
}

describe("the layering of this repository", () => {
  it("has no import from a lower layer into a higher one", () => {
    expect(findLayerViolations(ROOT).map(formatViolation)).toEqual([]);
  });
});

describe("layerOf", () => {
  it.each([
    ["main.ts", "main"],
    ["app/synth.ts", "app"],
    ["lib/cli/validate.ts", "cli"],
    ["lib/topology/plan.ts", "lib"],
    ["lib/terraform-standin/server.ts", "lib"],
    ["constructs/platform/cilium.ts", "constructs"],
    ["environments/orion.ts", "environments"],
    [".gen/providers/proxmox/provider/index.ts", "bindings"],
    ["tools/plan-fixtures.ts", "tools"],
    ["test/synth.test.ts", "test"],
    ["package.json", "other"],
  ])("puts %s in layer %s", (file, layer) => {
    expect(layerOf(file)).toBe(layer);
  });
});

describe("the layer check", () => {
  it("refuses cdktf in lib/, whatever the import form", () => {
    // given a lib/ module that reaches cdktf four ways
    const text = [
      'import { App } from "cdktf";',
      'import type { Construct } from "constructs";',
      'const helm = require("@cdktf/provider-helm/lib/release");',
      'export * from "cdktf";',
    ].join("\n");
    // then each import is one violation, naming file, line, module and the fix
    expect(violations("lib/model.ts", text)).toEqual([
      'lib/model.ts:1 imports "cdktf": lib/ (the plain model: config, topology, renderers, checks, the Terraform stand-in) must not import cdktf: cdktf belongs to constructs/ and app/; move this code to constructs/ or app/',
      expect.stringMatching(/^lib\/model\.ts:2 imports "constructs": .*constructs belong to constructs\//),
      expect.stringMatching(/^lib\/model\.ts:3 imports "@cdktf\/provider-helm\/lib\/release": .*provider bindings belong to constructs\//),
      expect.stringMatching(/^lib\/model\.ts:4 imports "cdktf"/),
    ]);
  });

  it("refuses lib/ importing constructs/, environments/, app/ or the generated bindings", () => {
    const text = ['import "../constructs/infra-stack";', 'import "../environments";', 'import "../app/synth";', 'import "../.gen/providers/proxmox/provider";'].join("\n");
    expect(violations("lib/synth.ts", text)).toEqual([
      expect.stringMatching(/^lib\/synth\.ts:1 imports "\.\.\/constructs\/infra-stack": lib\/ \(.*\) may import only lib\/, not constructs\/infra-stack; move the shared code down/),
      expect.stringMatching(/^lib\/synth\.ts:2 imports "\.\.\/environments": .* not environments;/),
      expect.stringMatching(/^lib\/synth\.ts:3 imports "\.\.\/app\/synth": .* not app\/synth;/),
      expect.stringMatching(/^lib\/synth\.ts:4 imports "\.\.\/\.gen\/providers\/proxmox\/provider": .* not \.gen\/providers\/proxmox\/provider;/),
    ]);
  });

  it("reports a require typed with typeof import of the same module once", () => {
    expect(violations("lib/check.ts", 'const { startDaemon } = require("../tools/daemon") as typeof import("../tools/daemon");')).toHaveLength(1);
  });

  it("refuses shipped code reaching into tools/ or test/, even through a type-only import", () => {
    const text = ['import { startDaemon } from "../../tools/terraform-standin/daemon";', 'type T = typeof import("../../test/support/tools");'].join("\n");
    expect(violations("lib/terraform-check/runner.ts", text)).toEqual([
      expect.stringMatching(/runner\.ts:1 imports "\.\.\/\.\.\/tools\/terraform-standin\/daemon": .* not tools\/terraform-standin\/daemon;/),
      expect.stringMatching(/runner\.ts:2 imports "\.\.\/\.\.\/test\/support\/tools": .* not test\/support\/tools;/),
    ]);
  });

  it("lets lib/cli/ import every shipped layer, as the command on top", () => {
    const text = ['import { resolveTarget } from "../../app/targets";', 'import { environments } from "../../environments";', 'const { synthesize } = require("../../app/synth");', 'import { Command } from "commander";'].join("\n");
    expect(violations("lib/cli/validate.ts", text)).toEqual([]);
  });

  it("refuses constructs/ reading environments/ or app/: constructs get a Topology", () => {
    expect(violations("constructs/infra-stack.ts", 'import { environments } from "../environments";')).toEqual([
      expect.stringMatching(/^constructs\/infra-stack\.ts:1 imports "\.\.\/environments": constructs\/ \(.*\) may import only constructs\/, lib\/, \.gen\/, not environments;/),
    ]);
    expect(violations("constructs/proxmox-vm.ts", 'import { Construct } from "constructs";\nimport { TerraformProvider } from "cdktf";\nimport "../.gen/providers/proxmox/virtual-environment-vm";')).toEqual([]);
  });

  it("refuses environments/ importing constructs/ or cdktf", () => {
    expect(violations("environments/lab.ts", 'import { defineEnvironment } from "../lib/config/schema";\nimport "../constructs/proxmox-vm";\nimport "cdktf";')).toEqual([
      expect.stringMatching(/^environments\/lab\.ts:2 imports "\.\.\/constructs\/proxmox-vm"/),
      expect.stringMatching(/^environments\/lab\.ts:3 imports "cdktf"/),
    ]);
  });

  it("lets main.ts call app/ only", () => {
    expect(violations("main.ts", 'import { runApp } from "./app/synth";')).toEqual([]);
    expect(violations("main.ts", 'import { resolveEnvironment } from "./lib/topology";')).toEqual([
      expect.stringMatching(/^main\.ts:1 imports "\.\/lib\/topology": main\.ts \(.*\) may import only app\/, not lib\/topology;/),
    ]);
  });

  it("keeps cdktf's private modules to the one switch that needs them", () => {
    const internals = 'import stackTrace = require("cdktf/lib/tokens/private/stack-trace");';
    expect(violations("app/token-stack-traces.ts", internals)).toEqual([]);
    expect(violations("constructs/proxmox-vm.ts", internals)).toEqual([
      expect.stringMatching(/cdktf's internals are reached only from app\/token-stack-traces\.ts; import framework symbols from "cdktf"$/),
    ]);
  });

  it("refuses a provider package's barrel import anywhere", () => {
    expect(violations("constructs/platform/release.ts", 'import { Release } from "@cdktf/provider-helm";')).toEqual([
      expect.stringMatching(/the package barrel loads every resource of the provider \(seconds per run\); import the resource, e\.g\. "@cdktf\/provider-helm\/lib\/provider"$/),
    ]);
  });

  it("refuses devDependencies in shipped code, and allows them in bench/ and tools/", () => {
    const dev = new Set(["@swc/core", "kubernetes-models"]);
    expect(violations("lib/k8s.ts", 'import { Deployment } from "kubernetes-models/apps/v1";', dev)).toEqual([
      expect.stringMatching(/^lib\/k8s\.ts:1 imports "kubernetes-models\/apps\/v1": kubernetes-models is a devDependency, absent where the shipped code runs/),
    ]);
    expect(violations("bench/run.ts", 'const swc = require("@swc/core");', dev)).toEqual([]);
  });

  it("does not check test files: tests may reach every layer", () => {
    expect(violations("test/synth.test.ts", 'import "../tools/plan-fixtures";\nimport "cdktf";')).toEqual([]);
  });
});

describe("findLayerViolations", () => {
  const scratch = tempDir("layers");

  it("walks a whole tree and reports every upward import with its line", () => {
    // given a tiny repository whose lib/ reaches up into constructs/
    const root = fs.mkdtempSync(path.join(scratch, "repo-"));
    fs.mkdirSync(path.join(root, "lib", "topology"), { recursive: true });
    fs.mkdirSync(path.join(root, "constructs"));
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ dependencies: { cdktf: "0.21.0" }, devDependencies: { jest: "30.5.2" } }));
    fs.writeFileSync(path.join(root, "constructs", "vm.ts"), 'import { plan } from "../lib/topology/plan";\nimport { Construct } from "constructs";\n');
    fs.writeFileSync(path.join(root, "lib", "topology", "plan.ts"), '// plans\n\nimport { Vm } from "../../constructs/vm";\nimport { expect } from "jest";\n');
    // when the tree is checked
    const found = findLayerViolations(root).map(formatViolation);
    // then the upward import and the devDependency are reported, the downward import is not
    expect(found).toEqual([
      expect.stringMatching(/^lib\/topology\/plan\.ts:3 imports "\.\.\/\.\.\/constructs\/vm": .* not constructs\/vm;/),
      expect.stringMatching(/^lib\/topology\/plan\.ts:4 imports "jest": jest is a devDependency/),
    ]);
  });
});
