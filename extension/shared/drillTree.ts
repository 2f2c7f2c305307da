// What the Drills view shows, as data: drills grouped by topic with their status, and the
// number due for the view's badge. Pure, so the view itself stays a thin TreeDataProvider.

import { DRILL_DIFFICULTIES, DRILL_TOPICS, type DrillMeta, type DrillTopic } from './drillMeta';
import { availableNewDrills, drillStatus, DEFAULT_SCHEDULE_SETTINGS, type DrillProgress, type DrillStatus, type ScheduleSettings } from './drillSchedule';

export interface DrillItem {
  id: string;
  title: string;
  status: DrillStatus;
  /** A new drill whose prerequisites are not passed yet, or beyond today's allowance of new drills. */
  locked: boolean;
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
): DrillTree {
  const ordered = [...drills].sort(
    (a, b) => DRILL_DIFFICULTIES.indexOf(a.difficulty) - DRILL_DIFFICULTIES.indexOf(b.difficulty) || a.id.localeCompare(b.id),
  );
  const available = new Set(availableNewDrills(progress, ordered, now, settings));
  let dueCount = 0;
  const topics: TopicGroup[] = [];
  for (const topic of DRILL_TOPICS) {
    const items = ordered
      .filter((d) => d.topic === topic)
      .map((d): DrillItem => {
        const status = drillStatus(progress, d.id, now);
        if (status === 'due') dueCount++;
        const item: DrillItem = { id: d.id, title: d.title, status, locked: status === 'new' && !available.has(d.id) };
        const card = progress.cards[d.id];
        if (card) item.due = new Date(card.due);
        return item;
      });
    if (items.length) topics.push({ topic, drills: items });
  }
  return { topics, dueCount };
}
