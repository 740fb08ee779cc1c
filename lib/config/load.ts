import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { z } from "zod";
import { ConfigError, ConfigIssue, formatPath } from "./errors";
import { Environment, environmentSchema } from "./schema";

function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * The message for one issue. `value` is read from the input by path: zod 4 leaves `issue.input`
 * unset unless asked, so reading it made every wrong type look like a missing field.
 */
function messageFor(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return `is required (a ${issue.expected}); add it`;
      // z.number().int() reports a fraction as an invalid type "int".
      if (issue.expected === "int" && typeof value === "number") return "must be a whole number";
      return `must be a ${issue.expected}, not ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`;
    case "unrecognized_keys":
      return `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(", ")}; remove them or check the spelling`;
    case "invalid_union":
      return `${issue.message}; see the environment reference in README.md for the accepted forms`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      return issue.message;
  }
}

/** Validates the shape of an environment and fills in defaults; throws {@link ConfigError} naming every bad field. */
export function parseEnvironment(input: unknown, label?: string): Environment {
  const result = environmentSchema.safeParse(input);
  if (result.success) return result.data;
  const name =
    label ?? (typeof (input as { name?: unknown })?.name === "string" ? (input as { name: string }).name : "(unnamed)");
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const segments = issue.path as PropertyKey[];
    // For unknown keys the message names them; the whole enclosing object would only be noise.
    const found = valueAt(input, segments);
    const value = issue.code === "unrecognized_keys" ? undefined : found;
    if (typeof value === "string" && /PRIVATE KEY/.test(value)) {
      // Never echo key material into a terminal or CI log.
      return { path: formatPath(segments), message: "looks like a private key; never put private keys in an environment, paste the public key (.pub) instead" };
    }
    return { path: formatPath(segments), value, message: messageFor(issue, found) };
  });
  throw new ConfigError(name, issues);
}

/** Reads an environment from a .json, .yaml or .yml file (same shape as environments/*.ts). */
export function readEnvironmentFile(file: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  const extension = path.extname(file).toLowerCase();
  if (extension === ".json") return JSON.parse(text);
  if (extension === ".yaml" || extension === ".yml") return YAML.parse(text);
  throw new Error(`${file}: unsupported file type "${extension}"; use .json, .yaml or .yml`);
}
