import type { Activity } from 'botbuilder';

/** What the bot sends, as the terminal receives it. */
export type OutgoingActivity = Partial<Activity>;

export { activityAsText, type TextButton } from './cardText';
export { ConsoleAdapter } from './consoleAdapter';
export { noSuchOption, runTerminalChat, type ChatBot } from './terminalChat';
