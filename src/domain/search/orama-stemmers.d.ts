/**
 * @orama/stemmers only publishes its languages through package "exports", which the project's
 * `moduleResolution: "node"` cannot see. Node and tsx resolve them at run time; these declarations
 * let the type checker do the same.
 */
declare module "@orama/stemmers/swedish" {
  export function stemmer(word: string): string;
  export const language: string;
}

declare module "@orama/stemmers/english" {
  export function stemmer(word: string): string;
  export const language: string;
}
