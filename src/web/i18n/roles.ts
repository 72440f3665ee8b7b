/** The roles (SPEC §3): their names and what each does, in zh-TW and English. */

export const zhRoles = {
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
    counselor: {
      name: '輔導室／課程諮詢教師',
      can: ['記錄指派學生的課程諮詢紀錄', '檢視指派給自己的學生的學習歷程'],
    },
    accountAdmin: {
      name: '帳號管理（圖書館）',
      can: ['建立、停用帳號與重設密碼', '不會看到學生的學習歷程內容'],
    },
    parent: { name: '家長', can: ['檢視孩子的學習歷程、狀態與期限（唯讀）'] },
    centralAdmin: { name: '中央資料庫管理', can: ['接收學校提交資料', '發出收訖明細並處理申復'] },
    reviewer: { name: '審查委員', can: ['閱讀所屬校系申請者的備審資料與其來源紀錄'] },
  },
};

export const enRoles = {
  roles: {
    student: {
      name: 'Student',
      can: [
        'Upload course outcomes and follow their certification',
        'Record multi-performance achievements',
        'Select items for the central repository each year and confirm receipts',
        'Build application packets in grade 12',
      ],
    },
    teacher: {
      name: 'Course teacher',
      can: [
        'Certify course outcomes of your courses (pass, or fail with a reason)',
        'View the outcomes of your courses',
      ],
    },
    substitute: {
      name: 'Substitute certifier',
      can: ['Certify outcomes for an absent teacher when assigned'],
    },
    homeroom: {
      name: 'Homeroom teacher',
      can: [
        "Follow your class's portfolio progress (read-only)",
        'Remind students who have not uploaded or selected',
      ],
    },
    academicAdmin: {
      name: 'Academic affairs',
      can: [
        'Set upload and certification windows',
        'Manage courses, enrolments and grades',
        'Submit course outcomes and grades',
        'School-wide progress reports',
      ],
    },
    studentAffairs: {
      name: 'Student affairs',
      can: [
        'Enter school cadre records',
        'Set the multi-performance window',
        'Submit multi-performance records',
      ],
    },
    counselor: {
      name: 'Counsellor',
      can: [
        'Keep course-counselling records of assigned students',
        'Read the portfolios of assigned students',
      ],
    },
    accountAdmin: {
      name: 'Account administration',
      can: ['Create and disable accounts, reset passwords', 'Never sees portfolio content'],
    },
    parent: { name: 'Parent', can: ["Read your child's portfolio, statuses and deadlines"] },
    centralAdmin: {
      name: 'Central repository admin',
      can: ["Receive schools' submissions", 'Issue receipts and handle disputes'],
    },
    reviewer: {
      name: 'Reviewer',
      can: ["Read applicants' packets for your programme with their provenance"],
    },
  },
};
