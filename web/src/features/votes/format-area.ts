/** 0.01 m² → "1234.56", exactly (no floating point). */
export const formatArea = (centi: number) => `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
