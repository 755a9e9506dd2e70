// A supervisor for process-signals.e2e-spec.ts: starts APP_MAIN with this environment, its output on
// ours, prints the app's pid, and waits (the test kills it with SIGKILL).
const { spawn } = require('node:child_process');

const app = spawn(process.execPath, [process.env.APP_MAIN], { stdio: 'inherit', env: process.env });
process.stdout.write(`app pid ${app.pid}\n`);
setInterval(() => undefined, 60000);
