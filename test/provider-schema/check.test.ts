import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  checkTerraformJson,
  findPackageRoot,
  formatSchemaProblems,
  loadProviderSchemas,
  type ProviderSchemas,
  type SchemaProblem,
} from "../../lib/provider-schema";

const VM = "resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D";
const IP = "resource.netbox_ip_address.router_Address_5E6F7A8B";

/** A network_device element the way the trap demands it: all 11 keys, null where unset. */
function networkDevice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bridge: "vmbr0",
    disconnected: null,
    enabled: true,
    firewall: false,
    mac_address: null,
    model: "virtio",
    mtu: null,
    queues: null,
    rate_limit: null,
    trunks: null,
    vlan_id: 20,
    ...overrides,
  };
}

/** A small valid stack as cdktf synthesizes it; each test breaks one thing in a fresh copy. */
function validConfig(): any {
  return {
    "//": { metadata: { backend: "local", stackName: "lab-infra", version: "0.21.0" } },
    terraform: {
      required_providers: {
        proxmox: { source: "bpg/proxmox", version: "0.111.1" },
        netbox: { source: "e-breuninger/netbox", version: "5.7.0" },
      },
    },
    provider: {
      proxmox: [
        {
          endpoint: "https://pve1.lab.example:8006/",
          insecure: false,
          ssh: [{ agent: true, username: "root", node: [{ name: "pve1", address: "10.0.0.11", port: 22 }] }],
        },
      ],
      netbox: [{ server_url: "https://netbox.lab.example", api_token: "${var.netbox_api_token}" }],
    },
    resource: {
      proxmox_virtual_environment_vm: {
        router_Resource_1A2B3C4D: {
          "//": { metadata: { path: "lab-infra/router/Resource", uniqueId: "router_Resource_1A2B3C4D" } },
          name: "router",
          node_name: "pve1",
          vm_id: 200,
          tags: ["lab", "router"],
          cpu: { cores: 2, type: "x86-64-v2-AES" },
          memory: { dedicated: 2048 },
          disk: [{ interface: "scsi0", datastore_id: "local-lvm", size: 16 }],
          network_device: [networkDevice(), networkDevice({ bridge: "vmbr1", vlan_id: null })],
          initialization: [
            {
              datastore_id: "local-lvm",
              user_data_file_id: "${proxmox_virtual_environment_file.router_CloudInit_0A1B2C3D.id}",
              ip_config: [
                { ipv4: [{ address: "10.0.20.2/24", gateway: "10.0.20.1" }] },
                { ipv4: [{ address: "dhcp" }] },
              ],
              dns: [{ servers: ["10.0.20.1"] }],
            },
          ],
          depends_on: ["proxmox_virtual_environment_file.router_CloudInit_0A1B2C3D"],
          lifecycle: { ignore_changes: ["initialization"], create_before_destroy: false },
        },
      },
      proxmox_virtual_environment_file: {
        router_CloudInit_0A1B2C3D: {
          content_type: "snippets",
          datastore_id: "local",
          node_name: "pve1",
          source_raw: [{ data: "#cloud-config\n", file_name: "router.yaml" }],
        },
      },
      netbox_ip_address: {
        router_Address_5E6F7A8B: {
          "//": { metadata: { path: "lab-infra/router/Address", uniqueId: "router_Address_5E6F7A8B" } },
          ip_address: "10.0.20.2/24",
          status: "active",
          dns_name: "router.lab.example",
          tags: ["lab"],
          virtual_machine_interface_id: "${netbox_interface.router_Interface_9C8D7E6F.id}",
        },
      },
    },
  };
}

let schemas: ProviderSchemas;

beforeAll(() => {
  schemas = loadProviderSchemas();
});

function check(config: unknown, options?: Parameters<typeof checkTerraformJson>[2]): SchemaProblem[] {
  return checkTerraformJson(config as object, schemas, options);
}

