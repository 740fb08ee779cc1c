import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { renderVendorData } from "../../lib/cloud-init";
import type { VendorDataProfile } from "../../lib/topology/types";
import { requireTool, run, tempDir } from "../support/tools";

const profiles: VendorDataProfile[] = ["base", "kubernetes", "router"];

describe("vendor data", () => {
  const dir = tempDir("cloud-init");
  beforeAll(() => requireTool("cloud-init", "cloud-init"));

  it.each(profiles)("renders the %s profile as a cloud-config that cloud-init's schema accepts", (profile) => {
    const file = path.join(dir, `${profile}.yaml`);
    fs.writeFileSync(file, renderVendorData(profile));
    expect(run("cloud-init", ["schema", "-c", file])).toMatch(/Valid (cloud-config|schema)/);
  });

  it("starts with the #cloud-config header cloud-init requires", () => {
    expect(renderVendorData("base").split("\n")[0]).toBe("#cloud-config");
  });

  it("installs and starts the QEMU guest agent on every profile", () => {
    for (const profile of profiles) {
      const document = YAML.parse(renderVendorData(profile));
      expect(document.packages).toContain("qemu-guest-agent");
      expect(document.runcmd).toContainEqual(["systemctl", "enable", "--now", "qemu-guest-agent"]);
    }
  });

  it("loads br_netfilter, sets the bridge sysctls and turns swap off for Kubernetes nodes", () => {
    const document = YAML.parse(renderVendorData("kubernetes"));
    const files = Object.fromEntries(document.write_files.map((file: { path: string; content: string }) => [file.path, file.content]));
    expect(files["/etc/modules-load.d/kubernetes.conf"]).toMatch(/^br_netfilter$/m);
    expect(files["/etc/sysctl.d/90-kubernetes.conf"]).toMatch(/^net\.bridge\.bridge-nf-call-iptables = 1$/m);
    expect(document.runcmd).toContainEqual(["swapoff", "-a"]);
  });

  it("enables forwarding on routers only", () => {
    expect(renderVendorData("router")).toMatch(/net\.ipv6\.conf\.all\.forwarding = 1/);
    expect(renderVendorData("base")).not.toMatch(/forwarding/);
  });

  it("keeps time with chrony", () => {
    expect(YAML.parse(renderVendorData("base")).ntp).toEqual({ enabled: true, ntp_client: "chrony" });
  });
});
