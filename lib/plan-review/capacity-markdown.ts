/** The capacity section of a stack's comment, rendered from a {@link CapacityReport}. */
import type { CapacityReport, NodeLoad } from "./capacity";

/** VMs listed by name before "and N more". */
const MAX_LANDINGS = 10;

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** MiB as GiB with at most one decimal: `24 GiB`, `7.5 GiB`. */
export function gib(mib: number): string {
  const value = Math.round((mib / 1024) * 10) / 10;
  return `${value} GiB`;
}

function ratio(value: number): string {
  return value === 1 ? "" : ` ×${value}`;
}

function change(before: number, after: number, show: (n: number) => string = String): string {
  return before === after ? show(after) : `${show(before)} → ${show(after)}`;
}

function memoryText(node: NodeLoad): string {
  const b = Math.round((node.before.memoryMiB / 1024) * 10) / 10;
  const a = Math.round((node.after.memoryMiB / 1024) * 10) / 10;
  return `${b === a ? a : `${b} → ${a}`} of ${gib(node.memoryMiB)}${ratio(node.ratios.memoryRatio)}`;
}

/**
 * Markdown for the capacity section: one table row per Proxmox node (VMs, vCPUs and memory
 * before → after, of the node's size and overcommit ratio), the VMs the plan places, the
 * control-plane spread, and a warning for each node above its ratio or holding most of a
 * cluster's servers.
 */
export function renderCapacity(report: CapacityReport, stack: string): string {
  const lines = [`#### Capacity of ${code(report.environment)} (Proxmox VMs of ${code(stack)}, before → after this plan)`, ""];
  lines.push("| Proxmox node | VMs | vCPUs | memory | |", "| --- | ---: | ---: | ---: | --- |");
  const warnings: string[] = [];
  for (const node of report.nodes) {
    const over = [node.cpuOver ? "vCPUs" : "", node.memoryOver ? "memory" : ""].filter(Boolean);
    const state = over.length > 0 ? `⚠️ above its ${over.join(" and ")} overcommit` : "✅";
    lines.push(
      `| ${code(node.node)} | ${change(node.before.vms, node.after.vms)} | ${change(node.before.vcpus, node.after.vcpus)} of ${node.cores}${ratio(node.ratios.cpuRatio)} | ${memoryText(node)} | ${state} |`,
    );
    if (node.cpuOver) {
      warnings.push(`> **${code(node.node)} goes above its CPU overcommit:** ${node.after.vcpus} vCPUs on ${node.cores} cores (ratio ${node.ratios.cpuRatio}). Place VMs on another node or raise \`overcommit.cpuRatio\`.`);
    }
    if (node.memoryOver) {
      warnings.push(
        `> **${code(node.node)} goes above its memory overcommit:** ${gib(node.after.memoryMiB)} of VM memory on ${gib(node.memoryMiB)} (ratio ${node.ratios.memoryRatio}). Place VMs on another node or raise \`overcommit.memoryRatio\`.`,
      );
    }
  }
  lines.push("");
  if (report.landings.length > 0) {
    lines.push("VMs this plan places:", "");
    for (const { vm, role, node } of report.landings.slice(0, MAX_LANDINGS)) {
      const what = `${code(vm.name)}${role ? ` (${role})` : ""}`;
      if (!node) {
        lines.push(`- ${what} lands on ${code(vm.node)}, which the environment does not list`);
        continue;
      }
      lines.push(
        `- ${what} lands on ${code(vm.node)}: memory ${gib(node.before.memoryMiB)} → ${gib(node.after.memoryMiB)} of ${gib(node.memoryMiB)}, vCPUs ${node.before.vcpus} → ${node.after.vcpus} of ${node.cores}`,
      );
    }
    if (report.landings.length > MAX_LANDINGS) lines.push(`- … and ${report.landings.length - MAX_LANDINGS} more (the table above has every node's totals)`);
    lines.push("");
  }
  if (report.spread.length > 0) {
    lines.push("Control plane after this plan:", "");
    for (const cluster of report.spread) {
      const where = cluster.nodes.map((n) => `${code(n.node)}: ${n.servers.join(", ")}`).join("; ");
      lines.push(`- cluster ${code(cluster.cluster)}, ${cluster.total} server${cluster.total === 1 ? "" : "s"}: ${where}`);
      if (cluster.majorityNode === undefined) continue;
      const held = cluster.nodes[0].servers.length;
      warnings.push(
        cluster.total === 1
          ? `> **The only server of ${code(cluster.cluster)} (of ${cluster.totalBefore} before this plan) is on ${code(cluster.majorityNode)}:** the control plane has no redundancy; losing that node or VM takes the cluster's API down.`
          : `> **${code(cluster.majorityNode)} holds ${held} of the ${cluster.total} servers of ${code(cluster.cluster)}:** losing that node loses etcd quorum. Spread the servers over the nodes.`,
      );
    }
    lines.push("");
  }
  if (report.unknownNodes.length > 0) warnings.push(`> **VMs on nodes the environment does not list:** ${report.unknownNodes.map(code).join(", ")}; their load is not counted.`);
  if (warnings.length > 0) {
    lines.push("> [!WARNING]");
    warnings.forEach((warning, i) => {
      if (i > 0) lines.push(">");
      lines.push(warning);
    });
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
