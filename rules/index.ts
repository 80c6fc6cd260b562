import type { Rule } from '../src/engine/ruleApi.js';
import decodeWithoutVerify from './decode-without-verify.js';
import hardcodedSecret from './hardcoded-secret.js';
import tokenInLog from './token-in-log.js';
import tokenInWebStorage from './token-in-web-storage.js';
import verifyWithoutAlgorithms from './verify-without-algorithms.js';

/** Every rule, sorted by id. */
export const allRules: readonly Rule[] = [decodeWithoutVerify, hardcodedSecret, tokenInLog, tokenInWebStorage, verifyWithoutAlgorithms];
