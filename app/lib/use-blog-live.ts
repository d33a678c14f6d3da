import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { getSocket } from "./socket";

/** Keeps a blog post live: joins its room and re-reads the page when comments or likes arrive. */
export function useBlogLive(postId: number, enabled: boolean) {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [arrived, setArrived] = useState(0);
  const [joined, setJoined] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    let socket: Socket | null = null;
    let stopped = false;
    let pending: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        revalidate.current();
      }, 150);
    };
    // One socket per tab serves every live feature: act only on this post's events.
    const onComment = (payload: { postId?: number }) => {
      if (payload?.postId !== postId) return;
      setArrived((n) => n + 1);
      refresh();
    };
    // Likes and removed comments: re-read the page.
    const onLiked = (payload: { postId?: number }) => {
      if (payload?.postId === postId) refresh();
    };
    const join = () => socket?.emit("blog:join", { postId }, (r: { ok: boolean }) => setJoined(r.ok));
    void getSocket().then((s) => {
      if (stopped) return;
      socket = s;
      s.on("connect", join);
      s.on("blog:comment", onComment);
      s.on("blog:liked", onLiked);
      s.on("blog:comment-removed", onLiked);
      if (s.connected) join();
    });
    return () => {
      stopped = true;
      if (pending) clearTimeout(pending);
      if (!socket) return;
      socket.emit("blog:leave", { postId });
      socket.off("connect", join);
      socket.off("blog:comment", onComment);
      socket.off("blog:liked", onLiked);
      socket.off("blog:comment-removed", onLiked);
    };
  }, [postId, enabled]);

  return { arrived, joined };
}
