// What a check is: an id and a name, what a correct program does, and the code that finds out.
import type { CheckContext } from "./harness";

export interface CheckDefinition {
  id: string;
  name: string;
  expected: string;
  /** Run the program with a very short thread switch interval, so races show (the stress check). */
  fastSwitch?: boolean;
  /** Trace the program (its threads, locks and shared list: ctx.trace), for the lock check. */
  traced?: boolean;
  /** A safety net: the check's own waits are shorter, but a stuck check ends here. */
  timeoutMs: number;
  /** Resolves with what happened when the program passes; throws CheckFailed when it does not. */
  run(ctx: CheckContext): Promise<string>;
}
