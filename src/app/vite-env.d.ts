/// <reference types="vite/client" />
declare module 'virtual:rule-pack' {
  export const packUrl: string;
  export const packVersion: string;
}
declare const __APP_VERSION__: string;
declare module 'virtual:locale-core/zh-CN' {
  const strings: Record<string, string>;
  export default strings;
}
declare module 'virtual:region-catalogue' {
  /** The national catalogue in its compact form (see src/build/region-catalogue.ts). */
  export const text: string;
  /** Which data packages it was made from. */
  export const source: string;
}
