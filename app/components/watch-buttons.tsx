import { Form, useLocation } from "@remix-run/react";

/**
 * Watch / mute buttons for a thread, forum, blog, event or document (plain form posts to /watch, so they
 * work without JavaScript). Watching notifies about new posts; muting silences everything from it.
 */
export function WatchButtons({ targetType, targetId, state, noun }: { targetType: string; targetId: string | number; state: "watching" | "muted" | "none"; noun: string }) {
  const location = useLocation();
  const next = location.pathname + location.search;
  const button = (value: "watch" | "mute" | "clear", label: string) => (
    <button type="submit" name="state" value={value} className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
      {label}
    </button>
  );
  return (
    <Form method="post" action="/watch" className="tpc-watch" aria-label={`Notifications for this ${noun}`}>
      <input type="hidden" name="targetType" value={targetType} />
      <input type="hidden" name="targetId" value={String(targetId)} />
      <input type="hidden" name="next" value={next} />
      <p className="govuk-body-s govuk-!-margin-bottom-0" data-testid="watch-state">
        {state === "watching" ? `You are watching this ${noun}.` : state === "muted" ? `You have muted this ${noun}.` : `You are not watching this ${noun}.`}
      </p>
      {state !== "watching" ? button("watch", `Watch this ${noun}`) : button("clear", "Stop watching")}
      {state !== "muted" ? button("mute", "Mute") : button("clear", "Unmute")}
    </Form>
  );
}
