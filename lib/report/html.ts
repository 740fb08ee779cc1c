import { formatIssue } from "../config/errors";
import { formatMemory, formatRatio } from "../diagram/format";
import { inlineSvg } from "../diagram/svg";
import type { Topology } from "../topology/types";
import { bgpSessions, capacity, clusterSpread, platformComponents, type ChartPins } from "./facts";
import { ipPlan, type IpHolderKind } from "./ip-plan";

/*
 * The lab report: one self-contained HTML page (inline SVG and CSS, no script, no external font or
 * stylesheet) with the diagram, the IP plan per network, capacity per Proxmox node, the clusters,
 * the platform components with their chart versions, and the BGP sessions. Readable from a 390 px
 * phone to a desktop: tables and the diagram scroll inside their own box, never the page. Every
 * piece of text from the environment is escaped. Deterministic: no timestamps.
 */

/** What the report is drawn from. */
export interface ReportInput {
  readonly topology: Topology;
  /** The diagram as an SVG document (homelab diagram's output). */
  readonly svg: string;
  /** Chart pins by component key (constructs/platform/charts.ts CHARTS). */
  readonly charts: ChartPins;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const e = escapeHtml;

const KIND_LABELS: Record<IpHolderKind, string> = {
  network: "network",
  broadcast: "broadcast",
  gateway: "gateway",
  dns: "DNS",
  vm: "VM",
  host: "bare metal",
  "api-vip": "API VIP",
  "lb-pool": "LB pool",
  reserved: "reserved",
  "netbox-range": "NetBox range",
  free: "free",
};

const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.5 "DejaVu Sans",Verdana,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d232b;background:#f5f6f8}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 14px}
header{padding-top:18px}
h1{font-size:1.6rem;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid #d5dbe3}
h3{font-size:1.05rem;margin:18px 0 6px;overflow-wrap:anywhere}
p,li,dd{overflow-wrap:anywhere}
.lead{color:#4a5563;margin:0 0 12px}
nav{display:flex;flex-wrap:wrap;gap:6px 14px;margin:8px 0 4px;font-size:.9rem}
nav a{color:#1f5fa8}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px;margin:12px 0}
.card{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:8px 10px}
.card b{display:block;font-size:1.3rem}
.card span{color:#5b6573;font-size:.85rem}
.warnings{background:#fff8e1;border:1px solid #f0d48a;border-radius:8px;padding:8px 12px 8px 28px;margin:10px 0}
.figure{background:#fff;border:1px solid #dde2e8;border-radius:8px;overflow:auto;max-height:85vh;-webkit-overflow-scrolling:touch}
.figure svg{display:block;max-width:100%;height:auto;margin:0 auto}
#actual-size{margin:0 6px 0 0}
#actual-size:checked~.figure svg{max-width:none}
.hint{font-size:.85rem;color:#5b6573;margin:4px 0 0}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:8px 0 0;font-size:.82rem;color:#3e4855}
.swatch{display:inline-block;width:14px;height:10px;border:2px solid;border-radius:3px;margin-right:5px;vertical-align:-1px}
.swatch.line{border:0;border-top:2px solid #c0392b;border-radius:0;height:0;vertical-align:3px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;border:1px solid #dde2e8;border-radius:8px;margin:6px 0 12px}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{text-align:left;padding:5px 9px;border-bottom:1px solid #edf0f3;vertical-align:top;white-space:nowrap}
td.wrap{white-space:normal;min-width:18rem}
th{background:#f0f3f7;font-weight:600;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.free td{color:#2d7a3a;background:#f3fbf4}
.chip{display:inline-block;border-radius:9px;padding:0 7px;font-size:.78rem;background:#e9edf2;color:#333}
.k-vm{background:#dbe7ff}.k-host{background:#e4f0d9}.k-api-vip{background:#efe6fb}.k-lb-pool{background:#dff5f1}.k-reserved{background:#fde8d8}
.k-gateway{background:#fff0c2}.k-free{background:#d8f2dc}.k-netbox-range{background:#e5e0f5}
.meta{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.88rem;color:#3e4855;margin:0 0 6px}
.bar{position:relative;height:10px;min-width:90px;background:#e6e9ee;border-radius:5px;overflow:hidden;margin:3px 0}
.bar span{position:absolute;left:0;top:0;bottom:0;background:#3c7dd9;border-radius:5px}
.bar.over span{background:#d9534f}
.bar.free span{background:#4caf50}
.ok{color:#2d7a3a}.bad{color:#b0322a}
footer{color:#6b7583;font-size:.8rem;padding:24px 14px}
@media (min-width:720px){body{font-size:16px}h1{font-size:2rem}}
`;

function table(head: readonly (string | { text: string; num?: boolean })[], rows: readonly string[]): string {
  const ths = head.map((cell) => (typeof cell === "string" ? `<th scope="col">${e(cell)}</th>` : `<th scope="col"${cell.num ? ' class="num"' : ""}>${e(cell.text)}</th>`)).join("");
  return `<div class="scroll"><table><thead><tr>${ths}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function bar(fraction: number, extra = ""): string {
  const width = Math.max(0, Math.min(1, fraction)) * 100;
  return `<div class="bar${fraction > 1 ? " over" : ""}${extra}" role="img" aria-label="${e(`${Math.round(fraction * 100)}%`)}"><span style="width:${width.toFixed(1)}%"></span></div>`;
}

function summary(topology: Topology): string {
  const vcpus = topology.vms.reduce((sum, vm) => sum + vm.cores, 0);
  const memory = topology.vms.reduce((sum, vm) => sum + vm.memoryMiB, 0);
  const nodes = topology.sites.reduce((sum, site) => sum + site.proxmox.nodes.length, 0);
  const cards: [string | number, string][] = [
    [topology.sites.length, topology.sites.length === 1 ? "site" : "sites"],
    [nodes, nodes === 1 ? "Proxmox node" : "Proxmox nodes"],
    [topology.vms.length, topology.vms.length === 1 ? "VM" : "VMs"],
    [topology.networks.length, topology.networks.length === 1 ? "network" : "networks"],
    [topology.clusters.length, topology.clusters.length === 1 ? "cluster" : "clusters"],
    [vcpus, "vCPUs allocated"],
    [formatMemory(memory), "memory allocated"],
    [topology.bgp.routers.length, topology.bgp.routers.length === 1 ? "BGP router" : "BGP routers"],
  ];
  return `<div class="cards">${cards.map(([value, what]) => `<div class="card"><b>${e(value)}</b><span>${e(what)}</span></div>`).join("")}</div>`;
}

function ipPlanSection(topology: Topology): string {
  const parts: string[] = [];
  for (const plan of ipPlan(topology)) {
    const n = plan.network;
    const meta = [
      `site ${n.site}`,
      `bridge ${n.bridge}`,
      n.vlan !== undefined ? `VLAN ${n.vlan}` : "untagged",
      `gateway ${n.gateway}`,
      `DNS ${n.dns.join(", ")}`,
      n.domain ? `domain ${n.domain}` : undefined,
      n.addressing === "netbox" ? "addresses from NetBox" : "static addresses",
    ].filter((item): item is string => item !== undefined);
    const rows = plan.rows.map((row) => {
      const range = row.start === row.end ? row.start : `${row.start} – ${row.end}`;
      return `<tr${row.kind === "free" ? ' class="free"' : ""}><td>${e(range)}</td><td class="num">${e(row.count)}</td><td><span class="chip k-${row.kind}">${e(KIND_LABELS[row.kind])}</span></td><td>${e(row.holder)}</td><td class="wrap">${e(row.detail ?? "")}</td></tr>`;
    });
    parts.push(
      `<h3 id="net-${e(n.name)}">${e(n.name)} <small>${e(n.cidr ?? "")}${n.ipv6 ? ` · ${e(n.ipv6.prefix)}` : ""}</small></h3>`,
      n.description ? `<p class="lead">${e(n.description)}</p>` : "",
      `<div class="meta">${meta.map((item) => `<span>${e(item)}</span>`).join("")}</div>`,
      `<div class="meta"><span>${e(plan.held)} of ${e(plan.size)} addresses held, ${e(plan.free)} free</span></div>`,
      bar(plan.held / plan.size),
      table(["Addresses", { text: "Count", num: true }, "Kind", "Held by", "Detail"], rows),
    );
    if (plan.netboxVms.length) parts.push(`<p>NetBox allocates the addresses of ${e(plan.netboxVms.length)} VM(s) at apply: ${e(plan.netboxVms.join(", "))}.</p>`);
    if (plan.ipv6.length) {
      parts.push(table(["IPv6 address", "Held by"], plan.ipv6.map((row) => `<tr><td>${e(row.address)}</td><td>${e(row.holder)}</td></tr>`)));
    }
  }
  return parts.join("\n");
}

function capacitySection(topology: Topology): string {
  const rows = capacity(topology).map((node) => {
    const cpu = `${node.vcpus} / ${node.cores} · ${formatRatio(node.cpuRatio)}`;
    const mem = `${formatMemory(node.allocatedMiB)} / ${formatMemory(node.memoryMiB)} · ${formatRatio(node.memoryRatio)}`;
    return (
      `<tr><td>${e(node.node)}</td><td>${e(node.site)}</td><td class="num">${e(node.vms)}</td>` +
      `<td>${e(cpu)}${bar(node.cpuRatio)}</td><td>${e(mem)}${bar(node.memoryRatio)}</td><td class="num">${e(node.diskGiB)} GiB</td></tr>`
    );
  });
  return (
    `<p class="hint">Allocated against what each node offers; the ratio is the overcommit (above 1.00× a bar turns red).</p>` +
    table(["Proxmox node", "Site", { text: "VMs", num: true }, "vCPU allocated / cores", "Memory allocated / offered", { text: "Disk", num: true }], rows)
  );
}

function clustersSection(topology: Topology): string {
  if (topology.clusters.length === 0) return "<p>No Kubernetes cluster.</p>";
  return clusterSpread(topology)
    .map((spread) => {
      const c = spread.cluster;
      const meta = [
        `${c.distribution} ${c.version}`,
        `site ${c.site}`,
        `network ${c.network}`,
        `API ${c.apiVip}:${c.apiPort}`,
        `LB pool ${c.loadBalancerPool.start} – ${c.loadBalancerPool.end} (${c.loadBalancerPool.size})`,
        `kubeconfig ${c.kubeconfigPath}`,
      ];
      const rows = spread.nodes.map(
        (node) =>
          `<tr><td>${e(node.node)}</td><td class="num">${e(node.servers.length)}</td><td class="num">${e(node.agents.length)}</td><td class="wrap">${e([...node.servers, ...node.agents].join(", "))}</td></tr>`,
      );
      const servers = c.servers.length;
      const quorum =
        servers === 1
          ? `<p class="bad">One server: no quorum to lose, and no high availability.</p>`
          : `<p class="${spread.survivesNodeLoss ? "ok" : "bad"}">${e(servers)} servers, quorum ${e(spread.quorum)}; at most ${e(spread.maxServersPerNode)} on one Proxmox node: ${
              spread.survivesNodeLoss ? "losing any one node keeps quorum" : "losing the busiest node loses quorum"
            }${servers % 2 === 0 ? " (an even count adds no tolerance over one fewer)" : ""}.</p>`;
      return (
        `<h3 id="cluster-${e(c.name)}">${e(c.name)}</h3><div class="meta">${meta.map((item) => `<span>${e(item)}</span>`).join("")}</div>` +
        quorum +
        table(["Proxmox node", { text: "Servers", num: true }, { text: "Agents", num: true }, "VMs"], rows)
      );
    })
    .join("\n");
}

function platformSection(topology: Topology, charts: ChartPins): string {
  if (topology.clusterPlatforms.length === 0) return "<p>No platform: the environment has no cluster.</p>";
  return topology.clusterPlatforms
    .map(({ cluster, platform }) => {
      const distribution = topology.clusters.find((each) => each.name === cluster)?.distribution;
      const rows = platformComponents(platform, charts, distribution).map(
        (component) =>
          `<tr><td>${e(component.role)}</td><td>${e(component.name)}</td><td>${e(component.chart?.chart ?? "—")}</td><td>${e(component.chart?.version ?? "—")}</td><td class="wrap">${e(component.detail)}</td></tr>`,
      );
      const disabled = platform.k3sDisable.length ? `<p class="hint">k3s components turned off: ${e(platform.k3sDisable.join(", "))}.</p>` : "";
      return `<h3>${e(cluster)}</h3>${table(["Role", "Component", "Chart", "Version", "Configuration"], rows)}${disabled}`;
    })
    .join("\n");
}

function bgpSection(topology: Topology): string {
  if (topology.bgp.routers.length === 0) return "<p>No BGP routers.</p>";
  const routers = topology.bgp.routers.map(
    (router) =>
      `<tr><td>${e(router.name)}</td><td>AS${e(router.asn)}</td><td>${e(router.routerId)}</td><td>${e(`${router.address}:${router.listenPort}`)}</td><td>${e(router.vm)}</td><td>${e(router.site)}</td><td class="wrap">${e(router.accepted.map((a) => `${a.cluster}: ${a.prefixes.join(", ")}`).join("; "))}</td></tr>`,
  );
  const sessions = bgpSessions(topology).map(
    (s) => `<tr><td>${e(s.router)}</td><td>${e(s.peer)}</td><td>AS${e(s.peerAsn)}</td><td>${e(s.type)}</td><td>${e(s.kind)}</td><td>${e(s.families)}</td><td class="wrap">${e(s.description)}</td></tr>`,
  );
  const sides = topology.bgp.clusters.map(
    (side) => `<li>${e(side.cluster)}: ${e(side.mode === "metallb" ? "MetalLB" : "Cilium")} AS${e(side.asn)} → ${e(side.router)} AS${e(side.routerAsn)} at ${e(side.routerAddress)}:${e(side.routerPort)}, ${e(side.nodes.length)} node(s) announce ${e(side.announce.join(", "))}</li>`,
  );
  return (
    table(["Router", "AS", "Router ID", "Listens on", "VM", "Site", "Accepts"], routers) +
    (sides.length ? `<ul>${sides.join("")}</ul>` : "") +
    `<h3>Sessions</h3>` +
    table(["Router", "Peer", "Peer AS", "Type", "Kind", "Families", "Description"], sessions)
  );
}

/** What the drawing's colours and lines mean (docs/diagrams.md has the long form). */
const LEGEND = `<ul class="legend">${[
  ["#dbe7ff", "#8a94a3", "server"],
  ["#e6f4e6", "#8a94a3", "agent"],
  ["#fff5d9", "#8a94a3", "other VM"],
  ["#ffe3e0", "#8a94a3", "BGP router"],
  ["#e3effa", "#1f6fb2", "network lane (VM borders take its colour)"],
  ["#efe6fb", "#6a3fb0", "API VIP → servers"],
  ["#dff5f1", "#138d75", "LoadBalancer pool"],
]
  .map(([fill, line, what]) => `<li><span class="swatch" style="background:${fill};border-color:${line}"></span>${escapeHtml(what)}</li>`)
  .join("")}<li><span class="swatch line"></span>BGP session</li></ul>`;

/** The SVG element with an accessible name, for inlining. */
function labelledSvg(svg: string, name: string): string {
  return inlineSvg(svg).replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(name)}" `);
}

/** Renders the report page. Pure: same input, same bytes. */
export function renderReport(input: ReportInput): string {
  const { topology } = input;
  const title = `${topology.environment} — lab report`;
  const sections: [string, string, string][] = [
    ["diagram", "Diagram", `<input type="checkbox" id="actual-size"><label for="actual-size">actual size</label> <span class="hint">(fitted to the page otherwise; zoom in, or tick this and scroll the drawing)</span><div class="figure">${labelledSvg(input.svg, `Diagram of ${topology.environment}`)}</div>${LEGEND}`],
    ["ip-plan", "IP plan", ipPlanSection(topology)],
    ["capacity", "Capacity", capacitySection(topology)],
    ["clusters", "Clusters", clustersSection(topology)],
    ["platform", "Platform", platformSection(topology, input.charts)],
    ["bgp", "BGP", bgpSection(topology)],
  ];
  const warnings = topology.warnings.length ? `<ul class="warnings">${topology.warnings.map((w) => `<li>${e(formatIssue(w))}</li>`).join("")}</ul>` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(topology.environment)}</h1>
${topology.description ? `<p class="lead">${e(topology.description)}</p>` : ""}
<nav>${sections.map(([id, heading]) => `<a href="#${id}">${e(heading)}</a>`).join("")}</nav>
${summary(topology)}
${warnings}
</header>
<main>
${sections.map(([id, heading, body]) => `<section id="${id}">\n<h2>${e(heading)}</h2>\n${body}\n</section>`).join("\n")}
</main>
<footer>Drawn by <code>homelab report</code> from the resolved Topology of ${e(topology.environment)}.</footer>
</body>
</html>
`;
}
