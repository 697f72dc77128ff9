// Connections the lab holds at once, in all and per network address. Each costs the lab a
// descriptor (and a WebSocket's buffers): ~20,000 idle connections from one script used up the
// lab's descriptors (its limit here is 20,000), and then nobody could open a page or a terminal,
// nor could a run be started. Past a limit a new connection is closed at once, before any work.
import type { Server } from "node:http";
import type { Socket } from "node:net";

export function limitConnections(server: Server, limits: { total: number; perAddress: number }): void {
  server.maxConnections = limits.total;
  const perAddress = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "?";
    const held = perAddress.get(address) ?? 0;
    if (held >= limits.perAddress) {
      // No HTTP answer: writing one costs as much as the connection; the browser says "connection reset".
      socket.destroy();
      return;
    }
    perAddress.set(address, held + 1);
    socket.once("close", () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });
}
