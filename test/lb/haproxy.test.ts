import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { apiLoadBalancedClusters } from "../../lib/lb/clusters";
import { renderHaproxyConfig } from "../../lib/lb/haproxy";
import { renderKeepalivedConfig, renderKeepalivedConfigFor } from "../../lib/lb/keepalived";
import { inventoryData } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { planTiny } from "../support/tiny-environment";
import { requireTool, run, tempDir } from "../support/tools";
import { kubeadmBehindHaproxy } from "./support";

/*
 * The API load balancer's configs, rendered from the Topology, checked by the daemons themselves
 * (`haproxy -c`, `keepalived -t`), with the very `validate:` commands ansible/roles/haproxy runs.
 */

const roleTasks = YAML.parse(fs.readFileSync(path.resolve(__dirname, "../../ansible/roles/haproxy/tasks/main.yml"), "utf8")) as Record<string, unknown>[];
const copies = roleTasks.flatMap((task) => [task, ...((task.block as Record<string, unknown>[] | undefined) ?? [])]).flatMap((task) => {
  const copy = task["ansible.builtin.copy"] as { content: string; validate: string } | undefined;
  return copy ? [copy] : [];
});

/** Runs the role's validate command for `content` on a file holding `text`. */
function validateLikeTheRole(content: string, text: string, dir: string, name: string): string {
  const copy = copies.find((candidate) => candidate.content === content)!;
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const [command, ...args] = copy.validate.replace("%s", file).split(" ");
  return run(command, args);
}

describe("the API load balancer's haproxy.cfg", () => {
  const dir = tempDir("haproxy");
  beforeAll(() => {
    requireTool("haproxy", "haproxy");
    requireTool("keepalived", "keepalived");
  });

  it("is what the inventory hands the haproxy role, and haproxy -c accepts it (ha-cluster)", () => {
    const topology = topologyOf("ha-cluster");
    const hosts = inventoryData(topology).all.children!.api_lb.hosts as Record<string, { haproxy_config: string; haproxy_keepalived_config?: string }>;

    expect(hosts.haproxy.haproxy_config).toBe(renderHaproxyConfig(apiLoadBalancedClusters(topology)[0]));
    expect(hosts.haproxy.haproxy_keepalived_config).toBeUndefined();
    expect(validateLikeTheRole("{{ haproxy_config }}", hosts.haproxy.haproxy_config, dir, "ha-cluster.cfg")).toMatch(/Configuration file is valid/);
  });

  it("balances TCP over every control-plane node's API, each checked on /readyz", () => {
    const config = renderHaproxyConfig(apiLoadBalancedClusters(topologyOf("ha-cluster"))[0]);

    expect(config).toMatch(/^\s+mode tcp$/m);
    expect(config).toMatch(/^\s+bind :6443$/m);
    expect(config).toMatch(/^\s+http-check send meth GET uri \/readyz$/m);
    expect(config.match(/^\s+server .*$/gm)).toEqual([
      "    server k8s-master-1 10.1.1.11:6443 check",
      "    server k8s-master-2 10.1.1.12:6443 check",
      "    server k8s-master-3 10.1.1.13:6443 check",
    ]);
  });
});

describe("the API load balancer's keepalived.conf", () => {
  const dir = tempDir("keepalived");
  beforeAll(() => requireTool("keepalived", "keepalived"));

  it("is rendered for each of two LB VMs and keepalived -t accepts it", () => {
    const topology = planTiny(kubeadmBehindHaproxy(2));
    for (const vm of ["tiny-lb-1", "tiny-lb-2"]) {
      const vars = inventoryData(topology).all.children!.api_lb.hosts![vm] as { haproxy_keepalived_config: string };
      expect(vars.haproxy_keepalived_config).toBe(renderKeepalivedConfigFor(topology, vm));
      validateLikeTheRole("{{ haproxy_keepalived_config }}", vars.haproxy_keepalived_config, dir, `${vm}.conf`);
    }
  });

  it("holds the apiVip on the first LB VM, backed up by the second, and drops it when haproxy stops", () => {
    const cluster = apiLoadBalancedClusters(planTiny(kubeadmBehindHaproxy(2)))[0];
    const first = renderKeepalivedConfig(cluster, "tiny-lb-1");
    const second = renderKeepalivedConfig(cluster, "tiny-lb-2");

    expect(first).toMatch(/state MASTER\n\s+interface eth0\n\s+virtual_router_id 51\n\s+priority 150/);
    expect(second).toMatch(/state BACKUP\n\s+interface eth0\n\s+virtual_router_id 51\n\s+priority 140/);
    expect(first).toMatch(/unicast_peer \{\n\s+10\.0\.0\.62\n/);
    expect(first).toMatch(/virtual_ipaddress \{\n\s+10\.0\.0\.5\/24 dev eth0\n/);
    expect(first).toMatch(/track_script \{\n\s+check_haproxy\n/);
    expect(cluster.apiVip).toBe("10.0.0.5");
  });

  it("is refused for a cluster with one LB VM, which has no VIP", () => {
    const cluster = apiLoadBalancedClusters(planTiny(kubeadmBehindHaproxy(1)))[0];

    expect(cluster.apiVip).toBe("10.0.0.61");
    expect(() => renderKeepalivedConfig(cluster, "tiny-lb-1")).toThrow(/has one API load-balancer VM \(tiny-lb-1\).*no VIP for keepalived/);
  });
});
