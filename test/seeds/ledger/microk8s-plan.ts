import type { SeedLedger } from "./types";

/** MicroK8s integration plan: dev, staging, production. */
export const microk8sPlan: SeedLedger = {
  seed: "microk8s-plan",
  file: "002_f7518abad60d5624.txt",
  title: "MicroK8s integration plan: dev, staging, production",
  environments: ["dev", "staging", "production"],
  facts: [],
};
