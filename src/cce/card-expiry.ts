/** A card is valid through the last day of its expiry month (UTC); `month` is 1-12. */
export function isExpired(year: number, month: number, now: Date): boolean {
  return year * 12 + (month - 1) < now.getUTCFullYear() * 12 + now.getUTCMonth();
}
