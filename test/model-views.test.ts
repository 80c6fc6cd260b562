/**
 * Views derived from the models (DESIGN §10): each HTTP client is described once (src/models/http-clients.ts) and its
 * request-sink, key-source and interceptor views come from that description; library knowledge such as key-set
 * fetches, embedded header keys and query-token extractors is read from the library models.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTTP_CLIENTS } from '../src/models/http-clients.js';
import { HTTP_CLIENT_NAMES, OUTGOING_REQUEST_HOOKS } from '../src/models/http.js';
import { isRemoteKeySet } from '../src/models/identity-providers.js';
import { embeddedHeaderKeyField, libraryModels } from '../src/models/index.js';
import { KEY_SOURCE_CALLS } from '../src/models/key-sources.js';
import { INSTANCE_REQUEST_METHODS, QUERY_TOKEN_EXTRACTORS, REQUEST_CLIENTS } from '../src/models/sinks.js';
import { nodeCryptoFunction } from '../src/models/runtime.js';

/** Does a key-source entry match `module` at `path` (as src/facts/key-source-calls.ts matches it)? */
const keySource = (module: string, path: readonly string[]) =>
  KEY_SOURCE_CALLS.filter((entry) => entry.modules?.includes(module) && entry.paths?.some((candidate) => candidate.join('.') === path.join('.')));

describe('HTTP clients: one description, three views', () => {
  it('request sinks are the call forms of the clients', () => {
    const forms = HTTP_CLIENTS.flatMap((client) => (client.requests ?? []).map((form) => ({ id: client.id, api: form.api, paths: form.paths })));
    expect(REQUEST_CLIENTS.map((entry) => ({ id: entry.id, api: entry.api, paths: entry.paths }))).toEqual(forms);
    expect(REQUEST_CLIENTS.find((entry) => entry.global === 'fetch')?.urlArg).toBe(0);
  });

  it('every form that takes a URL first fetches it as a key source', () => {
    for (const client of HTTP_CLIENTS) {
      for (const form of client.requests ?? []) {
        if (form.factory || form.urlArg !== 0) continue;
        for (const module of client.modules)
          for (const path of form.paths)
            expect(
              keySource(module, path).some((entry) => entry.kind === 'url' && entry.arg === 0),
              `${module} ${path.join('.')}`,
            ).toBe(true);
      }
    }
    expect(KEY_SOURCE_CALLS.some((entry) => entry.global === 'fetch' && entry.kind === 'url')).toBe(true);
    // axios(config) and axios.request(config): the URL is the config's `url`
    expect(keySource('axios', ['request']).some((entry) => entry.path?.join('.') === 'url')).toBe(true);
  });

  it('instances of clients with a factory send with the client methods', () => {
    expect([...INSTANCE_REQUEST_METHODS]).toEqual(expect.arrayContaining(['()', 'request', 'get', 'post', 'delete']));
    const instanceSources = KEY_SOURCE_CALLS.filter((entry) => entry.methodsOfInstances);
    expect(instanceSources.flatMap((entry) => entry.modules)).toEqual(expect.arrayContaining(['axios', 'got', 'ky']));
  });

  it('the interceptor view and the client names come from the same table', () => {
    expect(OUTGOING_REQUEST_HOOKS).toEqual([{ modules: ['axios'], factories: ['create'], path: ['interceptors', 'request', 'use'], callbackArg: 0, parameter: 0, headers: ['headers'] }]);
    for (const client of HTTP_CLIENTS) for (const name of client.names) expect(HTTP_CLIENT_NAMES.has(name)).toBe(true);
  });
});

describe('library knowledge read from the library models', () => {
  it('key resolvers are described on verify operations only', () => {
    const withResolver = libraryModels.flatMap((model) => model.operations.filter((operation) => operation.keyResolver).map((operation) => ({ id: model.id, kind: operation.kind })));
    expect(withResolver.length).toBeGreaterThan(0);
    expect(withResolver.every((entry) => entry.kind === 'verify')).toBe(true);
  });

  it('key-set fetches become URL key sources; those returning the set are remote key sets', () => {
    expect(keySource('jwks-rsa', ['expressJwtSecret']).some((entry) => entry.keySet && entry.path?.join('.') === 'jwksUri')).toBe(true);
    expect(keySource('express-oauth2-jwt-bearer', ['auth']).some((entry) => entry.keySet)).toBe(true);
    expect(isRemoteKeySet('jose', ['createRemoteJWKSet', '()'])).toBe(true);
    expect(isRemoteKeySet('jwks-rsa', ['default', '()', 'getSigningKey'])).toBe(true);
    // a middleware configured with a JWKS URL is not itself a key set
    expect(isRemoteKeySet('express-oauth2-jwt-bearer', ['auth', '()'])).toBe(false);
  });

  it('key imports of the models are key sources', () => {
    expect(keySource('jose', ['importJWK']).some((entry) => entry.kind === 'key' && entry.arg === 0)).toBe(true);
    expect(keySource('node-jose', ['JWK', 'asKey']).some((entry) => entry.kind === 'key')).toBe(true);
  });

  it('embedded header keys and query-token extractors are found by module and path', () => {
    expect(embeddedHeaderKeyField('jose', ['EmbeddedJWK'])).toBe('jwk');
    expect(embeddedHeaderKeyField('jose', ['default', 'EmbeddedJWK'])).toBe('jwk');
    expect(embeddedHeaderKeyField('jose', ['jwtVerify'])).toBeUndefined();
    expect(embeddedHeaderKeyField('jsonwebtoken', ['EmbeddedJWK'])).toBeUndefined();
    expect(QUERY_TOKEN_EXTRACTORS).toEqual([
      expect.objectContaining({ module: 'passport-jwt', path: ['ExtractJwt', 'fromUrlQueryParameter'], nameArg: 0 }),
      expect.objectContaining({ module: 'permit', path: ['Bearer'], nameArg: 0, nameOption: 'query' }),
    ]);
  });

  it('node:crypto functions are read through one accessor', () => {
    expect(nodeCryptoFunction('node:crypto', ['createSecretKey'])).toBe('createSecretKey');
    expect(nodeCryptoFunction('crypto', ['default', 'createPublicKey'])).toBe('createPublicKey');
    expect(nodeCryptoFunction('jose', ['createSecretKey'])).toBeUndefined();
  });
});

describe('the registry', () => {
  it('lists every library model file (src/models/index.ts)', async () => {
    const dir = path.resolve(import.meta.dirname, '..', 'src', 'models');
    const declared: { file: string; name: string }[] = [];
    // by-hand.ts models JWTs handled without a library: the facts layer matches its shapes, not imports
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && name !== 'by-hand.ts')) {
      for (const match of readFileSync(path.join(dir, file), 'utf8').matchAll(/export const (\w+): LibraryModel\b/g)) declared.push({ file, name: match[1] });
    }
    expect(declared.length).toBeGreaterThan(20);
    const unregistered: string[] = [];
    for (const { file, name } of declared) {
      const model = ((await import(`../src/models/${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>)[name];
      if (!libraryModels.includes(model as (typeof libraryModels)[number])) unregistered.push(`src/models/${file}: ${name}`);
    }
    expect(unregistered, 'add these models to libraryModels in src/models/index.ts').toEqual([]);
  });
});
