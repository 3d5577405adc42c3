export * from './workflow';
export * from './deadline';
export * from './regimes';
export * from './mask';
export * from './settings';
export * from './store';
export * from './queries';
export * from './resurvey';
export { startComplaintJobs, ensureComplaintJobs } from './jobs';
