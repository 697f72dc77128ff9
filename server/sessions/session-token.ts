// Session tokens: random, signed with the lab's secret, carried in an HttpOnly SameSite=Strict
// cookie. The signature lets a token survive a lab restart while a forged one is refused.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const COOKIE_NAME = "lab_session";
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/;

export class TokenSigner {
  constructor(private readonly secret: Buffer) {}

  /** The lab's secret lives in its state directory, so tokens outlive a restart. */
  static fromStateDir(dir: string): TokenSigner {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, "session-secret");
    if (!existsSync(file)) writeFileSync(file, randomBytes(32), { mode: 0o600 });
    return new TokenSigner(readFileSync(file));
  }

  private sign(id: string): string {
    return createHmac("sha256", this.secret).update(id).digest("base64url").slice(0, 22);
  }

  issue(): string {
    const id = randomBytes(16).toString("base64url");
    return `${id}.${this.sign(id)}`;
  }

  /** The session id inside a token, or null when the token is malformed or not signed by this lab. */
  verify(token: string | undefined): string | null {
    if (!token || !TOKEN_SHAPE.test(token)) return null;
    const [id, signature] = token.split(".");
    const expected = Buffer.from(this.sign(id));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${COOKIE_NAME}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${30 * 24 * 3600}${secure ? "; Secure" : ""}`;
}
