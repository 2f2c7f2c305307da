// Run as a child process by backend.test.ts: initialises the backend named on the command line
// and reports the result on stderr, so that the test can check that stdout stays empty.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../extension/worker/backend';
import type { BackendChoice } from '../../extension/shared/workerProtocol';

void initBackend(tf, process.argv[2] as BackendChoice).then((r) => process.stderr.write(JSON.stringify(r)));
