import YAML from "yaml";

/** A host of an Ansible inventory and where SSH reaches it. */
export interface InventoryHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
}

/** Every host of a YAML inventory (any group depth), with `ansible_host` (else its name) and `ansible_port` (else 22). */
export function inventoryHosts(yaml: string): InventoryHost[] {
  const found = new Map<string, InventoryHost>();
  const walk = (group: unknown) => {
    if (!group || typeof group !== "object") return;
    const g = group as { hosts?: Record<string, { ansible_host?: string; ansible_port?: number } | null>; children?: Record<string, unknown> };
    for (const [name, vars] of Object.entries(g.hosts ?? {})) {
      found.set(name, { name, address: vars?.ansible_host ?? name, port: Number(vars?.ansible_port ?? 22) });
    }
    for (const child of Object.values(g.children ?? {})) walk(child);
  };
  for (const group of Object.values((YAML.parse(yaml) ?? {}) as Record<string, unknown>)) walk(group);
  return [...found.values()];
}
