import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser } from "puppeteer-core";
import { reportOf } from "../../lib/cli/report";
import { everyTopology } from "../diagram/support";
import { inkOf, launchChromium, visit } from "./browser";

/*
 * The report as a person sees it, in headless Chromium: on a 390 px phone (every environment) and a
 * 1280 px desktop (the two largest), with no console errors or outside requests, no sideways
 * scrolling of the page, the diagram naming every VM and network, and a screenshot with something
 * on it. Screenshots stay in $TMPDIR/homelab-report-screenshots/ to look at.
 */

const SHOTS = path.join(os.tmpdir(), "homelab-report-screenshots");
const PHONE = 390;
const DESKTOP = 1280;
const topologies = everyTopology();

describe("the report in Chromium", () => {
  let browser: Browser;
  const pages = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-report-"));
  const fileOf = (label: string): string => path.join(pages, label.replace(/[^a-z0-9-]/gi, "_"), "index.html");

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const [label, topology] of topologies) {
      fs.mkdirSync(path.dirname(fileOf(label)), { recursive: true });
      fs.writeFileSync(fileOf(label), await reportOf(topology));
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(pages, { recursive: true, force: true });
  });

  it.each(topologies)(`of %s fits a ${PHONE} px phone without errors, the diagram naming every VM and network`, async (label, topology) => {
    const seen = await visit(browser, fileOf(label), PHONE);
    fs.writeFileSync(path.join(SHOTS, `${label}-${PHONE}.png`), seen.screenshot);
    expect(seen.problems).toEqual([]);
    expect(seen.scrollWidth).toBeLessThanOrEqual(PHONE);
    for (const vm of topology.vms) expect(seen.svgText).toContain(vm.name);
    for (const network of topology.networks) expect(seen.svgText).toContain(network.cidr ?? network.ipv6!.prefix);
    const ink = inkOf(seen.screenshot);
    expect(ink.width).toBe(PHONE);
    expect(ink.colours).toBeGreaterThan(50);
    expect(ink.inked).toBeGreaterThan(0.05);
  });

  it.each(topologies.filter(([label]) => label === "orion" || label === "nuclear-lighters"))(
    `of %s fills a ${DESKTOP} px desktop without sideways scrolling`,
    async (label) => {
      const seen = await visit(browser, fileOf(label), DESKTOP);
      fs.writeFileSync(path.join(SHOTS, `${label}-${DESKTOP}.png`), seen.screenshot);
      expect(seen.problems).toEqual([]);
      expect(seen.scrollWidth).toBeLessThanOrEqual(DESKTOP);
      expect(inkOf(seen.screenshot).colours).toBeGreaterThan(50);
    },
  );
});
