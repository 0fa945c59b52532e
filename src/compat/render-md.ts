/** compat.md: the report as Markdown, failures first (pure). */
import { CAPABILITY_COLUMNS, capabilityWord, cellSummary, STATUS_LABELS } from './labels.js';
import type { CompatReport } from './model.js';

function cellText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function failuresSection(r: CompatReport): string[] {
  if (r.failures.length === 0) return ['## Failures', '', 'None.'];
  return [
    '## Failures',
    '',
    ...r.failures.flatMap((f) => [
      `- **${f.requirement}** on ${code(f.target)}: ${f.note}`,
      ...(f.replay === null ? [] : [`  - replay: ${code(f.replay)}`]),
    ]),
  ];
}

function matrixSection(r: CompatReport): string[] {
  const ids = r.targets.map((t) => t.id);
  const legend = Object.values(STATUS_LABELS)
    .map((l) => `${l.mark} ${l.text}`)
    .join(' · ');
  return [
    '## Requirement × target',
    '',
    `| requirement | ${ids.map(code).join(' | ')} |`,
    `|---|${ids.map(() => '---').join('|')}|`,
    ...r.matrix.map(
      (row) => `| ${row.requirement} | ${ids.map((id) => cellText(cellSummary(row.cells[id]!))).join(' | ')} |`,
    ),
    '',
    legend,
  ];
}

function capabilitySection(r: CompatReport): string[] {
  return [
    '## Capabilities (probed)',
    '',
    `| target | version | ${CAPABILITY_COLUMNS.map((c) => c.heading).join(' | ')} |`,
    `|---|---|${CAPABILITY_COLUMNS.map(() => '---').join('|')}|`,
    ...r.targets.map((t) => {
      const values = CAPABILITY_COLUMNS.map((c) => capabilityWord(c.read(t.capabilities).value));
      return `| ${code(t.id)} | ${cellText(t.version)} | ${values.join(' | ')} |`;
    }),
    '',
    ...r.targets.flatMap((t) =>
      CAPABILITY_COLUMNS.map((c) => `- ${code(t.id)} ${c.heading}: ${cellText(c.read(t.capabilities).evidence)}`),
    ),
  ];
}

function otherSections(r: CompatReport): string[] {
  const notes =
    r.notes.length === 0 ? ['None: every target behaves as the contract says.'] : r.notes.map((n) => `- ${n.text}`);
  const predates = r.targets
    .filter((t) => t.judged.length < r.matrix.length)
    .map((t) => {
      const why = r.matrix.find((row) => row.cells[t.id]?.status === 'not-applicable')?.cells[t.id]?.note ?? '';
      return `- ${code(t.id)}: ${r.matrix.length - t.judged.length} requirement(s) n/a: ${cellText(why)}`;
    });
  const reasons = r.matrix.flatMap((row) =>
    Object.entries(row.cells)
      .filter(([, c]) => !['failed', 'not-applicable'].includes(c.status) && c.note !== null)
      .map(([id, c]) => `- ${row.requirement} on ${code(id)} (${STATUS_LABELS[c.status].text}): ${cellText(c.note!)}`),
  );
  const expected =
    r.expected.length === 0
      ? ['None given (--expected).']
      : r.expected.map(
          (e) =>
            `- ${e.requirement} on ${code(e.target)} until ${e.expires}` +
            `${e.expired ? ' (EXPIRED)' : ''}${e.used ? '' : ' (matched no failure)'}: ${e.reason}`,
        );
  return [
    '## Portability notes',
    '',
    ...notes,
    '',
    '## Expected divergences',
    '',
    ...expected,
    '',
    '## Other cell notes',
    '',
    ...(predates.length + reasons.length === 0 ? ['None.'] : [...predates, ...reasons]),
  ];
}

/** The Markdown text of the report. */
export function renderCompatMarkdown(r: CompatReport): string {
  const head = [
    '# directfs compatibility report',
    '',
    `${r.date} · seed ${r.seed} · ${r.cases} generated cases per target · ` +
      `targets: ${r.targets.map((t) => code(t.id)).join(', ')}`,
    '',
    `**${r.gate.summary}** (exit ${r.gate.exitCode})`,
    '',
  ];
  const body = [failuresSection(r), matrixSection(r), capabilitySection(r), otherSections(r)];
  return `${[...head, ...body.flatMap((s) => [...s, ''])].join('\n').trimEnd()}\n`;
}
