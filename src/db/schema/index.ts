/** The drizzle schema, one file per capability. drizzle-kit reads this file. */
export * from './accounts.js';
export * from './audit.js';
export * from './counselling.js';
export * from './files.js';
export * from './imports.js';
export * from './notifications.js';
export * from './outcomes.js';
export * from './performances.js';
export * from './school-data.js';
export * from './selection.js';
export * from './signin.js';
export * from './storage.js';
export * from './submissions.js';
export * from './tenancy.js';
