/** The one-screen summary `npm run bench` prints at the end. */
import { checkTargets, type BenchReport } from './bench-report';

const SERVICES = ['producer', 'subscription', 'delivery', 'health'];

export function renderSummary(report: BenchReport, files: string[]): string {
  const lines: string[] = ['', `══ Hookline bench, ${report.at} (${report.wallSeconds} s) ══`];
  for (const result of report.results) {
    const memory = result.figures.filter((figure) => figure.name.startsWith('platform.memory.'));
    const shown = result.figures.filter(
      (figure) =>
        !memory.includes(figure) &&
        !/^platform\.scale\.\d+\.cpu_ms_per_event\./.test(figure.name) &&
        !/^platform\.(cost|hops)\./.test(figure.name),
    );
    lines.push('', `${result.ok ? '✔' : '✘ FAILED'} ${result.bench} (${result.seconds} s)`);
    for (const figure of shown) {
      const name = figure.name.replace(/^platform\./, '');
      lines.push(`  ${name.padEnd(48)} ${figure.value.toLocaleString('en-US').padStart(12)} ${figure.unit}`);
    }
    if (memory.length > 0) {
      const peaks = SERVICES.map((service) => {
        const values = memory.filter((figure) => figure.name.endsWith(`.${service}`)).map((f) => f.value);
        return `${service} ${Math.max(...values)}`;
      });
      lines.push(`  ${'peak RSS over all scenarios (MiB)'.padEnd(48)} ${peaks.join(', ')}`);
    }
  }
  const targets = checkTargets(report);
  if (targets.length > 0) {
    lines.push('', 'targets (issue 8):');
    for (const check of targets)
      lines.push(
        `  ${check.met ? 'MET    ' : 'NOT MET'} ${check.target.padEnd(34)} ${check.bar.padEnd(10)} ${check.measured}`,
      );
  }
  lines.push('', ...files.map((file) => `written: ${file}`));
  return lines.join('\n');
}
