// Bootstrap of the server's worker threads (the PDF renderer):
// registers tsx in this thread (the main thread's loader does not carry over to workers), then
// loads the TypeScript entry it is given.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
