import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Password } from "@cdktf/provider-random/lib/password";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { moveFromFormerId } from "../../constructs/moved";

type Doc = { resource: { random_password: Record<string, unknown> }; moved?: { from: string; to: string }[] };

/** A stack holding one construct `id` with a password `Resource` and a nested `Inner/Resource`; `rename` may move it. */
function synth(id: string, rename?: (vm: Construct) => void): Doc {
  const stack = new TerraformStack(Testing.app() as App, "test");
  new RandomProvider(stack, "Random");
  const vm = new Construct(stack, id);
  new Password(vm, "Resource", { length: 8 });
  new Password(new Construct(vm, "Inner"), "Resource", { length: 8 });
  rename?.(vm);
  return JSON.parse(Testing.synth(stack)) as Doc;
}

const addresses = (doc: Doc): string[] => Object.keys(doc.resource.random_password).map((name) => `random_password.${name}`);

describe("moveFromFormerId", () => {
  it("moves every resource under a renamed construct from the address the stack gave it under the former id", () => {
    const former = addresses(synth("Vm-old"));
    const renamed = synth("Vm-new", (vm) => moveFromFormerId(vm, "Vm-old"));

    expect(renamed.moved).toEqual(addresses(renamed).map((to, index) => ({ from: former[index], to })));
    expect(former.every((address) => address.includes("Vm-old"))).toBe(true);
  });

  it("leaves no trace of the former id in the tree or the resources", () => {
    const renamed = synth("Vm-new", (vm) => {
      moveFromFormerId(vm, "Vm-old");
      expect(vm.node.scope!.node.tryFindChild("Vm-old")).toBeUndefined();
    });

    expect(addresses(renamed).some((address) => address.includes("Vm-old"))).toBe(false);
  });

  it("refuses a former id a sibling still carries", () => {
    expect(() =>
      synth("Vm-new", (vm) => {
        new Construct(vm.node.scope!, "Vm-old");
        moveFromFormerId(vm, "Vm-old");
      }),
    ).toThrow(/still has a child Vm-old; a construct can only move from an id nothing else carries/);
  });
});