/** Exactly one problem is expected; returns it so the test can look at its path and message. */
function onlyProblem(config: unknown, options?: Parameters<typeof checkTerraformJson>[2]): SchemaProblem {
  const problems = check(config, options);
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe("loadProviderSchemas", () => {
  test("loads every pinned provider schema from providers/", () => {
    const addresses = Object.keys(schemas.provider_schemas);
    expect(addresses).toEqual(expect.arrayContaining(["registry.terraform.io/bpg/proxmox", "registry.terraform.io/e-breuninger/netbox"]));
    expect(schemas.format_version).toBe("1.0");
  });

  test("returns the cached schemas on a second load", () => {
    expect(loadProviderSchemas()).toBe(schemas);
  });

  test("finds the package root from the built dist/lib folder as well as from lib/", () => {
    const root = findPackageRoot();
    expect(findPackageRoot(path.join(root, "dist", "lib", "provider-schema"))).toBe(root);
    expect(fs.existsSync(path.join(root, "providers", "bpg-proxmox.schema.json"))).toBe(true);
  });

  test("rejects a schema file with another format_version and names the file", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "schema-")), "old.schema.json");
    fs.writeFileSync(file, JSON.stringify({ format_version: "0.2", provider_schemas: {} }));
    expect(() => loadProviderSchemas([file])).toThrow(/old\.schema\.json has format_version "0\.2"/);
  });
});

describe("checkTerraformJson on valid configurations", () => {
  test("reports nothing for a valid stack with references, cdktf metadata, depends_on and lifecycle", () => {
    expect(check(validConfig())).toEqual([]);
  });

  test("accepts numeric strings for numbers and \"true\"/\"false\" for bools, as Terraform converts them", () => {
    const config = validConfig();
    const vm = config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D;
    vm.cpu.cores = "4";
    vm.on_boot = "true";
    vm.name = 42;
    expect(check(config)).toEqual([]);
  });

  test("accepts a ${...} reference for any attribute type and for a whole list(object) attribute", () => {
    const config = validConfig();
    const vm = config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D;
    vm.vm_id = "${var.router_vm_id}";
    vm.tags = "${local.router_tags}";
    vm.network_device = "${local.router_nics}";
    expect(check(config)).toEqual([]);
  });

  test("accepts a resource that selects a declared provider alias", () => {
    const config = validConfig();
    config.provider.proxmox.push({ alias: "nl", endpoint: "https://pve-nl.example:8006/" });
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.provider = "proxmox.nl";
    expect(check(config)).toEqual([]);
  });

  test("accepts Terraform's built-in terraform_remote_state data source that cdktf uses across stacks", () => {
    const config = validConfig();
    config.data = { terraform_remote_state: { cross_stack_reference_input_lab_infra: { backend: "local", config: { path: "terraform.lab-infra.tfstate" } } } };
    expect(check(config)).toEqual([]);
  });

  test("checks a fleet of 5000 VMs without a problem", () => {
    const config = validConfig();
    const template = config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D;
    for (let i = 0; i < 5000; i++) {
      config.resource.proxmox_virtual_environment_vm[`node${i}_Resource_${i}`] = { ...template, name: `node${i}`, vm_id: 1000 + i };
    }
    expect(check(config)).toEqual([]);
  });
});

