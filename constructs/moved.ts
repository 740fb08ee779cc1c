import { Construct } from "constructs";
import { TerraformResource, TerraformStack } from "cdktf";

/**
 * Marks every resource under `construct` as moved from where it sat when the construct was called
 * `formerId` (same parent, same children): a Terraform `moved` block each, so renaming a construct,
 * whose id is part of its resources' addresses, updates them in place instead of destroying and
 * recreating them.
 *
 * The former addresses come from the stack's own logical-id scheme (a placeholder construct at the
 * former path, removed again), not from a copy of it, so they match whatever the stack allocates.
 * Uses only `moveFromId`, `getLogicalId` and `tryRemoveChild`, which CDK Terrain keeps.
 */
export function moveFromFormerId(construct: Construct, formerId: string): void {
  const parent = construct.node.scope;
  if (!parent) throw new Error(`moveFromFormerId: ${construct.node.path} is a root construct; only a child can have been renamed`);
  if (parent.node.tryFindChild(formerId)) {
    throw new Error(`moveFromFormerId: ${parent.node.path} still has a child ${formerId}; a construct can only move from an id nothing else carries`);
  }
  const stack = TerraformStack.of(construct);
  const depth = construct.node.scopes.length;
  const placeholder = new Construct(parent, formerId);
  try {
    for (const resource of construct.node.findAll().filter(TerraformResource.isTerraformResource)) {
      let former: Construct = placeholder;
      for (const scope of resource.node.scopes.slice(depth)) {
        former = (former.node.tryFindChild(scope.node.id) as Construct | undefined) ?? new Construct(former, scope.node.id);
      }
      resource.moveFromId(`${resource.terraformResourceType}.${stack.getLogicalId(former.node)}`);
    }
  } finally {
    parent.node.tryRemoveChild(formerId);
  }
}
