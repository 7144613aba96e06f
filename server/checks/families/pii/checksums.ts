/**
 * Check-digit validation for direct identifiers (docs/design.md §7: "validated where a checksum
 * exists ... to avoid false alarms"). Inputs are strings of ASCII digits only.
 *
 * Example: `isValidNhsNumber('9434765919')` is true; `isValidNhsNumber('9434765918')` is false.
 */

/**
 * NHS number Modulus 11: weights 10..2 on the first nine digits, check digit 11 − (sum mod 11),
 * where 11 means 0 and 10 means the number is never issued. Only the ranges in use in England,
 * Wales and Northern Ireland (first digit 3, 4, 6, 7, 8 or 9, including the 9xx test ranges)
 * are accepted, so Unix timestamps and Scottish-style date-based numbers starting 0–2 are not.
 */
export function isValidNhsNumber(digits: string): boolean {
  if (digits.length !== 10) return false;
  const first = digits.charCodeAt(0) - 48;
  if (first < 3 || first === 5) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  // All-same-digit numbers (e.g. 4444444444) pass the arithmetic but are fillers, not identifiers.
  if (/^(\d)\1{9}$/.test(digits)) return false;
  return check === digits.charCodeAt(9) - 48;
}

/** The Luhn (mod 10) check used by payment card numbers. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes (IIN ranges) and the lengths each scheme issues. */
function cardSchemeLengthOk(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // American Express
  if (p4 === 6011 || p2 === 65 || (p4 >= 6440 && p4 <= 6499) || (p6 >= 622126 && p6 <= 622925)) return n >= 16 && n <= 19; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19; // JCB
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3000 && p4 <= 3059) || p4 === 3095) return n >= 14 && n <= 19; // Diners Club
  if (p2 === 62) return n >= 16 && n <= 19; // UnionPay
  if ([5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].includes(p4)) return n >= 12 && n <= 19; // Maestro
  return false;
}

/** A payment card number: 13–19 digits, a known issuer prefix with its length, and a valid Luhn digit. */
export function isValidCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return cardSchemeLengthOk(digits) && passesLuhn(digits);
}
