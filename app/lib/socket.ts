import type { Socket } from "socket.io-client";

let shared: Promise<Socket> | null = null;

/** One Socket.IO connection per tab, shared by every live feature; the client library loads on first use. */
export function getSocket(): Promise<Socket> {
  shared ??= import("socket.io-client").then(({ io }) => io({ transports: ["websocket", "polling"] }));
  return shared;
}
