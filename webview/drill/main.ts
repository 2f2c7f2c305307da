// The drill panel's script: draws the state the host sends (drillPanelProtocol.ts) — the
// statement, rendered from Markdown with KaTeX formulas, and the results of the last Check —
// and turns its buttons into messages. It keeps no state of its own but the host's last message.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import 'katex/dist/katex.min.css';
import '../shared/panel.css';
import './drill.css';
import markdownKatex from '@vscode/markdown-it-katex';
import MarkdownIt from 'markdown-it';
import type {
  DrillPanelAction,
  DrillPanelPersisted,
  DrillPanelToHost,
  DrillStateMessage,
  GradeState,
  HostToDrillPanel,
  StatementLanguage,
} from '../../extension/shared/drillPanelProtocol';
import type { CheckResult } from '../../extension/shared/graderProtocol';
import { el } from '../shared/dom';

interface VsCodeApi {
  postMessage(message: DrillPanelToHost): void;
  /** What VS Code keeps across a reload: the drill shown, so the panel comes back on it. */
  setState(state: DrillPanelPersisted): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

// `html: false`: a statement's raw HTML is shown as text, never interpreted.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
markdown.use(markdownKatex, { throwOnError: false });

const UI: Record<StatementLanguage, Record<string, string>> = {
  en: {
    check: '▶ Check',
    hint: 'Hint',
    solution: 'Show Solution',
    giveUp: 'Give Up',
    results: 'Results',
    none: 'Write your solution in {file}, then press ▶ Check (Ctrl+Alt+Enter).',
    running: 'Checking…',
    passed: 'All {n} checks passed. Well done!',
    failed: '{p} of {n} checks passed. Read the first failure: it says what to look at.',
    untrusted: 'This workspace is not trusted: Check runs your code, so it is off until you trust the workspace.',
    input: 'Input',
    expected: 'Expected',
    actual: 'Actual',
    printed: 'Printed',
    line: 'line',
    scheduled: 'Scheduled:',
    change: 'Change rating…',
    minutes: 'about {n} min',
    hints: 'Hints',
    hintTip: 'Reveals the next hint. A pass after a hint counts as Hard: the drill comes back sooner.',
    solutionTip: 'Shows the reference solution; an attempt still under way is then rated Again.',
    giveUpTip: 'Ends this attempt, rated Again: the drill comes back soon.',
    toggle: '中文',
  },
  'zh-CN': {
    check: '▶ 检查',
    hint: '提示',
    solution: '查看答案',
    giveUp: '放弃',
    results: '结果',
    none: '在 {file} 中写下你的解答，然后按 ▶ 检查（Ctrl+Alt+Enter）。',
    running: '检查中…',
    passed: '全部 {n} 项检查通过，做得好！',
    failed: '{n} 项检查中通过 {p} 项。先看第一项失败：它会告诉你该看哪里。',
    untrusted: '此工作区未被信任：检查会运行你的代码，因此在信任工作区之前无法检查。',
    input: '输入',
    expected: '期望',
    actual: '实际',
    printed: '输出',
    line: '行',
    scheduled: '已安排：',
    change: '修改评分…',
    minutes: '约 {n} 分钟',
    hints: '提示',
    hintTip: '显示下一条提示。用过提示后再通过只算“困难”：这道题会更早再出现。',
    solutionTip: '显示参考答案；尚未结束的尝试会评为“重来”。',
    giveUpTip: '结束本次尝试，评为“重来”：这道题很快会再出现。',
    toggle: 'English',
  },
};

let state: DrillStateMessage | undefined;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

function button(label: string, action: DrillPanelAction, attrs: Record<string, string> = {}): HTMLElement {
  const b = el('vscode-button', { 'data-action': action, ...attrs }, label);
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) vscode.postMessage({ type: 'action', action });
  });
  return b;
}

function checkItem(r: CheckResult, t: Record<string, string>): HTMLElement {
  const li = el('li', { class: `check ${r.passed ? 'pass' : 'fail'}`, 'data-check': r.name });
  li.append(
    el(
      'div',
      { class: 'check-head' },
      el('span', { class: 'mark', 'aria-hidden': 'true' }, r.passed ? '✓' : '✗'),
      el('span', { class: 'check-name' }, r.name),
      ...(r.line !== undefined && !r.passed ? [el('span', { class: 'check-line' }, `${t.line} ${r.line}`)] : []),
    ),
  );
  if (r.passed) return li;
  li.append(el('p', { class: 'check-message' }, r.message));
  const facts: [string, string | undefined][] = [
    [t.input, r.input],
    [t.expected, r.expected],
    [t.actual, r.actual],
    [t.printed, r.output || undefined],
  ];
  const shown = facts.filter((f): f is [string, string] => f[1] !== undefined);
  if (shown.length) {
    li.append(el('dl', { class: 'facts' }, ...shown.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, el('pre', {}, v))])));
  }
  if (r.hint) li.append(el('p', { class: 'check-hint' }, r.hint));
  return li;
}

