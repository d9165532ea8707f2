/** The messaging extension's search command, as the manifest declares it and Teams sends it back. */
export const SEARCH_COMMAND_ID = 'searchArticles';
export const SEARCH_PARAMETER = 'query';
