// Plain-text tables for the command line: columns padded to their widest cell, two spaces apart.

/** One line per row; `rightAligned` columns (counts) are padded on the left; the last column is never padded. */
export function textTable(rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length))
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)))
  return rows.map((row) =>
    row
      .map((cell, column) => (column === columns - 1 ? cell : rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  )
}
