import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { formatDateTime } from "~/lib/format";
import { attempt, load } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Notifications – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1") || 1;
  return json(await load(request, () => context.services.notifications.listNotifications(context.caller, { page })));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "open") {
    const result = await attempt(request, form, () => context.services.notifications.openNotification(context.caller, { id: form.get("id") }));
    return result.ok ? redirect(result.data.url) : json(result, { status: 404 });
  }
  const result = await attempt(request, form, () => context.services.notifications.markRead(context.caller, intent === "read-all" ? { all: true } : { id: form.get("id") }));
  return result.ok ? redirect("/notifications") : json(result, { status: 404 });
}

export default function Notifications() {
  const { items, unread, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-xl">Notifications</h1>
      <p className="govuk-body">
        {unread === 0 ? "You have no unread notifications." : `You have ${unread} unread.`}{" "}
        <Link to="/settings/notifications" className="govuk-link">
          Choose what you are told about
        </Link>
      </p>
      {unread > 0 ? (
        <Form method="post">
          <button type="submit" name="intent" value="read-all" className="govuk-button govuk-button--secondary">
            Mark all as read
          </button>
        </Form>
      ) : null}
      {items.length === 0 ? <p className="govuk-body">Nothing yet. Watch threads, forums and events to hear about new posts.</p> : null}
      <ul className="tpc-notification-list">
        {items.map((n) => (
          <li key={n.id} className={`tpc-notification${n.read ? "" : " tpc-notification--unread"}`}>
            <div>
              <Form method="post" className="tpc-inline-form">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" name="intent" value="open" className="tpc-link-button">
                  {n.read ? null : <strong className="govuk-tag govuk-tag--blue govuk-!-margin-right-2">New</strong>}
                  {n.text}
                </button>
              </Form>
              {n.excerpt && n.count === 1 ? <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-0">{n.excerpt}</p> : null}
              <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-0">{formatDateTime(n.updatedAt)}</p>
            </div>
            {n.read ? null : (
              <Form method="post">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" name="intent" value="read" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                  Mark as read<span className="govuk-visually-hidden">: {n.text}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} href={(p) => `/notifications?page=${p}`} />
    </>
  );
}
