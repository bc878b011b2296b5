// login-load.mjs - N clients, each from its own loopback address
// (127.0.x.y, so that per-address limits see N different clients, as they
// would behind a real network), posting logins one after the other for a
// duration.  Prints one JSON line: {"requests":…, "codes":{"200":…, …},
// "errors":…}.  Used by bench/login.sh.
//
// With RETRY=honour a client answered 503 waits its Retry-After before the
// next attempt, as the web UI does; otherwise it retries at once.
//
//   node bench/login-load.mjs URL CLIENTS SECONDS BODY
import http from 'node:http';

const [url, clientsArg, secondsArg, body] = process.argv.slice(2);
const clients = Number(clientsArg);
const until = Date.now() + Number(secondsArg) * 1000;
const honour = process.env.RETRY === 'honour';
const codes = {};
let requests = 0;
let errors = 0;

function post(agent, localAddress) {
	return new Promise((resolve) => {
		const req = http.request(url, {
			method: 'POST',
			agent,
			localAddress,
			headers: { 'content-type': 'application/json' },
		}, (res) => {
			res.resume();
			res.on('end', () => {
				codes[res.statusCode] = (codes[res.statusCode] || 0) + 1;
				requests++;
				const wait = Number(res.headers['retry-after']);
				if (honour && res.statusCode === 503 && wait > 0) setTimeout(resolve, wait * 1000);
				else resolve();
			});
		});
		req.on('error', () => {
			errors++;
			resolve();
		});
		req.end(body);
	});
}

async function client(i) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const localAddress = `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`;

	while (Date.now() < until) {
		await post(agent, localAddress);
	}
	agent.destroy();
}

await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
console.log(JSON.stringify({ requests, codes, errors }));
