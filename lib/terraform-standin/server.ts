import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { StandinProvider } from "./provider";
import { PinnedProvider } from "./schema";

/** Terraform's go-plugin handshake: the cookie every provider plugin checks before it serves. */
export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/** go-plugin's own protocol version, the first field of the handshake line. */
export const CORE_PROTOCOL_VERSION = 1;
/** The Terraform plugin protocol major version the stand-in speaks. */
export const APP_PROTOCOL_VERSION = 6;

function protoDir(): string {
  const candidates = [path.join(__dirname, "proto"), path.join(__dirname, "..", "..", "..", "lib", "terraform-standin", "proto")];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "tfplugin6.proto")));
  if (!found) throw new Error(`terraform-standin: proto files not found (looked in ${candidates.join(", ")})`);
  return found;
}

interface Services {
  provider: grpc.ServiceDefinition;
  broker: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  stdio: grpc.ServiceDefinition;
  health: grpc.ServiceDefinition;
}

let services: Services | undefined;

function loadServices(): Services {
  if (services) return services;
  const dir = protoDir();
  const options: protoLoader.Options = { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true };
  const defs = protoLoader.loadSync(["tfplugin6.proto", "go-plugin.proto", "health.proto"].map((f) => path.join(dir, f)), options);
  const service = (name: string) => defs[name] as grpc.ServiceDefinition;
  services = {
    provider: service("tfplugin6.Provider"),
    broker: service("plugin.GRPCBroker"),
    controller: service("plugin.GRPCController"),
    stdio: service("plugin.GRPCStdio"),
    health: service("grpc.health.v1.Health"),
  };
  return services;
}

/** Logs go to stderr only: stdout belongs to the handshake line. */
export function log(message: string): void {
  if (process.env.TF_STANDIN_LOG) process.stderr.write(`terraform-standin: ${message}\n`);
}

function unary(name: string, handler: (request: Record<string, unknown>) => Record<string, unknown>): grpc.handleUnaryCall<Record<string, unknown>, Record<string, unknown>> {
  return (call, callback) => {
    try {
      log(name);
      callback(null, handler(call.request));
    } catch (err) {
      const message = err instanceof Error ? err.stack ?? err.message : String(err);
      process.stderr.write(`terraform-standin: ${name} failed: ${message}\n`);
      callback({ code: grpc.status.INTERNAL, details: `stand-in ${name}: ${message}` });
    }
  };
}

/**
 * The provider service with GetProviderSchema's response encoded once per response object: the
 * kubernetes schema is megabytes of protobuf, and Terraform asks for it on every run.
 */
function withCachedSchemaEncoding(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const method = definition.GetProviderSchema;
  const encoded = new WeakMap<object, Buffer>();
  return {
    ...definition,
    GetProviderSchema: {
      ...method,
      responseSerialize: (value: object) => {
        let bytes = encoded.get(value);
        if (!bytes) {
          bytes = method.responseSerialize(value);
          encoded.set(value, bytes);
        }
        return bytes;
      },
    },
  };
}

/** How a started server can be reached, in the shape TF_REATTACH_PROVIDERS wants. */
export interface ServedProvider {
  readonly address: string;
  readonly port: number;
  readonly server: grpc.Server;
}

/** Options for one provider's gRPC server. */
export interface ServeOptions {
  /** Called when Terraform asks the plugin to shut down; a daemon ignores it. */
  readonly onShutdown?: () => void;
  /** Server TLS credentials (launched mode with go-plugin's AutoMTLS); insecure when absent. */
  readonly credentials?: grpc.ServerCredentials;
}

/** Starts one gRPC server on 127.0.0.1 serving a pinned provider plus go-plugin's own services. */
export async function serveProvider(pinned: PinnedProvider, options: ServeOptions = {}): Promise<ServedProvider> {
  const defs = loadServices();
  const server = new grpc.Server({ "grpc.max_receive_message_length": 256 << 20, "grpc.max_send_message_length": 256 << 20 });
  const provider = new StandinProvider(pinned);
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(provider.handlers())) implementation[name] = unary(name, handler);
  server.addService(withCachedSchemaEncoding(defs.provider), implementation);
  const openStreams = new Set<grpc.ServerDuplexStream<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>>();
  server.addService(defs.broker, {
    // The stand-in never brokers extra connections; the stream stays open until Terraform closes it.
    StartStream: (stream: grpc.ServerDuplexStream<unknown, unknown>) => {
      openStreams.add(stream);
      stream.on("data", () => undefined);
      stream.on("end", () => {
        openStreams.delete(stream);
        stream.end();
      });
      stream.on("error", () => openStreams.delete(stream));
    },
  });
  server.addService(defs.stdio, {
    // Nothing is forwarded: the stand-in writes nothing to stdout after the handshake.
    StreamStdio: (stream: grpc.ServerWritableStream<unknown, unknown>) => {
      openStreams.add(stream);
      stream.on("cancelled", () => openStreams.delete(stream));
    },
  });
  server.addService(defs.controller, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<Record<string, never>>) => {
      callback(null, {});
      if (options.onShutdown) setImmediate(options.onShutdown);
    },
  });
  server.addService(defs.health, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<{ status: string }>) => callback(null, { status: "SERVING" }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", options.credentials ?? grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  const originalShutdown = server.forceShutdown.bind(server);
  server.forceShutdown = () => {
    for (const stream of openStreams) stream.end();
    originalShutdown();
  };
  return { address: pinned.address, port, server };
}

/** One provider's entry in TF_REATTACH_PROVIDERS. */
export interface ReattachConfig {
  Protocol: "grpc";
  ProtocolVersion: number;
  Pid: number;
  Test: boolean;
  Addr: { Network: "tcp"; String: string };
}

/**
 * The TF_REATTACH_PROVIDERS value for served providers. Test=true tells Terraform the plugin is
 * not its to stop, so one daemon serves many Terraform runs.
 */
export function reattachProviders(served: readonly ServedProvider[], pid = process.pid): Record<string, ReattachConfig> {
  const result: Record<string, ReattachConfig> = {};
  for (const s of served) {
    result[s.address] = { Protocol: "grpc", ProtocolVersion: APP_PROTOCOL_VERSION, Pid: pid, Test: true, Addr: { Network: "tcp", String: `127.0.0.1:${s.port}` } };
  }
  return result;
}
