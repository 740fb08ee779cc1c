import * as fs from "fs";
import * as path from "path";
import { factStatus, ledgers } from "./ledger";
import { renderSeedsDoc, seedsDocPath } from "../../tools/seeds-doc";

/** Every `seedFact("seed", "id"` call in the test sources of test/seeds/. */
function declaredTests(): { seed: string; id: string; file: string }[] {
  const calls: { seed: string; id: string; file: string }[] = [];
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith(".test.ts") && name !== "ledger.test.ts")) {
    const source = fs.readFileSync(path.join(__dirname, file), "utf8");
    for (const match of source.matchAll(/seedFact\(\s*"([^"]+)"\s*,\s*"([^"]+)"/g)) calls.push({ seed: match[1], id: match[2], file });
  }
  return calls;
}

describe("the seed ledger", () => {
  test("names each seed file that exists under shared/seeds once", () => {
    const files = ledgers.map((ledger) => ledger.file);
    expect(new Set(files).size).toBe(files.length);
    const seedsDir = path.join(__dirname, "..", "..", "..", "shared", "seeds");
    // Outside the shared workspace (a plain clone) the seeds are absent: only uniqueness is checked.
    const present = fs.existsSync(seedsDir) ? fs.readdirSync(seedsDir) : files;
    for (const file of files) expect(present).toContain(file);
  });

  test("gives every fact a unique id, a seed value and exactly one of where, out of scope or pending", () => {
    for (const ledger of ledgers) {
      const ids = ledger.facts.map((fact) => fact.id);
      expect({ seed: ledger.seed, duplicates: ids.filter((id, index) => ids.indexOf(id) !== index) }).toEqual({ seed: ledger.seed, duplicates: [] });
      for (const fact of ledger.facts) {
        const held = [fact.where, fact.outOfScope, fact.pending].filter((value) => value !== undefined && value !== "");
        expect({ id: `${ledger.seed}/${fact.id}`, held: held.length, seedValue: fact.seedValue.length > 0 }).toEqual({ id: `${ledger.seed}/${fact.id}`, held: 1, seedValue: true });
      }
    }
  });

  test("has a test in test/seeds/ for every tested fact, and no test for a fact it does not list", () => {
    const declared = declaredTests();
    const tested = ledgers.flatMap((ledger) => ledger.facts.filter((fact) => factStatus(fact) === "tested").map((fact) => `${ledger.seed}/${fact.id}`));
    const declaredKeys = declared.map((call) => `${call.seed}/${call.id}`);
    expect(tested.filter((key) => !declaredKeys.includes(key))).toEqual([]);
    expect(declaredKeys.filter((key) => !tested.includes(key))).toEqual([]);
  });

  test("is what docs/seeds.md shows (regenerate with npm run seeds-doc)", () => {
    expect(fs.readFileSync(seedsDocPath(), "utf8")).toBe(renderSeedsDoc());
  });
});
