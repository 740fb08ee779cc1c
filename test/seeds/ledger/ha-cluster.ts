import type { SeedLedger } from "./types";

/** HA cluster: kubeadm behind HAProxy, with Raspberry Pi workers. */
export const haCluster: SeedLedger = {
  seed: "ha-cluster",
  file: "003_c17135fb2fc28b85.txt",
  title: "HA cluster: kubeadm behind HAProxy, with Raspberry Pi workers",
  environments: [],
  note: "No environment yet: issue #12 ships ha-cluster.",
  facts: [],
};
