// Shapes of the tri-party consultation JSON (server/src/modules/requests/consultations.schemas.ts).
export const CONSULTATION_PARTIES = ['residents_committee', 'owners_committee', 'self_management_committee', 'property'] as const;
export type ConsultationParty = (typeof CONSULTATION_PARTIES)[number];

/** 小区协商铃: one consultation the commissioner convened on a request. */
export interface Consultation {
  id: number;
  requestId: number;
  status: 'scheduled' | 'closed';
  scheduledAt: string;
  parties: ConsultationParty[];
  note: string | null;
  convenedBy: { id: number; name: string };
  /** How many people of each party got the invitation (0: nobody holds that role there now). */
  invited: { party: ConsultationParty; people: number }[];
  attended: ConsultationParty[] | null;
  outcome: string | null;
  toDeliberation: boolean;
  closedAt: string | null;
  createdAt: string;
}

export const consultationKeys = {
  list: (requestId: number) => ['requests', 'consultations', requestId] as const,
  committee: (compoundId: number) => ['requests', 'committee', compoundId] as const,
};
