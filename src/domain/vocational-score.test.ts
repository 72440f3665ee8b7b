import { describe, expect, it } from 'vitest';
import { type ScoreInput, vocationalScore } from './vocational-score.js';

const valid = (): ScoreInput => ({
  exam: [
    { subject: 'chinese', score: 70, weight: 1 },
    { subject: 'english', score: 60, weight: 1 },
    { subject: 'math', score: 50, weight: 1 },
    { subject: 'major1', score: 80, weight: 2 },
    { subject: 'major2', score: 90, weight: 2 },
  ],
  examShare: 30,
  items: [
    { kind: 'portfolio', share: 30, score: 80 },
    { kind: 'project', share: 20, score: 90 },
    { kind: 'interview', share: 20, score: 85 },
  ],
  bonusPercent: 0,
});

describe('技專甄選 second-stage score', () => {
  it('weights the exam, takes the shares and adds the bonus as a percentage', () => {
    const r = vocationalScore(valid());
    expect(r.problems).toEqual([]);
    // (70 + 60 + 50 + 160 + 180) / 7 = 74.2857…
    expect(r.examWeighted).toBe(74.29);
    expect(r.examPoints).toBe(22.29);
    expect(r.itemPoints).toBe(24 + 18 + 17);
    expect(r.base).toBe(81.29);
    expect(vocationalScore({ ...valid(), bonusPercent: 25 }).total).toBe(101.61);
  });

  it('refuses an exam share above 40 % or of 0 %, and items under 40 %', () => {
    const over = vocationalScore({
      ...valid(),
      examShare: 45,
      items: valid().items.map((i) => ({ ...i, share: i.share - 5 })),
    });
    expect(over.problems.map((p) => p.code)).toContain('examShareRange');
    const zero = vocationalScore({ ...valid(), examShare: 0 });
    expect(zero.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['examShareRange', 'sharesSum']));
    const fewItems = vocationalScore({
      ...valid(),
      examShare: 40,
      items: [
        { kind: 'portfolio', share: 20, score: 80 },
        { kind: 'project', share: 15, score: 80 },
      ],
    });
    expect(fewItems.problems).toContainEqual({ code: 'itemsShareMin', min: 40, share: 35 });
    expect(fewItems.problems).toContainEqual({ code: 'sharesSum', sum: 75 });
  });

  it('asks for the required items and the least weights', () => {
    const r = vocationalScore({
      ...valid(),
      exam: [{ subject: 'major1', score: 80, weight: 1 }],
      items: [
        { kind: 'portfolio', share: 50, score: 80 },
        { kind: 'interview', share: 20, score: 80 },
      ],
    });
    expect(r.problems).toContainEqual({ code: 'weightMin', subject: 'major1', min: 2 });
    expect(r.problems).toContainEqual({ code: 'requiredItem', kind: 'project' });
  });

  it('refuses scores outside 0–100', () => {
    const r = vocationalScore({
      ...valid(),
      items: [...valid().items.slice(0, 2), { kind: 'written', share: 20, score: 101 }],
    });
    expect(r.problems).toContainEqual({ code: 'scoreRange', field: 'written' });
  });
});
