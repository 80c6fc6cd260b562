import { defineRule, describeTokenOrigin, isNonTokenValue, namesAuthToken, originSteps, stripWrappers, syntax, type RuleContext, type TokenSink } from '../src/engine/ruleApi.js';

/** Name of the cookie written by `document.cookie = 'name=value; ...'` or a template starting with `name=`. */
function cookieName(value: syntax.Expression, context: RuleContext): string | undefined {
  const node = stripWrappers(value);
  const head = syntax.isTemplateExpression(node) ? node.head.text : undefined;
  const resolved = context.resolve(node);
  const text = head ?? (resolved.kind === 'string' ? resolved.value : undefined);
  const match = text && /^\s*([^=;\s]+)\s*=/.exec(text);
  return match ? match[1] : undefined;
}

/** A stored value that is certainly not a token: a non-token literal, or an object or array (stored as a structure, not a bare token). */
function isNonTokenStored(value: syntax.Expression, context: RuleContext): boolean {
  const resolved = context.resolve(value);
  return isNonTokenValue(resolved) || resolved.kind === 'object' || resolved.kind === 'array';
}

function describe(sink: TokenSink): string {
  return sink.kind === 'script-cookie' ? `a cookie written from script (${sink.api})` : sink.api.split('.')[0];
}

export default defineRule({
  meta: {
    id: 'token-in-web-storage',
    title: 'Token stored in localStorage, sessionStorage or a script-written cookie',
    description:
      'A JWT or bearer token is written to web storage or to a cookie from JavaScript (`document.cookie`, js-cookie, universal-cookie, ' +
      'ngx-cookie-service, ...), or a persisted front-end store (zustand `persist`, pinia `persist`, redux-persist, ngrx-store-localstorage, ' +
      'vuex-persistedstate) keeps a token field in web storage (reported at the persisting call or option; for redux-persist also a ' +
      'token field of a slice the whitelist names, or of any slice when there is no whitelist: `combineReducers({ auth })` with ' +
      '`createSlice({ initialState: { token } })` in another module), a token is written through a ' +
      'value bound to a storage key (a vueuse `useStorage` ref or Nuxt `useCookie`, the setter of a React storage hook such as usehooks-ts ' +
      '`useLocalStorage`, a jotai `atomWithStorage` atom, a Svelte persisted store, an ngx-webstorage service), or a framework auth module ' +
      "configured in the framework's configuration file keeps its token there (the Nuxt auth module's localStorage and cookie storage, " +
      'on unless turned off; reported at the storage option, else at the module options), or an identity-provider SDK is told to keep ' +
      "its token cache in web storage (Auth0 `cacheLocation: 'localstorage'`, also on `<Auth0Provider>`, MSAL `cache.cacheLocation`, Okta " +
      '`tokenManager.storage`; reported at the option). The storage may be chosen by a project ' +
      'function that returns it (`this.storage().token = t` with `storage() { return remember ? localStorage : sessionStorage }`, also ' +
      "a sibling method of a Vue component's `methods`), and the token may sit inside a serialised object " +
      "(`localStorage.setItem('user', JSON.stringify(loginResponse.data))`).",
    rationale:
      'Any script running on the page can read localStorage, sessionStorage and non-HttpOnly cookies. One XSS flaw, or one compromised ' +
      'third-party script, is enough to exfiltrate the token and impersonate the user from anywhere until it expires.',
    remediation:
      'Let the server set the token in an `HttpOnly; Secure; SameSite` cookie, or keep it in memory only (a module variable or closure) ' +
      'and obtain a fresh one with a refresh cookie after reload.',
    level: 'warning',
    precision: 'high',
    securitySeverity: 6.1,
    cwe: [922, 1004],
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#local-storage', 'https://cwe.mitre.org/data/definitions/922.html'],
    wrapperCalls:
      "A project function of another module that stores one of its parameters (`export const saveToken = (t) => localStorage.setItem('auth', t)`) " +
      'is a storage write at each of its calls: a token passed to it is reported at that call, where the token enters, with the write ' +
      'inside as a related location. A value stored under a token-named key without a known origin is reported at the write itself.',
    messages: {
      stored: '{{what}} is stored in {{where}}, where any script on the page can read it: keep it in memory or in an HttpOnly cookie set by the server.',
    },
    examples: {
      bad: {
        code: "export async function login(credentials: unknown) {\n  const res = await fetch('/api/login', { method: 'POST', body: JSON.stringify(credentials) });\n  const { accessToken } = await res.json();\n  localStorage.setItem('accessToken', accessToken);\n}\n",
      },
      good: {
        code: "let accessToken: string | undefined;\n\nexport async function login(credentials: unknown) {\n  const res = await fetch('/api/login', { method: 'POST', body: JSON.stringify(credentials) });\n  accessToken = (await res.json()).accessToken;\n  localStorage.setItem('search.tokenizer', 'whitespace');\n}\n",
      },
    },
  },
  create(context) {
    return {
      tokenSink(sink) {
        if (sink.kind !== 'web-storage' && sink.kind !== 'script-cookie') return;
        // written from script only when a caller passes no server context: reported at the calls that pass none
        if (sink.scriptUnless) return;
        const value = sink.values[0];
        // a persisted store field (zustand persist, pinia persist, ...) or an auth module's storage: the key is all there is to see
        if (!value) {
          if (sink.key !== undefined && (sink.tokenKept || namesAuthToken(sink.key))) {
            const what = sink.keptBy ? `The token cache of ${sink.keptBy}` : sink.tokenKept ? `The token kept under '${sink.key}'` : `The state field '${sink.key}'`;
            context.report({ at: sink.node, messageId: 'stored', data: { what, where: describe(sink) } });
          }
          return;
        }
        const origin = context.tokenOrigin(value);
        let what: string | undefined;
        if (origin) {
          // 'from the request' and 'read from web storage' add nothing where the message names the storage
          what = describeTokenOrigin(origin.kind, { request: 'A bearer token', storage: 'A token' });
        } else {
          // document.cookie carries its name in the value; cookie libraries take it as an argument (the sink's key)
          const key = sink.kind === 'script-cookie' ? (cookieName(value, context) ?? sink.key) : sink.key;
          if (key !== undefined && namesAuthToken(key) && !isNonTokenStored(value, context)) what = `The value stored under '${key}'`;
        }
        if (what)
          context.report({ at: sink.node, messageId: 'stored', data: { what, where: describe(sink) }, steps: originSteps(origin, { at: sink.node, message: `stored by ${sink.api}` }) });
      },
    };
  },
});
