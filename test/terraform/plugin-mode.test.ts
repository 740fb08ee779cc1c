import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runTerraform } from "../../lib/terraform-check/terraform";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../lib/terraform-standin/server";
import { terraformPresent } from "./helpers";

const ENTRY = path.join(__dirname, "run-standin-source.js");

describe("stand-in in plugin mode (launched by Terraform)", () => {
  it("refuses to serve without go-plugin's magic cookie and writes nothing to stdout", () => {
    const env = { ...process.env };
    delete env[MAGIC_COOKIE_KEY];
    const result = spawnSync(process.execPath, [ENTRY, "--provider", "bpg/proxmox"], { env, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/not meant to be executed directly/);
  });

  it("prints exactly one go-plugin handshake line for protocol 6 over tcp on 127.0.0.1", async () => {
    const child = spawn(process.execPath, [ENTRY, "--provider", "bpg/proxmox"], {
      env: { ...process.env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "5,6" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        if (out.includes("\n")) resolve(out);
      });
    });
    child.kill("SIGTERM");
    expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|\n$/);
  });

  it("plans through dev_overrides with go-plugin's automatic mutual TLS", async () => {
    if (!terraformPresent()) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-devov-"));
    try {
      const bin = path.join(dir, "bin");
      fs.mkdirSync(bin);
      const wrapper = path.join(bin, "terraform-provider-proxmox");
      fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(ENTRY)} --provider registry.terraform.io/bpg/proxmox\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(dir, "rc"), `provider_installation {\n  dev_overrides {\n    "bpg/proxmox" = ${JSON.stringify(bin)}\n  }\n  direct {}\n}\n`);
      fs.writeFileSync(
        path.join(dir, "main.tf.json"),
        JSON.stringify({
          terraform: { required_providers: { proxmox: { source: "bpg/proxmox" } } },
          provider: { proxmox: [{ endpoint: "https://pve1.example:8006/" }] },
          resource: { proxmox_virtual_environment_pool: { lab: { pool_id: "lab" } } },
        }),
      );
      const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, "rc"), CHECKPOINT_DISABLE: "1" };
      delete env.TF_REATTACH_PROVIDERS;
      const plan = await runTerraform("terraform", ["plan", "-input=false", "-no-color"], dir, env);
      expect(plan.stderr.replace(/Warning: Provider development overrides[\s\S]*?╵/, "").trim()).toBe("");
      expect(plan.stdout).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
