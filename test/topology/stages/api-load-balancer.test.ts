import { planTiny, tinyErrors as errorsOf } from "../../support/tiny-environment";
import { kubeadmBehindHaproxy } from "../../lb/support";

describe("the API load-balancer stage", () => {
  it("serves the API on the only LB VM's address, in front of every control-plane node", () => {
    const cluster = planTiny(kubeadmBehindHaproxy(1)).cluster!;

    expect(cluster.apiVip).toBe("10.0.0.61");
    expect(cluster.apiLoadBalancer).toEqual({
      vms: [{ name: "tiny-lb-1", address: "10.0.0.61" }],
      endpoint: "10.0.0.61",
      port: 6443,
      prefixLength: 24,
      virtualRouterId: 51,
      interface: "eth0",
      backends: [
        { name: "tiny-server-1", address: "10.0.0.11" },
        { name: "tiny-server-2", address: "10.0.0.12" },
        { name: "tiny-server-3", address: "10.0.0.13" },
      ],
      backendPort: 6443,
    });
  });

  it("shares the apiVip between two or more LB VMs", () => {
    const cluster = planTiny(kubeadmBehindHaproxy(2)).cluster!;

    expect(cluster.apiVip).toBe("10.0.0.5");
    expect(cluster.apiLoadBalancer).toMatchObject({ endpoint: "10.0.0.5", vip: "10.0.0.5" });
  });

  it("needs an apiVip for two LB VMs", () => {
    const twoWithoutVip = kubeadmBehindHaproxy(2);
    (twoWithoutVip.cluster as Record<string, unknown>).apiVip = undefined;

    expect(errorsOf(twoWithoutVip)).toEqual(["cluster.apiVip: is missing: keepalived needs a VIP shared by the 2 load-balancer VMs; give a free address in 10.0.0.0/24"]);
  });

  it("refuses an apiVip beside one LB VM, which serves the API itself", () => {
    const one = kubeadmBehindHaproxy(1);
    (one.cluster as Record<string, unknown>).apiVip = "10.0.0.5";

    expect(errorsOf(one)).toEqual([
      "cluster.apiVip: is set beside one API load-balancer VM (tiny-lb-1, 10.0.0.61), which serves the API on its own address; remove apiVip, or add a second load-balancer VM so keepalived holds it",
    ]);
  });

  it("refuses an LB VM that is not an extra VM", () => {
    const unknown = kubeadmBehindHaproxy(1);
    (unknown.cluster as Record<string, unknown>).apiLoadBalancer = { vms: ["nowhere"] };

    expect(errorsOf(unknown)).toEqual([
      'cluster.apiLoadBalancer.vms[0]: is not an extra VM of the environment; add it under vms (role e.g. "api-lb") or use one of tiny-lb-1',
    ]);
  });
});
