import { Testing } from "cdktf";
import { DeviceRole } from "../../.gen/providers/netbox/device-role";
import { NetboxRoles } from "../../constructs/netbox-roles";
import { resolveEnvironment } from "../../lib/topology";
import type { EnvironmentInput } from "../../lib/config/schema";
import type { Topology } from "../../lib/topology/types";
import { tinyEnvironment } from "../support/tiny";

/*
 * NetboxRoles: one NetBox VM role per VM role, synthesized from the tiny environment
 * (test/support/tiny.ts), changed where the test says.
 */

function plan(environment: EnvironmentInput): Topology {
  return resolveEnvironment(environment, "tiny");
}

describe("NetboxRoles", () => {
  it("creates one VM role per role, its slug carrying the environment", () => {
    // given the tiny environment, whose one VM has the role dns
    const netbox = plan(tinyEnvironment()).netbox!;
    // when the roles are added
    const synthesized = Testing.synthScope((scope) => {
      new NetboxRoles(scope, { roles: netbox.roleRecords, tags: [] });
    });
    // then dns is a VM role scoped to the environment
    expect(synthesized).toHaveResourceWithProperties(DeviceRole, { name: "dns (tiny)", slug: "tiny-dns", color_hex: "9e9e9e", vm_role: true });
  });

  it("names the role it lacks", () => {
    Testing.synthScope((scope) => {
      const roles = new NetboxRoles(scope, { roles: [], tags: [] });
      expect(() => roles.roleOf("dns")).toThrow(/no device role for VM role dns/);
    });
  });
});
