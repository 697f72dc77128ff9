// Which exercises' answers students may see, live: LAB_REFERENCE sets every exercise at start when
// it is set; unset, the lab keeps what the instructor chose last (a restart mid-class must not show
// an answer they hid), or "on-request" in a new class. A change is kept in the class store,
// published to the site's pages (server/stages/published-answers.ts) and told to every open page.
import { allAnswers, AnswerStates, type AnswerState } from "../../shared/answer-states";
import { publishAnswerStates } from "../stages/published-answers";
import type { ClassStore } from "../store/class-store";

const SETTING = "answers";

export class AnswerRelease {
  private readonly listeners = new Set<(states: AnswerStates) => void>();

  private constructor(
    private current: AnswerStates,
    private readonly store: ClassStore,
  ) {
    publishAnswerStates(current);
  }

  /** fromSetting: LAB_REFERENCE's choice when it was set, undefined when it was not. */
  static async load(store: ClassStore, fromSetting: boolean | undefined): Promise<AnswerRelease> {
    let states = allAnswers(fromSetting === false ? "hidden" : "on-request");
    if (fromSetting === undefined) {
      const kept = AnswerStates.safeParse(JSON.parse((await store.setting(SETTING)) ?? "null"));
      if (kept.success) states = kept.data;
    } else await store.setSetting(SETTING, JSON.stringify(states));
    return new AnswerRelease(states, store);
  }

  get states(): AnswerStates {
    return [...this.current];
  }

  state(exercise: number): AnswerState {
    return this.current[exercise] ?? "hidden";
  }

  /** The instructor's choice for one exercise: pages follow at once; it is kept when the database can. */
  async set(exercise: number, state: AnswerState): Promise<void> {
    if (this.current[exercise] === undefined || this.current[exercise] === state) return;
    this.current = this.current.map((s, i) => (i === exercise ? state : s));
    publishAnswerStates(this.current);
    for (const listener of this.listeners) listener(this.states);
    await this.store.setSetting(SETTING, JSON.stringify(this.current));
  }

  watch(listener: (states: AnswerStates) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
