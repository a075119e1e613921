/**
 * Runs `f` over `items` with at most `limit` at once, results in the items'
 * order. No domain meaning: the one way rectify bounds its concurrent calls
 * to Temporal (item starts, queries, scripted reports) and the benchmark's.
 */
export async function pool<T, R>(items: T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return out;
}
