import * as fs from "fs";
import * as path from "path";
import { App, Testing } from "cdktf";
import YAML from "yaml";
import { runApp } from "../../app/synth";
import { InfraStack } from "../../constructs/infra-stack";
import { PlatformStack } from "../../constructs/platform-stack";
import { parseEnvironment } from "../../lib/config/load";
import type { StateSettings } from "../../lib/config/state";
import { missingStateCredentials, parseStateOverride, requireStateCredentials } from "../../lib/state/override";
import { resolveEnvironment } from "../../lib/topology";
import { topologyOf } from "../support/environments";
import { tempDir } from "../support/tools";

const MINIMAL = path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml");

/** The `terraform` block of an environment's infra and platform stacks under `state`. */
function terraformBlocks(state?: StateSettings): { infra: Record<string, unknown>; platform: Record<string, unknown> } {
  const app = Testing.app() as App;
  const topology = topologyOf("dev");
  const infra = JSON.parse(Testing.synth(new InfraStack(app, "dev-infra", { topology, state }))) as { terraform: Record<string, unknown> };
  const platform = JSON.parse(Testing.synth(new PlatformStack(app, "dev-platform", { topology, state }))) as { terraform: Record<string, unknown> };
  return { infra: infra.terraform, platform: platform.terraform };
}

const parse = (input: Parameters<typeof parseStateOverride>[0]) => parseStateOverride(input)!;

describe("state backends in the synthesized stacks", () => {
  it("keeps local state beside the project when the environment names none (the JSON of before)", () => {
    const { infra, platform } = terraformBlocks();
    expect(infra.backend).toEqual({ local: { path: "../../../terraform.dev-infra.tfstate" } });
    expect(platform.backend).toEqual({ local: { path: "../../../terraform.dev-platform.tfstate" } });
  });

  it("gives each stack its own Postgres schema under pg, and no connection string", () => {
    const { infra, platform } = terraformBlocks(parse({ backend: "pg" }));
    expect(infra.backend).toEqual({ pg: { schema_name: "homelab_dev_infra" } });
    expect(platform.backend).toEqual({ pg: { schema_name: "homelab_dev_platform" } });
  });

  it("writes an S3-compatible store's bucket, per-stack key, endpoint, path style and lock file under s3", () => {
    const state = parse({ backend: "s3", config: ["bucket=tfstate", "region=garage", "endpoint=https://s3.lab.example:3900", "usePathStyle=true", "keyPrefix=lab/"] });
    expect(terraformBlocks(state).infra.backend).toEqual({
      s3: {
        bucket: "tfstate",
        key: "lab/dev-infra/terraform.tfstate",
        region: "garage",
        endpoints: { s3: "https://s3.lab.example:3900" },
        use_path_style: true,
        use_lockfile: true,
        skip_credentials_validation: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
      },
    });
  });

  it("gives each stack GitLab's state, lock and unlock URLs under http", () => {
    const state = parse({ backend: "http", config: ["address=https://gitlab.example.com/api/v4/projects/42/terraform/state/"] });
    expect(terraformBlocks(state).platform.backend).toEqual({
      http: {
        address: "https://gitlab.example.com/api/v4/projects/42/terraform/state/dev-platform",
        lock_address: "https://gitlab.example.com/api/v4/projects/42/terraform/state/dev-platform/lock",
        unlock_address: "https://gitlab.example.com/api/v4/projects/42/terraform/state/dev-platform/lock",
        lock_method: "POST",
        unlock_method: "DELETE",
      },
    });
  });

  it("reads the backend from the environment's own `state`", () => {
    const env = YAML.parse(fs.readFileSync(MINIMAL, "utf8")) as Record<string, unknown>;
    const topology = resolveEnvironment(parseEnvironment({ ...env, state: { backend: "pg", schemaPrefix: "lab_" } }));
    const stack = new InfraStack(Testing.app() as App, "lab-infra", { topology });
    expect((JSON.parse(Testing.synth(stack)) as { terraform: { backend: unknown } }).terraform.backend).toEqual({ pg: { schema_name: "lab_lab_infra" } });
  });
});

