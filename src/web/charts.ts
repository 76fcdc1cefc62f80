// Charts drawn as SVG by Kev: daily bars against a budget line, and horizontal share bars.
// Numbers in, markup out; every label is escaped.

import { escapeHtml, type Html, trusted } from './html.js';

export interface Bar {
  label: string;
  value: number;
  title: string;
}

/** The next 1, 2 or 5 × 10^k at or above `v`, so the axis reads in round numbers. */
function niceCeiling(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 5, 10]) if (step * power >= v) return step * power;
  return 10 * power;
}

/** Vertical bars with a dashed budget line; bars above the budget are drawn in red. */
export function barChart(bars: Bar[], budget: number, options: { height?: number } = {}): Html {
  const width = 900;
  const height = options.height ?? 220;
  const top = 14;
  const bottom = 26;
  const left = 44;
  const plot = height - top - bottom;
  const max = niceCeiling(Math.max(budget * 1.15, ...bars.map((b) => b.value), 0.01));
  const step = (width - left - 8) / Math.max(bars.length, 1);
  const y = (v: number) => top + plot - (v / max) * plot;
  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="daily spend">`,
    `<line class="axis" x1="${left}" y1="${top + plot}" x2="${width - 8}" y2="${top + plot}"/>`,
  ];
  for (const tick of [0, max / 2, max]) {
    const label = tick === 0 ? '0' : max < 2 ? tick.toFixed(2) : tick % 1 ? tick.toFixed(1) : tick.toFixed(0);
    out.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end">$${label}</text>`);
  }
  bars.forEach((bar, i) => {
    const x = left + i * step + step * 0.15;
    const h = Math.max((bar.value / max) * plot, bar.value > 0 ? 1 : 0);
    out.push(
      `<rect class="${bar.value > budget ? 'over' : 'bar'}" x="${x.toFixed(1)}" y="${(top + plot - h).toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${h.toFixed(1)}" rx="2"><title>${escapeHtml(bar.title)}</title></rect>`,
    );
    if (i % 5 === 0 || i === bars.length - 1)
      out.push(
        `<text x="${(x + step * 0.35).toFixed(1)}" y="${height - 8}" text-anchor="middle">${escapeHtml(bar.label)}</text>`,
      );
  });
  if (budget > 0) {
    out.push(`<line class="budget" x1="${left}" y1="${y(budget)}" x2="${width - 8}" y2="${y(budget)}"/>`);
    out.push(
      `<text x="${width - 10}" y="${y(budget) - 4}" text-anchor="end">daily budget $${budget.toFixed(2)}</text>`,
    );
  }
  out.push('</svg>');
  return trusted(out.join(''));
}

/** One horizontal bar of a share, with its target as a tick. Values are 0..1. */
export function shareBar(share: number, target: number, cls = 'bar'): Html {
  const w = 300;
  const clamp = (v: number) => Math.min(Math.max(v, 0), 1);
  return trusted(
    `<svg class="share" viewBox="0 0 ${w} 14" width="${w}" height="14" role="img" aria-label="share"><rect x="0" y="2" width="${w}" height="10" rx="5" fill="#eef2f6"/><rect class="${cls}" x="0" y="2" width="${(clamp(share) * w).toFixed(1)}" height="10" rx="5"/><line x1="${(clamp(target) * w).toFixed(1)}" y1="0" x2="${(clamp(target) * w).toFixed(1)}" y2="14" stroke="#121826" stroke-width="2"/></svg>`,
  );
}
