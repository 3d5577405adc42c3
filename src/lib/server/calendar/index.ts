export * from './holidays';
export * from './working-days';
export * from './store';
export * from './notice';
export * from './lunar';
export * from './accepted';