describe("checkTerraformJson on broken configurations", () => {
  test("reports an unknown attribute with its path and the closest known name", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.cpu.coress = 2;
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.cpu.coress`);
    expect(problem.message).toMatch(/unknown attribute or block "coress".*Did you mean "cores"\?/);
  });

  test("reports a missing required attribute", () => {
    const config = validConfig();
    delete config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.node_name;
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.node_name`);
    expect(problem.message).toMatch(/missing required attribute "node_name"/);
  });

  test("reports a missing required attribute inside a nested block", () => {
    const config = validConfig();
    delete config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.disk[0].interface;
    expect(onlyProblem(config).path).toBe(`${VM}.disk[0].interface`);
  });

  test("reports a value on a computed-only attribute", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.ipv4_addresses = [["10.0.20.2"]];
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.ipv4_addresses`);
    expect(problem.message).toMatch(/computed by the provider and cannot be set/);
  });

  test("reports a string that is not a number where a number is expected", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.cpu.cores = "four";
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.cpu.cores`);
    expect(problem.message).toBe('expected number, got string "four"');
  });

  test("reports an object where a string is expected", () => {
    const config = validConfig();
    config.resource.netbox_ip_address.router_Address_5E6F7A8B.dns_name = { name: "router" };
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${IP}.dns_name`);
    expect(problem.message).toBe("expected string, got an object");
  });

  test("reports a bool where a number is expected, since Terraform does not convert it", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.memory.dedicated = true;
    expect(onlyProblem(config).message).toBe("expected number, got bool true");
  });

  test("reports a block given as a scalar attribute value", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.cpu = 4;
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.cpu`);
    expect(problem.message).toMatch(/"cpu" is a block, not an attribute/);
  });

  test("suggests a dynamic block when a block is given as a ${...} expression", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.disk = "${local.disks}";
    expect(onlyProblem(config).message).toMatch(/use a dynamic block/);
  });

  test("reports more blocks than max_items allows", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.agent = [{ enabled: true }, { enabled: false }];
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.agent`);
    expect(problem.message).toBe('too many "agent" blocks: 2 given, at most 1 are allowed');
  });

  test("reports a network_device element missing one of its 11 keys", () => {
    const config = validConfig();
    const device = networkDevice();
    delete device.vlan_id;
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.network_device = [networkDevice(), device];
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.network_device[1].vlan_id`);
    expect(problem.message).toMatch(/missing key "vlan_id".*set it to null when unused/);
  });

  test("reports network_device written as a block (an object) instead of a list", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.network_device = networkDevice();
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.network_device`);
    expect(problem.message).toMatch(/attribute of type list\(object\), not a block: wrap the object in a list/);
  });

  test("reports a misspelt key inside a list(object) element that Terraform would silently drop", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.network_device = [networkDevice({ vlanid: 20 })];
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.network_device[0].vlanid`);
    expect(problem.message).toMatch(/Did you mean "vlan_id"/);
  });

  test("reports a template with text around ${...} given for a list attribute", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.tags = "lab-${var.site}";
    expect(onlyProblem(config).path).toBe(`${VM}.tags`);
  });

  test("reports an unknown resource type of a known provider", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vmm = { x: { node_name: "pve1" } };
    const problem = onlyProblem(config);
    expect(problem.path).toBe("resource.proxmox_virtual_environment_vmm.x");
    expect(problem.message).toMatch(/unknown resource type "proxmox_virtual_environment_vmm".*Did you mean "proxmox_virtual_environment_vm"/);
  });

  test("reports a data source the provider schema does not define", () => {
    const config = validConfig();
    config.data = { netbox_prefix: { lab: { prefix: "10.0.20.0/24" } } };
    const problem = onlyProblem(config);
    expect(problem.path).toBe("data.netbox_prefix.lab");
    expect(problem.message).toMatch(/unknown data source "netbox_prefix"/);
  });

  test("reports an unknown provider attribute", () => {
    const config = validConfig();
    config.provider.proxmox[0].endpont = "https://pve1.lab.example:8006/";
    const problem = onlyProblem(config);
    expect(problem.path).toBe("provider.proxmox[0].endpont");
    expect(problem.message).toMatch(/Did you mean "endpoint"/);
  });

  test("reports a missing required attribute in the provider's nested ssh node block", () => {
    const config = validConfig();
    delete config.provider.proxmox[0].ssh[0].node[0].address;
    expect(onlyProblem(config).path).toBe("provider.proxmox[0].ssh[0].node[0].address");
  });

  test("reports a missing required provider argument unless the environment supplies it", () => {
    const config = validConfig();
    delete config.provider.netbox[0].api_token;
    expect(onlyProblem(config).path).toBe("provider.netbox[0].api_token");
    expect(check(config, { providerArgumentsFromEnv: { netbox: ["api_token"] } })).toEqual([]);
  });

  test("reports a resource that refers to an undeclared provider alias", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.provider = "proxmox.nl";
    const problem = onlyProblem(config);
    expect(problem.path).toBe(`${VM}.provider`);
    expect(problem.message).toMatch(/no provider\.proxmox block has alias "nl" \(declared: "proxmox" \(default\)\)/);
  });

  test("reports a resource of a provider without a pinned schema once, and skips it when listed as unpinned", () => {
    const config = validConfig();
    config.resource.tls_private_key = { ca: { algorithm: "ED25519" }, other: { algorithm: "RSA" } };
    const problem = onlyProblem(config);
    expect(problem.path).toBe("resource.tls_private_key.ca");
    expect(problem.message).toMatch(/no pinned schema for provider registry\.terraform\.io\/hashicorp\/tls/);
    expect(check(config, { unpinnedProviders: ["tls"] })).toEqual([]);
  });

  test("reports an unknown lifecycle argument", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.lifecycle = { prevent_destruction: true };
    expect(onlyProblem(config).path).toBe(`${VM}.lifecycle.prevent_destruction`);
  });

  test("checks the content of a dynamic block against the block's schema", () => {
    const config = validConfig();
    config.resource.proxmox_virtual_environment_vm.router_Resource_1A2B3C4D.dynamic = {
      hostpci: { for_each: "${var.gpus}", content: { devise: "${hostpci.value}" } },
    };
    const problems = check(config);
    expect(problems.map((p) => p.path)).toEqual([`${VM}.dynamic.hostpci.content.devise`, `${VM}.dynamic.hostpci.content.device`]);
  });

  test("attaches the cdktf construct path to a resource's problems", () => {
    const config = validConfig();
    config.resource.netbox_ip_address.router_Address_5E6F7A8B.status = ["active"];
    expect(onlyProblem(config).constructPath).toBe("lab-infra/router/Address");
  });
});

