/** One column of a markdown table: a header and how a row prints in it. */
export interface Column<Row> {
  readonly label: string;
  readonly format: (row: Row) => string;
}

/** Keeps a cell on its line and its column: pipes escaped, line breaks as spaces. */
const cell = (text: string): string => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export const markdownTable = <Row>(columns: ReadonlyArray<Column<Row>>, rows: ReadonlyArray<Row>): string => {
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(columns.map((c) => c.label)), line(columns.map(() => "---")), ...rows.map((row) => line(columns.map((c) => c.format(row))))].join("\n");
};

/** A two-column table of named figures. */
export const figureTable = (figures: ReadonlyArray<readonly [string, string]>): string =>
  markdownTable<readonly [string, string]>(
    [
      { label: "Statistic", format: ([name]) => name },
      { label: "Value", format: ([, value]) => value },
    ],
    figures,
  );
