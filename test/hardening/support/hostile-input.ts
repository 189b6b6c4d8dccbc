import fc from 'fast-check';

/**
 * Arbitraries for hostile input. Each is invalid by construction where its name says so, so that
 * a property can demand a refusal without re-implementing the server's validation.
 */
const oddCharacters = [
  '\u0000', // NUL: PostgreSQL text cannot hold it
  '\u0001',
  '\u001b',
  '\u007f',
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  '\u200b', // zero-width space
  '\ufeff',
  '\u0301', // a combining accent with nothing to combine with
  '\ud83d\ude00', // an emoji (a surrogate pair)
  '\ud800', // a lone surrogate
  '\t',
  '\n',
  '\r',
  '\u3000',
  ' ',
];

const classics = [
  '',
  ' ',
  '   \t ',
  '\u0000',
  'a\u0000b',
  '\u202egpj.exe',
  'مرحبا بالعالم',
  '👩‍👩‍👧‍👦'.repeat(30),
  'Z̸̢̛̤̗a̵̱͐̈l̷̰̓g̶̺̈́o̸̳͑',
  `'; drop table "user"; --`,
  '%',
  '_%_',
  '\\',
  '"',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '../../../../etc/passwd',
  'null',
  'undefined',
  '0',
  '-1',
  'NaN',
];

/** Any text an attacker might send: random unicode, control characters, RTL, emoji, NUL, huge values. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(...oddCharacters), maxLength: 20 }),
  fc.constantFrom(...classics),
  // Oversized, yet small enough that three of them stay below the 100 KB body limit and reach the resolvers.
  fc.integer({ min: 300, max: 30_000 }).map((n) => 'x'.repeat(n)),
  // NUL deserves its own branch: PostgreSQL text cannot hold it.
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`),
);

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Anything but a UUID. */
export const malformedId: fc.Arbitrary<string> = fc
  .oneof(
    hostileText,
    fc.uuid().map((id) => `${id} `),
    fc.uuid().map((id) => id.replace(/-/g, '')),
    fc.uuid().map((id) => `{${id}}`),
  )
  .filter((s) => !uuidPattern.test(s));

/** A well-formed id that names nothing. */
export const unknownId: fc.Arbitrary<string> = fc.uuid();

/** Not an e-mail address, whatever the server's pattern: no "@", or nothing on one side of it, or too long. */
export const invalidEmail: fc.Arbitrary<string> = fc.oneof(
  hostileText.filter((s) => !s.includes('@')),
  hostileText.map((s) => `${s.replace(/@/g, '')}@`),
  hostileText.map((s) => `@${s.replace(/@/g, '')}`),
  fc.constantFrom('a@b', 'a b@c.example', 'a@b@c.example', '<a@b.example>', 'a@b.example, c@d.example', '"a"@b.example'),
  fc.integer({ min: 250, max: 5_000 }).map((n) => `${'a'.repeat(n)}@example.test`),
);

/** Not a display name: empty or blank, too long, or holding a control character. */
export const invalidName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\t\n', '\u3000'),
  fc.integer({ min: 101, max: 30_000 }).map((n) => 'n'.repeat(n)),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f'), fc.string({ maxLength: 10 }))
    .map(([a, c, b]) => `${a}${c}${b}`),
);

/** Not an acceptable new password: shorter than 12 or longer than 256 characters. */
export const invalidNewPassword: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 11 }),
  fc.integer({ min: 257, max: 20_000 }).map((n) => 'p'.repeat(n)),
);

/** Any JSON value, for fields whose type the caller ignores. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(hostileText, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()));
