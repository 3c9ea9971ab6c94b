import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export type RevealField = 'phone' | 'idNumber' | 'flags';
export interface Revealed {
  phone?: string;
  idNumber?: string | null;
  flags?: { elderlyAlone: boolean; disability: boolean; lowIncome: boolean };
}

// Never cached: plain text lives only in the component that asked for it, and the server audits each call.
export const revealPerson = (id: number, body: { fields: RevealField[]; reason: string }) =>
  api<Revealed>(`/api/people/${id}/reveal`, { method: 'POST', json: body });

export const useRevealPerson = (id: number) =>
  useMutation({ mutationFn: (body: { fields: RevealField[]; reason: string }) => revealPerson(id, body) });
