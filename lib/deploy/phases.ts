/*
 * The phases of `homelab deploy` and `homelab destroy`, in order, and the flags that pick among
 * them (`--from`, `--skip`). A bad pick is a usage error raised before anything runs.
 */

/** `homelab deploy`'s phases, in the order they run. */
export const DEPLOY_PHASES = ["preflight", "infra", "inventory", "ssh", "configure", "platform", "validate"] as const;
/** One of {@link DEPLOY_PHASES}. */
export type DeployPhase = (typeof DEPLOY_PHASES)[number];

/** `homelab destroy`'s phases: the reverse of what deploy builds (the platform goes before the VMs it runs on). */
export const DESTROY_PHASES = ["preflight", "platform", "infra"] as const;
/** One of {@link DESTROY_PHASES}. */
export type DestroyPhase = (typeof DESTROY_PHASES)[number];

/** What each phase does, for `--help` and the progress lines. */
export const PHASE_TITLES: Readonly<Record<DeployPhase, string>> = {
  preflight: "pre-flight checks",
  infra: "infrastructure (<env>-infra)",
  inventory: "inventory from the infra stack",
  ssh: "waiting for SSH on every host",
  configure: "configuration (ansible-playbook site.yml)",
  platform: "platform (<env>-platform)",
  validate: "validation (ansible-playbook validate.yml)",
};

/** Phases that may be skipped: pre-flight guards everything, and the infra stack is what the rest reads. */
const SKIPPABLE: ReadonlySet<string> = new Set(["preflight", "ssh", "configure", "platform", "validate"]);

/** A usage error of deploy/destroy (a bad flag, a missing confirmation): shown as is, nothing has run. */
export class DeployUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployUsageError";
  }
}

/**
 * The phases to run: from `from` (inclusive) to the end, without those in `skip`.
 *
 * @throws DeployUsageError when `from` or a `skip` names no phase, or a phase that cannot be skipped.
 */
export function selectPhases<P extends string>(all: readonly P[], from: string | undefined, skip: readonly string[] = [], skippable: ReadonlySet<string> = SKIPPABLE): P[] {
  const known = (name: string): name is P => (all as readonly string[]).includes(name);
  if (from !== undefined && !known(from)) throw new DeployUsageError(`--from = "${from}": names no phase; use one of ${all.join(", ")}`);
  for (const name of skip) {
    if (!known(name)) throw new DeployUsageError(`--skip = "${name}": names no phase; use one of ${all.join(", ")}`);
    if (!skippable.has(name)) throw new DeployUsageError(`--skip = "${name}": cannot be skipped (the later phases read what it makes); resume after it with --from instead`);
  }
  const start = from === undefined ? 0 : all.indexOf(from as P);
  return all.slice(start).filter((phase) => !skip.includes(phase));
}
