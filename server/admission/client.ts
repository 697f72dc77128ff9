// Whose share a session spends: its student's, once it is one (joined, or continued with a
// personal code), so every browser and computer of a student draws on one budget; a session of no
// student is a client of its own. Computed when asked, not stored: a session that joins while its
// run waits to start spends its student's share from then on.
export function clientOf(session: { id: string; student: { id: string } | null }): string {
  return session.student ? `student:${session.student.id}` : `session:${session.id}`;
}
