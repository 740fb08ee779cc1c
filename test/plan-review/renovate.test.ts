/**
 * renovate.json's regex managers applied, the way Renovate applies them, to the files they are
 * meant for: every Helm chart pin in constructs/platform/charts.ts and K3S_VERSION in
 * environments/shared.ts must be found, or Renovate silently stops bumping them.
 */
import * as fs from "fs";
import * as path from "path";
import { CHARTS, CROWDSEC_BOUNCER_PLUGIN } from "../../constructs/platform/charts";
import { K3S_VERSION } from "../../environments/shared";

interface RegexManager {
  readonly customType: string;
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly datasourceTemplate?: string;
  readonly depNameTemplate?: string;
  readonly versioningTemplate?: string;
}

const root = path.join(__dirname, "..", "..");
const renovate = JSON.parse(fs.readFileSync(path.join(root, "renovate.json"), "utf8")) as { customManagers: RegexManager[] };

/** A managerFilePatterns entry: `/regex/` is a regular expression, anything else a glob (unused here). */
function filePattern(pattern: string): RegExp {
  const match = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (!match) throw new Error(`renovate.json: managerFilePatterns entry ${pattern} is not a /regex/; this test reads only those`);
  return new RegExp(match[1], match[2]);
}

/** The managers whose file patterns select `file`. */
function managersFor(file: string): RegexManager[] {
  return renovate.customManagers.filter((manager) => manager.managerFilePatterns.some((pattern) => filePattern(pattern).test(file)));
}

/** One match: its named groups and the manager that found it. */
interface Found {
  readonly groups: Readonly<Record<string, string | undefined>>;
  readonly manager: RegexManager;
}

/** Every match of every matchStrings entry (Renovate's default matchStringsStrategy "any"). */
function extract(file: string): Found[] {
  const content = fs.readFileSync(path.join(root, file), "utf8");
  const found: Found[] = [];
  for (const manager of managersFor(file)) {
    for (const matchString of manager.matchStrings) {
      for (const match of content.matchAll(new RegExp(matchString, "g"))) found.push({ groups: match.groups ?? {}, manager });
    }
  }
  return found;
}

describe("renovate.json", () => {
  it("has only regex managers with a datasource", () => {
    for (const manager of renovate.customManagers) {
      expect(manager.customType).toBe("regex");
      expect(manager.datasourceTemplate).toBeDefined();
    }
  });

  it("finds every Helm chart pin in constructs/platform/charts.ts with its repository and version", () => {
    const found = extract("constructs/platform/charts.ts").filter((match) => match.groups.registryUrl !== undefined);
    const expected = Object.values(CHARTS).map((chart) => ({ depName: chart.chart, registryUrl: chart.repository, currentValue: chart.version }));
    expect(found.map(({ groups: { depName, registryUrl, currentValue } }) => ({ depName, registryUrl, currentValue }))).toEqual(expected);
    for (const match of found) expect(match.manager.datasourceTemplate).toBe("helm");
  });

  it("finds the Traefik plugin pin in constructs/platform/charts.ts as a GitHub repository's tag, and nothing else there", () => {
    const found = extract("constructs/platform/charts.ts").filter((match) => match.groups.registryUrl === undefined);
    expect(found.map(({ groups: { depName, currentValue } }) => ({ depName, currentValue }))).toEqual([
      { depName: CROWDSEC_BOUNCER_PLUGIN.moduleName.replace(/^github\.com\//, ""), currentValue: CROWDSEC_BOUNCER_PLUGIN.version },
    ]);
    for (const match of found) expect(match.manager.datasourceTemplate).toBe("github-tags");
    expect(extract("constructs/platform/charts.ts")).toHaveLength(Object.keys(CHARTS).length + 1);
  });

  it("finds K3S_VERSION in environments/shared.ts, and its versioning parses it", () => {
    const found = extract("environments/shared.ts");
    expect(found).toHaveLength(1);
    const [match] = found;
    expect(match.groups.currentValue).toBe(K3S_VERSION);
    expect(match.manager.depNameTemplate).toBe("k3s-io/k3s");
    expect(match.manager.datasourceTemplate).toBe("github-releases");
    const versioning = match.manager.versioningTemplate ?? "";
    expect(versioning.startsWith("regex:")).toBe(true);
    const parsed = new RegExp(versioning.slice("regex:".length)).exec(K3S_VERSION);
    expect(parsed?.groups).toMatchObject({ major: expect.any(String), minor: expect.any(String), patch: expect.any(String) });
    // A release candidate does not parse, so Renovate never proposes one.
    expect(new RegExp(versioning.slice("regex:".length)).test("v1.32.0-rc1+k3s1")).toBe(false);
  });

  it("finds every k3s version an environment pins for itself", () => {
    const dir = path.join(root, "environments");
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
      const content = fs.readFileSync(path.join(dir, file), "utf8");
      const pins = [...content.matchAll(/"(v\d+\.\d+\.\d+\+k3s\d+)"/g)].map((m) => m[1]);
      expect(extract(`environments/${file}`).map((match) => match.groups.currentValue)).toEqual(pins);
    }
  });

  it("selects no other file with these managers", () => {
    expect(managersFor("constructs/platform/index.ts")).toEqual([]);
    expect(managersFor("lib/config/schema.ts")).toEqual([]);
  });
});
