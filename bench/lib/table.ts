/** Plain-text and Markdown tables for the terminal and bench/results/latest.md. */

export type Cell = string | number | null;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** Numbers to at most `digits` decimals, big ones grouped; null and NaN read "n/a". */
export function formatCell(value: Cell, digits = 2): string {
  if (value === null) return 'n/a';
  if (typeof value === 'string') return value;
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const abs = Math.abs(value);
  const d = Number.isInteger(value) ? 0 : abs >= 100 ? 0 : abs >= 10 ? Math.min(1, digits) : digits;
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

function cellsOf(table: Table): string[][] {
  return table.rows.map((row) => {
    if (row.length !== table.columns.length) {
      throw new Error(`table "${table.title}": a row has ${row.length} cells, the header ${table.columns.length}`);
    }
    return row.map((cell) => formatCell(cell));
  });
}

export function renderText(table: Table): string {
  const cells = cellsOf(table);
  const widths = table.columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i]!.length)));
  // First column (a label) left-aligned, figures right-aligned so digits line up.
  const line = (row: string[]): string => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [table.title, line(table.columns), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function renderMarkdown(table: Table): string {
  const cells = cellsOf(table);
  const escape = (text: string): string => text.replaceAll('|', '\\|');
  const row = (values: string[]): string => `| ${values.map(escape).join(' | ')} |`;
  const align = table.columns.map((_, i) => (i === 0 ? '---' : '---:'));
  return [`### ${table.title}`, '', row(table.columns), `| ${align.join(' | ')} |`, ...cells.map(row)].join('\n');
}
