export const LIB_OBSERVABILITY = 'observability';
