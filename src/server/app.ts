import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/client.js';
import { accountsRoutes } from '../modules/accounts/accounts.routes.js';
import { announcementsRoutes } from '../modules/announcements/announcements.routes.js';
import { createAnnouncementsService } from '../modules/announcements/announcements.service.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { createAuditService } from '../modules/audit/audit.service.js';
import { authRoutes } from '../modules/auth/auth.routes.js';
import { createAuthService } from '../modules/auth/auth.service.js';
import { cadreRoutes } from '../modules/cadre/cadre.routes.js';
import { createCadreService } from '../modules/cadre/cadre.service.js';
import { calendarRoutes } from '../modules/calendar/calendar.routes.js';
import { createCalendarService } from '../modules/calendar/calendar.service.js';
import { createChildService } from '../modules/calendar/child.service.js';
import { centralDisputesRoutes } from '../modules/central/disputes.routes.js';
import { createCentralDisputesService } from '../modules/central/disputes.service.js';
import { centralReceiptsRoutes } from '../modules/central/receipts.routes.js';
import { createCentralReceiptsService } from '../modules/central/receipts.service.js';
import { codesRoutes } from '../modules/codes/codes.routes.js';
import { createCodesService } from '../modules/codes/codes.service.js';
import { assignmentsRoutes } from '../modules/counselling/assignments.routes.js';
import { createAssignmentsService } from '../modules/counselling/assignments.service.js';
import { counsellingRoutes } from '../modules/counselling/counselling.routes.js';
import { createCounsellingService } from '../modules/counselling/counselling.service.js';
import { healthRoutes } from '../modules/health/health.routes.js';
import { homeRoutes } from '../modules/home/home.routes.js';
import { createHomeService } from '../modules/home/home.service.js';
import { importsRoutes } from '../modules/imports/imports.routes.js';
import { createImportService } from '../modules/imports/imports.service.js';
import type { JobHandler } from '../modules/jobs/jobs.js';
import { createExportService } from '../modules/masterdata/exports.service.js';
import { masterdataRoutes } from '../modules/masterdata/masterdata.routes.js';
import { createMasterdataService } from '../modules/masterdata/masterdata.service.js';
import { notificationsRoutes } from '../modules/notifications/notifications.routes.js';
import { createNotificationsService } from '../modules/notifications/notifications.service.js';
import { certificationRoutes } from '../modules/outcomes/certification.routes.js';
import { createCertificationService } from '../modules/outcomes/certification.service.js';
import { draftsRoutes } from '../modules/outcomes/drafts.routes.js';
import { createDraftsService } from '../modules/outcomes/drafts.service.js';
import { outcomesRoutes } from '../modules/outcomes/outcomes.routes.js';
import { createOutcomesService } from '../modules/outcomes/outcomes.service.js';
import { createProgressService } from '../modules/outcomes/progress.service.js';
import { substitutesRoutes } from '../modules/outcomes/substitutes.routes.js';
import { createSubstitutesService } from '../modules/outcomes/substitutes.service.js';
import { performancesRoutes } from '../modules/performances/performances.routes.js';
import { createPerformancesService } from '../modules/performances/performances.service.js';
import { portfolioRoutes } from '../modules/portfolio/portfolio.routes.js';
import { createPortfolioService } from '../modules/portfolio/portfolio.service.js';
import { provenanceRoutes } from '../modules/provenance/provenance.routes.js';
import { receiptsRoutes } from '../modules/receipts/receipts.routes.js';
import { createReceiptsService } from '../modules/receipts/receipts.service.js';
import { createReceiptSync } from '../modules/receipts/receipts.sync.js';
import { selectionRoutes } from '../modules/selection/selection.routes.js';
import { createSelectionService } from '../modules/selection/selection.service.js';
import { settingsRoutes } from '../modules/settings/settings.routes.js';
import { createSettingsService } from '../modules/settings/settings.service.js';
import { createBlobStore } from '../modules/storage/factory.js';
import { createSweep } from '../modules/storage/sweep.js';
import { submissionsRoutes } from '../modules/submissions/submissions.routes.js';
import { createSubmissionsService } from '../modules/submissions/submissions.service.js';
import { createFilesService } from '../modules/uploads/files.service.js';
import { createIntake } from '../modules/uploads/intake.js';
import { createTus } from '../modules/uploads/tus.js';
import { pgLocker } from '../modules/uploads/tus-locker.js';
import { uploadsRoutes } from '../modules/uploads/uploads.routes.js';
import { createScheduleService } from '../modules/windows/schedule.service.js';
import { windowsRoutes } from '../modules/windows/windows.routes.js';
import { createWindowsService } from '../modules/windows/windows.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What main.ts runs in the background: the job worker's handlers and periodic clean-ups. */
    background: {
      jobHandlers: Record<string, JobHandler>;
      /** True while uploads are arriving: deferrable jobs (previews) wait. */
      busy: () => boolean;
      cleanUpExpiredUploads: () => Promise<number>;
      /** Enqueues the sweep of crash leftovers (storage/sweep.ts): at start, then periodically. */
      requestSweep: (when: 'start' | 'periodic') => Promise<boolean>;
      /** At start: uploads whose every byte arrived before a crash, recorded as files now. */
      recoverUploads: () => Promise<{ recorded: number; refused: number }>;
      /** Idempotent periodic work: teacher digests and window reminders. */
      scheduled: () => Promise<void>;
    };
  }
}

