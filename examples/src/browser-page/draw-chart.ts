import type { ChartData, PricePoint } from "./chart-data.js";

const COLORS = { background: "#ffffff", price: "#1f4e79", long: "#1a7f37", short: "#b42318", profit: "#2da44e", loss: "#cf222e" };
const MARGIN = 24;

/** A plain 2D-canvas chart: the price line, each position from entry to exit, milestone dots. */
export const drawChart = (canvas: HTMLCanvasElement, { prices, positions, milestones }: ChartData): void => {
  const context = canvas.getContext("2d")!;
  const { width, height } = canvas;
  context.fillStyle = COLORS.background;
  context.fillRect(0, 0, width, height);
  if (prices.length === 0) return;

  const times = prices.map((point) => point.time);
  const values = prices.map((point) => point.price);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [p0, p1] = [Math.min(...values), Math.max(...values)];
  const x = (time: number): number => MARGIN + ((time - t0) / (t1 - t0 || 1)) * (width - 2 * MARGIN);
  const y = (price: number): number => height - MARGIN - ((price - p0) / (p1 - p0 || 1)) * (height - 2 * MARGIN);
  const dot = (point: PricePoint, radius: number, color: string): void => {
    context.fillStyle = color;
    context.beginPath();
    context.arc(x(point.time), y(point.price), radius, 0, 2 * Math.PI);
    context.fill();
  };

  context.strokeStyle = COLORS.price;
  context.lineWidth = 1;
  context.beginPath();
  prices.forEach((point, i) => (i === 0 ? context.moveTo(x(point.time), y(point.price)) : context.lineTo(x(point.time), y(point.price))));
  context.stroke();

  for (const { position, entry, exit } of positions) {
    const color = COLORS[position];
    if (exit !== null) {
      context.strokeStyle = color;
      context.lineWidth = 2;
      context.beginPath();
      context.moveTo(x(entry.time), y(entry.price));
      context.lineTo(x(exit.time), y(exit.price));
      context.stroke();
      dot(exit, 4, "#000000");
    }
    dot(entry, 5, color);
  }
  for (const milestone of milestones) dot(milestone, 3, COLORS[milestone.side]);

  context.fillStyle = "#000000";
  context.font = "12px sans-serif";
  context.fillText(`${p1.toFixed(0)}`, 2, MARGIN - 6);
  context.fillText(`${p0.toFixed(0)}`, 2, height - 6);
};
