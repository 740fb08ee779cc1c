import type { Command } from "commander";
import { registerCheckTerraform } from "./check-terraform";
import { registerGobgpConfig } from "./gobgp-config";
import { registerHaproxyConfig } from "./haproxy-config";
import { registerInventory } from "./inventory";
import { registerPlanComment } from "./plan-comment";
import { registerValidate } from "./validate";

/** A subcommand adds itself to the program. One module per subcommand under lib/cli/. */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand of `homelab`, in help order. */
export const commands: RegisterCommand[] = [registerValidate, registerInventory, registerPlanComment, registerCheckTerraform, registerGobgpConfig, registerHaproxyConfig];
