import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "@xterm/xterm/css/xterm.css";
import "./globals.css";
import "./programs/highlight.css";
import { loadAllExercises } from "./exercises/exercise-content";
import { JoinGate } from "./class/join-gate";
import { NoticeBar } from "./class/notice-bar";
import { StudentBadge } from "./class/student-badge";
import { ExerciseNav } from "./lab/exercise-nav";
import { SandboxBanner } from "./lab/sandbox-banner";
import { RunningPrograms } from "./runs/running-programs";
import styles from "./layout.module.css";

export const metadata: Metadata = {
  title: { default: "Chat Server Lab", template: "%s · Chat Server Lab" },
  description: "Learn TCP network programming by growing a chat server in six stages, in your browser.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const exercises = loadAllExercises().map((e) => ({ stage: e.stage, title: e.title }));
  return (
    <html lang="en">
      <body>
        <a className="visually-hidden" href="#main">
          Skip to the exercise
        </a>
        <header className={styles.header}>
          <Link href="/" className={styles.brand}>
            Chat Server Lab
          </Link>
          <ExerciseNav exercises={exercises} />
          <RunningPrograms />
          <Link href="/compare" className={styles.compare}>
            Compare
          </Link>
          <StudentBadge />
        </header>
        <NoticeBar />
        <JoinGate />
        <SandboxBanner />
        <main id="main" className={styles.main}>
          {children}
        </main>
      </body>
    </html>
  );
}
