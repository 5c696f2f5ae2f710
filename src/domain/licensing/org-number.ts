/**
 * Swedish organisationsnummer: ten digits, the last a Luhn check digit, written nnnnnn-nnnn. A
 * twelve-digit form with the century prefix 16 (used by some systems) is accepted too.
 */
export function normaliseOrgNumber(input: string): string | undefined {
  let digits = input.replace(/[\s-]/g, "");
  if (/^16\d{10}$/.test(digits)) digits = digits.slice(2);
  if (!/^\d{10}$/.test(digits)) return undefined;
  // Legal persons have a third digit of at least 2 (personal identity numbers have a month there).
  if (Number(digits[2]) < 2) return undefined;
  if (!hasValidCheckDigit(digits)) return undefined;
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

function hasValidCheckDigit(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let value = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  return (10 - (sum % 10)) % 10 === Number(digits[9]);
}
