/**
 * The only module rules import. It re-exports the engine's rule contract and the facts and helpers rules
 * reason with; rules never import a library model or a parser directly.
 */
export * as syntax from './syntax.js';
export { defineRule } from './rule.js';
export { calleeName, codeFollows, enclosingTry, encloses, holderOf, onOtherBranches, referencesTo, stops, walkInFunction, type StopSettings } from './control-flow.js';
export { appendArgument, insertProperties, removeListElement, replaceNode, type RuleFix, type TextEdit } from './fix-builders.js';
export { originSteps } from './flow-steps.js';
export type { FileRecord, FlowStepDescriptor, ProjectRuleContext, RecordData, RecordedFix, RecordedLocation, Rule, RuleContext, TextPosition } from './rule.js';
export type { KeyIdentity } from '../facts/key-identity.js';
export { algorithmName, isPemText } from '../facts/key-algorithm.js';
export { headerKeyUses, type HeaderKeyUse } from '../facts/header-flow.js';
export { claimsDecodeSource, headerAlgorithmSource } from '../facts/header-alg.js';
export { callbackScope, checkScope, checksMarker, presenceTests, sameModuleCallerScopes } from '../facts/class-checks.js';
export { isMailed, isOpened, isSealed, namesAround, parseClassWords, settingNameOf, tokenClassOfMarker, tokenClassOfName } from '../facts/token-classes.js';
export type { PackageManifest } from '../facts/manifests.js';
export { ADVISORY_SNAPSHOT_DATE } from '../models/advisories.js';
export { HMAC_ALGORITHMS } from '../models/algorithms.js';
export { callerOf, type JwtOperation, type OptionFact, type RecordType } from '../facts/operations.js';
export { expressionOf as optionExpression } from '../facts/operation-options.js';
export type { ModuleRegistration } from '../facts/module-config.js';
export type { TokenSink } from '../facts/sinks/index.js';
export type { TokenOrigin } from '../dataflow/provenance.js';
export { stripWrappers, withoutBind, type Value } from '../dataflow/values.js';
export { accessName } from '../dataflow/access-chain.js';
export { valueAtPath } from '../dataflow/object-literals.js';
export { enclosingFunction, findDeclaration } from '../binding/scope.js';
export { argumentFor, functionName } from '../dataflow/call-sites.js';
export { CLIENT_SECRET_QUERY_PARAMETERS, FAILURE_RESPONSE_METHODS, REQUEST_CREDENTIAL_CONTAINERS, namesAuthToken, namesPublicValue } from '../models/http.js';
export {
  IDENTITY_CLAIMS,
  LONG_LIVED_TOKEN_CLASSES,
  SESSION_TOKEN_TYPES,
  TYPE_CLAIMS,
  claimWords,
  namesCustomExpiry,
  namesIssueTime,
} from '../models/token-claims.js';
export { redactSecret } from '../report/redact.js';
export { describeTokenOrigin, isNonTokenValue } from './token-vocabulary.js';
export { verifiesWithRandomKey } from '../facts/random-values.js';
export { verifiesProofOfPossession } from '../facts/proof-tokens.js';
export { isFileRead } from '../facts/key-source-calls.js';
export { providerOfAudience, providerOfIssuer } from '../models/identity-providers.js';
export { DOCUMENTATION_EXAMPLE_NAMES } from '../models/documentation.js';
export { matchAdvisories, type AdvisoryMatch } from '../facts/semver.js';
export { claimComparedWithClock, dateOffsetSeconds, formatDuration, nowOffset, toDuration } from '../facts/durations.js';
