/**
 * compat.html: one self-contained page (inline CSS, no script, no external
 * resource), failures first, the matrix coloured by status (pure).
 */
import { CAPABILITY_COLUMNS, capabilityWord, cellSummary, STATUS_LABELS } from './labels.js';
import type { CellStatus, CompatReport } from './model.js';

/** Text escaped for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2430;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:26px 0 8px;border-bottom:1px solid #d8dde6}
.meta{color:#5a6475}.gate{display:inline-block;padding:6px 10px;border-radius:6px;font-weight:600;margin:10px 0}
.gate.exit0{background:#dff3e4;color:#14532d}.gate.exit1{background:#fde2e1;color:#7f1d1d}
.gate.exit3{background:#fdf0d5;color:#78350f}
table{border-collapse:collapse;margin:6px 0}
th,td{border:1px solid #cfd5df;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f6}td.req{font-weight:600;white-space:nowrap}
td.s-failed{background:#f8c9c6}td.s-expected{background:#fbe3b0}td.s-passed{background:#cdebd5}
td.s-not-applicable{background:#eceef2;color:#5a6475}td.s-unobservable{background:#d6e6f7}
td.s-indeterminate{background:#e5d7f3}
.failure{border-left:5px solid #c62828;background:#fff5f5;padding:6px 10px;margin:6px 0}
code{font:12px ui-monospace,Menlo,Consolas,monospace;background:#f1f3f7;padding:1px 3px;border-radius:3px}
.small{font-size:12px;color:#5a6475}.legend span{margin-right:12px}
`;

function statusCell(status: CellStatus, text: string, title: string | null): string {
  const t = title === null ? '' : ` title="${escapeHtml(title)}"`;
  return `<td class="s-${status}" data-status="${status}"${t}>${escapeHtml(text)}</td>`;
}

function failuresHtml(r: CompatReport): string {
  if (r.failures.length === 0) return '<h2>Failures</h2><p>None.</p>';
  const items = r.failures.map((f) => {
    const replay = f.replay === null ? '' : `<div class="small">replay: <code>${escapeHtml(f.replay)}</code></div>`;
    const head = `<b>${escapeHtml(f.requirement)}</b> on <code>${escapeHtml(f.target)}</code>`;
    return `<div class="failure">${head}: ${escapeHtml(f.note)}${replay}</div>`;
  });
  return `<h2>Failures (${r.failures.length})</h2>${items.join('\n')}`;
}

function matrixHtml(r: CompatReport): string {
  const head = r.targets.map((t) => `<th data-target="${escapeHtml(t.id)}">${escapeHtml(t.id)}</th>`).join('');
  const rows = r.matrix.map((row) => {
    const cells = r.targets.map((t) => {
      const c = row.cells[t.id]!;
      return statusCell(c.status, cellSummary(c), c.note);
    });
    const req = `<td class="req" title="${escapeHtml(row.sentence)}">${escapeHtml(row.requirement)}</td>`;
    return `<tr data-requirement="${escapeHtml(row.requirement)}">${req}${cells.join('')}</tr>`;
  });
  const legend = Object.entries(STATUS_LABELS)
    .map(([s, l]) => `<span class="s-${s}">${escapeHtml(`${l.mark} ${l.text}`)}</span>`)
    .join('');
  return (
    `<h2>Requirement × target</h2><table id="matrix"><thead><tr><th>requirement</th>${head}</tr></thead>` +
    `<tbody>\n${rows.join('\n')}\n</tbody></table><div class="legend small">${legend}</div>`
  );
}

function capabilitiesHtml(r: CompatReport): string {
  const head = CAPABILITY_COLUMNS.map((c) => `<th>${escapeHtml(c.heading)}</th>`).join('');
  const rows = r.targets.map((t) => {
    const cells = CAPABILITY_COLUMNS.map((c) => {
      const f = c.read(t.capabilities);
      return `<td title="${escapeHtml(f.evidence)}">${escapeHtml(capabilityWord(f.value))}</td>`;
    });
    const head = `<td><code>${escapeHtml(t.id)}</code></td><td class="small">${escapeHtml(t.version)}</td>`;
    return `<tr>${head}${cells.join('')}</tr>`;
  });
  return (
    `<h2>Capabilities (probed)</h2><table id="capabilities"><thead><tr><th>target</th><th>version</th>${head}</tr>` +
    `</thead><tbody>\n${rows.join('\n')}\n</tbody></table><p class="small">Hover a value for the evidence; ` +
    'compat.json and compat.md carry it in full.</p>'
  );
}

function listHtml(title: string, items: string[], empty: string): string {
  const body =
    items.length === 0 ? `<p>${escapeHtml(empty)}</p>` : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
  return `<h2>${escapeHtml(title)}</h2>${body}`;
}

/** The HTML page of the report. */
export function renderCompatHtml(r: CompatReport): string {
  const notes = r.notes.map((n) => escapeHtml(n.text));
  const expected = r.expected.map((e) => {
    const flags = `${e.expired ? ' <b>EXPIRED</b>' : ''}${e.used ? '' : ' (matched no failure)'}`;
    const head = `<b>${escapeHtml(e.requirement)}</b> on <code>${escapeHtml(e.target)}</code>`;
    return `${head} until ${escapeHtml(e.expires)}${flags}: ${escapeHtml(e.reason)}`;
  });
  const meta = `${r.date} · seed ${r.seed} · ${r.cases} generated cases per target`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>directfs compatibility report</title>',
    `<style>${STYLE}</style></head><body>`,
    `<h1>directfs compatibility report</h1><div class="meta">${escapeHtml(meta)}</div>`,
    `<div class="gate exit${r.gate.exitCode}">${escapeHtml(r.gate.summary)} (exit ${r.gate.exitCode})</div>`,
    failuresHtml(r),
    matrixHtml(r),
    capabilitiesHtml(r),
    listHtml('Portability notes', notes, 'None: every target behaves as the contract says.'),
    listHtml('Expected divergences', expected, 'None given (--expected).'),
    '</body></html>',
    '',
  ].join('\n');
}
