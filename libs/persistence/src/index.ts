export const LIB_PERSISTENCE = 'persistence';
