/** How account facts read in replies and cards. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2027-01-15" → "January 15, 2027" */
export function formatDate(day: string): string {
  const [year, month = 1, date] = day.split('-').map(Number);
  return `${MONTHS[month - 1] ?? '?'} ${date}, ${year}`;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Minor units → "$46,875.00". The account data carries no currency: amounts are US dollars. */
export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

/** ["a", "b", "c"] → "a, b and c" */
export function listOf(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** "in 9 days", "tomorrow", "today" */
export function inDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Ana Ruiz, Dev Patel and 7 other users"; "nobody" for no one. */
export function peopleList({ named, others }: { named: readonly string[]; others: number }): string {
  const rest = others > 0 ? [named.length > 0 ? plural(others, 'other user') : plural(others, 'user')] : [];
  const all = [...named, ...rest];
  return all.length > 0 ? listOf(all) : 'nobody';
}
