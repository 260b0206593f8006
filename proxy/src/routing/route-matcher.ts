import type { Feature } from '#contracts';

export interface RouteMatch {
  readonly feature: Feature;
  /** The template that matched, as written in the table (the `route` log field). */
  readonly route: string;
}

export interface RouteMatcher {
  /** The most specific feature for a canonical path, or undefined (legacy by default). */
  match(method: string, path: string): RouteMatch | undefined;
}

interface Candidate extends RouteMatch {
  readonly priority: number;
}

interface TrieNode {
  readonly statics: Map<string, TrieNode>;
  param: TrieNode | undefined;
  /** A template ending exactly here. */
  exact: Candidate | undefined;
  /** A template matching one or more further segments (`/*` or `children`). */
  below: Candidate | undefined;
}

/**
 * Compiles the feature table into one segment trie per method. Lookup walks static
 * children before `:param` children before wildcards and returns the first complete match,
 * so the most specific template wins segment by segment, a longer template beats a
 * shorter one, and `priority` (then table order) decides between equal templates.
 * A feature that lists GET also matches HEAD, so both reach the same owner.
 */
export function compileMatcher(features: readonly Feature[]): RouteMatcher {
  const tries = new Map<string, TrieNode>();
  for (const feature of features) {
    const methods = new Set<string>(feature.match.methods);
    if (methods.has('GET')) methods.add('HEAD');
    for (const method of methods) {
      let root = tries.get(method);
      if (!root) tries.set(method, (root = newNode()));
      for (const template of feature.match.paths) insert(root, feature, template);
    }
  }
  return {
    match(method, path) {
      const root = tries.get(method);
      return root ? find(root, splitPath(path), 0) : undefined;
    },
  };
}

function insert(root: TrieNode, feature: Feature, template: string): void {
  const candidate: Candidate = { feature, route: template, priority: feature.priority };
  const segments = splitPath(template);
  const wildcard = segments[segments.length - 1] === '*';
  if (wildcard) segments.pop();
  let node = root;
  for (const segment of segments) node = child(node, segment);
  if (wildcard) {
    node.below = better(node.below, candidate);
    return;
  }
  node.exact = better(node.exact, candidate);
  if (feature.match.children) node.below = better(node.below, candidate);
}

function child(node: TrieNode, segment: string): TrieNode {
  if (segment.startsWith(':')) return (node.param ??= newNode());
  let next = node.statics.get(segment);
  if (!next) node.statics.set(segment, (next = newNode()));
  return next;
}

function better(current: Candidate | undefined, next: Candidate): Candidate {
  return current === undefined || next.priority > current.priority ? next : current;
}

function find(node: TrieNode, segments: string[], at: number): Candidate | undefined {
  if (at === segments.length) return node.exact;
  const segment = segments[at] as string;
  const staticChild = node.statics.get(segment);
  const viaStatic = staticChild && find(staticChild, segments, at + 1);
  if (viaStatic) return viaStatic;
  const viaParam = node.param && find(node.param, segments, at + 1);
  return viaParam || node.below;
}

/** `/a/b/` → ['a', 'b']; `/` → []. Canonical paths have no other empty segments. */
function splitPath(path: string): string[] {
  const end = path.length > 1 && path.endsWith('/') ? path.length - 1 : path.length;
  return end <= 1 ? [] : path.slice(1, end).split('/');
}

function newNode(): TrieNode {
  return { statics: new Map(), param: undefined, exact: undefined, below: undefined };
}
