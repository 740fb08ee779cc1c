import { TerraformResource } from "cdktf";

/*
 * Terraform rejects a list(object) attribute in JSON unless every element names every key of the
 * object type (null where unset). The generated bindings drop unset keys, so such attributes are
 * written through this one helper instead: it fills every key and sets the attribute by override.
 * Set the attribute only here, never also in the resource config: an override on a list attribute
 * appends to the configured list instead of replacing it.
 */

/** Returns each item with every key of `keys` present, null where the item leaves it unset. */
export function completeObjects(keys: readonly string[], items: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return items.map((item) => {
    const unknownKey = Object.keys(item).find((key) => !keys.includes(key));
    if (unknownKey) throw new Error(`completeObjects: "${unknownKey}" is not an attribute of this object type (known: ${keys.join(", ")})`);
    const complete: Record<string, unknown> = {};
    for (const key of keys) complete[key] = item[key] ?? null;
    return complete;
  });
}

/** Sets a list(object) attribute (snake_case name) on a resource with every key filled in. */
export function setObjectList(resource: TerraformResource, attribute: string, keys: readonly string[], items: readonly Record<string, unknown>[]): void {
  resource.addOverride(attribute, completeObjects(keys, items));
}

/** The keys of bpg/proxmox `network_device` (list(object) since v0.98.1), as the pinned schema lists them. */
export const PROXMOX_NETWORK_DEVICE_KEYS = [
  "bridge",
  "disconnected",
  "enabled",
  "firewall",
  "mac_address",
  "model",
  "mtu",
  "queues",
  "rate_limit",
  "trunks",
  "vlan_id",
] as const;
