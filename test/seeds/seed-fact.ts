import { ledgers } from "./ledger";

/**
 * Declares the test of one ledger row: `seedFact("orion", "router-lan-ipv4", () => { ... })`.
 * The test's name carries the seed, the id and the fact, so a failure reads as the seed's words.
 * test/seeds/ledger.test.ts finds these calls in the sources, so write the seed key and the id as
 * string literals.
 */
export function seedFact(seed: string, id: string, body: jest.ProvidesCallback): void {
  const ledger = ledgers.find((candidate) => candidate.seed === seed);
  const fact = ledger?.facts.find((candidate) => candidate.id === id);
  if (!ledger || !fact) throw new Error(`seedFact("${seed}", "${id}"): no such row in test/seeds/ledger; add the row first`);
  // The body is the caller's test and holds its assertions.
  // eslint-disable-next-line jest/expect-expect
  test(`${seed} ${id}: ${fact.fact} (${fact.seedValue})`, body);
}
