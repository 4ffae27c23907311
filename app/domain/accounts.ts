/** An admin cannot disable their own account (they would lock themselves out). */
export function disableAccountProblems(actorId: number, userId: number): { path?: string; message: string }[] {
  return actorId === userId ? [{ message: 'You cannot disable your own account.' }] : []
}
