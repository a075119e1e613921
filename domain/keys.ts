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
