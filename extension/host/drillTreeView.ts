// The Drills view of the DeepDrill activity-bar container: drills grouped by topic, each with
// its status (new / due / learning / mastered, or locked), and the number due as the badge.
// It draws drillTree() (pure) and redraws whenever the drills' state changes.
import * as vscode from 'vscode';
import { drillItemDescription, type DrillItem, type TopicGroup } from '../shared/drillTree';
import type { DrillService } from './drillService';

export const DRILLS_VIEW_ID = 'deepdrill.drills';
export const START_DRILL_COMMAND = 'deepdrill.drills.start';

type Node = { kind: 'topic'; group: TopicGroup } | { kind: 'drill'; item: DrillItem };

const TOPIC_LABELS: Record<string, string> = {
  activations: 'Activations',
  losses: 'Losses',
  layers: 'Layers',
  backprop: 'Backpropagation',
  optimizers: 'Optimizers',
  regularization: 'Regularization',
  convolution: 'Convolution',
  normalization: 'Normalization',
  recurrent: 'Recurrent',
  attention: 'Attention',
  models: 'Models',
};

export function statusIcon(item: DrillItem): vscode.ThemeIcon {
  if (item.locked) return new vscode.ThemeIcon('lock', new vscode.ThemeColor('disabledForeground'));
  switch (item.status) {
    case 'new':
      return new vscode.ThemeIcon('circle-large-outline');
    case 'due':
      return new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.orange'));
    case 'learning':
      return new vscode.ThemeIcon('sync', new vscode.ThemeColor('charts.blue'));
    case 'mastered':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
  }
}

export class DrillTreeView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: DrillService) {
    this.view = vscode.window.createTreeView(DRILLS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      service.onDidChange(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('deepdrill.drills')) void this.refresh(true);
      }),
    );
    // The first draw comes with the progress: the service's load fires onDidChange.
  }

  /**
   * Updates the badge and redraws the tree when what it shows is stale: the rows changed, or
   * `timePassed` (a drill fell due). A needless redraw is not harmless: a click that lands
   * while the rows are replaced is lost.
   */
  async refresh(timePassed = false): Promise<void> {
    const now = new Date();
    const { tree, progress } = await this.service.tree(now);
    this.view.badge = tree.dueCount > 0 ? { value: tree.dueCount, tooltip: `${tree.dueCount} drill${tree.dueCount === 1 ? '' : 's'} due for review` } : undefined;
    this.view.message =
      progress.reviews.length === 0 && this.service.drills.length > 0
        ? 'Pick a drill to start: write the function, press ▶ Check, and DeepDrill schedules when it comes back.'
        : undefined;
    const key = JSON.stringify(tree.topics);
    if (timePassed || this.drawnKey !== key) this.changed.fire(undefined);
    this.drawnKey = key;
    this.scheduleNextDue(tree.topics.flatMap((g) => g.drills.map((d) => d.due)), now);
  }

  /** What the rows showed when last drawn. */
  private drawnKey: string | undefined;
  private dueTimer: ReturnType<typeof setTimeout> | undefined;

  /** Redraws when the next drill falls due, so that the badge and the statuses follow the clock. */
  private scheduleNextDue(dues: (Date | undefined)[], now: Date): void {
    clearTimeout(this.dueTimer);
    const next = Math.min(...dues.map((d) => d?.getTime() ?? Infinity).filter((t) => t > now.getTime()));
    if (!Number.isFinite(next)) return;
    // setTimeout holds at most ~24.8 days; a later due date is checked again then.
    this.dueTimer = setTimeout(() => void this.refresh(true), Math.min(next - now.getTime() + 1000, 2 ** 31 - 1));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'topic') {
      const item = new vscode.TreeItem(TOPIC_LABELS[node.group.topic] ?? node.group.topic, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `topic:${node.group.topic}`;
      const due = node.group.drills.filter((d) => d.status === 'due').length;
      item.description = due > 0 ? `${due} due` : `${node.group.drills.length}`;
      item.contextValue = 'topic';
      return item;
    }
    const d = node.item;
    const drill = this.service.drill(d.id);
    const item = new vscode.TreeItem(d.title, vscode.TreeItemCollapsibleState.None);
    item.id = `drill:${d.id}`;
    item.iconPath = statusIcon(d);
    item.description = drillItemDescription(d, new Date());
    item.contextValue = d.locked ? 'drill.locked' : `drill.${d.status}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${d.title}** · ${drill?.meta.titleZh ?? ''}\n\n`);
    if (drill) {
      tooltip.appendMarkdown(`${drill.meta.difficulty} · about ${drill.meta.timeBudgetMinutes} min · ${drill.meta.concepts.join(', ')}\n\n`);
      if (d.lock?.kind === 'prerequisites') {
        const titles = d.lock.missing.map((p) => this.service.drill(p)?.meta.title ?? p);
        tooltip.appendMarkdown(`$(lock) Builds on ${titles.join(', ')}: pass ${titles.length === 1 ? 'it' : 'them'} first.\n\n`);
      } else if (d.lock?.kind === 'allowance') {
        tooltip.appendMarkdown("$(lock) Today's new drills are used up (setting `deepdrill.drills.newPerDay`).\n\n");
      }
    }
    if (d.due) tooltip.appendMarkdown(`Next review: ${d.due.toLocaleString()}`);
    item.tooltip = tooltip;
    item.command = { command: START_DRILL_COMMAND, title: 'Start Drill', arguments: [d.id] };
    item.accessibilityInformation = { label: `${d.title}, ${item.description}` };
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'drill') return [];
    // A topic's rows come from the tree its node was drawn from: one computation per redraw,
    // and a topic never shows a newer state than the badge and the other topics.
    if (node) return node.group.drills.map((item) => ({ kind: 'drill', item }));
    const { tree } = await this.service.tree();
    this.drawnKey = JSON.stringify(tree.topics);
    return tree.topics.map((group) => ({ kind: 'topic', group }));
  }

  dispose(): void {
    clearTimeout(this.dueTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}
