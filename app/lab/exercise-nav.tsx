"use client";
// The workbook's navigation: one link per exercise, the current one marked.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useDone } from "@/app/checks/progress-store";
import styles from "./exercise-nav.module.css";

export function ExerciseNav({ exercises }: { exercises: Array<{ stage: number; title: string }> }) {
  const path = usePathname();
  const done = useDone();
  return (
    <nav aria-label="Exercises" className={styles.nav}>
      <ol>
        {exercises.map((e) => {
          const href = `/exercises/${e.stage}`;
          const current = path === href;
          const passed = done.has(e.stage);
          return (
            <li key={e.stage}>
              {/* Not prefetched: the next exercise starts from this one's answer, which this page
                  must not receive before the student reveals it. */}
              <Link
                href={href}
                prefetch={false}
                aria-current={current ? "page" : undefined}
                title={`${e.title}${passed ? " (done: its checks passed)" : ""}`}
                className={[current && styles.current, passed && styles.done].filter(Boolean).join(" ") || undefined}
                data-done={passed || undefined}
              >
                {e.stage}
                {passed && <span className={styles.tick} aria-label="done">✓</span>}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
