import { z } from "zod";

/**
 * A warning accepted on purpose, so it stops repeating on every run: the config path the warning
 * names (as printed, e.g. `clusters[1].servers.nodes`) and why the risk is accepted. Only warnings
 * at that path are silenced; a new risk elsewhere still warns, and an acknowledgement that matches
 * no warning is itself reported, so stale ones do not pile up.
 */
export const acknowledgementSchema = z.strictObject({
  /** The config path of the warning, exactly as the warning prints it. */
  path: z.string().min(1),
  /** Why the risk is accepted; shown in reviews of the environment, never empty. */
  reason: z.string().trim().min(1, { message: "is empty; say why the risk is accepted" }),
});

/** An acknowledged warning. */
export type Acknowledgement = z.output<typeof acknowledgementSchema>;
