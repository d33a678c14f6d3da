import { Worker } from "node:worker_threads";
import { BadFile, type FileKind } from "./extraction.ts";

const THREAD = new URL("./extraction-thread.ts", import.meta.url).href;
// The thread loads TypeScript the way the server does: through tsx, registered in the thread itself.
const TSX_API = import.meta.resolve("tsx/esm/api");
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(THREAD)}); })`;

/**
 * Opens or extracts a file in a worker thread: pdf.js parses on the thread it runs on, and a 300-page PDF
 * would otherwise stop the server answering anyone for seconds. The thread also has a time limit and a
 * memory cap, so a pathological file fails instead of hanging or exhausting the process.
 */
export function runInThread(task: "inspect", kind: FileKind, path: string): Promise<{ pages: number | null }>;
export function runInThread(task: "extract", kind: FileKind, path: string): Promise<string[]>;
export function runInThread(task: "inspect" | "extract", kind: FileKind, path: string, timeoutMs = 120_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { task, kind, path }, resourceLimits: { maxOldGenerationSizeMb: 768 } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new BadFile("The file took too long to read. It may be damaged."))), timeoutMs);
    worker.once("message", (m: { ok: true; result: unknown } | { ok: false; bad: boolean; message: string }) =>
      finish(() => (m.ok ? resolve(m.result) : reject(m.bad ? new BadFile(m.message) : new Error(m.message)))),
    );
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) => finish(() => reject(new Error(`extraction thread stopped (exit code ${code})`))));
  });
}
