import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Command } from "commander";
import { environmentsDir } from "../../app/targets";
import { starterYaml } from "../../app/starter";
import { dnsLabel } from "../config/primitives";

/** The caller's own SSH public key, when one of the usual files exists. */
function ownPublicKey(): string | undefined {
  for (const file of ["id_ed25519.pub", "id_ecdsa.pub", "id_rsa.pub"]) {
    const candidate = path.join(os.homedir(), ".ssh", file);
    if (fs.existsSync(candidate)) return fs.readFileSync(candidate, "utf8").trim();
  }
  return undefined;
}

/** The public key in `file` (--ssh-key), or an error naming the file and what to pass instead. */
function readPublicKey(file: string): string {
  const hint = "pass the path of your SSH public key, e.g. ~/.ssh/id_ed25519.pub";
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`--ssh-key ${file}: no such file; ${hint}`);
  }
  if (stat.isDirectory()) throw new Error(`--ssh-key ${file}: is a directory; ${hint}`);
  return fs.readFileSync(file, "utf8").trim();
}

/** `homelab init NAME [--from ENV] [--out FILE] [--force]`: writes a commented starter environment. */
export function registerInit(program: Command): void {
  program
    .command("init")
    .description("write a commented starter environment (YAML) that validates")
    .argument("<name>", "the new environment's name (a DNS label: lowercase letters, digits, dashes)")
    .option("--from <env>", "start from a shipped environment's values (e.g. orion, production)")
    .option("--out <file>", "where to write it (default: environments/<name>.yaml, picked up by name)")
    .option("--ssh-key <file>", "public key to put on the VMs (default: ~/.ssh/id_ed25519.pub, id_ecdsa.pub or id_rsa.pub)")
    .option("--force", "overwrite an existing file")
    .action((name: string, options: { from?: string; out?: string; sshKey?: string; force?: boolean }) => {
      const checked = dnsLabel.safeParse(name);
      if (!checked.success) throw new Error(`init "${name}": the name ${checked.error.issues[0]?.message ?? "is not a DNS label"}; use lowercase letters, digits and dashes, e.g. my-lab`);
      const out = options.out ?? path.join(environmentsDir(), `${name}.yaml`);
      if (fs.existsSync(out) && !options.force) throw new Error(`${out} exists; pass --force to overwrite it, or --out another file`);
      const key = options.sshKey ? readPublicKey(options.sshKey) : ownPublicKey();
      const text = starterYaml(name, { ...(options.from ? { from: options.from } : {}), ...(key ? { sshPublicKey: key } : {}) });
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, text);
      process.stdout.write(`wrote ${out}${options.from ? ` (from ${options.from})` : ""}\n`);
      if (!key && !options.from) process.stderr.write("note: no SSH public key found in ~/.ssh; replace the example key in sshPublicKeys with yours\n");
      process.stdout.write(`next: edit it, then \`npx homelab validate ${options.out ? out : name}\` and \`npm run synth\`\n`);
    });
}
