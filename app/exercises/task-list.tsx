// The exercise's tasks, from its frontmatter: what to identify, determine, propose.
import type { Task } from "./exercise-content";
import styles from "./exercise.module.css";

const KIND_LABEL: Record<Task["kind"], string> = {
  identify: "Identify",
  determine: "Determine by testing",
  propose: "Propose, implement, test",
  hazard: "Identify the hazard",
};

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
            {showFindings && (
              <details>
                <summary>The lab&apos;s findings</summary>
                <p>{task.findings}</p>
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
