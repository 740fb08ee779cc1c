import { resolveChanged, topologyOf } from "../support/environments";
import { inventoryData } from "../../lib/inventory";

describe("planPlatform resolving the shipped environments", () => {
  it("gives dev MetalLB in L2 mode on the cluster's LoadBalancer pool", () => {
    expect(topologyOf("dev").platform.loadBalancer).toEqual({
      provider: "metallb",
      mode: "l2",
      pool: { start: "10.20.10.40", end: "10.20.10.49", size: 10 },
      asn: 64512,
      peers: [],
    });
  });

  it("gives orion MetalLB with Backstage's 192.168.100.40 in its pool", () => {
    expect(topologyOf("orion").platform.loadBalancer).toMatchObject({ provider: "metallb", pool: { start: "192.168.100.40", end: "192.168.100.49" } });
  });

  it("puts the ingress on the last pool address so Backstage can keep the first", () => {
    expect(topologyOf("orion").platform.ingress).toMatchObject({ controller: "traefik", loadBalancerIP: "192.168.100.49" });
  });

  it("keeps dev light: MicroK8s's own Calico, local-path, no observability, no GitOps", () => {
    const platform = topologyOf("dev").platform;
    expect(platform.cni).toBe("calico");
    expect(platform.storage.provider).toBe("local-path");
    expect(platform.monitoring).toBeUndefined();
    expect(platform.logging).toBeUndefined();
    expect(platform.gitops).toBeUndefined();
  });

  it("counts every untainted cluster node as a storage node", () => {
    expect(topologyOf("production").platform.storage.storageNodes).toHaveLength(5);
  });

  it("points Cilium at the API VIP when it replaces kube-proxy", () => {
    expect(topologyOf("orion").platform.cilium).toMatchObject({ kubeProxyReplacement: true, k8sServiceHost: "192.168.100.10", k8sServicePort: 6443 });
  });

  it("writes the CNI choice into the inventory for the Ansible phase", () => {
    const vars = inventoryData(topologyOf("orion")).all.children!.k3s_cluster.vars!;
    expect(vars).toMatchObject({ k8s_cni: "cilium", k8s_kube_proxy_replacement: true });
    expect(inventoryData(topologyOf("dev")).all.children!.k3s_cluster.vars!).toMatchObject({ k8s_cni: "calico", k8s_kube_proxy_replacement: false });
    expect(inventoryData(topologyOf("gitops-lab")).all.children!.k3s_cluster.vars!).toMatchObject({ k8s_cni: "flannel", k8s_kube_proxy_replacement: false });
  });

  it("tells k3s to leave out its own Traefik and service LB when the platform brings them", () => {
    expect(inventoryData(topologyOf("orion")).all.children!.k3s_cluster.vars!.k3s_disable).toEqual(["servicelb", "traefik"]);
  });

  it("defaults to flannel and MetalLB L2 with nothing else when a k3s environment leaves platform out", () => {
    const platform = resolveChanged("gitops-lab", (env) => {
      delete env.platform;
    }).platform;
    expect(platform).toMatchObject({ cni: "flannel", loadBalancer: { provider: "metallb", mode: "l2" }, storage: { provider: "local-path" } });
    expect(platform.ingress).toBeUndefined();
  });
});

