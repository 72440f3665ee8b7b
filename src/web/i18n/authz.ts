/** Strings of counsellor assignments and access-control notices, in both languages; spread into zh-TW.ts and en.ts. */

export const zhAuthz = {
  assignments: {
    title: '輔導教師指派',
    intro:
      '由教務處或輔導室指派輔導教師負責的班級或學生。輔導教師只能檢視、記錄被指派學生的學習歷程與課程諮詢；不能指派自己。',
    counselor: '輔導教師',
    target: '指派對象',
    byClass: '班級',
    byStudent: '學生',
    class: '班級',
    student: '學生（輸入姓名或學號搜尋）',
    assignedBy: '指派人',
    assignedAt: '指派時間',
    add: '指派',
    remove: '取消指派',
    none: '尚未指派任何輔導教師',
    noCounselors: '本校尚無具輔導教師角色的帳號',
  },
  counsellingAssigned: {
    noStudents: '目前沒有指派給您的學生；請洽教務處或輔導室指派。',
    students: '學生（僅列出指派給您的學生）',
    own: '我的紀錄',
  },
};

export const zhAuthzNotifications = {
  accounts: {
    officeRoleGranted: '{{by}} 將「{{roles}}」角色授予 {{account}}',
    officePasswordReset: '{{by}} 重設了處室帳號 {{account}} 的密碼',
  },
};

export const enAuthz = {
  assignments: {
    title: 'Counsellor assignments',
    intro:
      'The academic office or the counselling office assigns counsellors to classes or students. A counsellor reads and records only for the students assigned to them, and cannot assign themselves.',
    counselor: 'Counsellor',
    target: 'Assigned to',
    byClass: 'Class',
    byStudent: 'Student',
    class: 'Class',
    student: 'Student (type a name or student number)',
    assignedBy: 'Assigned by',
    assignedAt: 'Assigned at',
    add: 'Assign',
    remove: 'Remove',
    none: 'No counsellor is assigned yet',
    noCounselors: 'No account of this school holds the counsellor role',
  },
  counsellingAssigned: {
    noStudents: 'No students are assigned to you; ask the academic or counselling office.',
    students: 'Students (only those assigned to you)',
    own: 'My record',
  },
};

export const enAuthzNotifications = {
  accounts: {
    officeRoleGranted: '{{by}} granted the role(s) {{rolesEn}} to {{account}}',
    officePasswordReset: '{{by}} reset the password of the office account {{account}}',
  },
};
