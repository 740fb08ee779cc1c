import type { StateSettings } from "../config/state";

/*
 * One stack's Terraform backend block, worked out from the environment's `state` settings. Plain
 * data (the construct in constructs/state-backend.ts turns it into a cdktf backend), so the CLI,
 * the pipelines' docs and the tests read the same thing the stacks carry.
 */

/**
 * A backend block: its Terraform type and its (credential-free) arguments in cdktf's camelCase
 * (the backend classes write them snake_case). `useLockfile` (s3) has no cdktf property yet, so the
 * construct sets it by override.
 */
export type StackBackend =
  | { readonly type: "local"; readonly config: { readonly path: string } }
  | { readonly type: "pg"; readonly config: { readonly schemaName: string } }
  | {
      readonly type: "s3";
      readonly config: {
        readonly bucket: string;
        readonly key: string;
        readonly region: string;
        readonly endpoints?: { readonly s3: string };
        readonly usePathStyle?: boolean;
        readonly skipCredentialsValidation?: boolean;
        readonly skipRegionValidation?: boolean;
        readonly skipRequestingAccountId?: boolean;
        readonly skipMetadataApiCheck?: boolean;
      };
      readonly useLockfile: boolean;
    }
  | {
      readonly type: "http";
      readonly config: { readonly address: string; readonly lockAddress: string; readonly unlockAddress: string; readonly lockMethod: string; readonly unlockMethod: string };
    };

/** Local state beside the project, by a path relative to the stack's folder so the JSON is the same on every machine. */
export function localStatePath(stack: string): string {
  return `../../../terraform.${stack}.tfstate`;
}

/** The Postgres schema a stack's state lives in under the pg backend (`dev-infra` → `homelab_dev_infra`). */
export function pgSchemaName(prefix: string, stack: string): string {
  return `${prefix}${stack.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}`;
}

/** The backend block of `stack` under `state` (local state when `state` is absent). */
export function stackBackend(stack: string, state: StateSettings | undefined): StackBackend {
  switch (state?.backend ?? "local") {
    case "local":
      return { type: "local", config: { path: localStatePath(stack) } };
    case "pg": {
      const pg = state as Extract<StateSettings, { backend: "pg" }>;
      return { type: "pg", config: { schemaName: pgSchemaName(pg.schemaPrefix, stack) } };
    }
    case "s3": {
      const s3 = state as Extract<StateSettings, { backend: "s3" }>;
      return {
        type: "s3",
        config: {
          bucket: s3.bucket,
          key: `${s3.keyPrefix}${stack}/terraform.tfstate`,
          region: s3.region,
          ...(s3.endpoint ? { endpoints: { s3: s3.endpoint } } : {}),
          ...(s3.usePathStyle ? { usePathStyle: true } : {}),
          // An S3-compatible store has no AWS account, STS or instance metadata to ask; AWS itself needs none skipped.
          ...(s3.endpoint
            ? { skipCredentialsValidation: true, skipRegionValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: true }
            : {}),
        },
        useLockfile: s3.useLockfile,
      };
    }
    case "http": {
      const http = state as Extract<StateSettings, { backend: "http" }>;
      const address = `${http.address.replace(/\/+$/, "")}/${stack}`;
      return {
        type: "http",
        config: { address, lockAddress: `${address}/lock`, unlockAddress: `${address}/lock`, lockMethod: http.lockMethod, unlockMethod: http.unlockMethod },
      };
    }
  }
}
