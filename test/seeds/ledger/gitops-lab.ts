import type { SeedLedger } from "./types";

/** Packer, Terraform, Ansible, K3s, Flux. */
export const gitopsLab: SeedLedger = {
  seed: "gitops-lab",
  file: "004_564863d27bf09fd4.txt",
  title: "Packer, Terraform, Ansible, K3s, Flux",
  environments: [],
  note: "No environment yet: issue #13 ships gitops-lab.",
  facts: [],
};
