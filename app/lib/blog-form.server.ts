import { json, redirect, unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { MAX_COVER_BYTES } from "../../server/modules/blogs/blogs.schema";
import { attempt, formObject } from "./use-case.server";

const COVER_TOO_LARGE = "\u0000cover-too-large";

/**
 * The cover image part: kept in memory up to the limit; a larger picture is read to its end and dropped, so
 * the rest of the form (the member's text) still arrives and is kept.
 */
const coverHandler: UploadHandler = async ({ name, filename, contentType, data }) => {
  if (name !== "cover" || !filename) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size <= MAX_COVER_BYTES) chunks.push(chunk);
  }
  return size > MAX_COVER_BYTES ? COVER_TOO_LARGE : new File(chunks as unknown as BlobPart[], filename, { type: contentType });
};

/** Reads the write/edit form: multipart when a cover image may be attached, plain form posts otherwise. */
async function readForm(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { form: await request.formData(), tooLarge: false };
  // Text fields are far smaller than this; it only stops a hostile request from filling memory.
  const form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(coverHandler, unstable_createMemoryUploadHandler({ maxPartSize: 200_000 })));
  const tooLarge = form.get("cover") === COVER_TOO_LARGE;
  if (tooLarge) form.delete("cover");
  return { form, tooLarge };
}

export type BlogFormResult =
  | { ok: false; formError: string; fieldErrors: Record<string, string>; values: Record<string, string>; preview?: undefined }
  | { ok: true; preview: { title: string; html: string; highlights: string[] }; values: Record<string, string>; formError?: undefined; fieldErrors?: undefined };

/**
 * The one action behind the write and edit pages: "Preview" renders the Markdown and returns the form as
 * typed; "Save draft", "Publish" and "Schedule" save through blogs.savePost and go to the post.
 */
export async function blogFormAction(request: Request, context: AppLoadContext, postId?: string) {
  const { form, tooLarge } = await readForm(request);
  const values = formObject(form);
  if (tooLarge) return json({ ok: false, formError: "There is a problem", fieldErrors: { cover: "The cover image must be 5 MB or smaller" }, values } satisfies BlogFormResult, { status: 422 });
  const { blogs } = context.services;
  if (values.intent === "preview") {
    const r = await attempt(request, form, async () => blogs.previewPost(context.caller, values));
    if (!r.ok) return json(r satisfies BlogFormResult, { status: 422 });
    return json({ ok: true, preview: r.data, values } satisfies BlogFormResult);
  }
  const file = form.get("cover");
  const cover = file && typeof file !== "string" && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()) } : undefined;
  const r = await attempt(request, form, () => blogs.savePost(context.caller, { ...values, postId, cover }));
  if (!r.ok) return json(r satisfies BlogFormResult, { status: 422 });
  return redirect(r.data.url);
}
