// The learner's drill statistics, from the stored progress: reviews per day, retention, the
// streak of days with a review, and how many drills fall due on each coming day. Days are the
// learner's local calendar days. Pure: the Stats view only draws this.

import type { DrillProgress } from './drillSchedule';

export interface DayCount {
  /** Local date, YYYY-MM-DD. */
  day: string;
  count: number;
}

export interface DrillStats {
  reviewsToday: number;
  /** The last `days` days, oldest first, today last. */
  reviewsPerDay: DayCount[];
  /**
   * Of the reviews of drills seen before (not their first), the share not rated Again: how
   * often the learner still knew a drill when it came back. Undefined before any such review.
   */
  retention?: number;
  /** How many such reviews `retention` is over. */
  retentionReviews: number;
  /** Days in a row with at least one review, ending today (or yesterday, if none yet today). */
  streakDays: number;
  /** Drills due on each of the coming days, today first; today counts overdue drills too. */
  forecast: DayCount[];
  /** Drills reviewed at least once. */
  started: number;
}

export function localDay(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n, 12);
}

export function drillStats(progress: DrillProgress, now: Date, days = 14, forecastDays = 7): DrillStats {
  const perDay = new Map<string, number>();
  const seen = new Set<string>();
  let later = 0;
  let kept = 0;
  for (const r of progress.reviews) {
    const day = localDay(new Date(r.log.review));
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    if (seen.has(r.drill)) {
      later++;
      if (r.rating !== 'again') kept++;
    }
    seen.add(r.drill);
  }
  const reviewsPerDay: DayCount[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = localDay(addDays(now, -i));
    reviewsPerDay.push({ day, count: perDay.get(day) ?? 0 });
  }
  const today = localDay(now);
  let streakDays = 0;
  for (let i = perDay.has(today) ? 0 : 1; perDay.has(localDay(addDays(now, -i))); i++) streakDays++;

  const forecast: DayCount[] = [];
  for (let i = 0; i < forecastDays; i++) forecast.push({ day: localDay(addDays(now, i)), count: 0 });
  const last = forecast[forecast.length - 1]?.day;
  for (const card of Object.values(progress.cards)) {
    const due = new Date(card.due);
    const day = due.getTime() <= now.getTime() ? today : localDay(due);
    if (last !== undefined && day > last) continue;
    const slot = forecast.find((f) => f.day === day);
    if (slot) slot.count++;
  }
  const stats: DrillStats = {
    reviewsToday: perDay.get(today) ?? 0,
    reviewsPerDay,
    retentionReviews: later,
    streakDays,
    forecast,
    started: seen.size,
  };
  if (later > 0) stats.retention = kept / later;
  return stats;
}

const BARS = '▁▂▃▄▅▆▇█';

/** Counts as a row of block characters, the tallest for the largest count (all low when all are 0). */
export function bars(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (max === 0 ? BARS[0] : BARS[Math.round((c / max) * (BARS.length - 1))])).join('');
}
