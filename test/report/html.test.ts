import { CHARTS } from "../../constructs/platform/charts";
import { drawTopology } from "../../lib/diagram";
import { resolveTarget as topologyOf } from "../../app/targets";
import { renderReport } from "../../lib/report";
import { withText } from "../diagram/support";

const SVG = '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="10pt" height="10pt" viewBox="0 0 10 10"><title>lab</title></svg>\n';

describe("the report page", () => {
  it("is self-contained: no script, no stylesheet, font, image or frame loaded from anywhere", async () => {
    const topology = topologyOf("orion");
    const html = renderReport({ topology, svg: await drawTopology(topology), charts: CHARTS });
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(|\ssrc=/i);
    expect(html).not.toMatch(/href="(?!#)/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it("inlines the diagram without its XML prolog", () => {
    const html = renderReport({ topology: topologyOf("dev"), svg: SVG, charts: CHARTS });
    expect(html).toContain('<div class="figure"><svg role="img" aria-label="Diagram of dev" width="10pt"');
    expect(html).not.toContain("<?xml");
    expect(html).not.toContain("<!DOCTYPE svg");
  });

  it("has the diagram, IP plan, capacity, clusters, platform and BGP sections", () => {
    const html = renderReport({ topology: topologyOf("orion"), svg: SVG, charts: CHARTS });
    for (const id of ["diagram", "ip-plan", "capacity", "clusters", "platform", "bgp"]) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain("<td>MetalLB</td><td>metallb</td><td>0.15.3</td>");
    expect(html).toContain("<td>192.168.100.64 – 192.168.100.199</td><td class=\"num\">136</td>");
    expect(html).toContain("26 / 56 · 0.46×");
  });

  it("escapes text from the environment", () => {
    const hostile = withText(topologyOf("dev"), `lab"><img src=x onerror=alert(1)>`, "<script>alert('x')</script> & co");
    const html = renderReport({ topology: hostile, svg: SVG, charts: CHARTS });
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co");
    expect(html).toContain("<title>lab&quot;&gt;&lt;img src=x onerror=alert(1)&gt; — lab report</title>");
  });

  it("is the same page every time for the same Topology", () => {
    const render = () => renderReport({ topology: topologyOf("nuclear-lighters"), svg: SVG, charts: CHARTS });
    expect(render()).toBe(render());
  });
});
