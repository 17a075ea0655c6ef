export * from './requests.ts';
export * from './jobs.ts';
export * from './contract.ts';
