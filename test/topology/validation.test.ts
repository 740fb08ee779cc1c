import { ConfigError } from "../../lib/config/errors";
import { resolveChanged } from "../support/environments";

/** Resolves a changed environment and returns the ConfigError message it must raise. */
function errorOf(name: string, change: Parameters<typeof resolveChanged>[1]): string {
  try {
    resolveChanged(name, change);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the environment to be rejected");
}

describe("environment validation", () => {
  it("rejects an unparseable CIDR, naming the field, the value and the right form", () => {
    const message = errorOf("orion", (env) => {
      env.networks[0].cidr = "192.168.100.0/33";
    });
    expect(message).toMatch(/networks\[0\]\.cidr = "192\.168\.100\.0\/33": is not an IPv4 network in CIDR form; write it like 192\.168\.1\.0\/24/);
  });

  it("rejects an unparseable IP address", () => {
    const message = errorOf("orion", (env) => {
      env.vms![0].address = "192.168.100.300";
    });
    expect(message).toMatch(/vms\[0\]\.address = "192\.168\.100\.300": is not an IPv4 address/);
  });

  it("rejects a network given with host bits set and names the network address", () => {
    const message = errorOf("orion", (env) => {
      env.networks[0].cidr = "192.168.100.7/24";
    });
    expect(message).toMatch(/networks\[0\]\.cidr = "192\.168\.100\.7\/24": has host bits set; write the network address 192\.168\.100\.0\/24/);
  });

  it("rejects a VM address outside its network", () => {
    const message = errorOf("orion", (env) => {
      env.vms![2].address = "10.0.0.50";
    });
    expect(message).toMatch(/vms\[2\]\.address = "10\.0\.0\.50": orion-netbox's address is outside network lan \(192\.168\.100\.0\/24\); use an address inside it/);
  });

  it("rejects a gateway outside its network", () => {
    const message = errorOf("orion", (env) => {
      env.networks[0].gateway = "192.168.101.1";
    });
    expect(message).toMatch(/networks\[0\]\.gateway = "192\.168\.101\.1": is outside 192\.168\.100\.0\/24/);
  });

  it("rejects a VM on the gateway's address unless the network names it its gatewayVm", () => {
    // orion's router holds 192.168.100.1 as the LAN's gatewayVm; without that, the address collides
    const message = errorOf("orion", (env) => {
      delete env.networks[0].gatewayVm;
      env.vms![0].address = "192.168.100.1";
    });
    expect(message).toMatch(/vms\[0\]\.address = "192\.168\.100\.1": collides with the gateway of network lan \(networks\[0\]\.gateway\)/);
  });

  it("rejects a VM on the API VIP", () => {
    const message = errorOf("orion", (env) => {
      env.vms![1].address = "192.168.100.10";
    });
    expect(message).toMatch(/vms\[1\]\.address = "192\.168\.100\.10": collides with the Kubernetes API VIP \(cluster\.apiVip\)/);
  });

  it("rejects a VM inside the LoadBalancer pool", () => {
    const message = errorOf("orion", (env) => {
      env.vms![1].address = "192.168.100.45";
    });
    expect(message).toMatch(/vms\[1\]\.address = "192\.168\.100\.45": collides with the LoadBalancer pool \(cluster\.loadBalancerPool\)/);
  });

  it("rejects a LoadBalancer pool that contains the API VIP", () => {
    const message = errorOf("orion", (env) => {
      env.cluster!.apiVip = "192.168.100.42";
    });
    expect(message).toMatch(/cluster\.loadBalancerPool = .*contains 192\.168\.100\.42, which is the Kubernetes API VIP \(cluster\.apiVip\); shrink or move the pool/);
  });

  it("rejects an API VIP on the gateway", () => {
    const message = errorOf("orion", (env) => {
      env.cluster!.apiVip = "192.168.100.1";
    });
    expect(message).toMatch(/cluster\.apiVip = "192\.168\.100\.1": collides with the gateway of network lan/);
  });

  it("rejects a LoadBalancer pool outside the cluster network", () => {
    const message = errorOf("orion", (env) => {
      env.cluster!.loadBalancerPool = { start: "10.9.0.10", end: "10.9.0.20" };
    });
    expect(message).toMatch(/cluster\.loadBalancerPool = .*is not inside the cluster network 192\.168\.100\.0\/24/);
  });

  it("rejects a VM address inside a reserved range", () => {
    const message = errorOf("orion", (env) => {
      env.vms![0].address = "192.168.100.210";
    });
    expect(message).toMatch(/vms\[0\]\.address = "192\.168\.100\.210": orion-router's address lies in reserved range 192\.168\.100\.200-192\.168\.100\.254 \(DHCP pool\)/);
  });

  it("rejects two VMs with the same VMID", () => {
    const message = errorOf("orion", (env) => {
      env.vms![1].vmId = 200;
    });
    expect(message).toMatch(/vms\[1\]\.vmId = 200: VMID 200 is also used by orion-router \(vms\[0\]\.name\); VMIDs must be unique/);
  });

  it("rejects a pool whose VMIDs overlap an extra VM", () => {
    const message = errorOf("orion", (env) => {
      env.vms![2].vmId = 601;
    });
    expect(message).toMatch(/cluster\.agents\.vmIdRange = 601: VMID 601 is also used by orion-netbox/);
  });

  it("rejects two VMs with the same name", () => {
    const message = errorOf("orion", (env) => {
      env.vms![1].name = "orion-router";
    });
    expect(message).toMatch(/vms\[1\]\.name = "orion-router": is also the name of vms\[0\]\.name; VM names must be unique/);
  });

  it("rejects two VMs with the same address", () => {
    const message = errorOf("orion", (env) => {
      env.vms![1].address = "192.168.100.1";
    });
    expect(message).toMatch(/vms\[1\]\.address = "192\.168\.100\.1": collides with orion-router \(vms\[0\]\.address\)/);
  });

  it("rejects a pool that lands on an extra VM's address", () => {
    const message = errorOf("orion", (env) => {
      env.vms![2].address = "192.168.100.62";
    });
    expect(message).toMatch(/cluster\.agents\.addressStart = "192\.168\.100\.62": collides with orion-netbox \(vms\[2\]\.address\)/);
  });

  it("rejects a VMID below Proxmox's range", () => {
    const message = errorOf("orion", (env) => {
      env.vms![0].vmId = 99;
    });
    expect(message).toMatch(/vms\[0\]\.vmId = 99: is below 100; Proxmox VMIDs run from 100 to 999999999/);
  });

  it("rejects a pool with more VMs than its VMID range holds", () => {
    const message = errorOf("production", (env) => {
      // Small agents, so 60 of them stay within reach of the nodes and the pool is planned (far
      // beyond the nodes, the early capacity check would answer first).
      env.cluster!.agents = { ...env.cluster!.agents!, count: 60, cores: 1, memoryMiB: 1024 };
    });
    expect(message).toMatch(/cluster\.agents\.vmIdRange = .*holds 50 VMIDs but count is 60; widen the range to at least 3200-3259/);
  });

  it("rejects a cluster with zero servers", () => {
    const message = errorOf("staging", (env) => {
      env.cluster!.servers.count = 0;
    });
    expect(message).toMatch(/cluster\.servers\.count = 0: a cluster needs at least one server/);
  });

  it("warns about an even number of servers but still renders", () => {
    const topology = resolveChanged("production", (env) => {
      env.cluster!.servers.count = 4;
    });
    expect(topology.vms.filter((vm) => vm.kind === "server")).toHaveLength(4);
    expect(topology.warnings.map((warning) => `${warning.path}: ${warning.message}`)).toContainEqual(
      expect.stringMatching(/cluster\.servers\.count: an even number of etcd members tolerates no more failures than 3; use an odd count/),
    );
  });

  it("rejects a pool that grows into a reserved range", () => {
    const message = errorOf("production", (env) => {
      env.cluster!.agents!.addressStart = "10.20.30.190";
      env.cluster!.agents!.count = 20;
      env.cluster!.agents!.cores = 1;
      env.cluster!.agents!.memoryMiB = 1024;
    });
    expect(message).toMatch(/cluster\.agents\.addressStart = "10\.20\.30\.200": microk8s-worker-11's address lies in reserved range 10\.20\.30\.200-10\.20\.30\.254 \(DHCP pool\); move it out of the reserved range/);
  });

  it("rejects a pool that runs past the end of its network", () => {
    const message = errorOf("orion", (env) => {
      env.networks[0].reserved = [];
      env.cluster!.agents!.addressStart = "192.168.100.250";
      env.cluster!.agents!.count = 8;
    });
    expect(message).toMatch(/cluster\.agents\.addressStart = "192\.168\.100\.250": leaves room for 5 addresses in 192\.168\.100\.0\/24 but count is 8; the pool runs out of addresses/);
  });

  it("rejects an extra VM pinned to an unknown Proxmox node", () => {
    const message = errorOf("orion", (env) => {
      env.vms![0].node = "r720";
    });
    expect(message).toMatch(/vms\[0\]\.node = "r720": is not a Proxmox node of this environment; use one of r730/);
  });

  it("rejects a pool placed on an unknown Proxmox node", () => {
    const message = errorOf("production", (env) => {
      env.cluster!.servers.nodes = ["pve1", "pve9"];
    });
    expect(message).toMatch(/cluster\.servers\.nodes\[1\] = "pve9": is not a Proxmox node of this environment; use one of pve1, pve2, pve3/);
  });

  it("rejects more vCPUs than the chosen Proxmox nodes have", () => {
    const message = errorOf("orion", (env) => {
      env.cluster!.agents!.cores = 20;
    });
    expect(message).toMatch(/proxmox\.nodes = "r730": VMs need 74 vCPUs but the Proxmox nodes they use offer 56 cores; add nodes or cores, or shrink the VMs/);
  });

  it("rejects more memory than the chosen Proxmox nodes have", () => {
    const message = errorOf("orion", (env) => {
      env.cluster!.agents!.memoryMiB = 131072;
    });
    expect(message).toMatch(/VMs need \d+ MiB of memory but the Proxmox nodes they use offer 262144 MiB/);
  });

  it("warns when one node is above its overcommit ratio although the sum fits", () => {
    const topology = resolveChanged("production", (env) => {
      env.cluster!.servers.nodes = ["pve1"];
      env.cluster!.servers.count = 1;
      env.cluster!.agents!.nodes = ["pve1"];
      env.cluster!.agents!.count = 1;
      env.cluster!.agents!.memoryMiB = 53248;
      env.proxmox.overcommit = { cpuRatio: 1, memoryRatio: 0.9 };
    });
    expect(topology.warnings.map((warning) => warning.message)).toContainEqual(
      expect.stringMatching(/pve1 carries 61440 MiB of VM memory, above 0\.9x its memory; spread VMs or raise proxmox\.overcommit\.memoryRatio/),
    );
  });

  it("warns when one Proxmox node holds a majority of the servers", () => {
    const topology = resolveChanged("staging", (env) => {
      env.cluster!.servers.nodes = ["pve1", "pve2"];
    });
    expect(topology.warnings.map((warning) => warning.message)).toContainEqual(
      expect.stringMatching(/Proxmox node pve1 holds 2 of 3 servers, a majority: losing it loses etcd quorum/),
    );
  });

  it("rejects an unknown field and names it", () => {
    const message = errorOf("orion", (env) => {
      (env.cluster as Record<string, unknown>).severs = { count: 3 };
    });
    expect(message).toMatch(/cluster: unknown field\(s\) "severs" \(did you mean servers\?\); remove them or check the spelling/);
  });

  it("rejects overlapping networks", () => {
    const message = errorOf("orion", (env) => {
      env.networks.push({ ...env.networks[0], name: "guest", cidr: "192.168.100.128/25", gateway: "192.168.100.129", ipv6: undefined, reserved: [] });
    });
    expect(message).toMatch(/networks\[2\]\.cidr = "192\.168\.100\.128\/25": overlaps networks\[0\] \(192\.168\.100\.0\/24\)/);
  });

  it("reports every problem of an environment at once", () => {
    const message = errorOf("orion", (env) => {
      env.vms![0].node = "r720";
      env.vms![1].address = "192.168.100.10";
    });
    expect(message).toMatch(/vms\[0\]\.node/);
    expect(message).toMatch(/vms\[1\]\.address/);
  });
});