describe("checkTerraformJson with protocol 6 nested attributes", () => {
  const nestedSchemas: ProviderSchemas = {
    format_version: "1.0",
    provider_schemas: {
      "registry.terraform.io/example/demo": {
        provider: { block: {} },
        resource_schemas: {
          demo_release: {
            block: {
              attributes: {
                name: { type: "string", required: true },
                set: {
                  optional: true,
                  nested_type: {
                    nesting_mode: "list",
                    max_items: 2,
                    attributes: { name: { type: "string", required: true }, value: { type: "string", optional: true } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
  const demo = (set: unknown) => ({
    terraform: { required_providers: { demo: { source: "example/demo" } } },
    resource: { demo_release: { app: { name: "app", set } } },
  });

  test("accepts nested attribute objects that leave optional attributes out", () => {
    expect(checkTerraformJson(demo([{ name: "replicas" }]), nestedSchemas)).toEqual([]);
  });

  test("reports a missing required nested attribute and too many elements", () => {
    const problems = checkTerraformJson(demo([{ value: "1" }, { name: "a" }, { name: "b" }]), nestedSchemas);
    expect(problems.map((p) => p.path)).toEqual(["resource.demo_release.app.set[0].name", "resource.demo_release.app.set"]);
  });
});

describe("formatSchemaProblems", () => {
  test("lists each problem with its path, construct path and message", () => {
    const text = formatSchemaProblems([
      { path: `${IP}.status`, constructPath: "lab-infra/router/Address", message: "expected string, got a list of 1" },
    ]);
    expect(text).toBe(
      ["1 provider-schema problem:", `  ${IP}.status  [construct lab-infra/router/Address]`, "    expected string, got a list of 1"].join("\n"),
    );
  });

  test("says so when there are no problems", () => {
    expect(formatSchemaProblems([])).toBe("no provider-schema problems");
  });
});