import { registerAccessHook } from './access.js';
import type { Config } from './config.js';
import { registerErrorHandler } from './error-handler.js';
import { AppError } from './errors.js';
import { registerTextGuard } from './text-guard.js';
import { registerWebApp, sendSpa, wantsSpa } from './web.js';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Keys session-token hashes (resolved by main.ts from config or the data dir). */
  sessionSecret: string;
  logger: FastifyBaseLogger;
  /** Root of blobs/, incoming/ and tus/ (one file system, so accepted files are renamed, not copied). Default DATA_DIR. */
  storageDir?: string;
  /** Serve the built SPA from config.webDistDir (production and e2e). */
  serveWeb?: boolean;
  /**
   * The clock of terms, windows and deadlines (default: the system clock). Tests inject a date to run the
   * journeys on any day of the school year; PostgreSQL's own now() (sessions, timestamps) is unaffected.
   */
  now?: () => Date;
}

/** Largest JSON body accepted; uploads use their own endpoints with per-purpose limits. */
const JSON_BODY_LIMIT = 256 * 1024;

/** Assembles the HTTP application; no listening, no process-level side effects. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandler(app, {
    spaFallback: deps.serveWeb ? (request, reply) => (wantsSpa(request) ? sendSpa(reply) : null) : undefined,
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine injects its CSS variables in a style element.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Schools often serve plain http on their LAN; upgrading would break every asset there.
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only makes sense behind https; the reverse proxy should set it there.
    hsts: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Licheng 學習歷程平臺 API',
        version: '1',
        description:
          'Cookie-authenticated JSON API. Mutations need the X-CSRF-Token header from GET /api/v1/me. ' +
          'Errors are { code, message, requestId }; send Accept-Language: en for English messages.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const now = deps.now;
  const auth = createAuthService({
    db: database.db,
    now,
    settings: {
      sessionSecret: deps.sessionSecret,
      idleMinutes: config.SESSION_IDLE_MINUTES,
      absoluteHours: config.SESSION_ABSOLUTE_HOURS,
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockMinutes: config.LOGIN_LOCK_MINUTES,
      slowdownMaxSeconds: config.LOGIN_SLOWDOWN_MAX_SECONDS,
    },
  });
  registerAccessHook(app, auth);
  registerTextGuard(app);

  await app.register(healthRoutes, { pool: database.pool });
  await app.register(authRoutes, {
    auth,
    absoluteHours: config.SESSION_ABSOLUTE_HOURS,
    loginRateLimitPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
  });
  await app.register(accountsRoutes, { db: database.db });
  const db = database.db;
  await app.register(masterdataRoutes, {
    masterdata: createMasterdataService({ db }),
    exports: createExportService({ db }),
  });
  await app.register(codesRoutes, { codes: createCodesService({ db, now }) });
  await app.register(cadreRoutes, { cadre: createCadreService({ db }) });
  const storageDir = deps.storageDir ?? config.dataDir;
  const blobs = await createBlobStore(config, storageDir);
  const incomingDir = path.join(storageDir, 'incoming');
  const intake = createIntake({
    db,
    blobs,
    quota: { bytes: config.UPLOAD_QUOTA_MB * 1_048_576, files: config.UPLOAD_QUOTA_FILES },
    concurrency: config.UPLOAD_CONCURRENCY,
  });
  app.addHook('onClose', intake.close);
  const tus = createTus({
    dir: config.TUS_DIR ?? path.join(storageDir, 'tus'),
    db,
    intake,
    expiryHours: config.TUS_EXPIRY_HOURS,
    trustProxy: config.TRUST_PROXY !== false,
    locker: config.TUS_LOCKS === 'postgres' ? pgLocker(db) : undefined,
  });
  await tus.adoptFileInfos();
  await app.register(uploadsRoutes, {
    intake,
    files: createFilesService({ db, blobs, now }),
    tus,
    incomingDir,
  });
  await app.register(counsellingRoutes, {
    counselling: createCounsellingService({ db, blobs, intake, incomingDir }),
  });
  await app.register(assignmentsRoutes, { assignments: createAssignmentsService({ db }) });
  const sweep = createSweep({
    db,
    blobs,
    storageDir,
    incomingDir,
    expireUploads: tus.cleanUpExpired,
    log: (report) => app.log.info(report, 'swept crash leftovers'),
  });
  // Credentials name their issuer and status list under the server's public address.
  const provenance = {
    secret: deps.sessionSecret,
    baseUrl: config.PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`,
  };
  await app.register(provenanceRoutes, {
    db,
    provenance,
    now: now ?? (() => new Date()),
    verifyMaxBytes: config.VERIFY_MAX_MB * 1_048_576,
  });
  const submissions = createSubmissionsService({
    db,
    blobs,
    incomingDir,
    secret: deps.sessionSecret,
    now,
    provenance,
  });
  await app.register(submissionsRoutes, { submissions });
  // 收訖明細: the repository's exchange routes and the school's copy (CENTRAL_URL, default this server).
  const clock = now ?? (() => new Date());
  const centralDisputes = createCentralDisputesService({ db, now });
  await app.register(centralReceiptsRoutes, {
    db,
    receipts: createCentralReceiptsService({ db, now }),
    disputes: centralDisputes,
    now: clock,
  });
  await app.register(centralDisputesRoutes, { disputes: centralDisputes });
  const receiptSync = createReceiptSync({
    db,
    secret: deps.sessionSecret,
    now: clock,
    centralUrl: () => config.CENTRAL_URL ?? `http://127.0.0.1:${config.PORT}`,
  });
  await app.register(receiptsRoutes, { receipts: createReceiptsService({ db, now }) });
  app.decorate('background', {
    jobHandlers: { ...intake.jobs, ...sweep.jobs, ...submissions.jobs, ...receiptSync.jobs },
    requestSweep: sweep.request,
    busy: intake.busy,
    cleanUpExpiredUploads: tus.cleanUpExpired,
    recoverUploads: tus.recoverComplete,
    scheduled: async () => {
      await auth.purgeSignInState();
      await notifications.sendDigests();
      await notifications.sendReminders();
      await receiptSync.schedule();
    },
  });
  await app.register(outcomesRoutes, {
    outcomes: createOutcomesService({ db, now }),
    progress: createProgressService({ db, now }),
  });
  await app.register(draftsRoutes, { drafts: createDraftsService({ db, now }) });
  await app.register(homeRoutes, { home: createHomeService({ db, now }) });
  await app.register(performancesRoutes, { performances: createPerformancesService({ db, now }) });
  await app.register(portfolioRoutes, { portfolio: createPortfolioService({ db }) });
  await app.register(certificationRoutes, {
    certification: createCertificationService({ db, now, provenance }),
  });
  await app.register(substitutesRoutes, { substitutes: createSubstitutesService({ db, now }) });
  const notifications = createNotificationsService({ db, now });
  await app.register(notificationsRoutes, { notifications });
  await app.register(importsRoutes, {
    imports: createImportService({ db: database.db, now }),
    maxBytes: config.IMPORT_MAX_MB * 1_048_576,
  });
  await app.register(auditRoutes, { audit: createAuditService({ db }) });
  await app.register(selectionRoutes, { selection: createSelectionService({ db, now }) });
  await app.register(settingsRoutes, { settings: createSettingsService({ db }) });
  const schedule = createScheduleService({ db, now });
  await app.register(windowsRoutes, { windows: createWindowsService({ db, now }), schedule });
  const announcements = createAnnouncementsService({ db, now });
  await app.register(announcementsRoutes, { announcements });
  await app.register(calendarRoutes, {
    calendar: createCalendarService({ db, now, schedule, announcements }),
    child: createChildService({ db }),
  });

  app.get(
    '/api/v1/openapi.json',
    { config: { access: { public: true } }, schema: { hide: true } },
    async () => app.swagger(),
  );

  if (deps.serveWeb) await registerWebApp(app, config.webDistDir);
  return app;
}
