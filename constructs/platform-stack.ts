import { Construct } from "constructs";
import { LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { Topology } from "../lib/topology/types";

export interface PlatformStackProps {
  readonly topology: Topology;
}

/**
 * `<env>-platform`: Helm releases and Kubernetes resources, applied after the Ansible phase has
 * formed the cluster and written its kubeconfig to `kubeconfig_path`.
 */
export class PlatformStack extends TerraformStack {
  readonly kubeconfigPath: TerraformVariable;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    // State beside the project, by a relative path so the synthesized JSON is the same on every machine.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    const { topology } = props;
    this.kubeconfigPath = new TerraformVariable(this, "kubeconfig_path", {
      type: "string",
      default: topology.kubeconfigPath,
      description: "Kubeconfig the Ansible phase writes (ansible/playbooks/site.yml)",
    });
    new KubernetesProvider(this, "Kubernetes", { configPath: this.kubeconfigPath.stringValue });
    new HelmProvider(this, "Helm", { kubernetes: { configPath: this.kubeconfigPath.stringValue } });
  }
}
