// What the Drills view shows, as data: drills grouped by topic with their status, and the
// number due for the view's badge. Pure, so the view itself stays a thin TreeDataProvider.

import { DRILL_DIFFICULTIES, DRILL_TOPICS, type DrillMeta, type DrillTopic } from './drillMeta';
import { untilText } from './drillResults';
import {
  availableNewDrills,
  drillStatus,
  passedDrills,
  DEFAULT_SCHEDULE_SETTINGS,
  type DrillProgress,
  type DrillStatus,
  type ScheduleSettings,
} from './drillSchedule';

/** Why a new drill is locked: the learner is told the true reason, and what to do. */
export type LockReason = { kind: 'prerequisites'; missing: string[] } | { kind: 'allowance' };

export interface DrillItem {
  id: string;
  title: string;
  status: DrillStatus;
  /** A new drill whose prerequisites are not passed yet, or beyond today's allowance of new drills. */
  locked: boolean;
  lock?: LockReason;
  /** A new drill the learner has started (perhaps past its lock) and not yet passed or failed. */
  inProgress: boolean;
  /** When a drill seen before comes back. */
  due?: Date;
}

export interface TopicGroup {
  topic: DrillTopic;
  drills: DrillItem[];
}

export interface DrillTree {
  topics: TopicGroup[];
  /** Drills due now: the view's badge. */
  dueCount: number;
}

export function drillTree(
  drills: readonly DrillMeta[],
  progress: DrillProgress,
  now: Date,
  settings: ScheduleSettings = DEFAULT_SCHEDULE_SETTINGS,
  started: ReadonlySet<string> = new Set(),
): DrillTree {
  const ordered = curriculumOrder(drills);
  // A drill under way (perhaps started on an earlier day) is not locked, and takes no new slot.
  const available = new Set(availableNewDrills(progress, ordered.filter((d) => !started.has(d.id)), now, settings));
  const passed = passedDrills(progress);
  let dueCount = 0;
  const topics: TopicGroup[] = [];
  for (const topic of DRILL_TOPICS) {
    const items = ordered
      .filter((d) => d.topic === topic)
      .map((d): DrillItem => {
        const status = drillStatus(progress, d.id, now);
        if (status === 'due') dueCount++;
        const inProgress = status === 'new' && started.has(d.id);
        const item: DrillItem = { id: d.id, title: d.title, status, locked: false, inProgress };
        if (status === 'new' && !inProgress && !available.has(d.id)) {
          const missing = d.prerequisites.filter((p) => !passed.has(p));
          item.locked = true;
          item.lock = missing.length ? { kind: 'prerequisites', missing } : { kind: 'allowance' };
        }
        const card = progress.cards[d.id];
        if (card) item.due = new Date(card.due);
        return item;
      });
    if (items.length) topics.push({ topic, drills: items });
  }
  return { topics, dueCount };
}

/**
 * Drills in the order a learner meets them: topic by topic, and within a topic each drill after
 * the prerequisites it builds on (easier and then alphabetical first among those that are free),
 * so that the tree reads top-down as a path (ReLU → sigmoid → softmax → log-softmax).
 */
export function curriculumOrder<T extends Pick<DrillMeta, 'id' | 'topic' | 'difficulty' | 'prerequisites'>>(drills: readonly T[]): T[] {
  const easierFirst = (a: T, b: T) => DRILL_DIFFICULTIES.indexOf(a.difficulty) - DRILL_DIFFICULTIES.indexOf(b.difficulty) || a.id.localeCompare(b.id);
  const out: T[] = [];
  const topics = [...new Set(drills.map((d) => d.topic))].sort((a, b) => DRILL_TOPICS.indexOf(a) - DRILL_TOPICS.indexOf(b));
  for (const topic of topics) {
    const left = drills.filter((d) => d.topic === topic).sort(easierFirst);
    const placed = new Set<string>();
    while (left.length) {
      // A prerequisite in the same topic must come first; a cycle is broken in the plain order.
      const i = Math.max(0, left.findIndex((d) => d.prerequisites.every((p) => placed.has(p) || !left.some((o) => o.id === p))));
      const [next] = left.splice(i, 1);
      placed.add(next.id);
      out.push(next);
    }
  }
  return out;
}

/** The short status a row shows: "new", "locked", "in progress", "learning · in 3 days". */
export function drillItemDescription(item: DrillItem, now: Date): string {
  if (item.locked) return 'locked';
  if (item.inProgress) return 'in progress';
  switch (item.status) {
    case 'new':
      return 'new';
    case 'due':
      return 'due';
    case 'learning':
    case 'mastered':
      return item.due ? `${item.status} · ${untilText(item.due, now)}` : item.status;
  }
}
