import * as fs from "fs";
import * as path from "path";
import { attributeType, loadPinnedProviders } from "../../lib/terraform-standin/schema";
import { tempDir } from "../support/tools";

/** Writes a one-provider schema dump the way `terraform providers schema -json` prints it. */
function writeDump(dir: string, file: string, address: string, formatVersion = "1.0"): string {
  const dump = {
    format_version: formatVersion,
    provider_schemas: { [address]: { provider: { version: 0, block: {} }, resource_schemas: { demo_thing: { version: 0, block: { attributes: { id: { type: "string", computed: true } } } } } } },
  };
  const target = path.join(dir, file);
  fs.writeFileSync(target, JSON.stringify(dump));
  return target;
}

describe("the stand-in's pinned providers", () => {
  const scratch = tempDir("standin-schema");

  it("come from lib/provider-schema's loader, each with the file that pins it", () => {
    // given a folder with two dumps
    const dir = fs.mkdtempSync(path.join(scratch, "ok-"));
    const a = writeDump(dir, "a.schema.json", "registry.terraform.io/acme/a");
    const b = writeDump(dir, "b.schema.json", "registry.terraform.io/acme/b");
    // when the stand-in loads them
    const pinned = loadPinnedProviders(dir);
    // then every provider is served, with its origin
    expect(pinned.map((p) => [p.address, p.file])).toEqual([
      ["registry.terraform.io/acme/a", a],
      ["registry.terraform.io/acme/b", b],
    ]);
  });

  it("refuse a provider pinned in two files, as the schema check does", () => {
    const dir = fs.mkdtempSync(path.join(scratch, "twice-"));
    writeDump(dir, "a.schema.json", "registry.terraform.io/acme/a");
    writeDump(dir, "b.schema.json", "registry.terraform.io/acme/a");
    expect(() => loadPinnedProviders(dir)).toThrow(/provider registry.terraform.io\/acme\/a is defined in both .*a\.schema\.json and .*b\.schema\.json; keep one pinned schema per provider/);
  });

  it("refuse a dump in a format the schema check does not understand", () => {
    const dir = fs.mkdtempSync(path.join(scratch, "format-"));
    writeDump(dir, "a.schema.json", "registry.terraform.io/acme/a", "0.2");
    expect(() => loadPinnedProviders(dir)).toThrow(/has format_version "0\.2"; only "1\.0" is understood/);
  });

  it("include every shipped provider by default", () => {
    const addresses = loadPinnedProviders().map((p) => p.address);
    expect(addresses).toEqual(expect.arrayContaining(["registry.terraform.io/bpg/proxmox", "registry.terraform.io/e-breuninger/netbox"]));
  });
});

describe("attributeType", () => {
  it("derives a list of objects from a list-nested attribute, as Terraform does", () => {
    const type = attributeType({ nested_type: { nesting_mode: "list", attributes: { name: { type: "string", required: true } } } });
    expect(type).toEqual(["list", ["object", { name: "string" }]]);
  });

  it("is dynamic when the schema gives neither a type nor a nested type", () => {
    expect(attributeType({ optional: true })).toBe("dynamic");
  });
});
