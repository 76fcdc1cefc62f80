// Pipelines: each idea on its way through the seven stages, where it stands, and its cost so far
// against the plan's estimate for one tool ($40–70).

import {
  type PipelineSummary,
  pipelineSummaries,
  planOf,
  TOOL_ESTIMATE_USD,
} from '../../kev/pipeline/index.js';
import { formatUsd } from '../../router/catalogue.js';
import { shareBar } from '../charts.js';
import type { Page, PageContext } from '../context.js';
import { html } from '../html.js';
import { statePill, when } from '../layout.js';

function stages(ctx: PageContext, s: PipelineSummary) {
  const pipeline = ctx.store.pipelines.get(s.id);
  const names = pipeline ? planOf(pipeline).stages.map((t) => t.name) : [];
  return html`<ol class="stages">${names.map((name, i) => {
    const cls = s.state === 'done' || i < s.stage ? 'passed' : i === s.stage ? `now ${s.state}` : '';
    return html`<li class="${cls}">${name}</li>`;
  })}</ol>`;
}

export function pipelinesPage(ctx: PageContext): Page {
  const all = pipelineSummaries(ctx.store);
  const high = TOOL_ESTIMATE_USD.high * 1e6;
  const cards = all.map(
    (
      s,
    ) => html`<div class="card"><div class="row"><h2>#${s.id} ${s.idea}</h2>${statePill(s.state === 'running' ? 'in_progress' : s.state === 'stopped' ? 'failed' : 'done')}</div>
${stages(ctx, s)}
<dl class="kv">
<dt>Stage</dt><dd>${s.stageLabel}${s.taskId ? html` · <a href="/task/${s.taskId}">#${s.taskId}</a> ${s.taskState ? statePill(s.taskState) : ''}` : ''}</dd>
<dt>Cost</dt><dd>${formatUsd(s.costMicros)} of the $${TOOL_ESTIMATE_USD.low}–${TOOL_ESTIMATE_USD.high} estimate ${shareBar(s.costMicros / high, TOOL_ESTIMATE_USD.low / TOOL_ESTIMATE_USD.high, s.costMicros > high ? 'over' : 'bar')}</dd>
<dt>Project</dt><dd><code>${s.project}</code></dd>
${s.note ? html`<dt>Note</dt><dd>${s.note}</dd>` : ''}
<dt>Updated</dt><dd>${when(s.updatedAt, ctx.timezone)}</dd></dl></div>`,
  );
  const live = html`<h1>Pipelines</h1>${
    cards.length
      ? cards
      : html`<div class="card na">No pipelines yet. In the chat: <code>/pipeline &lt;idea&gt;</code> runs an idea through the seven stages.</div>`
  }`;
  return { title: 'Pipelines', live };
}
