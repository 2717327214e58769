/**
 * Runs the baseline and the subject in turns, swapping which goes first every round, so that
 * a machine getting slower or faster during the run (other tenants, thermal limits) weighs on
 * both alike instead of on whichever ran last.
 */
export async function alternate<T>(
  rounds: number,
  baseline: () => Promise<T>,
  subject: () => Promise<T>
): Promise<{ baseline: T[]; subject: T[] }> {
  const results = { baseline: [] as T[], subject: [] as T[] };
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      results.baseline.push(await baseline());
      results.subject.push(await subject());
    } else {
      results.subject.push(await subject());
      results.baseline.push(await baseline());
    }
  }
  return results;
}
