/** docs/plan-review.md shows what the renderer really writes. */
import * as fs from "fs";
import * as path from "path";
import { lookupEnvironment } from "../../lib/cli/plan-comment";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import { productionAddsAgent } from "./helpers/crafted-plans";

const docs = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "plan-review.md"), "utf8");

describe("the example in docs/plan-review.md", () => {
  const example = /<!-- example:begin -->\n`````markdown\n([\s\S]*?)\n`````\n<!-- example:end -->/.exec(docs)?.[1];

  it("is the comment the renderer writes for the production plan that adds an agent", () => {
    const rendered = renderPlanComment([{ name: "production-infra", plan: productionAddsAgent(), capacity: lookupEnvironment("production") }]).parts.join("\n");
    expect(example).toBe(rendered.trimEnd());
  });

  it("shows a cloud-init line diff and the capacity section", () => {
    expect(example).toContain("! source_raw[0].data: <<EOT   # forces replacement");
    expect(example).toContain("+     - jq");
    expect(example).toContain("#### Capacity of `production`");
    expect(example).toContain("lands on `pve3`: memory 8 GiB → 24 GiB of 64 GiB");
  });
});
