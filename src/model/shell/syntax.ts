/**
 * The syntax tree the RUN analysis reads: tree-sitter-bash's node types, fields and offsets, held in
 * plain JavaScript objects. Both parsers build it: the fast parser (fast-parse.ts) for the scripts
 * it accepts, tree-sitter (tree-sitter.ts) for everything else.
 */

/** A node of the parsed script. Offsets are UTF-16 indices into the parsed string. */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isNamed: boolean;
  /** Inserted by tree-sitter to recover from a syntax error. */
  readonly isMissing: boolean;
  /** The field name under which the parent holds this node (`name`, `argument`…), or null. */
  readonly field: string | null;
  readonly children: readonly SyntaxNode[];
}

export const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/** The one class behind every node, whichever parser made it (one object shape for V8). */
export class Node implements SyntaxNode {
  children: readonly SyntaxNode[] = NO_CHILDREN;
  constructor(
    readonly type: string,
    public field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
  ) {}
}
