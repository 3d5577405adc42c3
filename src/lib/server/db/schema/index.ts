export * from './organisation';
export * from './people';
export * from './dossiers';
export * from './ratings';
export * from './complaints';
export * from './credentials';
export * from './serial';
export * from './rollups';
