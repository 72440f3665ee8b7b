/**
 * 技專校院 甄選入學 second-stage total (seed: 學習歷程檔案與升學的關係 4/4, SPEC.md §6):
 * (一) 統一入學測驗 scores, each subject weighted (國文, 英文, 數學 ×1 or more; 專業一, 專業二 ×2 or more),
 *      counted for at most 40 % of the total and never 0 %;
 * (二) 指定項目 (學習歷程資料審查 and 專題實作及實習科目學習成果 both required; 術科實作, 筆試, 面試 as the
 *      programme sets), together at least 40 %; (一) + (二) = 100 %;
 * (三) 證照或得獎加分: a percentage added to the total per the 優待加分標準.
 * Scores are 0–100. Pure: the page recomputes on every keystroke.
 */

export const EXAM_SUBJECTS = ['chinese', 'english', 'math', 'major1', 'major2'] as const;
export type ExamSubject = (typeof EXAM_SUBJECTS)[number];
/** The least weight of each subject (seed: 國英數 ×1~倍, 專業 ×2~倍). */
export const MIN_WEIGHT: Record<ExamSubject, number> = {
  chinese: 1,
  english: 1,
  math: 1,
  major1: 2,
  major2: 2,
};

export const ITEM_KINDS = ['portfolio', 'project', 'practical', 'written', 'interview'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
/** 學習歷程資料審查 and 專題實作及實習科目學習成果 are required (必採). */
export const REQUIRED_ITEMS: readonly ItemKind[] = ['portfolio', 'project'];

export const MAX_EXAM_SHARE = 40;
export const MIN_ITEMS_SHARE = 40;

export interface ScoreInput {
  exam: { subject: ExamSubject; score: number; weight: number }[];
  /** % of the total the weighted exam score counts for (0 < x ≤ 40). */
  examShare: number;
  items: { kind: ItemKind; share: number; score: number }[];
  /** 優待加分 as a percentage of the total (0 when none). */
  bonusPercent: number;
}

export type ScoreProblem =
  | { code: 'examShareRange'; max: number }
  | { code: 'itemsShareMin'; min: number; share: number }
  | { code: 'sharesSum'; sum: number }
  | { code: 'weightMin'; subject: ExamSubject; min: number }
  | { code: 'scoreRange'; field: string }
  | { code: 'requiredItem'; kind: ItemKind }
  | { code: 'bonusRange' };

export interface ScoreResult {
  problems: ScoreProblem[];
  /** Σ(score × weight) / Σ weight, 0–100. */
  examWeighted: number;
  /** Points of the total from (一) and (二), and before and after the bonus (0–100 before). */
  examPoints: number;
  itemPoints: number;
  base: number;
  total: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const inRange = (n: number, lo: number, hi: number) => Number.isFinite(n) && n >= lo && n <= hi;

export function vocationalScore(input: ScoreInput): ScoreResult {
  const problems: ScoreProblem[] = [];
  if (!(input.examShare > 0 && input.examShare <= MAX_EXAM_SHARE)) {
    problems.push({ code: 'examShareRange', max: MAX_EXAM_SHARE });
  }
  const itemsShare = input.items.reduce((s, i) => s + i.share, 0);
  if (itemsShare < MIN_ITEMS_SHARE)
    problems.push({ code: 'itemsShareMin', min: MIN_ITEMS_SHARE, share: itemsShare });
  const sum = round2(input.examShare + itemsShare);
  if (sum !== 100) problems.push({ code: 'sharesSum', sum });
  for (const e of input.exam) {
    if (!(e.weight >= MIN_WEIGHT[e.subject])) {
      problems.push({ code: 'weightMin', subject: e.subject, min: MIN_WEIGHT[e.subject] });
    }
    if (!inRange(e.score, 0, 100)) problems.push({ code: 'scoreRange', field: e.subject });
  }
  for (const i of input.items)
    if (!inRange(i.score, 0, 100) || i.share < 0) problems.push({ code: 'scoreRange', field: i.kind });
  for (const kind of REQUIRED_ITEMS) {
    if (!input.items.some((i) => i.kind === kind && i.share > 0))
      problems.push({ code: 'requiredItem', kind });
  }
  if (!inRange(input.bonusPercent, 0, 100)) problems.push({ code: 'bonusRange' });

  const weights = input.exam.reduce((s, e) => s + e.weight, 0);
  const examWeighted = weights > 0 ? input.exam.reduce((s, e) => s + e.score * e.weight, 0) / weights : 0;
  const examPoints = (examWeighted * input.examShare) / 100;
  const itemPoints = input.items.reduce((s, i) => s + (i.score * i.share) / 100, 0);
  const base = examPoints + itemPoints;
  const total = base * (1 + (inRange(input.bonusPercent, 0, 100) ? input.bonusPercent : 0) / 100);
  return {
    problems,
    examWeighted: round2(examWeighted),
    examPoints: round2(examPoints),
    itemPoints: round2(itemPoints),
    base: round2(base),
    total: round2(total),
  };
}
