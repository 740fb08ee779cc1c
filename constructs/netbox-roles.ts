import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { DeviceRole } from "../.gen/providers/netbox/device-role";
import type { TopologyNetbox } from "../lib/topology/types";

export interface NetboxRolesProps {
  /** The roles as the Topology named them. */
  readonly roles: TopologyNetbox["roleRecords"];
  /** The environment's tags. */
  readonly tags: string[];
  /** @default the stack's default netbox provider */
  readonly provider?: TerraformProvider;
}

/**
 * One NetBox device role (marked as a VM role) per VM role of the environment.
 *
 * Not a construct of its own: it adds its resources to the scope it is given, so they keep the
 * Terraform addresses they had inside `NetboxRegistration` before it was split by concern.
 */
export class NetboxRoles {
  /** Device roles by VM role. */
  readonly roles = new Map<string, DeviceRole>();

  constructor(scope: Construct, props: NetboxRolesProps) {
    for (const role of props.roles) {
      this.roles.set(
        role.role,
        new DeviceRole(scope, `Role-${role.role}`, { provider: props.provider, name: role.name, slug: role.slug, colorHex: role.colour, vmRole: true, tags: props.tags }),
      );
    }
  }

  /** The device role of a VM role. */
  roleOf(role: string): DeviceRole {
    const found = this.roles.get(role);
    if (!found) throw new Error(`NetboxRoles: no device role for VM role ${role}; the Topology's netbox.roles lists every role of its VMs`);
    return found;
  }
}
