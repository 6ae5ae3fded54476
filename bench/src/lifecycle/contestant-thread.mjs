// A contestant thread's entry, plain JavaScript so that it loads before any TypeScript: it
// registers tsx's loader in this thread (a worker does not inherit the parent's), then the thread.
import { register } from "tsx/esm/api";

register();
await import("./contestant-thread.ts");
