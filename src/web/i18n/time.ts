/** Strings of the academic calendar (the current term), in both languages; spread into zh-TW.ts and en.ts. */

export const zhTime = {
  time: {
    betweenTermsTitle: '目前不在學期中',
    betweenTerms: '{{term}}尚未建立：教務處匯入本學期課程後，這裡就會顯示本學期的資料。',
  },
};

export const enTime: typeof zhTime = {
  time: {
    betweenTermsTitle: 'Between terms',
    betweenTerms:
      '{{term}} has not been set up yet: this shows the term once 教務處 has imported its courses.',
  },
};
