// Whose share a session spends: its student's, once it is one (joined, or continued with a
// personal code), so every browser and computer of a student draws on one budget; a session of no
// student is a client of its own. Computed when asked, not stored: a session that joins while its
// run waits to start spends its student's share from then on.
export function clientOf(session: { id: string; student: { id: string } | null }): string {
  return session.student ? `student:${session.student.id}` : `session:${session.id}`;
}

/**
 * Whose turn a session waits in, in the start and check lines: its student's, or, for a session of
 * no student, its network address's. A student's page cannot be used before joining, so sessions of
 * no student are scripts (and the instructor): a dozen minted from one address take one turn per
 * round together, not a dozen, and a student behind them waits for one at most.
 */
export function turnOf(session: { id: string; student: { id: string } | null; address: string }): string {
  return session.student ? `student:${session.student.id}` : `address:${session.address}`;
}
