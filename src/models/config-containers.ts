/**
 * Configuration read back through a container by key, as data: the value a key holds is what the configuration the
 * application registers gives it, and a getter's default argument is what the read gives when the key is unset. The
 * value resolver follows such a read (src/dataflow/config-reads.ts), so a secret with a committed fallback is reported
 * at that fallback wherever a sign or verify call reads it.
 *
 * - `getters`: reads by key on an instance of the container (`configService.get('jwt.secret', 'dev')`), the key and
 *   the default at their arguments; a key is a dotted path (`jwt.secret`) into the registered configuration, and a
 *   key no registration holds is an environment variable (@nestjs/config reads `process.env` last);
 * - `namespaces`: factories registering a configuration object under a name (`registerAs('jwt', () => ({ ... }))`),
 *   whose keys are read as `<name>.<path>`;
 * - `loaders`: module registrations whose option lists configuration factories (`ConfigModule.forRoot({ load:
 *   [configuration] })`), whose returned objects' keys are read by their full path (`jwt.secret`);
 * - `namespaceTypes`: a type naming one namespace's object (`@Inject(jwtConfig.KEY) config: ConfigType<typeof
 *   jwtConfig>`): an injected value of that type is the object the namespace's factory returns.
 */
export interface ConfigContainer {
  library: string;
  module: string;
  getters: readonly { path: readonly string[]; keyArg: number; defaultArg?: number }[];
  namespaces: readonly { path: readonly string[]; nameArg: number; factoryArg: number }[];
  loaders: readonly { path: readonly string[]; optionsArg: number; option: string }[];
  namespaceTypes: readonly string[];
  keySeparator: string;
  docs: string;
}

export const CONFIG_CONTAINERS: readonly ConfigContainer[] = [
  {
    library: '@nestjs/config',
    module: '@nestjs/config',
    getters: [
      { path: ['ConfigService', 'new', 'get'], keyArg: 0, defaultArg: 1 },
      { path: ['ConfigService', 'new', 'getOrThrow'], keyArg: 0 },
    ],
    namespaces: [{ path: ['registerAs'], nameArg: 0, factoryArg: 1 }],
    loaders: [{ path: ['ConfigModule', 'forRoot'], optionsArg: 0, option: 'load' }],
    namespaceTypes: ['ConfigType'],
    keySeparator: '.',
    docs: 'https://docs.nestjs.com/techniques/configuration#configuration-namespaces',
  },
];
