import { describe, expect, it } from 'vitest';
import type { CompatReport } from './model.js';
import { escapeHtml, renderCompatHtml } from './render-html.js';
import { renderCompatMarkdown } from './render-md.js';

const finding = { value: 'honoured' as const, evidence: '<img src=x onerror=alert(1)>' };
const report: CompatReport = {
  schema: 1,
  date: '2026-11-29',
  seed: 1,
  cases: 1,
  targets: [
    {
      id: 'sim',
      kind: 'sim',
      path: null,
      version: 'v<1>',
      capabilities: {
        schema: 1,
        probeVersion: 3,
        mountOptOut: finding,
        rootfsOptOut: finding,
        directfsFlag: { value: true, evidence: 'e' },
        directfsVisible: { value: null, evidence: 'e' },
        overlayDefault: { value: 'overlay', evidence: 'e' },
        vendorClaim: { value: 'absent', evidence: 'e' },
        binarySha256: null,
      },
      judged: ['DFS-KEEP'],
      interrupted: false,
      targetRuns: { case: 1, paired: 0, reference: 0, variant: 0, shrink: 0 },
      wallMs: 1,
    },
  ],
  matrix: [
    {
      requirement: 'DFS-KEEP',
      sentence: 's',
      results: { sim: 'failed' },
      cells: {
        sim: {
          status: 'failed',
          runs: 2,
          observedMounts: 3,
          note: 'mount </td><script>alert(1)</script> | pipe',
          replay: 'npx directfs-conformance replay f.json --target sim',
          expected: null,
        },
      },
    },
  ],
  failures: [{ requirement: 'DFS-KEEP', target: 'sim', note: '<script>x</script>', replay: null }],
  notes: [],
  expected: [],
  notRun: [],
  summary: { failed: 1, expected: 0, indeterminate: 0, unobservable: 0, 'not-applicable': 0, passed: 0 },
  gate: { exitCode: 1, summary: 'FAILED: DFS-KEEP on sim' },
};

describe('renderers', () => {
  it('escape every text they print into HTML and fetch nothing', () => {
    const html = renderCompatHtml(report);
    expect(escapeHtml(`<a href="x">'&`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
    expect(html).not.toMatch(/<script|<img|<link|@import|url\(|https?:/i);
    expect(html).toContain('<td class="s-failed" data-status="failed" title="mount &#60;/td&#62;');
    expect(html.indexOf('Failures (1)')).toBeLessThan(html.indexOf('<table id="matrix">'));
  });
  it('keep Markdown table cells on one line with pipes escaped', () => {
    const md = renderCompatMarkdown(report);
    expect(md).toContain('| DFS-KEEP | ✗ failed (2 runs, 3 mounts) |');
    expect(md.indexOf('## Failures')).toBeLessThan(md.indexOf('## Requirement × target'));
    expect(md).toContain('directfs token shown');
  });
});
