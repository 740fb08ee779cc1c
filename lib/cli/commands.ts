import type { Command } from "commander";
import { registerCheckTerraform } from "./check-terraform";
import { registerDiagram } from "./diagram";
import { registerDeploy } from "./deploy";
import { registerGitops } from "./gitops";
import { registerGobgpConfig } from "./gobgp-config";
import { registerImage } from "./image";
import { registerInit } from "./init";
import { registerHaproxyConfig } from "./haproxy-config";
import { registerInventory } from "./inventory";
import { registerPlanComment } from "./plan-comment";
import { registerReport } from "./report";
import { registerValidate } from "./validate";

/** A subcommand adds itself to the program. One module per subcommand under lib/cli/. */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand of `homelab`, in help order. */
export const commands: RegisterCommand[] = [registerInit, registerValidate, registerInventory, registerPlanComment, registerCheckTerraform, registerGobgpConfig, registerHaproxyConfig, registerDiagram, registerReport, registerDeploy, registerImage, registerGitops];
