import type { Acknowledgement } from "../../config/acknowledge";
import type { ConfigIssue } from "../../config/errors";

/**
 * Drops the warnings the environment acknowledges (by path) and returns the rest, plus a warning
 * for each acknowledgement that matched nothing: the risk went away or the path is misspelled.
 */
export function applyAcknowledgements(warnings: readonly ConfigIssue[], acknowledgements: readonly Acknowledgement[]): ConfigIssue[] {
  if (acknowledgements.length === 0) return [...warnings];
  const acknowledged = new Set(acknowledgements.map((entry) => entry.path));
  const kept = warnings.filter((warning) => !acknowledged.has(warning.path));
  const warned = new Set(warnings.map((warning) => warning.path));
  acknowledgements.forEach((entry, index) => {
    if (!warned.has(entry.path)) {
      kept.push({ path: `acknowledge[${index}].path`, value: entry.path, message: "matches no warning; remove the acknowledgement, or write the path exactly as the warning prints it" });
    }
  });
  return kept;
}
