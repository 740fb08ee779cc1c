/**
 * The structure a person sees: the comment rendered to HTML (marked, GitHub-flavoured) has its
 * summary table, collapsible module groups, collapsible diffs in diff fences, and the capacity
 * table, all closed where they should be.
 */
import * as fs from "fs";
import * as path from "path";
import { lookupEnvironment } from "../../lib/cli/plan-comment";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import { parsePlan } from "../../lib/plan-review/plan";
import { productionAddsAgent } from "./helpers/crafted-plans";
import { markdownToHtml } from "./helpers/html";

const fixtures = path.join(__dirname, "..", "fixtures", "terraform-plans");

function count(html: string, pattern: RegExp): number {
  return (html.match(pattern) ?? []).length;
}

describe("the production comment that adds an agent, as HTML", () => {
  const markdown = renderPlanComment([{ name: "production-infra", plan: productionAddsAgent(), capacity: lookupEnvironment("production") }]).parts.join("\n");
  const html = markdownToHtml(markdown);

  it("has the summary table and the capacity table as tables", () => {
    expect(count(html, /<table>/g)).toBe(2);
    expect(html).toMatch(/<th[^>]*>resource type<\/th>/);
    expect(html).toMatch(/<th[^>]*>Proxmox node<\/th>/);
    expect(html).toMatch(/<td[^>]*><code>pve3<\/code><\/td>\s*<td[^>]*>1 → 2<\/td>/);
  });

  it("puts each diff in a details element with a summary and a diff code block", () => {
    expect(count(html, /<details>/g)).toBe(count(html, /<\/details>/g));
    expect(count(html, /<summary>/g)).toBe(count(html, /<details>/g));
    expect(count(html, /<pre><code class="language-diff">/g)).toBe(2);
    expect(html).toMatch(/<summary>5 attributes changed<\/summary>\s*<pre><code class="language-diff">/);
  });

  it("keeps the cloud-init line diff inside its code block", () => {
    const block = /<pre><code class="language-diff">([\s\S]*?)<\/code><\/pre>/.exec(html)?.[1] ?? "";
    expect(block).toContain("! source_raw[0].data: &lt;&lt;EOT   # forces replacement");
    expect(block).toContain("+     - jq");
    expect(block).toContain("  EOT");
  });

  it("shows the warnings and cautions as blockquotes", () => {
    expect(html).toMatch(/<blockquote>\s*<p>\[!WARNING\]/);
  });
});

describe("a plan with resources in several modules, as HTML", () => {
  const plan = parsePlan(fs.readFileSync(path.join(fixtures, "tfjson-sensitive-values-modules.json"), "utf8"), "modules");
  const markdown = renderPlanComment([{ name: "s", plan }]).parts.join("\n");
  const html = markdownToHtml(markdown);

  it("gives each module its own collapsible group, the root module first", () => {
    const groups = [...html.matchAll(/<summary>(root module|<code>module[^<]*<\/code>) · (\d+) changes?<\/summary>/g)].map((m) => m[1]);
    expect(groups).toEqual(["root module", "<code>module.foo</code>"]);
  });

  it("nests each resource's diff inside its module's group", () => {
    const group = /<summary><code>module\.foo<\/code>[\s\S]*?<\/details>\s*<\/details>/.exec(html)?.[0] ?? "";
    expect(group).toContain("module.foo.null_resource.aliased");
    expect(group).toMatch(/<details><summary>\d+ attributes?<\/summary>/);
  });
});
