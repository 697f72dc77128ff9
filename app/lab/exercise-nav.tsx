"use client";
// The workbook's navigation: one link per exercise, the current one marked.
import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./exercise-nav.module.css";

export function ExerciseNav({ exercises }: { exercises: Array<{ stage: number; title: string }> }) {
  const path = usePathname();
  return (
    <nav aria-label="Exercises" className={styles.nav}>
      <ol>
        {exercises.map((e) => {
          const href = `/exercises/${e.stage}`;
          const current = path === href;
          return (
            <li key={e.stage}>
              <Link href={href} aria-current={current ? "page" : undefined} title={e.title} className={current ? styles.current : undefined}>
                {e.stage}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
