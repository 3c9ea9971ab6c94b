export { open311Routes } from './open311.routes.ts';
export { createKeyFromCli, listKeysForCli } from './open311-keys.service.ts';
