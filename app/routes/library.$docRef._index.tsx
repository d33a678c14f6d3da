import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { WatchButtons } from "~/components/watch-buttons";
import { formatDate, plural } from "~/lib/format";
import { attempt, load, redirectToSignIn } from "~/lib/use-case.server";
import { useRootData } from "~/root";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.title ?? "Document"} – Library – Total Place Community` }];

const idFrom = (ref: string | undefined) => /^(\d+)/.exec(ref ?? "")?.[1] ?? "0";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const data = await load(request, () => context.services.library.getDocument(context.caller, { documentId: idFrom(params.docRef) }));
  const collections = data.canCurate ? await context.services.library.listCollections(context.caller) : [];
  // Canonical address: the slug may have changed or been left off.
  if (params.docRef !== `${data.document.id}-${data.document.slug}`) throw redirect(data.document.url);
  return json({ ...data, allCollections: collections.map((c) => ({ slug: c.slug, name: c.name })) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  const form = await request.formData();
  const documentId = idFrom(params.docRef);
  const intent = String(form.get("intent") ?? "");
  const result = await attempt(request, form, () => {
    if (intent === "discuss") return context.services.library.startDiscussion(context.caller, { documentId });
    if (intent === "remove") return context.services.library.removeDocument(context.caller, { documentId });
    return context.services.library.setCollectionMembership(context.caller, { documentId, collectionSlug: String(form.get("collection") ?? ""), member: intent === "add-to-collection" });
  });
  if (!result.ok) return json(result, { status: 422 });
  return redirect(result.data.url);
}

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const monthLabel = (key: string) => `${MONTHS[Number(key.slice(5)) - 1]} ${key.slice(0, 4)}`;

export function extractionText(v: { extractionStatus: string; pageCount: number | null; extractionError?: string | null }) {
  switch (v.extractionStatus) {
    case "done":
      return `Text extracted: ${plural(v.pageCount ?? 0, "page")}`;
    case "pending":
      return "Extracting text…";
    case "failed":
      return `Text could not be extracted${v.extractionError ? `: ${v.extractionError}` : ""}`;
    default:
      return "No text to extract (image)";
  }
}

/** Downloads per month as a table with bars: readable by screen readers, visible at a glance. */
function DownloadsChart({ data }: { data: { month: string; count: number }[] }) {
  const max = Math.max(1, ...data.map((d) => d.count));
  const total = data.reduce((n, d) => n + d.count, 0);
  return (
    <table className="govuk-table tpc-bar-chart">
      <caption className="govuk-table__caption govuk-table__caption--s">{`Downloads per month over the past year (${plural(total, "download")} in all)`}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Month
          </th>
          <th scope="col" className="govuk-table__header">
            Downloads
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {data.map((d) => (
          <tr className="govuk-table__row" key={d.month}>
            <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
              {monthLabel(d.month)}
            </th>
            <td className="govuk-table__cell">
              <svg width="200" height="14" aria-hidden="true" focusable="false" className="tpc-bar">
                <rect x="0" y="1" height="12" width={Math.round((d.count / max) * 200)} fill="#1d70b8" />
              </svg>{" "}
              {d.count}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function DocumentPage() {
  const data = useLoaderData<typeof loader>();
  const { me } = useRootData();
  const { document: doc, current } = data;
  const revalidator = useRevalidator();
  const pending = current?.extractionStatus === "pending";
  // While text is being extracted, look again every few seconds (without JavaScript: the refresh link).
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [pending, revalidator]);
  const published = doc.publishedOn ? formatDate(doc.publishedOn) : doc.publishedYear ? String(doc.publishedYear) : null;
  const meta: [string, React.ReactNode][] = [
    ["Type", doc.itemTypeLabel],
    ["Authors", doc.authors ? doc.authors.split("\n").join(", ") : null],
    ["Published", published],
    ["Publisher", doc.publisher || null],
    ["Licence", doc.licence || null],
    ["Themes", doc.themes.length ? doc.themes.join(", ") : null],
    ["Places", doc.places.length ? doc.places.join(", ") : null],
    ["Collections", data.collections.length ? data.collections.map((c, i) => (
      <span key={c.slug}>
        {i ? ", " : ""}
        <Link className="govuk-link" to={`/library/collections/${c.slug}`}>{c.name}</Link>
      </span>
    )) : null],
    ["Added by", data.createdBy ? <Link className="govuk-link" to={`/members/${data.createdBy.handle}`}>{data.createdBy.fullName}</Link> : null],
  ];
  return (
    <>
      <Breadcrumbs trail={[["Library", "/library"]]} />
      <span className="govuk-caption-l">{doc.itemTypeLabel}</span>
      <h1 className="govuk-heading-l">{doc.title}</h1>
      {me ? <WatchButtons targetType="document" targetId={doc.id} state={data.watch} noun="document" /> : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {doc.description ? <p className="govuk-body tpc-pre-line">{doc.description}</p> : null}
          {doc.linkUrl ? (
            <p className="govuk-body">
              <a className="govuk-link" href={doc.linkUrl} rel="nofollow ugc noopener noreferrer">
                Open the link<span className="govuk-visually-hidden">: {doc.title}</span>
              </a>{" "}
              ({new URL(doc.linkUrl).hostname})
            </p>
          ) : null}
          {current ? (
            <>
              <p className="govuk-body">
                <a className="govuk-button govuk-!-margin-bottom-2" href={current.url} download>
                  Download<span className="govuk-visually-hidden"> {doc.title}</span> ({formatSize(current.size)})
                </a>
              </p>
              <p className="govuk-body" id="extraction-status" aria-live="polite">
                <strong className={`govuk-tag ${current.extractionStatus === "failed" ? "govuk-tag--red" : current.extractionStatus === "done" ? "govuk-tag--green" : "govuk-tag--grey"}`}>{extractionText(current)}</strong>{" "}
                {pending ? (
                  <Link className="govuk-link" to={doc.url} reloadDocument>
                    Refresh
                  </Link>
                ) : null}
              </p>
              <h2 className="govuk-heading-m">Preview</h2>
              {current.kind === "pdf" ? (
                <>
                  <iframe className="tpc-pdf-preview" src={`${current.url}?inline=1`} title={`${doc.title} (PDF)`} width="100%" height="640" />
                  <p className="govuk-body-s">
                    <a className="govuk-link" href={`${current.url}?inline=1`}>
                      Open the PDF in a new page
                    </a>
                  </p>
                </>
              ) : current.inline ? (
                <img className="tpc-image-preview" src={`${current.url}?inline=1`} alt={`${doc.title}${doc.description ? `: ${doc.description.slice(0, 200)}` : ""}`} />
              ) : data.previewPages.length ? (
                data.previewPages.map((p) => (
                  <section key={p.number} className="tpc-text-preview" aria-label={`Page ${p.number}`}>
                    <h3 className="govuk-heading-s">{`${current.kind === "pptx" ? "Slide" : "Page"} ${p.number}`}</h3>
                    <p className="govuk-body tpc-pre-line">{p.text}</p>
                  </section>
                ))
              ) : (
                <p className="govuk-body">No preview yet.</p>
              )}
            </>
          ) : null}
          <h2 className="govuk-heading-m">Discussion</h2>
          {data.discussionUrl ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={data.discussionUrl}>
                Join the discussion about this document
              </Link>
            </p>
          ) : me ? (
            <Form method="post">
              <input type="hidden" name="intent" value="discuss" />
              <button className="govuk-button govuk-button--secondary" type="submit">
                Start a discussion
              </button>
            </Form>
          ) : (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/sign-in?next=${encodeURIComponent(doc.url)}`}>Sign in</Link> to start a discussion about this document.
            </p>
          )}
          <h2 className="govuk-heading-m">Downloads</h2>
          <DownloadsChart data={data.downloadsByMonth} />
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">About this item</h2>
          <dl>
            {meta
              .filter(([, v]) => v)
              .map(([k, v]) => (
                <div key={k}>
                  <dt className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-0">{k}</dt>
                  <dd className="govuk-body govuk-!-margin-left-0">{v}</dd>
                </div>
              ))}
          </dl>
          {data.canEdit ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`${doc.url}/edit`}>
                Edit details
              </Link>
              {current ? (
                <>
                  {" · "}
                  <Link className="govuk-link" to={`${doc.url}/versions/new`}>
                    Upload a new version
                  </Link>
                </>
              ) : null}
            </p>
          ) : null}
          {data.canEdit ? (
            <details className="govuk-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">Remove from the library</span>
              </summary>
              <div className="govuk-details__text">
                <p className="govuk-body">This removes the document and every version of its file. Its discussion stays in the forums.</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <button className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" type="submit">
                    Yes, remove this document
                  </button>
                </Form>
              </div>
            </details>
          ) : null}
          {data.versions.length ? (
            <>
              <h2 className="govuk-heading-s">Versions</h2>
              <ol className="govuk-list" reversed>
                {data.versions.map((v) => (
                  <li key={v.id}>
                    <a className="govuk-link" href={v.url}>
                      Version {v.number}: {v.originalName}
                    </a>{" "}
                    <span className="govuk-body-s tpc-muted">
                      {formatSize(v.size)}, {formatDate(v.createdAt)}, {v.uploadedBy.fullName}
                    </span>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {data.canCurate && data.allCollections.length ? (
            <Form method="post">
              <h2 className="govuk-heading-s">Collections</h2>
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="collection">
                  Collection
                </label>
                <select className="govuk-select" id="collection" name="collection">
                  {data.allCollections.map((c) => (
                    <option key={c.slug} value={c.slug}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="govuk-button-group">
                <button className="govuk-button govuk-button--secondary" type="submit" name="intent" value="add-to-collection">
                  Add to collection
                </button>
                <button className="govuk-button govuk-button--warning" type="submit" name="intent" value="remove-from-collection">
                  Remove
                </button>
              </div>
            </Form>
          ) : null}
        </div>
      </div>
    </>
  );
}
