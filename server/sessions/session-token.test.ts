// Session tokens: a token this lab signed is its session; anything else, however close, is none.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { COOKIE_NAME, readCookie, sessionCookie, TokenSigner } from "./session-token";

it("a token it issued verifies to its session id; another lab's, a changed or a malformed one does not", () => {
  const signer = new TokenSigner(randomBytes(32));
  const token = signer.issue();
  const id = signer.verify(token);
  expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(token.startsWith(`${id}.`)).toBe(true);
  expect(signer.verify(signer.issue())).not.toBe(id);
  expect(new TokenSigner(randomBytes(32)).verify(token)).toBeNull();
  const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
  expect(signer.verify(flipped)).toBeNull();
  for (const bad of [undefined, "", "x", `${id}.`, `${token}x`, token.replace(".", "-")]) expect(signer.verify(bad), String(bad)).toBeNull();
});

it("the secret kept in the state folder is made once (owner-only) and outlives a restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "lab-token-"));
  try {
    const token = TokenSigner.fromStateDir(dir).issue();
    expect(statSync(join(dir, "session-secret")).mode & 0o777).toBe(0o600);
    expect(TokenSigner.fromStateDir(dir).verify(token)).not.toBeNull();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("reads its cookie among others, and sets it HttpOnly, SameSite=Strict, Secure behind https", () => {
  expect(readCookie(`a=1; ${COOKIE_NAME}=tok.en ; b=2`, COOKIE_NAME)).toBe("tok.en");
  expect(readCookie("a=1", COOKIE_NAME)).toBeUndefined();
  expect(readCookie(undefined, COOKIE_NAME)).toBeUndefined();
  expect(sessionCookie("t", false)).toBe(`${COOKIE_NAME}=t; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000`);
  expect(sessionCookie("t", true)).toMatch(/; Secure$/);
});
