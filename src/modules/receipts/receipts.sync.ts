/**
 * The school's side of the exchange for receipts (contract 3), as background jobs:
 * - `receipts.sync` pulls the school's receipts changed since its cursor (GET …/receipts?since=, paged),
 *   maps each to the local student by 身分證號 + 出生日期, keeps the copy and notifies the student of a
 *   new receipt (on demand: the office's 「取得收訖明細」; periodically: `receipts.syncAll`);
 * - `receipts.relay` relays a student's answer, `receipts.answerRelay` the office's 已回覆 note.
 * The client (central/client.ts) retries what may succeed later; a job that still cannot reach the
 * repository throws, so the job queue tries again with back-off. The repository's writes are idempotent.
 */
import type { Db } from '../../db/client.js';
import { type CentralClient, CentralUnavailableError, createCentralClient } from '../central/client.js';
import type { ExchangeReceipt } from '../central/receipts.repo.js';
import type { JobHandler } from '../jobs/jobs.js';
import { enqueue, enqueueUnlessPending } from '../jobs/jobs.js';
import * as notices from '../notifications/notifications.repo.js';
import { signingKeyOf } from '../submissions/signing.js';
import * as repo from './receipts.repo.js';

export const SYNC_JOB = 'receipts.sync';
export const SYNC_ALL_JOB = 'receipts.syncAll';
export const RELAY_JOB = 'receipts.relay';
export const ANSWER_RELAY_JOB = 'receipts.answerRelay';
/** Changes are fetched again from this long before the cursor (commits that landed late). */
const OVERLAP_MS = 10 * 60_000;

type Wire<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};
type WireReceipt = Wire<ExchangeReceipt>;

export interface ReceiptSyncDeps {
  db: Db;
  secret: string;
  now: () => Date;
  /** The repository's base URL, resolved at each use (config CENTRAL_URL or this server). */
  centralUrl: () => string;
  /** Test hook: attempts and backoff of the client. */
  client?: { attempts?: number; backoffMs?: number };
}

const message = (body: unknown, status: number) =>
  (body as { message?: string } | null)?.message ?? `HTTP ${status}`;

export type ReceiptSync = ReturnType<typeof createReceiptSync>;

