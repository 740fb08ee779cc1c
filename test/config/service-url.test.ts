import { ConfigError } from "../../lib/config/errors";
import { planTiny } from "../support/tiny-environment";

/*
 * Service URLs carry credentials: https only, plain http only where the environment says so
 * beside the URL, no other scheme.
 */

describe("service URLs", () => {
  it("accepts an https Proxmox endpoint", () => {
    expect(planTiny().proxmox.endpoint).toBe("https://pve.tiny.example:8006/");
  });

  it("accepts a plain http NetBox URL when allowInsecureHttp is set beside it", () => {
    const topology = planTiny({ netbox: { url: "http://10.0.0.50:8000", allowInsecureHttp: true, site: { name: "Tiny", slug: "tiny" } } });
    expect(topology.netbox?.url).toBe("http://10.0.0.50:8000");
  });

  it("refuses the same URL without the flag, naming the flag", () => {
    expect(() => planTiny({ netbox: { url: "http://10.0.0.50:8000", site: { name: "Tiny", slug: "tiny" } } })).toThrow(
      /netbox\.url = "http:\/\/10\.0\.0\.50:8000": is plain http:\/\/.*allowInsecureHttp: true/,
    );
  });

  it("refuses every other scheme even with the flag", () => {
    const attempt = () => planTiny({ proxmox: { endpoint: "file:///etc/passwd", allowInsecureHttp: true } });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/proxmox\.endpoint = "file:\/\/\/etc\/passwd": is not an https:\/\/ URL/);
  });

  it("holds the platform's service URLs to the same rule", () => {
    expect(() => planTiny({ platform: { velero: { enabled: true, bucket: "b", s3Url: "http://minio.lab.example:9000" } } })).toThrow(/platform\.velero\.s3Url = .*is plain http:\/\//);
    expect(planTiny({ platform: { velero: { enabled: true, bucket: "b", s3Url: "http://minio.lab.example:9000", allowInsecureHttp: true } } }).environment).toBe("tiny");
  });
});
