import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { Socket } from "socket.io-client";
import { getSocket } from "~/lib/socket";

/**
 * The header bell: a link to /notifications with the unread count from the page, kept up to date by the
 * server's "notify:count" event on the member's own room (user:<id>, joined at the socket handshake).
 */
export function NotificationBell({ initial }: { initial: number }) {
  const [count, setCount] = useState(initial);
  useEffect(() => setCount(initial), [initial]);
  useEffect(() => {
    let socket: Socket | null = null;
    let stopped = false;
    const onCount = (payload: { count?: unknown }) => {
      if (typeof payload?.count === "number") setCount(payload.count);
    };
    void getSocket().then((s) => {
      if (stopped) return;
      socket = s;
      s.on("notify:count", onCount);
    });
    return () => {
      stopped = true;
      socket?.off("notify:count", onCount);
    };
  }, []);
  const label = count === 0 ? "Notifications, none unread" : `Notifications, ${count} unread`;
  return (
    <Link to="/notifications" className="tpc-header__link tpc-bell" aria-label={label} data-testid="notification-bell">
      <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24" fill="currentColor" className="tpc-bell__icon">
        <path d="M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
      </svg>
      <span className="tpc-bell__text">Notifications</span>
      {count > 0 ? (
        <span className="tpc-bell__count" data-testid="notification-count" aria-live="polite">
          {count > 99 ? "99+" : count}
        </span>
      ) : (
        <span className="tpc-bell__count tpc-bell__count--none" data-testid="notification-count" aria-live="polite">
          0
        </span>
      )}
    </Link>
  );
}
