// The sign-in storm of scenario 6, in its own process so that it does not slow the process that
// measures the members page. Clients each sign one member (without 2FA) in on the web, from their
// own address (X-Forwarded-For), again and again with the right password; a client refused with
// BUSY tries again 250 ms later. Reads commands on stdin: "start", "pause", "reset" (forgets the
// outcomes so far: the warm-up), "report" (prints the outcomes as one JSON line and exits).
// Usage: node sign-in-storm.mjs <serverUrl> <password> <email>…
import readline from 'node:readline';

const [url, password, ...emails] = process.argv.slice(2);
const signIn = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { __typename } }`;
let outcomes = { ok: [], busy: [], other: [] };
let codes = {};
// Clients wait on `gate` before each attempt; it is open while the storm runs.
let release = () => {};
let gate = new Promise((resolve) => (release = resolve));

async function client(email, i) {
  const headers = { 'content-type': 'application/json', 'x-forwarded-for': `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}` };
  const body = JSON.stringify({ query: signIn, variables: { input: { email, password, client: 'WEB' } } });
  for (;;) {
    await gate;
    const started = performance.now();
    let code = 'OK';
    try {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
      const answer = await res.json();
      if (answer.errors) code = answer.errors[0]?.extensions?.code ?? 'UNKNOWN';
    } catch {
      code = 'NETWORK';
    }
    const elapsed = performance.now() - started;
    (code === 'OK' ? outcomes.ok : code === 'BUSY' ? outcomes.busy : outcomes.other).push(elapsed);
    codes[code] = (codes[code] ?? 0) + 1;
    if (code === 'BUSY') await new Promise((r) => setTimeout(r, 250));
  }
}

emails.forEach((email, i) => void client(email, i));
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'start') {
    release();
  } else if (line === 'reset') {
    outcomes = { ok: [], busy: [], other: [] };
    codes = {};
  } else if (line === 'pause') {
    gate = new Promise((resolve) => (release = resolve));
  } else if (line === 'report') {
    process.stdout.write(`${JSON.stringify({ outcomes, codes })}\n`);
    process.exit(0);
  }
});
process.stdout.write('{"ready":true}\n');
