/**
 * Values a UI framework hands down a component tree instead of through arguments, as data: a provider gives a value
 * under a channel, and every consumer of that channel receives it. The value resolver and token provenance follow a
 * consumer's call to every provider's value (src/dataflow/plumbing.ts), so `const { login } = useAuth()` calls the
 * provider's `login`, and a token read from the context is the token the provider put there.
 *
 * A channel is either made by a factory whose call is the channel (React `createContext()`: providers and consumers
 * name that object), or is any key value the provider and its consumers share (Vue and Svelte: a string or a
 * `Symbol()`).
 */
export interface ContextFramework {
  framework: string;
  /** Packages exporting the functions below. */
  modules: readonly string[];
  /** The factory whose call makes a channel; absent when a channel is a key value. */
  create?: readonly string[];
  /**
   * Providers. `jsx`: an element naming the channel (`<Ctx.Provider value={v}>` with member `Provider`, or React 19
   * `<Ctx value={v}>`), its value in `attribute`; `call`: a call giving the value at `valueArg` under the key at
   * `keyArg` (Vue `provide(key, v)`, `app.provide(key, v)`; Svelte `setContext(key, v)`).
   */
  provide: readonly ({ form: 'jsx'; member?: string; attribute: string } | { form: 'call'; path: readonly string[]; keyArg: number; valueArg: number })[];
  /** Consumers: a call whose result is the provided value, the channel or key at `keyArg`. */
  consume: readonly { path: readonly string[]; keyArg: number }[];
  docs: string;
}

export const CONTEXT_FRAMEWORKS: readonly ContextFramework[] = [
  {
    framework: 'React',
    modules: ['react', 'preact', 'preact/hooks', 'preact/compat'],
    create: ['createContext'],
    provide: [
      { form: 'jsx', member: 'Provider', attribute: 'value' },
      { form: 'jsx', attribute: 'value' },
    ],
    consume: [
      { path: ['useContext'], keyArg: 0 },
      { path: ['use'], keyArg: 0 },
    ],
    docs: 'https://react.dev/reference/react/createContext',
  },
  {
    framework: 'Vue',
    modules: ['vue', '@vue/runtime-core', '#imports'],
    provide: [
      { form: 'call', path: ['provide'], keyArg: 0, valueArg: 1 },
      { form: 'call', path: ['createApp', '()', 'provide'], keyArg: 0, valueArg: 1 },
    ],
    consume: [{ path: ['inject'], keyArg: 0 }],
    docs: 'https://vuejs.org/guide/components/provide-inject.html',
  },
  {
    framework: 'Svelte',
    modules: ['svelte'],
    provide: [{ form: 'call', path: ['setContext'], keyArg: 0, valueArg: 1 }],
    consume: [{ path: ['getContext'], keyArg: 0 }],
    docs: 'https://svelte.dev/docs/svelte/context',
  },
];

/**
 * Hooks that hand back what they are given, so that a value kept in one is the value itself: React `useCallback(fn,
 * deps)` is `fn` (`argument`), `useMemo(() => v, deps)` is `v` (`factory`: what the function at the argument
 * returns); Vue `reactive(o)` / `readonly(o)` / `shallowReactive(o)` are proxies of `o` with its fields. Node's
 * `util.promisify(fn)` is `fn` too, called with a promise in place of its callback (`promisify(jwt.verify)`).
 */
export const PASS_THROUGH_HOOKS: readonly { modules: readonly string[]; path: readonly string[]; argument: number; gives: 'argument' | 'factory' }[] = [
  { modules: ['react', 'preact/hooks', 'preact/compat'], path: ['useCallback'], argument: 0, gives: 'argument' },
  { modules: ['react', 'preact/hooks', 'preact/compat'], path: ['useMemo'], argument: 0, gives: 'factory' },
  { modules: ['vue', '@vue/runtime-core', '#imports'], path: ['reactive'], argument: 0, gives: 'argument' },
  { modules: ['vue', '@vue/runtime-core', '#imports'], path: ['readonly'], argument: 0, gives: 'argument' },
  { modules: ['vue', '@vue/runtime-core', '#imports'], path: ['shallowReactive'], argument: 0, gives: 'argument' },
  { modules: ['util', 'node:util'], path: ['promisify'], argument: 0, gives: 'argument' },
];
