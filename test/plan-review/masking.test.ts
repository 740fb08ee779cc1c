/** Plans without sensitivity markers (older Terraform, some providers) still never print a secret. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Command } from "commander";
import { registerPlanComment } from "../../lib/cli/plan-comment";
import { DEFAULT_SECRET_PATTERNS, diffChange, formatEntry, secretNameRule } from "../../lib/plan-review/diff";
import type { Change, TerraformPlan } from "../../lib/plan-review/plan";
import { renderPlanComment } from "../../lib/plan-review/markdown";

const PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUtbm90LWEtcmVhbC1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n";

const unmarked: Change = {
  actions: ["create"],
  before: null,
  after: {
    name: "vm",
    initialization: [{ user_account: [{ username: "ops", password: "hunter2-plain" }] }],
    api_token: "tok-123456",
    client_secret: "cs-abcdef",
    ssh_private_key: "not-pem-but-named",
    note: PEM,
    settings: { nested: { Passwd: "pw-nested-9" } },
  },
  after_unknown: {},
};
const text = (change: Change, patterns?: readonly string[]): string => diffChange(change, "", { secretPatterns: patterns }).map((e) => formatEntry(e, false)).join("\n");

describe("masking without sensitivity markers", () => {
  it("masks attributes whose names say secret, at any depth and in any case", () => {
    const out = text(unmarked);
    for (const secret of ["hunter2-plain", "tok-123456", "cs-abcdef", "not-pem-but-named", "pw-nested-9"]) expect(out).not.toContain(secret);
    expect(out).toContain("+ initialization[0].user_account[0].password: (sensitive value)");
    expect(out).toContain('+ name: "vm"');
    expect(out).toContain('+ initialization[0].user_account[0].username: "ops"');
  });

  it("masks a value that holds a PEM private key, whatever its name", () => {
    const out = text(unmarked);
    expect(out).not.toContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUtbm90LWEtcmVhbC1rZXk");
    expect(out).toContain("+ note: (sensitive value)");
  });

  it("masks an output whose name says secret", () => {
    const plan: TerraformPlan = { output_changes: { join_token: { actions: ["create"], before: null, after: "K10abc::server:xyz" } } };
    expect(renderPlanComment([{ name: "s", plan }]).parts[0]).not.toContain("K10abc");
  });

  it("takes another pattern list", () => {
    const out = text({ actions: ["create"], before: null, after: { wireguard_psk: "psk-777", password: "shown-now" }, after_unknown: {} }, ["psk"]);
    expect(out).not.toContain("psk-777");
    expect(out).toContain('+ password: "shown-now"');
  });

  it("has a documented default list", () => {
    const docs = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "plan-review.md"), "utf8");
    for (const pattern of DEFAULT_SECRET_PATTERNS) expect(docs).toContain(`\`${pattern}\``);
    expect(secretNameRule({ secretPatterns: [] })).toBeUndefined();
  });
});

describe("homelab plan-comment --secret-pattern", () => {
  let stdout = "";
  let spy: jest.SpyInstance;
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-mask-"));
    stdout = "";
    spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
  });
  afterEach(() => {
    spy.mockRestore();
    fs.rmSync(tmp, { recursive: true });
  });

  async function run(...args: string[]): Promise<void> {
    const program = new Command("homelab").exitOverride();
    registerPlanComment(program);
    await program.parseAsync(["node", "homelab", "plan-comment", ...args]);
  }

  it("adds a pattern to the defaults", async () => {
    const file = path.join(tmp, "lab.json");
    fs.writeFileSync(file, JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "x.y", type: "x", name: "y", change: { actions: ["create"], before: null, after: { wg_psk: "psk-777", password: "pw-888" } } }] }));
    await run(file, "--secret-pattern", "psk");
    expect(stdout).not.toMatch(/psk-777|pw-888/);
  });

  it("drops the defaults with --no-default-secret-patterns", async () => {
    const file = path.join(tmp, "lab.json");
    fs.writeFileSync(file, JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "x.y", type: "x", name: "y", change: { actions: ["create"], before: null, after: { password: "pw-888" } } }] }));
    await run(file, "--no-default-secret-patterns");
    expect(stdout).toContain('"pw-888"');
  });

  it("refuses a pattern that is not a regular expression", async () => {
    await expect(run("x.json", "--secret-pattern", "(")).rejects.toThrow(/--secret-pattern \( is not a regular expression/);
  });
});

describe("every real plan", () => {
  const dir = path.join(__dirname, "..", "fixtures", "terraform-plans");
  const files = fs.readdirSync(dir).filter((file) => file.endsWith(".json"));
  const rule = secretNameRule() as RegExp;

  /** Strings that sit under a secret-looking name anywhere in the plan's change values. */
  function secretNamedValues(value: unknown, named = false, out: string[] = []): string[] {
    if (typeof value === "string" && named && value.length >= 6) out.push(value);
    else if (Array.isArray(value)) for (const item of value) secretNamedValues(item, named, out);
    else if (typeof value === "object" && value !== null) for (const [key, item] of Object.entries(value)) secretNamedValues(item, named || rule.test(key), out);
    return out;
  }

  it.each(files)("%s prints no value of an attribute whose name says secret", (file) => {
    const plan = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as TerraformPlan;
    const values = (plan.resource_changes ?? []).flatMap((rc) => [...secretNamedValues(rc.change.before), ...secretNamedValues(rc.change.after)]);
    const text = renderPlanComment([{ name: "s", plan }]).parts.join("\n");
    for (const value of values) expect(text).not.toContain(value);
  });
});

