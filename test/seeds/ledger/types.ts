/*
 * The seed ledger: every concrete fact a seed (../shared/seeds/) states, as data. docs/seeds.md is
 * rendered from it (tools/seeds-doc.ts) and test/seeds/ledger.test.ts keeps the two in step and
 * checks that every in-scope fact has a test in test/seeds/ that names it.
 */

/** One concrete fact a seed states. */
export interface SeedFact {
  /** Stable id, unique within its seed, in kebab case: `router-lan-ipv4`. Tests name it. */
  readonly id: string;
  /** What the seed states, in a few words: "router VM is the LAN gateway". */
  readonly fact: string;
  /** The value as the seed writes it: "192.168.100.1". */
  readonly seedValue: string;
  /**
   * Where the project expresses it (environment field, construct, role, chart value), for a fact a
   * test asserts on what users get (synthesized JSON, inventory, rendered configs).
   */
  readonly where?: string;
  /** Why the project does not express it (physical firewalls, IPsec between sites, ...). */
  readonly outOfScope?: string;
  /** Expressible once the named work lands (an open issue); carries no test yet. */
  readonly pending?: string;
  /** Where the seed gets itself wrong: the value the project uses instead, and why. */
  readonly correction?: string;
}

/** Every fact of one seed. */
export interface SeedLedger {
  /** Short key the tests use: "orion", "multi-site", "microk8s-plan", "ha-cluster", "gitops-lab". */
  readonly seed: string;
  /** The seed's file name under ../shared/seeds/. */
  readonly file: string;
  readonly title: string;
  /** Shipped environments that express the seed (empty while none does). */
  readonly environments: readonly string[];
  /** A sentence shown under the seed's heading (e.g. why there is no environment yet). */
  readonly note?: string;
  readonly facts: readonly SeedFact[];
}

/** How a fact is held: asserted by a test, out of scope, or pending other work. */
export function factStatus(fact: SeedFact): "tested" | "out of scope" | "pending" {
  if (fact.outOfScope) return "out of scope";
  if (fact.pending) return "pending";
  return "tested";
}
