/**
 * What the product accepts as an e-mail address, in one place: orders, grants, officers and contact
 * details all check against it. Deliberately simple: a name, one @, a domain with a dot.
 */
const emailPattern = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[a-z]{2,}$/i;

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && emailPattern.test(text);
}
