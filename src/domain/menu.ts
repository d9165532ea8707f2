import { z } from 'zod';

const nodeId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by dashes');

/** What a leaf can do besides showing articles. */
export const menuActions = ['contact-agent', 'search'] as const;
export type MenuAction = (typeof menuActions)[number];

export interface MenuNode {
  id: string;
  label: string;
  /** Shown above the choices of a branch, or as the lead of a leaf. */
  prompt?: string;
  children?: MenuNode[];
  articles?: string[];
  action?: MenuAction;
  /** An account answer shown to identified users at this leaf (see the account intents). */
  account?: string;
}

export const menuNode: z.ZodType<MenuNode> = z.lazy(() =>
  z.strictObject({
    id: nodeId,
    label: z.string().min(1).max(60),
    prompt: z.string().optional(),
    children: z.array(menuNode).min(1).optional(),
    articles: z.array(nodeId).min(1).optional(),
    action: z.enum(menuActions).optional(),
    account: z.string().optional(),
  }),
) as z.ZodType<MenuNode>;

export class MenuError extends Error {
  override readonly name = 'MenuError';
}

/** The Get Help tree with its nodes indexed by id and each node's path from the root. */
export class MenuTree {
  private readonly byId = new Map<string, { node: MenuNode; path: MenuNode[] }>();

  constructor(readonly root: MenuNode) {
    this.index(root, []);
  }

  static parse(raw: unknown, articleIds: ReadonlySet<string>): MenuTree {
    const parsed = menuNode.safeParse(raw);
    if (!parsed.success) throw new MenuError(`menu: ${z.prettifyError(parsed.error)}`);
    const tree = new MenuTree(parsed.data);
    tree.check(articleIds);
    return tree;
  }

  node(id: string): MenuNode | undefined {
    return this.byId.get(id)?.node;
  }

  /** Nodes from the root down to and including `id`; empty when the id is unknown. */
  path(id: string): MenuNode[] {
    return this.byId.get(id)?.path ?? [];
  }

  parent(id: string): MenuNode | undefined {
    const path = this.path(id);
    return path.length > 1 ? path[path.length - 2] : undefined;
  }

  breadcrumb(id: string): string {
    return this.path(id).map((node) => node.label).join(' > ');
  }

  all(): MenuNode[] {
    return [...this.byId.values()].map((entry) => entry.node);
  }

  isLeaf(node: MenuNode): boolean {
    return !node.children;
  }

  private index(node: MenuNode, above: MenuNode[]): void {
    if (this.byId.has(node.id)) throw new MenuError(`menu: node id "${node.id}" is used twice.`);
    const path = [...above, node];
    this.byId.set(node.id, { node, path });
    for (const child of node.children ?? []) this.index(child, path);
  }

  /** Every leaf must resolve to articles or an action; branches carry neither. */
  private check(articleIds: ReadonlySet<string>): void {
    for (const node of this.all()) {
      if (node.children && (node.articles || node.action)) {
        throw new MenuError(`menu: "${node.id}" has children, so it cannot also show articles or an action.`);
      }
      if (!node.children && !node.articles && !node.action) {
        throw new MenuError(`menu: leaf "${node.id}" needs articles or an action.`);
      }
      const missing = (node.articles ?? []).filter((id) => !articleIds.has(id));
      if (missing.length > 0) throw new MenuError(`menu: "${node.id}" names unknown articles: ${missing.join(', ')}.`);
    }
  }
}
