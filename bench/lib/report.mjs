/** Formatting of figures and the one table every run prints. */

export const fmt = {
  rps: (v) => `${Math.round(v).toLocaleString('en-US')} req/s`,
  ms: (v) => (v >= 100 ? `${Math.round(v)} ms` : `${Number(v.toFixed(v >= 10 ? 1 : 2))} ms`),
  us: (v) => `${v.toFixed(1)} µs`,
  n: (v) => Math.round(v).toLocaleString('en-US'),
  mib: (v) => `${Math.round(v)} MiB`,
  pct: (v) => `${(v * 100).toFixed(1)}%`,
  ratio: (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—'),
};

/**
 * One row of the table. `met` is true, false, or a word (`pending`, `info`) when there is no
 * target to meet.
 */
export function row(scenario, figure, value, { baseline = '—', ratio = '—', target = '—', met = 'info' } = {}) {
  return { scenario, figure, value, baseline, ratio, target, met };
}

const metText = (met) => (met === true ? 'met' : met === false ? '**MISSED**' : met);

export function markdownTable(rows) {
  const header = ['scenario', 'figure', 'Twostep', 'baseline', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [r.scenario, r.figure, r.value, r.baseline, r.ratio, r.target, metText(r.met)]);
  const escape = (cell) => String(cell).replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...lines.map((cells) => `| ${cells.map(escape).join(' | ')} |`),
  ].join('\n');
}
