import type { BotRuntime } from '../app';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { projectRoot } from '../paths';
import type { AnalyticsOptions } from '../server/analytics';
import { TokenIssuer } from '../server/directLine/tokens';

/**
 * The /analytics page's options from the config and the runtime. Who may read it comes from the account
 * data: its agents and its analysts (their channel user ids, as the web chat's tokens name them).
 */
export function analyticsOptions(config: Config, runtime: BotRuntime, tokenSecret: string, logger: Logger): AnalyticsOptions {
  return {
    root: projectRoot(),
    store: runtime.store,
    figures: runtime.reportFigures,
    menuPath: (node) => runtime.knowledge.menu.breadcrumb(node),
    clock: runtime.clock,
    logger,
    sessionTimeoutMinutes: config.analytics.sessionTimeoutMinutes,
    retentionDays: config.analytics.retentionDays,
    bearerToken: config.analytics.token,
    tokens: new TokenIssuer(tokenSecret),
    articleIds: () => new Set(runtime.knowledge.articles.map((article) => article.id)),
    staff: async () => {
      const { agents, analysts } = await runtime.accounts.directory();
      return new Set([...agents, ...analysts].flatMap((person) => person.channelUserIds));
    },
  };
}
