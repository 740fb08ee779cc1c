import * as fs from "fs";
import * as path from "path";
import { fixtureText, generatePlanFixtures, repoFixturesDir } from "../../tools/plan-fixtures";
import { reattach, terraformPresent } from "./helpers";

jest.setTimeout(180000);

const REGENERATE = "regenerate with: npm run build && node dist/tools/plan-fixtures.js";

describe("plan fixtures in test/fixtures/plans", () => {
  let fresh: Record<string, Record<string, unknown>> | undefined;

  beforeAll(async () => {
    if (!terraformPresent()) return;
    fresh = await generatePlanFixtures({ reattach: reattach() });
  });

  it.each(["orion-infra.fresh.plan.json", "orion-infra.router-vendor-data.plan.json", "production-infra.servers-3-to-1.plan.json"])(
    "%s matches what the stand-in plans today",
    (name) => {
      if (!fresh) return;
      const committed = fs.readFileSync(path.join(repoFixturesDir(), name), "utf8");
      expect({ name, upToDate: committed === fixtureText(fresh[name]), hint: REGENERATE }).toEqual({ name, upToDate: true, hint: REGENERATE });
    },
  );

  it("records the router vendor-data change as a replacement driven by the snippet id", () => {
    if (!fresh) return;
    const changes = fresh["orion-infra.router-vendor-data.plan.json"].resource_changes as { type: string; change: { actions: string[]; replace_paths?: unknown[] } }[];
    const replaced = changes.filter((c) => c.change.actions.includes("delete") && c.change.actions.includes("create"));
    expect(replaced.map((c) => [c.type, c.change.replace_paths])).toEqual([
      ["proxmox_virtual_environment_file", [["source_raw"]]],
      ["proxmox_virtual_environment_vm", [["initialization", 0, "vendor_data_file_id"]]],
    ]);
  });

  it("records shrinking production's servers from 3 to 1 as two server VMs destroyed", () => {
    if (!fresh) return;
    const changes = fresh["production-infra.servers-3-to-1.plan.json"].resource_changes as { type: string; address: string; change: { actions: string[] } }[];
    const destroyedVms = changes.filter((c) => c.type === "proxmox_virtual_environment_vm" && c.change.actions.join() === "delete").map((c) => c.address);
    expect(destroyedVms).toHaveLength(2);
    expect(destroyedVms.every((a) => /microk8s-master-[23]/.test(a))).toBe(true);
  });
});
