/** zh-TW strings (the default language). Keys mirror en.ts. */
const zhTW = {
  app: { name: '學習歷程平臺', tagline: '高中學習歷程檔案：上傳、認證、勾選與備審資料' },
  lang: { label: '語言', zh: '中文', en: 'English' },
  login: {
    title: '登入',
    username: '帳號',
    password: '密碼',
    submit: '登入',
    hint: '請使用學校提供的帳號登入。',
  },
  logout: '登出',
  password: {
    title: '變更密碼',
    forced: '這是您第一次登入，請先設定新密碼。',
    current: '目前密碼',
    new: '新密碼',
    confirm: '再次輸入新密碼',
    rule: '至少 {{min}} 個字元，且不可與帳號相同。',
    mismatch: '兩次輸入的新密碼不一致',
    submit: '變更密碼',
    done: '密碼已變更',
  },
  home: {
    welcome: '{{name}}，您好',
    school: '{{name}}（學校代碼 {{code}}）',
    platform: '全平臺帳號',
    term: '目前學期：{{term}}',
    rolesTitle: '您的身分與可使用的功能',
    upcoming: '以下功能將陸續開放，屆時會出現在選單中。',
    changePassword: '變更密碼',
  },
  roles: {
    student: {
      name: '學生',
      can: [
        '上傳課程學習成果並追蹤教師認證',
        '記錄多元表現',
        '每學年勾選提交中央資料庫的項目並確認收訖明細',
        '高三製作備審資料',
      ],
    },
    teacher: {
      name: '任課教師',
      can: ['認證所授課程的課程學習成果（通過或附理由不通過）', '檢視所授課程的學習成果'],
    },
    substitute: { name: '代理認證教師', can: ['在教務處指派期間代理認證課程學習成果'] },
    homeroom: { name: '導師', can: ['檢視班級學生的學習歷程進度（唯讀）', '提醒尚未上傳或勾選的學生'] },
    academicAdmin: {
      name: '教務處',
      can: ['設定學期上傳與認證期程', '管理課程、修課與成績', '提交課程學習成果與成績', '全校進度報表'],
    },
    studentAffairs: { name: '學務處', can: ['登錄校內幹部經歷', '設定多元表現期程', '提交多元表現'] },
    counselor: { name: '輔導室／課程諮詢教師', can: ['記錄課程諮詢紀錄', '檢視所諮詢學生的學習歷程'] },
    accountAdmin: {
      name: '帳號管理（圖書館）',
      can: ['建立、停用帳號與重設密碼', '不會看到學生的學習歷程內容'],
    },
    parent: { name: '家長', can: ['檢視孩子的學習歷程、狀態與期限（唯讀）'] },
    centralAdmin: { name: '中央資料庫管理', can: ['接收學校提交資料', '發出收訖明細並處理申復'] },
    reviewer: { name: '審查委員', can: ['閱讀所屬校系申請者的備審資料與其來源紀錄'] },
  },
  errors: {
    network: '無法連線到伺服器，請檢查網路後再試',
    unknown: '發生未預期的錯誤',
    requestId: '錯誤代號：{{id}}',
  },
  notFound: { title: '找不到此頁面', back: '回首頁' },
};

export default zhTW;
export type Messages = typeof zhTW;
