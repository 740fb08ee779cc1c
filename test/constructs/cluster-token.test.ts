import { App, Testing } from "cdktf";
import { Password } from "@cdktf/provider-random/lib/password";
import { ClusterToken } from "../../constructs/cluster-token";
import { InfraStack } from "../../constructs/infra-stack";
import type { Topology } from "../../lib/topology/types";
import { planTiny } from "../support/tiny-environment";

/** The infra stack of a topology, synthesized. */
function synthInfra(topology: Topology): string {
  return Testing.synth(new InfraStack(Testing.app() as App, "tiny-infra", { topology }));
}

/** A k3s cluster of the tiny environment's network, one server, at the given addresses. */
function cluster(name: string, offset: number): Record<string, unknown> {
  return {
    name,
    version: "v1.31.4+k3s1",
    network: "lan",
    apiVip: `10.0.0.${5 + offset}`,
    loadBalancerPool: { start: `10.0.0.${40 + offset * 10}`, end: `10.0.0.${49 + offset * 10}` },
    servers: { count: 1, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1100 + offset * 100, end: 1109 + offset * 100 }, addressStart: `10.0.0.${11 + offset * 10}` },
  };
}

describe("ClusterToken", () => {
  it("generates the join token with random_password, without special characters that break shell exports", () => {
    // given a cluster token
    const synthesized = Testing.synthScope((scope) => {
      new ClusterToken(scope, "K3sToken", { outputName: "k3s_token", cluster: "tiny-k3s" });
    });
    // then the password is long and shell-safe
    expect(synthesized).toHaveResourceWithProperties(Password, { length: 48, special: false });
  });

  it("hands the token to Ansible through a sensitive output named as asked", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((scope) => {
        new ClusterToken(scope, "K3sToken", { outputName: "k3s_token", cluster: "tiny-k3s" });
      }),
    );
    expect(synthesized.output.k3s_token).toMatchObject({ sensitive: true, value: expect.stringMatching(/^\$\{random_password\.[^.]+\.result\}$/) });
  });

  it("is created by the infra stack of a one-cluster environment as k3s_token", () => {
    // given the tiny environment with its one cluster
    const parsed = JSON.parse(synthInfra(planTiny()));
    // then its infra stack has one token, output as k3s_token
    expect(Object.keys(parsed.resource.random_password)).toHaveLength(1);
    expect(parsed.output.k3s_token).toMatchObject({ sensitive: true });
  });

  it("pins the random provider in the infra stack", () => {
    const parsed = JSON.parse(synthInfra(planTiny()));
    expect(parsed.terraform.required_providers.random).toEqual({ source: "hashicorp/random", version: "~> 3.7.2" });
  });

  it("gives each cluster of a multi-cluster environment its own token", () => {
    // given an environment with two clusters
    const topology = planTiny({ cluster: undefined, clusters: [cluster("alpha", 0), cluster("beta-k3s", 1)] });
    // when its infra stack is synthesized
    const parsed = JSON.parse(synthInfra(topology));
    // then each cluster has a token and an output named after it
    expect(Object.keys(parsed.output).filter((name) => name.startsWith("k3s_token")).sort()).toEqual(["k3s_token_alpha", "k3s_token_beta_k3s"]);
    expect(Object.keys(parsed.resource.random_password)).toHaveLength(2);
  });
});
