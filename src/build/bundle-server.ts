/** `npm run build`, after tsc: bundle the server entry (see server-bundle.ts for why). */
import { join } from 'node:path';
import { ROOT_DIR } from '../shell/server/views.js';
import { bundleServer } from './server-bundle.js';

const entry = join(ROOT_DIR, 'dist', 'shell', 'server', 'main.js');
const { bytes } = await bundleServer(entry);
console.log(`Bundled ${entry} (${String(Math.round(bytes / 1024))} KiB)`);