describe("planPlatform rejecting bad input", () => {
  it("rejects a misspelled platform component and names it", () => {
    expect(() => resolveChanged("orion", (env) => {
      (env.platform as Record<string, unknown>).traefk = { enabled: true };
    })).toThrow(/platform: unknown field\(s\) "traefk" \(did you mean traefik\?\); remove them or check the spelling/);
  });

  it("rejects a misspelled option inside a platform component and names its path", () => {
    expect(() => resolveChanged("orion", (env) => {
      (env.platform!.monitoring as Record<string, unknown>).orionAlertRule = true;
    })).toThrow(/platform\.monitoring: unknown field\(s\) "orionAlertRule" \(did you mean orionAlertRules\?\); remove them or check the spelling/);
  });

  it("rejects BGP mode with no router peer, naming the option", () => {
    expect(() => resolveChanged("dev", (env) => {
      env.platform!.loadBalancer = { provider: "metallb", mode: "bgp" };
    })).toThrow(/platform\.loadBalancer\.peers = \[\]: bgp mode needs at least one router peer; add \{ address, asn \}/);
  });

  it("rejects longhorn-r2 on a cluster with a single storage node", () => {
    expect(() => resolveChanged("dev", (env) => {
      env.platform!.longhorn = { enabled: true };
    })).toThrow(/platform\.longhorn\.replicaCounts\[1\] = 2: longhorn-r2 keeps 2 replicas but the cluster has 1 node that can hold them \(microk8s-master-1\); drop longhorn-r2/);
  });

  it("does not count tainted nodes as storage nodes", () => {
    expect(() => resolveChanged("staging", (env) => {
      env.cluster!.servers.taints = ["node-role.kubernetes.io/control-plane=true:NoSchedule"];
    })).toThrow(/longhorn-r2 keeps 2 replicas but the cluster has 0 nodes/);
  });

  it("rejects ACME without the token secret's name", () => {
    expect(() => resolveChanged("production", (env) => {
      env.platform!.certManager = { enabled: true, issuer: { kind: "acme", email: "admin@lab.example" } };
    })).toThrow(/platform\.certManager\.issuer\.tokenSecretName: ACME DNS-01 needs the name of the Secret/);
  });

  it("rejects two CNIs", () => {
    expect(() => resolveChanged("orion", (env) => {
      env.platform!.flannel = { enabled: true };
    })).toThrow(/platform\.flannel\.enabled = true: two CNIs: platform\.cilium\.enabled is also true/);
  });

  it("rejects two GitOps engines", () => {
    expect(() => resolveChanged("orion", (env) => {
      env.platform!.flux = { enabled: true, repoUrl: "https://github.com/example/orion-gitops.git" };
    })).toThrow(/platform\.flux\.enabled = true: two GitOps engines: platform\.argocd\.enabled is also true; pick one/);
  });

  it("rejects two ingress controllers", () => {
    expect(() => resolveChanged("orion", (env) => {
      env.platform!.ingressNginx = { enabled: true };
    })).toThrow(/platform\.ingressNginx\.enabled = true: two ingress controllers/);
  });

  it("rejects an LB pool outside every network", () => {
    expect(() => resolveChanged("orion", (env) => {
      env.cluster!.loadBalancerPool = { start: "10.99.0.40", end: "10.99.0.49" };
    })).toThrow(/cluster\.loadBalancerPool .*is not inside the cluster network 192\.168\.100\.0\/24/);
  });

  it("rejects Rancher on a Kubernetes release its pinned chart does not support", () => {
    expect(() => resolveChanged("production", (env) => {
      env.cluster!.distribution = "k3s";
      env.cluster!.version = "v1.34.2+k3s1";
    })).toThrow(/platform\.rancher\.enabled = true: the pinned Rancher chart supports Kubernetes up to 1\.33, but cluster prod-k3s runs v1\.34\.2\+k3s1/);
  });

  it("rejects Cilium LB-IPAM when Cilium is not the CNI", () => {
    expect(() => resolveChanged("dev", (env) => {
      env.platform!.loadBalancer = { provider: "cilium" };
    })).toThrow(/platform\.loadBalancer\.provider = "cilium": Cilium LB-IPAM needs Cilium as the CNI/);
  });

  it("rejects a GitOps engine with no repository", () => {
    expect(() => resolveChanged("orion", (env) => {
      env.platform!.argocd = { enabled: true };
    })).toThrow(/platform\.argocd\.repoUrl: Argo CD needs the Git repository it syncs from/);
  });

  it("rejects Velero with no bucket", () => {
    expect(() => resolveChanged("production", (env) => {
      env.platform!.velero = { enabled: true, s3Url: "https://minio.lab.example:9000" };
    })).toThrow(/platform\.velero\.bucket: Velero needs the S3 bucket/);
  });

  it("rejects Rancher without cert-manager", () => {
    expect(() => resolveChanged("production", (env) => {
      env.platform!.certManager = { enabled: false };
    })).toThrow(/platform\.rancher\.enabled = true: Rancher issues its certificate through cert-manager/);
  });

  it("reports every platform problem at once", () => {
    expect(() => resolveChanged("orion", (env) => {
      env.platform!.flannel = { enabled: true };
      env.platform!.flux = { enabled: true, repoUrl: "https://github.com/example/x.git" };
    })).toThrow(/two CNIs[\s\S]*two GitOps engines/);
  });
});
