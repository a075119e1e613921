/**
 * What test/language.test.ts and the web pages' scan (test/web-signin.test.ts) count as an English sentence:
 * a run of three or more English words once what is not prose is taken out (option names, placeholders, file
 * names and paths, URLs, quoted values, upper-case names, identifiers, the command line, product names).
 */
/** Product and format names an office writes in Latin letters in Chinese text too. */
const NAMES = ['Temporal', 'Web UI', 'Word', 'Excel', 'WPS', 'LibreOffice', 'PostgreSQL', 'SQLite', 'Debian', 'Go', 'Java', 'Node.js',
  'worker', 'rectify', 'Asia/Shanghai', 'Europe/London', 'YYYY-MM-DD', 'HH:MM', 'e-mail'];

/** The English sentences in `text` (empty when there are none). */
export function englishSentences(text: string, commandWords: string[]): string[] {
  let t = text
    .replace(/\b[a-z][\w+.-]*:\/\/\S+/g, ' ')                         // URLs
    .replace(/"[^"\n]*"|'[^'\n]*'|“[^”\n]*”/g, ' ')                    // quoted values
    .replace(/(?:^|\s)--?[A-Za-z][\w-]*(?:[ =]<[^>]*>|\[[^\]]*\])?/g, ' ') // options and their placeholders
    .replace(/<[^>\n]*>|\[[\w .-]*\]/g, ' ')                          // placeholders
    .replace(/\S*[/\\]\S*/g, ' ')                                     // paths
    .replace(/\S+\.(?:ya?ml|json|jsonl|csv|xlsx|docx|html|svg|png|pdf|eml|toml|sql|ts|js|md)\b/gi, ' ') // file names
    .replace(/\b[A-Z][A-Z0-9_]+\b/g, ' ')                             // YAML, RECTIFY_LANG, U+202E
    .replace(/\b[a-z]+[A-Z]\w*\b/g, ' ');                             // itemsFrom, weeklyDue
  for (const n of NAMES) t = t.split(n).join(' ');
  const words = new RegExp(`\\brectify(?: (?:${commandWords.map((w) => w.replace(/[-]/g, '\\-')).join('|')}))*\\b`, 'g');
  t = t.replace(words, ' ');
  return [...t.matchAll(/\b[A-Za-z]+(?:(?:,? +|-)[A-Za-z]+){2,}\b/g)].map((m) => m[0]);
}


const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/** HTML entities decoded. */
export const decoded = (t: string): string => t.replace(/&(#\d+|#x[\da-f]+|[a-z]+);/gi, (m, e: string) =>
  (e[0] !== '#' ? ENTITIES[e] ?? m : String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))));

/** The text a reader sees on an HTML page: without its styles, scripts and tags, entities decoded. */
export const visibleText = (html: string): string =>
  decoded(html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, ' ').replace(/font-family:[^;"]*/g, ' ').replace(/<[^>]*>/g, ' '));
