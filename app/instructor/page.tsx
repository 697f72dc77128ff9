import type { Metadata } from "next";
import { ClassBoardView } from "./class-board-view";

export const metadata: Metadata = { title: "Instructor", robots: { index: false } };

export default function InstructorPage() {
  return <ClassBoardView />;
}
