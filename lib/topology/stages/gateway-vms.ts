import type { IssueLog } from "../../config/errors";
import type { PlannedTopologyVm } from "../types";
import type { PlannedNetwork } from "./networks";

/*
 * A VM may be a network's gateway (the ORION router VM at 192.168.100.1): the network names it in
 * `gatewayVm`, and the address claims let that VM, and only it, take the gateway address. This
 * stage checks the other half once the VMs are planned: the named VM exists and has a NIC on the
 * network at the gateway address, else VMs would route through an address nobody answers on.
 */

/** Reports each network whose `gatewayVm` is missing or not on the network at its gateway. */
export function checkGatewayVms(networks: ReadonlyMap<string, PlannedNetwork>, vms: readonly PlannedTopologyVm[], issues: IssueLog): void {
  for (const network of networks.values()) {
    const { gatewayVm, gateway, name } = network.config;
    if (!gatewayVm) continue;
    const path = `${network.path}.gatewayVm`;
    const vm = vms.find((candidate) => candidate.name === gatewayVm);
    if (!vm) {
      issues.error(path, gatewayVm, `is not a VM of this environment; name the VM in vms that routes network ${name}, or remove gatewayVm`);
      continue;
    }
    const nics = [vm.nic, ...(vm.extraNics ?? [])];
    const onNetwork = nics.find((nic) => nic.network === name);
    if (!onNetwork) {
      issues.error(path, gatewayVm, `has no NIC on network ${name}; give ${gatewayVm} a NIC on ${name} with address ${gateway}, or remove gatewayVm`);
    } else if (onNetwork.ipv4?.address !== gateway) {
      issues.error(path, gatewayVm, `is on network ${name} at ${onNetwork.ipv4?.address ?? "an address NetBox or DHCP picks"}, not at its gateway ${gateway}; give ${gatewayVm} the address ${gateway} on ${name}, or remove gatewayVm`);
    }
  }
}
