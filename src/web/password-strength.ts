/**
 * The password strength meter and the common-password set, loaded lazily by the password page (about
 * 400 KB of word lists): zxcvbn-ts scores in the browser; the rule itself is enforced by the server.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export { COMMON_PASSWORDS } from '../domain/common-passwords.js';

const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** 0 (very weak) … 4 (very strong); the user's own name, username and school count as guessable. */
export function strengthOf(password: string, userInputs: string[]): 0 | 1 | 2 | 3 | 4 {
  return zxcvbn.check(password.slice(0, 128), userInputs).score;
}
