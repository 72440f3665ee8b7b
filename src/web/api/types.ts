/** API response types, taken from the server's zod schemas (type-only: nothing server-side is bundled). */
export type { TMe as Me } from '../../modules/auth/auth.schemas.js';
