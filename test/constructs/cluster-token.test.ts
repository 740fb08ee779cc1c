import { App, Testing } from "cdktf";
import { Password } from "@cdktf/provider-random/lib/password";
import { InfraStack } from "../../constructs/infra-stack";
import { topologyOf } from "../support/environments";

describe("ClusterToken", () => {
  const synthesized = Testing.synth(new InfraStack(Testing.app() as App, "production-infra", { topology: topologyOf("production") }));
  const parsed = JSON.parse(synthesized);

  it("generates the join token with random_password, without special characters that break shell exports", () => {
    expect(synthesized).toHaveResourceWithProperties(Password, { length: 48, special: false });
  });

  it("hands the token to Ansible through a sensitive output", () => {
    expect(parsed.output.k3s_token).toMatchObject({ sensitive: true, value: expect.stringMatching(/^\$\{random_password\.[^.]+\.result\}$/) });
  });

  it("pins the random provider", () => {
    expect(parsed.terraform.required_providers.random).toEqual({ source: "hashicorp/random", version: "~> 3.7.2" });
  });

  it("gives each cluster of a multi-cluster environment its own token", () => {
    const topology = topologyOf("nuclear-lighters");
    const multi = JSON.parse(Testing.synth(new InfraStack(Testing.app() as App, "nuclear-lighters-infra", { topology })));
    const expected = topology.clusters.map((cluster) => `k3s_token_${cluster.name.replace(/-/g, "_")}`).sort();
    expect(Object.keys(multi.output).filter((name) => name.startsWith("k3s_token")).sort()).toEqual(expected);
    expect(Object.keys(multi.resource.random_password)).toHaveLength(expected.length);
  });
});
