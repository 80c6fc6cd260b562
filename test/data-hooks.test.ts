/** Auth requests behind data-fetching hooks (src/dataflow/data-hooks.ts) and the auth-endpoint vocabulary, without a rule. */
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { dataHookCall, isAuthRequestHook } from '../src/dataflow/data-hooks.js';
import { namesAuthEndpoint } from '../src/models/http.js';
import { parseSource } from '../src/parsing/parse.js';

describe('namesAuthEndpoint', () => {
  it.each(['/auth/login', '/api/v1/sign-in', 'https://id.example.com/oauth/token', '/sessions', '/api/token/refresh', '/log_in', '/users/signIn'])('%s is an auth endpoint', (url) => {
    expect(namesAuthEndpoint(url)).toBe(true);
  });
  it.each(['/api/authors', '/tokenizer', '/api/profile', 'https://auth.example.com/profile?next=/login', '/websites/share'])('%s is not', (url) => {
    expect(namesAuthEndpoint(url)).toBe(false);
  });
});

/** Is the last hook call of `code` an auth request? undefined when it is no data-fetching hook. */
function authHook(code: string): boolean | undefined {
  const { sourceFile } = parseSource('/virtual/hooks.tsx', code);
  let hook: ReturnType<typeof dataHookCall>;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) hook = dataHookCall(node) ?? hook;
    node.forEachChild(visit);
  };
  visit(sourceFile);
  return hook ? isAuthRequestHook(hook) : undefined;
}

describe('isAuthRequestHook', () => {
  it.each([
    ["import { useMutation } from '@tanstack/react-query';\nuseMutation({ mutationFn: (v) => api.post('/auth/login', v) });", true],
    ["import { useMutation } from 'react-query';\nuseMutation(loginUser);", true],
    ["import useSWRMutation from 'swr/mutation';\nuseSWRMutation(`${API}/token/refresh`, poster);", true],
    ["import { useMutation, gql } from '@apollo/client';\nuseMutation(gql`mutation SignIn($e: String!) { signIn(email: $e) { token } }`);", true],
    ["import { useUpdateQuery } from './queries';\nuseUpdateQuery('/auth/login');", true],
    ['useLogin();', true],
    ["import { useMutation } from '@tanstack/react-query';\nuseMutation({ mutationFn: (v) => api.post('/api/profile', v) });", false],
    ["import { useMutation, gql } from '@apollo/client';\nuseMutation(gql`mutation CreatePost { createPost { id token } }`);", false],
    ["import { useUpdateQuery } from './queries';\nuseUpdateQuery('/websites');", false],
  ])('%s → %s', (code, expected) => {
    expect(authHook(code)).toBe(expected);
  });

  it('a hook of a modelled package that fetches no data is no data-fetching hook', () => {
    expect(authHook("import { useQueryClient } from '@tanstack/react-query';\nuseQueryClient();")).toBeUndefined();
  });
});
