/**
 * node-postgres, imported without its Cloudflare probe. At import pg asks
 * whether it runs in a Cloudflare Worker: it looks at `navigator.userAgent`,
 * and when there is no navigator (Node 20) it constructs a `Response`, whose
 * first use loads Node's bundled undici — 35–40 ms of a 100 ms `holocron
 * search` (measured on Node 20.20). Node 21+ defines navigator; on Node 20 we
 * stand one in for the duration of the import and take it away again.
 */
import './pg-navigator-shim.js';
import pg from 'pg';
import { removeNavigatorShim } from './pg-navigator-shim.js';

removeNavigatorShim();

export default pg;
