/** A phone number as a link that dials it (digits and + only in the tel: URL), shown as written. */
export function phoneLink(phone: string): string {
  return `[${phone}](tel:${phone.replace(/[^\d+]/g, "")})`;
}

export function mailLink(email: string): string {
  return `[${email}](mailto:${email})`;
}
