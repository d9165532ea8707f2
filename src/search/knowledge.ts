import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Ids of articles and menu nodes: lower-case words joined by dashes. */
export const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by dashes');

export const articleFrontMatter = z.strictObject({
  id: slug,
  title: z.string().min(3),
  /** One or two sentences that answer the question directly. */
  summary: z.string().min(10),
  /** Other ways people ask for this article; they weigh heavily in search. */
  phrasings: z.array(z.string().min(3)).min(1),
  keywords: z.array(z.string().min(2)).default([]),
  related: z.array(slug).default([]),
  /** Menu nodes whose leaf shows this article. */
  menu: z.array(slug).default([]),
});

export type ArticleFrontMatter = z.infer<typeof articleFrontMatter>;

export interface Article extends ArticleFrontMatter {
  /** The Markdown body without front matter. */
  body: string;
  /** Numbered steps taken from the body's ordered lists, if any. */
  steps: string[];
  /** The body's prose without the steps, as plain paragraphs. */
  paragraphs: string[];
}

export class KnowledgeError extends Error {
  override readonly name = 'KnowledgeError';
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses one article file; the error names the file and the field to fix. */
export function parseArticle(source: string, fileName: string): Article {
  const match = FRONT_MATTER.exec(source);
  if (!match) throw new KnowledgeError(`${fileName}: missing front matter (a block between --- lines at the top).`);
  const parsed = articleFrontMatter.safeParse(parseYaml(match[1] ?? ''));
  if (!parsed.success) {
    throw new KnowledgeError(`${fileName}: invalid front matter: ${z.prettifyError(parsed.error)}`);
  }
  if (basename(fileName, '.md') !== parsed.data.id) {
    throw new KnowledgeError(`${fileName}: the file name must be the article id (${parsed.data.id}.md).`);
  }
  const body = (match[2] ?? '').trim();
  return { ...parsed.data, body, ...splitBody(body) };
}

function splitBody(body: string): { steps: string[]; paragraphs: string[] } {
  const steps: string[] = [];
  const paragraphs: string[] = [];
  for (const block of body.split(/\r?\n\s*\r?\n/)) {
    const lines = block.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    const numbered = lines.filter((line) => /^\d+[.)]\s/.test(line));
    if (numbered.length > 0 && numbered.length === lines.length) {
      steps.push(...numbered.map((line) => line.replace(/^\d+[.)]\s+/, '')));
    } else if (lines.length > 0 && !lines.every((line) => line.startsWith('#'))) {
      paragraphs.push(lines.filter((line) => !line.startsWith('#')).map((line) => line.replace(/^[-*]\s+/, '• ')).join('\n'));
    }
  }
  return { steps, paragraphs };
}

/** Loads and validates every article in a folder, checking ids are unique and related ids resolve. */
export function loadArticles(folder: string): Article[] {
  const files = readdirSync(folder).filter((name) => name.endsWith('.md')).sort();
  const articles = files.map((name) => parseArticle(readFileSync(join(folder, name), 'utf8'), name));
  const ids = new Set(articles.map((article) => article.id));
  for (const article of articles) {
    const missing = article.related.filter((id) => !ids.has(id));
    if (missing.length > 0) throw new KnowledgeError(`${article.id}.md: related articles not found: ${missing.join(', ')}.`);
  }
  return articles;
}
