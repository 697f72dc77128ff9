// The exercise's tasks, from its frontmatter: what to identify, determine, propose. Each has a
// notes box; the lab's findings are fetched only when asked for, and not at all while the
// instructor hides them (the page follows a release or a hide live).
import { TaskNotes } from "@/app/editor/task-notes";
import { isReference } from "@/shared/stages";
import type { Task } from "./exercise-content";
import styles from "./exercise.module.css";

const KIND_LABEL: Record<Task["kind"], string> = {
  identify: "Identify",
  determine: "Determine by testing",
  propose: "Propose, implement, test",
  hazard: "Identify the hazard",
};

/** A proposed fix, or the hazard the next fix removes, is the exercise's answer in words. */
const givesAway = (stage: number, task: Task) => isReference(stage) && (task.kind === "propose" || task.kind === "hazard");

export function TaskList({ stage, tasks, showFindings }: { stage: number; tasks: Task[]; showFindings: boolean }) {
  if (tasks.length === 0) return null;
  return (
    <section aria-labelledby={`tasks-${stage}`} className={styles.tasks}>
      <h2 id={`tasks-${stage}`}>Your tasks</h2>
      <ol>
        {tasks.map((task) => (
          <li key={task.id} id={`task-${task.id}`}>
            <p className={styles.taskKind}>{KIND_LABEL[task.kind]}</p>
            <p>{task.prompt}</p>
            <TaskNotes stage={stage} taskId={task.id} findingsUrl={`/findings/${stage}/${task.id}`} findingsShown={showFindings} withAnswer={givesAway(stage, task)} />
          </li>
        ))}
      </ol>
    </section>
  );
}
