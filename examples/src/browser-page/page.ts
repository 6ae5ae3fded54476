// Loads the recorded session, replays it in a Web Worker, shows the fingerprint and draws the chart.
import { drawChart } from "./draw-chart.js";
import type { WorkerReply } from "./worker.js";

const show = (id: string, text: string): void => {
  document.getElementById(id)!.textContent = text;
};

const violations: string[] = [];
document.addEventListener("securitypolicyviolation", (event) => {
  violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
  show("violations", violations.join("\n"));
});

const replayInWorker = (journal: string): Promise<WorkerReply> => {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  return new Promise<WorkerReply>((resolve, reject) => {
    worker.onmessage = (message: MessageEvent<WorkerReply>) => resolve(message.data);
    worker.onerror = (event) => reject(new Error(`the worker failed: ${event.message}`));
    worker.postMessage(journal);
  }).finally(() => worker.terminate());
};

const main = async (): Promise<void> => {
  const response = await fetch(new URL("./recording.jsonl", import.meta.url));
  if (!response.ok) throw new Error(`recording.jsonl answered ${response.status}`);
  const { fingerprint, chart, violations: inWorker } = await replayInWorker(await response.text());
  if (inWorker.length > 0) show("violations", [...violations, ...inWorker].join("\n"));
  drawChart(document.getElementById("chart") as HTMLCanvasElement, chart);
  show("positions", `${chart.positions.length} positions, ${chart.milestones.length} milestones`);
  show("fingerprint", fingerprint);
  document.body.dataset.state = "done";
};

main().catch((error: unknown) => {
  show("fingerprint", `error: ${String(error)}`);
  document.body.dataset.state = "failed";
  console.error(error);
});
