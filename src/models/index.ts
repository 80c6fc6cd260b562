import { nextAuth } from './next-auth.js';
import { hapiJwt } from './hapi-jwt.js';
import { hapiAuthJwt2 } from './hapi-auth-jwt2.js';
import { elysiaJwt } from './elysia-jwt.js';
import { cloudflareWorkerJwt } from './cloudflare-worker-jwt.js';
import { awsJwtVerify } from './aws-jwt-verify.js';
import { expressJwt } from './express-jwt.js';
import { expressOauth2JwtBearer } from './express-oauth2-jwt-bearer.js';
import { fastJwt } from './fast-jwt.js';
import { fastifyJwt } from './fastify-jwt.js';
import { firebaseAdmin } from './firebase-admin.js';
import { googleAuthLibrary } from './google-auth-library.js';
import { honoJwt } from './hono-jwt.js';
import { jose } from './jose.js';
import { jsonwebtoken } from './jsonwebtoken.js';
import { jsrsasign } from './jsrsasign.js';
import { jws } from './jws.js';
import { jwksRsa } from './jwks-rsa.js';
import { jwtDecode } from './jwt-decode.js';
import { jwtSimple } from './jwt-simple.js';
import { koaJwt } from './koa-jwt.js';
import { medusa } from './medusa.js';
import { nestjsJwt } from './nestjs-jwt.js';
import { nodeJose } from './node-jose.js';
import { passportJwt } from './passport-jwt.js';
import { payloadCms } from './payload-cms.js';
import { INSTANCE_FACTORIES } from './injection.js';
import type { DecoratedForm, KeyImportModel, LibraryModel, OperationModel } from './types.js';

/** Every library model, sorted by id. Adding a library = adding it here. */
export const libraryModels: readonly LibraryModel[] = [
  awsJwtVerify,
  cloudflareWorkerJwt,
  elysiaJwt,
  expressJwt,
  expressOauth2JwtBearer,
  fastJwt,
  fastifyJwt,
  firebaseAdmin,
  googleAuthLibrary,
  hapiAuthJwt2,
  hapiJwt,
  honoJwt,
  jose,
  jsonwebtoken,
  jsrsasign,
  jwksRsa,
  jws,
  jwtDecode,
  jwtSimple,
  koaJwt,
  medusa,
  nestjsJwt,
  nextAuth,
  nodeJose,
  passportJwt,
  payloadCms,
];

const byPackage = new Map<string, LibraryModel>();
for (const model of libraryModels) for (const specifier of model.packages) byPackage.set(specifier, model);

export function modelForPackage(specifier: string): LibraryModel | undefined {
  return byPackage.get(specifier);
}

/** Module specifiers of every modeled library (for the text prefilter). */
export function modeledPackages(): string[] {
  return [...byPackage.keys()];
}

/** The access path as the library defines it: for CommonJS libraries the default import is the namespace. */
export function normalizePath(library: LibraryModel, path: readonly string[]): string[] {
  if (library.defaultIsNamespace && path[0] === 'default') return path.slice(1);
  return [...path];
}

const pathKey = (path: readonly string[]): string => path.join('\u0000');

const operationIndex = new Map<LibraryModel, Map<string, OperationModel[]>>();
for (const model of libraryModels) {
  const index = new Map<string, OperationModel[]>();
  for (const operation of model.operations) {
    for (const callee of operation.callee) {
      const key = pathKey(callee);
      index.set(key, [...(index.get(key) ?? []), operation]);
    }
  }
  operationIndex.set(model, index);
}

/** Operations whose callee is the given access path (already normalized). */
export function operationsAt(library: LibraryModel, path: readonly string[]): OperationModel[] {
  return operationIndex.get(library)?.get(pathKey(path)) ?? [];
}

/** The key-import function at this access path of a library (already normalized), if any. */
export function keyImportAt(library: LibraryModel, path: readonly string[]): KeyImportModel | undefined {
  const key = pathKey(path);
  return library.keyImports?.find((entry) => entry.callee.some((callee) => pathKey(callee) === key));
}

/** What a library function at this access path (already normalized) does to a token taken apart by hand, if anything. */
export function segmentDecoderAt(library: LibraryModel, path: readonly string[]): 'jsonParse' | 'base64Decode' | undefined {
  const key = pathKey(path);
  const decoders = library.segmentDecoders;
  if (decoders?.jsonParse?.some((callee) => pathKey(callee) === key)) return 'jsonParse';
  if (decoders?.base64Decode?.some((callee) => pathKey(callee) === key)) return 'base64Decode';
  return undefined;
}

/** The header field a library value takes the verification key from, when it is the key (jose `EmbeddedJWK` → 'jwk'). */
export function embeddedHeaderKeyField(module: string, path: readonly string[]): string | undefined {
  const library = modelForPackage(module);
  if (!library?.embeddedHeaderKeys) return undefined;
  const key = pathKey(normalizePath(library, path));
  return library.embeddedHeaderKeys.find((entry) => pathKey(entry.path) === key)?.field;
}

/** Does `module`/`path` name a subclass factory of some model (`PassportStrategy` of @nestjs/passport)? Returns the base argument index. */
export function subclassFactoryArg(module: string, path: readonly string[]): number | undefined {
  const key = pathKey(path);
  for (const model of libraryModels) {
    for (const factory of model.subclassFactories ?? []) {
      if (factory.module === module && pathKey(factory.path) === key) return factory.baseArg;
    }
  }
  return undefined;
}

/** Is `module`/`path` a dependency-injection function returning an instance of its argument (Angular `inject`)? Returns the class argument index. */
export function instanceFactoryArg(module: string, path: readonly string[]): number | undefined {
  const key = pathKey(path);
  return INSTANCE_FACTORIES.find((factory) => factory.module === module && pathKey(factory.path) === key)?.classArg;
}

/** Operations reached as decorated methods (Fastify plugins), with the library they belong to. */
export const decoratedOperations: readonly { library: LibraryModel; operation: OperationModel; form: DecoratedForm }[] = libraryModels.flatMap((library) =>
  library.operations.flatMap((operation) => (operation.form?.kind === 'decorated' ? [{ library, operation, form: operation.form }] : [])),
);

/** Is the access path one of the module-config callees of the library (already normalized)? */
export function isModuleConfigCallee(library: LibraryModel, path: readonly string[]): boolean {
  const config = library.moduleConfig;
  if (!config || config.kind !== 'call') return false;
  const key = pathKey(path);
  return config.callee.some((callee) => pathKey(callee) === key);
}
