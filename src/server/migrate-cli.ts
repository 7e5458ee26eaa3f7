/** `npm run migrate`: apply pending migrations to the configured database and exit. */
import { loadConfig } from './config';
import { openAndMigrate } from './bootstrap';

const config = loadConfig(process.env, []);
const { handle, applied } = await openAndMigrate(config);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
await handle.close();
