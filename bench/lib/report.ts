/** What each scenario reports: its parameters, its figures and whether each target was met. Printed and saved as JSON. */

export interface TargetCheck {
  target: string;
  met: boolean;
  actual: string;
}

export interface ScenarioReport {
  scenario: string;
  params: Record<string, unknown>;
  figures: Record<string, unknown>;
  targets: TargetCheck[];
  notes: string[];
}

export class Reporter {
  readonly report: ScenarioReport;

  constructor(scenario: string, params: Record<string, unknown>) {
    this.report = { scenario, params, figures: {}, targets: [], notes: [] };
    console.log(`\n=== ${scenario} ===`);
    console.log(`    parameters: ${Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ')}`);
  }

  figure(name: string, value: unknown, unit = ''): void {
    this.report.figures[name] = value;
    console.log(`    ${name}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}${unit ? ` ${unit}` : ''}`);
  }

  /** Kept in the JSON output only (structured form of figures already printed). */
  data(name: string, value: unknown): void {
    this.report.figures[name] = value;
  }

  target(target: string, met: boolean, actual: string): void {
    this.report.targets.push({ target, met, actual });
    console.log(`    [${met ? 'met' : 'MISSED'}] ${target} (${actual})`);
  }

  note(text: string): void {
    this.report.notes.push(text);
    console.log(`    note: ${text}`);
  }
}
