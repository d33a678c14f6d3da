import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { BadFile, extractPages, inspectFile, type FileKind } from "./extraction.ts";

// Runs one inspection or extraction off the main thread (see runInThread in extraction-runner.ts).
const { task, kind, path } = workerData as { task: "inspect" | "extract"; kind: FileKind; path: string };
try {
  const bytes = await readFile(path);
  const result = task === "inspect" ? await inspectFile(kind, bytes) : await extractPages(kind, bytes);
  parentPort!.postMessage({ ok: true, result });
} catch (error) {
  parentPort!.postMessage({ ok: false, bad: error instanceof BadFile, message: error instanceof Error ? error.message : String(error) });
}
