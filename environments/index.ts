import type { EnvironmentInput } from "../lib/config/schema";
import { dev } from "./dev";
import { gitopsLab } from "./gitops-lab";
import { haCluster } from "./ha-cluster";
import { nuclearLighters } from "./nuclear-lighters";
import { orion } from "./orion";
import { production } from "./production";
import { staging } from "./staging";

/** Every shipped environment by name; `npm run synth` renders all of them. */
export const environments: Readonly<Record<string, EnvironmentInput>> = { dev, staging, production, orion, "nuclear-lighters": nuclearLighters, "gitops-lab": gitopsLab, "ha-cluster": haCluster };
