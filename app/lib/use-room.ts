import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { Socket } from "socket.io-client";
import { getSocket } from "./socket";

type Handlers = Record<string, (payload: never) => void>;

/**
 * Joins a Socket.IO room on the tab's one shared socket (again after every reconnection), listens to the
 * given events while mounted, and leaves on unmount. Handlers may change between renders; the latest are used.
 */
export function useRoom(opts: { enabled?: boolean; key: string | number; join: [event: string, payload: object]; leave: [event: string, payload: object]; onJoined?: (ok: boolean) => void; onDisconnect?: () => void; on: Handlers }) {
  const latest = useRef(opts);
  latest.current = opts;
  const enabled = opts.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    let socket: Socket | null = null;
    let stopped = false;
    const { join, leave, on } = latest.current;
    const joinRoom = () => socket?.emit(join[0], join[1], (reply: { ok?: boolean }) => latest.current.onJoined?.(!!reply?.ok));
    const disconnected = () => latest.current.onDisconnect?.();
    // One listener per event that always calls the latest handler.
    const listeners = Object.keys(on).map((event) => [event, (payload: unknown) => (latest.current.on[event] as ((p: unknown) => void) | undefined)?.(payload)] as const);
    void getSocket().then((s) => {
      if (stopped) return;
      socket = s;
      s.on("connect", joinRoom);
      s.on("disconnect", disconnected);
      for (const [event, listener] of listeners) s.on(event, listener);
      if (s.connected) joinRoom();
    });
    return () => {
      stopped = true;
      if (!socket) return;
      socket.emit(leave[0], leave[1]);
      socket.off("connect", joinRoom);
      socket.off("disconnect", disconnected);
      for (const [event, listener] of listeners) socket.off(event, listener);
    };
    // The room is identified by `key`; handlers are read through `latest`.
  }, [opts.key, enabled]);
}

/** Re-reads the page's loader data, once per burst of events (150 ms), not once per event. */
export function useDebouncedRevalidate() {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
  return useRef(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      revalidate.current();
    }, 150);
  }).current;
}
