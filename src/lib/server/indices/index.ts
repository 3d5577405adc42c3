export * from './tt01';
export * from './satisfaction';
export * from './late';
export * from './period';
export * from './settings';
export * from './queries';
export * from './report';
