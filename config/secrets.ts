/** Secrets (passwords, keys) from the environment or from files: never logged, never in workflow histories. */
import { readFileSync } from 'node:fs';

/** A secret from the environment (NAME) or from the file it names (NAME_FILE); the value itself wins. Never logged. */
export function secret(value: string | undefined, file: string | undefined, name: string): string | undefined {
  if (value !== undefined) return value;
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`environment ${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Whether a public address is a production one: https, or a host other than
 * this machine. Secrets there must be strong; on loopback (`rectify up`, tests)
 * nothing is reachable from outside, so the short ones of a trial still do.
 */
export function isProductionUrl(url: string | undefined): boolean {
  if (!url) return false;
  let u: URL;
  try { u = new URL(url); } catch { return false; }
  if (u.protocol === 'https:') return true;
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return !(host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1');
}

/** Shortest string that repeats to make the whole (its own length when none does). */
function period(s: string): number {
  for (let p = 1; p <= s.length / 2; p++) {
    let repeats = true;
    for (let i = p; i < s.length && repeats; i++) repeats = s[i] === s[i - p];
    if (repeats) return p;
  }
  return s.length;
}

/**
 * Why a secret is too weak for a public service, or undefined when it is not.
 * An estimate, not a proof: at least 32 characters (128 bits of hex), at least
 * 10 different ones, no repeated shorter sequence, and not mostly runs like
 * `aaaa` or `abcd`. `openssl rand -hex 24` (or 32) always passes.
 */
export function secretWeakness(value: string): string | undefined {
  const chars = [...value];
  if (chars.length < 32) return `only ${chars.length} characters, at least 32 are needed`;
  if (new Set(chars).size < 10) return `only ${new Set(chars).size} different characters, at least 10 are needed`;
  if (period(value) < value.length) return 'it repeats a shorter sequence';
  let runs = 0;
  for (let i = 1; i < chars.length; i++) if (Math.abs(chars[i].codePointAt(0)! - chars[i - 1].codePointAt(0)!) <= 1) runs++;
  if (runs * 2 > chars.length - 1) return 'it is mostly runs of repeated or consecutive characters';
  return undefined;
}

/** Refuses a weak secret on a production address; the message names the variable and never the value. */
export function requireStrong(value: string, name: string, publicUrl: string | undefined): void {
  if (!isProductionUrl(publicUrl)) return;
  const weak = secretWeakness(value);
  if (weak) {
    throw new Error(`environment ${name}: too weak for a public service (${publicUrl}): ${weak}. `
      + 'Anyone who guesses it gets in; use at least 128 bits of randomness, e.g. openssl rand -hex 32');
  }
}
