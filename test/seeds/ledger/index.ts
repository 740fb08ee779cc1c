import type { SeedLedger } from "./types";
import { gitopsLab } from "./gitops-lab";
import { haCluster } from "./ha-cluster";
import { microk8sPlan } from "./microk8s-plan";
import { multiSite } from "./multi-site";
import { orion } from "./orion";

/*
 * The ledgers, one module per seed, in the seeds' order. A seed without an environment yet still
 * lists its facts, marked pending with the issue that will express them.
 */
export const ledgers: readonly SeedLedger[] = [orion, multiSite, microk8sPlan, haCluster, gitopsLab];

export * from "./types";
