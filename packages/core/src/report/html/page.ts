/** The page shell shared by the backtest and walker reports: one file, nothing fetched. */

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** JSON that is safe inside a <script> element: no "</script>", no "<!--". */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");

/** Script text that cannot end its <script> element early. */
const inlineScript = (code: string): string => code.replace(/<\/(script)/gi, "<\\/$1");

export const ATTRIBUTION =
  'Charts drawn with <a href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">TradingView</a> ' +
  "Lightweight Charts™ — Copyright (c) TradingView, Inc. (https://www.tradingview.com/), licensed under the Apache License 2.0.";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;background:#f5f6f8}
header{padding:20px 28px 8px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:16px;margin:0 0 10px}
.sub{color:#6b7280}
main{padding:8px 28px 28px;display:grid;gap:16px}
section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:14px 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:18px}
.card span{color:#6b7280;font-size:12px}
.pos{color:#059669}.neg{color:#dc2626}
.chart{height:380px}
.chart.small{height:200px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;align-items:start}
.stack{display:grid;gap:16px}
section{min-width:0;overflow-x:auto}
table.figures td{white-space:normal}
@media (max-width:900px){.grid2{grid-template-columns:1fr}}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:5px 8px;border-bottom:1px solid #eef0f3;text-align:left;white-space:nowrap}
th{background:#f9fafb;position:sticky;top:0;z-index:1}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[data-dir="asc"]::after{content:" ▲"}
table.sortable th[data-dir="desc"]::after{content:" ▼"}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{max-height:560px;overflow:auto}
.pager{margin-top:8px;display:flex;gap:10px;align-items:center;color:#6b7280;font-size:12px}
.pager button{font:inherit;padding:2px 10px;border:1px solid #d1d5db;border-radius:4px;background:#fff;cursor:pointer}
.note{color:#6b7280;font-size:12px;margin:6px 0 0}
.ranges{display:flex;gap:6px;margin:-4px 0 8px}
.ranges button{font:inherit;font-size:12px;padding:2px 10px;border:1px solid #d1d5db;border-radius:4px;background:#fff;cursor:pointer}
.ranges button:hover{background:#f3f4f6}
footer{padding:0 28px 24px;color:#6b7280;font-size:12px}
footer a{color:inherit}
`;

/**
 * Sorts a table with class "sortable" when a header is clicked; cells sort by their
 * data-sort value (numbers) or their text.
 */
const SORT_SCRIPT = `
document.querySelectorAll("table.sortable:not(.paged)").forEach(function (table) {
  var heads = table.querySelectorAll("th");
  heads.forEach(function (th, col) {
    th.addEventListener("click", function () {
      var dir = th.getAttribute("data-dir") === "asc" ? "desc" : "asc";
      heads.forEach(function (h) { h.removeAttribute("data-dir"); });
      th.setAttribute("data-dir", dir);
      var body = table.tBodies[0];
      // Keys read once, rows moved in one fragment: thousands of rows sort at once.
      var keyed = Array.prototype.map.call(body.rows, function (row, i) {
        var cell = row.cells[col];
        var v = cell.getAttribute("data-sort");
        return { row: row, i: i, key: v === null ? cell.textContent : Number(v) };
      });
      keyed.sort(function (a, b) {
        var c = typeof a.key === "number" && typeof b.key === "number" ? a.key - b.key : String(a.key).localeCompare(String(b.key));
        return (dir === "asc" ? c : -c) || a.i - b.i;
      });
      var fragment = document.createDocumentFragment();
      keyed.forEach(function (k) { fragment.appendChild(k.row); });
      body.appendChild(fragment);
    });
  });
});
`;

/** Chart helpers the pages' scripts call; `LightweightCharts` is the inlined library's global. */
const CHART_HELPERS = `
var LW = window.LightweightCharts;
var REPORT = JSON.parse(document.getElementById("report-data").textContent);
function makeChart(id) {
  return LW.createChart(document.getElementById(id), {
    autoSize: true,
    layout: { background: { type: "solid", color: "#ffffff" }, textColor: "#374151", fontSize: 12 },
    grid: { vertLines: { color: "#f1f3f5" }, horzLines: { color: "#f1f3f5" } },
    rightPriceScale: { borderColor: "#e5e7eb" },
    // A small minimum bar spacing lets fitContent show a whole year, also in a half-width chart.
    timeScale: { borderColor: "#e5e7eb", timeVisible: true, secondsVisible: false, minBarSpacing: 0.05, fixLeftEdge: true, fixRightEdge: true },
    crosshair: { mode: 0 }
  });
}
// A long table as pages of rows drawn from data: sorting and paging touch one page of cells,
// where thousands of live rows would take seconds to lay out again after each sort.
function pagedTable(id, table, pageSize) {
  var root = document.getElementById(id);
  var order = table.rows.map(function (_, i) { return i; });
  var state = { col: -1, dir: "asc", page: 0 };
  var esc = function (t) { return String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); };
  var key = function (row, col) { var c = table.rows[row][col]; return c[1] === null ? c[0] : c[1]; };
  function render() {
    var pages = Math.max(1, Math.ceil(order.length / pageSize));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    var head = table.headers.map(function (h, i) {
      return "<th" + (i === state.col ? ' data-dir="' + state.dir + '"' : "") + ' data-col="' + i + '">' + esc(h) + "</th>";
    }).join("");
    var body = order.slice(state.page * pageSize, (state.page + 1) * pageSize).map(function (r) {
      return "<tr>" + table.rows[r].map(function (c) {
        return "<td" + (c[2] ? ' class="' + c[2] + '"' : "") + (c[1] === null ? "" : ' data-sort="' + c[1] + '"') + ">" + esc(c[0]) + "</td>";
      }).join("") + "</tr>";
    }).join("");
    root.innerHTML = '<div class="scroll"><table class="sortable paged"><thead><tr>' + head + "</tr></thead><tbody>" + body +
      '</tbody></table></div><div class="pager"><button type="button" data-step="-1">‹ previous</button> <span>page ' +
      (state.page + 1) + " of " + pages + " (" + order.length + " rows)</span> " + '<button type="button" data-step="1">next ›</button></div>';
  }
  root.addEventListener("click", function (event) {
    var th = event.target.closest("th[data-col]");
    var step = event.target.closest("button[data-step]");
    if (th) {
      var col = Number(th.getAttribute("data-col"));
      state.dir = state.col === col && state.dir === "asc" ? "desc" : "asc";
      state.col = col;
      state.page = 0;
      var sign = state.dir === "asc" ? 1 : -1;
      order.sort(function (a, b) {
        var x = key(a, col), y = key(b, col);
        var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return sign * c || a - b;
      });
      render();
    } else if (step) {
      state.page += Number(step.getAttribute("data-step"));
      render();
    }
  });
  render();
}
function points(list) { return list.map(function (p) { return { time: p[0], value: p[1] }; }); }
// One way only: followers echoing ranges back would narrow the leader (sparser series round
// a range to their own points).
function followTimeRange(leader, followers) {
  leader.timeScale().subscribeVisibleTimeRangeChange(function (range) {
    if (range === null) return;
    followers.forEach(function (f) { try { f.timeScale().setVisibleRange(range); } catch (e) {} });
  });
}
`;

export interface PageParts {
  readonly title: string;
  readonly subtitle: string;
  readonly body: string;
  readonly data: unknown;
  /** The page's own script, run after the chart library and the helpers. */
  readonly script: string;
  readonly chartScript: string;
}

export const htmlPage = (parts: PageParts): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(parts.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(parts.title)}</h1><div class="sub">${escapeHtml(parts.subtitle)}</div></header>
<main>
${parts.body}
</main>
<footer>${ATTRIBUTION}</footer>
<script type="application/json" id="report-data">${scriptJson(parts.data)}</script>
<script>${inlineScript(parts.chartScript)}</script>
<script>(function () {${CHART_HELPERS}${parts.script}})();</script>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;

/** A table whose rows are given as cells; `num` cells sort by their number. */
export interface Cell {
  readonly text: string;
  readonly sort?: number;
  readonly className?: string;
}

/** `className` "sortable" makes the headers sort the rows when clicked. */
export const htmlTable = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>, className = ""): string => {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map(
      (row) =>
        `<tr>${row
          .map((c) => {
            const sort = c.sort === undefined || !Number.isFinite(c.sort) ? "" : ` data-sort="${c.sort}"`;
            const cls = c.className ? ` class="${c.className}"` : "";
            return `<td${cls}${sort}>${escapeHtml(c.text)}</td>`;
          })
          .join("")}</tr>`,
    )
    .join("\n");
  return `<table${className ? ` class="${className}"` : ""}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
};

/** Class for a signed figure: green above 0, red below. */
export const signClass = (value: number | null | undefined): string => (value == null || value === 0 ? "" : value > 0 ? "pos" : "neg");