describe("bad state settings fail before anything runs", () => {
  const scratch = tempDir("state-app");

  it("rejects an unknown backend in an environment, naming the path and the backends there are", () => {
    const env = YAML.parse(fs.readFileSync(MINIMAL, "utf8")) as Record<string, unknown>;
    expect(() => parseEnvironment({ ...env, state: { backend: "consul" } })).toThrow(/state\.backend = "consul": names no state backend; use one of local, pg, s3, http/);
  });

  it("rejects a credential pasted into an environment's state", () => {
    const env = YAML.parse(fs.readFileSync(MINIMAL, "utf8")) as Record<string, unknown>;
    expect(() => parseEnvironment({ ...env, state: { backend: "pg", conn_str: "postgres://u:secret@db/x" } })).toThrow(/state: unknown field\(s\) "conn_str"/);
  });

  it("rejects an unknown --state-backend", () => {
    expect(() => parse({ backend: "consul" })).toThrow(/--state-backend = "consul": names no state backend; use one of local, pg, s3, http/);
  });

  it("names every required setting a --state-backend lacks and how to give it", () => {
    expect(() => parse({ backend: "s3", config: ["bucket=tfstate"] })).toThrow(/--state-config region: the s3 backend needs it; add --state-config region=VALUE/);
  });

  it("refuses a credential as a --state-config setting", () => {
    expect(() => parse({ backend: "http", config: ["address=https://gitlab.example.com/x", "password=hunter2"] })).toThrow(
      /--state-config password: not a setting of the http backend \(credentials come from environment variables/,
    );
  });

  it("refuses a --state-config that is not key=value", () => {
    expect(() => parse({ backend: "pg", config: ["schemaPrefix"] })).toThrow(/--state-config = "schemaPrefix": is not key=value/);
  });

  it.each([
    ["pg", { backend: "pg", schemaPrefix: "homelab_" }, /PG_CONN_STR/],
    ["s3", { backend: "s3", bucket: "b", region: "r", keyPrefix: "", usePathStyle: false, useLockfile: true }, /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/],
    ["http", { backend: "http", address: "https://gitlab.example.com/x", lockMethod: "POST", unlockMethod: "DELETE" }, /TF_HTTP_USERNAME and TF_HTTP_PASSWORD/],
  ] as const)("names the missing credentials of the %s backend", (_name, state, expected) => {
    expect(() => requireStateCredentials("dev", state as StateSettings, {})).toThrow(expected);
  });

  it("needs no credentials for local state, and finds a backend's in the environment", () => {
    expect(missingStateCredentials(undefined, {})).toBeUndefined();
    expect(missingStateCredentials(parse({ backend: "pg" }), { PG_CONN_STR: "postgres://db/x" })).toBeUndefined();
  });

  it("answers a bad HOMELAB_STATE_BACKEND in the cdktf app with exit code 1, writing nothing", () => {
    const outdir = path.join(scratch, "bad");
    let output = "";
    const code = runApp({ HOMELAB_ENVIRONMENTS: "dev", CDKTF_OUTDIR: outdir, HOMELAB_STATE_BACKEND: "consul" }, (text) => (output += text));
    expect(code).toBe(1);
    expect(output).toMatch(/^error: --state-backend = "consul": names no state backend/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("synthesizes the backend HOMELAB_STATE_BACKEND and HOMELAB_STATE_CONFIG name in the cdktf app", () => {
    const outdir = path.join(scratch, "pg");
    expect(runApp({ HOMELAB_ENVIRONMENTS: "dev", CDKTF_OUTDIR: outdir, HOMELAB_STATE_BACKEND: "pg", HOMELAB_STATE_CONFIG: "schemaPrefix=ci_" }, () => undefined)).toBe(0);
    const infra = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "dev-infra", "cdk.tf.json"), "utf8")) as { terraform: { backend: unknown } };
    expect(infra.terraform.backend).toEqual({ pg: { schema_name: "ci_dev_infra" } });
  });
});
