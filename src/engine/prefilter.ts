import { TOKEN_INJECTION_TEXT } from '../models/injection.js';
import { modeledPackages } from '../models/index.js';
import { BY_HAND_PREFILTER } from '../models/by-hand.js';
import { TOKEN_LEAK_CONTEXT_TEXT } from '../models/sinks.js';
import { PERSISTED_ELSEWHERE_TEXT, SDK_STORAGE_TEXT } from '../models/stores.js';
import { escapeRegExp } from '../models/regexp.js';

/**
 * A cheap text test run before parsing. A file can only produce a finding if it mentions a modeled
 * library, a JWT-specific term, or says "token" next to a place tokens leak to (storage, logs, cookies,
 * URLs, HTTP). Files needed only as the source of a constant are parsed lazily when a candidate imports
 * them. The bare word "token" alone (tokenizers, CSRF, pagination) is not enough.
 */
let strong: RegExp | undefined;

/**
 * The Authorization header as code names it: a property read (`headers.authorization`), a header name in quotes
 * (`req.get('Authorization')`, `'proxy-authorization'`), a key, binding or header line (`{ authorization }`,
 * `Authorization: \`Bearer ...\``), or `authorizationToken` / `authorizationHeader`. Not the OAuth words an identity
 * application is full of (`authorizationEndpoint`, `getAuthorizationUri`, `'authorization_code'`, "the authorization
 * URL" in a comment or message): on an identity product they passed one file in sixteen, none of them about tokens.
 */
const AUTHORIZATION_HEADER = ['\\.[Aa]uthorization\\b', '(?<![\\w$])[Aa]uthorization(?:Token|Header)?(?![\\w$-]|[ \\t]+[A-Za-z])'];
/** A token named in code (`setToken`, `SECRET_TOKEN`, `jwt`): too common to pass a file alone. */
export const TOKEN_WORD = /token|jwt/i;
const LEAK_CONTEXT = new RegExp(TOKEN_LEAK_CONTEXT_TEXT.join('|'));
/** A persisted store whose fields are defined in other modules (src/models/stores.ts): its tokens are named there. */
const PERSISTED_ELSEWHERE = new RegExp(PERSISTED_ELSEWHERE_TEXT.join('|'));

function strongPattern(): RegExp {
  // The package names share one quote test: an alternative per quoted name made the engine try every name at
  // every position of the text (the costliest regex of a package-tree scan).
  strong ??= new RegExp(
    [
      `['"\`](?:${modeledPackages().map(escapeRegExp).join('|')})['"\`/]`,
      '\\bjwt',
      'JWT',
      'Jwt',
      'eyJ[A-Za-z0-9_-]{5,}',
      ...AUTHORIZATION_HEADER,
      '[Bb]earer',
      'BEGIN [A-Z ]*PRIVATE KEY',
    ].join('|'),
  );
  return strong;
}

/**
 * One fast pass first: every alternative of the strong pattern contains one of these fragments, and one regex
 * pass with few alternatives costs a third of the strong pattern's (most texts fail it and skip the strong one).
 */
const FRAGMENTS = /[Jj](?:[Ww][Tt]|ose|ws|sonwebtoken)|eyJ|uthorization|earer|PRIVATE KEY|auth-library|googleapis|firebase-admin|jsrsasign|next-auth|@auth/;
let anchor: RegExp | undefined;

/** The fragments, and as an alternative of its own every modeled package none of them is part of (`jwks-rsa`). */
function anchorPattern(): RegExp {
  anchor ??= new RegExp(
    [
      FRAGMENTS.source,
      ...modeledPackages()
        .filter((p) => !FRAGMENTS.test(p))
        .map(escapeRegExp),
    ].join('|'),
  );
  return anchor;
}

export function passesPrefilter(text: string): boolean {
  if (anchorPattern().test(text) && strongPattern().test(text)) return true;
  // a service injected by token (`@inject(TYPES.Encoder) encoder: TokenEncoderInterface`) may sign or verify through the class implementing it
  const injectsTokenService = TOKEN_WORD.test(text) && TOKEN_INJECTION_TEXT.test(text);
  return (
    (TOKEN_WORD.test(text) && LEAK_CONTEXT.test(text)) ||
    BY_HAND_PREFILTER.every((pattern) => pattern.test(text)) ||
    PERSISTED_ELSEWHERE.test(text) ||
    injectsTokenService ||
    SDK_STORAGE_TEXT.test(text)
  );
}
