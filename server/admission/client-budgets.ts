// Rate budgets per client (client.ts: the student, or a session of no student), so a student's
// tabs, browsers and computers draw on one budget for messages and terminal bytes, as they do for
// runs and sockets: opening another tab or session gains no second budget. Looked up on each use,
// not kept on the session: a session that joins spends its student's budget from then on.
import type { LabConfig } from "../config";
import { controlBudget, type TokenBucket } from "../sessions/rate-limit";
import { terminalBudget, type TerminalBudget } from "../terminals/terminal-budget";
import { clientOf } from "./client";

/** A client's terminals together may carry this many times one run's rate. */
export const CLIENT_TERMINAL_RATES = 4;

interface Budgets {
  control: { messages: TokenBucket; bytes: TokenBucket };
  terminal: TerminalBudget;
}

/** Forget budgets once this many more clients than at the last sweep have one. */
const SWEEP_EVERY = 256;

export class ClientBudgets {
  private readonly byClient = new Map<string, Budgets>();
  private sweepAt = SWEEP_EVERY;

  constructor(private readonly rates: LabConfig["rates"]) {}

  private of(session: { id: string; student: { id: string } | null }): Budgets {
    const client = clientOf(session);
    let budgets = this.byClient.get(client);
    if (!budgets) {
      if (this.byClient.size >= this.sweepAt) this.sweep();
      budgets = { control: controlBudget(this.rates), terminal: terminalBudget(CLIENT_TERMINAL_RATES * this.rates.terminalBytesPerSecond) };
      this.byClient.set(client, budgets);
    }
    return budgets;
  }

  /** What all of the client's pages may send on their control sockets together. */
  control(session: { id: string; student: { id: string } | null }): Budgets["control"] {
    return this.of(session).control;
  }

  /** What all of the client's terminals may carry together, each way. */
  terminal(session: { id: string; student: { id: string } | null }): TerminalBudget {
    return this.of(session).terminal;
  }

  get clients(): number {
    return this.byClient.size;
  }

  // Minted sessions each get a client key: a budget refilled to the full is the same as a new one,
  // so forgetting it loses nothing and keeps the map to the clients sending lately.
  private sweep(): void {
    for (const [client, b] of this.byClient) {
      if (b.control.messages.full && b.control.bytes.full && b.terminal.input.full && b.terminal.output.full) this.byClient.delete(client);
    }
    this.sweepAt = this.byClient.size + SWEEP_EVERY;
  }
}
