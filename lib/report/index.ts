/*
 * The lab report: Topology + diagram SVG + chart pins → one self-contained HTML page. Pure: the
 * CLI (lib/cli/report.ts) reads the chart pins and writes the file.
 */
export { renderReport, escapeHtml, type ReportInput } from "./html";
export { ipPlan, type IpPlanRow, type NetworkIpPlan, type IpHolderKind, type Ipv6Row } from "./ip-plan";
export { capacity, clusterSpread, platformComponents, bgpSessions, type ChartPin, type ChartPins, type NodeCapacity, type ClusterSpread, type PlatformComponent, type BgpSession } from "./facts";
