/** Diffs a reviewer can read: line diffs of multi-line and JSON strings, sets by content, hidden attributes. */
import { describeChange, diffChange, formatEntry, lineDiff } from "../../lib/plan-review/diff";
import type { Change } from "../../lib/plan-review/plan";
import { renderPlanComment } from "../../lib/plan-review/markdown";

const lines = (change: Change): string[] => diffChange(change).flatMap((entry) => formatEntry(entry, false).split("\n"));

const userData = (packages: string[]): string =>
  ["#cloud-config", "hostname: k3s-agent-1", "package_update: true", "packages:", ...packages.map((p) => `  - ${p}`), "runcmd:", "  - systemctl enable --now qemu-guest-agent", "  - echo a", "  - echo b", "  - echo c", "  - echo d", ""].join("\n");

describe("a multi-line string", () => {
  const change: Change = { actions: ["update"], before: { content: userData(["qemu-guest-agent", "curl"]) }, after: { content: userData(["qemu-guest-agent", "curl", "jq"]) }, after_unknown: {} };

  it("is diffed line by line as Terraform does for heredocs", () => {
    const text = lines(change);
    expect(text[0]).toBe("! content: <<EOT");
    expect(text).toContain("+     - jq");
    expect(text[text.length - 1]).toBe("  EOT");
  });

  it("folds unchanged lines beyond three lines of context", () => {
    const text = lines(change);
    expect(text.filter((line) => line === "    # (3 unchanged lines hidden)")).toHaveLength(2);
    expect(text).toContain("      - curl");
    expect(text).not.toContain("    #cloud-config");
  });

  it("shows a changed line as removed and added", () => {
    const text = lines({ actions: ["update"], before: { s: "a\nb\nc" }, after: { s: "a\nB\nc" }, after_unknown: {} });
    expect(text).toEqual(["! s: <<EOT", "    a", "-   b", "+   B", "    c", "  EOT"]);
  });

  it("shows every line of a new multi-line value as added", () => {
    expect(lines({ actions: ["create"], before: null, after: { s: "a\nb" }, after_unknown: {} })).toEqual(["+ s: <<EOT", "+   a", "+   b", "  EOT"]);
  });

  it("keeps a one-line string on one line", () => {
    expect(lines({ actions: ["update"], before: { s: "a" }, after: { s: "b" }, after_unknown: {} })).toEqual(['! s: "a" -> "b"']);
  });
});

describe("lineDiff", () => {
  it("keeps a short unchanged run whole", () => {
    expect(lineDiff(["a", "b", "c"], ["x", "b", "c"])).toEqual(["-   a", "+   x", "    b", "    c"]);
  });
});

describe("a JSON string", () => {
  it("is pretty-printed with sorted keys and diffed by key", () => {
    const before = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] });
    const after = JSON.stringify({ Statement: [{ Resource: "*", Action: ["s3:GetObject", "s3:PutObject"], Effect: "Allow" }], Version: "2012-10-17" });
    const text = lines({ actions: ["update"], before: { policy: before }, after: { policy: after }, after_unknown: {} });
    expect(text[0]).toBe("! policy: jsonencode(");
    expect(text.filter((line) => /^[+-]/.test(line))).toEqual(['+           "s3:PutObject",']);
    expect(text).toContain('          Effect = "Allow"');
  });

  it("masks secret-named keys inside the JSON", () => {
    const text = lines({ actions: ["update"], before: { cfg: '{"user":"a","password":"hunter2-x"}' }, after: { cfg: '{"user":"b","password":"hunter2-x"}' }, after_unknown: {} }).join("\n");
    expect(text).not.toContain("hunter2-x");
    expect(text).toContain("password = (sensitive value)");
  });
});

describe("lists of objects (set-typed blocks without a schema)", () => {
  const disk = (iface: string, size: number): Record<string, unknown> => ({ interface: iface, size, datastore_id: "local-lvm" });

  it("match by content, so an unchanged block does not look changed when another is added before it", () => {
    const change: Change = { actions: ["update"], before: { disk: [disk("scsi1", 20)] }, after: { disk: [disk("scsi0", 10), disk("scsi1", 20)] }, after_unknown: {} };
    expect(lines(change)).toEqual(['+ disk[0].interface: "scsi0"', "+ disk[0].size: 10", '+ disk[0].datastore_id: "local-lvm"']);
  });

  it("show no change when the same blocks come in another order", () => {
    const change: Change = { actions: ["update"], before: { disk: [disk("scsi0", 10), disk("scsi1", 20)] }, after: { disk: [disk("scsi1", 20), disk("scsi0", 10)] }, after_unknown: {} };
    expect(lines(change)).toEqual([]);
  });

  it("still diff a block that changed by its attributes", () => {
    const change: Change = { actions: ["update"], before: { disk: [disk("scsi0", 10), disk("scsi1", 20)] }, after: { disk: [disk("scsi0", 10), disk("scsi1", 40)] }, after_unknown: {} };
    expect(lines(change)).toEqual(["! disk[1].size: 20 -> 40"]);
  });

  it("keep the sensitive markers of each side with the element that moved", () => {
    const change: Change = {
      actions: ["update"],
      before: { user: [{ name: "b", pw: "sec-before-1" }] },
      after: { user: [{ name: "a", pw: "x" }, { name: "b", pw: "sec-after-22" }] },
      after_unknown: {},
      before_sensitive: { user: [{ pw: true }] },
      after_sensitive: { user: [{}, { pw: true }] },
    };
    const text = lines(change).join("\n");
    expect(text).not.toMatch(/sec-before-1|sec-after-22/);
  });
});

describe("unchanged attributes", () => {
  const change: Change = {
    actions: ["update"],
    before: { id: "101", name: "k3s-agent-1", vm_id: 3201, node_name: "pve1", memory: [{ dedicated: 8192 }], started: true },
    after: { id: "101", name: "k3s-agent-1", vm_id: 3201, node_name: "pve1", memory: [{ dedicated: 16384 }], started: true },
    after_unknown: {},
  };

  it("are hidden and counted, keeping name, id and vm_id as context like Terraform", () => {
    const diff = describeChange(change);
    expect(diff.context).toEqual([["id", '"101"'], ["name", '"k3s-agent-1"'], ["vm_id", "3201"]]);
    expect(diff.hidden).toBe(2);
  });

  it("read in the comment as context lines and a hidden count", () => {
    const text = renderPlanComment([{ name: "s", plan: { resource_changes: [{ address: "proxmox_virtual_environment_vm.a", type: "proxmox_virtual_environment_vm", change }] } }]).parts[0];
    expect(text).toContain('```diff\n  id: "101"\n  name: "k3s-agent-1"\n  vm_id: 3201\n! memory[0].dedicated: 8192 -> 16384\n  # (2 unchanged attributes hidden)\n```');
  });
});

describe("diff lines", () => {
  it("use the prefixes GitHub colours in a diff block: + - and ! for changed", () => {
    const text = lines({ actions: ["update"], before: { a: 1, b: 2 }, after: { a: 2, c: 3 }, after_unknown: {} });
    expect(text).toEqual(["! a: 1 -> 2", "- b: 2", "+ c: 3"]);
    for (const line of text) expect(line).not.toMatch(/^~/);
  });
});
