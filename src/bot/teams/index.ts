export { TEAMS_CHANNEL, channelConversationId, conversationTypeOf, isSharedConversation, isTeams, mentionsBot } from './activity';
export { teamsConversationGate } from './channelGate';
export { TeamsInstallations, referenceKey } from './installations';
export { ArticleSearchExtension } from './messagingExtension';
export { SEARCH_COMMAND_ID, SEARCH_PARAMETER } from './searchCommand';
export { TeamsChannel } from './teamsChannel';
export { toUniversalActions, universalActions, withUniversalActions } from './universalActions';
