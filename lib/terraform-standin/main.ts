import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { startDaemon } from "./daemon";
import { loadPinnedProviders } from "./schema";
import { APP_PROTOCOL_VERSION, CORE_PROTOCOL_VERSION, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, serveProvider } from "./server";

const USAGE = `terraform-standin — serves the pinned provider schemas to Terraform for offline validate and plan (never a real provider)

  terraform-standin --daemon [--providers DIR] [--exit-with-stdin]
      Serve every pinned provider; print the TF_REATTACH_PROVIDERS JSON as one line on stdout.
  terraform-standin --provider ADDRESS [--providers DIR]
      Plugin mode, launched by Terraform (dev_overrides): go-plugin handshake on stdout.
`;

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * go-plugin's AutoMTLS: Terraform passes its client certificate and expects a server certificate
 * for "localhost" back in the handshake (base64 DER, unpadded). Made with the openssl CLI.
 */
function autoMtls(clientCertPem: string): { credentials: grpc.ServerCredentials; certField: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-standin-tls-"));
  try {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
        "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=digitalSignature,keyEncipherment,keyCertSign",
        "-addext", "extendedKeyUsage=serverAuth,clientAuth",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const certPem = fs.readFileSync(cert);
    const der = Buffer.from(certPem.toString("utf8").replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    return {
      credentials: grpc.ServerCredentials.createSsl(Buffer.from(clientCertPem), [{ cert_chain: certPem, private_key: fs.readFileSync(key) }], true),
      certField: der.toString("base64").replace(/=+$/, ""),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function pluginMode(address: string, providersDir: string | undefined): Promise<void> {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write("This binary is a plugin stand-in for Terraform. It is not meant to be executed directly; Terraform launches it.\n");
    process.exit(1);
  }
  const versions = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? String(APP_PROTOCOL_VERSION)).split(",").map((v) => v.trim());
  if (!versions.includes(String(APP_PROTOCOL_VERSION))) {
    process.stderr.write(`terraform-standin: Terraform offers plugin protocol ${versions.join(",")}; the stand-in speaks only ${APP_PROTOCOL_VERSION}.\n`);
    process.exit(1);
  }
  const pinned = loadPinnedProviders(providersDir).find((p) => p.address === address || p.address.endsWith(`/${address}`));
  if (!pinned) {
    process.stderr.write(`terraform-standin: no pinned schema for provider ${address}\n`);
    process.exit(1);
  }
  const tls = process.env.PLUGIN_CLIENT_CERT ? autoMtls(process.env.PLUGIN_CLIENT_CERT) : undefined;
  const served = await serveProvider(pinned, {
    credentials: tls?.credentials,
    onShutdown: () => {
      served.server.forceShutdown();
      process.exit(0);
    },
  });
  // The one line go-plugin reads; nothing else may ever reach stdout.
  process.stdout.write(`${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|tcp|127.0.0.1:${served.port}|grpc|${tls?.certField ?? ""}\n`);
}

async function daemonMode(providersDir: string | undefined, exitWithStdin: boolean): Promise<void> {
  const daemon = await startDaemon({ providersDir });
  const stop = () => {
    void daemon.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  if (exitWithStdin) {
    process.stdin.on("end", stop);
    process.stdin.on("close", stop);
    process.stdin.resume();
  }
  process.stdout.write(`${daemon.reattach}\n`);
}

/** Entry point: `node dist/lib/terraform-standin/main.js --daemon` or plugin mode. */
export async function main(args: string[]): Promise<void> {
  const providersDir = argValue(args, "--providers");
  if (args.includes("--daemon")) return daemonMode(providersDir, args.includes("--exit-with-stdin"));
  const address = argValue(args, "--provider");
  if (address) return pluginMode(address, providersDir);
  process.stderr.write(USAGE);
  process.exitCode = 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`terraform-standin: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
