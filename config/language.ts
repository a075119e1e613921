/** The language of what rectify says to a person on the command line: RECTIFY_LANG (set by --lang), Chinese by default. */
import type { Language } from '../domain/i18n';

export const language = (): Language => (process.env.RECTIFY_LANG === 'en' ? 'en' : 'zh');
/** Chinese by default; English with --lang en or RECTIFY_LANG=en. */
export const say = (zh: string, en: string): string => (language() === 'en' ? en : zh);
