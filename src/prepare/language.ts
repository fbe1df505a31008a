import { LANGUAGES } from '../types.js';

/**
 * Language of a message. Script tests win first because they are exact (Han → zh, Arabic → ar,
 * letters only Vietnamese uses → vi); eld decides among the Latin-script languages. eld costs
 * ~300 ms and ~150 MB to load, so it is imported on the first message that needs it.
 */
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const ARABIC = /\p{Script=Arabic}/u;
const VIETNAMESE = /[ơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;

export function scriptLanguage(text: string): string | null {
  if (HAN.test(text) && !KANA.test(text)) return 'zh';
  if (ARABIC.test(text)) return 'ar';
  if (VIETNAMESE.test(text)) return 'vi';
  return null;
}

interface Eld {
  detect(text: string): { language: string; isReliable(): boolean };
  setLanguageSubset(langs: string[]): unknown;
}
let eld: Eld | null = null;

export async function detectLanguage(text: string): Promise<string | null> {
  const byScript = scriptLanguage(text);
  if (byScript) return byScript;
  const letters = text.replace(/[^\p{L}\s]/gu, '').trim();
  if (letters.length < 12) return null;
  if (!eld) {
    const mod = (await import('eld/small')) as unknown as { eld: Eld };
    eld = mod.eld;
    eld.setLanguageSubset([...LANGUAGES]);
  }
  const result = eld.detect(letters);
  return result.language || null;
}
