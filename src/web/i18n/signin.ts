/** Strings of the password rules and strength meter, in both languages; spread into zh-TW.ts and en.ts. */

export const zhSignin = {
  passwordRules: {
    rule: '至少 {{min}} 個字元，不可與帳號相同，也不可是常見密碼。',
    tooShort: '密碼長度至少 {{min}} 個字元',
    sameAsUsername: '密碼不可與帳號相同',
    tooCommon: '這個密碼太常見，容易被猜中，請換一個',
    strength: '密碼強度：{{level}}',
    checking: '正在載入密碼強度檢查…',
    level0: '非常弱',
    level1: '弱',
    level2: '普通',
    level3: '強',
    level4: '非常強',
    advice: '建議使用一句只有您知道的長句子，或混合不常見的字詞與數字。',
  },
};

export const enSignin: typeof zhSignin = {
  passwordRules: {
    rule: 'At least {{min}} characters, not your username, and not a common password.',
    tooShort: 'The password must be at least {{min}} characters long',
    sameAsUsername: 'The password must not equal the username',
    tooCommon: 'This password is too common and easily guessed; choose another',
    strength: 'Password strength: {{level}}',
    checking: 'Loading the password strength check…',
    level0: 'very weak',
    level1: 'weak',
    level2: 'fair',
    level3: 'strong',
    level4: 'very strong',
    advice: 'A long sentence only you know, or uncommon words mixed with digits, works best.',
  },
};
