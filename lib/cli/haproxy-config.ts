import type { Command } from "commander";
import { apiLoadBalancedClusters } from "../lb/clusters";
import { renderHaproxyConfig } from "../lb/haproxy";
import { renderKeepalivedConfigFor } from "../lb/keepalived";
import type { Topology } from "../topology/types";
import { resolveTarget } from "../../app/targets";

/** The haproxy.cfg of `host`, or of the only API load-balancer VM when no host is named. */
function haproxyConfigOf(topology: Topology, host: string | undefined): string {
  const clusters = apiLoadBalancedClusters(topology);
  const vms = clusters.flatMap((cluster) => cluster.apiLoadBalancer.vms.map((vm) => ({ cluster, vm: vm.name })));
  if (vms.length === 0) throw new Error(`environment ${topology.environment} has no API load balancer; set cluster.apiLoadBalancer to put HAProxy VMs in front of the API`);
  if (host === undefined) {
    // Every LB VM of a cluster runs the same haproxy.cfg, so one cluster needs no host name.
    if (clusters.length > 1) throw new Error(`environment ${topology.environment} has API load balancers for several clusters; name one of ${vms.map((each) => each.vm).join(", ")}`);
    return renderHaproxyConfig(clusters[0]);
  }
  const found = vms.find((each) => each.vm === host);
  if (!found) throw new Error(`${host} is not an API load-balancer VM of environment ${topology.environment}; use one of ${vms.map((each) => each.vm).join(", ")}`);
  return renderHaproxyConfig(found.cluster);
}

/** `homelab haproxy-config ENV [HOST]` and `homelab keepalived-config ENV HOST`: the API load balancer's configs, rendered from the environment. */
export function registerHaproxyConfig(program: Command): void {
  program
    .command("haproxy-config")
    .description("print an API load-balancer VM's haproxy.cfg (check it with `haproxy -c -f FILE`)")
    .argument("<env>", "environment name or path to a .json/.yaml environment file")
    .argument("[host]", "load-balancer VM (needed when several clusters have one)")
    .action((env: string, host: string | undefined) => {
      process.stdout.write(haproxyConfigOf(resolveTarget(env), host));
    });
  program
    .command("keepalived-config")
    .description("print an API load-balancer VM's keepalived.conf (check it with `keepalived -t -f FILE`)")
    .argument("<env>", "environment name or path to a .json/.yaml environment file")
    .argument("<host>", "load-balancer VM")
    .action((env: string, host: string) => {
      process.stdout.write(renderKeepalivedConfigFor(resolveTarget(env), host));
    });
}
