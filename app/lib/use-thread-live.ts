import { useEffect, useRef, useState } from "react";
import { useDebouncedRevalidate, useRoom } from "./use-room";


/**
 * Keeps a thread page live: joins the thread's room, re-reads the page data when replies, edits or likes
 * arrive, and counts new replies the reader has not scrolled to (for the polite "1 new reply" notice).
 */
export function useThreadLive(threadId: number, onLastPage: boolean) {
  const refresh = useDebouncedRevalidate();
  const [unseen, setUnseen] = useState(0);
  const [connected, setConnected] = useState(false);
  const lastPage = useRef(onLastPage);
  lastPage.current = onLastPage;
  const nearBottom = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 400;
  useRoom({
    key: threadId,
    // The acknowledgement confirms the room was joined (tests wait for it before asserting live updates).
    join: ["thread:join", { threadId }],
    leave: ["thread:leave", { threadId }],
    onJoined: () => setConnected(true),
    onDisconnect: () => setConnected(false),
    on: {
      "post:created": () => {
        if (!lastPage.current || !nearBottom()) setUnseen((n) => n + 1);
        refresh();
      },
      "post:updated": refresh,
      "post:liked": refresh,
      "thread:updated": refresh,
    },
  });

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
