import { planTiny, tinyEnvironment } from "./tiny-environment";

describe("the tiny environment test helper", () => {
  it("plans, as given, to one k3s server on pve1", () => {
    expect(planTiny().vms.map((vm) => [vm.name, vm.vmId, vm.node, vm.nic.ipv4?.address])).toEqual([["tiny-k3s-server-1", 1100, "pve1", "10.0.0.11"]]);
  });

  it("merges object overrides key by key", () => {
    expect(tinyEnvironment({ cluster: { servers: { count: 3 } } }).cluster).toMatchObject({ name: "tiny-k3s", servers: { count: 3, addressStart: "10.0.0.11" } });
  });

  it("replaces arrays instead of merging them", () => {
    expect(tinyEnvironment({ sshPublicKeys: ["ssh-ed25519 AAAA other@example"] }).sshPublicKeys).toEqual(["ssh-ed25519 AAAA other@example"]);
  });

  it("removes a key overridden with undefined", () => {
    expect(tinyEnvironment({ cluster: undefined })).not.toHaveProperty("cluster");
  });

  it("hands out a fresh copy each time, so one test's change never leaks into the next", () => {
    tinyEnvironment().networks[0].dns!.push("10.0.0.2");
    expect(tinyEnvironment().networks[0].dns).toEqual(["10.0.0.1"]);
  });

  it("rejects an override that makes the environment invalid, naming the field", () => {
    expect(() => planTiny({ cluster: { apiVip: "10.0.0" } })).toThrow(/cluster\.apiVip = "10\.0\.0": is not an IPv4 address/);
  });
});
