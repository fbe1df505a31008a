import type { ValidatorName } from './rule-types.js';

/** Arabic-Indic, Persian and full-width digits count as digits: a card number is a card number in any script. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9\uFF10-\uFF19]/g, (d) => {
    const c = d.charCodeAt(0);
    return String(c >= 0xff10 ? c - 0xff10 : c >= 0x06f0 ? c - 0x06f0 : c - 0x0660);
  });
}

/** Named checks a rule can ask for (`validate: luhn`). Rule files name them; they cannot run code. */
export const VALIDATOR_FUNCTIONS: Record<ValidatorName, (excerpt: string) => boolean> = {
  /** A payment card number: 13–19 digits passing the Luhn checksum (not an order number). */
  luhn(excerpt) {
    const digits = asciiDigits(excerpt).replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = digits.charCodeAt(digits.length - 1 - i) - 48;
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    return sum % 10 === 0;
  },
  /** A full IBAN with a valid ISO 13616 mod-97 checksum. */
  iban(excerpt) {
    const s = asciiDigits(excerpt).replace(/[\s-]/g, '').toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
    const moved = s.slice(4) + s.slice(0, 4);
    let rem = 0;
    for (const ch of moved) {
      const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
      for (const digit of v) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
    }
    return rem === 1;
  },
};
