import { TerraformResource, Token } from "cdktf";

const numericIds = new WeakMap<TerraformResource, number>();

/**
 * A NetBox record's id as a number. NetBox ids are strings in state and numbers where referenced;
 * Terraform converts between them. One token per resource, however often it is referenced: each new
 * one costs cdktf a reference, a token map entry and resolve work (the site, cluster and role ids
 * are referenced by every VM).
 */
export function numericId(resource: TerraformResource & { id: string }): number {
  let id = numericIds.get(resource);
  if (id === undefined) {
    id = Token.asNumber(resource.id);
    numericIds.set(resource, id);
  }
  return id;
}
