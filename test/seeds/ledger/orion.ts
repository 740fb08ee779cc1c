import type { SeedLedger } from "./types";

/** ORION: Dell R730 with GoBGP, NetBox and K3s. */
export const orion: SeedLedger = {
  seed: "orion",
  file: "000_b0790d78c05c9cb2.txt",
  title: "ORION: Dell R730 with GoBGP, NetBox and K3s",
  environments: ["orion"],
  facts: [],
};
