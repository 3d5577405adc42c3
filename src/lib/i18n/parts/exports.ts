/** Messages of the exports capability (issue 6). Vietnamese first; English has the same keys. */
export const vi = {} as const;

export const en: Record<keyof typeof vi, string> = {};
