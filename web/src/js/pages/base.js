// Pages with no behaviour of their own: only the shared layout.
import { initSite } from '../lib/site.js';

initSite();
