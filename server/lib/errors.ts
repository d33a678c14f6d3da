/** Errors a user can cause. Routes turn them into form messages or status codes, never a 500. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 = 400,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    // app/ recognises these by name (it may not import server classes).
    this.name = "UserError";
  }
}

export class NotFound extends UserError {
  constructor(what = "Page") {
    super(`${what} not found`, 404);
  }
}

export class Forbidden extends UserError {
  constructor(message = "You do not have permission to do that") {
    super(message, 403);
  }
}

export class SignInRequired extends UserError {
  constructor() {
    super("Sign in to do that", 401);
  }
}

export class TooManyRequests extends UserError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, 429);
  }
}

/** Turns a zod error into one message per field (the first issue for each), for forms. */
export function fieldErrorsFrom(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

export class ValidationError extends UserError {
  constructor(fieldErrors: Record<string, string>) {
    super("There is a problem", 422, fieldErrors);
  }
}

/** Parses with a zod schema, throwing a ValidationError with per-field messages. */
export function validate<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(fieldErrorsFrom(r.error.issues));
  return r.data;
}
