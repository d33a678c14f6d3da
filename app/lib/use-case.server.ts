import { redirect } from "@remix-run/node";

/** The shape of the server's UserError, recognised by name because app/ does not import server classes. */
export interface UserErrorLike {
  name: "UserError";
  message: string;
  status: number;
  fieldErrors: Record<string, string>;
  retryAfterSeconds?: number;
}

export function isUserError(error: unknown): error is UserErrorLike {
  return error instanceof Error && error.name === "UserError" && "status" in error;
}

/** For loaders: user errors become HTTP responses (404, 403, sign-in redirect); anything else is a 500. */
export async function load<T>(request: Request, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUserError(error)) {
      if (error.status === 401) throw redirectToSignIn(request);
      // A malformed id in the address is a page that does not exist.
      if (error.status === 422) throw new Response("Page not found", { status: 404 });
      throw new Response(error.message, { status: error.status });
    }
    throw error;
  }
}

export type ActionFailure = { ok: false; formError: string; fieldErrors: Record<string, string>; values: Record<string, string> };

/**
 * For actions: returns the use case's result, or a failure the form shows next to its fields with the
 * user's text kept (values).
 */
export async function attempt<T>(request: Request, form: FormData, run: () => Promise<T>): Promise<{ ok: true; data: T } | ActionFailure> {
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    if (isUserError(error)) {
      if (error.status === 401) throw redirectToSignIn(request);
      const values: Record<string, string> = {};
      for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "password") values[k] = v;
      return { ok: false, formError: error.message, fieldErrors: error.fieldErrors, values };
    }
    throw error;
  }
}

export function redirectToSignIn(request: Request) {
  const url = new URL(request.url);
  return redirect(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Only same-site relative paths are allowed as post-sign-in destinations. */
export function safeNext(next: string | null | undefined, fallback = "/") {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : fallback;
}

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") out[k] = v;
  return out;
}
