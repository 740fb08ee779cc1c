import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { ConfigError } from "../../lib/config/errors";
import { readEnvironmentFile } from "../../lib/config/load";
import { resolveEnvironment } from "../../lib/topology";
import { applyPatch, invalidEnvironmentRuleFiles, invalidEnvironmentYaml, MINIMAL_ENVIRONMENT_FILE, readInvalidEnvironmentRule } from "../support/invalid-environments";
import { tempDir } from "../support/tools";

/*
 * test/fixtures/invalid-environments holds one file per validation rule: a small patch to
 * test/fixtures/environments/minimal.yaml and the message the patched environment must be
 * rejected with. Each patched environment goes through the loader from a real YAML file, as
 * `homelab validate FILE` reads it.
 */

const files = invalidEnvironmentRuleFiles();
const scratch = tempDir("invalid-environments");

/** Writes the patched minimal environment of a rule to a YAML file and returns its path. */
function writePatched(file: string): string {
  const target = path.join(scratch, file);
  fs.writeFileSync(target, invalidEnvironmentYaml(file));
  return target;
}

/** Loads and resolves a file; returns whatever it threw, or undefined. */
function rejectionOf(file: string): unknown {
  try {
    resolveEnvironment(readEnvironmentFile(file));
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("the invalid environments folder", () => {
  it("holds a case for every rule the issue names", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it("starts from a base environment that is itself valid", () => {
    expect(resolveEnvironment(readEnvironmentFile(MINIMAL_ENVIRONMENT_FILE)).vms).toHaveLength(5);
  });

  it.each(files)("patches the minimal environment into something else in %s", (file) => {
    const minimal = YAML.parse(fs.readFileSync(MINIMAL_ENVIRONMENT_FILE, "utf8"));
    expect(YAML.parse(invalidEnvironmentYaml(file))).not.toEqual(minimal);
  });

  it.each(files)("rejects %s with its stated message", (file) => {
    const caught = rejectionOf(writePatched(file));
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(new RegExp(readInvalidEnvironmentRule(file).expect));
  });

  it("never echoes a pasted private key", () => {
    const full = writePatched("private-key-as-ssh-key.yaml");
    expect(() => resolveEnvironment(readEnvironmentFile(full))).toThrow(/^(?![\s\S]*BEGIN OPENSSH)[\s\S]*looks like a private key/);
  });
});

describe("applyPatch", () => {
  const document = { cluster: { version: "v1", servers: [{ name: "a" }, { name: "b" }] } };

  it("sets a value at a JSON pointer, leaving the original document as it was", () => {
    expect(applyPatch(document, { set: { "/cluster/servers/1/name": "c" } }).cluster.servers[1].name).toBe("c");
    expect(document.cluster.servers[1].name).toBe("b");
  });

  it("deletes a key or an array element", () => {
    expect(applyPatch(document, { delete: ["/cluster/version", "/cluster/servers/0"] })).toEqual({ cluster: { servers: [{ name: "b" }] } });
  });

  it("refuses a pointer whose parent does not exist, naming the pointer", () => {
    expect(() => applyPatch(document, { set: { "/cluster/agents/count": 1 } })).toThrow(/\/cluster\/agents\/count: "agents" does not exist/);
  });

  it("refuses to delete what is not there", () => {
    expect(() => applyPatch(document, { delete: ["/cluster/name"] })).toThrow(/\/cluster\/name: nothing to delete/);
  });
});
