import { hash, verify } from "@node-rs/argon2";
import { generateIdFromEntropySize } from "lucia";
import { Prisma } from "../../db/generated/client.ts";
import { TooManyRequests, UserError, ValidationError, validate } from "../../lib/errors.ts";
import { minutesText, RateLimiter } from "../../lib/rate-limit.ts";
import { slugify } from "../../lib/slug.ts";
import type { ModuleDeps } from "../deps.ts";
import type { AppLucia } from "./lucia.ts";
import { signInSchema, signUpSchema, HANDLE_PATTERN } from "./auth.schema.ts";

// argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes).
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function createAuth(deps: ModuleDeps & { lucia: AppLucia }) {
  const { db, log, lucia } = deps;
  // Sign-in: 20 tries per IP and 5 failures per account in 15 minutes.
  const signInByIp = new RateLimiter(20, 15 * 60_000);
  const signInFailuresByAccount = new RateLimiter(5, 15 * 60_000);
  const signUpByIp = new RateLimiter(10, 60 * 60_000);
  // A hash to verify against when the email is unknown, so timing does not reveal which emails exist.
  const dummyHash = hash("not-a-real-password", ARGON2);

  /** The first free handle built from a name: "Amina Hussain" → amina-hussain, amina-hussain2, … */
  async function suggestHandle(fullName: string): Promise<string> {
    // Names with no Latin letters (slugify's fallback) or very short ones get a neutral base.
    const slug = slugify(fullName, 26);
    let base = slug === "thread" && !/thread/i.test(fullName) ? "member" : slug.length < 3 ? `member-${slug}` : slug;
    if (!HANDLE_PATTERN.test(base)) base = "member";
    const taken = new Set(
      (await db.user.findMany({ where: { handle: { startsWith: base } }, select: { handle: true } })).map((u) => u.handle),
    );
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
  }

  async function signUp(input: unknown, ctx: { ip: string }) {
    const wait = signUpByIp.hit(ctx.ip);
    if (wait) throw new TooManyRequests(`Too many new accounts from your network. Try again in ${minutesText(wait)}.`, wait);
    const data = validate(signUpSchema, input);
    const handle = data.handle || (await suggestHandle(data.fullName));
    const existing = await db.user.findFirst({
      where: { OR: [{ email: data.email }, { handle }] },
      select: { email: true, handle: true },
    });
    if (existing?.email === data.email) throw new ValidationError({ email: "An account with that email address already exists – sign in instead" });
    if (existing?.handle === handle) throw new ValidationError({ handle: `The handle @${handle} is taken – try @${await suggestHandle(handle)}` });
    const id = generateIdFromEntropySize(10);
    try {
      await db.user.create({
        data: {
          id,
          handle,
          fullName: data.fullName,
          email: data.email,
          passwordHash: await hash(data.password, ARGON2),
          organisation: data.organisation,
          place: data.place,
          jobTitle: data.jobTitle,
        },
      });
    } catch (error) {
      // Two sign-ups racing for the same email or handle.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new ValidationError({ email: "An account with that email address or handle already exists" });
      }
      throw error;
    }
    log.info({ userId: id, handle }, "member signed up");
    const session = await lucia.createSession(id, {});
    return { userId: id, handle, session, cookie: lucia.createSessionCookie(session.id).serialize() };
  }

  async function signIn(input: unknown, ctx: { ip: string }) {
    const data = validate(signInSchema, input);
    const ipWait = signInByIp.hit(ctx.ip);
    const accountWait = signInFailuresByAccount.check(data.email);
    const wait = Math.max(ipWait, accountWait);
    if (wait) {
      log.warn({ ip: ctx.ip, email: data.email }, "sign-in rate limited");
      throw new TooManyRequests(`Too many sign-in attempts. Try again in ${minutesText(wait)}.`, wait);
    }
    const user = await db.user.findUnique({ where: { email: data.email }, select: { id: true, passwordHash: true } });
    const ok = user ? await verify(user.passwordHash, data.password) : (await verify(await dummyHash, data.password), false);
    if (!user || !ok) {
      signInFailuresByAccount.hit(data.email);
      throw new UserError("Email address or password is not right", 401, { email: "Email address or password is not right" });
    }
    signInFailuresByAccount.reset(data.email);
    const session = await lucia.createSession(user.id, {});
    return { userId: user.id, cookie: lucia.createSessionCookie(session.id).serialize() };
  }

  async function signOut(sessionId: string | null) {
    if (sessionId) await lucia.invalidateSession(sessionId);
    return { cookie: lucia.createBlankSessionCookie().serialize() };
  }

  /** Reads the session cookie of a request; refreshes it when Lucia extends the session. */
  async function sessionFromCookie(cookieHeader: string | undefined) {
    const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
    if (!sessionId) return { user: null, session: null, setCookie: null };
    const { session, user } = await lucia.validateSession(sessionId);
    let setCookie: string | null = null;
    if (!session) setCookie = lucia.createBlankSessionCookie().serialize();
    else if (session.fresh) setCookie = lucia.createSessionCookie(session.id).serialize();
    return { user: user ? { id: user.id, handle: user.handle, fullName: user.fullName, role: user.role } : null, session, setCookie };
  }

  return { signUp, signIn, signOut, sessionFromCookie, suggestHandle, hashPassword: (p: string) => hash(p, ARGON2) };
}

export type AuthService = ReturnType<typeof createAuth>;
