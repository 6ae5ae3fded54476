// Imported first by the worker, so it runs before @tickfold/core is evaluated: zod decides whether
// to compile object parsers (and probes `new Function`, which a CSP without 'unsafe-eval' reports
// as a violation even though zod catches the error) when core builds its schemas, at import time.
import * as z from "zod/mini";

z.config({ jitless: true });

/** Policy violations inside the worker, which the page's document never hears of. */
export const workerViolations: string[] = [];
self.addEventListener("securitypolicyviolation", (event) => {
  workerViolations.push(`worker: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
