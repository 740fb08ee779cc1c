import type { SeedLedger } from "./types";

/** Nuclear Lighters: two sites, Cilium BGP, GitOps. */
export const multiSite: SeedLedger = {
  seed: "multi-site",
  file: "001_83d93bbbb727ebb3.txt",
  title: "Nuclear Lighters: two sites, Cilium BGP, GitOps",
  environments: ["nuclear-lighters"],
  facts: [],
};
