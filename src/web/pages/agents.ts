// Agents: the roster with models, and per agent the tasks done and failed and the spend this week.

import { formatUsd } from '../../router/catalogue.js';
import type { Page, PageContext } from '../context.js';
import { html } from '../html.js';

export function agentsPage(ctx: PageContext): Page {
  const since = ctx.weekStart(ctx.now);
  const outcomes = ctx.reads.outcomesByAgent(since);
  const spend = new Map<string, number>();
  for (const b of ctx.reads.spendByDay([since])) spend.set(b.agent, (spend.get(b.agent) ?? 0) + b.costMicros);
  const count = (agent: string, state: string) =>
    outcomes.find((o) => o.agent === agent && o.state === state)?.n ?? 0;
  const rows = ctx.policy.roster.map(
    (
      a,
    ) => html`<tr><td><b>${a.name}</b></td><td>${a.role}</td><td><code>${a.primary}</code></td><td><code>${a.backup}</code></td>
<td>${a.runsOn}</td><td class="num">${count(a.name, 'done')}</td><td class="num">${count(a.name, 'failed')}</td><td class="num">${formatUsd(spend.get(a.name) ?? 0)}</td></tr>`,
  );
  const live = html`<h1>Agents</h1><p class="muted small">Counts and spend since Monday.</p>
<table><thead><tr><th>Agent</th><th>Role</th><th>Primary</th><th>Backup</th><th>Runs on</th><th class="num">Done</th><th class="num">Failed</th><th class="num">Spend</th></tr></thead><tbody>${rows}</tbody></table>`;
  return { title: 'Agents', live };
}
