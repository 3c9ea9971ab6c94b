import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

/** 问卷 (server/src/modules/demands/surveys.*). */
export type Question = { kind: 'single' | 'multiple'; text: string; options: string[] } | { kind: 'text' | 'rating'; text: string };
export type Answer = { choice: number } | { choices: number[] } | { text: string } | { rating: number };
export interface Survey { id: number; place: { id: number; name: string }; title: string; questions: Question[]; status: 'open' | 'closed'; closesAt: string; responses: number; answeredByMe: boolean }
export interface SurveyResult { question: string; kind: Question['kind']; options: { label: string; count: number }[]; average: number | null; texts: string[] }

const keys = { all: ['surveys'] as const };
export const useMySurveys = () => useQuery({ queryKey: [...keys.all, 'mine'], queryFn: () => api<{ items: Survey[] }>('/api/me/surveys') });
export const useSurveys = () => useQuery({ queryKey: [...keys.all, 'list'], queryFn: () => api<{ items: Survey[] }>('/api/surveys') });
export const useSurveyResults = (id: number | undefined) =>
  useQuery({ queryKey: [...keys.all, 'results', id], enabled: id !== undefined, queryFn: () => api<{ survey: Survey; results: SurveyResult[] }>(`/api/surveys/${id}/results`) });
export function useAnswerSurvey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answers }: { id: number; answers: Answer[] }) => api<{ ok: boolean }>(`/api/me/surveys/${id}/answers`, { method: 'POST', json: { answers } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}

/** 问卷转需求: an option many chose becomes a need on the demand list (again only refreshes its count). */
export function useOptionToDemand() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, question, option }: { id: number; question: number; option: number }) =>
      api<{ id: number; title: string; occurrences: number }>(`/api/surveys/${id}/demands`, { method: 'POST', json: { question, option } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['demands'] }),
  });
}
