import * as https from "https";
import type { Topology } from "../topology/types";

/*
 * Pre-flight checks of a real deploy that talk to the outside: the Proxmox API answers with the
 * token, and the template VM the pools clone exists. Read-only.
 */

/** What a Proxmox GET answered. */
interface ProxmoxAnswer {
  readonly status: number;
  readonly body: string;
}

function proxmoxGet(endpoint: string, apiPath: string, token: string, insecure: boolean): Promise<ProxmoxAnswer> {
  const url = new URL(`api2/json/${apiPath}`, endpoint.endsWith("/") ? endpoint : `${endpoint}/`);
  return new Promise((resolve, reject) => {
    const request = https.get(url, { headers: { Authorization: `PVEAPIToken=${token}` }, rejectUnauthorized: !insecure, timeout: 10000 }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("timeout", () => request.destroy(new Error("no answer within 10 s")));
    request.on("error", reject);
  });
}

/**
 * Checks every site's Proxmox API with the token and, for a template image, that the template VMID
 * exists. Returns one problem per failed check (empty when all pass), each saying what to fix.
 */
export async function checkProxmox(topology: Topology, token: string): Promise<string[]> {
  const problems: string[] = [];
  for (const site of topology.sites) {
    const { endpoint, insecure } = site.proxmox;
    let answer: ProxmoxAnswer;
    try {
      answer = await proxmoxGet(endpoint, "cluster/resources?type=vm", token, insecure);
    } catch (error) {
      problems.push(`Proxmox API ${endpoint} is not reachable (${(error as Error).message}); check proxmox.endpoint${insecure ? "" : " (or proxmox.insecure for a self-signed certificate)"}`);
      continue;
    }
    if (answer.status === 401 || answer.status === 403) {
      problems.push(`Proxmox API ${endpoint} refused the token (HTTP ${answer.status}); check PROXMOX_VE_API_TOKEN (user@realm!tokenid=secret) and its privileges`);
      continue;
    }
    if (answer.status !== 200) {
      problems.push(`Proxmox API ${endpoint} answered HTTP ${answer.status}`);
      continue;
    }
    if (topology.image.kind === "template") {
      const vmid = topology.image.templateVmId;
      const vms = (JSON.parse(answer.body) as { data: { vmid: number }[] }).data;
      if (!vms.some((vm) => vm.vmid === vmid)) {
        problems.push(`image.templateVmId = ${vmid}: no VM ${vmid} on ${endpoint}; create the cloud-init template (README "Deploying a lab") or use image.kind "cloudImage"`);
      }
    }
  }
  return problems;
}
