import { z } from "zod";

/*
 * Where an environment keeps its Terraform state. Only where and how to lock: never a credential.
 * Each backend reads its credentials from the environment variables Terraform documents for it
 * (PG_CONN_STR, AWS_*, TF_HTTP_*), so the model, the synthesized JSON and the logs stay clean.
 * Strict objects: a pasted `conn_str`, `access_key` or `password` is an unknown field, rejected.
 */

/** State beside the project (`terraform.<stack>.tfstate`), as every stack had before backends existed. */
export const localStateSchema = z.strictObject({
  /** State files beside the project, one per stack; no locking across machines. */
  backend: z.literal("local"),
});

/** Terraform's pg backend: one Postgres schema per stack, `<schemaPrefix><stack>` with `-` as `_`. */
export const pgStateSchema = z.strictObject({
  /** Postgres, locked with advisory locks; the connection string comes from PG_CONN_STR. */
  backend: z.literal("pg"),
  /** Prefix of each stack's schema name (dev-infra → homelab_dev_infra). @default "homelab_" */
  schemaPrefix: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, { message: "must be a lowercase SQL identifier prefix such as homelab_" })
    .default("homelab_"),
});

/** Terraform's s3 backend, for AWS or an S3-compatible store (MinIO, Ceph RGW, Garage). */
export const s3StateSchema = z.strictObject({
  /** An S3 bucket (AWS, MinIO, Ceph RGW, Garage); keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
  backend: z.literal("s3"),
  /** The bucket holding every stack's state. @example "homelab-tfstate" */
  bucket: z.string().min(1, { message: "needs a bucket name" }),
  /** Prefix of each stack's key: `<keyPrefix><stack>/terraform.tfstate`. @default "homelab/" */
  keyPrefix: z.string().default("homelab/"),
  /** Region (any value an S3-compatible store accepts, e.g. "garage" or "us-east-1"). @example "us-east-1" */
  region: z.string().min(1, { message: "needs a region, e.g. us-east-1 (S3-compatible stores accept any)" }),
  /** Endpoint of an S3-compatible store. @default AWS @example "https://minio.lab.example:9000" */
  endpoint: z.url({ message: "is not a URL; write it like https://minio.lab.example:9000" }).optional(),
  /** Path-style bucket addressing, which MinIO, Ceph and Garage need. @default false */
  usePathStyle: z.boolean().default(false),
  /** Lock with a lock file beside the state (`use_lockfile`, Terraform 1.10+). @default true */
  useLockfile: z.boolean().default(true),
});

/** Terraform's http backend as GitLab-managed state speaks it: one state URL per stack, lock and unlock on `<url>/lock`. */
export const httpStateSchema = z.strictObject({
  /** An HTTP state endpoint such as GitLab-managed state; credentials come from TF_HTTP_USERNAME and TF_HTTP_PASSWORD. */
  backend: z.literal("http"),
  /** The state base URL; each stack is `<address>/<stack>`. @example "https://gitlab.example.com/api/v4/projects/42/terraform/state" */
  address: z.url({ message: "is not a URL; write it like https://gitlab.example.com/api/v4/projects/42/terraform/state" }),
  /** HTTP method that takes the lock. @default "POST" (GitLab) */
  lockMethod: z.string().default("POST"),
  /** HTTP method that releases it. @default "DELETE" (GitLab) */
  unlockMethod: z.string().default("DELETE"),
});

/** The backends `state.backend` may name. */
export const STATE_BACKENDS = ["local", "pg", "s3", "http"] as const;
/** One of {@link STATE_BACKENDS}. */
export type StateBackendName = (typeof STATE_BACKENDS)[number];

/** An environment's `state`: which backend and its (credential-free) settings. @default { backend: "local" } */
export const stateSchema = z.discriminatedUnion("backend", [localStateSchema, pgStateSchema, s3StateSchema, httpStateSchema], {
  error: (issue) =>
    issue.code === "invalid_union" ? `names no state backend; use one of ${STATE_BACKENDS.join(", ")}` : undefined,
});

/** A validated `state` block with every default filled in. */
export type StateSettings = z.output<typeof stateSchema>;
/** A `state` block as written. */
export type StateInput = z.input<typeof stateSchema>;
