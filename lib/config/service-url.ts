import { z } from "zod";

/*
 * URLs of services the stacks talk to (the Proxmox API, NetBox, an image server, S3, Vault). They
 * carry API tokens and credentials, so they must be https://; plain http:// is accepted only where
 * the user says so with `allowInsecureHttp: true` beside the URL (a lab NetBox on port 8000, say),
 * and no other scheme is.
 */

/** A URL with an http:// or https:// scheme and a host; whether http is allowed is {@link requireHttps}'s call. */
export function serviceUrl(example: string): z.ZodURL {
  return z.url({
    protocol: /^https?$/,
    hostname: /.+/,
    message: `is not an https:// URL; write it like ${example}`,
  });
}

/** The flag that allows plain http:// for the URL beside it. */
export const allowInsecureHttp = z.boolean().optional();

/**
 * A check for an object holding URL fields: each http:// URL is an error unless the object sets
 * `allowInsecureHttp: true`. Attach with `.superRefine(requireHttps("url"))`.
 */
export function requireHttps<T extends { allowInsecureHttp?: boolean }>(...fields: (keyof T & string)[]) {
  return (value: T, context: z.RefinementCtx): void => {
    if (value.allowInsecureHttp) return;
    for (const field of fields) {
      const url = (value as Record<string, unknown>)[field];
      if (typeof url === "string" && /^http:/i.test(url)) {
        context.addIssue({
          code: "custom",
          path: [field],
          input: url,
          message: `is plain http://, which sends credentials in clear; use https://, or set allowInsecureHttp: true beside it to accept that`,
        });
      }
    }
  };
}
