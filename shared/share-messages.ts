// Class chat in the one message schema (shared/protocol.ts imports these): a student shares a
// running program with the class, classmates see it among "Servers you can join" and join it
// with a terminal (/ws/terminal?share=ID), the owner sees who is connected and from where.
import { z } from "zod";

/** A share's id: random, unguessable, and all a joiner ever learns of the owner's run. */
export const ShareId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, "a share id from the list of servers you can join");
export type ShareId = z.infer<typeof ShareId>;

/** One person connected to a shared server, as the owner sees them. */
export const Joiner = z.object({
  joinerId: z.string(),
  name: z.string(),
  /** The source address the program sees for this person, on the run's loopback (127.0.x.y). */
  address: z.string(),
  /** When they connected, ms since the epoch. */
  since: z.number(),
});
export type Joiner = z.infer<typeof Joiner>;

export const ShareView = z.object({
  shareId: ShareId,
  /** The owner's name, and what runs: "Ana — chatserver4.py (her own version)". */
  owner: z.string(),
  label: z.string(),
  port: z.number().int(),
  /** Shared by the instructor, with the whole class. */
  instructor: z.boolean(),
  joiners: z.number().int().nonnegative(),
  maxJoiners: z.number().int().positive(),
  /** Only in the owner's own view of their share: the run it belongs to and who is connected. */
  runId: z.string().optional(),
  connected: z.array(Joiner).optional(),
});
export type ShareView = z.infer<typeof ShareView>;

export const ShareClientMessages = [
  /** "Share with the class": the run's listening port becomes joinable by classmates. */
  z.object({ type: z.literal("share.start"), runId: z.string().max(64) }),
  /** "Unshare": every joined terminal is closed, with a message saying so. */
  z.object({ type: z.literal("share.stop"), runId: z.string().max(64) }),
  /** The owner disconnects one person. */
  z.object({ type: z.literal("share.disconnect"), shareId: ShareId, joinerId: z.string().max(64) }),
] as const;

export const ShareServerMessages = [
  /** Every share this session may see (its class's, and its own with who is connected); sent on connect and whenever one changes. */
  z.object({ type: z.literal("shares"), shares: z.array(ShareView) }),
] as const;