describe("a value Terraform marks sensitive as a whole", () => {
  const dir = path.join(__dirname, "..", "fixtures", "terraform-plans");
  const files = fs.readdirSync(dir).filter((file) => file.endsWith(".json"));

  /** Every string of a value at least `min` characters long. */
  function strings(value: unknown, min: number, out: string[] = []): string[] {
    if (typeof value === "string" && value.length >= min) out.push(value);
    else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) strings(item, min, out);
    return out;
  }

  it("masks every attribute of an update whose markers are `true`", () => {
    const change: Change = { actions: ["update"], before: { id: "vm-1", note: "old-note-1", nested: { a: ["old-item-1"] } }, after: { id: "vm-1", note: "new-note-1", nested: { a: ["new-item-1"] } }, after_unknown: {}, before_sensitive: true, after_sensitive: true };
    const lines = text(change);
    expect(lines).toContain("(sensitive value)");
    for (const value of ["vm-1", "old-note-1", "new-note-1", "old-item-1", "new-item-1"]) expect(lines).not.toContain(value);
  });

  it.each(files)("%s prints none of its values when every change is marked sensitive as a whole", (file) => {
    // given a copy of a real plan with every resource, drift and output change marked `true`
    const plan = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as TerraformPlan & { resource_drift?: TerraformPlan["resource_changes"] };
    const changes = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])].map((rc) => rc.change);
    const outputs = Object.values(plan.output_changes ?? {});
    for (const change of [...changes, ...outputs]) Object.assign(change, { before_sensitive: true, after_sensitive: true });
    // Names are printed on purpose (addresses, types, output names, the ID or identity a resource
    // is imported by, as Terraform prints them); a value equal to one is not a leak.
    const names = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]
      .flatMap((rc) => [rc.address, rc.type, rc.name ?? "", String(rc.index ?? ""), String((rc as { provider_name?: unknown }).provider_name ?? ""), ...strings((rc.change as { importing?: unknown }).importing, 1)])
      .concat(Object.keys(plan.output_changes ?? {}));
    const values = [...changes, ...outputs].flatMap((change) => [...strings(change.before, 6), ...strings(change.after, 6)]).filter((value) => !names.some((name) => name.includes(value)));
    const rendered = renderPlanComment([{ name: "s", plan }]).parts.join("\n");
    for (const value of values) expect(rendered).not.toContain(value);
  });
});
