import { loadPinnedProviders, PinnedProvider } from "./schema";
import { reattachProviders, ReattachConfig, serveProvider, ServedProvider } from "./server";

/** A running set of stand-in providers, reachable through TF_REATTACH_PROVIDERS. */
export interface StandinDaemon {
  readonly providers: readonly ServedProvider[];
  /** The JSON value for TF_REATTACH_PROVIDERS. */
  readonly reattach: string;
  readonly reattachConfig: Record<string, ReattachConfig>;
  /** Stops every server. */
  close(): Promise<void>;
}

/** Options for {@link startDaemon}. */
export interface DaemonOptions {
  /** Directory of pinned `*.schema.json` files. @default the repository's providers/ */
  readonly providersDir?: string;
  /** Serve only these providers (full registry addresses). @default every pinned provider */
  readonly only?: readonly string[];
}

/**
 * Serves every pinned provider in this process, one gRPC server each on 127.0.0.1, for Terraform
 * to reattach to (no TLS, no plugin launch per run).
 */
export async function startDaemon(options: DaemonOptions = {}): Promise<StandinDaemon> {
  let pinned: PinnedProvider[] = loadPinnedProviders(options.providersDir);
  if (options.only) pinned = pinned.filter((p) => options.only!.includes(p.address));
  const providers = await Promise.all(pinned.map((p) => serveProvider(p)));
  const reattachConfig = reattachProviders(providers);
  return {
    providers,
    reattachConfig,
    reattach: JSON.stringify(reattachConfig),
    close: async () => {
      await Promise.all(providers.map((p) => new Promise<void>((resolve) => {
        p.server.tryShutdown(() => resolve());
        setTimeout(() => {
          p.server.forceShutdown();
          resolve();
        }, 500).unref();
      })));
    },
  };
}
