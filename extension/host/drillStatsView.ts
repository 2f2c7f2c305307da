// The Stats view under Drills: today's reviews, the streak, retention, and the reviews per day
// and due drills per coming day as small bar rows. Draws drillStats() (pure).
import * as vscode from 'vscode';
import { dueDrills, drillStatus } from '../shared/drillSchedule';
import { bars, drillStats, type DayCount } from '../shared/drillStats';
import type { DrillService } from './drillService';

export const STATS_VIEW_ID = 'deepdrill.stats';

interface Row {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  children?: Row[];
}

function dayRows(prefix: string, counts: DayCount[], what: string): Row[] {
  return counts.map((c) => ({ id: `${prefix}:${c.day}`, label: c.day, description: `${c.count} ${what}`, icon: 'calendar' }));
}

export class DrillStatsView implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Row | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: DrillService) {
    this.disposables.push(
      vscode.window.createTreeView(STATS_VIEW_ID, { treeDataProvider: this }),
      this.changed,
      service.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  getTreeItem(row: Row): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, row.children ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    return item;
  }

  async getChildren(row?: Row): Promise<Row[]> {
    if (row) return row.children ?? [];
    const progress = await this.service.progress();
    const now = new Date();
    const s = drillStats(progress, now);
    const total = this.service.drills.length;
    const mastered = this.service.drills.filter((d) => drillStatus(progress, d.meta.id, now) === 'mastered').length;
    const due = dueDrills(progress, now).length;
    return [
      { id: 'today', label: 'Today', description: `${s.reviewsToday} reviewed · ${due} due`, icon: 'bell' },
      { id: 'streak', label: 'Streak', description: `${s.streakDays} day${s.streakDays === 1 ? '' : 's'}`, icon: 'flame' },
      {
        id: 'retention',
        label: 'Retention',
        description: s.retention === undefined ? 'after your first repeat review' : `${Math.round(s.retention * 100)} % of ${s.retentionReviews} repeat reviews`,
        tooltip: 'Of the reviews of drills you had done before, the share you passed without giving up or reading the solution.',
        icon: 'target',
      },
      { id: 'drills', label: 'Drills', description: `${s.started} of ${total} started · ${mastered} mastered`, icon: 'checklist' },
      {
        id: 'reviews',
        label: 'Reviews, last 14 days',
        description: bars(s.reviewsPerDay.map((d) => d.count)),
        icon: 'graph',
        children: dayRows('reviews', [...s.reviewsPerDay].reverse(), 'reviews'),
      },
      {
        id: 'forecast',
        label: 'Due, next 7 days',
        description: bars(s.forecast.map((d) => d.count)),
        icon: 'calendar',
        children: dayRows('forecast', s.forecast, 'due'),
      },
    ];
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
