import * as fs from "fs";
import { PNG } from "pngjs";
import puppeteer, { type Browser } from "puppeteer-core";

/*
 * Opening a page as a person would: headless Chromium (Debian package `chromium`, driven over the
 * DevTools protocol by puppeteer-core, which downloads no browser). Missing Chromium is a failure
 * with the fix in the message, never a skip: .ci/run installs it.
 */

/** Chromium's binary: CHROMIUM_PATH, else Debian's. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Starts headless Chromium, or fails saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`chromium is not installed at ${CHROMIUM}; run \`apt-get install -y chromium fonts-dejavu-core\` (.ci/run does this) or set CHROMIUM_PATH`);
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container has no user namespace for Chromium's sandbox; the pages are our own files.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars"],
  });
}

/** What a page looked like: problems the browser reported, layout facts and a screenshot. */
export interface PageVisit {
  /** Console errors, uncaught exceptions and requests that left the page's own file. */
  readonly problems: readonly string[];
  readonly scrollWidth: number;
  readonly clientWidth: number;
  /** The inline SVG's text content. */
  readonly svgText: string;
  readonly screenshot: Buffer;
}

/** Opens a local HTML file at the given viewport width and takes a full-page screenshot. */
export async function visit(browser: Browser, file: string, width: number, height = 900): Promise<PageVisit> {
  const page = await browser.newPage();
  const problems: string[] = [];
  try {
    await page.setViewport({ width, height, deviceScaleFactor: 1 });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      // The page must need nothing but itself: anything else is a problem, and is not fetched.
      if (request.url() === `file://${file}`) void request.continue();
      else {
        problems.push(`request to ${request.url()}`);
        void request.abort();
      }
    });
    await page.goto(`file://${file}`, { waitUntil: "load" });
    // A string, so this Node-only project needs no DOM typings; it runs in the page.
    const facts = (await page.evaluate(`({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      svgText: document.querySelector("svg")?.textContent ?? "",
    })`)) as { scrollWidth: number; clientWidth: number; svgText: string };
    const screenshot = Buffer.from(await page.screenshot({ fullPage: true, type: "png" }));
    return { problems, ...facts, screenshot };
  } finally {
    await page.close();
  }
}

/** How much is drawn in a PNG: distinct colours and the share of pixels that are not (near) white. */
export function inkOf(png: Buffer): { width: number; height: number; colours: number; inked: number } {
  const image = PNG.sync.read(png);
  const colours = new Set<number>();
  let inked = 0;
  const { data } = image;
  for (let offset = 0; offset < data.length; offset += 4) {
    const [r, g, b] = [data[offset], data[offset + 1], data[offset + 2]];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 240 || g < 240 || b < 240) inked++;
  }
  return { width: image.width, height: image.height, colours: colours.size, inked: inked / (image.width * image.height) };
}
