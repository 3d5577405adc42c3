export * from './holidays';
export * from './working-days';
export * from './store';
export * from './accepted';
