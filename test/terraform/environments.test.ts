import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { environments } from "../../environments";
import { synthesize } from "../../app/synth";
import { checkTerraform, formatReports, listStacks, StackReport } from "../../lib/terraform-check";
import { reattach, terraformPresent } from "./helpers";

jest.setTimeout(180000);

const stackNames = Object.keys(environments).flatMap((env) => [`${env}-infra`, `${env}-platform`]);

describe("every environment through terraform validate and plan", () => {
  let reports: Map<string, StackReport> | undefined;

  beforeAll(async () => {
    if (!terraformPresent()) return;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-envs-"));
    try {
      synthesize({ outdir, warn: () => undefined }); // warnings are test/synth.test.ts's subject
      const results = await checkTerraform({ stacks: listStacks(outdir), reattach: reattach() });
      reports = new Map(results.map((r) => [r.stack, r]));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it.each(stackNames)("%s passes terraform validate and plans without errors", (stack) => {
    if (!reports) return;
    const report = reports.get(stack);
    expect(report).toBeDefined();
    // The formatted report names every diagnostic with its construct path when this fails.
    expect(report!.ok ? "" : formatReports([report!])).toBe("");
    expect(report!.timingsMs.plan).toBeDefined();
  });
});