function results(grade: GradeState, s: DrillStateMessage, t: Record<string, string>): HTMLElement {
  const section = el('section', { id: 'results', 'data-state': grade.kind });
  section.append(el('h2', {}, t.results));
  if (!s.trusted) section.append(el('p', { class: 'notice' }, t.untrusted));
  switch (grade.kind) {
    case 'none':
      section.append(el('p', { class: 'empty' }, fill(t.none, { file: s.drill.practiceFileName ?? `${s.drill.id}.ts` })));
      break;
    case 'error':
      section.append(el('p', { class: 'error', role: 'alert' }, grade.message));
      break;
    case 'running': {
      const done = grade.results.filter(Boolean).length;
      section.append(el('p', { id: 'summary', class: 'summary running' }, `${t.running} ${grade.total ? `${done}/${grade.total}` : done || ''}`));
      section.append(el('ul', { class: 'checks' }, ...grade.results.filter(Boolean).map((r) => checkItem(r, t))));
      break;
    }
    case 'done': {
      const passed = grade.results.filter((r) => r.passed).length;
      const summary = grade.passed ? fill(t.passed, { n: grade.results.length }) : fill(t.failed, { p: passed, n: grade.results.length });
      section.append(el('p', { id: 'summary', class: `summary ${grade.passed ? 'pass' : 'fail'}` }, summary));
      // Failures first: they are what the learner reads next.
      const ordered = [...grade.results.filter((r) => !r.passed), ...grade.results.filter((r) => r.passed)];
      section.append(el('ul', { class: 'checks' }, ...ordered.map((r) => checkItem(r, t))));
      break;
    }
  }
  return section;
}

function render(s: DrillStateMessage): void {
  const t = UI[s.language];
  const zh = s.language === 'zh-CN';
  const toggle = el('vscode-button', { id: 'language', secondary: '', title: zh ? 'Show the statement in English' : '用中文显示题目' }, t.toggle);
  toggle.addEventListener('click', () => vscode.postMessage({ type: 'setLanguage', language: zh ? 'en' : 'zh-CN' }));
  const running = s.grade.kind === 'running';
  const ended = s.review !== undefined;
  const header = el(
    'header',
    {},
    el(
      'div',
      { class: 'title-row' },
      el('h1', { id: 'title' }, zh ? s.drill.titleZh : s.drill.title),
      el('span', { class: `tag difficulty-${s.drill.difficulty}` }, s.drill.difficulty),
      el('span', { class: 'tag' }, s.drill.topic),
      el('span', { class: 'meta' }, fill(t.minutes, { n: s.drill.timeBudgetMinutes })),
      toggle,
    ),
    el(
      'div',
      { class: 'actions' },
      button(t.check, 'check', running || !s.trusted ? { id: 'check', disabled: '' } : { id: 'check' }),
      button(t.hint, 'hint', { id: 'hint', secondary: '', title: t.hintTip }),
      button(t.solution, 'showSolution', { id: 'solution', secondary: '', title: t.solutionTip }),
      ...(ended ? [] : [button(t.giveUp, 'giveUp', { id: 'give-up', secondary: '', title: t.giveUpTip })]),
    ),
  );
  const parts: HTMLElement[] = [header];
  if (s.review) {
    parts.push(
      el(
        'section',
        { id: 'review', class: `review rating-${s.review.rating}` },
        el('span', {}, `${t.scheduled} ${s.review.text}`),
        el('span', { class: 'meta' }, ` — ${s.review.reason}. `),
        button(t.change, 'changeRating', { id: 'change-rating', secondary: '' }),
      ),
    );
  }
  if (s.hints.length) {
    parts.push(el('section', { id: 'hints' }, el('h2', {}, t.hints), el('ul', {}, ...s.hints.map((h) => el('li', { class: 'check-hint' }, h)))));
  }
  parts.push(results(s.grade, s, t));
  const statement = el('article', { id: 'statement', lang: s.language });
  // markdown-it with html disabled escapes any HTML in the statement; KaTeX emits only markup.
  statement.innerHTML = markdown.render(s.drill.statements[s.language] || s.drill.statements.en);
  parts.push(statement);
  const app = document.getElementById('app')!;
  app.replaceChildren(...parts);
}

window.addEventListener('message', (event: MessageEvent<HostToDrillPanel>) => {
  const message = event.data;
  if (message?.type !== 'state') return;
  state = message;
  vscode.setState({ drill: message.drill.id });
  render(state);
});

vscode.postMessage({ type: 'ready' });
