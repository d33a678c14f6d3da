import { useState } from "react";
import { useDebouncedRevalidate, useRoom } from "./use-room";

/** Keeps a blog post live: joins its room and re-reads the page when comments or likes arrive. */
export function useBlogLive(postId: number, enabled: boolean) {
  const refresh = useDebouncedRevalidate();
  const [arrived, setArrived] = useState(0);
  const [joined, setJoined] = useState(false);
  // One socket per tab serves every live feature: act only on this post's events.
  const forThisPost = (run: () => void) => (payload: { postId?: number }) => payload?.postId === postId && run();
  useRoom({
    enabled,
    key: postId,
    join: ["blog:join", { postId }],
    leave: ["blog:leave", { postId }],
    onJoined: setJoined,
    on: {
      "blog:comment": forThisPost(() => {
        setArrived((n) => n + 1);
        refresh();
      }),
      // Likes and removed comments: re-read the page.
      "blog:liked": forThisPost(refresh),
      "blog:comment-removed": forThisPost(refresh),
    },
  });
  return { arrived, joined };
}
