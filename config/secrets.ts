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
