import type { PerformanceCategory } from '../../../domain/performances.js';

export interface PerformanceRecord {
  id: string;
  academicYear: number;
  category: PerformanceCategory;
  fields: Record<string, string | number>;
  summary: string;
  startsOn: string | null;
  endsOn: string | null;
  proofFileId: string | null;
  mediaFileId: string | null;
  externalUrl: string | null;
}

export interface SchoolCadre {
  id: string;
  academicYear: number;
  semester: number;
  unit: string;
  position: string;
  level: number;
  startsOn: string;
  endsOn: string | null;
}

export interface MyPerformances {
  academicYear: number;
  entryYear: number;
  today: string;
  window: { opensAt: string; closesAt: string; state: string } | null;
  records: PerformanceRecord[];
  schoolCadre: SchoolCadre[];
}
