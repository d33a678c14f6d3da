import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "../../logger.ts";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * Sends mail through SMTP_URL, or — with no SMTP configured — writes each message as an .eml file under
 * DATA_DIR/mail and logs where, so development and demos can read what would have gone out.
 */
export function createMailer(opts: { smtpUrl?: string; dataDir: string; from: string; log: Logger }) {
  const { log } = opts;
  const mailDir = path.join(opts.dataDir, "mail");
  const smtp = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  const files = smtp ? null : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  if (!smtp) log.info({ mailDir }, "no SMTP_URL: outgoing email is written as .eml files");

  async function send(mail: OutgoingMail) {
    const message = { from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers };
    if (smtp) {
      await smtp.sendMail(message);
      return;
    }
    const info = await files!.sendMail(message);
    await mkdir(mailDir, { recursive: true });
    const file = path.join(mailDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`);
    await writeFile(file, info.message as Buffer);
    log.info({ file, to: mail.to, subject: mail.subject }, "email written to file (no SMTP configured)");
  }

  return { send, close: () => smtp?.close(), mailDir };
}

export type Mailer = ReturnType<typeof createMailer>;

/** APP_SECRET, or a random secret generated once and kept under DATA_DIR so links survive restarts. */
export function loadSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, "app-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString("hex");
    // wx: of two processes starting at once, the second reads the first one's secret.
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

/** Signed unsubscribe tokens: "<userId>.<scope>.<signature>", scope a kind, "weekly_digest" or "all". */
export function createUnsubscribeTokens(secret: string) {
  const sign = (payload: string) => createHmac("sha256", secret).update(`unsubscribe:${payload}`).digest("base64url").slice(0, 32);
  return {
    make(userId: string, scope: string) {
      return `${userId}.${scope}.${sign(`${userId}.${scope}`)}`;
    },
    read(token: string): { userId: string; scope: string } | null {
      const m = /^([A-Za-z0-9_-]{1,64})\.([a-z_]{1,40})\.([A-Za-z0-9_-]{32})$/.exec(token);
      if (!m) return null;
      const expected = Buffer.from(sign(`${m[1]}.${m[2]}`));
      const given = Buffer.from(m[3]);
      return expected.length === given.length && timingSafeEqual(expected, given) ? { userId: m[1], scope: m[2] } : null;
    },
  };
}
