/** The error codes of sign-in and password rules added with the sign-in throttle, part of the one error table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const SIGNIN_ERRORS = {
  PASSWORD_TOO_COMMON: {
    status: 400,
    'zh-TW': '這個密碼太常見，容易被猜中，請換一個（密碼不可為常見密碼）',
    en: 'This password is too common and easily guessed; choose another (common passwords are not allowed)',
  },
} satisfies Record<string, ErrorDef>;