export function createReceiptSync(deps: ReceiptSyncDeps) {
  const { db, now } = deps;

  async function clientOf(schoolId: string): Promise<CentralClient> {
    const code = await repo.schoolCode(db, schoolId);
    if (!code) throw new Error('school not found');
    const key = await signingKeyOf(db, schoolId, deps.secret);
    return createCentralClient({
      baseUrl: deps.centralUrl(),
      schoolCode: code,
      privateKey: key.privateKey,
      now,
      ...deps.client,
    });
  }

  /** Keeps a page of receipts; returns how many were new and how many named no student here. */
  async function keep(schoolId: string, page: WireReceipt[]) {
    const found = await repo.studentsByNationalId(db, schoolId, [...new Set(page.map((r) => r.nationalId))]);
    const byIdentity = new Map(found.map((s) => [`${s.nationalId}|${s.birthDate}`, s]));
    let unmatched = 0;
    const syncedAt = now();
    await db.transaction(async (tx) => {
      for (const r of page) {
        const student = byIdentity.get(`${r.nationalId}|${r.birthDate}`);
        if (!student) unmatched++;
        const isNew = await repo.upsertReceipt(tx, {
          id: r.id,
          schoolId,
          studentId: student?.id ?? null,
          submissionId: r.submissionId,
          academicYear: r.academicYear,
          semester: r.semester,
          roster: r.roster,
          content: r.content,
          sha256: r.sha256,
          issuedAt: new Date(r.issuedAt),
          centralStatus: r.status,
          supersededBy: r.supersededBy,
          disputeId: r.disputeId,
          disputeDueAt: r.disputeDueAt ? new Date(r.disputeDueAt) : null,
          disputeStatus: r.disputeStatus,
          disputeResolution: r.disputeResolution,
          disputeResolvedAt: r.disputeResolvedAt ? new Date(r.disputeResolvedAt) : null,
          syncedAt,
        });
        if (isNew && student?.userId && r.status !== 'superseded') {
          await notices.notify(tx, [
            {
              userId: student.userId,
              schoolId,
              kind: 'receipt.issued',
              params: { roster: r.roster, year: r.academicYear },
              link: '/receipts',
              dedupeKey: `receipt:${r.id}`,
            },
          ]);
        }
      }
    });
    return unmatched;
  }

  /** Pulls every change since the cursor; records the outcome in the school's sync state. */
  async function syncSchool(schoolId: string) {
    const state = await repo.syncState(db, schoolId);
    await repo.setSyncState(db, schoolId, { status: 'running', error: null });
    let received = 0;
    let unmatched = 0;
    let cursor = state?.cursor ?? null;
    try {
      const client = await clientOf(schoolId);
      let since = cursor ? new Date(cursor.getTime() - OVERLAP_MS) : null;
      let after: string | null = null;
      for (;;) {
        const q = new URLSearchParams();
        if (since) q.set('since', since.toISOString());
        if (since && after) q.set('after', after);
        const res = await client.get<{ receipts: WireReceipt[]; more: boolean }>(
          `/api/v1/central/exchange/receipts${q.size ? `?${q}` : ''}`,
        );
        if (res.status !== 200) {
          await repo.setSyncState(db, schoolId, {
            status: 'failed',
            finishedAt: now(),
            error: message(res.body, res.status),
          });
          return { ok: false as const, error: message(res.body, res.status) };
        }
        const page = res.body.receipts;
        unmatched += await keep(schoolId, page);
        received += page.length;
        const last = page.at(-1);
        if (last) {
          const at = new Date(last.changedAt);
          if (!cursor || at > cursor) cursor = at;
          since = at;
          after = last.id;
        }
        if (!res.body.more || !last) break;
      }
      await repo.setSyncState(db, schoolId, {
        status: 'ok',
        cursor,
        finishedAt: now(),
        received,
        unmatched,
        error: null,
      });
      return { ok: true as const, received, unmatched };
    } catch (e) {
      const error = e instanceof CentralUnavailableError ? e.message : (e as Error).message;
      await repo.setSyncState(db, schoolId, {
        status: 'failed',
        finishedAt: now(),
        error: error.slice(0, 500),
      });
      throw e;
    }
  }

  /** Relays the student's answer of one receipt; 'sent' once the repository recorded it. */
  async function relayResponse(receiptId: string) {
    const r = await repo.receiptById(db, receiptId);
    if (!r?.response || r.relayStatus !== 'pending' || !r.respondedAt) return;
    const client = await clientOf(r.schoolId);
    let res: Awaited<ReturnType<CentralClient['postJson']>>;
    try {
      res = await client.postJson(`/api/v1/central/exchange/receipts/${r.id}/response`, {
        response: r.response,
        reason: r.responseReason,
        respondedAt: r.respondedAt.toISOString(),
      });
    } catch (e) {
      await repo.updateReceipt(db, r.id, { relayError: (e as Error).message.slice(0, 500) });
      throw e;
    }
    if (res.status === 200) {
      const body = res.body as { dispute: { id: string; dueAt: string; status: 'open' | 'resolved' } | null };
      await repo.updateReceipt(db, r.id, {
        relayStatus: 'sent',
        relayError: null,
        centralStatus: r.response,
        ...(body.dispute
          ? {
              disputeId: body.dispute.id,
              disputeDueAt: new Date(body.dispute.dueAt),
              disputeStatus: body.dispute.status,
            }
          : {}),
      });
    } else {
      // Replaced at the repository before the school knew: marked so, and the new receipt fetched now.
      const superseded = (res.body as { code?: string } | null)?.code === 'RECEIPT_SUPERSEDED';
      await repo.updateReceipt(db, r.id, {
        relayStatus: 'failed',
        relayError: message(res.body, res.status),
        ...(superseded ? { centralStatus: 'superseded' } : {}),
      });
      if (superseded) await enqueue(db, SYNC_JOB, { schoolId: r.schoolId });
    }
  }

  /** Relays the office's 已回覆 note; waits (retries) until the repository's dispute is known. */
  async function relayAnswer(receiptId: string) {
    const r = await repo.receiptById(db, receiptId);
    if (!r?.answerNote || r.answerRelayStatus !== 'pending' || !r.answeredAt) return;
    if (!r.disputeId) throw new Error('the dispute is not yet opened at the repository');
    const client = await clientOf(r.schoolId);
    const res = await client.postJson(`/api/v1/central/exchange/disputes/${r.disputeId}/answer`, {
      note: r.answerNote,
      answeredAt: r.answeredAt.toISOString(),
    });
    if (res.status === 200) {
      const d = res.body as {
        status: 'open' | 'resolved';
        resolution: 'corrected' | 'answered' | null;
        resolvedAt: string | null;
      };
      await repo.updateReceipt(db, r.id, {
        answerRelayStatus: 'sent',
        disputeStatus: d.status,
        disputeResolution: d.resolution,
        disputeResolvedAt: d.resolvedAt ? new Date(d.resolvedAt) : null,
      });
    } else {
      await repo.updateReceipt(db, r.id, {
        answerRelayStatus: 'failed',
        relayError: message(res.body, res.status),
      });
    }
  }

  /** Every exchanging school, one after another (periodic; failures are recorded per school). */
  async function syncAll() {
    for (const schoolId of await repo.exchangingSchools(db)) {
      await syncSchool(schoolId).catch(() => undefined);
      for (const p of await repo.pendingRelays(db, schoolId))
        await relayResponse(p.id).catch(() => undefined);
    }
  }

  const id = (p: Record<string, unknown>, k: string) => String(p[k]);
  const jobs: Record<string, JobHandler> = {
    [SYNC_JOB]: async (p) => {
      await syncSchool(id(p, 'schoolId'));
    },
    [SYNC_ALL_JOB]: syncAll,
    [RELAY_JOB]: (p) => relayResponse(id(p, 'receiptId')),
    [ANSWER_RELAY_JOB]: (p) => relayAnswer(id(p, 'receiptId')),
  };

  /** Periodic: once per cluster at most every 10 minutes. */
  const schedule = () => enqueueUnlessPending(db, SYNC_ALL_JOB, 600);
  const request = (schoolId: string) => enqueue(db, SYNC_JOB, { schoolId });

  return { syncSchool, relayResponse, relayAnswer, syncAll, jobs, schedule, request };
}
