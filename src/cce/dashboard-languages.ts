/** The dashboard languages the contract's `lang` parameter lists (en-US, es-cr, es-cl, sv, pl-PL). */
export const DASHBOARD_LANGUAGES = ['en-US', 'es-cr', 'es-cl', 'sv', 'pl-PL'] as const;
export type DashboardLanguageCode = (typeof DASHBOARD_LANGUAGES)[number];
