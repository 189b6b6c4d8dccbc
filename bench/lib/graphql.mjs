import { totp } from './totp.mjs';

/** One GraphQL request over HTTP; throws on transport errors and on GraphQL errors unless `raw`. */
export async function gql(url, query, variables = {}, { cookie, bearer, headers = {}, raw = false } = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (raw) return { status: res.status, body, headers: res.headers };
  if (body.errors?.length) {
    const error = new Error(`GraphQL error: ${body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`);
    error.codes = body.errors.map((e) => e.extensions?.code);
    throw error;
  }
  return body.data;
}

const signInMutation = `mutation SignIn($input: SignInInput!) {
  signIn(input: $input) { __typename ... on SecondFactorRequired { challenge } }
}`;
const completeMutation = `mutation Complete($input: CompleteSignInInput!) { completeSignIn(input: $input) { client expiresAt } }`;

/**
 * Signs the seeded administrator in on the web (password, then the TOTP code) and returns the
 * session cookie (`twostep_session=…`). A code is accepted once per 30 s step per account, so a
 * second sign-in of the same account within a step waits for the next one.
 */
export async function signInAdministrator(url, administrator) {
  const first = await gql(url, signInMutation, {
    input: { email: administrator.email, password: administrator.password, client: 'WEB' },
  });
  if (first.signIn.__typename !== 'SecondFactorRequired')
    throw new Error(`expected a second-factor challenge, got ${first.signIn.__typename}`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const { body, headers } = await gql(
      url,
      completeMutation,
      { input: { challenge: first.signIn.challenge, code: totp(administrator.totpSecret) } },
      { raw: true },
    );
    if (!body.errors) {
      const cookie = headers.getSetCookie().find((c) => c.startsWith('twostep_session='));
      if (!cookie) throw new Error('no session cookie after completeSignIn');
      return cookie.split(';')[0];
    }
    if (attempt === 0 && body.errors[0]?.extensions?.code === 'INVALID_CODE') {
      await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
      continue;
    }
    throw new Error(`completeSignIn failed: ${JSON.stringify(body.errors)}`);
  }
  throw new Error('completeSignIn failed twice');
}
