/** Two adjacent terms as one key: how phrases are indexed, searched and corrected. */
export const phraseKey = (first: string, second: string): string => `${first} ${second}`;
