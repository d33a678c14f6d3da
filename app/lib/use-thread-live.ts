import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { getSocket } from "./socket";


/**
 * Keeps a thread page live: joins the thread's room, re-reads the page data when replies, edits or likes
 * arrive, and counts new replies the reader has not scrolled to (for the polite "1 new reply" notice).
 */
export function useThreadLive(threadId: number, onLastPage: boolean) {
  const revalidator = useRevalidator();
  const [unseen, setUnseen] = useState(0);
  const [connected, setConnected] = useState(false);
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const lastPage = useRef(onLastPage);
  lastPage.current = onLastPage;

  useEffect(() => {
    let socket: Socket | null = null;
    let stopped = false;
    let pending: ReturnType<typeof setTimeout> | null = null;
    // Bursts of events cause one re-read, not one each.
    const refresh = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        revalidate.current();
      }, 150);
    };
    const nearBottom = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 400;
    const onCreated = () => {
      if (!lastPage.current || !nearBottom()) setUnseen((n) => n + 1);
      refresh();
    };
    const join = () => {
      setConnected(true);
      // The acknowledgement confirms the room was joined (tests wait for it before asserting live updates).
      socket?.emit("thread:join", { threadId }, () => {});
    };
    const onDisconnect = () => setConnected(false);
    void getSocket().then((s) => {
      if (stopped) return;
      socket = s;
      s.on("connect", join);
      s.on("disconnect", onDisconnect);
      s.on("post:created", onCreated);
      s.on("post:updated", refresh);
      s.on("post:liked", refresh);
      s.on("thread:updated", refresh);
      if (s.connected) join();
    });
    return () => {
      stopped = true;
      if (pending) clearTimeout(pending);
      if (!socket) return;
      socket.emit("thread:leave", { threadId });
      socket.off("connect", join);
      socket.off("disconnect", onDisconnect);
      socket.off("post:created", onCreated);
      socket.off("post:updated", refresh);
      socket.off("post:liked", refresh);
      socket.off("thread:updated", refresh);
    };
  }, [threadId]);

  // Reaching the bottom of the last page counts as having seen the new replies.
  useEffect(() => {
    if (!unseen) return;
    const onScroll = () => {
      if (lastPage.current && window.innerHeight + window.scrollY >= document.body.scrollHeight - 400) setUnseen(0);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, [unseen]);

  return { unseen, clearUnseen: () => setUnseen(0), connected };
}
