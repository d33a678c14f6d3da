import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import { formatDate, formatDateTime, plural } from "~/lib/format";
import { attempt, load } from "~/lib/use-case.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.fullName ?? "Member"} – Total Place Community` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await load(request, () => context.services.members.getProfile(context.caller, { handle: params.handle ?? "" })));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.members.setRole(context.caller, { handle: params.handle, role: form.get("role") }));
  return json(result, { status: result.ok ? 200 : 422 });
}

export default function MemberProfile() {
  const { profile, posts, threads, postCount, threadCount, blogPosts, documents, canChangeRole, isMe } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      {isMe && params.get("welcome") ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="welcome-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="welcome-title">
              Welcome
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              Your account is ready, @{profile.handle}.{" "}
              <Link to="/forums" className="govuk-notification-banner__link">
                Find a forum to join in
              </Link>
            </p>
          </div>
        </div>
      ) : null}
      {isMe && params.get("saved") ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status" aria-labelledby="saved-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="saved-title">
              Saved
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">Your profile has been updated.</p>
          </div>
        </div>
      ) : null}
      <div className="tpc-profile-head">
        <Avatar url={profile.avatarUrl} name={profile.fullName} size={96} />
        <div>
          <span className="govuk-caption-l">@{profile.handle}</span>
          <h1 className="govuk-heading-xl govuk-!-margin-bottom-0">{profile.fullName}</h1>
        </div>
      </div>
      {isMe ? (
        <p className="govuk-body">
          <Link to="/settings/profile" className="govuk-link">
            Edit your profile
          </Link>{" "}
          ·{" "}
          <Link to="/settings/notifications" className="govuk-link">
            Notification settings
          </Link>
        </p>
      ) : null}
      <dl className="govuk-summary-list">
        {[
          ["Job title", profile.jobTitle],
          ["Organisation", profile.organisation],
          ["Place", profile.place ?? "Not given"],
          ["Interested in", profile.themeInterests.length ? profile.themeInterests.join(", ") : "Not given"],
          ["Role", profile.role],
          ["Member since", formatDate(profile.createdAt)],
          ["Contributions", `${plural(threadCount, "thread")}, ${plural(postCount, "post")}`],
        ].map(([k, v]) => (
          <div className="govuk-summary-list__row" key={k}>
            <dt className="govuk-summary-list__key">{k}</dt>
            <dd className="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      {/* Sanitized by the server's Markdown renderer (server/lib/markdown.ts). */}
      {profile.bioHtml ? <div className="govuk-body tpc-post__body" dangerouslySetInnerHTML={{ __html: profile.bioHtml }} /> : null}

      {canChangeRole ? (
        <Form method="post" className="tpc-role-form">
          {result && !result.ok ? <p className="govuk-error-message">{result.fieldErrors.role ?? result.formError}</p> : null}
          {result?.ok ? (
            <p className="govuk-body" role="status">
              Role changed to {result.data.role}.
            </p>
          ) : null}
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="role">
              Role
            </label>
            <select id="role" name="role" className="govuk-select" defaultValue={profile.role}>
              <option value="member">Member</option>
              <option value="facilitator">Facilitator</option>
              <option value="admin">Admin</option>
            </select>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary">
            Change role
          </button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">Blog posts</h2>
      {blogPosts.length === 0 ? <p className="govuk-body">No blog posts yet.</p> : null}
      <ul className="govuk-list tpc-thread-list" aria-label={`${profile.fullName}'s recent blog posts`}>
        {blogPosts.map((b) => (
          <li key={b.id} className="tpc-thread-list__item">
            <Link to={b.url} className="govuk-link">
              {b.title}
            </Link>
            <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-0">{b.publishedAt ? formatDate(b.publishedAt) : null}</p>
          </li>
        ))}
      </ul>
      {blogPosts.length ? (
        <p className="govuk-body">
          <Link to={`/blogs/${profile.handle}`} className="govuk-link">
            All of {profile.fullName}&apos;s blog
          </Link>
        </p>
      ) : null}

      <h2 className="govuk-heading-m">Library documents</h2>
      {documents.length === 0 ? <p className="govuk-body">No library documents yet.</p> : null}
      <ul className="govuk-list tpc-thread-list" aria-label={`Library documents added by ${profile.fullName}`}>
        {documents.map((d) => (
          <li key={d.id} className="tpc-thread-list__item">
            <Link to={d.url} className="govuk-link">
              {d.title}
            </Link>
            <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-0">
              {d.itemTypeLabel}
              {d.format ? ` · ${d.format}` : null} · added {formatDate(d.createdAt)}
            </p>
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">Threads started</h2>
      {threads.length === 0 ? <p className="govuk-body">No threads yet.</p> : null}
      <ul className="govuk-list tpc-thread-list">
        {threads.map((t) => (
          <li key={t.id} className="tpc-thread-list__item">
            <Link to={`/forums/${t.forum.slug}/t/${t.id}-${t.slug}`} className="govuk-link">
              {t.title}
            </Link>
            <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-0">
              in {t.forum.name} · {plural(Math.max(0, t.postCount - 1), "reply", "replies")} · {formatDate(t.createdAt)}
            </p>
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">Recent posts</h2>
      {posts.length === 0 ? <p className="govuk-body">No posts yet.</p> : null}
      <ul className="govuk-list tpc-thread-list">
        {posts.map((p) => (
          <li key={p.id} className="tpc-thread-list__item">
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link to={`/p/${p.id}`} className="govuk-link">
                {p.number === 1 ? "Started" : "Replied to"} {p.thread.title}
              </Link>
            </h3>
            <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-0">
              in {p.thread.forum.name} · {formatDateTime(p.createdAt)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
