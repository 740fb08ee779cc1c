import { HttpBackend, LocalBackend, PgBackend, PgBackendConfig, S3Backend, TerraformStack } from "cdktf";
import type { StateSettings } from "../lib/config/state";
import { stackBackend } from "../lib/state/backend";

/**
 * Gives a stack its one backend block from the environment's `state` settings (local when unset).
 * No credential is ever passed: pg reads PG_CONN_STR, s3 the AWS_* variables, http TF_HTTP_*.
 */
export function addStateBackend(stack: TerraformStack, state: StateSettings | undefined): void {
  const backend = stackBackend(stack.node.id, state);
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, backend.config);
      return;
    case "pg":
      // cdktf types conn_str as required, but Terraform reads PG_CONN_STR when it is absent, which
      // keeps the connection string (and its password) out of the synthesized JSON.
      new PgBackend(stack, backend.config as PgBackendConfig);
      return;
    case "s3":
      new S3Backend(stack, backend.config);
      // use_lockfile (Terraform 1.10+) is not a cdktf 0.21 S3Backend property yet.
      stack.addOverride("terraform.backend.s3.use_lockfile", backend.useLockfile);
      return;
    case "http":
      new HttpBackend(stack, backend.config);
      return;
  }
}
