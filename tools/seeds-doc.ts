import * as fs from "fs";
import * as path from "path";
import { factStatus, ledgers, type SeedFact, type SeedLedger } from "../test/seeds/ledger";

/*
 * Renders docs/seeds.md from the ledger in test/seeds/ledger/.
 *
 *   node dist/tools/seeds-doc.js           rewrite docs/seeds.md
 *   node dist/tools/seeds-doc.js --check   exit 1 when docs/seeds.md differs from the ledger
 */

function cell(text: string | undefined): string {
  return (text ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function row(fact: SeedFact): string {
  const status = factStatus(fact);
  const where = status === "tested" ? fact.where : status === "pending" ? `pending: ${fact.pending}` : `out of scope: ${fact.outOfScope}`;
  return `| \`${fact.id}\` | ${cell(fact.fact)} | ${cell(fact.seedValue)} | ${cell(where)} | ${cell(fact.correction)} |`;
}

function section(ledger: SeedLedger): string {
  const counts = { tested: 0, "out of scope": 0, pending: 0 };
  for (const fact of ledger.facts) counts[factStatus(fact)]++;
  const lines = [
    `## ${ledger.title}`,
    "",
    `Seed \`${ledger.file}\`; ${ledger.environments.length > 0 ? `environments ${ledger.environments.map((name) => `\`${name}\``).join(", ")}` : "no environment yet"}. ` +
      `${ledger.facts.length} facts: ${counts.tested} tested, ${counts["out of scope"]} out of scope, ${counts.pending} pending.`,
    ...(ledger.note ? ["", ledger.note] : []),
    "",
    "| id | fact | seed says | where the project expresses it | correction |",
    "|---|---|---|---|---|",
    ...ledger.facts.map(row),
  ];
  return lines.join("\n");
}

/** The whole of docs/seeds.md. */
export function renderSeedsDoc(): string {
  const header = [
    "# Seed ledger",
    "",
    "<!-- Generated from test/seeds/ledger/ by tools/seeds-doc.ts; edit the ledger, then run `npm run seeds-doc`. -->",
    "",
    "Every concrete fact the seeds (`../shared/seeds/`) state, where the project expresses it, and the",
    "test that asserts it on what users get (synthesized stacks, inventories, rendered configs). A test",
    "is named `<seed> <id>: <fact>` and lives in `test/seeds/`; `test/seeds/ledger.test.ts` fails when a",
    "tested row has no test, a test names no row, or this file is stale. Where a seed contradicts",
    "itself or the facts, the correction column says what the project uses and why.",
  ];
  return [...header, ...ledgers.map((ledger) => `\n${section(ledger)}`)].join("\n") + "\n";
}

/** docs/seeds.md in the repository, from the source tree (tools/) or the build (dist/tools/). */
export function seedsDocPath(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return path.join(dir, "docs", "seeds.md");
}

if (require.main === module) {
  const target = seedsDocPath();
  const rendered = renderSeedsDoc();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (current !== rendered) {
      process.stderr.write(`${target} is stale; run \`npm run seeds-doc\`\n`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(target, rendered);
    process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
  }
}
