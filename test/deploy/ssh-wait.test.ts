import * as net from "net";
import { waitForSsh } from "../../lib/deploy/commands";

/** A listening port on loopback, and one that was listening and is now closed. */
async function ports(): Promise<{ open: number; closed: number; server: net.Server }> {
  const listen = () =>
    new Promise<net.Server>((resolve) => {
      const server = net.createServer((socket) => socket.end());
      server.listen(0, "127.0.0.1", () => resolve(server));
    });
  const server = await listen();
  const gone = await listen();
  const closed = (gone.address() as net.AddressInfo).port;
  await new Promise((resolve) => gone.close(resolve));
  return { open: (server.address() as net.AddressInfo).port, closed, server };
}

describe("waiting for SSH", () => {
  it("returns once every host answers", async () => {
    const { open, server } = await ports();
    try {
      const late = await waitForSsh([{ name: "dev-k3s-server-1", address: "127.0.0.1", port: open }], { timeoutMs: 2000, intervalMs: 50, log: () => undefined });
      expect(late).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("gives up after the timeout, naming the host that is late", async () => {
    const { open, closed, server } = await ports();
    try {
      const started = Date.now();
      const late = await waitForSsh(
        [
          { name: "dev-k3s-server-1", address: "127.0.0.1", port: open },
          { name: "dev-k3s-agent-1", address: "127.0.0.1", port: closed },
        ],
        { timeoutMs: 500, intervalMs: 100, log: () => undefined },
      );
      expect(late).toEqual([`dev-k3s-agent-1 (127.0.0.1:${closed})`]);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      server.close();
    }
  });
});
