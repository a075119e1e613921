/** `rectify start` hands items over in updates Temporal accepts: at most 200 items and about 1 MB each (the limit is 2 MB). */
import { batchesOf } from '../runtime/start-campaign';

test('a city of small items goes over 200 at a time, every item once, in order', () => {
  const items = Array.from({ length: 10001 }, (_, n) => ({ id: `(${n + 1})` }));
  const batches = batchesOf(items);
  expect(batches).toHaveLength(51);
  expect(batches.every(([a, b]) => b - a <= 200)).toBe(true);
  expect(batches.flatMap(([a, b]) => items.slice(a, b))).toEqual(items);
});

test('large items (long problems and measures) are split by size, so no update nears 2 MB', () => {
  const items = Array.from({ length: 200 }, (_, n) => ({ id: `(${n + 1})`, problem: '问'.repeat(8000) }));
  const batches = batchesOf(items);
  expect(batches.length).toBeGreaterThan(4);
  for (const [a, b] of batches) expect(Buffer.byteLength(JSON.stringify(items.slice(a, b)))).toBeLessThan(1_100_000);
  expect(batches.flatMap(([a, b]) => items.slice(a, b))).toEqual(items);
});
