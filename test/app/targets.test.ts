import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { environmentsDir, fileEnvironments, isInputError, resolveTarget, selectEnvironments, shippedEnvironmentNames, targetsFromEnv, UnknownEnvironmentError } from "../../app/targets";
import { EnvironmentFileError } from "../../lib/config/load";
import { ConfigError } from "../../lib/config/errors";
import { tempDir } from "../support/tools";

const MINIMAL = path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml");

describe("resolveTarget", () => {
  const scratch = tempDir("targets");

  it("resolves a shipped environment by its name", () => {
    expect(resolveTarget("dev").environment).toBe("dev");
  });

  it("resolves an environment file, named by its own name field", () => {
    // given a YAML environment whose name is "lab"
    // when it is named by path
    const topology = resolveTarget(MINIMAL);
    // then its Topology carries the file's name, not the path
    expect(topology.environment).toBe("lab");
    expect(topology.vms.map((vm) => vm.name)).toContain("lab-router");
  });

  it("reads a JSON file of the same shape as a YAML one", () => {
    const file = path.join(scratch, "lab.json");
    fs.writeFileSync(file, JSON.stringify({ ...YAML.parse(fs.readFileSync(MINIMAL, "utf8")), name: "json-lab" }));
    expect(resolveTarget(file).environment).toBe("json-lab");
  });

  it("prefers a shipped environment over a file of the same name", () => {
    // given a file literally named "dev" in the working directory
    const cwd = process.cwd();
    fs.writeFileSync(path.join(scratch, "dev"), "not: an environment\n");
    process.chdir(scratch);
    try {
      // when "dev" is resolved, then the shipped environment wins
      expect(resolveTarget("dev").environment).toBe("dev");
    } finally {
      process.chdir(cwd);
    }
  });

  it("names every shipped environment and the accepted files when the target is neither", () => {
    expect(() => resolveTarget("prod")).toThrow(
      `unknown environment "prod": neither a shipped environment (${shippedEnvironmentNames().join(", ")}; environments/) nor an existing .json/.yaml/.yml file; pass one of those names or the path to an environment file`,
    );
  });

  it("reports an invalid environment file as a ConfigError with the field, the value and the fix", () => {
    const file = path.join(scratch, "bad.yaml");
    fs.writeFileSync(file, fs.readFileSync(MINIMAL, "utf8").replace("count: 1", "count: 0"));
    const attempt = () => resolveTarget(file);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/cluster\.servers\.count = 0/);
  });
});

describe("selectEnvironments", () => {
  it("picks every shipped environment when none is named", () => {
    expect(selectEnvironments()).toEqual(shippedEnvironmentNames());
    expect(selectEnvironments([])).toEqual(shippedEnvironmentNames());
  });

  it("keeps names and file paths in the order given", () => {
    expect(selectEnvironments(["orion", MINIMAL, "dev"])).toEqual(["orion", MINIMAL, "dev"]);
  });

  it("refuses the whole selection when one target is unknown", () => {
    expect(() => selectEnvironments(["dev", "qa"])).toThrow(/unknown environment "qa"/);
  });
});

describe("targetsFromEnv", () => {
  it("splits HOMELAB_ENVIRONMENTS on commas and trims each target", () => {
    expect(targetsFromEnv(" dev, environments/lab.yaml ,")).toEqual(["dev", "environments/lab.yaml"]);
  });

  it("means every shipped environment when unset or empty", () => {
    expect(targetsFromEnv(undefined)).toBeUndefined();
    expect(targetsFromEnv(" , ")).toBeUndefined();
  });
});

describe("environment files in the environments folder", () => {
  const scratch = tempDir("environments-folder");

  it("names each JSON/YAML file by its file name, after the TypeScript ones, a TypeScript name winning", () => {
    // given a folder with a YAML, a JSON, a file shadowed by a TypeScript environment and a stray text file
    for (const file of ["my-lab.yaml", "edge.json", "dev.yml", "notes.txt"]) fs.writeFileSync(path.join(scratch, file), "name: x\n");
    // when the folder is listed
    const found = fileEnvironments(scratch);
    // then only the environment files not shadowed by a TypeScript environment are found
    expect([...found.keys()]).toEqual(["edge", "my-lab"]);
    expect(found.get("my-lab")).toBe(path.join(scratch, "my-lab.yaml"));
  });

  it("finds the source tree's environments folder from app/ and from dist/app", () => {
    expect(fs.existsSync(path.join(environmentsDir(), "index.ts"))).toBe(true);
  });

  it("remembers the file an environment came from, so the inventory header can name it", () => {
    expect(resolveTarget(MINIMAL).source).toBe(path.relative(process.cwd(), MINIMAL));
    expect(resolveTarget("dev").source).toBeUndefined();
  });
});

describe("isInputError", () => {
  it("is true for an unknown name, an unreadable file and an invalid environment, so they get a message instead of a trace", () => {
    expect(isInputError(new UnknownEnvironmentError("qa"))).toBe(true);
    expect(isInputError(new EnvironmentFileError("x.yaml", "is empty"))).toBe(true);
    expect(isInputError(new ConfigError("lab", []))).toBe(true);
    expect(isInputError(new TypeError("a bug"))).toBe(false);
  });
});
