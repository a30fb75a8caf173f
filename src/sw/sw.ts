// Service worker — placeholder until the offline issue lands.
declare const self: ServiceWorkerGlobalScope;
self.addEventListener('install', () => undefined);
export {};
