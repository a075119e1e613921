/**
 * Item keys: the workflow-id-safe form of an item id as printed in a plan.
 * "(12)", "（12）" and "12" are the same item, key "12". Pure.
 */
export function itemKeyOf(id: string): string {
  const trimmed = id.trim();
  const bracketed = /^[(（]\s*([^()（）]+?)\s*[)）]$/.exec(trimmed);
  const core = bracketed ? bracketed[1] : trimmed;
  return core.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'item';
}

/**
 * The item a person means: the id exactly as printed ("(12)"), its key ("12"),
 * or any spelling with the same key ("（12）", "12"). Undefined when none;
 * a list when several items could be meant.
 */
export function matchItem<T extends { id: string; key: string }>(items: T[], given: string): T | T[] | undefined {
  const g = given.trim();
  const exact = items.find((i) => i.id === g) ?? items.find((i) => i.key === g);
  if (exact) return exact;
  const alike = items.filter((i) => itemKeyOf(i.id) === itemKeyOf(g));
  return alike.length === 1 ? alike[0] : alike.length > 1 ? alike : undefined;
}
