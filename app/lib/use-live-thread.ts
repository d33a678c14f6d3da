import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { getSocket } from "./socket";
import type { LiveItemView } from "../../server/modules/live/live";

type Item = Omit<LiveItemView, "createdAt"> & { createdAt: string | Date };
type Ack<T> = { ok: true } & T | { ok: false; error: string; fieldErrors?: Record<string, string> };


/**
 * The live thread in the browser. Items are kept by sequence number: on every (re)connection the page asks
 * for everything after the last number it has, and a broadcast that skips a number triggers the same
 * catch-up, so nothing is missed and nothing shows twice. Sends carry a client id and are retried with the
 * same id, so a resend after a timeout never duplicates.
 */
export function useLiveThread(eventId: number, initial: { items: Item[]; lastSeq: number; state: string }) {
  const [items, setItems] = useState<Item[]>(initial.items);
  const [state, setState] = useState(initial.state);
  const [connected, setConnected] = useState(false);
  const lastSeq = useRef(initial.lastSeq);
  const socketRef = useRef<Socket | null>(null);

  const known = useRef(new Set(initial.items.map((i) => i.seq)));
  /** Adds items by sequence number; lastSeq only moves past numbers actually held, so a gap is refetched. */
  const merge = useCallback((incoming: Item[]) => {
    const fresh = incoming.filter((i) => !known.current.has(i.seq));
    if (!fresh.length) return false;
    for (const i of fresh) known.current.add(i.seq);
    setItems((current) => [...current, ...fresh].sort((a, b) => a.seq - b.seq));
    while (known.current.has(lastSeq.current + 1)) lastSeq.current++;
    return [...known.current].some((seq) => seq > lastSeq.current);
  }, []);

  useEffect(() => {
    let stopped = false;
    let socket: Socket | null = null;
    let catchingUp = false;
    const catchUp = () => {
      if (!socket || catchingUp) return;
      catchingUp = true;
      socket.emit("live:join", { eventId, afterSeq: lastSeq.current }, (reply: Ack<{ items: Item[]; state: string }>) => {
        catchingUp = false;
        if (!reply.ok) return;
        merge(reply.items);
        setState(reply.state);
        if (reply.items.length === 1000) catchUp(); // more than one batch was missed
      });
    };
    const onConnect = () => {
      setConnected(true);
      catchUp();
    };
    const onDisconnect = () => setConnected(false);
    const onItem = (msg: { eventId: number; item: Item }) => {
      if (msg.eventId !== eventId) return;
      // A number beyond a gap means something was missed: fetch it, in order.
      if (merge([msg.item])) catchUp();
    };
    const onState = (msg: { eventId: number; state: string }) => msg.eventId === eventId && setState(msg.state);
    void getSocket().then((s) => {
      if (stopped) return;
      socket = s;
      socketRef.current = s;
      s.on("connect", onConnect);
      s.on("disconnect", onDisconnect);
      s.on("live:item", onItem);
      s.on("live:state", onState);
      if (s.connected) onConnect();
    });
    return () => {
      stopped = true;
      if (!socket) return;
      socket.emit("live:leave", { eventId });
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("live:item", onItem);
      socket.off("live:state", onState);
    };
  }, [eventId, merge]);

  /** Sends over the socket, retrying with the same client id; resolves with an error message or null. */
  const send = useCallback(
    async (body: string, kind: "comment" | "highlight"): Promise<string | null> => {
      const socket = socketRef.current;
      if (!socket?.connected) return "You are offline. Your comment has been kept – send it again when you are back online.";
      const clientId = crypto.randomUUID();
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const reply = (await socket.timeout(5_000).emitWithAck("live:post", { eventId, clientId, body, kind })) as Ack<{ item: Item }>;
          if (!reply.ok) return reply.fieldErrors?.body ?? reply.error;
          // Our own item may land beyond items still on their way; catch up if so.
          if (merge([reply.item])) socket.emit("live:join", { eventId, afterSeq: lastSeq.current }, (r: Ack<{ items: Item[] }>) => r.ok && merge(r.items));
          return null;
        } catch {
          // Timed out: the same client id makes the retry safe.
        }
      }
      return "The comment could not be sent. It has been kept – try again.";
    },
    [eventId, merge],
  );

  return { items, state, connected, send };
}
