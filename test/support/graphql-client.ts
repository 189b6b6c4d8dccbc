export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string } }[];
  setCookie?: string | null;
}

export interface Credentials {
  /** The web session cookie value (`twostep_session=…`). */
  cookie?: string;
  /** A desktop, mobile or integration bearer token. */
  bearer?: string;
  headers?: Record<string, string>;
}

/** A minimal GraphQL-over-HTTP client, as an integrator would write one. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    public credentials: Credentials = {},
  ) {}

  async request<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    credentials: Credentials = this.credentials,
  ): Promise<GraphQLResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...credentials.headers };
    if (credentials.cookie) headers.cookie = credentials.cookie;
    if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    let body: { data?: T; errors?: GraphQLResponse['errors'] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = { errors: [{ message: text }] };
    }
    const setCookie = response.headers.get('set-cookie');
    return { status: response.status, data: body.data, errors: body.errors, setCookie };
  }

  /** Data, or throws with the errors' codes (for steps a test expects to succeed). */
  async ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, credentials?: Credentials): Promise<T> {
    const result = await this.request<T>(query, variables, credentials);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL failed: ${JSON.stringify(result.errors ?? result)}`);
    }
    return result.data;
  }

  /** The first error's code (for steps a test expects to fail). */
  async code(query: string, variables?: Record<string, unknown>, credentials?: Credentials): Promise<string | undefined> {
    const result = await this.request(query, variables, credentials);
    return result.errors?.[0]?.extensions?.code;
  }
}

export function sessionCookieFrom(setCookie: string | null | undefined): string {
  const match = /twostep_session=([^;]+)/.exec(setCookie ?? '');
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return `twostep_session=${match[1]}`;
}
