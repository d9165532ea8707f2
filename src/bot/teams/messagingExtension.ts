import { CardFactory, type MessagingExtensionAttachment, type MessagingExtensionResponse } from 'botbuilder';
import { z } from 'zod';
import type { CardRenderer } from '../../../cards/render';
import type { Article, KnowledgeIndex } from '../../search';
import { SEARCH_COMMAND_ID } from './searchCommand';


/** How many articles a result lists at most: a list in the compose box, not a search page. */
const MAX_RESULTS = 10;

const query = z.object({
  commandId: z.string().max(64),
  parameters: z.array(z.object({ name: z.string().max(64), value: z.unknown() })).max(5).default([]),
  queryOptions: z.object({ skip: z.number().int().min(0).optional(), count: z.number().int().min(1).optional() }).optional(),
});

const selection = z.object({ article: z.string().min(1).max(100) });

export class InvalidInvokeError extends Error {
  override readonly name = 'InvalidInvokeError';
}

/**
 * The messaging extension: search the articles from the compose box and insert one into a message.
 * Same search and confidence gate as the chat: a confident answer (with its close alternatives), the
 * "did you mean" choices, or nothing with an honest message. An empty query lists the most useful articles.
 */
export class ArticleSearchExtension {
  constructor(
    private readonly knowledge: KnowledgeIndex,
    private readonly cards: CardRenderer,
  ) {}

  query(value: unknown): MessagingExtensionResponse {
    const parsed = parse(query, value, 'composeExtension/query');
    if (parsed.commandId !== SEARCH_COMMAND_ID) return message(`Unknown command "${parsed.commandId}".`);
    const text = queryText(parsed.parameters);
    const articles = text === '' ? this.knowledge.popular(MAX_RESULTS) : this.found(text);
    if (articles.length === 0) {
      return message("I couldn't find an article for that. Try a few other words, such as \"renew early\" or \"update billing info\".");
    }
    const skip = parsed.queryOptions?.skip ?? 0;
    const count = Math.min(parsed.queryOptions?.count ?? MAX_RESULTS, MAX_RESULTS);
    return {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: articles.slice(skip, skip + count).map((article) => this.listItem(article)),
      },
    };
  }

  /** The article the person picked from the list, as the full card to insert. */
  selectItem(value: unknown): MessagingExtensionResponse {
    const { article: id } = parse(selection, value, 'composeExtension/selectItem');
    const article = this.knowledge.get(id);
    if (!article) return message('That article is no longer available. Search again to find the current one.');
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [this.fullCard(article)] } };
  }

  private found(text: string): Article[] {
    const outcome = this.knowledge.search(text);
    switch (outcome.kind) {
      case 'answer':
        return [outcome.hit, ...outcome.alternatives].map((hit) => hit.article);
      case 'did-you-mean':
        return outcome.choices.map((hit) => hit.article);
      case 'none':
        return [];
    }
  }

  /** A short card (title and summary) with a preview; picking it asks for the full card (selectItem). */
  private listItem(article: Article): MessagingExtensionAttachment {
    const card = this.cards.render('answer', { title: article.title, summary: article.summary, paragraphs: [], steps: [], related: [], actions: [] });
    const preview = CardFactory.thumbnailCard(article.title, article.summary, [], [], {
      tap: { type: 'invoke', title: article.title, value: { article: article.id } },
    });
    return { ...CardFactory.adaptiveCard(card), preview };
  }

  private fullCard(article: Article): MessagingExtensionAttachment {
    const card = this.cards.render('answer', {
      title: article.title,
      summary: article.summary,
      paragraphs: article.paragraphs,
      steps: article.steps.map((step, index) => `${index + 1}. ${step}`),
      related: [],
      actions: [],
    });
    return { ...CardFactory.adaptiveCard(card), preview: CardFactory.thumbnailCard(article.title, article.summary) };
  }
}

/** The searched text: every parameter but Teams' own `initialRun` flag. */
function queryText(parameters: { name: string; value: unknown }[]): string {
  const parameter = parameters.find((p) => p.name !== 'initialRun');
  return typeof parameter?.value === 'string' ? parameter.value.trim().slice(0, 500) : '';
}

function message(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidInvokeError(`Invalid ${name} payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
