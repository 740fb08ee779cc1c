import * as fs from "fs";
import * as path from "path";
import { offlineCliConfig, runTerraform, tempDir } from "../../lib/terraform-check/terraform";
import { standinEnv } from "../../lib/terraform-check/runner";
import type { ProviderSchemas } from "../../lib/provider-schema/types";
import { loadPinnedProviders, providerTypeName } from "../../lib/terraform-standin/schema";
import { reattach, terraformPresent } from "./helpers";

/**
 * Terraform prints `description_kind: "plain"` and empty collections the pinned files leave out;
 * both spellings mean the same schema.
 */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === "description_kind" && v === "plain") continue;
      if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0 && k !== "block") continue;
      out[k] = normalize(v);
    }
    return out;
  }
  return value;
}

describe("schema round trip through the stand-in", () => {
  const pinnedFiles = [...new Set(loadPinnedProviders().map((p) => p.file))];
  let printed: ProviderSchemas | undefined;

  beforeAll(async () => {
    if (!terraformPresent()) return;
    const dir = tempDir("standin-schema-");
    const requiredProviders: Record<string, { source: string }> = {};
    for (const p of loadPinnedProviders()) requiredProviders[providerTypeName(p.address)] = { source: p.address };
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders } }));
    const env = standinEnv(reattach(), offlineCliConfig(dir));
    const init = await runTerraform("terraform", ["init", "-input=false", "-no-color"], dir, env);
    if (init.code !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
    const schema = await runTerraform("terraform", ["providers", "schema", "-json"], dir, env);
    if (schema.code !== 0) throw new Error(`terraform providers schema failed: ${schema.stderr}`);
    printed = JSON.parse(schema.stdout) as ProviderSchemas;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(pinnedFiles.map((f) => [path.basename(f), f]))("reproduces %s from terraform providers schema -json", (_name, file) => {
    if (!printed) return;
    const pinned = JSON.parse(fs.readFileSync(file, "utf8")) as ProviderSchemas;
    for (const [address, schema] of Object.entries(pinned.provider_schemas)) {
      expect(normalize(printed.provider_schemas[address])).toEqual(normalize(schema));
    }
  });
});
