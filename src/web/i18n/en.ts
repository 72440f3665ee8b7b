import type { Messages } from './zh-TW.js';

/** English strings. */
const en: Messages = {
  app: {
    name: 'Licheng Learning Portfolio',
    tagline: 'Senior-high learning portfolios: upload, certify, select, apply',
  },
  lang: { label: 'Language', zh: '中文', en: 'English' },
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    hint: 'Use the account your school gave you.',
  },
  logout: 'Sign out',
  password: {
    title: 'Change password',
    forced: 'This is your first sign-in; please set a new password.',
    current: 'Current password',
    new: 'New password',
    confirm: 'Repeat the new password',
    rule: 'At least {{min}} characters, and not the same as your username.',
    mismatch: 'The two new passwords differ',
    submit: 'Change password',
    done: 'Password changed',
  },
  home: {
    welcome: 'Hello, {{name}}',
    school: '{{name}} (school code {{code}})',
    platform: 'Platform-wide account',
    term: 'Current term: {{term}}',
    rolesTitle: 'Your roles and what you can do',
    upcoming: 'These functions are opening step by step and will appear in the menu.',
    changePassword: 'Change password',
  },
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
      can: ['Keep course-counselling records', 'Read the portfolios of counselled students'],
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
  errors: {
    network: 'Cannot reach the server; check the connection and try again',
    unknown: 'Something unexpected went wrong',
    requestId: 'Request id: {{id}}',
  },
  notFound: { title: 'Page not found', back: 'Home' },
};

export default en;
