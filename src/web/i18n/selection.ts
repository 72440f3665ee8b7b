/** Strings of 勾選 (yearly selection) and the school settings page, in both languages; spread into zh-TW.ts and en.ts. */

export const zhSelection = {
  selection: {
    nav: '勾選上傳',
    title: '{{year}}學年度勾選',
    intro:
      '每學年可勾選至多 {{outcomes}} 件認證通過的課程學習成果（本學年兩學期）與至多 {{performances}} 項本學年登錄的多元表現，由學校提交至中央資料庫。勾選期間結束後即鎖定。',
    counterOutcomes: '課程學習成果 {{count}} / {{max}}',
    counterPerformances: '多元表現 {{count}} / {{max}}',
    outcomes: '課程學習成果',
    performances: '多元表現',
    select: '勾選',
    unselect: '取消勾選',
    selected: '已勾選',
    notSelectable: '未認證通過，不能勾選',
    semester: '第{{semester}}學期',
    noOutcomes: '本學年尚無課程學習成果',
    noPerformances: '本學年尚無多元表現紀錄',
    lockedNote: '已勾選的課程學習成果不能撤回或修改；已勾選的多元表現不能刪除。',
    window: {
      open: '{{kind}}勾選期間：{{from}} – {{to}}，期間內可勾選或取消，{{to}} 後鎖定。',
      notYet: '{{kind}}勾選期間尚未開始（{{from}} – {{to}}），目前不能變更。',
      closed: '{{kind}}勾選期間已於 {{to}} 結束，勾選已鎖定。',
      unset: '{{year}}學年度尚未設定{{kind}}勾選期間，請洽{{office}}。',
    },
    kindAll: '',
    readOnly: '唯讀檢視',
    access: {
      parent: '家長檢視（唯讀）',
      homeroom: '導師檢視（唯讀）',
      office: '處室檢視（唯讀）',
      counselor: '輔導教師檢視（唯讀）',
      self: '',
    },
    class: {
      title: '{{name}} 勾選進度（{{year}}學年度）',
      link: '勾選進度',
      notSelectedOnly: '只顯示尚未勾選的學生',
      notSelectedCount: '尚未勾選：{{count}} 人',
      notSelected: '尚未勾選',
      outcomes: '課程學習成果（已勾選 / 可勾選）',
      performances: '多元表現（已勾選 / 已登錄）',
    },
  },
  schoolSettings: {
    nav: '學校設定',
    title: '學校設定',
    intro:
      '以下上限依規定預設（每學年勾選 6 件課程學習成果、10 項多元表現；每學期上傳 20 件、每門課 5 件），學校可調整；每次變更都會記錄在稽核紀錄中。',
    selectionOutcomesMax: '每學年可勾選課程學習成果件數',
    selectionPerformancesMax: '每學年可勾選多元表現項數',
    outcomesPerSemester: '每學期可上傳課程學習成果件數',
    outcomesPerCourse: '每門課可上傳課程學習成果件數',
    windowMode: '勾選期間',
    modeShared: '一個勾選期間（兩類項目共用，由教務處設定）',
    modePerOffice: '分處室設定（教務處：課程學習成果；學務處：多元表現）',
    save: '儲存設定',
    saved: '已儲存',
    updatedAt: '最後更新：{{at}}',
  },
};

export const enSelection = {
  selection: {
    nav: 'Selection',
    title: 'Selection for academic year {{year}}',
    intro:
      'Each academic year you may select up to {{outcomes}} certified course outcomes (of the two semesters) and up to {{performances}} performances recorded that year; the school submits them to the central repository. The selection locks when its window closes.',
    counterOutcomes: 'Course outcomes {{count}} / {{max}}',
    counterPerformances: 'Performances {{count}} / {{max}}',
    outcomes: 'Course outcomes',
    performances: 'Performances',
    select: 'Select',
    unselect: 'Unselect',
    selected: 'Selected',
    notSelectable: 'Not certified: cannot be selected',
    semester: 'Semester {{semester}}',
    noOutcomes: 'No course outcomes this academic year',
    noPerformances: 'No performances recorded this academic year',
    lockedNote:
      'A selected course outcome cannot be withdrawn or revised; a selected performance cannot be deleted.',
    window: {
      open: '{{kind}}selection window: {{from}} – {{to}}. You can select or unselect until {{to}}; then it locks.',
      notYet: '{{kind}}selection window has not opened yet ({{from}} – {{to}}); no changes now.',
      closed: '{{kind}}selection window closed on {{to}}: the selection is locked.',
      unset: 'No {{kind}}selection window has been set for academic year {{year}} (ask {{office}}).',
    },
    kindAll: '',
    readOnly: 'Read-only',
    access: {
      parent: 'Parent view (read-only)',
      homeroom: 'Homeroom teacher view (read-only)',
      office: 'Office view (read-only)',
      counselor: 'Counsellor view (read-only)',
      self: '',
    },
    class: {
      title: 'Selection progress of {{name}} (academic year {{year}})',
      link: 'Selection progress',
      notSelectedOnly: 'Only students who have not selected',
      notSelectedCount: 'Not selected yet: {{count}}',
      notSelected: 'Not selected',
      outcomes: 'Course outcomes (selected / selectable)',
      performances: 'Performances (selected / recorded)',
    },
  },
  schoolSettings: {
    nav: 'School settings',
    title: 'School settings',
    intro:
      'The defaults follow the rules (6 course outcomes and 10 performances selected per year; 20 outcomes per semester and 5 per course); the school may change them. Every change is kept in the audit log.',
    selectionOutcomesMax: 'Course outcomes selectable per year',
    selectionPerformancesMax: 'Performances selectable per year',
    outcomesPerSemester: 'Course outcomes per semester',
    outcomesPerCourse: 'Course outcomes per course',
    windowMode: 'Selection window',
    modeShared: 'One window for both kinds (set by the academic affairs office)',
    modePerOffice: 'One per office (academic affairs: course outcomes; student affairs: performances)',
    save: 'Save settings',
    saved: 'Saved',
    updatedAt: 'Last changed: {{at}}',
  },
};

export const zhSelectionNotifications = {
  selection: { removed: '「{{title}}」認證未通過，已自動取消勾選：{{reason}}' },
};

export const enSelectionNotifications = {
  selection: { removed: '"{{title}}" was not certified and has been unselected: {{reason}}' },
};
