import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { LiveItemView } from "../../server/modules/live/live";
import { getSocket } from "./socket";

type Item = Omit<LiveItemView, "createdAt" | "answeredAt"> & { createdAt: string | Date; answeredAt: string | Date | null };
type Ack<T> = ({ ok: true } & T) | { ok: false; error: string; fieldErrors?: Record<string, string> };
type CatchUp = { items: Item[]; state: string; lastSeq: number; complete: boolean; voted: number[] };
export type LiveKind = "comment" | "highlight" | "question";

/**
 * The live thread in the browser. Every new message and every change (a hide) takes the event's next
 * sequence number. The page holds the last number it has applied: a broadcast numbered one more is
 * applied; anything further ahead means something was missed, so the page asks for everything changed
 * after its number (as it does on every connection and reconnection). Nothing is lost, nothing shows
 * twice. Sends carry a client id and are retried with it, so a resend after a timeout never duplicates.
 */
export function useLiveThread(eventId: number, initial: { items: Item[]; lastSeq: number; state: string; voted?: number[] }) {
  const [items, setItems] = useState<Item[]>(initial.items);
  const [state, setState] = useState(initial.state);
  const [connected, setConnected] = useState(false);
  const [voted, setVoted] = useState<Set<number>>(() => new Set(initial.voted ?? []));
  const [watching, setWatching] = useState<number | null>(null);
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
        // Broadcasts go to everyone alike: keep what only this viewer was told (their own anonymous question).
        if (!old || old.updatedSeq <= i.updatedSeq) bySeq.set(i.seq, old?.mine && !i.mine ? { ...i, mine: true, author: old.author } : i);
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
          setVoted(new Set(reply.voted));
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
    const onWatching = (msg: { eventId: number; count: number }) => msg.eventId === eventId && setWatching(msg.count);
    void getSocket().then((s) => {
      if (stopped) return;
      socket = s;
      socketRef.current = s;
      s.on("connect", onConnect);
      s.on("disconnect", onDisconnect);
      s.on("live:item", onItem);
      s.on("live:state", onState);
      s.on("live:watching", onWatching);
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
      socket.off("live:watching", onWatching);
    };
  }, [eventId, upsert]);

  /** Our own change, from an acknowledgement: shown at once; the sequence bookkeeping follows the broadcast. */
  const applyOwn = useCallback(
    (item: Item) => {
      upsert([item]);
      if (item.updatedSeq > lastSeq.current + 1) catchUpRef.current();
      else if (item.updatedSeq === lastSeq.current + 1) lastSeq.current = item.updatedSeq;
    },
    [upsert],
  );

  /** One request/acknowledgement over the socket; resolves with an error message or null. */
  const request = useCallback(
    async (event: string, payload: object): Promise<string | null> => {
      const socket = socketRef.current;
      if (!socket?.connected) return "You are offline. Try again when you are back online.";
      try {
        const reply = (await socket.timeout(5_000).emitWithAck(event, { eventId, ...payload })) as Ack<{ item: Item; voted?: boolean }>;
        if (!reply.ok) return reply.error;
        applyOwn(reply.item);
        if (typeof reply.voted === "boolean") {
          const seq = reply.item.seq;
          setVoted((v) => {
            const next = new Set(v);
            if (reply.voted) next.add(seq);
            else next.delete(seq);
            return next;
          });
        }
        return null;
      } catch {
        return "No answer from the server. Try again.";
      }
    },
    [eventId, applyOwn],
  );
  const vote = useCallback((seq: number, up: boolean) => request("live:vote", { seq, up }), [request]);
  const setQuestionStatus = useCallback((seq: number, status: string) => request("live:question", { seq, status }), [request]);
  const setHidden = useCallback((seq: number, hidden: boolean) => request("live:hide", { seq, hidden }), [request]);

  /** Sends over the socket, retrying with the same client id; resolves with an error message or null. */
  const send = useCallback(
    async (body: string, kind: LiveKind, anonymous = false): Promise<string | null> => {
      const socket = socketRef.current;
      if (!socket?.connected) return "You are offline. Your comment has been kept – send it again when you are back online.";
      const clientId = crypto.randomUUID();
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const reply = (await socket.timeout(5_000).emitWithAck("live:post", { eventId, clientId, body, kind, anonymous })) as Ack<{ item: Item }>;
          if (!reply.ok) return reply.fieldErrors?.body ?? reply.error;
          // Show our own message at once; the sequence bookkeeping follows the broadcast (or a catch-up).
          applyOwn(reply.item);
          return null;
        } catch {
          // Timed out: the same client id makes the retry safe.
        }
      }
      return "The comment could not be sent. It has been kept – try again.";
    },
    [eventId, applyOwn],
  );

  return { items, state, connected, watching, voted, send, vote, setQuestionStatus, setHidden };
}
