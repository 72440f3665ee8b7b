/** Limits of SPEC.md that several capabilities share. Counted in Unicode characters, not bytes. */

/** 簡述 of outcomes, performances and counselling records. */
export const SUMMARY_MAX = 100;

/** Counts characters as people do: one per Unicode code point (an emoji or 𠀀 is one). */
export const charCount = (text: string): number => [...text].length;
