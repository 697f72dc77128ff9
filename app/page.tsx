import Link from "next/link";
import { DoneBadge } from "./checks/done-badge";
import { loadAllExercises } from "./exercises/exercise-content";
import styles from "./page.module.css";

export default function Home() {
  const exercises = loadAllExercises();
  return (
    <>
      <h1>Chat Server Lab</h1>
      <p className={styles.lead}>
        A chat server connects two or more clients so that what one types, the others read. You will grow one in six
        stages, from a program that only echoes your keyboard to a threaded server many clients chat through. At each
        stage you run the program on the lab server, connect to it from terminals in your browser, find its weakness by
        testing, and fix it.
      </p>
      <ol className={styles.list}>
        {exercises.map((e) => (
          <li key={e.stage}>
            <Link href={`/exercises/${e.stage}`} className={styles.card} prefetch={false}>
              <span className={styles.number}>
                Exercise {e.stage} <DoneBadge stage={e.stage} className={styles.done} />
              </span>
              <span className={styles.title}>{e.title}</span>
              <span className={styles.summary}>{e.summary}</span>
            </Link>
          </li>
        ))}
      </ol>
    </>
  );
}
