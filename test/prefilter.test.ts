import { describe, expect, it } from 'vitest';
import { modeledPackages } from '../src/models/index.js';
import { passesPrefilter } from '../src/engine/prefilter.js';

describe('prefilter', () => {
  it('passes a file that imports or requires any modeled package', () => {
    for (const specifier of modeledPackages()) {
      expect(passesPrefilter(`import lib from '${specifier}';\nlib.run();\n`), specifier).toBe(true);
      expect(passesPrefilter(`const lib = require("${specifier}");\n`), specifier).toBe(true);
    }
  });

  it('passes JWT-specific terms, and "token" only next to a place tokens leak to', () => {
    for (const text of [
      'const t = jwt.sign(p, k);',
      'const JWT_SECRET = 1;',
      "h['Authorization'] = x;",
      'const b = `Bearer ${t}`;',
      'const t = "eyJhbGciOiJIUzI1NiJ9";',
      '-----BEGIN RSA PRIVATE KEY-----',
    ]) {
      expect(passesPrefilter(text), text).toBe(true);
    }
    expect(passesPrefilter('localStorage.setItem("token", token);')).toBe(true);
    expect(passesPrefilter('const token = lexer.next(); return token.kind;')).toBe(false);
    expect(passesPrefilter('export const add = (a: number, b: number) => a + b;')).toBe(false);
    expect(passesPrefilter('import x from "josephine"; x.go();')).toBe(false);
  });

  it('passes the Authorization header as code names it, not the OAuth words of an identity application', () => {
    for (const text of [
      'const t = req.headers.authorization;',
      "const h = req.get('Authorization');",
      'const { authorization } = ctx.request.headers;',
      'fetch(u, { headers: { Authorization: t } });',
      'const t = event.authorizationToken;',
      "const h = headers['proxy-authorization'];",
      'const authorizationHeader = read(req);',
    ]) {
      expect(passesPrefilter(text), text).toBe(true);
    }
    for (const text of [
      'export const authorizationEndpoint = `${issuer}/auth`;',
      'const uri = await connector.getAuthorizationUri(state);',
      "const body = { grant_type: 'authorization_code', code };",
      '// exchange the authorization code for a session',
      "import { VerifySocialAuthorization } from './actions';",
    ]) {
      expect(passesPrefilter(text), text).toBe(false);
    }
  });

  it('passes a hand-made HMAC or verifier next to a split on "." (JWTs checked by hand), not an HMAC alone', () => {
    expect(passesPrefilter("const [h, p, s] = t.split('.');\nreturn createHmac('sha256', k).update(`${h}.${p}`).digest('base64url') === s;")).toBe(true);
    expect(passesPrefilter("return createVerify('RSA-SHA256').update([h, p].join('.')).verify(key, s, 'base64url');")).toBe(true);
    expect(passesPrefilter("return createHmac('sha256', k).update(body).digest('hex');")).toBe(false);
  });
});
