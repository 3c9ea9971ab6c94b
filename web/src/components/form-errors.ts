import type { FormInstance } from 'antd';
import { ApiError } from '../lib/api/client';

/**
 * Puts a VALIDATION_FAILED answer's issues onto the form's fields.
 * Returns true when every issue found a field, so the caller need not show a banner too.
 */
export function applyServerIssues(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || err.issues.length === 0) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  let all = true;
  const fields = err.issues.flatMap((i) => {
    const name = i.path.length ? i.path : [];
    if (!name.length || !known.has(String(name[0]))) {
      all = false;
      return [];
    }
    return [{ name: name as (string | number)[], errors: [i.message] }];
  });
  form.setFields(fields);
  return all;
}
