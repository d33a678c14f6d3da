import { unstable_parseMultipartFormData, type AppLoadContext, type UploadHandlerPart } from "@remix-run/node";
import type { StagedUpload } from "../../server/modules/library/library";
import { isUserError, redirectToSignIn, type UserErrorLike } from "~/lib/use-case.server";

const MAX_FIELD_BYTES = 100_000;

/**
 * Reads a library upload form as it streams in: the file part goes straight to the file store through
 * library.stageUpload (checked, or removed and refused), text fields are kept in memory with a size cap.
 * Anything the handler refuses is still read to its end so the rest of the form arrives.
 */
export async function parseLibraryUpload(request: Request, context: AppLoadContext) {
  if (!context.caller) throw redirectToSignIn(request);
  let upload: StagedUpload | null = null;
  let uploadError: UserErrorLike | null = null;
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) return { form: await request.formData(), upload, uploadError };

  async function handler(part: UploadHandlerPart) {
    const iterator = part.data[Symbol.asyncIterator]();
    // Our own generator so that a refused file does not end the shared multipart stream early.
    const chunks = (async function* () {
      for (;;) {
        const r = await iterator.next();
        if (r.done) return;
        yield r.value;
      }
    })();
    const drain = async () => {
      for (;;) if ((await iterator.next()).done) return;
    };
    if (part.filename === undefined) {
      let text = "";
      let size = 0;
      const decoder = new TextDecoder();
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size <= MAX_FIELD_BYTES) text += decoder.decode(chunk, { stream: true });
      }
      return text + decoder.decode();
    }
    if (part.name !== "file" || !part.filename || upload || uploadError) {
      await drain();
      return undefined;
    }
    try {
      upload = await context.services.library.stageUpload(context.caller, { fileName: part.filename, data: chunks });
    } catch (error) {
      if (!isUserError(error)) throw error;
      uploadError = error;
    }
    await drain();
    return part.filename;
  }

  const form = await unstable_parseMultipartFormData(request, handler);
  return { form, upload: upload as StagedUpload | null, uploadError: uploadError as UserErrorLike | null };
}

/** Flat form fields to the document use-case input (checkbox lists as arrays). */
export function documentFieldsFrom(form: FormData) {
  const text = (k: string) => String(form.get(k) ?? "");
  return {
    title: text("title"),
    authors: text("authors"),
    itemType: text("itemType") || undefined,
    themes: form.getAll("themes").map(String),
    places: form.getAll("places").map(String),
    publishedDay: text("publishedDay"),
    publishedMonth: text("publishedMonth"),
    publishedYear: text("publishedYear"),
    publisher: text("publisher"),
    description: text("description"),
    licence: text("licence"),
    linkUrl: text("linkUrl"),
  };
}

/** Whether the request came from the page's XMLHttpRequest (progress bar), which wants JSON back. */
export const wantsJson = (request: Request) => request.headers.get("X-Upload-Progress") === "1";
