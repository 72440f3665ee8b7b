/** GET /api/v1/calendar (calendar module): the caller's windows with their to-dos, and announcements. */
export interface Announcement {
  id: string;
  office: 'academicAdmin' | 'studentAffairs' | 'counselor';
  title: string;
  body: string;
  audience: 'all' | 'grade' | 'class' | 'teachers' | 'parents';
  grade: number | null;
  classId: string | null;
  className: string | null;
  onDate: string | null;
  createdAt: string;
  author: string;
  canDelete: boolean;
}

export interface CalendarEntry {
  windowId: string;
  kind: string;
  academicYear: number;
  opensAt: string;
  effectiveClosesAt: string;
  extendedTo: string | null;
  state: 'upcoming' | 'open' | 'grace' | 'closed';
  studentId: string | null;
  studentName: string | null;
  as: 'student' | 'parent' | 'teacher' | 'homeroom' | 'office';
  todos: { key: string; count: number }[];
}

export interface CalendarData {
  academicYear: number;
  now: string;
  entries: CalendarEntry[];
  announcements: Announcement[];
}
