/** SQL of what the student's own outcome page shows beyond the outcome rows. */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

export interface OutcomeExtras {
  /** The reason of the latest fail, while the outcome is failed (the card shows it). */
  failReason: string | null;
  documentName: string | null;
  mediaName: string | null;
}

/** Per outcome: the teacher's latest fail reason and the names of the submitted files. */
export async function extrasOf(db: DbOrTx, outcomeIds: string[]): Promise<Map<string, OutcomeExtras>> {
  if (outcomeIds.length === 0) return new Map();
  const rows = await db.execute(sql`
    select o.id,
      case when o.status = 'failed' then (
        select e.reason from outcome_events e
        where e.outcome_id = o.id and e.action = 'failed' order by e.id desc limit 1
      ) end as "failReason",
      df.original_name as "documentName", mf.original_name as "mediaName"
    from outcomes o
      left join files df on df.id = o.document_file_id
      left join files mf on mf.id = o.media_file_id
    where o.id in (${sql.join(
      outcomeIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
  return new Map(
    (rows.rows as unknown as ({ id: string } & OutcomeExtras)[]).map(({ id, ...extras }) => [id, extras]),
  );
}
