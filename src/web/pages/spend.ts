// Spend: the last 30 days per day against the daily budget, per agent and per model, and the
// pyramid share (free/cheap vs standard vs premium attempts) against the plan's 60/30/10.

import { formatUsd } from '../../router/catalogue.js';
import { barChart, shareBar } from '../charts.js';
import type { Page, PageContext } from '../context.js';
import { html } from '../html.js';
import { dateFormat } from '../layout.js';

const DAYS = 30;
const PYRAMID = [
  { label: 'free / cheap', tiers: ['free', 'cheap'], target: 0.6 },
  { label: 'standard', tiers: ['standard'], target: 0.3 },
  { label: 'premium', tiers: ['premium'], target: 0.1 },
];

/** Local midnights of the last `n` days, oldest first. */
export function dayStarts(ctx: Pick<PageContext, 'dayStart'>, now: number, n: number): number[] {
  const starts = [ctx.dayStart(now)];
  while (starts.length < n) starts.unshift(ctx.dayStart((starts[0] as number) - 12 * 3_600_000));
  return starts;
}

function sumBy<T>(items: T[], key: (t: T) => string, value: (t: T) => number): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(key(item), (totals.get(key(item)) ?? 0) + value(item));
  return [...totals].sort((a, b) => b[1] - a[1]);
}

let last: { dayStart: PageContext['dayStart']; today: number; starts: number[] } | undefined;

/** The 30 day starts change once a day: reuse them (each costs a few time-zone look-ups). */
function lastDays(ctx: PageContext): number[] {
  const today = ctx.dayStart(ctx.now);
  if (last?.dayStart !== ctx.dayStart || last.today !== today)
    last = { dayStart: ctx.dayStart, today, starts: dayStarts(ctx, ctx.now, DAYS) };
  return last.starts;
}

export function spendPage(ctx: PageContext): Page {
  const starts = lastDays(ctx);
  const buckets = ctx.reads.spendByDay(starts);
  const perDay = starts.map(() => 0);
  for (const b of buckets) perDay[b.day] = (perDay[b.day] ?? 0) + b.costMicros;
  const format = dateFormat(ctx.timezone, false);
  const label = (at: number) => format.format(at);
  const chart = barChart(
    starts.map((at, i) => ({
      label: label(at),
      value: (perDay[i] ?? 0) / 1e6,
      title: `${label(at)}: ${formatUsd(perDay[i] ?? 0)}`,
    })),
    ctx.dailyBudgetUsd,
  );
  const total = perDay.reduce((a, b) => a + b, 0);
  const today = perDay[perDay.length - 1] ?? 0;
  const overDays = perDay.filter((v) => v > ctx.dailyBudgetUsd * 1e6).length;
  const tierOf = (model: string) => ctx.policy.catalogue[model]?.tier ?? 'unknown';
  const runs = buckets.reduce((a, b) => a + b.runs, 0);
  const table = (title: string, rows: Array<[string, number]>) =>
    html`<div class="card"><h2>${title}</h2><table><thead><tr><th>${title.replace(/^Per /, '')}</th><th class="num">Spend</th><th class="num">Share</th></tr></thead><tbody>${
      rows.length
        ? rows.map(
            ([k, v]) =>
              html`<tr><td>${k}</td><td class="num">${formatUsd(v)}</td><td class="num">${total ? Math.round((v / total) * 100) : 0}%</td></tr>`,
          )
        : html`<tr><td colspan="3" class="muted">Nothing spent.</td></tr>`
    }</tbody></table></div>`;
  const pyramid = PYRAMID.map((p) => {
    const n = buckets.filter((b) => p.tiers.includes(tierOf(b.model))).reduce((a, b) => a + b.runs, 0);
    const share = runs ? n / runs : 0;
    return html`<tr><td>${p.label}</td><td>${shareBar(share, p.target)}</td><td class="num">${Math.round(share * 100)}%</td><td class="num muted">plan ${Math.round(p.target * 100)}%</td><td class="num">${n}</td></tr>`;
  });
  const unknown = buckets.filter((b) => tierOf(b.model) === 'unknown').reduce((a, b) => a + b.runs, 0);
  const live = html`<h1>Spend</h1>
<div class="grid"><div class="card"><div class="muted small">Today</div><div class="stat">${formatUsd(today)}</div><div class="small muted">of ${formatUsd(ctx.dailyBudgetUsd * 1e6)} daily budget</div></div>
<div class="card"><div class="muted small">Last 30 days</div><div class="stat">${formatUsd(total)}</div><div class="small muted">${runs} attempts</div></div>
<div class="card"><div class="muted small">Days over budget</div><div class="stat ${overDays ? 'bad' : ''}">${overDays}</div><div class="small muted">of the last 30</div></div></div>
<div class="card"><h2>Per day, last 30 days</h2>${chart}</div>
<div class="card"><h2>Pyramid share (attempts by model tier)</h2><table><tbody>${pyramid}</tbody></table>${
    unknown ? html`<p class="small muted">${unknown} attempts used models not in the catalogue.</p>` : ''
  }</div>
<div class="grid">${table(
    'Per agent',
    sumBy(
      buckets,
      (b) => b.agent,
      (b) => b.costMicros,
    ),
  )}${table(
    'Per model',
    sumBy(
      buckets,
      (b) => b.model,
      (b) => b.costMicros,
    ),
  )}</div>`;
  return { title: 'Spend', live };
}
