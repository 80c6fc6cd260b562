/** A text matched literally inside a regular expression built from model data (package names, API names). */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
