import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { LiveItemView } from "../../server/modules/live/live";
import { getSocket } from "./socket";

type Item = Omit<LiveItemView, "createdAt"> & { createdAt: string | Date };
type Ack<T> = ({ ok: true } & T) | { ok: false; error: string; fieldErrors?: Record<string, string> };
type CatchUp = { items: Item[]; state: string; lastSeq: number; complete: boolean };

/**
 * The live thread in the browser. Every new message and every change (a hide) takes the event's next
 * sequence number. The page holds the last number it has applied: a broadcast numbered one more is
 * applied; anything further ahead means something was missed, so the page asks for everything changed
 * after its number (as it does on every connection and reconnection). Nothing is lost, nothing shows
 * twice. Sends carry a client id and are retried with it, so a resend after a timeout never duplicates.
 */
export function useLiveThread(eventId: number, initial: { items: Item[]; lastSeq: number; state: string }) {
  const [items, setItems] = useState<Item[]>(initial.items);
  const [state, setState] = useState(initial.state);
  const [connected, setConnected] = useState(false);
  const lastSeq = useRef(initial.lastSeq);
  const socketRef = useRef<Socket | null>(null);
  const catchUpRef = useRef<() => void>(() => {});

  /** Items replace older copies of themselves (same seq). */
  const upsert = useCallback((incoming: Item[]) => {
    if (!incoming.length) return;
    setItems((current) => {
      const bySeq = new Map(current.map((i) => [i.seq, i]));
      for (const i of incoming) {
        const old = bySeq.get(i.seq);
        if (!old || old.updatedSeq <= i.updatedSeq) bySeq.set(i.seq, i);
      }
      return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    });
  }, []);

  useEffect(() => {
    let stopped = false;
    let socket: Socket | null = null;
    let inFlight = false;
    let again = false;
    const catchUp = () => {
      if (!socket) return;
      if (inFlight) {
        again = true; // something arrived ahead while we were asking: ask again afterwards
        return;
      }
      inFlight = true;
      socket.emit("live:join", { eventId, afterSeq: lastSeq.current }, (reply: Ack<CatchUp>) => {
        inFlight = false;
        if (reply.ok) {
          upsert(reply.items);
          lastSeq.current = Math.max(lastSeq.current, reply.lastSeq);
          setState(reply.state);
          if (!reply.complete) again = true;
        }
        if (again) {
          again = false;
          catchUp();
        }
      });
    };
    catchUpRef.current = catchUp;
    const onConnect = () => {
      setConnected(true);
      catchUp();
    };
    const onDisconnect = () => setConnected(false);
    const onItem = (msg: { eventId: number; at: number; item: Item }) => {
      if (msg.eventId !== eventId || msg.at <= lastSeq.current) return;
      if (msg.at === lastSeq.current + 1 && !inFlight) {
        upsert([msg.item]);
        lastSeq.current = msg.at;
      } else catchUp();
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
  }, [eventId, upsert]);

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
          // Show our own message at once; the sequence bookkeeping follows the broadcast (or a catch-up).
          upsert([reply.item]);
          if (reply.item.updatedSeq > lastSeq.current + 1) catchUpRef.current();
          else if (reply.item.updatedSeq === lastSeq.current + 1) lastSeq.current = reply.item.updatedSeq;
          return null;
        } catch {
          // Timed out: the same client id makes the retry safe.
        }
      }
      return "The comment could not be sent. It has been kept – try again.";
    },
    [eventId, upsert],
  );

  return { items, state, connected, send };
}
