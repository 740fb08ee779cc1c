/**
 * Provider-schema check: validates synthesized Terraform JSON against the pinned
 * `terraform providers schema -json` dumps in providers/.
 */
export { checkTerraformJson, formatSchemaProblems, type CheckTerraformJsonOptions } from "./check";
export { defaultSchemaFiles, findPackageRoot, loadProviderSchemaFile, loadProviderSchemas, schemaFilesIn } from "./load";
export type {
  NestingMode,
  ProviderSchema,
  ProviderSchemas,
  SchemaAttribute,
  SchemaBlock,
  SchemaBlockType,
  SchemaEntry,
  SchemaNestedType,
  SchemaProblem,
  SchemaType,
} from "./types";
