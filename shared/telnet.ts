// What a telnet user reads, word for word the same whether the lab's server says it (the status
// messages on /ws/terminal) or the page does (into the terminal, as telnet itself would print it).
import type { TerminalStatus } from "./protocol";

export const telnet = {
  trying: (port: number, host = "localhost") => `Trying ${host} port ${port}...`,
  connected: (host = "localhost") => `Connected to ${host}.`,
  escapeCharacter: "Escape character is '^]'.",
  refused: "Connection refused",
  closedByPeer: "Connection closed by foreign host.",
  resetByPeer: "Connection closed by foreign host (reset).",
  /** Joining a classmate's shared server (class chat): whose, and the address the program sees. */
  tryingPeer: (peer: string, port: number) => `Trying ${peer}, port ${port}...`,
  connectedPeer: (peer: string, from: string) => `Connected to ${peer}, as ${from}.`,
  /** The student closed it (Ctrl+] and quit, or Reconnect). */
  closed: "Connection closed.",
} as const;

/** What telnet prints into the terminal when the connection's status changes; `peer` names a
 * joined classmate's server, whose "connected" line the lab writes (it knows the address). */
export function telnetSays(status: TerminalStatus, message: string, port: number, peer?: string): string {
  switch (status) {
    case "connecting": return `${peer ? telnet.tryingPeer(peer, port) : telnet.trying(port)}\n`;
    case "connected": return `${peer ? message : telnet.connected()}\n${telnet.escapeCharacter}\n`;
    case "refused": return `telnet: Unable to connect to remote host: ${message}\n`;
    case "closed": return `${message}\n`;
    case "error": return `telnet: ${message}\n`;
  }
}
