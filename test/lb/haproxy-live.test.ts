import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import { apiLoadBalancedClusters } from "../../lib/lb/clusters";
import { renderHaproxyConfig } from "../../lib/lb/haproxy";
import { planTiny } from "../support/tiny-environment";
import { requireTool, run, tempDir } from "../support/tools";
import { kubeadmBehindHaproxy } from "./support";

/*
 * The rendered haproxy.cfg, run for real on loopback: two HTTPS stand-ins for API servers (a
 * self-signed certificate made here with openssl), one answering /readyz with 500. HAProxy's checks
 * take the sick one out, and API requests reach only the healthy one. Everything started is stopped.
 */

interface StandIn {
  readonly name: string;
  readonly server: https.Server;
  port: number;
  readyzChecks: number;
  /** Requests other than health checks, i.e. what clients sent through HAProxy. */
  served: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function startStandIn(name: string, ready: boolean, tls: { key: Buffer; cert: Buffer }): Promise<StandIn> {
  const standIn: StandIn = { name, server: https.createServer(tls), port: 0, readyzChecks: 0, served: 0 };
  standIn.server.on("request", (request, response) => {
    if (request.url === "/readyz") {
      standIn.readyzChecks++;
      response.writeHead(ready ? 200 : 500).end(ready ? "ok" : "etcd not ready");
      return;
    }
    standIn.served++;
    response.writeHead(200).end(name);
  });
  return new Promise((resolve) => standIn.server.listen(0, "127.0.0.1", () => {
    standIn.port = (standIn.server.address() as net.AddressInfo).port;
    resolve(standIn);
  }));
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: "127.0.0.1", port, path: "/version", rejectUnauthorized: false, agent: false }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("HAProxy running the rendered configuration", () => {
  const dir = tempDir("haproxy-live");
  const standIns: StandIn[] = [];
  let haproxy: ChildProcess | undefined;
  let haproxyLog = "";

  afterAll(async () => {
    haproxy?.kill("SIGTERM");
    await Promise.all(standIns.map((standIn) => new Promise((resolve) => standIn.server.close(resolve))));
  });

  it("sends API requests only to the control-plane node whose /readyz answers 200", async () => {
    requireTool("haproxy", "haproxy");
    requireTool("openssl", "openssl");
    // Given two API stand-ins with a self-signed certificate, the second one not ready
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"]);
    const tls = { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
    standIns.push(await startStandIn("healthy", true, tls), await startStandIn("sick", false, tls));
    const [healthy, sick] = standIns;

    // and the haproxy.cfg of a kubeadm cluster, pointed at them on loopback
    const port = await freePort();
    const cluster = apiLoadBalancedClusters(planTiny(kubeadmBehindHaproxy(1)))[0];
    const config = renderHaproxyConfig(cluster, {
      bindAddress: "127.0.0.1",
      bindPort: port,
      backends: standIns.map((standIn) => ({ name: standIn.name, address: "127.0.0.1", port: standIn.port })),
      checkIntervalMs: 100,
      foreground: true,
    });
    const file = path.join(dir, "haproxy.cfg");
    fs.writeFileSync(file, config);

    // when HAProxy runs it and the sick node has failed its checks
    haproxy = spawn("haproxy", ["-db", "-f", file], { stdio: ["ignore", "pipe", "pipe"] });
    haproxy.stdout!.on("data", (chunk: Buffer) => (haproxyLog += chunk.toString()));
    haproxy.stderr!.on("data", (chunk: Buffer) => (haproxyLog += chunk.toString()));
    await until(() => sick.readyzChecks >= 3 && healthy.readyzChecks >= 3, 10000, `health checks on both stand-ins (haproxy said: ${haproxyLog})`);
    await until(() => /sick is DOWN/.test(haproxyLog), 10000, `haproxy to mark the sick server down (haproxy said: ${haproxyLog})`);

    // then every request through the frontend reaches the healthy one
    const answers: string[] = [];
    for (let index = 0; index < 10; index++) answers.push(await get(port));
    expect(answers).toEqual(Array(10).fill("healthy"));
    expect(sick.served).toBe(0);
    expect(healthy.served).toBe(10);
  }, 30000);
});
