/**
 * Data-fetching hooks of front-end libraries, as data: a request a hook runs (a mutation, a query) whose response
 * reaches a callback the application passes (`onSuccess(data)`), the value a trigger resolves to
 * (`await mutateAsync(values)`), or the hook result's `data`. Token provenance (src/dataflow/data-hooks.ts) treats that
 * response like an HTTP response's body when the request is an auth request: a login or token endpoint URL, a
 * function named for logging in, a login mutation document.
 */
export interface DataFetchingHookModel {
  id: string;
  /** Packages exporting the hooks; empty for the project-hook convention (`namePattern`). */
  modules: readonly string[];
  hooks: readonly string[];
  /** A project's own hook (or one of a package not modelled here), by its name: `useUpdateQuery('/auth/login')`. */
  namePattern?: RegExp;
  /** Arguments that describe the request (a URL or key, a mutation or query function, a GraphQL document)… */
  requestArgs: readonly number[];
  /** …and properties of an options object among them that do (`{ mutationFn, mutationKey }`). */
  requestProperties: readonly string[];
  /** Callbacks, in the hook's option objects or a trigger's, whose first parameter is the response data. */
  callbacks: readonly string[];
  /** Members of the hook's result, or tuple indexes, that run the request (`mutateAsync`, Apollo's `[login]` is '0'). */
  triggers: readonly string[];
  /** The argument of a trigger call that carries callbacks (`mutate(values, { onSuccess })`: 1). */
  triggerOptionsArg: number;
  /** A trigger resolves to the response data itself (react-query `mutateAsync`, SWR `trigger`), not to a wrapper of it (Apollo `{ data }`). */
  triggerReturnsData: boolean;
  docs: string;
}

const TANSTACK_QUERY = ['@tanstack/react-query', '@tanstack/vue-query', '@tanstack/svelte-query', '@tanstack/solid-query', 'react-query'];

export const DATA_FETCHING_HOOKS: readonly DataFetchingHookModel[] = [
  {
    // v4/v5 `useMutation({ mutationFn, onSuccess })`, v3 `useMutation(fn, { onSuccess })` / `useMutation(key, fn, options)`
    id: 'tanstack-query',
    modules: TANSTACK_QUERY,
    hooks: ['useMutation', 'createMutation'],
    requestArgs: [0, 1],
    requestProperties: ['mutationFn', 'mutationKey'],
    callbacks: ['onSuccess', 'onSettled'],
    triggers: ['mutate', 'mutateAsync'],
    triggerOptionsArg: 1,
    triggerReturnsData: true,
    docs: 'https://tanstack.com/query/latest/docs/framework/react/reference/useMutation',
  },
  {
    // v3/v4 queries still take onSuccess; `data` of the result is the response in every version
    id: 'tanstack-query',
    modules: TANSTACK_QUERY,
    hooks: ['useQuery', 'createQuery'],
    requestArgs: [0, 1],
    requestProperties: ['queryFn', 'queryKey'],
    callbacks: ['onSuccess', 'onSettled'],
    triggers: [],
    triggerOptionsArg: 0,
    triggerReturnsData: true,
    docs: 'https://tanstack.com/query/v4/docs/framework/react/reference/useQuery',
  },
  {
    id: 'swr',
    modules: ['swr/mutation'],
    hooks: ['default', 'useSWRMutation'],
    requestArgs: [0, 1],
    requestProperties: [],
    callbacks: ['onSuccess'],
    triggers: ['trigger'],
    triggerOptionsArg: 1,
    triggerReturnsData: true,
    docs: 'https://swr.vercel.app/docs/mutation#useswrmutation',
  },
  {
    id: 'swr',
    modules: ['swr'],
    hooks: ['default', 'useSWR'],
    requestArgs: [0, 1],
    requestProperties: [],
    callbacks: ['onSuccess'],
    triggers: [],
    triggerOptionsArg: 0,
    triggerReturnsData: true,
    docs: 'https://swr.vercel.app/docs/api#options',
  },
  {
    // `const [login] = useMutation(LOGIN, { onCompleted })`; `login({ variables, onCompleted })` resolves to `{ data }`
    id: 'apollo-client',
    modules: ['@apollo/client', '@apollo/client/react', '@apollo/react-hooks'],
    hooks: ['useMutation'],
    requestArgs: [0],
    requestProperties: [],
    callbacks: ['onCompleted'],
    triggers: ['0'],
    triggerOptionsArg: 0,
    triggerReturnsData: false,
    docs: 'https://www.apollographql.com/docs/react/data/mutations#oncompleted',
  },
];

/**
 * A project's own data-fetching hook (React's naming rule for hooks: `use` and a capital), or one of a package not
 * modelled above, given the request's URL: `const { mutateAsync } = useUpdateQuery('/auth/login')`. Its result's
 * trigger and callbacks are read like the libraries' (most wrap react-query or SWR).
 */
export const PROJECT_DATA_HOOK: DataFetchingHookModel = {
  id: 'project-hook',
  modules: [],
  hooks: [],
  namePattern: /^use[A-Z]\w*$/,
  requestArgs: [0],
  requestProperties: [],
  callbacks: ['onSuccess', 'onSettled', 'onCompleted'],
  triggers: ['mutate', 'mutateAsync', 'trigger'],
  triggerOptionsArg: 1,
  triggerReturnsData: true,
  docs: 'https://react.dev/reference/rules/rules-of-hooks',
};

/** GraphQL documents: the operation's name and its first field (`mutation Login { signIn(...) { token } }`). */
export const GRAPHQL_OPERATION_NAME = /\b(?:mutation|query)\s+(\w+)/;
export const GRAPHQL_FIRST_FIELD = /\{\s*(\w+)/;
